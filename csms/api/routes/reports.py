"""Money end to end: energy and revenue reports (OP-7, CUS-6), service plans of connected
accounts (CA-3), operator commission (OP-9) and the statements that settle them per period.

Who may do what (csms.domain.permissions.can):

- Reports (Area.REPORTS) are filtered to what the caller's grants reach: tenant staff the
  tenant, an operator user its operator, an account admin its accounts, a driver its own.
  A filter naming an operator, location or account the caller cannot see answers 404.
- A service plan is written by whoever may write Area.BILLING on the connected account's
  PRIMARY account (its admins, the tenant admins); the connected account's own admins only
  read it (403), because the plan is what they owe their installer.
- Commission is written by tenant admins; the operator's users read it.
- Statements are run by tenant admins; each is read by whoever may read Area.BILLING of its
  subject: an operator user its operator's, a primary account's admins those of its
  connected accounts (and the connected account's admins its own).

Decisions where the behaviours leave room:

- PUT on a service plan creates (201) or replaces (200) it; both fields default to 0. A plan
  set at account creation is a PUT right after the creation call.
- ``from`` and ``to`` (or ``period``) without an offset are local times of the report's zone;
  ``to`` is exclusive.
- CSV cells that would start a spreadsheet formula (=, +, -, @) are prefixed with ' .
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Header, HTTPException, Query, Response, status
from sqlalchemy import Select, false, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from csms.api.deps import Access, AccessDep, ServicesDep
from csms.api.schemas import Page
from csms.api.schemas_reports import (
    CommissionBody,
    CommissionPublic,
    EnergyRevenueReport,
    ReportRowPublic,
    ReportTotals,
    ServicePlanBody,
    ServicePlanPublic,
    StatementPublic,
    StatementRun,
    StatementRunResult,
)
from csms.db.models import Account, Location, Operator, ServicePlan, Statement, Tenant
from csms.db.repositories.paging import paginate
from csms.domain.money import Period
from csms.domain.permissions import Action, Area, Resource, Visibility
from csms.domain.reporting import Interval
from csms.services.container import Services
from csms.services.reports import Filters, GroupBy, Report, Totals, energy_revenue, report_zone
from csms.services.statements import UnknownTenant, settle_period

router = APIRouter(tags=["reports"])

PERIOD = r"^\d{4}-(0[1-9]|1[0-2])$"
Format = Annotated[
    Literal["json", "csv"] | None,
    Query(
        alias="format",
        description="csv: text/csv with a header row (also chosen by Accept: text/csv)",
    ),
]
AcceptHeader = Annotated[str | None, Header(include_in_schema=False)]
CSV_ANSWER: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {"schema": {"type": "string"}}}}
}
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


# CSV, shared by reports and statements.


def _wants_csv(format_: str | None, accept: str | None) -> bool:
    if format_ is not None:
        return format_ == "csv"
    return accept is not None and "text/csv" in accept


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value  # a name must not run as a formula in a spreadsheet
    return value


def _csv(filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> Response:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


# Energy and revenue (OP-7, CUS-6).


def _totals(t: Totals) -> ReportTotals:
    return ReportTotals(
        sessions=t.sessions,
        energy_kwh=t.energy_kwh,
        revenue_excl_vat=t.revenue_excl_vat,
        revenue_incl_vat=t.revenue_incl_vat,
    )


def _report_public(report: Report) -> EnergyRevenueReport:
    return EnergyRevenueReport(
        group_by=report.group_by.value,
        interval=report.interval.value if report.interval else None,
        timezone=report.timezone,
        start=report.start,
        end=report.end,
        currency=report.currency,
        rows=[
            ReportRowPublic(
                group_id=r.group_id,
                group_name=r.group_name,
                period_start=r.period_start,
                timezone=r.timezone,
                **_totals(r.totals).model_dump(),
            )
            for r in report.rows
        ],
        total=_totals(report.total),
    )


async def _filters(
    session: AsyncSession,
    access: Access,
    tenant_id: int,
    operator_id: int | None,
    location_id: int | None,
    account_id: int | None,
) -> tuple[Operator | None, Location | None, frozenset[int] | None]:
    """The objects a report is narrowed to, each one the caller may report on (else 404)."""
    operator = location = None
    accounts = None
    if operator_id is not None:
        operator = await session.get(Operator, operator_id)
        if operator is None or operator.tenant_id != tenant_id:
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"operator {operator_id} not found")
        resource = Resource(tenant_id, None, operator.id)
        await access.require(Action.READ, Area.REPORTS, resource, f"operator {operator_id}")
    if location_id is not None:
        location = await session.get(Location, location_id)
        if location is None or location.tenant_id != tenant_id:
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"location {location_id} not found")
        resource = Resource(tenant_id, location.account_id, location.operator_id)
        await access.require(Action.READ, Area.REPORTS, resource, f"location {location_id}")
    if account_id is not None:
        account = await session.get(Account, account_id)
        if account is None or account.tenant_id != tenant_id:
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"account {account_id} not found")
        resource = Resource(tenant_id, account.id)
        await access.require(Action.READ, Area.REPORTS, resource, f"account {account_id}")
        accounts = (await access.tree()).administered_by(account.id)
    return operator, location, accounts


def _local(moment: datetime | None, zone: ZoneInfo) -> datetime | None:
    """A bound as aware UTC: without an offset it is a local time of the report's zone."""
    if moment is None:
        return None
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment


@router.get(
    "/reports/energy-revenue",
    response_model=EnergyRevenueReport,
    summary="Consumption and revenue, grouped (OP-7, CUS-6)",
    responses={**CSV_ANSWER, 404: {"description": "a filter names something not visible"}},
)
async def energy_revenue_report(
    access: AccessDep,
    services: ServicesDep,
    group_by: GroupBy = GroupBy.INTERVAL,
    interval: Annotated[
        Interval | None,
        Query(description="per local day or month (group_by=interval: day unless given)"),
    ] = None,
    start: Annotated[
        datetime | None, Query(alias="from", description="ended from (inclusive)")
    ] = None,
    end: Annotated[datetime | None, Query(alias="to", description="ended before")] = None,
    period: Annotated[
        str | None, Query(pattern=PERIOD, description='instead of from/to: "2026-11"')
    ] = None,
    operator_id: int | None = None,
    location_id: int | None = None,
    account_id: Annotated[int | None, Query(description="this account and those under it")] = None,
    tenant_id: Annotated[int | None, Query(description="platform admins only")] = None,
    format_: Format = None,
    accept: AcceptHeader = None,
) -> EnergyRevenueReport | Response:
    """Sessions, energy (kWh) and revenue excl./incl. VAT from CDRs, per operator, location,
    company or local interval; with ``interval`` also per local day or month of each group.
    Times in the answer carry the local UTC offset."""
    if group_by is GroupBy.INTERVAL and interval is None:
        interval = Interval.DAY
    tenant_ = access.tenant_for(tenant_id)
    async with services.db.read() as session:
        tenant = await session.get(Tenant, tenant_)
        if tenant is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"tenant {tenant_} not found")
        operator, location, accounts = await _filters(
            session, access, tenant.id, operator_id, location_id, account_id
        )
        zone = report_zone(tenant, operator, location)
        if period is not None:
            start, end = Period.parse(period).bounds(zone)
        filters = Filters(_local(start, zone), _local(end, zone), operator, location, accounts)
        report = await energy_revenue(
            session, tenant, await access.visibility(Area.REPORTS), group_by, interval, filters
        )
    if not _wants_csv(format_, accept):
        return _report_public(report)
    return _csv(
        f"energy-revenue-{group_by.value}.csv",
        [
            "group_id",
            "group_name",
            "period_start",
            "timezone",
            "sessions",
            "energy_kwh",
            "revenue_excl_vat",
            "revenue_incl_vat",
            "currency",
        ],
        [
            [
                r.group_id,
                r.group_name,
                r.period_start,
                r.timezone,
                r.totals.sessions,
                r.totals.energy_kwh,
                r.totals.revenue_excl_vat,
                r.totals.revenue_incl_vat,
                report.currency,
            ]
            for r in report.rows
        ],
    )


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
    return _csv(
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
    if _wants_csv(format_, accept):
        return _statement_csv(row)
    return StatementPublic.model_validate(row)
