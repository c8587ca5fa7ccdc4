"""Statements per period: what an installer earns from each connected account with a service
plan (CA-3), and what the platform earns from each operator with commission settings (OP-9).

Idempotent per (tenant, kind, subject, period): a subject settled once is never settled
again, so a second run of a period writes nothing and answers the rows of the first. A plan
or commission set up after a run is settled by the next run of that period.

The money comes from CDRs of purpose ``charging`` that ended in the period (in the tenant's
timezone). Credit CDRs are negative, so plain sums are net of corrections; a credit counts
as minus one session, so a corrected session counts once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from csms.db.database import Database
from csms.db.models import Account, Cdr, Operator, ServicePlan, Statement, Tenant
from csms.db.repositories.accounts import AccountRepository
from csms.domain.money import Period, cents
from csms.domain.settlement import Terms, settle

SERVICE_PLAN = "service_plan"
COMMISSION = "commission"
KWH = Decimal("0.000001")
PCT = Decimal("0.0001")


class UnknownTenant(LookupError):
    """The tenant to settle does not exist."""


@dataclass(frozen=True, slots=True)
class _Line:
    """The columns of one CDR that settlement reads."""

    kind: str
    operator_id: int | None
    payee_account_id: int | None
    energy_kwh: Decimal
    total_excl_vat: Decimal


@dataclass(frozen=True, slots=True)
class Volume:
    """Sessions, energy and revenue of a set of CDRs, net of credits."""

    sessions: int = 0
    energy_kwh: Decimal = Decimal(0)
    revenue_excl_vat: Decimal = Decimal(0)


def volume(lines: Iterable[_Line]) -> Volume:
    """Sum ``lines``; a credit subtracts its session."""
    sessions, energy, revenue = 0, Decimal(0), Decimal(0)
    for line in lines:
        sessions += -1 if line.kind == "credit" else 1
        energy += line.energy_kwh
        revenue += line.total_excl_vat
    return Volume(sessions, energy, revenue)


async def run_statements(db: Database, tenant_id: int, period: str) -> list[Statement]:
    """Settle ``period`` ("2026-11") for the tenant in one unit of work, and return every
    statement of that period, the ones of earlier runs included."""
    async with db.write() as session:
        rows, _created = await settle_period(session, tenant_id, period)
    return rows


async def settle_period(
    session: AsyncSession, tenant_id: int, period: str
) -> tuple[list[Statement], int]:
    """Stage the statements ``period`` still lacks in ``session`` (the caller's unit of work
    commits, e.g. a monthly billing run). Returns all the period's statements and how many
    were new. ValueError for a malformed period, UnknownTenant for a missing tenant."""
    tenant = await session.get(Tenant, tenant_id)
    if tenant is None:
        raise UnknownTenant(f"tenant {tenant_id} not found")
    start, end = Period.parse(period).bounds(ZoneInfo(tenant.timezone))
    existing = {
        (s.kind, s.subject): s
        for s in await session.scalars(
            select(Statement).where(Statement.tenant_id == tenant_id, Statement.period == period)
        )
    }
    due = [
        item
        for item in await _plans(session, tenant_id) + await _commissions(session, tenant_id)
        if (item[0], item[1]) not in existing
    ]
    if due:
        lines = await _charging_lines(session, tenant_id, start, end)
        tree = await AccountRepository(session).tree(tenant_id)
        for kind, subject, account_id, operator_id, terms in due:
            if account_id is not None:
                under = tree.administered_by(account_id)
                used = volume(x for x in lines if x.payee_account_id in under)
            else:
                used = volume(x for x in lines if x.operator_id == operator_id)
            amounts = settle(used.revenue_excl_vat, used.energy_kwh, terms)
            row = Statement(
                tenant_id=tenant_id,
                kind=kind,
                subject=subject,
                account_id=account_id,
                operator_id=operator_id,
                period=period,
                currency=tenant.currency,
                sessions=used.sessions,
                # At the columns' scales, so this run answers what a later one reads back.
                energy_kwh=used.energy_kwh.quantize(KWH),
                revenue_excl_vat=cents(amounts.revenue_excl_vat),
                share_pct=amounts.share_pct.quantize(PCT),
                share_amount=amounts.share_amount,
                fees=amounts.fees,
                total_excl_vat=amounts.total_excl_vat,
            )
            session.add(row)
            existing[(kind, subject)] = row
        await session.flush()
    rows = sorted(
        existing.values(),
        key=lambda s: (s.kind != SERVICE_PLAN, s.account_id or s.operator_id or 0, s.subject),
    )
    return rows, len(due)


_Due = tuple[str, str, int | None, int | None, Terms]


async def _plans(session: AsyncSession, tenant_id: int) -> list[_Due]:
    """The service plans of the tenant's connected accounts."""
    plans: Sequence[ServicePlan] = (
        await session.scalars(
            select(ServicePlan)
            .join(Account, Account.id == ServicePlan.account_id)
            .where(ServicePlan.tenant_id == tenant_id, Account.kind == "connected")
            .order_by(ServicePlan.account_id)
        )
    ).all()
    return [
        (
            SERVICE_PLAN,
            f"account:{p.account_id}",
            p.account_id,
            None,
            Terms(share_pct=p.revenue_share_pct, fixed_fee=p.fixed_fee),
        )
        for p in plans
    ]


async def _commissions(session: AsyncSession, tenant_id: int) -> list[_Due]:
    """The tenant's operators with any commission setting."""
    operators: Sequence[Operator] = (
        await session.scalars(
            select(Operator)
            .where(
                Operator.tenant_id == tenant_id,
                or_(
                    Operator.commission_pct.is_not(None),
                    Operator.commission_fixed_fee.is_not(None),
                    Operator.commission_per_kwh.is_not(None),
                ),
            )
            .order_by(Operator.id)
        )
    ).all()
    zero = Decimal(0)
    return [
        (
            COMMISSION,
            f"operator:{o.id}",
            None,
            o.id,
            Terms(
                share_pct=o.commission_pct or zero,
                fixed_fee=o.commission_fixed_fee or zero,
                per_kwh=o.commission_per_kwh or zero,
            ),
        )
        for o in operators
    ]


async def _charging_lines(
    session: AsyncSession, tenant_id: int, start: datetime, end: datetime
) -> list[_Line]:
    # Summed in Python, not SQL: SQLite would add NUMERIC columns as floats.
    rows = await session.execute(
        select(
            Cdr.kind, Cdr.operator_id, Cdr.payee_account_id, Cdr.energy_kwh, Cdr.total_excl_vat
        ).where(
            Cdr.tenant_id == tenant_id,
            Cdr.purpose == "charging",
            Cdr.ended_at >= start,
            Cdr.ended_at < end,
        )
    )
    return [_Line(*row) for row in rows.all()]
