"""Reports, service plans, operator commission and statements: request and response bodies.
Money and energy are decimals (sent as strings in JSON), never floats."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field

from csms.api.schemas_base import FromRow

PeriodField = Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description='a calendar month: "2026-11"')


class ReportRowPublic(BaseModel):
    group_id: int | None = Field(description="operator, location or company id; null: none")
    group_name: str | None
    period_start: datetime | None = Field(
        description="local start of the day or month, with its UTC offset"
    )
    timezone: str
    sessions: int
    energy_kwh: Decimal
    revenue_excl_vat: Decimal
    revenue_incl_vat: Decimal


class ReportTotals(BaseModel):
    sessions: int
    energy_kwh: Decimal
    revenue_excl_vat: Decimal
    revenue_incl_vat: Decimal


class EnergyRevenueReport(BaseModel):
    group_by: Literal["operator", "location", "company", "interval"]
    interval: Literal["day", "month"] | None
    timezone: str = Field(description="the zone the report is read in")
    start: datetime | None = Field(description="from (inclusive), local")
    end: datetime | None = Field(description="to (exclusive), local")
    currency: str
    rows: list[ReportRowPublic]
    total: ReportTotals


class ServicePlanBody(BaseModel):
    """CA-3: a share of the connected account's charging revenue and/or a fixed fee per
    period, paid to its primary account."""

    revenue_share_pct: Decimal = Field(Decimal(0), ge=0, le=100, max_digits=7, decimal_places=4)
    fixed_fee: Decimal = Field(
        Decimal(0), ge=0, max_digits=12, decimal_places=4, description="per period, excl. VAT"
    )


class ServicePlanPublic(FromRow):
    account_id: int
    primary_account_id: int | None
    revenue_share_pct: Decimal
    fixed_fee: Decimal
    currency: str
    updated_at: datetime


class CommissionBody(BaseModel):
    """OP-9: a share of the revenue at the operator's locations, a fixed fee per period and
    a fee per kWh; null: not charged."""

    commission_pct: Decimal | None = Field(None, ge=0, le=100, max_digits=7, decimal_places=4)
    commission_fixed_fee: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=4)
    commission_per_kwh: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=4)


class CommissionPublic(CommissionBody):
    operator_id: int
    currency: str


class StatementRun(BaseModel):
    period: str = PeriodField
    tenant_id: int | None = Field(None, description="platform admins only; others: their own")


class StatementPublic(FromRow):
    id: int
    kind: Literal["service_plan", "commission"]
    subject: str = Field(description="account:ID or operator:ID")
    account_id: int | None
    operator_id: int | None
    period: str
    currency: str
    sessions: int
    energy_kwh: Decimal
    revenue_excl_vat: Decimal
    share_pct: Decimal
    share_amount: Decimal
    fees: Decimal
    total_excl_vat: Decimal
    created_at: datetime


class StatementRunResult(BaseModel):
    period: str
    created: int = Field(description="statements new in this run; 0 on a repeated run")
    statements: list[StatementPublic]
