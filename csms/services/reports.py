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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from csms.db.models import Account, Cdr, Location, Operator, Tenant
from csms.domain.permissions import Visibility
from csms.domain.reporting import Interval, period_start


class GroupBy(StrEnum):
    OPERATOR = "operator"
    LOCATION = "location"
    COMPANY = "company"
    INTERVAL = "interval"


@dataclass(frozen=True, slots=True)
class Line:
    """The columns of one CDR a report reads."""

    kind: str
    purpose: str
    operator_id: int | None
    location_id: int | None
    payer_account_id: int | None
    energy_kwh: Decimal
    total_excl_vat: Decimal
    total_incl_vat: Decimal
    ended_at: datetime


@dataclass(slots=True)
class Totals:
    sessions: int = 0
    energy_kwh: Decimal = Decimal(0)
    revenue_excl_vat: Decimal = Decimal(0)
    revenue_incl_vat: Decimal = Decimal(0)

    def add(self, line: Line) -> None:
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


def visible_cdrs(query: Select[Any], seen: Visibility) -> Select[Any]:
    """Keep the CDRs the caller may report on (the same grants as can())."""
    if seen.everything:
        return query
    query = query.where(Cdr.tenant_id == seen.tenant_id)
    if seen.tenant_wide:
        return query
    reach = []
    if seen.account_ids:
        reach += [
            Cdr.payer_account_id.in_(seen.account_ids),
            Cdr.payee_account_id.in_(seen.account_ids),
        ]
    if seen.operator_ids:
        reach.append(Cdr.operator_id.in_(seen.operator_ids))
    return query.where(or_(*reach)) if reach else query.where(false())


async def energy_revenue(
    session: AsyncSession,
    tenant: Tenant,
    seen: Visibility,
    group_by: GroupBy,
    interval: Interval | None,
    filters: Filters,
) -> Report:
    """The report of the tenant's CDRs the caller sees, narrowed by ``filters``, per group
    and (with ``interval``) per local period of each group."""
    zone = report_zone(tenant, filters.operator, filters.location)
    lines = await _lines(session, tenant.id, seen, filters)
    names: dict[int, tuple[str | None, ZoneInfo]] = {}
    company: dict[int, int] = {}
    if group_by is GroupBy.OPERATOR:
        names = await _operators(session, {x.operator_id for x in lines} - {None})
    elif group_by is GroupBy.LOCATION:
        names = await _locations(session, {x.location_id for x in lines} - {None})
    elif group_by is GroupBy.COMPANY:
        company, names = await _companies(session, tenant.id, seen, zone)

    def group_of(line: Line) -> int | None:
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


async def _lines(
    session: AsyncSession, tenant_id: int, seen: Visibility, filters: Filters
) -> list[Line]:
    # Summed in Python, not SQL: SQLite would add NUMERIC columns as floats.
    query = visible_cdrs(
        select(
            Cdr.kind,
            Cdr.purpose,
            Cdr.operator_id,
            Cdr.location_id,
            Cdr.payer_account_id,
            Cdr.energy_kwh,
            Cdr.total_excl_vat,
            Cdr.total_incl_vat,
            Cdr.ended_at,
        ).where(Cdr.tenant_id == tenant_id),
        seen,
    )
    if filters.start is not None:
        query = query.where(Cdr.ended_at >= filters.start)
    if filters.end is not None:
        query = query.where(Cdr.ended_at < filters.end)
    if filters.operator is not None:
        query = query.where(Cdr.operator_id == filters.operator.id)
    if filters.location is not None:
        query = query.where(Cdr.location_id == filters.location.id)
    if filters.account_ids is not None:
        query = query.where(
            or_(
                Cdr.payer_account_id.in_(filters.account_ids),
                Cdr.payee_account_id.in_(filters.account_ids),
            )
        )
    return [Line(*row) for row in (await session.execute(query.order_by(Cdr.id))).all()]


async def _operators(
    session: AsyncSession, ids: Iterable[int | None]
) -> dict[int, tuple[str | None, ZoneInfo]]:
    rows: Sequence[Operator] = (
        await session.scalars(select(Operator).where(Operator.id.in_(list(ids))))
    ).all()
    return {o.id: (o.name, ZoneInfo(o.timezone)) for o in rows}


async def _locations(
    session: AsyncSession, ids: Iterable[int | None]
) -> dict[int, tuple[str | None, ZoneInfo]]:
    rows: Sequence[Location] = (
        await session.scalars(select(Location).where(Location.id.in_(list(ids))))
    ).all()
    return {loc.id: (loc.name, ZoneInfo(loc.timezone)) for loc in rows}


async def _companies(
    session: AsyncSession, tenant_id: int, seen: Visibility, zone: ZoneInfo
) -> tuple[dict[int, int], dict[int, tuple[str | None, ZoneInfo]]]:
    """account -> its company (following employer and parent links to the top), and the
    companies' names where the caller may see them."""
    rows = (
        await session.execute(
            select(Account.id, Account.employer_id, Account.parent_account_id, Account.name).where(
                Account.tenant_id == tenant_id
            )
        )
    ).all()
    up = {id_: employer or parent for id_, employer, parent, _ in rows}
    top: dict[int, int] = {}
    for account_id in up:
        current, steps = account_id, 0
        # The steps bound guards against a cycle in bad data; the tree is shallow.
        while up.get(current) is not None and steps < 32:
            current, steps = up[current], steps + 1  # type: ignore[assignment]
        top[account_id] = current
    everyone = seen.everything or seen.tenant_wide
    names = {
        id_: (name if everyone or id_ in seen.account_ids else None, zone)
        for id_, _, _, name in rows
    }
    return top, names
