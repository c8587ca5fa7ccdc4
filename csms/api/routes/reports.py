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

from fastapi import APIRouter, Query, Response

from csms.api.csv_answers import CSV_ANSWER, PERIOD, AcceptHeader, Format, csv_response, wants_csv
from csms.api.deps import AccessDep, ServicesDep
from csms.api.schemas_reports import EnergyRevenueReport, ReportRowPublic, ReportTotals
from csms.domain.reporting import Interval
from csms.services.reports import GroupBy, Report, Totals

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
    report = await services.reports.energy_revenue(
        access,
        tenant_id,
        group_by,
        interval,
        start=start,
        end=end,
        period=period,
        operator_id=operator_id,
        location_id=location_id,
        account_id=account_id,
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
