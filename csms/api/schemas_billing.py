"""Billing runs, reconciliation, invoices, billing plans, subscriptions, enterprise plans.

Money goes out as decimal strings with exactly two decimals ("12.30"), never as floats.
"""

from __future__ import annotations

import datetime as dt
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, Field, PlainSerializer

from csms.api.schemas_base import FromRow, StrictBody
from csms.domain.money import CENT

PERIOD_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"
Period = Annotated[str, Field(pattern=PERIOD_PATTERN, description="a calendar month, like 2026-11")]
Money = Annotated[
    Decimal,
    PlainSerializer(lambda d: str(Decimal(d).quantize(CENT)), return_type=str),
    Field(description="a decimal string with two decimals"),
]
Price = Annotated[
    Decimal,
    Field(ge=0, max_digits=12, decimal_places=4, description="excl. VAT, a decimal string"),
]
VatRate = Annotated[
    Decimal, Field(ge=0, le=100, max_digits=7, decimal_places=4, description="percent")
]
AssetKind = Literal["station", "card"]


# --- runs and reconciliation ------------------------------------------------------------------


class BillingRunCreate(StrictBody):
    period: Period
    tenant_id: int | None = Field(None, description="platform admins only; others: their own")
    issue: bool = Field(True, description="issue (number) the invoices; False keeps drafts")


class BillingRunPublic(FromRow):
    id: int
    tenant_id: int
    period: str
    started_at: datetime
    invoices: int
    cdrs: int
    total_excl_vat: Money = Field(description="sum of the run's debit invoices, excl. VAT")


class AmountsPublic(BaseModel):
    excl_vat: Money
    vat: Money
    incl_vat: Money


class UnbilledPublic(BaseModel):
    cdr_id: int
    reason: str


class DifferencePublic(BaseModel):
    cdr_id: int | None
    problem: str


class ReconciliationPublic(BaseModel):
    period: str
    reconciled: bool
    billed_cdrs: int
    cdrs_total: AmountsPublic
    lines_total: AmountsPublic
    unbilled: list[UnbilledPublic]
    differences: list[DifferencePublic]


# --- invoices -------------------------------------------------------------------------------


class InvoiceLinePublic(FromRow):
    position: int
    kind: str = Field(description="session, correction, reimbursement or subscription")
    cdr_id: int | None
    description: str
    quantity: Decimal
    unit: str
    unit_price: Decimal | None
    vat_rate: Decimal | None
    amount_excl_vat: Money
    vat: Money
    amount_incl_vat: Money


class InvoicePublic(BaseModel):
    id: int
    tenant_id: int
    account_id: int
    kind: str = Field(description="debit, credit (a reimbursement) or credit_note")
    period: str | None
    number: str | None = Field(description="like INV-2026-000001; None while a draft")
    date: dt.date | None = Field(description="the day it was issued, in the tenant's time zone")
    status: str = Field(description="draft, issued, paid or credited")
    requires_approval: bool
    currency: str
    total_excl_vat: Money
    total_vat: Money
    total_incl_vat: Money
    corrects_invoice_id: int | None
    corrects_number: str | None
    billing_run_id: int | None
    issued_at: datetime | None
    paid_at: datetime | None


class InvoiceDetail(InvoicePublic):
    lines: list[InvoiceLinePublic]


# --- plans ----------------------------------------------------------------------------------


class BillingPlanCreate(StrictBody):
    ref: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=100)
    asset_kind: AssetKind = "station"
    monthly_price: Price
    vat_rate: VatRate = Decimal(21)
    tenant_id: int | None = Field(None, description="platform admins only; others: their own")


class BillingPlanPublic(FromRow):
    id: int
    tenant_id: int
    ref: str
    name: str
    asset_kind: str
    monthly_price: Decimal
    vat_rate: Decimal


class SubscriptionCreate(StrictBody):
    plan: str = Field(min_length=1, max_length=64, description="the billing plan's ref")
    asset_kind: AssetKind
    asset_ref: str = Field(min_length=1, max_length=255, description="station id or card value")
    activated_at: AwareDatetime | None = Field(None, description="default: now")


class SubscriptionDeactivate(StrictBody):
    deactivated_at: AwareDatetime | None = Field(None, description="default: now")


class SubscriptionPublic(FromRow):
    id: int
    account_id: int
    plan_id: int
    asset_kind: str
    asset_ref: str
    activated_at: datetime
    deactivated_at: datetime | None


class EnterprisePlanSet(StrictBody):
    price_per_asset: Price
    vat_rate: VatRate = Decimal(21)
    public_charging: bool = False


class EnterprisePlanPublic(FromRow):
    account_id: int
    price_per_asset: Decimal
    vat_rate: Decimal
    public_charging: bool
    created_at: datetime
