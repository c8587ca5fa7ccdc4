"""Locations (charging areas), the stations at them, and grids. Each method is one unit of
work; the caller's rights are checked inside it (csms.services.access).

A location belongs to its owner account and the operator assigned to it; a grid to the
customer it is attached to and its location's owner and operator. Creating is refused with
Forbidden (not NotFound) to a caller who may not create: no existing resource is at stake.
An owner, operator, location or customer named that the tenant does not have is NotFound.
Changing a location's owner or operator, or a grid's location or customer, needs the right
to write the resource both as it is and as it will be.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, ClassVar, Generic, Protocol, TypeVar

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

Row = TypeVar("Row", Location, Grid)


class _Repository(Protocol[Row]):
    """What the shared methods use of LocationRepository and GridRepository."""

    async def get(self, row_id: int, /) -> Row | None: ...

    def add(self, row: Row, /) -> None: ...

    async def delete(self, row: Row, /) -> None: ...


async def _may_write(access: Access, resources: Iterable[Resource], what: str) -> None:
    for resource in resources:
        if await access.allows(Action.WRITE, Area.NETWORK, resource):
            return
    raise Forbidden(f"not allowed to write {what}")


async def _in_tenant(
    session: AsyncSession, tenant_id: int, values: dict[str, Any], references: dict[str, str]
) -> None:
    """NotFound for a row named in ``values`` (``references``: column -> what it names)
    that the tenant does not have."""
    lookups = {
        "account": AccountRepository(session).account,
        "operator": OperatorRepository(session).get,
        "location": LocationRepository(session).get,
    }
    for column, what in references.items():
        key = values.get(column)
        if key is None:
            continue
        row = await lookups[what](key)
        if row is None or row.tenant_id != tenant_id:
            raise NotFound(f"{what} {key} not found")


class _TenantRows(Generic[Row]):
    """What locations and grids share: a row of a tenant, unique there by ``key``, naming
    other rows of the same tenant (``references``)."""

    what: ClassVar[str]
    key: ClassVar[str]
    references: ClassVar[dict[str, str]]
    # Set on each subclass; not ClassVar only because a ClassVar may not name Row.
    model: type[Row]
    repository: Callable[[AsyncSession], _Repository[Row]]

    def __init__(self, db: Database) -> None:
        self.db = db

    async def _by_key(self, session: AsyncSession, tenant_id: int, value: str) -> Row | None:
        raise NotImplementedError

    async def _resources(self, session: AsyncSession, row: Row) -> list[Resource]:
        """What the row belongs to, for the permission check."""
        raise NotImplementedError

    async def _visible(
        self, session: AsyncSession, row_id: int, access: Access, action: Action = Action.READ
    ) -> Row:
        row: Row | None = await self.repository(session).get(row_id)
        if row is None:
            raise NotFound(f"{self.what} {row_id} not found")
        resources = await self._resources(session, row)
        await access.require(action, Area.NETWORK, resources, f"{self.what} {row_id}")
        return row

    async def create(self, access: Access, tenant_id: int | None, fields: dict[str, Any]) -> Row:
        tenant_id = access.tenant_for(tenant_id)
        taken = Conflict(f"{self.what} {self.key} {fields[self.key]!r} is in use")
        try:
            async with self.db.write() as session:
                if await AccountRepository(session).tenant(tenant_id) is None:
                    raise NotFound(f"tenant {tenant_id} not found")
                await _in_tenant(session, tenant_id, fields, self.references)
                row = self.model(**fields, tenant_id=tenant_id)
                await _may_write(access, await self._resources(session, row), f"{self.what}s")
                if await self._by_key(session, tenant_id, fields[self.key]) is not None:
                    raise taken
                self.repository(session).add(row)
                await session.flush()
        except IntegrityError as exc:
            raise taken from exc
        return row

    async def get(self, access: Access, row_id: int) -> Row:
        async with self.db.read() as session:
            return await self._visible(session, row_id, access)

    async def update(self, access: Access, row_id: int, changes: dict[str, Any]) -> Row:
        try:
            async with self.db.write() as session:
                row = await self._visible(session, row_id, access, Action.WRITE)
                await _in_tenant(session, row.tenant_id, changes, self.references)
                new_key = changes.get(self.key, getattr(row, self.key))
                renamed = new_key != getattr(row, self.key)
                if renamed and await self._by_key(session, row.tenant_id, new_key) is not None:
                    raise Conflict(f"{self.what} {self.key} {new_key!r} is in use")
                for name, value in changes.items():
                    setattr(row, name, value)
                resources = await self._resources(session, row)
                await _may_write(access, resources, f"{self.what} {row_id}")
                await session.flush()
        except IntegrityError as exc:
            raise Conflict(f"{self.what} {self.key} is in use") from exc
        return row

    async def delete(self, access: Access, row_id: int) -> None:
        async with self.db.write() as session:
            row = await self._visible(session, row_id, access, Action.WRITE)
            await self.repository(session).delete(row)


class LocationService(_TenantRows[Location]):
    """Deleting a location detaches its stations and grids (ON DELETE SET NULL)."""

    what = "location"
    key = "ref"
    references: ClassVar[dict[str, str]] = {"account_id": "account", "operator_id": "operator"}
    model = Location
    repository = LocationRepository

    async def _by_key(self, session: AsyncSession, tenant_id: int, value: str) -> Location | None:
        return await LocationRepository(session).by_ref(tenant_id, value)

    async def _resources(self, session: AsyncSession, row: Location) -> list[Resource]:
        return [Resource(row.tenant_id, row.account_id, row.operator_id)]

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

    async def stations(
        self, access: Access, location_id: int, *, offset: int, limit: int
    ) -> tuple[Sequence[Station], int]:
        async with self.db.read() as session:
            await self._visible(session, location_id, access)
            return await LocationRepository(session).stations(
                location_id, offset=offset, limit=limit
            )

    async def attach_station(self, access: Access, location_id: int, station_id: str) -> Station:
        """Moves the station here from wherever it was; needs the right to write both the
        location and the station."""
        async with self.db.write() as session:
            location = await self._visible(session, location_id, access, Action.WRITE)
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
            await self._visible(session, location_id, access, Action.WRITE)
            station = await StationRepository(session).get(station_id)
            if station is None or station.location_id != location_id:
                raise NotFound(f"station {station_id!r} is not at location {location_id}")
            station.location_id = None


class GridService(_TenantRows[Grid]):
    what = "grid"
    key = "name"
    references: ClassVar[dict[str, str]] = {"customer_id": "account", "location_id": "location"}
    model = Grid
    repository = GridRepository

    async def _by_key(self, session: AsyncSession, tenant_id: int, value: str) -> Grid | None:
        return await GridRepository(session).by_name(tenant_id, value)

    async def _resources(self, session: AsyncSession, row: Grid) -> list[Resource]:
        """A grid belongs to the customer it is attached to and to its location's owner,
        under the location's operator."""
        locations = LocationRepository(session)
        location = await locations.get(row.location_id) if row.location_id else None
        operator = location.operator_id if location else None
        owners = {row.customer_id, location.account_id if location else None}
        return [Resource(row.tenant_id, owner, operator) for owner in owners]

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
