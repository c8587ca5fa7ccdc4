"""Locations (charging areas), the stations at them, and grids.

A location belongs to its owner account and the operator assigned to it (one operator can
run many locations, OP-4); a grid to the customer it is attached to and its location's owner
and operator. The permission check (csms.domain.permissions.can, Area.NETWORK) runs on those:
tenant admins everything in their tenant, support reads, account admins what their accounts
own, operator users read what their operator runs, drivers read what their account owns.
Anything of another tenant answers 404.

Decisions where the behaviours leave room:

- Creating is refused with 403 (not 404) to a caller who may not create that resource: no
  existing resource's existence is at stake. An owner, operator, location or customer named
  in a body that the caller's tenant does not have answers 404.
- Changing a location's owner or operator, or a grid's location or customer, needs the
  right to write both the resource as it is and as it will be.
- Deleting a location detaches its stations and grids (their location becomes empty, as the
  schema's ON DELETE SET NULL says); it does not delete them.
- A station is attached with PUT /locations/{id}/stations/{station_id}, which needs the
  right to write both the location and the station; detaching needs the location's.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Response, status
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from csms.api.deps import Access, AccessDep, ServerDep, ServicesDep
from csms.api.routes.stations import public as station_public
from csms.api.schemas import Page, StationPublic
from csms.api.schemas_network import (
    GridCreate,
    GridPublic,
    GridUpdate,
    LocationCreate,
    LocationPublic,
    LocationUpdate,
)
from csms.db.models import Account, Grid, Location, Operator, Station, Tenant
from csms.db.repositories.grids import GridRepository
from csms.db.repositories.locations import LocationRepository
from csms.db.repositories.stations import station_resources
from csms.domain.permissions import Action, Area, Resource

router = APIRouter(tags=["locations"])

Offset = Annotated[int, Query(ge=0)]
Limit = Annotated[int, Query(ge=1, le=500)]


def _location_resource(row: Location) -> Resource:
    return Resource(row.tenant_id, row.account_id, row.operator_id)


async def _grid_resources(session: AsyncSession, row: Grid) -> list[Resource]:
    """A grid belongs to the customer it is attached to and to its location's owner, under
    the location's operator."""
    location = await session.get(Location, row.location_id) if row.location_id else None
    operator = location.operator_id if location else None
    owners = {row.customer_id, location.account_id if location else None}
    return [Resource(row.tenant_id, owner, operator) for owner in owners]


async def _may_write(access: Access, resources: Iterable[Resource], what: str) -> None:
    for resource in resources:
        if await access.allows(Action.WRITE, Area.NETWORK, resource):
            return
    raise HTTPException(status.HTTP_403_FORBIDDEN, f"not allowed to write {what}")


async def _in_tenant(
    session: AsyncSession,
    tenant_id: int,
    *,
    account_id: int | None = None,
    operator_id: int | None = None,
    location_id: int | None = None,
) -> None:
    """404 for a referenced account, operator or location the tenant does not have."""
    for model, key, what in (
        (Account, account_id, "account"),
        (Operator, operator_id, "operator"),
        (Location, location_id, "location"),
    ):
        if key is None:
            continue
        row = await session.get(model, key)
        if row is None or row.tenant_id != tenant_id:
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"{what} {key} not found")


async def _tenant_exists(session: AsyncSession, tenant_id: int) -> None:
    if await session.get(Tenant, tenant_id) is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"tenant {tenant_id} not found")


async def _location(
    session: AsyncSession, location_id: int, access: Access, action: Action = Action.READ
) -> Location:
    row = await LocationRepository(session).get(location_id)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"location {location_id} not found")
    await access.require(action, Area.NETWORK, _location_resource(row), f"location {location_id}")
    return row


async def _grid(
    session: AsyncSession, grid_id: int, access: Access, action: Action = Action.READ
) -> Grid:
    row = await GridRepository(session).get(grid_id)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"grid {grid_id} not found")
    await access.require(
        action, Area.NETWORK, await _grid_resources(session, row), f"grid {grid_id}"
    )
    return row


# Locations.


@router.get("/locations", response_model=Page[LocationPublic], summary="List locations")
async def list_locations(
    access: AccessDep,
    services: ServicesDep,
    offset: Offset = 0,
    limit: Limit = 50,
    search: Annotated[str | None, Query(max_length=100, description="part of name or ref")] = None,
    operator_id: int | None = None,
    account_id: Annotated[int | None, Query(description="the owner account")] = None,
) -> Page[LocationPublic]:
    async with services.db.read() as session:
        rows, total = await LocationRepository(session).page(
            offset=offset,
            limit=limit,
            seen=await access.visibility(Area.NETWORK),
            search=search,
            operator_id=operator_id,
            account_id=account_id,
        )
    return Page(
        items=[LocationPublic.model_validate(r) for r in rows],
        total=total,
        offset=offset,
        limit=limit,
    )


@router.post(
    "/locations",
    status_code=status.HTTP_201_CREATED,
    response_model=LocationPublic,
    summary="Create a location (charging area)",
    responses={403: {"description": "not allowed"}, 409: {"description": "ref in use"}},
)
async def create_location(
    body: LocationCreate, access: AccessDep, services: ServicesDep
) -> LocationPublic:
    tenant_id = access.tenant_for(body.tenant_id)
    conflict = HTTPException(status.HTTP_409_CONFLICT, f"location ref {body.ref!r} is in use")
    try:
        async with services.db.write() as session:
            await _tenant_exists(session, tenant_id)
            await _in_tenant(
                session, tenant_id, account_id=body.account_id, operator_id=body.operator_id
            )
            resource = Resource(tenant_id, body.account_id, body.operator_id)
            await _may_write(access, [resource], "locations")
            repo = LocationRepository(session)
            if await repo.by_ref(tenant_id, body.ref) is not None:
                raise conflict
            row = Location(**body.model_dump(exclude={"tenant_id"}), tenant_id=tenant_id)
            repo.add(row)
            await session.flush()
    except IntegrityError as exc:
        raise conflict from exc
    return LocationPublic.model_validate(row)


@router.get("/locations/{location_id}", response_model=LocationPublic, summary="A location")
async def get_location(
    location_id: int, access: AccessDep, services: ServicesDep
) -> LocationPublic:
    async with services.db.read() as session:
        return LocationPublic.model_validate(await _location(session, location_id, access))


@router.patch(
    "/locations/{location_id}",
    response_model=LocationPublic,
    summary="Update a location, its owner or its operator",
)
async def update_location(
    location_id: int, body: LocationUpdate, access: AccessDep, services: ServicesDep
) -> LocationPublic:
    changes = body.model_dump(exclude_unset=True)
    try:
        async with services.db.write() as session:
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
                    raise HTTPException(
                        status.HTTP_409_CONFLICT, f"location ref {changes['ref']!r} is in use"
                    )
            for name, value in changes.items():
                setattr(row, name, value)
            await _may_write(access, [_location_resource(row)], f"location {location_id}")
            await session.flush()
    except IntegrityError as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, "location ref is in use") from exc
    return LocationPublic.model_validate(row)


@router.delete(
    "/locations/{location_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a location; its stations and grids are detached, not deleted",
)
async def delete_location(location_id: int, access: AccessDep, services: ServicesDep) -> Response:
    async with services.db.write() as session:
        row = await _location(session, location_id, access, Action.WRITE)
        await LocationRepository(session).delete(row)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/locations/{location_id}/stations",
    response_model=Page[StationPublic],
    summary="Stations at a location",
)
async def location_stations(
    location_id: int,
    access: AccessDep,
    services: ServicesDep,
    server: ServerDep,
    offset: Offset = 0,
    limit: Limit = 50,
) -> Page[StationPublic]:
    async with services.db.read() as session:
        await _location(session, location_id, access)
        rows, total = await LocationRepository(session).stations(
            location_id, offset=offset, limit=limit
        )
    return Page(
        items=[station_public(r, server, services) for r in rows],
        total=total,
        offset=offset,
        limit=limit,
    )


@router.put(
    "/locations/{location_id}/stations/{station_id}",
    response_model=StationPublic,
    summary="Attach a station to a location",
)
async def attach_station(
    location_id: int, station_id: str, access: AccessDep, services: ServicesDep, server: ServerDep
) -> StationPublic:
    """Moves the station here from wherever it was; it then belongs to this location's owner
    and operator."""
    async with services.db.write() as session:
        location = await _location(session, location_id, access, Action.WRITE)
        station = await session.get(Station, station_id)
        if station is None or station.tenant_id != location.tenant_id:
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"station {station_id!r} not found")
        await access.require(
            Action.WRITE,
            Area.NETWORK,
            await station_resources(session, station),
            f"station {station_id!r}",
        )
        station.location_id = location.id
    return station_public(station, server, services)


@router.delete(
    "/locations/{location_id}/stations/{station_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Detach a station from a location",
)
async def detach_station(
    location_id: int, station_id: str, access: AccessDep, services: ServicesDep
) -> Response:
    async with services.db.write() as session:
        await _location(session, location_id, access, Action.WRITE)
        station = await session.get(Station, station_id)
        if station is None or station.location_id != location_id:
            raise HTTPException(
                status.HTTP_404_NOT_FOUND,
                f"station {station_id!r} is not at location {location_id}",
            )
        station.location_id = None
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# Grids.


@router.get("/grids", response_model=Page[GridPublic], summary="List grids")
async def list_grids(
    access: AccessDep,
    services: ServicesDep,
    offset: Offset = 0,
    limit: Limit = 50,
    search: Annotated[str | None, Query(max_length=100, description="part of the name")] = None,
    location_id: int | None = None,
) -> Page[GridPublic]:
    async with services.db.read() as session:
        rows, total = await GridRepository(session).page(
            offset=offset,
            limit=limit,
            seen=await access.visibility(Area.NETWORK),
            search=search,
            location_id=location_id,
        )
    return Page(
        items=[GridPublic.model_validate(r) for r in rows], total=total, offset=offset, limit=limit
    )


@router.post(
    "/grids",
    status_code=status.HTTP_201_CREATED,
    response_model=GridPublic,
    summary="Create a grid",
    responses={403: {"description": "not allowed"}, 409: {"description": "name in use"}},
)
async def create_grid(body: GridCreate, access: AccessDep, services: ServicesDep) -> GridPublic:
    tenant_id = access.tenant_for(body.tenant_id)
    conflict = HTTPException(status.HTTP_409_CONFLICT, f"grid name {body.name!r} is in use")
    try:
        async with services.db.write() as session:
            await _tenant_exists(session, tenant_id)
            await _in_tenant(
                session, tenant_id, account_id=body.customer_id, location_id=body.location_id
            )
            row = Grid(**body.model_dump(exclude={"tenant_id"}), tenant_id=tenant_id)
            await _may_write(access, await _grid_resources(session, row), "grids")
            repo = GridRepository(session)
            if await repo.by_name(tenant_id, body.name) is not None:
                raise conflict
            repo.add(row)
            await session.flush()
    except IntegrityError as exc:
        raise conflict from exc
    return GridPublic.model_validate(row)


@router.get("/grids/{grid_id}", response_model=GridPublic, summary="A grid")
async def get_grid(grid_id: int, access: AccessDep, services: ServicesDep) -> GridPublic:
    async with services.db.read() as session:
        return GridPublic.model_validate(await _grid(session, grid_id, access))


@router.patch("/grids/{grid_id}", response_model=GridPublic, summary="Update a grid")
async def update_grid(
    grid_id: int, body: GridUpdate, access: AccessDep, services: ServicesDep
) -> GridPublic:
    changes = body.model_dump(exclude_unset=True)
    try:
        async with services.db.write() as session:
            row = await _grid(session, grid_id, access, Action.WRITE)
            await _in_tenant(
                session,
                row.tenant_id,
                account_id=changes.get("customer_id"),
                location_id=changes.get("location_id"),
            )
            renamed = "name" in changes and changes["name"] != row.name
            if renamed and await GridRepository(session).by_name(row.tenant_id, changes["name"]):
                raise HTTPException(
                    status.HTTP_409_CONFLICT, f"grid name {changes['name']!r} is in use"
                )
            for name, value in changes.items():
                setattr(row, name, value)
            await _may_write(access, await _grid_resources(session, row), f"grid {grid_id}")
            await session.flush()
    except IntegrityError as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, "grid name is in use") from exc
    return GridPublic.model_validate(row)


@router.delete("/grids/{grid_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Delete a grid")
async def delete_grid(grid_id: int, access: AccessDep, services: ServicesDep) -> Response:
    async with services.db.write() as session:
        row = await _grid(session, grid_id, access, Action.WRITE)
        await GridRepository(session).delete(row)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
