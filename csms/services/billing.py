"""The monthly billing run, invoice operations and reconciliation (INV-4, INV-5, CUS-3).

A run bills, per tenant and period, every final CDR that ended before the period's end (in
the tenant's time zone) and is on no invoice line yet, so a session a station reports late
lands in the next run. It makes one debit invoice per paying account (session, correction
and subscription lines) and one credit invoice per reimbursed account (INV-4). The rules
(pro-rating, VAT, totals) are csms.domain.invoicing, the queries
csms.db.repositories.invoices; each BillingService method is one unit of work, and checks
the caller's rights inside it (csms.services.access).

Numbers are gap-free per series: an invoice gets its number only when it is issued, from
its series' InvoiceCounter row, in the same transaction. On PostgreSQL the counter row is
locked (SELECT ... FOR UPDATE) so concurrent issues queue on it; SQLite has one writer at a
time anyway (Database.write()). A rolled-back issue therefore never leaves a hole.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime, tzinfo
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from csms.db.database import Database
from csms.db.models import (
    Account,
    BillingPlan,
    BillingRun,
    Cdr,
    Invoice,
    InvoiceLine,
    Subscription,
    Tenant,
)
from csms.db.repositories.accounts import AccountRepository
from csms.db.repositories.invoices import InvoiceRepository
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
    display_number,
    local_date,
)
from csms.domain.permissions import Action, Area, Resource
from csms.services.access import Access
from csms.services.clock import Clock
from csms.services.errors import Conflict, Forbidden, NotFound
from csms.services.invoice_pdf import PdfInvoice, PdfLine
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


@dataclass(frozen=True, slots=True)
class InvoiceView:
    """An invoice as its readers see it: the row, its display number, the day it was issued
    in the tenant's time zone, the number of the invoice it corrects, and (for one invoice
    read on its own) its lines."""

    invoice: Invoice
    number: str | None
    date: date | None
    corrects_number: str | None
    lines: Sequence[InvoiceLine] = ()


# A PDF line shows these columns of the invoice line, as they are.
_PDF_LINE = [f.name for f in fields(PdfLine)]


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


async def _tenant(accounts: AccountRepository, tenant_id: int) -> Tenant:
    tenant = await accounts.tenant(tenant_id)
    if tenant is None:
        raise NotFound(f"tenant {tenant_id} not found")
    return tenant


async def _tenant_billing(access: Access, requested: int | None, action: Action) -> int:
    """The tenant whose billing the caller runs or reads: its own (platform admin: named)."""
    tenant_id = access.tenant_for(requested)
    await access.require(action, Area.BILLING, Resource(tenant_id), "billing")
    return tenant_id


async def _invoice(invoices: InvoiceRepository, access: Access, invoice_id: int) -> Invoice:
    """The invoice if the caller may read it: NotFound when missing or invisible."""
    invoice = await invoices.get(invoice_id)
    if invoice is None:
        raise NotFound(f"invoice {invoice_id} not found")
    resource = Resource(invoice.tenant_id, invoice.account_id)
    await access.require(Action.READ, Area.BILLING, resource, f"invoice {invoice_id}")
    return invoice


async def _tenant_operation(access: Access, invoice: Invoice, what: str) -> None:
    """Issuing, paying and crediting belong to the tenant (its admins), not the customer."""
    if not await access.allows(Action.WRITE, Area.BILLING, Resource(invoice.tenant_id)):
        raise Forbidden(f"only the tenant may {what} invoices")


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
                tenant = await _tenant(AccountRepository(session), tenant_id)
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
            invoice = _new_invoice(tenant, account, kind, str(period), period.year, lines)
            invoice.billing_run_id = run.id
            invoice.requires_approval = kind == "credit" and _is_subsidiary(account)
            await invoices.store(invoice, _line_rows(lines))
            made.append(invoice)
            cdr_count += sum(1 for line in lines if line.cdr_id is not None)
        if issue:
            for invoice in made:
                if not invoice.requires_approval:
                    await self._issue(invoices, invoice)
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
            tenant = await _tenant(AccountRepository(session), tenant_id)
            _, end = month.bounds(tenant_zone(tenant))
            run = await invoices.run(tenant_id, str(month))
            facts = [cdr_fact(c) for c in await invoices.cdrs_ended_before(tenant_id, end)]
            lines = {
                line.cdr_id: BilledLine(line.cdr_id, line_draft(line).amounts, run_period)
                for line, run_period in await invoices.billed_lines(tenant_id)
                if line.cdr_id is not None
            }
        return rules.reconcile(month, tenant.currency, facts, lines, run_exists=run is not None)

    # --- invoices -------------------------------------------------------------------------

    async def page(
        self,
        access: Access,
        *,
        offset: int,
        limit: int,
        account_id: int | None = None,
        period: str | None = None,
        kind: str | None = None,
        status: str | None = None,
    ) -> tuple[list[InvoiceView], int]:
        """CUS-3 / CUS-5: the invoices the caller may see, newest first."""
        seen = await access.visibility(Area.BILLING)
        async with self.db.read() as session:
            invoices = InvoiceRepository(session)
            rows, total = await invoices.page(
                offset=offset,
                limit=limit,
                seen=seen,
                account_id=account_id,
                period=period,
                kind=kind,
                status=status,
            )
            return [await _view(session, r) for r in rows], total

    async def get(self, access: Access, invoice_id: int) -> InvoiceView:
        """One invoice with its lines."""
        async with self.db.read() as session:
            invoice = await _invoice(InvoiceRepository(session), access, invoice_id)
            return await _view(session, invoice, with_lines=True)

    async def document(self, access: Access, invoice_id: int) -> PdfInvoice:
        """What the invoice's PDF shows."""
        async with self.db.read() as session:
            invoice = await _invoice(InvoiceRepository(session), access, invoice_id)
            view = await _view(session, invoice, with_lines=True)
            accounts = AccountRepository(session)
            tenant = await accounts.tenant(invoice.tenant_id)
            account = await accounts.account(invoice.account_id)
            assert tenant is not None and account is not None
        return PdfInvoice(
            tenant_name=tenant.name,
            customer_name=account.company_name or account.name,
            customer_address=account.company_address,
            customer_vat_number=account.vat_number,
            kind=invoice.kind,
            number=view.number,
            date=view.date,
            period=invoice.period,
            status=invoice.status,
            currency=invoice.currency,
            lines=[PdfLine(**{name: getattr(x, name) for name in _PDF_LINE}) for x in view.lines],
            total_excl_vat=invoice.total_excl_vat,
            total_vat=invoice.total_vat,
            total_incl_vat=invoice.total_incl_vat,
            corrects_number=view.corrects_number,
        )

    async def issue(self, access: Access, invoice_id: int) -> InvoiceView:
        """Number and issue a draft. A subsidiary's reimbursement needs ``approve``."""
        async with self.db.write() as session:
            invoices = InvoiceRepository(session)
            invoice = await _invoice(invoices, access, invoice_id)
            await _tenant_operation(access, invoice, "issue")
            if invoice.status != "draft":
                raise Conflict(f"invoice {invoice.id} is {invoice.status}, not a draft")
            if invoice.requires_approval and invoice.approved_by is None:
                raise Conflict(f"invoice {invoice.id} needs approval first (POST .../approve)")
            await self._issue(invoices, invoice)
            return await _view(session, invoice)

    async def approve(self, access: Access, invoice_id: int) -> InvoiceView:
        """INV-4: a subsidiary's reimbursement waits for an administrator of its parent
        account (or of the tenant), which issues it; the subsidiary cannot approve its own."""
        async with self.db.write() as session:
            invoices = InvoiceRepository(session)
            invoice = await _invoice(invoices, access, invoice_id)
            account = await AccountRepository(session).account(invoice.account_id)
            parent = None if account is None else account.parent_account_id
            if not await access.allows(
                Action.WRITE, Area.BILLING, Resource(invoice.tenant_id, parent)
            ):
                raise Forbidden(
                    "only an administrator of the parent account or the tenant may approve"
                )
            if not invoice.requires_approval:
                raise Conflict(f"invoice {invoice.id} needs no approval")
            if invoice.status != "draft":
                raise Conflict(f"invoice {invoice.id} is {invoice.status}, not awaiting approval")
            invoice.approved_by = access.principal.user_id
            await self._issue(invoices, invoice)
            return await _view(session, invoice)

    async def pay(self, access: Access, invoice_id: int) -> InvoiceView:
        """Record that an issued invoice was paid."""
        async with self.db.write() as session:
            invoices = InvoiceRepository(session)
            invoice = await _invoice(invoices, access, invoice_id)
            await _tenant_operation(access, invoice, "mark paid")
            if invoice.status != "issued":
                raise Conflict(
                    f"invoice {invoice.id} is {invoice.status}; only issued ones get paid"
                )
            invoice.status = "paid"
            invoice.paid_at = self.clock.now()
            await invoices.flush()
            return await _view(session, invoice)

    async def credit(self, access: Access, invoice_id: int) -> InvoiceView:
        """A credit note negating an issued (or paid) invoice, issued at once in the ``CN``
        series of the current year; the invoice becomes ``credited``. Its CDRs stay on the
        original's lines, so they are not billed again. Answers the note with its lines."""
        async with self.db.write() as session:
            invoices = InvoiceRepository(session)
            invoice = await _invoice(invoices, access, invoice_id)
            await _tenant_operation(access, invoice, "credit")
            if invoice.kind == "credit_note":
                raise Conflict(f"invoice {invoice.id} is a credit note; it cannot be credited")
            if invoice.status not in ("issued", "paid"):
                raise Conflict(f"invoice {invoice.id} is {invoice.status}; only issued ones")
            accounts = AccountRepository(session)
            tenant = await _tenant(accounts, invoice.tenant_id)
            account = await accounts.account(invoice.account_id)
            assert account is not None
            lines = rules.credit_note_lines(
                [line_draft(x) for x in await invoices.lines(invoice.id)]
            )
            year = self.clock.now().astimezone(tenant_zone(tenant)).year
            note = _new_invoice(tenant, account, "credit_note", None, year, lines)
            note.currency = invoice.currency
            note.corrects_invoice_id = invoice.id
            await invoices.store(note, _line_rows(lines))
            await self._issue(invoices, note)
            invoice.status = "credited"
            await invoices.flush()
            return await _view(session, note, with_lines=True)

    async def _issue(self, invoices: InvoiceRepository, invoice: Invoice) -> None:
        """Give ``invoice`` the next number of its series, in the caller's transaction: a
        rolled-back issue never leaves a hole in the series."""
        invoice.number = await invoices.next_number(invoice.tenant_id, invoice.series)
        invoice.status = "issued"
        invoice.issued_at = self.clock.now()
        await invoices.flush()


async def _view(
    session: AsyncSession, invoice: Invoice, *, with_lines: bool = False
) -> InvoiceView:
    invoices = InvoiceRepository(session)
    tenant = await AccountRepository(session).tenant(invoice.tenant_id)
    assert tenant is not None
    corrects = None
    if invoice.corrects_invoice_id is not None:
        original = await invoices.get(invoice.corrects_invoice_id)
        if original is not None:
            corrects = display_number(original.series, original.number)
    issued = invoice.issued_at
    return InvoiceView(
        invoice=invoice,
        number=display_number(invoice.series, invoice.number),
        date=None if issued is None else local_date(issued, tenant_zone(tenant)),
        corrects_number=corrects,
        lines=await invoices.lines(invoice.id) if with_lines else (),
    )


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


def _line_rows(lines: Sequence[LineDraft]) -> list[InvoiceLine]:
    return [
        InvoiceLine(
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
    ]


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
