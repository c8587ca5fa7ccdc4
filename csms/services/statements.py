"""Statements per period: what an installer earns from each connected account with a service
plan (CA-3), and what the platform earns from each operator with commission settings (OP-9).

Idempotent per (tenant, kind, subject, period): a subject settled once is never settled
again, so a second run of a period writes nothing and answers the rows of the first. A plan
or commission set up after a run is settled by the next run of that period.

The money comes from CDRs of purpose ``charging`` that ended in the period (in the tenant's
timezone). Credit CDRs are negative, so plain sums are net of corrections; a credit counts
as minus one session, so a corrected session counts once.

The service plans (CA-3) and commission settings (OP-9) they settle are read and written
here too; the queries are csms.db.repositories.statements.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from csms.db.database import Database
from csms.db.models import Account, Operator, ServicePlan, Statement, Tenant
from csms.db.repositories.accounts import AccountRepository
from csms.db.repositories.operators import OperatorRepository
from csms.db.repositories.statements import ChargingLine, StatementRepository
from csms.domain.money import Period, cents
from csms.domain.permissions import Action, Area, Resource
from csms.domain.settlement import Terms, settle
from csms.services.access import Access
from csms.services.clock import Clock
from csms.services.errors import Conflict, Forbidden, Invalid, NotFound

SERVICE_PLAN = "service_plan"
COMMISSION = "commission"
KWH = Decimal("0.000001")
PCT = Decimal("0.0001")


@dataclass(frozen=True, slots=True)
class Volume:
    """Sessions, energy and revenue of a set of CDRs, net of credits."""

    sessions: int = 0
    energy_kwh: Decimal = Decimal(0)
    revenue_excl_vat: Decimal = Decimal(0)


@dataclass(frozen=True, slots=True)
class ServicePlanView:
    """A connected account's service plan; ``created`` when this call made it."""

    account_id: int
    primary_account_id: int | None
    revenue_share_pct: Decimal
    fixed_fee: Decimal
    currency: str
    updated_at: datetime
    created: bool = False


@dataclass(frozen=True, slots=True)
class CommissionView:
    """An operator's commission settings (None: not charged)."""

    operator_id: int
    currency: str
    commission_pct: Decimal | None
    commission_fixed_fee: Decimal | None
    commission_per_kwh: Decimal | None


def volume(lines: Iterable[ChargingLine]) -> Volume:
    """Sum ``lines``; a credit subtracts its session."""
    sessions, energy, revenue = 0, Decimal(0), Decimal(0)
    for line in lines:
        sessions += -1 if line.kind == "credit" else 1
        energy += line.energy_kwh
        revenue += line.total_excl_vat
    return Volume(sessions, energy, revenue)


async def settle_period(
    session: AsyncSession, tenant_id: int, period: str
) -> tuple[list[Statement], int]:
    """Stage the statements ``period`` still lacks in ``session`` (the caller's unit of work
    commits, e.g. a monthly billing run). Returns all the period's statements and how many
    were new. ValueError for a malformed period, NotFound for a missing tenant."""
    tenant = await AccountRepository(session).tenant(tenant_id)
    if tenant is None:
        raise NotFound(f"tenant {tenant_id} not found")
    statements = StatementRepository(session)
    start, end = Period.parse(period).bounds(ZoneInfo(tenant.timezone))
    existing = {(s.kind, s.subject): s for s in await statements.of_period(tenant_id, period)}
    due = [
        item
        for item in await _plans(statements, tenant_id) + await _commissions(statements, tenant_id)
        if (item[0], item[1]) not in existing
    ]
    if due:
        lines = await statements.charging_lines(tenant_id, start, end)
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
            statements.add(row)
            existing[(kind, subject)] = row
        await statements.flush()
    rows = sorted(
        existing.values(),
        key=lambda s: (s.kind != SERVICE_PLAN, s.account_id or s.operator_id or 0, s.subject),
    )
    return rows, len(due)


_Due = tuple[str, str, int | None, int | None, Terms]


async def _plans(statements: StatementRepository, tenant_id: int) -> list[_Due]:
    return [
        (
            SERVICE_PLAN,
            f"account:{p.account_id}",
            p.account_id,
            None,
            Terms(share_pct=p.revenue_share_pct, fixed_fee=p.fixed_fee),
        )
        for p in await statements.connected_plans(tenant_id)
    ]


async def _commissions(statements: StatementRepository, tenant_id: int) -> list[_Due]:
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
        for o in await statements.commissioned_operators(tenant_id)
    ]


class StatementService:
    """Service plans, commissions and statements; each method is one unit of work that
    checks the caller's rights inside it (csms.services.access)."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    # --- service plans of connected accounts (CA-3) ---------------------------------------

    async def set_service_plan(
        self, access: Access, account_id: int, revenue_share_pct: Decimal, fixed_fee: Decimal
    ) -> ServicePlanView:
        """Create or replace the plan (``created`` says which)."""
        now = self.clock.now()
        try:
            async with self.db.write() as session:
                account = await _plan_account(session, access, account_id, Action.WRITE)
                statements = StatementRepository(session)
                plan = await statements.service_plan(account.id)
                created = plan is None
                if plan is None:
                    plan = ServicePlan(tenant_id=account.tenant_id, account_id=account.id)
                    statements.add(plan)
                plan.revenue_share_pct = revenue_share_pct
                plan.fixed_fee = fixed_fee
                plan.updated_at = now
                await statements.flush()
                view = await _plan_view(session, plan, account, created=created)
        except IntegrityError as exc:  # two first PUTs at once: the unique account_id
            raise Conflict("the service plan changed meanwhile; try again") from exc
        return view

    async def service_plan(self, access: Access, account_id: int) -> ServicePlanView:
        async with self.db.read() as session:
            account = await _plan_account(session, access, account_id, Action.READ)
            plan = await _existing_plan(StatementRepository(session), account_id)
            return await _plan_view(session, plan, account)

    async def end_service_plan(self, access: Access, account_id: int) -> None:
        """Statements already run keep their amounts; later periods settle nothing."""
        async with self.db.write() as session:
            await _plan_account(session, access, account_id, Action.WRITE)
            statements = StatementRepository(session)
            await statements.delete_service_plan(await _existing_plan(statements, account_id))

    # --- operator commission (OP-9) -------------------------------------------------------

    async def commission(self, access: Access, operator_id: int) -> CommissionView:
        async with self.db.read() as session:
            operator = await _operator(session, access, operator_id, Action.READ)
            return await _commission_view(session, operator)

    async def set_commission(
        self,
        access: Access,
        operator_id: int,
        *,
        pct: Decimal | None,
        fixed_fee: Decimal | None,
        per_kwh: Decimal | None,
    ) -> CommissionView:
        async with self.db.write() as session:
            operator = await _operator(session, access, operator_id, Action.WRITE)
            operator.commission_pct = pct
            operator.commission_fixed_fee = fixed_fee
            operator.commission_per_kwh = per_kwh
            await session.flush()
            return await _commission_view(session, operator)

    # --- statements -----------------------------------------------------------------------

    async def run(
        self, access: Access, tenant_id: int | None, period: str
    ) -> tuple[list[Statement], int]:
        """Settle ``period`` for the tenant (tenant admins): all the period's statements, the
        ones of earlier runs included, and how many are new."""
        tenant = access.tenant_for(tenant_id)
        if not await access.allows(Action.WRITE, Area.BILLING, Resource(tenant)):
            raise Forbidden("not allowed to run statements")
        try:
            async with self.db.write() as session:
                return await settle_period(session, tenant, period)
        except IntegrityError as exc:  # a concurrent run of the same period (PostgreSQL)
            raise Conflict(f"period {period} is being settled; try again") from exc

    async def page(
        self,
        access: Access,
        *,
        offset: int,
        limit: int,
        period: str | None = None,
        kind: str | None = None,
    ) -> tuple[Sequence[Statement], int]:
        seen = await access.visibility(Area.BILLING)
        async with self.db.read() as session:
            return await StatementRepository(session).page(
                offset=offset, limit=limit, seen=seen, period=period, kind=kind
            )

    async def get(self, access: Access, statement_id: int) -> Statement:
        async with self.db.read() as session:
            row = await StatementRepository(session).get(statement_id)
        if row is None:
            raise NotFound(f"statement {statement_id} not found")
        resource = Resource(row.tenant_id, row.account_id, row.operator_id)
        await access.require(Action.READ, Area.BILLING, resource, f"statement {statement_id}")
        return row


async def _plan_account(
    session: AsyncSession, access: Access, account_id: int, action: Action
) -> Account:
    """The connected account whose plan the caller may ``action``: NotFound when invisible,
    Invalid when not a connected account, Forbidden when only readable."""
    account = await AccountRepository(session).account(account_id)
    if account is None:
        raise NotFound(f"account {account_id} not found")
    what = f"account {account_id}'s service plan"
    await access.require(Action.READ, Area.BILLING, Resource(account.tenant_id, account.id), what)
    if account.kind != "connected" or account.primary_account_id is None:
        raise Invalid(
            f"account {account_id} is not a connected account; only those have a service plan"
        )
    if action is Action.WRITE:
        # The primary account's side sets the plan: write on the connected account itself
        # (which its own admins have) is not enough.
        primary = Resource(account.tenant_id, account.primary_account_id)
        if not await access.allows(Action.WRITE, Area.BILLING, primary):
            raise Forbidden(f"not allowed to change {what}")
    return account


async def _existing_plan(statements: StatementRepository, account_id: int) -> ServicePlan:
    plan = await statements.service_plan(account_id)
    if plan is None:
        raise NotFound(f"account {account_id} has no service plan")
    return plan


async def _currency(session: AsyncSession, tenant_id: int) -> str:
    tenant: Tenant | None = await AccountRepository(session).tenant(tenant_id)
    return tenant.currency if tenant else "EUR"


async def _plan_view(
    session: AsyncSession, plan: ServicePlan, account: Account, *, created: bool = False
) -> ServicePlanView:
    return ServicePlanView(
        account_id=account.id,
        primary_account_id=account.primary_account_id,
        revenue_share_pct=plan.revenue_share_pct,
        fixed_fee=plan.fixed_fee,
        currency=await _currency(session, account.tenant_id),
        updated_at=plan.updated_at,
        created=created,
    )


async def _operator(
    session: AsyncSession, access: Access, operator_id: int, action: Action
) -> Operator:
    operator = await OperatorRepository(session).get(operator_id)
    if operator is None:
        raise NotFound(f"operator {operator_id} not found")
    resource = Resource(operator.tenant_id, None, operator.id)
    await access.require(action, Area.BILLING, resource, f"operator {operator_id}'s commission")
    return operator


async def _commission_view(session: AsyncSession, operator: Operator) -> CommissionView:
    return CommissionView(
        operator_id=operator.id,
        currency=await _currency(session, operator.tenant_id),
        commission_pct=operator.commission_pct,
        commission_fixed_fee=operator.commission_fixed_fee,
        commission_per_kwh=operator.commission_per_kwh,
    )
