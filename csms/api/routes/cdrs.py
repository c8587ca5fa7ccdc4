"""Charge detail records: one per finished session, never edited. A correction is a credit
CDR negating the last one plus a new one, priced again (with another tariff if given)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Query, status
from pydantic import BaseModel, Field

from csms.api.deps import AccessDep, PagingDep, ServicesDep
from csms.api.schemas import Page
from csms.api.schemas_base import FromRow

router = APIRouter(prefix="/cdrs", tags=["cdrs"])


class CdrPublic(FromRow):
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


@router.get("", response_model=Page[CdrPublic])
async def list_cdrs(
    access: AccessDep,
    services: ServicesDep,
    paging: PagingDep,
    transaction_id: int | None = None,
    account_id: Annotated[int | None, Query(description="payer or payee")] = None,
    station_id: Annotated[str | None, Query(max_length=48)] = None,
    ended_from: datetime | None = None,
    ended_before: datetime | None = None,
) -> Page[CdrPublic]:
    rows, total = await services.cdrs.page(
        access,
        offset=paging.offset,
        limit=paging.limit,
        transaction_id=transaction_id,
        account_id=account_id,
        station_id=station_id,
        ended_from=ended_from,
        ended_before=ended_before,
    )
    return paging.page([CdrPublic.model_validate(r) for r in rows], total)


@router.get("/{cdr_id}", response_model=CdrDetail)
async def get_cdr(cdr_id: int, access: AccessDep, services: ServicesDep) -> CdrDetail:
    return CdrDetail.model_validate(await services.cdrs.get(access, cdr_id))


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
    pair = await services.cdrs.correct(access, cdr_id, reason=body.reason, tariff=body.tariff)
    return [CdrPublic.model_validate(c) for c in pair]
