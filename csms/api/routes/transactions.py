"""Charging sessions with their meter values.

CUS-5: a customer's transactions are filterable (charge point, card, start time, active) and
exportable: ``format=csv`` (or ``Accept: text/csv``) answers every matching session as a CSV
file, newest first, without paging.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Response, status

from csms.api.csv_answers import CSV_ANSWER, AcceptHeader, Format, csv_response, wants_csv
from csms.api.deps import AccessDep, ServicesDep
from csms.api.schemas import MeterValuePublic, Page, TransactionDetail, TransactionPublic
from csms.db.models import Station
from csms.db.repositories.stations import station_resources
from csms.db.repositories.tokens import TokenRepository
from csms.db.repositories.transactions import TransactionRepository
from csms.domain.permissions import Action, Area, Resource

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
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
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
    for name, bound in (("started_from", started_from), ("started_before", started_before)):
        if bound is not None and bound.utcoffset() is None:
            raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, f"{name} needs a UTC offset")
    async with services.db.read() as session:
        repo = TransactionRepository(session)
        query = repo.matching(
            await access.visibility(Area.SESSIONS),
            station_id=station_id,
            active=active,
            id_token=id_token,
            started_from=started_from,
            started_before=started_before,
        )
        if wants_csv(format_, accept):
            every = [TransactionPublic.model_validate(r) for r in await repo.every(query)]
            return csv_response(
                "transactions.csv",
                _CSV_COLUMNS,
                ([getattr(t, column) for column in _CSV_COLUMNS] for t in every),
            )
        rows, total = await repo.page(query, offset=offset, limit=limit)
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
