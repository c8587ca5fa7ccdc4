"""Stations: register, accept or reject, set password, list with live connection state."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Response, status

from csms.api.deps import Access, AccessDep, ServerDep, ServicesDep
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
from csms.db.models import Location, Station
from csms.db.repositories.stations import StationRepository, station_resources
from csms.db.repositories.transactions import TransactionRepository
from csms.domain.credentials import hash_password, new_password
from csms.domain.events import Registration
from csms.domain.permissions import Action, Area, Resource
from csms.protocol.server import OcppServer

router = APIRouter(prefix="/stations", tags=["stations"])


def public(row: Station, server: OcppServer, services: ServicesDep) -> StationPublic:
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


async def _get(
    repo: StationRepository, station_id: str, access: Access, action: Action = Action.READ
) -> Station:
    """The station, if the caller may ``action`` it; 404 when it does not exist or is not
    visible to the caller (another tenant), 403 when visible but not for ``action``."""
    row = await repo.get(station_id)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"station {station_id!r} not found")
    resources = await station_resources(repo.session, row)
    await access.require(action, Area.NETWORK, resources, f"station {station_id!r}")
    return row


@router.get("", response_model=Page[StationPublic])
async def list_stations(
    access: AccessDep,
    services: ServicesDep,
    server: ServerDep,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    search: Annotated[str | None, Query(max_length=48)] = None,
) -> Page[StationPublic]:
    async with services.db.read() as session:
        rows, total = await StationRepository(session).page(
            offset=offset, limit=limit, seen=await access.visibility(Area.NETWORK), search=search
        )
    return Page(
        items=[public(r, server, services) for r in rows], total=total, offset=offset, limit=limit
    )


@router.post("", status_code=status.HTTP_201_CREATED, response_model=StationCreated)
async def register_station(
    body: StationCreate, access: AccessDep, services: ServicesDep, server: ServerDep
) -> StationCreated:
    password = body.password or new_password()
    hashed = await asyncio.to_thread(hash_password, password)
    tenant_id = access.own_tenant(body.tenant_id)
    async with services.db.write() as session:
        location = await session.get(Location, body.location_id) if body.location_id else None
        if body.location_id is not None and (location is None or location.tenant_id != tenant_id):
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"location {body.location_id} not found")
        owner = location.account_id if location else body.customer_id
        operator = location.operator_id if location else None
        await access.require(
            Action.WRITE, Area.NETWORK, Resource(tenant_id, owner, operator), "stations"
        )
        repo = StationRepository(session)
        if await repo.get(body.id) is not None:
            raise HTTPException(status.HTTP_409_CONFLICT, f"station {body.id!r} already exists")
        row = Station(
            id=body.id,
            password_hash=hashed,
            security_profile=body.security_profile,
            registration=body.registration,
            tenant_id=tenant_id,
            location_id=body.location_id,
            customer_id=body.customer_id,
            visible=body.visible,
        )
        repo.add(row)
    out = StationCreated(**public(row, server, services).model_dump())
    out.password = None if body.password else password
    return out


@router.get("/{station_id}", response_model=StationPublic)
async def get_station(
    station_id: str, access: AccessDep, services: ServicesDep, server: ServerDep
) -> StationPublic:
    async with services.db.read() as session:
        row = await _get(StationRepository(session), station_id, access)
    return public(row, server, services)


@router.patch("/{station_id}", response_model=StationPublic)
async def update_station(
    station_id: str,
    body: StationUpdate,
    access: AccessDep,
    services: ServicesDep,
    server: ServerDep,
) -> StationPublic:
    """Accept or reject a station (answered at its next BootNotification), change its profile."""
    async with services.db.write() as session:
        row = await _get(StationRepository(session), station_id, access, Action.WRITE)
        for name, value in body.model_dump(exclude_unset=True, exclude_none=True).items():
            setattr(row, name, value)
    conn = server.connection(station_id)
    if conn is not None and body.registration is not None:
        conn.info.registration = Registration(body.registration)
    return public(row, server, services)


@router.put("/{station_id}/password", response_model=StationCreated)
async def set_password(
    station_id: str, body: PasswordSet, access: AccessDep, services: ServicesDep, server: ServerDep
) -> StationCreated:
    password = body.password or new_password()
    hashed = await asyncio.to_thread(hash_password, password)
    async with services.db.write() as session:
        row = await _get(StationRepository(session), station_id, access, Action.WRITE)
        row.password_hash = hashed
    out = StationCreated(**public(row, server, services).model_dump())
    out.password = None if body.password else password
    return out


@router.delete("/{station_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_station(
    station_id: str, access: AccessDep, services: ServicesDep, server: ServerDep
) -> Response:
    async with services.db.write() as session:
        repo = StationRepository(session)
        await repo.delete(await _get(repo, station_id, access, Action.WRITE))
    conn = server.connection(station_id)
    if conn is not None:
        await conn.close(4001, "station deleted")
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{station_id}/connectors", response_model=list[ConnectorPublic])
async def list_connectors(
    station_id: str, access: AccessDep, services: ServicesDep
) -> list[ConnectorPublic]:
    async with services.db.read() as session:
        repo = StationRepository(session)
        await _get(repo, station_id, access)
        return [ConnectorPublic.model_validate(c) for c in await repo.connectors(station_id)]


@router.get("/{station_id}/status-history", response_model=list[StatusHistoryPublic])
async def status_history(
    station_id: str,
    access: AccessDep,
    services: ServicesDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[StatusHistoryPublic]:
    async with services.db.read() as session:
        repo = StationRepository(session)
        await _get(repo, station_id, access)
        return [
            StatusHistoryPublic.model_validate(h)
            for h in await repo.status_history(station_id, limit=limit)
        ]


@router.get("/{station_id}/events", response_model=list[StationEventPublic])
async def station_events(
    station_id: str,
    access: AccessDep,
    services: ServicesDep,
    kind: Annotated[str | None, Query(max_length=40)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[StationEventPublic]:
    """Firmware, diagnostics and log status, security events, data transfer, reports..."""
    async with services.db.read() as session:
        repo = StationRepository(session)
        await _get(repo, station_id, access)
        return [
            StationEventPublic.model_validate(e)
            for e in await repo.events(station_id, kind=kind, limit=limit)
        ]


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
    async with services.db.read() as session:
        await _get(StationRepository(session), station_id, access)
        rows = await TransactionRepository(session).station_samples(
            station_id, limit=limit, evse_id=evse_id, outside_transactions=outside_transactions
        )
        return [StationMeterValuePublic.model_validate(r) for r in rows]
