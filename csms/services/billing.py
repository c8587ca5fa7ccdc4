"""The monthly billing run, invoice operations and reconciliation (INV-4, INV-5, CUS-3).

A run bills, per tenant and period, every final CDR that ended before the period's end (in
the tenant's time zone) and is on no invoice line yet, so a session a station reports late
lands in the next run. It makes one debit invoice per paying account (session, correction
and subscription lines) and one credit invoice per reimbursed account (INV-4). The rules
(pro-rating, VAT, totals) are csms.domain.invoicing; this module reads and writes rows.

Numbers are gap-free per series: an invoice gets its number only when it is issued, from
its series' InvoiceCounter row, in the same transaction. On PostgreSQL the counter row is
locked (SELECT ... FOR UPDATE) so concurrent issues queue on it; SQLite has one writer at a
time anyway (Database.write()). A rolled-back issue therefore never leaves a hole.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import exists, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from csms.db.database import Database
from csms.db.models import (
    Account,
    BillingPlan,
    BillingRun,
    Cdr,
    EnterprisePlan,
    Invoice,
    InvoiceCounter,
    InvoiceLine,
    Subscription,
    Tenant,
)
from csms.domain import invoicing as rules
from csms.domain.invoicing import (
    Amounts,
    BilledLine,
    CdrFact,
    EnterpriseFact,
    LineDraft,
    Period,
    Reconciliation,
    SubscriptionFact,
)
from csms.services.clock import Clock
from csms.services.statements import settle_period


class BillingError(Exception):
    """A billing operation refused: ``not_found``, ``conflict`` (wrong invoice state) or
    ``open`` (the period is not over)."""

    def __init__(self, message: str, kind: str = "conflict"):
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True, slots=True)
class BillingRunSummary:
    """What a run did. ``created`` is False when the period had been run before and this
    call only found that run."""

    id: int
    tenant_id: int
    period: str
    started_at: datetime
    invoices: int
    cdrs: int
    total_excl_vat: Decimal
    created: bool


def tenant_zone(tenant: Tenant) -> tzinfo:
    return ZoneInfo(tenant.timezone or "UTC")


def _summary(run: BillingRun, *, created: bool) -> BillingRunSummary:
    return BillingRunSummary(
        id=run.id,
        tenant_id=run.tenant_id,
        period=run.period,
        started_at=run.started_at,
        invoices=run.invoices,
        cdrs=run.cdrs,
        total_excl_vat=rules.cents(Decimal(run.total_excl_vat)),
        created=created,
    )


async def _tenant(session: AsyncSession, tenant_id: int) -> Tenant:
    tenant = await session.get(Tenant, tenant_id)
    if tenant is None:
        raise BillingError(f"tenant {tenant_id} not found", "not_found")
    return tenant


async def _existing_run(session: AsyncSession, tenant_id: int, period: str) -> BillingRun | None:
    return await session.scalar(
        select(BillingRun).where(BillingRun.tenant_id == tenant_id, BillingRun.period == period)
    )


async def run_billing(
    db: Database, clock: Clock, tenant_id: int, period: str | Period, *, issue: bool = True
) -> BillingRunSummary:
    """Bill ``period`` ("2026-11") of a tenant, once: a second call returns the first run's
    summary and writes nothing. With ``issue`` the invoices are issued (numbered) at once,
    except subsidiaries' reimbursements, which wait for approval; without it all stay
    drafts. ValueError for a malformed period, BillingError for an unknown tenant."""
    month = period if isinstance(period, Period) else Period.parse(period)
    try:
        async with db.write() as session:
            existing = await _existing_run(session, tenant_id, str(month))
            if existing is not None:
                return _summary(existing, created=False)
            run = await _bill(session, clock, await _tenant(session, tenant_id), month, issue)
            return _summary(run, created=True)
    except IntegrityError:
        # PostgreSQL: a concurrent run of the same period committed first; it is the run.
        async with db.read() as session:
            existing = await _existing_run(session, tenant_id, str(month))
        if existing is None:
            raise
        return _summary(existing, created=False)


def cdr_fact(cdr: Cdr) -> CdrFact:
    return CdrFact(
        id=cdr.id,
        kind=cdr.kind,
        purpose=cdr.purpose,
        payer_account_id=cdr.payer_account_id,
        payee_account_id=cdr.payee_account_id,
        currency=cdr.currency,
        station_id=cdr.station_id,
        started_at=cdr.started_at,
        ended_at=cdr.ended_at,
        energy_kwh=Decimal(cdr.energy_kwh),
        total_excl_vat=rules.cents(Decimal(cdr.total_excl_vat)),
        total_vat=rules.cents(Decimal(cdr.total_vat)),
        total_incl_vat=rules.cents(Decimal(cdr.total_incl_vat)),
        corrects_id=cdr.corrects_id,
    )


async def _bill(
    session: AsyncSession, clock: Clock, tenant: Tenant, period: Period, issue: bool
) -> BillingRun:
    tz = tenant_zone(tenant)
    start, end = period.bounds(tz)
    if clock.now() < end:
        # A month is billed once, so billing it before it is over would leave its last
        # sessions to the next month's invoice.
        raise BillingError(f"period {period} is not over yet: it ends {end.isoformat()}", "open")
    run = BillingRun(tenant_id=tenant.id, period=str(period), started_at=clock.now())
    session.add(run)
    await session.flush()  # the unique (tenant, period) row claims the run
    drafts: dict[tuple[str, int], list[LineDraft]] = defaultdict(list)

    billed = ~exists(select(InvoiceLine.id).where(InvoiceLine.cdr_id == Cdr.id))
    cdrs = await session.scalars(
        select(Cdr)
        .where(Cdr.tenant_id == tenant.id, Cdr.ended_at < end, billed)
        .order_by(Cdr.ended_at, Cdr.id)
    )
    for fact in map(cdr_fact, cdrs):
        if rules.unbillable_reason(fact, tenant.currency) is not None:
            continue  # reported by reconcile(), never invoiced
        kind = "credit" if fact.purpose == "reimbursement" else "debit"
        assert fact.billed_to is not None  # unbillable_reason() said so
        drafts[(kind, fact.billed_to)].append(rules.cdr_line(fact, tz))

    subs = await _subscriptions(session, tenant.id, start, end)
    plans = {
        p.account_id: EnterpriseFact(p.account_id, Decimal(p.price_per_asset), Decimal(p.vat_rate))
        for p in await session.scalars(
            select(EnterprisePlan).where(EnterprisePlan.tenant_id == tenant.id)
        )
    }
    for account_id, facts in subs.items():
        lines = rules.subscription_lines(facts, period, tz, plans.get(account_id))
        if lines:
            drafts[("debit", account_id)].extend(lines)

    accounts = {
        a.id: a
        for a in await session.scalars(
            select(Account).where(Account.id.in_({acc for _, acc in drafts}))
        )
    }
    invoices: list[Invoice] = []
    cdr_count = 0
    for kind, account_id in sorted(drafts, key=lambda k: (k[1], k[0])):
        lines = drafts[(kind, account_id)]
        account = accounts[account_id]
        invoice = _new_invoice(tenant, account, kind, str(period), period.year, lines)
        invoice.billing_run_id = run.id
        invoice.requires_approval = kind == "credit" and _is_subsidiary(account)
        await _store(session, invoice, lines)
        invoices.append(invoice)
        cdr_count += sum(1 for line in lines if line.cdr_id is not None)
    if issue:
        for invoice in invoices:
            if not invoice.requires_approval:
                await _issue(session, clock, invoice)
    run.invoices = len(invoices)
    run.cdrs = cdr_count
    run.total_excl_vat = sum((i.total_excl_vat for i in invoices if i.kind == "debit"), rules.ZERO)
    # The same run settles the period's service plans and commissions (CA-3, OP-9).
    await settle_period(session, tenant.id, str(period))
    await session.flush()
    return run


def _is_subsidiary(account: Account) -> bool:
    return account.kind == "sub_account" and account.sub_account_type == "subsidiary"


async def _subscriptions(
    session: AsyncSession, tenant_id: int, start: datetime, end: datetime
) -> dict[int, list[SubscriptionFact]]:
    rows = await session.execute(
        select(Subscription, BillingPlan)
        .join(BillingPlan, BillingPlan.id == Subscription.plan_id)
        .where(
            Subscription.tenant_id == tenant_id,
            Subscription.activated_at < end,
            or_(Subscription.deactivated_at.is_(None), Subscription.deactivated_at > start),
        )
    )
    found: dict[int, list[SubscriptionFact]] = defaultdict(list)
    for sub, plan in rows:
        found[sub.account_id].append(
            SubscriptionFact(
                id=sub.id,
                account_id=sub.account_id,
                plan_name=plan.name,
                asset_kind=sub.asset_kind,
                asset_ref=sub.asset_ref,
                monthly_price=Decimal(plan.monthly_price),
                vat_rate=Decimal(plan.vat_rate),
                activated_at=sub.activated_at,
                deactivated_at=sub.deactivated_at,
            )
        )
    return found


def _new_invoice(
    tenant: Tenant,
    account: Account,
    kind: str,
    period: str | None,
    year: int,
    lines: Sequence[LineDraft],
) -> Invoice:
    totals = rules.total(lines)
    return Invoice(
        tenant_id=tenant.id,
        account_id=account.id,
        kind=kind,
        period=period,
        series=rules.series_for(kind, year),
        status="draft",
        requires_approval=False,
        currency=tenant.currency,
        total_excl_vat=totals.excl_vat,
        total_vat=totals.vat,
        total_incl_vat=totals.incl_vat,
    )


async def _store(session: AsyncSession, invoice: Invoice, lines: Sequence[LineDraft]) -> None:
    session.add(invoice)
    await session.flush()
    session.add_all(
        InvoiceLine(
            invoice_id=invoice.id,
            position=position,
            kind=line.kind,
            cdr_id=line.cdr_id,
            description=line.description,
            quantity=line.quantity,
            unit=line.unit,
            unit_price=line.unit_price,
            vat_rate=line.vat_rate,
            amount_excl_vat=line.amounts.excl_vat,
            vat=line.amounts.vat,
            amount_incl_vat=line.amounts.incl_vat,
        )
        for position, line in enumerate(lines, start=1)
    )
    await session.flush()


# --- numbering and invoice operations ---------------------------------------------------------


async def next_number(session: AsyncSession, tenant_id: int, series: str) -> int:
    """The next number of ``series``, taken in the caller's transaction: it is only used
    if that transaction commits, so numbers have no gaps."""
    locked = (
        select(InvoiceCounter)
        .where(InvoiceCounter.tenant_id == tenant_id, InvoiceCounter.series == series)
        .with_for_update()  # PostgreSQL: concurrent issuers queue here; SQLite ignores it
        .execution_options(populate_existing=True)
    )
    counter = await session.scalar(locked)
    if counter is None:
        dialect = (await session.connection()).dialect.name
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        await session.execute(
            insert(InvoiceCounter)
            .values(tenant_id=tenant_id, series=series, last_number=0)
            .on_conflict_do_nothing()
        )
        counter = await session.scalar(locked)
        assert counter is not None
    counter.last_number += 1
    await session.flush()
    return counter.last_number


async def _issue(session: AsyncSession, clock: Clock, invoice: Invoice) -> Invoice:
    invoice.number = await next_number(session, invoice.tenant_id, invoice.series)
    invoice.status = "issued"
    invoice.issued_at = clock.now()
    await session.flush()
    return invoice


async def issue_invoice(session: AsyncSession, clock: Clock, invoice: Invoice) -> Invoice:
    """Number and issue a draft. A subsidiary's reimbursement needs ``approve_invoice``."""
    if invoice.status != "draft":
        raise BillingError(f"invoice {invoice.id} is {invoice.status}, not a draft")
    if invoice.requires_approval and invoice.approved_by is None:
        raise BillingError(f"invoice {invoice.id} needs approval first (POST .../approve)")
    return await _issue(session, clock, invoice)


async def approve_invoice(
    session: AsyncSession, clock: Clock, invoice: Invoice, user_id: int | None
) -> Invoice:
    """INV-4: an administrator of the parent approves a subsidiary's reimbursement, which
    issues it."""
    if not invoice.requires_approval:
        raise BillingError(f"invoice {invoice.id} needs no approval")
    if invoice.status != "draft":
        raise BillingError(f"invoice {invoice.id} is {invoice.status}, not awaiting approval")
    invoice.approved_by = user_id
    return await _issue(session, clock, invoice)


async def mark_paid(session: AsyncSession, clock: Clock, invoice: Invoice) -> Invoice:
    if invoice.status != "issued":
        raise BillingError(f"invoice {invoice.id} is {invoice.status}; only issued ones get paid")
    invoice.status = "paid"
    invoice.paid_at = clock.now()
    await session.flush()
    return invoice


async def invoice_lines(session: AsyncSession, invoice_id: int) -> list[InvoiceLine]:
    rows = await session.scalars(
        select(InvoiceLine)
        .where(InvoiceLine.invoice_id == invoice_id)
        .order_by(InvoiceLine.position)
    )
    return list(rows)


def line_draft(line: InvoiceLine) -> LineDraft:
    return LineDraft(
        kind=line.kind,
        description=line.description,
        quantity=Decimal(line.quantity),
        unit=line.unit,
        unit_price=None if line.unit_price is None else Decimal(line.unit_price),
        vat_rate=None if line.vat_rate is None else Decimal(line.vat_rate),
        amounts=Amounts(
            rules.cents(Decimal(line.amount_excl_vat)),
            rules.cents(Decimal(line.vat)),
            rules.cents(Decimal(line.amount_incl_vat)),
        ),
        cdr_id=line.cdr_id,
    )


async def credit_invoice(session: AsyncSession, clock: Clock, invoice: Invoice) -> Invoice:
    """A credit note negating an issued (or paid) invoice, issued at once in the ``CN``
    series of the current year; the invoice becomes ``credited``. Its CDRs stay on the
    original's lines, so they are not billed again."""
    if invoice.kind == "credit_note":
        raise BillingError(f"invoice {invoice.id} is a credit note; it cannot be credited")
    if invoice.status not in ("issued", "paid"):
        raise BillingError(f"invoice {invoice.id} is {invoice.status}; only issued ones")
    tenant = await _tenant(session, invoice.tenant_id)
    account = await session.get(Account, invoice.account_id)
    assert account is not None
    lines = rules.credit_note_lines(
        [line_draft(x) for x in await invoice_lines(session, invoice.id)]
    )
    year = clock.now().astimezone(tenant_zone(tenant)).year
    note = _new_invoice(tenant, account, "credit_note", None, year, lines)
    note.currency = invoice.currency
    note.corrects_invoice_id = invoice.id
    await _store(session, note, lines)
    await _issue(session, clock, note)
    invoice.status = "credited"
    await session.flush()
    return note


# --- reconciliation ---------------------------------------------------------------------------


async def reconcile(db: Database, tenant_id: int, period: str | Period) -> Reconciliation:
    """Compare the tenant's CDRs that ended before the period's end with the invoice lines
    of the period's run (csms.domain.invoicing.reconcile). ValueError for a malformed
    period, BillingError for an unknown tenant."""
    month = period if isinstance(period, Period) else Period.parse(period)
    async with db.read() as session:
        tenant = await _tenant(session, tenant_id)
        _, end = month.bounds(tenant_zone(tenant))
        run = await _existing_run(session, tenant_id, str(month))
        cdrs = await session.scalars(
            select(Cdr).where(Cdr.tenant_id == tenant_id, Cdr.ended_at < end).order_by(Cdr.id)
        )
        facts = [cdr_fact(c) for c in cdrs]
        rows = await session.execute(
            select(InvoiceLine, BillingRun.period)
            .join(Invoice, Invoice.id == InvoiceLine.invoice_id)
            .outerjoin(BillingRun, BillingRun.id == Invoice.billing_run_id)
            .where(Invoice.tenant_id == tenant_id, InvoiceLine.cdr_id.is_not(None))
        )
        lines = {
            line.cdr_id: BilledLine(line.cdr_id, line_draft(line).amounts, run_period)
            for line, run_period in rows
            if line.cdr_id is not None
        }
    return rules.reconcile(month, tenant.currency, facts, lines, run_exists=run is not None)
