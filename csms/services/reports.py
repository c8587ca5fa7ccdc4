"""Energy and revenue reports (OP-7, CUS-6): consumption, sessions and revenue from CDRs,
grouped by operator, location, company or local interval.

What counts:

- A CDR belongs to the moment it ended. Sessions and energy count every purpose (a
  reimbursed home session is consumption too); revenue counts purpose ``charging`` only.
  Credit CDRs are negative and count as minus one session, so sums are net of corrections.
- A caller sees the CDRs its grants reach (Area.REPORTS): tenant staff the whole tenant, an
  operator user its operators' CDRs, an account admin the CDRs its accounts pay or earn, a
  driver those of its own account.
- "Company" is the payer's company: an employee's employer, a sub-account's parent, up to
  the top; a name is shown only when the caller may see that account.
- Intervals are local days or months: of the row's operator or location when grouping by
  them, else of the filtered operator or location, else of the tenant.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from csms.db.database import Database
from csms.db.models import Location, Operator, Tenant
from csms.db.repositories.accounts import AccountRepository
from csms.db.repositories.locations import LocationRepository
from csms.db.repositories.operators import OperatorRepository
from csms.db.repositories.reports import AccountLink, ReportLine, ReportRepository
from csms.domain.money import Period
from csms.domain.permissions import Action, Area, Resource, Visibility
from csms.domain.reporting import Interval, period_start
from csms.services.access import Access
from csms.services.errors import NotFound


class GroupBy(StrEnum):
    OPERATOR = "operator"
    LOCATION = "location"
    COMPANY = "company"
    INTERVAL = "interval"


@dataclass(slots=True)
class Totals:
    sessions: int = 0
    energy_kwh: Decimal = Decimal(0)
    revenue_excl_vat: Decimal = Decimal(0)
    revenue_incl_vat: Decimal = Decimal(0)

    def add(self, line: ReportLine) -> None:
        self.sessions += -1 if line.kind == "credit" else 1
        self.energy_kwh += line.energy_kwh
        if line.purpose == "charging":
            self.revenue_excl_vat += line.total_excl_vat
            self.revenue_incl_vat += line.total_incl_vat


@dataclass(frozen=True, slots=True)
class Row:
    """One group (and, with an interval, one local period of it)."""

    group_id: int | None
    group_name: str | None
    period_start: datetime | None
    timezone: str
    totals: Totals


@dataclass(frozen=True, slots=True)
class Report:
    group_by: GroupBy
    interval: Interval | None
    timezone: str
    start: datetime | None
    end: datetime | None
    currency: str
    rows: list[Row]
    total: Totals = field(default_factory=Totals)


@dataclass(frozen=True, slots=True)
class Filters:
    """Narrowing a caller asked for; ``account_ids`` is an account and everything under it."""

    start: datetime | None = None
    end: datetime | None = None
    operator: Operator | None = None
    location: Location | None = None
    account_ids: frozenset[int] | None = None


def report_zone(tenant: Tenant, operator: Operator | None, location: Location | None) -> ZoneInfo:
    """The timezone a report is read in: the operator's, the location's, else the tenant's."""
    if operator is not None:
        return ZoneInfo(operator.timezone)
    if location is not None:
        return ZoneInfo(location.timezone)
    return ZoneInfo(tenant.timezone)


class ReportService:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def energy_revenue(
        self,
        access: Access,
        tenant_id: int | None,
        group_by: GroupBy,
        interval: Interval | None,
        *,
        start: datetime | None = None,
        end: datetime | None = None,
        period: str | None = None,
        operator_id: int | None = None,
        location_id: int | None = None,
        account_id: int | None = None,
    ) -> Report:
        """The report of the tenant's CDRs the caller sees (Area.REPORTS), narrowed to the
        CDRs that ended in [start, end) or in ``period`` ("2026-11", local), to an operator,
        a location, an account and those under it; per group and (with ``interval``, by
        default a day when grouping by interval) per local period of each group. A filter
        naming something the caller cannot report on: NotFound."""
        if group_by is GroupBy.INTERVAL and interval is None:
            interval = Interval.DAY
        tenant_ = access.tenant_for(tenant_id)
        async with self.db.read() as session:
            tenant = await AccountRepository(session).tenant(tenant_)
            if tenant is None:
                raise NotFound(f"tenant {tenant_} not found")
            operator, location, accounts = await _filters(
                session, access, tenant.id, operator_id, location_id, account_id
            )
            zone = report_zone(tenant, operator, location)
            if period is not None:
                start, end = Period.parse(period).bounds(zone)
            filters = Filters(_local(start, zone), _local(end, zone), operator, location, accounts)
            seen = await access.visibility(Area.REPORTS)
            return await _report(
                ReportRepository(session), tenant, seen, group_by, interval, filters
            )


async def _filters(
    session: AsyncSession,
    access: Access,
    tenant_id: int,
    operator_id: int | None,
    location_id: int | None,
    account_id: int | None,
) -> tuple[Operator | None, Location | None, frozenset[int] | None]:
    """The objects a report is narrowed to, each one the caller may report on (else
    NotFound)."""
    operator = location = None
    accounts = None
    if operator_id is not None:
        operator = await OperatorRepository(session).get(operator_id)
        if operator is None or operator.tenant_id != tenant_id:
            raise NotFound(f"operator {operator_id} not found")
        resource = Resource(tenant_id, None, operator.id)
        await access.require(Action.READ, Area.REPORTS, resource, f"operator {operator_id}")
    if location_id is not None:
        location = await LocationRepository(session).get(location_id)
        if location is None or location.tenant_id != tenant_id:
            raise NotFound(f"location {location_id} not found")
        resource = Resource(tenant_id, location.account_id, location.operator_id)
        await access.require(Action.READ, Area.REPORTS, resource, f"location {location_id}")
    if account_id is not None:
        account = await AccountRepository(session).account(account_id)
        if account is None or account.tenant_id != tenant_id:
            raise NotFound(f"account {account_id} not found")
        resource = Resource(tenant_id, account.id)
        await access.require(Action.READ, Area.REPORTS, resource, f"account {account_id}")
        accounts = (await access.tree()).administered_by(account.id)
    return operator, location, accounts


def _local(moment: datetime | None, zone: ZoneInfo) -> datetime | None:
    """A bound as aware UTC: without an offset it is a local time of the report's zone."""
    if moment is None:
        return None
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment


async def _report(
    reports: ReportRepository,
    tenant: Tenant,
    seen: Visibility,
    group_by: GroupBy,
    interval: Interval | None,
    filters: Filters,
) -> Report:
    zone = report_zone(tenant, filters.operator, filters.location)
    lines = await reports.lines(
        tenant.id,
        seen,
        start=filters.start,
        end=filters.end,
        operator_id=filters.operator.id if filters.operator else None,
        location_id=filters.location.id if filters.location else None,
        account_ids=filters.account_ids,
    )
    names: dict[int, tuple[str | None, ZoneInfo]] = {}
    company: dict[int, int] = {}
    if group_by is GroupBy.OPERATOR:
        ids = {x.operator_id for x in lines if x.operator_id is not None}
        names = {o.id: (o.name, ZoneInfo(o.timezone)) for o in await reports.operators(ids)}
    elif group_by is GroupBy.LOCATION:
        ids = {x.location_id for x in lines if x.location_id is not None}
        names = {x.id: (x.name, ZoneInfo(x.timezone)) for x in await reports.locations(ids)}
    elif group_by is GroupBy.COMPANY:
        company, names = _companies(await reports.account_links(tenant.id), seen, zone)

    def group_of(line: ReportLine) -> int | None:
        if group_by is GroupBy.OPERATOR:
            return line.operator_id
        if group_by is GroupBy.LOCATION:
            return line.location_id
        if group_by is GroupBy.COMPANY and line.payer_account_id is not None:
            return company.get(line.payer_account_id, line.payer_account_id)
        return None

    grouped: dict[tuple[int | None, date | None], Totals] = defaultdict(Totals)
    total = Totals()
    for line in lines:
        group = group_of(line)
        tz = names[group][1] if group in names else zone
        bucket = None if interval is None else period_start(line.ended_at, tz, interval)
        grouped[(group, bucket)].add(line)
        total.add(line)
    rows = []
    for (group, bucket), totals in sorted(grouped.items(), key=_order):
        name, tz = names.get(group, (None, zone)) if group is not None else (None, zone)
        start = None if bucket is None else datetime.combine(bucket, time(), tzinfo=tz)
        rows.append(Row(group, name, start, str(tz), totals))
    return Report(
        group_by=group_by,
        interval=interval,
        timezone=str(zone),
        start=filters.start.astimezone(zone) if filters.start else None,
        end=filters.end.astimezone(zone) if filters.end else None,
        currency=tenant.currency,
        rows=rows,
        total=total,
    )


def _order(item: tuple[tuple[int | None, date | None], Totals]) -> tuple[Any, ...]:
    (group, bucket), _ = item
    # Groups by id, the ungrouped (no operator, no location...) last; periods in order.
    return (group is None, group or 0, bucket or date.min)


def _companies(
    rows: Sequence[AccountLink], seen: Visibility, zone: ZoneInfo
) -> tuple[dict[int, int], dict[int, tuple[str | None, ZoneInfo]]]:
    """account -> its company (following employer and parent links to the top), and the
    companies' names where the caller may see them."""
    up = {id_: employer or parent for id_, employer, parent, _ in rows}
    top: dict[int, int] = {}
    for account_id in up:
        current, steps = account_id, 0
        # The steps bound guards against a cycle in bad data; the tree is shallow.
        while (above := up.get(current)) is not None and steps < 32:
            current, steps = above, steps + 1
        top[account_id] = current
    everyone = seen.everything or seen.tenant_wide
    names = {
        id_: (name if everyone or id_ in seen.account_ids else None, zone)
        for id_, _, _, name in rows
    }
    return top, names
