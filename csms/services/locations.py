"""Locations (charging areas), the stations at them, and grids. Each method is one unit of
work; the caller's rights are checked inside it (csms.services.access).

A location belongs to its owner account and the operator assigned to it; a grid to the
customer it is attached to and its location's owner and operator. Creating is refused with
Forbidden (not NotFound) to a caller who may not create: no existing resource is at stake.
Changing a location's owner or operator, or a grid's location or customer, needs the right
to write the resource both as it is and as it will be.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from csms.db.database import Database
from csms.db.models import Grid, Location, Station
from csms.db.repositories.accounts import AccountRepository
from csms.db.repositories.grids import GridRepository
from csms.db.repositories.locations import LocationRepository
from csms.db.repositories.operators import OperatorRepository
from csms.db.repositories.stations import StationRepository, station_resources
from csms.domain.permissions import Action, Area, Resource
from csms.services.access import Access
from csms.services.errors import Conflict, Forbidden, NotFound


def _location_resource(row: Location) -> Resource:
    return Resource(row.tenant_id, row.account_id, row.operator_id)


async def _grid_resources(session: AsyncSession, row: Grid) -> list[Resource]:
    """A grid belongs to the customer it is attached to and to its location's owner, under
    the location's operator."""
    location = await LocationRepository(session).get(row.location_id) if row.location_id else None
    operator = location.operator_id if location else None
    owners = {row.customer_id, location.account_id if location else None}
    return [Resource(row.tenant_id, owner, operator) for owner in owners]


async def _may_write(access: Access, resources: Iterable[Resource], what: str) -> None:
    for resource in resources:
        if await access.allows(Action.WRITE, Area.NETWORK, resource):
            return
    raise Forbidden(f"not allowed to write {what}")


async def _in_tenant(
    session: AsyncSession,
    tenant_id: int,
    *,
    account_id: int | None = None,
    operator_id: int | None = None,
    location_id: int | None = None,
) -> None:
    """NotFound for a referenced account, operator or location the tenant does not have."""
    for get, key, what in (
        (AccountRepository(session).account, account_id, "account"),
        (OperatorRepository(session).get, operator_id, "operator"),
        (LocationRepository(session).get, location_id, "location"),
    ):
        if key is None:
            continue
        row = await get(key)
        if row is None or row.tenant_id != tenant_id:
            raise NotFound(f"{what} {key} not found")


async def _tenant_exists(session: AsyncSession, tenant_id: int) -> None:
    if await AccountRepository(session).tenant(tenant_id) is None:
        raise NotFound(f"tenant {tenant_id} not found")


async def _location(
    session: AsyncSession, location_id: int, access: Access, action: Action = Action.READ
) -> Location:
    row = await LocationRepository(session).get(location_id)
    if row is None:
        raise NotFound(f"location {location_id} not found")
    await access.require(action, Area.NETWORK, _location_resource(row), f"location {location_id}")
    return row


async def _grid(
    session: AsyncSession, grid_id: int, access: Access, action: Action = Action.READ
) -> Grid:
    row = await GridRepository(session).get(grid_id)
    if row is None:
        raise NotFound(f"grid {grid_id} not found")
    await access.require(
        action, Area.NETWORK, await _grid_resources(session, row), f"grid {grid_id}"
    )
    return row


class LocationService:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def page(
        self,
        access: Access,
        *,
        offset: int,
        limit: int,
        search: str | None = None,
        operator_id: int | None = None,
        account_id: int | None = None,
    ) -> tuple[Sequence[Location], int]:
        seen = await access.visibility(Area.NETWORK)
        async with self.db.read() as session:
            return await LocationRepository(session).page(
                offset=offset,
                limit=limit,
                seen=seen,
                search=search,
                operator_id=operator_id,
                account_id=account_id,
            )

    async def create(
        self, access: Access, tenant_id: int | None, fields: dict[str, Any]
    ) -> Location:
        tenant_id = access.tenant_for(tenant_id)
        taken = Conflict(f"location ref {fields['ref']!r} is in use")
        owner, operator = fields.get("account_id"), fields.get("operator_id")
        try:
            async with self.db.write() as session:
                await _tenant_exists(session, tenant_id)
                await _in_tenant(session, tenant_id, account_id=owner, operator_id=operator)
                await _may_write(access, [Resource(tenant_id, owner, operator)], "locations")
                repo = LocationRepository(session)
                if await repo.by_ref(tenant_id, fields["ref"]) is not None:
                    raise taken
                row = Location(**fields, tenant_id=tenant_id)
                repo.add(row)
                await session.flush()
        except IntegrityError as exc:
            raise taken from exc
        return row

    async def get(self, access: Access, location_id: int) -> Location:
        async with self.db.read() as session:
            return await _location(session, location_id, access)

    async def update(self, access: Access, location_id: int, changes: dict[str, Any]) -> Location:
        try:
            async with self.db.write() as session:
                row = await _location(session, location_id, access, Action.WRITE)
                await _in_tenant(
                    session,
                    row.tenant_id,
                    account_id=changes.get("account_id"),
                    operator_id=changes.get("operator_id"),
                )
                if "ref" in changes and changes["ref"] != row.ref:
                    taken = await LocationRepository(session).by_ref(row.tenant_id, changes["ref"])
                    if taken is not None:
                        raise Conflict(f"location ref {changes['ref']!r} is in use")
                for name, value in changes.items():
                    setattr(row, name, value)
                await _may_write(access, [_location_resource(row)], f"location {location_id}")
                await session.flush()
        except IntegrityError as exc:
            raise Conflict("location ref is in use") from exc
        return row

    async def delete(self, access: Access, location_id: int) -> None:
        """Its stations and grids are detached (ON DELETE SET NULL), not deleted."""
        async with self.db.write() as session:
            row = await _location(session, location_id, access, Action.WRITE)
            await LocationRepository(session).delete(row)

    async def stations(
        self, access: Access, location_id: int, *, offset: int, limit: int
    ) -> tuple[Sequence[Station], int]:
        async with self.db.read() as session:
            await _location(session, location_id, access)
            return await LocationRepository(session).stations(
                location_id, offset=offset, limit=limit
            )

    async def attach_station(self, access: Access, location_id: int, station_id: str) -> Station:
        """Moves the station here from wherever it was; needs the right to write both the
        location and the station."""
        async with self.db.write() as session:
            location = await _location(session, location_id, access, Action.WRITE)
            station = await StationRepository(session).get(station_id)
            if station is None or station.tenant_id != location.tenant_id:
                raise NotFound(f"station {station_id!r} not found")
            await access.require(
                Action.WRITE,
                Area.NETWORK,
                await station_resources(session, station),
                f"station {station_id!r}",
            )
            station.location_id = location.id
        return station

    async def detach_station(self, access: Access, location_id: int, station_id: str) -> None:
        async with self.db.write() as session:
            await _location(session, location_id, access, Action.WRITE)
            station = await StationRepository(session).get(station_id)
            if station is None or station.location_id != location_id:
                raise NotFound(f"station {station_id!r} is not at location {location_id}")
            station.location_id = None


class GridService:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def page(
        self,
        access: Access,
        *,
        offset: int,
        limit: int,
        search: str | None = None,
        location_id: int | None = None,
    ) -> tuple[Sequence[Grid], int]:
        seen = await access.visibility(Area.NETWORK)
        async with self.db.read() as session:
            return await GridRepository(session).page(
                offset=offset, limit=limit, seen=seen, search=search, location_id=location_id
            )

    async def create(self, access: Access, tenant_id: int | None, fields: dict[str, Any]) -> Grid:
        tenant_id = access.tenant_for(tenant_id)
        taken = Conflict(f"grid name {fields['name']!r} is in use")
        try:
            async with self.db.write() as session:
                await _tenant_exists(session, tenant_id)
                await _in_tenant(
                    session,
                    tenant_id,
                    account_id=fields.get("customer_id"),
                    location_id=fields.get("location_id"),
                )
                row = Grid(**fields, tenant_id=tenant_id)
                await _may_write(access, await _grid_resources(session, row), "grids")
                repo = GridRepository(session)
                if await repo.by_name(tenant_id, fields["name"]) is not None:
                    raise taken
                repo.add(row)
                await session.flush()
        except IntegrityError as exc:
            raise taken from exc
        return row

    async def get(self, access: Access, grid_id: int) -> Grid:
        async with self.db.read() as session:
            return await _grid(session, grid_id, access)

    async def update(self, access: Access, grid_id: int, changes: dict[str, Any]) -> Grid:
        try:
            async with self.db.write() as session:
                row = await _grid(session, grid_id, access, Action.WRITE)
                await _in_tenant(
                    session,
                    row.tenant_id,
                    account_id=changes.get("customer_id"),
                    location_id=changes.get("location_id"),
                )
                renamed = "name" in changes and changes["name"] != row.name
                repo = GridRepository(session)
                if renamed and await repo.by_name(row.tenant_id, changes["name"]):
                    raise Conflict(f"grid name {changes['name']!r} is in use")
                for name, value in changes.items():
                    setattr(row, name, value)
                await _may_write(access, await _grid_resources(session, row), f"grid {grid_id}")
                await session.flush()
        except IntegrityError as exc:
            raise Conflict("grid name is in use") from exc
        return row

    async def delete(self, access: Access, grid_id: int) -> None:
        async with self.db.write() as session:
            row = await _grid(session, grid_id, access, Action.WRITE)
            await GridRepository(session).delete(row)
