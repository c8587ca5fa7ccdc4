"""Invoices, their lines and number counters, the billing runs that make them, and what a run
reads to bill a period: the unbilled CDRs, the subscriptions and the enterprise plans."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import exists, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

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
)
from csms.db.repositories.paging import owned_by, paginate
from csms.domain.permissions import Visibility


class InvoiceRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    # --- runs -----------------------------------------------------------------------------

    async def run(self, tenant_id: int, period: str) -> BillingRun | None:
        return await self.session.scalar(
            select(BillingRun).where(BillingRun.tenant_id == tenant_id, BillingRun.period == period)
        )

    async def claim_run(self, run: BillingRun) -> None:
        """Add ``run``; its unique (tenant, period) row claims the period."""
        self.session.add(run)
        await self.session.flush()

    async def runs(
        self, tenant_id: int, *, offset: int, limit: int
    ) -> tuple[Sequence[BillingRun], int]:
        query = select(BillingRun).where(BillingRun.tenant_id == tenant_id)
        return await paginate(
            self.session, query, BillingRun.period.desc(), offset=offset, limit=limit
        )

    # --- what a run bills -----------------------------------------------------------------

    async def unbilled_cdrs(self, tenant_id: int, end: datetime) -> Sequence[Cdr]:
        """The tenant's CDRs that ended before ``end`` and are on no invoice line."""
        billed = exists(select(InvoiceLine.id).where(InvoiceLine.cdr_id == Cdr.id))
        rows = await self.session.scalars(
            select(Cdr)
            .where(Cdr.tenant_id == tenant_id, Cdr.ended_at < end, ~billed)
            .order_by(Cdr.ended_at, Cdr.id)
        )
        return rows.all()

    async def cdrs_ended_before(self, tenant_id: int, end: datetime) -> Sequence[Cdr]:
        rows = await self.session.scalars(
            select(Cdr).where(Cdr.tenant_id == tenant_id, Cdr.ended_at < end).order_by(Cdr.id)
        )
        return rows.all()

    async def subscriptions(
        self, tenant_id: int, start: datetime, end: datetime
    ) -> Sequence[tuple[Subscription, BillingPlan]]:
        """The tenant's subscriptions active at some moment of [start, end), with their plans."""
        rows = await self.session.execute(
            select(Subscription, BillingPlan)
            .join(BillingPlan, BillingPlan.id == Subscription.plan_id)
            .where(
                Subscription.tenant_id == tenant_id,
                Subscription.activated_at < end,
                or_(Subscription.deactivated_at.is_(None), Subscription.deactivated_at > start),
            )
        )
        return [(sub, plan) for sub, plan in rows.all()]

    async def enterprise_plans(self, tenant_id: int) -> Sequence[EnterprisePlan]:
        rows = await self.session.scalars(
            select(EnterprisePlan).where(EnterprisePlan.tenant_id == tenant_id)
        )
        return rows.all()

    async def accounts(self, ids: Iterable[int]) -> dict[int, Account]:
        rows = await self.session.scalars(select(Account).where(Account.id.in_(set(ids))))
        return {a.id: a for a in rows}

    # --- invoices -------------------------------------------------------------------------

    async def get(self, invoice_id: int) -> Invoice | None:
        return await self.session.get(Invoice, invoice_id)

    async def page(
        self,
        *,
        offset: int,
        limit: int,
        seen: Visibility,
        account_id: int | None = None,
        period: str | None = None,
        kind: str | None = None,
        status: str | None = None,
    ) -> tuple[Sequence[Invoice], int]:
        """The invoices the caller sees, newest first."""
        query = owned_by(select(Invoice), Invoice, seen)
        if account_id is not None:
            query = query.where(Invoice.account_id == account_id)
        if period is not None:
            query = query.where(Invoice.period == period)
        if kind is not None:
            query = query.where(Invoice.kind == kind)
        if status is not None:
            query = query.where(Invoice.status == status)
        return await paginate(self.session, query, Invoice.id.desc(), offset=offset, limit=limit)

    async def lines(self, invoice_id: int) -> list[InvoiceLine]:
        rows = await self.session.scalars(
            select(InvoiceLine)
            .where(InvoiceLine.invoice_id == invoice_id)
            .order_by(InvoiceLine.position)
        )
        return list(rows)

    async def billed_lines(self, tenant_id: int) -> Sequence[tuple[InvoiceLine, str | None]]:
        """Every line of the tenant's invoices that bills a CDR, with its run's period."""
        rows = await self.session.execute(
            select(InvoiceLine, BillingRun.period)
            .join(Invoice, Invoice.id == InvoiceLine.invoice_id)
            .outerjoin(BillingRun, BillingRun.id == Invoice.billing_run_id)
            .where(Invoice.tenant_id == tenant_id, InvoiceLine.cdr_id.is_not(None))
        )
        return [(line, period) for line, period in rows.all()]

    async def store(self, invoice: Invoice, lines: Iterable[InvoiceLine]) -> None:
        """Add ``invoice`` and its ``lines`` (their invoice_id is set here)."""
        self.session.add(invoice)
        await self.session.flush()
        for line in lines:
            line.invoice_id = invoice.id
            self.session.add(line)
        await self.session.flush()

    async def flush(self) -> None:
        await self.session.flush()

    async def next_number(self, tenant_id: int, series: str) -> int:
        """The next number of ``series``, taken in the caller's transaction: it is only used
        if that transaction commits, so numbers have no gaps. On PostgreSQL the counter row
        is locked (SELECT ... FOR UPDATE) so concurrent issuers queue on it; SQLite has one
        writer at a time anyway (Database.write())."""
        locked = (
            select(InvoiceCounter)
            .where(InvoiceCounter.tenant_id == tenant_id, InvoiceCounter.series == series)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        counter = await self.session.scalar(locked)
        if counter is None:
            dialect = (await self.session.connection()).dialect.name
            insert = pg_insert if dialect == "postgresql" else sqlite_insert
            await self.session.execute(
                insert(InvoiceCounter)
                .values(tenant_id=tenant_id, series=series, last_number=0)
                .on_conflict_do_nothing()
            )
            counter = await self.session.scalar(locked)
            assert counter is not None
        counter.last_number += 1
        await self.session.flush()
        return counter.last_number
