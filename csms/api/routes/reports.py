"""Energy and revenue reports (OP-7, CUS-6), as JSON or CSV.

Reports (Area.REPORTS) are filtered to what the caller's grants reach: tenant staff the
tenant, an operator user its operator, an account admin its accounts, a driver its own. A
filter naming an operator, location or account the caller cannot see answers 404. ``from``
and ``to`` (or ``period``) without an offset are local times of the report's zone; ``to``
is exclusive.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, HTTPException, Query, Response, status
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
from csms.api.schemas_reports import (
    EnergyRevenueReport,
    ReportRowPublic,
    ReportTotals,
)
from csms.db.models import Account, Location, Operator, Tenant
from csms.domain.money import Period
from csms.domain.permissions import Action, Area, Resource
from csms.domain.reporting import Interval
from csms.services.reports import Filters, GroupBy, Report, Totals, energy_revenue, report_zone

router = APIRouter(tags=["reports"])


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
    if not wants_csv(format_, accept):
        return _report_public(report)
    return csv_response(
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
