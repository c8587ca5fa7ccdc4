"""Charge detail records: one per finished session, never edited. A correction is a credit
CDR negating the last one plus a new one, priced again (with another tariff if given)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, status
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Select, or_, select

from csms.api.deps import Access, AccessDep, ServicesDep
from csms.api.schemas import Page
from csms.db.models import Cdr, Transaction
from csms.db.repositories.paging import paginate
from csms.db.repositories.station_settings import station_money
from csms.domain.permissions import Action, Area, Resource, Visibility

router = APIRouter(prefix="/cdrs", tags=["cdrs"])


class CdrPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    transaction_id: int
    seq: int
    kind: str = Field(description="debit, or credit (negates corrects_id)")
    corrects_id: int | None
    purpose: str = Field(description="charging, or reimbursement (credited to the payee)")
    id_token: str | None
    station_id: str
    evse_id: int
    connector_id: int
    location_id: int | None
    operator_id: int | None
    payer_account_id: int | None
    payee_account_id: int | None
    tariff_ref: str | None
    tariff_version: int | None
    tariff_source: str
    currency: str
    timezone: str
    started_at: datetime
    ended_at: datetime
    energy_kwh: Decimal
    charging_hours: Decimal
    parking_hours: Decimal
    total_excl_vat: Decimal
    total_vat: Decimal
    total_incl_vat: Decimal
    reason: str | None
    created_at: datetime


class CdrDetail(CdrPublic):
    periods: list[dict[str, Any]] = Field(description="OCPI charging periods")
    dimensions: list[dict[str, Any]] = Field(description="volume and cost per dimension")


class Correction(BaseModel):
    reason: str = Field(min_length=1, max_length=200)
    tariff: str | None = Field(
        None, max_length=64, description="price with this tariff; default: the tariff rule again"
    )


def _seen(query: Select[Any], seen: Visibility) -> Select[Any]:
    """CDRs the caller may list: paid or earned by its accounts, or at its operator's."""
    if seen.everything:
        return query
    query = query.where(Cdr.tenant_id == seen.tenant_id)
    if seen.tenant_wide:
        return query
    return query.where(
        or_(
            Cdr.payer_account_id.in_(seen.account_ids),
            Cdr.payee_account_id.in_(seen.account_ids),
            Cdr.operator_id.in_(seen.operator_ids),
        )
    )


def _resources(cdr: Cdr) -> list[Resource]:
    return [
        Resource(cdr.tenant_id, cdr.payer_account_id),
        Resource(cdr.tenant_id, cdr.payee_account_id),
        Resource(cdr.tenant_id, operator_id=cdr.operator_id),
    ]


async def _cdr(access: Access, services: Any, cdr_id: int) -> Cdr:
    async with services.db.read() as session:
        cdr = await session.get(Cdr, cdr_id)
    if cdr is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"CDR {cdr_id} not found")
    await access.require(Action.READ, Area.BILLING, _resources(cdr), f"CDR {cdr_id}")
    return cdr


@router.get("", response_model=Page[CdrPublic])
async def list_cdrs(
    access: AccessDep,
    services: ServicesDep,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    transaction_id: int | None = None,
    account_id: Annotated[int | None, Query(description="payer or payee")] = None,
    station_id: Annotated[str | None, Query(max_length=48)] = None,
    ended_from: datetime | None = None,
    ended_before: datetime | None = None,
) -> Page[CdrPublic]:
    query = _seen(select(Cdr), await access.visibility(Area.BILLING))
    if transaction_id is not None:
        query = query.where(Cdr.transaction_id == transaction_id)
    if account_id is not None:
        query = query.where(
            or_(Cdr.payer_account_id == account_id, Cdr.payee_account_id == account_id)
        )
    if station_id is not None:
        query = query.where(Cdr.station_id == station_id)
    for name, bound in (("ended_from", ended_from), ("ended_before", ended_before)):
        if bound is not None and bound.utcoffset() is None:
            raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, f"{name} needs a UTC offset")
    if ended_from is not None:
        query = query.where(Cdr.ended_at >= ended_from)
    if ended_before is not None:
        query = query.where(Cdr.ended_at < ended_before)
    async with services.db.read() as session:
        rows, total = await paginate(session, query, Cdr.id, offset=offset, limit=limit)
    return Page(
        items=[CdrPublic.model_validate(r) for r in rows], total=total, offset=offset, limit=limit
    )


@router.get("/{cdr_id}", response_model=CdrDetail)
async def get_cdr(cdr_id: int, access: AccessDep, services: ServicesDep) -> CdrDetail:
    return CdrDetail.model_validate(await _cdr(access, services, cdr_id))


@router.post(
    "/{cdr_id}/corrections",
    status_code=status.HTTP_201_CREATED,
    response_model=list[CdrPublic],
)
async def correct_cdr(
    cdr_id: int, body: Correction, access: AccessDep, services: ServicesDep
) -> list[CdrPublic]:
    """Credit the session's last CDR and issue a new one. Only the tenant's administrators
    correct CDRs; the answer is the credit CDR and the new one."""
    cdr = await _cdr(access, services, cdr_id)
    await access.require(Action.WRITE, Area.BILLING, Resource(cdr.tenant_id), "CDR corrections")
    async with services.db.write() as session:
        row = await session.get(Transaction, cdr.transaction_id)
        assert row is not None
        money = await station_money(session, row.station_id)
        try:
            new = await services.transactions.pricing.write_cdr(
                session, row, money, tariff_ref=body.tariff, reason=body.reason
            )
        except LookupError as error:
            raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(error)) from None
        row.running_cost = new.total_incl_vat
        credit = await session.scalar(
            select(Cdr).where(Cdr.transaction_id == row.id, Cdr.seq == new.seq - 1)
        )
        return [CdrPublic.model_validate(credit), CdrPublic.model_validate(new)]
