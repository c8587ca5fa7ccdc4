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

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Response, status
from sqlalchemy import Select, false, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from csms.api.csv_answers import (
    CSV_ANSWER,
    PERIOD,
    AcceptHeader,
    Format,
    csv_response,
    wants_csv,
)
from csms.api.deps import Access, AccessDep, ServicesDep
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
from csms.db.models import Account, Operator, ServicePlan, Statement, Tenant
from csms.db.repositories.paging import paginate
from csms.domain.permissions import Action, Area, Resource, Visibility
from csms.services.container import Services
from csms.services.statements import UnknownTenant, settle_period

router = APIRouter(tags=["statements"])


# Service plans of connected accounts (CA-3).


async def _plan_account(
    session: AsyncSession, access: Access, account_id: int, action: Action
) -> Account:
    """The connected account whose plan the caller may ``action``: 404 when invisible, 422
    when not a connected account, 403 when only readable."""
    account = await session.get(Account, account_id)
    if account is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"account {account_id} not found")
    what = f"account {account_id}'s service plan"
    own = Resource(account.tenant_id, account.id)
    await access.require(Action.READ, Area.BILLING, own, what)
    if account.kind != "connected" or account.primary_account_id is None:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            f"account {account_id} is not a connected account; only those have a service plan",
        )
    if action is Action.WRITE:
        # The primary account's side sets the plan: write on the connected account itself
        # (which its own admins have) is not enough.
        primary = Resource(account.tenant_id, account.primary_account_id)
        if not await access.allows(Action.WRITE, Area.BILLING, primary):
            raise HTTPException(status.HTTP_403_FORBIDDEN, f"not allowed to change {what}")
    return account


def _plan_public(plan: ServicePlan, account: Account, tenant: Tenant | None) -> ServicePlanPublic:
    return ServicePlanPublic(
        account_id=account.id,
        primary_account_id=account.primary_account_id,
        revenue_share_pct=plan.revenue_share_pct,
        fixed_fee=plan.fixed_fee,
        currency=tenant.currency if tenant else "EUR",
        updated_at=plan.updated_at,
    )


async def _plan(session: AsyncSession, account_id: int) -> ServicePlan | None:
    return await session.scalar(select(ServicePlan).where(ServicePlan.account_id == account_id))


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
    now = services.clock.now()
    try:
        async with services.db.write() as session:
            account = await _plan_account(session, access, account_id, Action.WRITE)
            plan = await _plan(session, account.id)
            created = plan is None
            if plan is None:
                plan = ServicePlan(tenant_id=account.tenant_id, account_id=account.id)
                session.add(plan)
            plan.revenue_share_pct = body.revenue_share_pct
            plan.fixed_fee = body.fixed_fee
            plan.updated_at = now
            await session.flush()
            tenant = await session.get(Tenant, account.tenant_id)
    except IntegrityError as exc:  # two first PUTs at once: the unique account_id
        raise HTTPException(
            status.HTTP_409_CONFLICT, "the service plan changed meanwhile; try again"
        ) from exc
    response.status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    return _plan_public(plan, account, tenant)


@router.get(
    "/accounts/{account_id}/service-plan",
    response_model=ServicePlanPublic,
    summary="A connected account's service plan",
    responses={404: {"description": "no such account, not visible, or no plan"}},
)
async def get_service_plan(
    account_id: int, access: AccessDep, services: ServicesDep
) -> ServicePlanPublic:
    async with services.db.read() as session:
        account = await _plan_account(session, access, account_id, Action.READ)
        plan = await _plan(session, account.id)
        if plan is None:
            raise HTTPException(
                status.HTTP_404_NOT_FOUND, f"account {account_id} has no service plan"
            )
        tenant = await session.get(Tenant, account.tenant_id)
    return _plan_public(plan, account, tenant)


@router.delete(
    "/accounts/{account_id}/service-plan",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="End a connected account's service plan",
)
async def delete_service_plan(
    account_id: int, access: AccessDep, services: ServicesDep
) -> Response:
    """Statements already run keep their amounts; later periods settle nothing."""
    async with services.db.write() as session:
        account = await _plan_account(session, access, account_id, Action.WRITE)
        plan = await _plan(session, account.id)
        if plan is None:
            raise HTTPException(
                status.HTTP_404_NOT_FOUND, f"account {account_id} has no service plan"
            )
        await session.delete(plan)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# Operator commission (OP-9).


async def _operator(
    session: AsyncSession, access: Access, operator_id: int, action: Action
) -> Operator:
    operator = await session.get(Operator, operator_id)
    if operator is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"operator {operator_id} not found")
    resource = Resource(operator.tenant_id, None, operator.id)
    await access.require(action, Area.BILLING, resource, f"operator {operator_id}'s commission")
    return operator


async def _commission_public(session: AsyncSession, operator: Operator) -> CommissionPublic:
    tenant = await session.get(Tenant, operator.tenant_id)
    return CommissionPublic(
        operator_id=operator.id,
        currency=tenant.currency if tenant else "EUR",
        commission_pct=operator.commission_pct,
        commission_fixed_fee=operator.commission_fixed_fee,
        commission_per_kwh=operator.commission_per_kwh,
    )


@router.get(
    "/operators/{operator_id}/commission",
    response_model=CommissionPublic,
    summary="An operator's commission settings (OP-9)",
)
async def get_commission(
    operator_id: int, access: AccessDep, services: ServicesDep
) -> CommissionPublic:
    async with services.db.read() as session:
        operator = await _operator(session, access, operator_id, Action.READ)
        return await _commission_public(session, operator)


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
    async with services.db.write() as session:
        operator = await _operator(session, access, operator_id, Action.WRITE)
        operator.commission_pct = body.commission_pct
        operator.commission_fixed_fee = body.commission_fixed_fee
        operator.commission_per_kwh = body.commission_per_kwh
        await session.flush()
        return await _commission_public(session, operator)


# Statements.


def visible_statements(query: Select[Any], seen: Visibility) -> Select[Any]:
    """Keep the statements whose subject the caller may read (the same grants as can())."""
    if seen.everything:
        return query
    query = query.where(Statement.tenant_id == seen.tenant_id)
    if seen.tenant_wide:
        return query
    reach = []
    if seen.account_ids:
        reach.append(Statement.account_id.in_(seen.account_ids))
    if seen.operator_ids:
        reach.append(Statement.operator_id.in_(seen.operator_ids))
    return query.where(or_(*reach)) if reach else query.where(false())


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
    tenant_id = access.tenant_for(body.tenant_id)
    if not await access.allows(Action.WRITE, Area.BILLING, Resource(tenant_id)):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "not allowed to run statements")
    try:
        async with services.db.write() as session:
            rows, created = await settle_period(session, tenant_id, body.period)
    except UnknownTenant as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from exc
    except IntegrityError as exc:  # a concurrent run of the same period (PostgreSQL)
        raise HTTPException(
            status.HTTP_409_CONFLICT, f"period {body.period} is being settled; try again"
        ) from exc
    response.status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
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
    period: Annotated[str | None, Query(pattern=PERIOD)] = None,
    kind: Literal["service_plan", "commission"] | None = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> Page[StatementPublic]:
    """Newest period first."""
    query = visible_statements(select(Statement), await access.visibility(Area.BILLING))
    if period is not None:
        query = query.where(Statement.period == period)
    if kind is not None:
        query = query.where(Statement.kind == kind)
    async with services.db.read() as session:
        rows, total = await paginate(
            session, query, Statement.period.desc(), Statement.id, offset=offset, limit=limit
        )
    return Page(
        items=[StatementPublic.model_validate(s) for s in rows],
        total=total,
        offset=offset,
        limit=limit,
    )


async def _statement(access: Access, services: Services, statement_id: int) -> Statement:
    async with services.db.read() as session:
        row = await session.get(Statement, statement_id)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"statement {statement_id} not found")
    resource = Resource(row.tenant_id, row.account_id, row.operator_id)
    await access.require(Action.READ, Area.BILLING, resource, f"statement {statement_id}")
    return row


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
    return _statement_csv(await _statement(access, services, statement_id))


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
    row = await _statement(access, services, statement_id)
    if wants_csv(format_, accept):
        return _statement_csv(row)
    return StatementPublic.model_validate(row)
