"""Charging sessions with their meter values."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, status

from csms.api.deps import AccessDep, ServicesDep
from csms.api.schemas import MeterValuePublic, Page, TransactionDetail, TransactionPublic
from csms.db.models import Station
from csms.db.repositories.stations import station_resources
from csms.db.repositories.tokens import TokenRepository
from csms.db.repositories.transactions import TransactionRepository
from csms.domain.permissions import Action, Area, Resource

router = APIRouter(prefix="/transactions", tags=["transactions"])


@router.get("", response_model=Page[TransactionPublic])
async def list_transactions(
    access: AccessDep,
    services: ServicesDep,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    station_id: Annotated[str | None, Query(max_length=48)] = None,
    active: bool | None = None,
) -> Page[TransactionPublic]:
    async with services.db.read() as session:
        rows, total = await TransactionRepository(session).page(
            offset=offset,
            limit=limit,
            seen=await access.visibility(Area.SESSIONS),
            station_id=station_id,
            active=active,
        )
    return Page(
        items=[TransactionPublic.model_validate(r) for r in rows],
        total=total,
        offset=offset,
        limit=limit,
    )


@router.get("/{transaction_id}", response_model=TransactionDetail)
async def get_transaction(
    transaction_id: int, access: AccessDep, services: ServicesDep
) -> TransactionDetail:
    async with services.db.read() as session:
        repo = TransactionRepository(session)
        row = await repo.get(transaction_id)
        if row is None:
            raise HTTPException(
                status.HTTP_404_NOT_FOUND, f"transaction {transaction_id} not found"
            )
        station = await session.get(Station, row.station_id)
        resources = await station_resources(session, station) if station else []
        card = await TokenRepository(session).get(row.id_token) if row.id_token else None
        if card is not None and card.account_id is not None:
            resources.append(Resource(card.tenant_id, card.account_id))
        await access.require(Action.READ, Area.SESSIONS, resources, f"transaction {transaction_id}")
        samples = await repo.samples(transaction_id)
    return TransactionDetail(
        **TransactionPublic.model_validate(row).model_dump(),
        meter_values=[MeterValuePublic.model_validate(s) for s in samples],
    )
