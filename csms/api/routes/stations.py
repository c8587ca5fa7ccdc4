"""Stations: register, accept or reject, set password, list with live connection state."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from csms.api.answers import no_content
from csms.api.deps import AccessDep, PagingDep, ServerDep, ServicesDep
from csms.api.schemas import (
    ConnectorPublic,
    Page,
    PasswordSet,
    StationCreate,
    StationCreated,
    StationEventPublic,
    StationMeterValuePublic,
    StationPublic,
    StationUpdate,
    StatusHistoryPublic,
)
from csms.db.models import Station
from csms.domain.events import Registration
from csms.protocol.server import OcppServer
from csms.services.container import Services

router = APIRouter(prefix="/stations", tags=["stations"])


def public(row: Station, server: OcppServer, services: Services) -> StationPublic:
    """The stored station with what only the running CSMS knows: its live connection and
    the last-seen time not yet flushed."""
    out = StationPublic.model_validate(row)
    out.has_password = row.password_hash is not None
    seen = services.stations.last_seen(row.id)
    if seen is not None and (out.last_seen_at is None or seen > out.last_seen_at):
        out.last_seen_at = seen
    conn = server.connection(row.id)
    if conn is not None:
        out.connected = True
        out.connection = {
            "ocpp_version": conn.info.version,
            "security_profile": conn.info.security_profile,
            "remote_address": conn.info.remote,
            "connected_at": conn.info.connected_at,
        }
    return out


def created(
    row: Station, password: str | None, server: OcppServer, services: Services
) -> StationCreated:
    """The station with its password, shown once when it was generated."""
    return StationCreated(**public(row, server, services).model_dump(), password=password)


@router.get("", response_model=Page[StationPublic])
async def list_stations(
    access: AccessDep,
    services: ServicesDep,
    server: ServerDep,
    paging: PagingDep,
    search: Annotated[str | None, Query(max_length=48)] = None,
) -> Page[StationPublic]:
    rows, total = await services.station_registry.page(
        access, offset=paging.offset, limit=paging.limit, search=search
    )
    return paging.page([public(r, server, services) for r in rows], total)


@router.post("", status_code=status.HTTP_201_CREATED, response_model=StationCreated)
async def register_station(
    body: StationCreate, access: AccessDep, services: ServicesDep, server: ServerDep
) -> StationCreated:
    fields = body.model_dump(exclude={"password", "tenant_id"})
    row, password = await services.station_registry.register(
        access, body.tenant_id, fields, body.password
    )
    return created(row, password, server, services)


@router.get("/{station_id}", response_model=StationPublic)
async def get_station(
    station_id: str, access: AccessDep, services: ServicesDep, server: ServerDep
) -> StationPublic:
    return public(await services.station_registry.get(access, station_id), server, services)


@router.patch("/{station_id}", response_model=StationPublic)
async def update_station(
    station_id: str,
    body: StationUpdate,
    access: AccessDep,
    services: ServicesDep,
    server: ServerDep,
) -> StationPublic:
    """Accept or reject a station (answered at its next BootNotification), change its profile."""
    changes = body.model_dump(exclude_unset=True, exclude_none=True)
    row = await services.station_registry.update(access, station_id, changes)
    conn = server.connection(station_id)
    if conn is not None and body.registration is not None:
        conn.info.registration = Registration(body.registration)
    return public(row, server, services)


@router.put("/{station_id}/password", response_model=StationCreated)
async def set_password(
    station_id: str, body: PasswordSet, access: AccessDep, services: ServicesDep, server: ServerDep
) -> StationCreated:
    row, password = await services.station_registry.set_password(access, station_id, body.password)
    return created(row, password, server, services)


@router.delete("/{station_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_station(
    station_id: str, access: AccessDep, services: ServicesDep, server: ServerDep
) -> Response:
    await services.station_registry.delete(access, station_id)
    conn = server.connection(station_id)
    if conn is not None:
        await conn.close(4001, "station deleted")
    return no_content()


@router.get("/{station_id}/connectors", response_model=list[ConnectorPublic])
async def list_connectors(
    station_id: str, access: AccessDep, services: ServicesDep
) -> list[ConnectorPublic]:
    rows = await services.station_registry.connectors(access, station_id)
    return [ConnectorPublic.model_validate(c) for c in rows]


@router.get("/{station_id}/status-history", response_model=list[StatusHistoryPublic])
async def status_history(
    station_id: str,
    access: AccessDep,
    services: ServicesDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[StatusHistoryPublic]:
    rows = await services.station_registry.status_history(access, station_id, limit=limit)
    return [StatusHistoryPublic.model_validate(h) for h in rows]


@router.get("/{station_id}/events", response_model=list[StationEventPublic])
async def station_events(
    station_id: str,
    access: AccessDep,
    services: ServicesDep,
    kind: Annotated[str | None, Query(max_length=40)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[StationEventPublic]:
    """Firmware, diagnostics and log status, security events, data transfer, reports..."""
    rows = await services.station_registry.events(access, station_id, kind=kind, limit=limit)
    return [StationEventPublic.model_validate(e) for e in rows]


@router.get("/{station_id}/meter-values", response_model=list[StationMeterValuePublic])
async def station_meter_values(
    station_id: str,
    access: AccessDep,
    services: ServicesDep,
    evse_id: Annotated[int | None, Query(ge=0)] = None,
    outside_transactions: bool = False,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
) -> list[StationMeterValuePublic]:
    """The station's latest samples, newest first, in and outside transactions."""
    rows = await services.station_registry.meter_values(
        access,
        station_id,
        limit=limit,
        evse_id=evse_id,
        outside_transactions=outside_transactions,
    )
    return [StationMeterValuePublic.model_validate(r) for r in rows]
