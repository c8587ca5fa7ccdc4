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

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from csms.api.answers import no_content
from csms.api.deps import AccessDep, PagingDep, ServerDep, ServicesDep
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

router = APIRouter(tags=["locations"])


# Locations.


@router.get("/locations", response_model=Page[LocationPublic], summary="List locations")
async def list_locations(
    access: AccessDep,
    services: ServicesDep,
    paging: PagingDep,
    search: Annotated[str | None, Query(max_length=100, description="part of name or ref")] = None,
    operator_id: int | None = None,
    account_id: Annotated[int | None, Query(description="the owner account")] = None,
) -> Page[LocationPublic]:
    rows, total = await services.locations.page(
        access,
        offset=paging.offset,
        limit=paging.limit,
        search=search,
        operator_id=operator_id,
        account_id=account_id,
    )
    return paging.page([LocationPublic.model_validate(r) for r in rows], total)


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
    fields = body.model_dump(exclude={"tenant_id"})
    return LocationPublic.model_validate(
        await services.locations.create(access, body.tenant_id, fields)
    )


@router.get("/locations/{location_id}", response_model=LocationPublic, summary="A location")
async def get_location(
    location_id: int, access: AccessDep, services: ServicesDep
) -> LocationPublic:
    return LocationPublic.model_validate(await services.locations.get(access, location_id))


@router.patch(
    "/locations/{location_id}",
    response_model=LocationPublic,
    summary="Update a location, its owner or its operator",
)
async def update_location(
    location_id: int, body: LocationUpdate, access: AccessDep, services: ServicesDep
) -> LocationPublic:
    changes = body.model_dump(exclude_unset=True)
    return LocationPublic.model_validate(
        await services.locations.update(access, location_id, changes)
    )


@router.delete(
    "/locations/{location_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a location; its stations and grids are detached, not deleted",
)
async def delete_location(location_id: int, access: AccessDep, services: ServicesDep) -> Response:
    await services.locations.delete(access, location_id)
    return no_content()


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
    paging: PagingDep,
) -> Page[StationPublic]:
    rows, total = await services.locations.stations(
        access, location_id, offset=paging.offset, limit=paging.limit
    )
    return paging.page([station_public(r, server, services) for r in rows], total)


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
    station = await services.locations.attach_station(access, location_id, station_id)
    return station_public(station, server, services)


@router.delete(
    "/locations/{location_id}/stations/{station_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Detach a station from a location",
)
async def detach_station(
    location_id: int, station_id: str, access: AccessDep, services: ServicesDep
) -> Response:
    await services.locations.detach_station(access, location_id, station_id)
    return no_content()


# Grids.


@router.get("/grids", response_model=Page[GridPublic], summary="List grids")
async def list_grids(
    access: AccessDep,
    services: ServicesDep,
    paging: PagingDep,
    search: Annotated[str | None, Query(max_length=100, description="part of the name")] = None,
    location_id: int | None = None,
) -> Page[GridPublic]:
    rows, total = await services.grids.page(
        access, offset=paging.offset, limit=paging.limit, search=search, location_id=location_id
    )
    return paging.page([GridPublic.model_validate(r) for r in rows], total)


@router.post(
    "/grids",
    status_code=status.HTTP_201_CREATED,
    response_model=GridPublic,
    summary="Create a grid",
    responses={403: {"description": "not allowed"}, 409: {"description": "name in use"}},
)
async def create_grid(body: GridCreate, access: AccessDep, services: ServicesDep) -> GridPublic:
    fields = body.model_dump(exclude={"tenant_id"})
    return GridPublic.model_validate(await services.grids.create(access, body.tenant_id, fields))


@router.get("/grids/{grid_id}", response_model=GridPublic, summary="A grid")
async def get_grid(grid_id: int, access: AccessDep, services: ServicesDep) -> GridPublic:
    return GridPublic.model_validate(await services.grids.get(access, grid_id))


@router.patch("/grids/{grid_id}", response_model=GridPublic, summary="Update a grid")
async def update_grid(
    grid_id: int, body: GridUpdate, access: AccessDep, services: ServicesDep
) -> GridPublic:
    changes = body.model_dump(exclude_unset=True)
    return GridPublic.model_validate(await services.grids.update(access, grid_id, changes))


@router.delete("/grids/{grid_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Delete a grid")
async def delete_grid(grid_id: int, access: AccessDep, services: ServicesDep) -> Response:
    await services.grids.delete(access, grid_id)
    return no_content()
