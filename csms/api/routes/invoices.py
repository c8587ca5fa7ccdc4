"""Billing runs, reconciliation and invoices (CUS-3, CUS-5, INV-4).

A tenant admin runs the monthly billing (idempotent per period) and reconciles it. Customers
list their invoices: a driver its own account's, an account admin its whole tree's (the
permission area is billing). Issuing, paying and crediting are the tenant's; approving a
subsidiary's reimbursement is its parent's (or the tenant's), never the subsidiary's own.
Rules and rights: csms.services.billing (runs), csms.services.invoices, csms.domain.invoicing.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from csms.api.answers import Responses
from csms.api.deps import AccessDep, PagingDep, ServicesDep
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
from csms.domain.invoicing import Amounts
from csms.services.invoice_pdf import render
from csms.services.invoices import InvoiceView

router = APIRouter(tags=["billing"])

_NOT_FOUND: Responses = {404: {"description": "no such invoice (or of another tenant)"}}
_CONFLICT: Responses = {409: {"description": "the invoice is not in a state that allows this"}}
_PDF: Responses = {200: {"content": {"application/pdf": {}}, "description": "the invoice as a PDF"}}


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
    summary = await services.billing.run(access, body.tenant_id, body.period, issue=body.issue)
    if not summary.created:
        response.status_code = status.HTTP_200_OK
    return BillingRunPublic.model_validate(summary)


@router.get("/billing/runs", response_model=Page[BillingRunPublic], summary="List billing runs")
async def list_runs(
    access: AccessDep,
    services: ServicesDep,
    paging: PagingDep,
    tenant_id: Annotated[int | None, Query(description="platform admins only")] = None,
) -> Page[BillingRunPublic]:
    rows, total = await services.billing.runs(
        access, tenant_id, offset=paging.offset, limit=paging.limit
    )
    return paging.page([BillingRunPublic.model_validate(r) for r in rows], total)


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
    report = await services.billing.reconciliation(access, tenant_id, period)
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

# The answer's fields read straight from the invoice row; the others come with the view.
_COLUMNS = [f for f in InvoicePublic.model_fields if f not in ("number", "date", "corrects_number")]


def _public(view: InvoiceView) -> InvoicePublic:
    return InvoicePublic(
        **{name: getattr(view.invoice, name) for name in _COLUMNS},
        number=view.number,
        date=view.date,
        corrects_number=view.corrects_number,
    )


def _detail(view: InvoiceView) -> InvoiceDetail:
    return InvoiceDetail(
        **_public(view).model_dump(),
        lines=[InvoiceLinePublic.model_validate(line) for line in view.lines],
    )


@router.get("/invoices", response_model=Page[InvoicePublic], summary="List invoices")
async def list_invoices(
    access: AccessDep,
    services: ServicesDep,
    paging: PagingDep,
    account_id: int | None = None,
    period: Annotated[str | None, Query(pattern=PERIOD_PATTERN)] = None,
    kind: Annotated[str | None, Query(pattern="^(debit|credit|credit_note)$")] = None,
    invoice_status: Annotated[
        str | None, Query(alias="status", pattern="^(draft|issued|paid|credited)$")
    ] = None,
) -> Page[InvoicePublic]:
    """CUS-3 / CUS-5: debit invoices, reimbursement credits and credit notes with number,
    date, amount and status, newest first; only those the caller may see."""
    views, total = await services.invoices.page(
        access,
        offset=paging.offset,
        limit=paging.limit,
        account_id=account_id,
        period=period,
        kind=kind,
        status=invoice_status,
    )
    return paging.page([_public(v) for v in views], total)


@router.get(
    "/invoices/{invoice_id}",
    response_model=InvoiceDetail,
    summary="One invoice with its lines",
    responses=_NOT_FOUND,
)
async def get_invoice(invoice_id: int, access: AccessDep, services: ServicesDep) -> InvoiceDetail:
    return _detail(await services.invoices.get(access, invoice_id))


@router.get(
    "/invoices/{invoice_id}/pdf",
    response_class=Response,
    summary="The invoice as a PDF",
    responses={**_PDF, **_NOT_FOUND},
)
async def invoice_pdf(invoice_id: int, access: AccessDep, services: ServicesDep) -> Response:
    document = await services.invoices.document(access, invoice_id)
    name = document.number or f"draft-{invoice_id}"
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
    return _public(await services.invoices.issue(access, invoice_id))


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
    return _public(await services.invoices.approve(access, invoice_id))


@router.post(
    "/invoices/{invoice_id}/pay",
    response_model=InvoicePublic,
    summary="Record that an issued invoice was paid",
    responses={**_NOT_FOUND, **_CONFLICT},
)
async def pay_invoice(invoice_id: int, access: AccessDep, services: ServicesDep) -> InvoicePublic:
    return _public(await services.invoices.pay(access, invoice_id))


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
    return _detail(await services.invoices.credit(access, invoice_id))
