"""Money: tariffs (versioned, OCPI-shaped), home reimbursement settings, CDRs, invoices and
their lines, gap-free invoice counters, billing plans and subscriptions, enterprise plans,
service plans of connected accounts, statements and billing runs.

Amounts are ``Numeric``: totals to the cent (12, 2), unit prices and rates to 4 decimals,
volumes to 6. Nothing here is ever a float.

Immutability: a CDR is final when written; a correction is a credit CDR (the negation of the
original, ``corrects_id`` pointing at it) plus a new CDR. An issued invoice is never edited
either: it is corrected by a credit note that references it.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from csms.db.models.base import Base, utcnow

MONEY = Numeric(12, 2)
PRICE = Numeric(12, 4)
RATE = Numeric(7, 4)  # percentages: VAT, revenue share, commission
VOLUME = Numeric(18, 6)


class TariffRow(Base):
    """One version of a tariff. ``elements`` holds OCPI 2.2.1 ``TariffElement`` objects as
    JSON (prices as strings, so no float ever touches them). ``purpose`` is ``charging`` or
    ``reimbursement``; ``owner_account_id`` is the account that controls the tariff (None:
    the tenant); only it (or the tenant) may change it (CA-6)."""

    __tablename__ = "tariffs"
    __table_args__ = (UniqueConstraint("tenant_id", "ref", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    ref: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer, default=1)
    name: Mapped[str | None] = mapped_column(String(100))
    purpose: Mapped[str] = mapped_column(String(16), default="charging")
    owner_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE")
    )
    currency: Mapped[str] = mapped_column(String(3))
    elements: Mapped[list[dict[str, Any]]]
    min_price_excl_vat: Mapped[Decimal | None] = mapped_column(PRICE)
    min_price_incl_vat: Mapped[Decimal | None] = mapped_column(PRICE)
    max_price_excl_vat: Mapped[Decimal | None] = mapped_column(PRICE)
    max_price_incl_vat: Mapped[Decimal | None] = mapped_column(PRICE)
    valid_from: Mapped[datetime | None]
    valid_until: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class HomeReimbursement(Base):
    """CA-4: an employer's reimbursement tariff on an employee's home charger. Sessions there
    with a card of the employer (or of the employee as its fleet driver) are priced with it
    and credited to ``employee_account_id``, paid by ``employer_account_id``."""

    __tablename__ = "home_reimbursements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    station_id: Mapped[str] = mapped_column(
        ForeignKey("stations.id", ondelete="CASCADE"), unique=True
    )
    employer_account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    employee_account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    tariff_ref: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Cdr(Base):
    """A charge detail record: one finished session, priced. ``seq`` numbers the records of
    one transaction (1 the original, then credit / re-issue pairs), which makes writing the
    original idempotent. ``kind`` is ``debit`` or ``credit`` (a credit negates
    ``corrects_id``). ``purpose`` is ``charging`` (billed to ``payer_account_id``) or
    ``reimbursement`` (credited to ``payee_account_id``, paid by the payer)."""

    __tablename__ = "cdrs"
    __table_args__ = (
        UniqueConstraint("transaction_id", "seq"),
        Index("ix_cdrs_tenant_end", "tenant_id", "ended_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int | None] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    transaction_id: Mapped[int] = mapped_column(ForeignKey("transactions.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer, default=1)
    kind: Mapped[str] = mapped_column(String(8), default="debit")
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("cdrs.id"))
    purpose: Mapped[str] = mapped_column(String(16), default="charging")
    id_token: Mapped[str | None] = mapped_column(String(255))
    station_id: Mapped[str] = mapped_column(String(48))
    evse_id: Mapped[int]
    connector_id: Mapped[int]
    location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id", ondelete="SET NULL"))
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id", ondelete="SET NULL"))
    payer_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL")
    )
    payee_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL")
    )
    tariff_ref: Mapped[str | None] = mapped_column(String(64))
    tariff_version: Mapped[int | None]
    tariff_source: Mapped[str] = mapped_column(String(16), default="none")
    currency: Mapped[str] = mapped_column(String(3))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime]
    energy_kwh: Mapped[Decimal] = mapped_column(VOLUME)
    charging_hours: Mapped[Decimal] = mapped_column(VOLUME)
    parking_hours: Mapped[Decimal] = mapped_column(VOLUME)
    periods: Mapped[list[dict[str, Any]]]
    dimensions: Mapped[list[dict[str, Any]]]
    total_excl_vat: Mapped[Decimal] = mapped_column(MONEY)
    total_vat: Mapped[Decimal] = mapped_column(MONEY)
    total_incl_vat: Mapped[Decimal] = mapped_column(MONEY)
    reason: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class InvoiceCounter(Base):
    """The last number issued in a series. Numbers are allocated in the transaction that
    issues the invoice, so a rolled-back issue leaves no gap."""

    __tablename__ = "invoice_counters"

    tenant_id: Mapped[int] = mapped_column(
        ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True
    )
    series: Mapped[str] = mapped_column(String(16), primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class Invoice(Base):
    """A debit invoice, a credit invoice (reimbursement) or a credit note (``kind``).
    ``number`` is None until issued. Status: draft, issued, paid, credited."""

    __tablename__ = "invoices"
    __table_args__ = (
        UniqueConstraint("tenant_id", "series", "number", name="uq_invoices_number"),
        UniqueConstraint("tenant_id", "account_id", "period", "kind", name="uq_invoices_period"),
        Index("ix_invoices_account", "account_id", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(12))
    period: Mapped[str | None] = mapped_column(String(7))  # "2026-11"; None on credit notes
    series: Mapped[str] = mapped_column(String(16))
    number: Mapped[int | None]
    status: Mapped[str] = mapped_column(String(12), default="draft")
    requires_approval: Mapped[bool] = mapped_column(Boolean, default=False)
    currency: Mapped[str] = mapped_column(String(3))
    total_excl_vat: Mapped[Decimal] = mapped_column(MONEY, default=Decimal(0))
    total_vat: Mapped[Decimal] = mapped_column(MONEY, default=Decimal(0))
    total_incl_vat: Mapped[Decimal] = mapped_column(MONEY, default=Decimal(0))
    corrects_invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoices.id"))
    billing_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("billing_runs.id", ondelete="SET NULL")
    )
    issued_at: Mapped[datetime | None]
    paid_at: Mapped[datetime | None]
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class InvoiceLine(Base):
    """One line. ``kind``: session, reimbursement, subscription, correction. A session or
    reimbursement line carries its CDR; a CDR is on at most one line (unique)."""

    __tablename__ = "invoice_lines"
    __table_args__ = (Index("ix_invoice_lines_invoice", "invoice_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"))
    position: Mapped[int]
    kind: Mapped[str] = mapped_column(String(16))
    cdr_id: Mapped[int | None] = mapped_column(ForeignKey("cdrs.id"), unique=True)
    description: Mapped[str] = mapped_column(String(300))
    quantity: Mapped[Decimal] = mapped_column(VOLUME)
    unit: Mapped[str] = mapped_column(String(16))
    unit_price: Mapped[Decimal | None] = mapped_column(PRICE)
    vat_rate: Mapped[Decimal | None] = mapped_column(RATE)
    amount_excl_vat: Mapped[Decimal] = mapped_column(MONEY)
    vat: Mapped[Decimal] = mapped_column(MONEY)
    amount_incl_vat: Mapped[Decimal] = mapped_column(MONEY)


class BillingPlan(Base):
    """A subscription a customer picks per charging asset it activates (INV-5)."""

    __tablename__ = "billing_plans"
    __table_args__ = (UniqueConstraint("tenant_id", "ref"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    ref: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(100))
    asset_kind: Mapped[str] = mapped_column(String(8), default="station")  # station | card
    monthly_price: Mapped[Decimal] = mapped_column(PRICE)
    vat_rate: Mapped[Decimal] = mapped_column(RATE, default=Decimal(21))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Subscription(Base):
    """One activated asset on a billing plan, pro-rated by day over
    ``[activated_at, deactivated_at)``."""

    __tablename__ = "subscriptions"
    __table_args__ = (Index("ix_subscriptions_account", "account_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    plan_id: Mapped[int] = mapped_column(ForeignKey("billing_plans.id"))
    asset_kind: Mapped[str] = mapped_column(String(8))
    asset_ref: Mapped[str] = mapped_column(String(255))
    activated_at: Mapped[datetime]
    deactivated_at: Mapped[datetime | None]


class EnterprisePlan(Base):
    """One subscription for a whole account (INV-5): a price per activated asset replaces
    the assets' own billing plans; ``public_charging`` opens its stations and cards."""

    __tablename__ = "enterprise_plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), unique=True
    )
    price_per_asset: Mapped[Decimal] = mapped_column(PRICE)
    vat_rate: Mapped[Decimal] = mapped_column(RATE, default=Decimal(21))
    public_charging: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ServicePlan(Base):
    """CA-3: how an installer earns from a connected account: a share of its charging
    revenue and/or a fixed fee per period."""

    __tablename__ = "service_plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), unique=True
    )
    revenue_share_pct: Mapped[Decimal] = mapped_column(RATE, default=Decimal(0))
    fixed_fee: Mapped[Decimal] = mapped_column(PRICE, default=Decimal(0))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class Statement(Base):
    """A settlement per period: a service plan's (CA-3) or an operator's commission (OP-9).
    ``subject`` is ``account:ID`` or ``operator:ID``."""

    __tablename__ = "statements"
    __table_args__ = (UniqueConstraint("tenant_id", "kind", "subject", "period"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(String(32))
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(7))
    currency: Mapped[str] = mapped_column(String(3))
    sessions: Mapped[int]
    energy_kwh: Mapped[Decimal] = mapped_column(VOLUME)
    revenue_excl_vat: Mapped[Decimal] = mapped_column(MONEY)
    share_pct: Mapped[Decimal] = mapped_column(RATE)
    share_amount: Mapped[Decimal] = mapped_column(MONEY)
    fees: Mapped[Decimal] = mapped_column(MONEY)
    total_excl_vat: Mapped[Decimal] = mapped_column(MONEY)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class BillingRun(Base):
    """One monthly run per tenant and period; a second run of the same period finds it."""

    __tablename__ = "billing_runs"
    __table_args__ = (UniqueConstraint("tenant_id", "period"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(7))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    invoices: Mapped[int] = mapped_column(Integer, default=0)
    cdrs: Mapped[int] = mapped_column(Integer, default=0)
    total_excl_vat: Mapped[Decimal] = mapped_column(MONEY, default=Decimal(0))
