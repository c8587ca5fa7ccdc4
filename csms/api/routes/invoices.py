"""Billing runs, reconciliation and invoices (CUS-3, CUS-5, INV-4).

A tenant admin runs the monthly billing (idempotent per period) and reconciles it. Customers
list their invoices: a driver its own account's, an account admin its whole tree's (the
permission area is billing). Issuing, paying and crediting are the tenant's; approving a
subsidiary's reimbursement is its parent's (or the tenant's), never the subsidiary's own.
Rules: csms.services.billing, csms.domain.invoicing.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Response, status
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from csms.api.deps import Access, AccessDep, ServicesDep
from csms.api.schemas import Page
from csms.api.schemas_billing import (
    PERIOD_PATTERN,
    AmountsPublic,
    BillingRunCreate,
    BillingRunPublic,
    DifferencePublic,
    InvoiceDetail,
    InvoiceLinePublic,
    InvoicePublic,
    ReconciliationPublic,
    UnbilledPublic,
)
from csms.db.models import Account, BillingRun, Invoice, Tenant
from csms.db.repositories.paging import owned_by, paginate
from csms.domain.invoicing import Amounts, display_number, local_date
from csms.domain.permissions import Action, Area, Resource
from csms.services import billing
from csms.services.invoice_pdf import PdfInvoice, PdfLine, render

router = APIRouter(tags=["billing"])

_NOT_FOUND = {404: {"description": "no such invoice (or of another tenant)"}}
_CONFLICT = {409: {"description": "the invoice is not in a state that allows this"}}
_PDF = {200: {"content": {"application/pdf": {}}, "description": "the invoice as a PDF"}}


def _refused(exc: billing.BillingError) -> HTTPException:
    code = status.HTTP_404_NOT_FOUND if exc.kind == "not_found" else status.HTTP_409_CONFLICT
    return HTTPException(code, str(exc))


async def _tenant_billing(access: Access, requested: int | None, action: Action) -> int:
    """The tenant whose billing the caller runs or reads: its own (platform admin: named)."""
    tenant_id = access.tenant_for(requested)
    await access.require(action, Area.BILLING, Resource(tenant_id), "billing")
    return tenant_id


# --- runs and reconciliation ------------------------------------------------------------------


@router.post(
    "/billing/runs",
    status_code=status.HTTP_201_CREATED,
    response_model=BillingRunPublic,
    summary="Run the monthly billing of a period",
    responses={200: {"description": "the period had been run: that run, nothing written"}},
)
async def run_billing(
    body: BillingRunCreate, response: Response, access: AccessDep, services: ServicesDep
) -> BillingRunPublic:
    """Bills every final CDR that ended before the period's end (tenant time zone) and is on
    no invoice yet, plus the period's subscriptions. Once per period: a second call answers
    200 with the first run and writes nothing."""
    tenant_id = await _tenant_billing(access, body.tenant_id, Action.WRITE)
    try:
        summary = await billing.run_billing(
            services.db, services.clock, tenant_id, body.period, issue=body.issue
        )
    except billing.BillingError as exc:
        raise _refused(exc) from exc
    if not summary.created:
        response.status_code = status.HTTP_200_OK
    return BillingRunPublic.model_validate(summary)


@router.get("/billing/runs", response_model=Page[BillingRunPublic], summary="List billing runs")
async def list_runs(
    access: AccessDep,
    services: ServicesDep,
    tenant_id: Annotated[int | None, Query(description="platform admins only")] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> Page[BillingRunPublic]:
    tenant = await _tenant_billing(access, tenant_id, Action.READ)
    query = select(BillingRun).where(BillingRun.tenant_id == tenant)
    async with services.db.read() as session:
        rows, total = await paginate(
            session, query, BillingRun.period.desc(), offset=offset, limit=limit
        )
    items = [BillingRunPublic.model_validate(r) for r in rows]
    return Page(items=items, total=total, offset=offset, limit=limit)


def _amounts(a: Amounts) -> AmountsPublic:
    return AmountsPublic(excl_vat=a.excl_vat, vat=a.vat, incl_vat=a.incl_vat)


@router.get(
    "/billing/reconciliation",
    response_model=ReconciliationPublic,
    summary="Reconcile a period's CDRs with its invoices",
)
async def reconciliation(
    access: AccessDep,
    services: ServicesDep,
    period: Annotated[str, Query(pattern=PERIOD_PATTERN, description="like 2026-11")],
    tenant_id: Annotated[int | None, Query(description="platform admins only")] = None,
) -> ReconciliationPublic:
    """The invoice lines of the period's run against the CDRs they bill, and every CDR that
    ended before the period's end but is on no line, with the reason."""
    tenant = await _tenant_billing(access, tenant_id, Action.READ)
    try:
        report = await billing.reconcile(services.db, tenant, period)
    except billing.BillingError as exc:
        raise _refused(exc) from exc
    return ReconciliationPublic(
        period=report.period,
        reconciled=report.ok,
        billed_cdrs=report.billed_cdrs,
        cdrs_total=_amounts(report.cdrs_total),
        lines_total=_amounts(report.lines_total),
        unbilled=[UnbilledPublic(cdr_id=u.cdr_id, reason=u.reason) for u in report.unbilled],
        differences=[
            DifferencePublic(cdr_id=d.cdr_id, problem=d.problem) for d in report.differences
        ],
    )


# --- invoices -------------------------------------------------------------------------------


async def _invoice(
    session: AsyncSession, access: Access, invoice_id: int, action: Action = Action.READ
) -> Invoice:
    """The invoice if the caller may ``action`` it: 404 when missing or invisible."""
    invoice = await session.get(Invoice, invoice_id)
    if invoice is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"invoice {invoice_id} not found")
    resource = Resource(invoice.tenant_id, invoice.account_id)
    await access.require(action, Area.BILLING, resource, f"invoice {invoice_id}")
    return invoice


async def _tenant_operation(access: Access, invoice: Invoice, what: str) -> None:
    """Issuing, paying and crediting belong to the tenant (its admins), not the customer."""
    if not await access.allows(Action.WRITE, Area.BILLING, Resource(invoice.tenant_id)):
        raise HTTPException(status.HTTP_403_FORBIDDEN, f"only the tenant may {what} invoices")


async def _public(session: AsyncSession, invoice: Invoice) -> InvoicePublic:
    tenant = await session.get(Tenant, invoice.tenant_id)
    assert tenant is not None
    corrects = None
    if invoice.corrects_invoice_id is not None:
        original = await session.get(Invoice, invoice.corrects_invoice_id)
        if original is not None:
            corrects = display_number(original.series, original.number)
    issued = invoice.issued_at
    return InvoicePublic(
        id=invoice.id,
        tenant_id=invoice.tenant_id,
        account_id=invoice.account_id,
        kind=invoice.kind,
        period=invoice.period,
        number=display_number(invoice.series, invoice.number),
        date=None if issued is None else local_date(issued, billing.tenant_zone(tenant)),
        status=invoice.status,
        requires_approval=invoice.requires_approval,
        currency=invoice.currency,
        total_excl_vat=invoice.total_excl_vat,
        total_vat=invoice.total_vat,
        total_incl_vat=invoice.total_incl_vat,
        corrects_invoice_id=invoice.corrects_invoice_id,
        corrects_number=corrects,
        billing_run_id=invoice.billing_run_id,
        issued_at=invoice.issued_at,
        paid_at=invoice.paid_at,
    )


async def _detail(session: AsyncSession, invoice: Invoice) -> InvoiceDetail:
    lines = await billing.invoice_lines(session, invoice.id)
    return InvoiceDetail(
        **(await _public(session, invoice)).model_dump(),
        lines=[InvoiceLinePublic.model_validate(line) for line in lines],
    )


@router.get("/invoices", response_model=Page[InvoicePublic], summary="List invoices")
async def list_invoices(
    access: AccessDep,
    services: ServicesDep,
    account_id: int | None = None,
    period: Annotated[str | None, Query(pattern=PERIOD_PATTERN)] = None,
    kind: Annotated[str | None, Query(pattern="^(debit|credit|credit_note)$")] = None,
    invoice_status: Annotated[
        str | None, Query(alias="status", pattern="^(draft|issued|paid|credited)$")
    ] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> Page[InvoicePublic]:
    """CUS-3 / CUS-5: debit invoices, reimbursement credits and credit notes with number,
    date, amount and status, newest first; only those the caller may see."""
    query = owned_by(select(Invoice), Invoice, await access.visibility(Area.BILLING))
    if account_id is not None:
        query = query.where(Invoice.account_id == account_id)
    if period is not None:
        query = query.where(Invoice.period == period)
    if kind is not None:
        query = query.where(Invoice.kind == kind)
    if invoice_status is not None:
        query = query.where(Invoice.status == invoice_status)
    async with services.db.read() as session:
        rows, total = await paginate(session, query, Invoice.id.desc(), offset=offset, limit=limit)
        items = [await _public(session, r) for r in rows]
    return Page(items=items, total=total, offset=offset, limit=limit)


@router.get(
    "/invoices/{invoice_id}",
    response_model=InvoiceDetail,
    summary="One invoice with its lines",
    responses=_NOT_FOUND,
)
async def get_invoice(invoice_id: int, access: AccessDep, services: ServicesDep) -> InvoiceDetail:
    async with services.db.read() as session:
        return await _detail(session, await _invoice(session, access, invoice_id))


@router.get(
    "/invoices/{invoice_id}/pdf",
    response_class=Response,
    summary="The invoice as a PDF",
    responses={**_PDF, **_NOT_FOUND},
)
async def invoice_pdf(invoice_id: int, access: AccessDep, services: ServicesDep) -> Response:
    async with services.db.read() as session:
        invoice = await _invoice(session, access, invoice_id)
        detail = await _detail(session, invoice)
        tenant = await session.get(Tenant, invoice.tenant_id)
        account = await session.get(Account, invoice.account_id)
        assert tenant is not None and account is not None
    document = PdfInvoice(
        tenant_name=tenant.name,
        customer_name=account.company_name or account.name,
        customer_address=account.company_address,
        customer_vat_number=account.vat_number,
        kind=detail.kind,
        number=detail.number,
        date=detail.date,
        period=detail.period,
        status=detail.status,
        currency=detail.currency,
        lines=[
            PdfLine(
                description=x.description,
                quantity=x.quantity,
                unit=x.unit,
                vat_rate=x.vat_rate,
                amount_excl_vat=x.amount_excl_vat,
                vat=x.vat,
                amount_incl_vat=x.amount_incl_vat,
            )
            for x in detail.lines
        ],
        total_excl_vat=detail.total_excl_vat,
        total_vat=detail.total_vat,
        total_incl_vat=detail.total_incl_vat,
        corrects_number=detail.corrects_number,
    )
    name = detail.number or f"draft-{invoice_id}"
    return Response(
        render(document),
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{name}.pdf"'},
    )


@router.post(
    "/invoices/{invoice_id}/issue",
    response_model=InvoicePublic,
    summary="Issue a draft invoice (gives it its number)",
    responses={**_NOT_FOUND, **_CONFLICT},
)
async def issue_invoice(invoice_id: int, access: AccessDep, services: ServicesDep) -> InvoicePublic:
    async with services.db.write() as session:
        invoice = await _invoice(session, access, invoice_id)
        await _tenant_operation(access, invoice, "issue")
        try:
            await billing.issue_invoice(session, services.clock, invoice)
        except billing.BillingError as exc:
            raise _refused(exc) from exc
        return await _public(session, invoice)


@router.post(
    "/invoices/{invoice_id}/approve",
    response_model=InvoicePublic,
    summary="Approve (and issue) a subsidiary's reimbursement",
    responses={**_NOT_FOUND, **_CONFLICT},
)
async def approve_invoice(
    invoice_id: int, access: AccessDep, services: ServicesDep
) -> InvoicePublic:
    """INV-4: a subsidiary's reimbursement waits for an administrator of its parent account
    (or of the tenant); the subsidiary cannot approve its own."""
    async with services.db.write() as session:
        invoice = await _invoice(session, access, invoice_id)
        account = await session.get(Account, invoice.account_id)
        parent = None if account is None else account.parent_account_id
        resource = Resource(invoice.tenant_id, parent)
        if not await access.allows(Action.WRITE, Area.BILLING, resource):
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                "only an administrator of the parent account or the tenant may approve",
            )
        try:
            await billing.approve_invoice(
                session, services.clock, invoice, access.principal.user_id
            )
        except billing.BillingError as exc:
            raise _refused(exc) from exc
        return await _public(session, invoice)


@router.post(
    "/invoices/{invoice_id}/pay",
    response_model=InvoicePublic,
    summary="Record that an issued invoice was paid",
    responses={**_NOT_FOUND, **_CONFLICT},
)
async def pay_invoice(invoice_id: int, access: AccessDep, services: ServicesDep) -> InvoicePublic:
    async with services.db.write() as session:
        invoice = await _invoice(session, access, invoice_id)
        await _tenant_operation(access, invoice, "mark paid")
        try:
            await billing.mark_paid(session, services.clock, invoice)
        except billing.BillingError as exc:
            raise _refused(exc) from exc
        return await _public(session, invoice)


@router.post(
    "/invoices/{invoice_id}/credit",
    status_code=status.HTTP_201_CREATED,
    response_model=InvoiceDetail,
    summary="Credit an issued invoice: a credit note that references it",
    responses={**_NOT_FOUND, **_CONFLICT},
)
async def credit_invoice(
    invoice_id: int, access: AccessDep, services: ServicesDep
) -> InvoiceDetail:
    """The credit note negates every line; the invoice becomes ``credited``."""
    async with services.db.write() as session:
        invoice = await _invoice(session, access, invoice_id)
        await _tenant_operation(access, invoice, "credit")
        try:
            note = await billing.credit_invoice(session, services.clock, invoice)
        except billing.BillingError as exc:
            raise _refused(exc) from exc
        return await _detail(session, note)
