"""The monthly billing run and its reconciliation (INV-4, INV-5, CUS-3).

A run bills, per tenant and period, every final CDR that ended before the period's end (in
the tenant's time zone) and is on no invoice line yet, so a session a station reports late
lands in the next run. It makes one debit invoice per paying account (session, correction
and subscription lines) and one credit invoice per reimbursed account (INV-4), and issues
them as csms.services.invoices does one by one. The rules (pro-rating, VAT, totals) are
csms.domain.invoicing, the queries csms.db.repositories.invoices; each BillingService
method is one unit of work, and checks the caller's rights inside it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy.exc import IntegrityError

from csms.db.database import Database
from csms.db.models import (
    Account,
    BillingPlan,
    BillingRun,
    Cdr,
    Invoice,
    Subscription,
    Tenant,
)
from csms.db.repositories.accounts import AccountRepository
from csms.db.repositories.invoices import InvoiceRepository
from csms.domain import invoicing as rules
from csms.domain.invoicing import (
    BilledLine,
    CdrFact,
    EnterpriseFact,
    LineDraft,
    Period,
    Reconciliation,
    SubscriptionFact,
)
from csms.domain.permissions import Action, Area, Resource
from csms.services.access import Access
from csms.services.clock import Clock
from csms.services.errors import Conflict
from csms.services.invoices import (
    known_tenant,
    line_draft,
    line_rows,
    mark_issued,
    new_invoice,
    tenant_zone,
)
from csms.services.statements import settle_period


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


async def _tenant_billing(access: Access, requested: int | None, action: Action) -> int:
    """The tenant whose billing the caller runs or reads: its own (platform admin: named)."""
    tenant_id = access.tenant_for(requested)
    await access.require(action, Area.BILLING, Resource(tenant_id), "billing")
    return tenant_id


class BillingService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    # --- runs and reconciliation ----------------------------------------------------------

    async def run(
        self, access: Access, tenant_id: int | None, period: str, *, issue: bool = True
    ) -> BillingRunSummary:
        """``bill`` for a caller who may write the tenant's billing."""
        tenant = await _tenant_billing(access, tenant_id, Action.WRITE)
        return await self.bill(tenant, period, issue=issue)

    async def bill(
        self, tenant_id: int, period: str | Period, *, issue: bool = True
    ) -> BillingRunSummary:
        """Bill ``period`` ("2026-11") of a tenant, once: a second call returns the first
        run's summary and writes nothing. With ``issue`` the invoices are issued (numbered)
        at once, except subsidiaries' reimbursements, which wait for approval; without it
        all stay drafts. ValueError for a malformed period, NotFound for an unknown tenant,
        Conflict for a period not over. No rights checked: the CLI's operator has them all."""
        month = period if isinstance(period, Period) else Period.parse(period)
        try:
            async with self.db.write() as session:
                invoices = InvoiceRepository(session)
                existing = await invoices.run(tenant_id, str(month))
                if existing is not None:
                    return _summary(existing, created=False)
                tenant = await known_tenant(AccountRepository(session), tenant_id)
                run = await self._bill(invoices, tenant, month, issue)
                # The same run settles the period's service plans and commissions (CA-3, OP-9).
                await settle_period(session, tenant.id, str(month))
                await invoices.flush()
                return _summary(run, created=True)
        except IntegrityError:
            # PostgreSQL: a concurrent run of the same period committed first; it is the run.
            async with self.db.read() as session:
                existing = await InvoiceRepository(session).run(tenant_id, str(month))
            if existing is None:
                raise
            return _summary(existing, created=False)

    async def _bill(
        self, invoices: InvoiceRepository, tenant: Tenant, period: Period, issue: bool
    ) -> BillingRun:
        tz = tenant_zone(tenant)
        start, end = period.bounds(tz)
        if self.clock.now() < end:
            # A month is billed once, so billing it before it is over would leave its last
            # sessions to the next month's invoice.
            raise Conflict(f"period {period} is not over yet: it ends {end.isoformat()}")
        run = BillingRun(tenant_id=tenant.id, period=str(period), started_at=self.clock.now())
        await invoices.claim_run(run)
        drafts: dict[tuple[str, int], list[LineDraft]] = defaultdict(list)
        for fact in map(cdr_fact, await invoices.unbilled_cdrs(tenant.id, end)):
            if rules.unbillable_reason(fact, tenant.currency) is not None:
                continue  # reported by reconcile(), never invoiced
            kind = "credit" if fact.purpose == "reimbursement" else "debit"
            assert fact.billed_to is not None  # unbillable_reason() said so
            drafts[(kind, fact.billed_to)].append(rules.cdr_line(fact, tz))

        subs = _subscription_facts(await invoices.subscriptions(tenant.id, start, end))
        plans = {
            p.account_id: EnterpriseFact(
                p.account_id, Decimal(p.price_per_asset), Decimal(p.vat_rate)
            )
            for p in await invoices.enterprise_plans(tenant.id)
        }
        for account_id, facts in subs.items():
            lines = rules.subscription_lines(facts, period, tz, plans.get(account_id))
            if lines:
                drafts[("debit", account_id)].extend(lines)

        accounts = await invoices.accounts(acc for _, acc in drafts)
        made: list[Invoice] = []
        cdr_count = 0
        for kind, account_id in sorted(drafts, key=lambda k: (k[1], k[0])):
            lines = drafts[(kind, account_id)]
            account = accounts[account_id]
            invoice = new_invoice(tenant, account, kind, str(period), period.year, lines)
            invoice.billing_run_id = run.id
            invoice.requires_approval = kind == "credit" and _is_subsidiary(account)
            await invoices.store(invoice, line_rows(lines))
            made.append(invoice)
            cdr_count += sum(1 for line in lines if line.cdr_id is not None)
        if issue:
            for invoice in made:
                if not invoice.requires_approval:
                    await mark_issued(invoices, self.clock, invoice)
        run.invoices = len(made)
        run.cdrs = cdr_count
        run.total_excl_vat = sum((i.total_excl_vat for i in made if i.kind == "debit"), rules.ZERO)
        return run

    async def runs(
        self, access: Access, tenant_id: int | None, *, offset: int, limit: int
    ) -> tuple[Sequence[BillingRun], int]:
        tenant = await _tenant_billing(access, tenant_id, Action.READ)
        async with self.db.read() as session:
            return await InvoiceRepository(session).runs(tenant, offset=offset, limit=limit)

    async def reconciliation(
        self, access: Access, tenant_id: int | None, period: str
    ) -> Reconciliation:
        """``reconcile`` for a caller who may read the tenant's billing."""
        return await self.reconcile(await _tenant_billing(access, tenant_id, Action.READ), period)

    async def reconcile(self, tenant_id: int, period: str | Period) -> Reconciliation:
        """Compare the tenant's CDRs that ended before the period's end with the invoice lines
        of the period's run (csms.domain.invoicing.reconcile). ValueError for a malformed
        period, NotFound for an unknown tenant. No rights checked (the CLI's operator)."""
        month = period if isinstance(period, Period) else Period.parse(period)
        async with self.db.read() as session:
            invoices = InvoiceRepository(session)
            tenant = await known_tenant(AccountRepository(session), tenant_id)
            _, end = month.bounds(tenant_zone(tenant))
            run = await invoices.run(tenant_id, str(month))
            facts = [cdr_fact(c) for c in await invoices.cdrs_ended_before(tenant_id, end)]
            lines = {
                line.cdr_id: BilledLine(line.cdr_id, line_draft(line).amounts, run_period)
                for line, run_period in await invoices.billed_lines(tenant_id)
                if line.cdr_id is not None
            }
        return rules.reconcile(month, tenant.currency, facts, lines, run_exists=run is not None)


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


def _is_subsidiary(account: Account) -> bool:
    return account.kind == "sub_account" and account.sub_account_type == "subsidiary"


def _subscription_facts(
    rows: Sequence[tuple[Subscription, BillingPlan]],
) -> dict[int, list[SubscriptionFact]]:
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
