"""Service plans of connected accounts (CA-3), operator commission (OP-9) and the statements
that settle them per period.

- A service plan is written by whoever may write Area.BILLING on the connected account's
  PRIMARY account (its admins, the tenant admins); the connected account's own admins only
  read it (403), because the plan is what they owe their installer. PUT creates (201) or
  replaces (200) it; both fields default to 0.
- Commission is written by tenant admins; the operator's users read it.
- Statements are run by tenant admins (the monthly billing run also settles them); each is
  read by whoever may read Area.BILLING of its subject: an operator user its operator's, a
  primary account's admins those of its connected accounts (and the connected account's
  admins its own).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response, status

from csms.api.answers import created_or_ok, no_content
from csms.api.csv_answers import CSV_ANSWER, PERIOD, AcceptHeader, Format, csv_response, wants_csv
from csms.api.deps import AccessDep, PagingDep, ServicesDep
from csms.api.schemas import Page
from csms.api.schemas_reports import (
    CommissionBody,
    CommissionPublic,
    ServicePlanBody,
    ServicePlanPublic,
    StatementPublic,
    StatementRun,
    StatementRunResult,
)
from csms.db.models import Statement

router = APIRouter(tags=["statements"])


# Service plans of connected accounts (CA-3).


@router.put(
    "/accounts/{account_id}/service-plan",
    response_model=ServicePlanPublic,
    summary="Set a connected account's service plan (CA-3)",
    responses={
        200: {"description": "replaced"},
        201: {"description": "created"},
        403: {"description": "may read the plan, not change it (the connected account)"},
        422: {"description": "not a connected account, or invalid amounts"},
    },
)
async def put_service_plan(
    account_id: int,
    body: ServicePlanBody,
    access: AccessDep,
    services: ServicesDep,
    response: Response,
) -> ServicePlanPublic:
    """A revenue share (0-100 % of the connected account's charging revenue, that of the
    accounts under it included) and/or a fixed fee per period, settled in a statement."""
    plan = await services.statements.set_service_plan(
        access, account_id, body.revenue_share_pct, body.fixed_fee
    )
    response.status_code = created_or_ok(plan.created)
    return ServicePlanPublic.model_validate(plan)


@router.get(
    "/accounts/{account_id}/service-plan",
    response_model=ServicePlanPublic,
    summary="A connected account's service plan",
    responses={404: {"description": "no such account, not visible, or no plan"}},
)
async def get_service_plan(
    account_id: int, access: AccessDep, services: ServicesDep
) -> ServicePlanPublic:
    return ServicePlanPublic.model_validate(
        await services.statements.service_plan(access, account_id)
    )


@router.delete(
    "/accounts/{account_id}/service-plan",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="End a connected account's service plan",
)
async def delete_service_plan(
    account_id: int, access: AccessDep, services: ServicesDep
) -> Response:
    """Statements already run keep their amounts; later periods settle nothing."""
    await services.statements.end_service_plan(access, account_id)
    return no_content()


# Operator commission (OP-9).


@router.get(
    "/operators/{operator_id}/commission",
    response_model=CommissionPublic,
    summary="An operator's commission settings (OP-9)",
)
async def get_commission(
    operator_id: int, access: AccessDep, services: ServicesDep
) -> CommissionPublic:
    return CommissionPublic(**asdict(await services.statements.commission(access, operator_id)))


@router.put(
    "/operators/{operator_id}/commission",
    response_model=CommissionPublic,
    summary="Set an operator's commission (OP-9)",
    responses={403: {"description": "the operator's users read it, tenant admins set it"}},
)
async def put_commission(
    operator_id: int, body: CommissionBody, access: AccessDep, services: ServicesDep
) -> CommissionPublic:
    """A percentage of the revenue at the operator's locations, a fixed fee per period and
    a fee per kWh; all null: no commission, no statement."""
    commission = await services.statements.set_commission(
        access,
        operator_id,
        pct=body.commission_pct,
        fixed_fee=body.commission_fixed_fee,
        per_kwh=body.commission_per_kwh,
    )
    return CommissionPublic(**asdict(commission))


# Statements.


@router.post(
    "/statements/runs",
    response_model=StatementRunResult,
    summary="Settle a period: service plans and commissions",
    responses={
        200: {"description": "already settled: the statements of the earlier run"},
        201: {"description": "new statements written"},
        403: {"description": "only tenant admins run statements"},
    },
)
async def run_statements_route(
    body: StatementRun, access: AccessDep, services: ServicesDep, response: Response
) -> StatementRunResult:
    """One statement per connected account with a service plan and per operator with
    commission settings. Running a period again writes nothing new for subjects already
    settled and answers the existing statements."""
    rows, created = await services.statements.run(access, body.tenant_id, body.period)
    response.status_code = created_or_ok(created > 0)
    return StatementRunResult(
        period=body.period,
        created=created,
        statements=[StatementPublic.model_validate(s) for s in rows],
    )


@router.get(
    "/statements", response_model=Page[StatementPublic], summary="Statements the caller may read"
)
async def list_statements(
    access: AccessDep,
    services: ServicesDep,
    paging: PagingDep,
    period: Annotated[str | None, Query(pattern=PERIOD)] = None,
    kind: Literal["service_plan", "commission"] | None = None,
) -> Page[StatementPublic]:
    """Newest period first."""
    rows, total = await services.statements.page(
        access, offset=paging.offset, limit=paging.limit, period=period, kind=kind
    )
    return paging.page([StatementPublic.model_validate(s) for s in rows], total)


_STATEMENT_COLUMNS = list(StatementPublic.model_fields)


def _statement_csv(row: Statement) -> Response:
    public = StatementPublic.model_validate(row)
    values = [getattr(public, name) for name in _STATEMENT_COLUMNS]
    return csv_response(
        f"statement-{row.period}-{row.subject.replace(':', '-')}.csv", _STATEMENT_COLUMNS, [values]
    )


# Registered before /statements/{statement_id}, which would otherwise take "7.csv" as its id.
@router.get(
    "/statements/{statement_id}.csv",
    response_class=Response,
    summary="A statement as CSV",
    responses=CSV_ANSWER,
)
async def statement_csv(statement_id: int, access: AccessDep, services: ServicesDep) -> Response:
    return _statement_csv(await services.statements.get(access, statement_id))


@router.get(
    "/statements/{statement_id}",
    response_model=StatementPublic,
    summary="A statement",
    responses=CSV_ANSWER,
)
async def get_statement(
    statement_id: int,
    access: AccessDep,
    services: ServicesDep,
    format_: Format = None,
    accept: AcceptHeader = None,
) -> StatementPublic | Response:
    row = await services.statements.get(access, statement_id)
    if wants_csv(format_, accept):
        return _statement_csv(row)
    return StatementPublic.model_validate(row)
