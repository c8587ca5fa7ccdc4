"""Charging sessions with their meter values.

CUS-5: a customer's transactions are filterable (charge point, card, start time, active) and
exportable: ``format=csv`` (or ``Accept: text/csv``) answers every matching session as a CSV
file, newest first, without paging.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Response

from csms.api.csv_answers import CSV_ANSWER, AcceptHeader, Format, csv_response, wants_csv
from csms.api.deps import AccessDep, PagingDep, ServicesDep
from csms.api.schemas import MeterValuePublic, Page, TransactionDetail, TransactionPublic
from csms.services.transaction_history import SessionFilter

router = APIRouter(prefix="/transactions", tags=["transactions"])


_CSV_COLUMNS = [
    "id",
    "station_id",
    "evse_id",
    "connector_id",
    "id_token",
    "started_at",
    "ended_at",
    "energy_wh",
    "stop_reason",
    "tariff_ref",
    "running_cost",
]


@router.get("", response_model=Page[TransactionPublic], responses=CSV_ANSWER)
async def list_transactions(
    access: AccessDep,
    services: ServicesDep,
    paging: PagingDep,
    station_id: Annotated[str | None, Query(max_length=48)] = None,
    active: bool | None = None,
    id_token: Annotated[str | None, Query(max_length=255, description="the card used")] = None,
    started_from: Annotated[
        datetime | None, Query(description="started at or after (with a UTC offset)")
    ] = None,
    started_before: Annotated[
        datetime | None, Query(description="started before (with a UTC offset)")
    ] = None,
    format_: Format = None,
    accept: AcceptHeader = None,
) -> Page[TransactionPublic] | Response:
    """The sessions the caller may see, newest first; CSV: all of them, no paging."""
    where = SessionFilter(
        station_id=station_id,
        active=active,
        id_token=id_token,
        started_from=started_from,
        started_before=started_before,
    )
    history = services.transaction_history
    if wants_csv(format_, accept):
        every = [TransactionPublic.model_validate(r) for r in await history.every(access, where)]
        return csv_response(
            "transactions.csv",
            _CSV_COLUMNS,
            ([getattr(t, column) for column in _CSV_COLUMNS] for t in every),
        )
    rows, total = await history.page(access, where, offset=paging.offset, limit=paging.limit)
    return paging.page([TransactionPublic.model_validate(r) for r in rows], total)


@router.get("/{transaction_id}", response_model=TransactionDetail)
async def get_transaction(
    transaction_id: int, access: AccessDep, services: ServicesDep
) -> TransactionDetail:
    row, samples = await services.transaction_history.detail(access, transaction_id)
    return TransactionDetail(
        **TransactionPublic.model_validate(row).model_dump(),
        meter_values=[MeterValuePublic.model_validate(s) for s in samples],
    )
