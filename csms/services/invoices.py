"""Invoices and credit notes (CUS-3, CUS-5, INV-4): listing, reading, the PDF, issuing,
approving a subsidiary's reimbursement, paying and crediting; and the pieces a billing run
shares with them (csms.services.billing): making an invoice from line drafts, numbering it.

Numbers are gap-free per series: an invoice gets its number only when it is issued, from
its series' InvoiceCounter row, in the same transaction (InvoiceRepository.next_number). A
rolled-back issue therefore never leaves a hole. Each InvoiceService method is one unit of
work and checks the caller's rights inside it (csms.services.access).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date, tzinfo
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from csms.db.database import Database
from csms.db.models import Account, Invoice, InvoiceLine, Tenant
from csms.db.repositories.accounts import AccountRepository
from csms.db.repositories.invoices import InvoiceRepository
from csms.domain import invoicing as rules
from csms.domain.invoicing import Amounts, LineDraft, display_number, local_date
from csms.domain.permissions import Action, Area, Resource
from csms.services.access import Access
from csms.services.clock import Clock
from csms.services.errors import Conflict, Forbidden, NotFound
from csms.services.invoice_pdf import PdfInvoice, PdfLine


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


async def known_tenant(accounts: AccountRepository, tenant_id: int) -> Tenant:
    tenant = await accounts.tenant(tenant_id)
    if tenant is None:
        raise NotFound(f"tenant {tenant_id} not found")
    return tenant


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


class InvoiceService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

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
            await mark_issued(invoices, self.clock, invoice)
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
            await mark_issued(invoices, self.clock, invoice)
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
            tenant = await known_tenant(accounts, invoice.tenant_id)
            account = await accounts.account(invoice.account_id)
            assert account is not None
            lines = rules.credit_note_lines(
                [line_draft(x) for x in await invoices.lines(invoice.id)]
            )
            year = self.clock.now().astimezone(tenant_zone(tenant)).year
            note = new_invoice(tenant, account, "credit_note", None, year, lines)
            note.currency = invoice.currency
            note.corrects_invoice_id = invoice.id
            await invoices.store(note, line_rows(lines))
            await mark_issued(invoices, self.clock, note)
            invoice.status = "credited"
            await invoices.flush()
            return await _view(session, note, with_lines=True)


async def mark_issued(invoices: InvoiceRepository, clock: Clock, invoice: Invoice) -> None:
    """Give ``invoice`` the next number of its series, in the caller's transaction: a
    rolled-back issue never leaves a hole in the series."""
    invoice.number = await invoices.next_number(invoice.tenant_id, invoice.series)
    invoice.status = "issued"
    invoice.issued_at = clock.now()
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


def new_invoice(
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


def line_rows(lines: Sequence[LineDraft]) -> list[InvoiceLine]:
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
