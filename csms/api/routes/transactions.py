"""Charging sessions with their meter values."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, status

from csms.api.deps import PrincipalDep, ServicesDep
from csms.api.schemas import MeterValuePublic, Page, TransactionDetail, TransactionPublic
from csms.db.repositories.transactions import TransactionRepository

router = APIRouter(prefix="/transactions", tags=["transactions"])


@router.get("", response_model=Page[TransactionPublic])
async def list_transactions(
    _: PrincipalDep,
    services: ServicesDep,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    station_id: Annotated[str | None, Query(max_length=48)] = None,
    active: bool | None = None,
) -> Page[TransactionPublic]:
    async with services.db.read() as session:
        rows, total = await TransactionRepository(session).page(
            offset=offset, limit=limit, station_id=station_id, active=active
        )
    return Page(
        items=[TransactionPublic.model_validate(r) for r in rows],
        total=total,
        offset=offset,
        limit=limit,
    )


@router.get("/{transaction_id}", response_model=TransactionDetail)
async def get_transaction(
    transaction_id: int, _: PrincipalDep, services: ServicesDep
) -> TransactionDetail:
    async with services.db.read() as session:
        repo = TransactionRepository(session)
        row = await repo.get(transaction_id)
        if row is None:
            raise HTTPException(
                status.HTTP_404_NOT_FOUND, f"transaction {transaction_id} not found"
            )
        samples = await repo.samples(transaction_id)
    return TransactionDetail(
        **TransactionPublic.model_validate(row).model_dump(),
        meter_values=[MeterValuePublic.model_validate(s) for s in samples],
    )
