"""Billing plans, subscriptions and enterprise plans (INV-5). Each method is one unit of work;
the caller's rights are checked inside it (csms.services.access).

The tenant offers billing plans; a customer activates a charging asset (a station or a card)
on one, which makes a subscription billed per day of the month it is active. An enterprise
plan, set by the tenant for a whole account, replaces the assets' own plans with one price
per activated asset and may open the account's stations and cards to public charging.
Permission area: billing. Billing runs read all of this (csms.services.billing). Besides
whoever may write the account's billing (tenant staff, admins of the account or above it),
a private customer's own user (driver) activates and deactivates its own assets: the
customer chooses the plan (INV-5).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from csms.db.database import Database
from csms.db.models import Account, BillingPlan, EnterprisePlan, Subscription
from csms.db.repositories.accounts import AccountRepository
from csms.db.repositories.plans import PlanRepository
from csms.db.repositories.stations import StationRepository
from csms.db.repositories.tokens import TokenRepository
from csms.domain.permissions import Action, Area, Grant, Resource, Role
from csms.services.access import Access
from csms.services.clock import Clock
from csms.services.errors import Conflict, Forbidden, Invalid, NotFound


class PlanService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    # Billing plans.

    async def create_plan(
        self,
        access: Access,
        tenant_id: int | None,
        *,
        ref: str,
        name: str,
        asset_kind: str,
        monthly_price: Decimal,
        vat_rate: Decimal,
    ) -> BillingPlan:
        tenant_id = access.tenant_for(tenant_id)
        await access.require(Action.WRITE, Area.BILLING, Resource(tenant_id), "billing plans")
        plan = BillingPlan(
            tenant_id=tenant_id,
            ref=ref,
            name=name,
            asset_kind=asset_kind,
            monthly_price=monthly_price,
            vat_rate=vat_rate,
        )
        try:
            async with self.db.write() as session:
                PlanRepository(session).add(plan)
                await session.flush()
        except IntegrityError as exc:
            raise Conflict(f"a billing plan {ref!r} exists") from exc
        return plan

    async def plans(
        self, access: Access, *, offset: int, limit: int
    ) -> tuple[Sequence[BillingPlan], int]:
        """The plans of the caller's tenant: everyone there may pick one (platform admin:
        all)."""
        seen = await access.visibility(Area.BILLING)
        if not seen.everything and not (seen.tenant_wide or seen.account_ids or seen.operator_ids):
            return [], 0
        tenant_id = None if seen.everything else seen.tenant_id
        async with self.db.read() as session:
            return await PlanRepository(session).plans(tenant_id, offset=offset, limit=limit)

    # Subscriptions.

    async def subscribe(
        self,
        access: Access,
        account_id: int,
        *,
        plan: str,
        asset_kind: str,
        asset_ref: str,
        activated_at: datetime | None,
    ) -> Subscription:
        """Billed from ``activated_at`` (default now) per day of each month until it is
        deactivated."""
        async with self.db.write() as session:
            account = await _account(session, access, account_id)
            await _may_subscribe(access, account.tenant_id, account.id, f"account {account_id}")
            repo = PlanRepository(session)
            found = await repo.plan(account.tenant_id, plan)
            if found is None:
                raise NotFound(f"billing plan {plan!r} not found")
            if found.asset_kind != asset_kind:
                raise Invalid(f"plan {found.ref!r} is for {found.asset_kind}s, not {asset_kind}s")
            await _check_asset(session, account, asset_kind, asset_ref)
            active = await repo.active_on(account.tenant_id, asset_kind, asset_ref)
            if active is not None:
                raise Conflict(
                    f"{asset_kind} {asset_ref!r} is active already (subscription {active})"
                )
            sub = Subscription(
                tenant_id=account.tenant_id,
                account_id=account.id,
                plan_id=found.id,
                asset_kind=asset_kind,
                asset_ref=asset_ref,
                activated_at=activated_at or self.clock.now(),
            )
            repo.add(sub)
            await session.flush()
        return sub

    async def subscriptions(self, access: Access, account_id: int) -> Sequence[Subscription]:
        async with self.db.read() as session:
            await _account(session, access, account_id)
            return await PlanRepository(session).subscriptions(account_id)

    async def deactivate(
        self, access: Access, subscription_id: int, deactivated_at: datetime | None
    ) -> Subscription:
        """Billing stops that day (``deactivated_at``, default now)."""
        async with self.db.write() as session:
            sub = await PlanRepository(session).subscription(subscription_id)
            if sub is None:
                raise NotFound(f"subscription {subscription_id} not found")
            what = f"subscription {subscription_id}"
            await _may_subscribe(access, sub.tenant_id, sub.account_id, what)
            if sub.deactivated_at is not None:
                raise Conflict(f"subscription {subscription_id} is deactivated already")
            when = deactivated_at or self.clock.now()
            if when < sub.activated_at:
                raise Invalid("deactivated_at is before activated_at")
            sub.deactivated_at = when
        return sub

    # Enterprise plans.

    async def set_enterprise_plan(
        self,
        access: Access,
        account_id: int,
        *,
        price_per_asset: Decimal,
        vat_rate: Decimal,
        public_charging: bool,
    ) -> EnterprisePlan:
        """A price per activated asset, replacing the assets' billing plans from the next
        billing run on."""
        async with self.db.write() as session:
            account = await _account(session, access, account_id)
            await _tenant_sets_plans(access, account)
            repo = PlanRepository(session)
            plan = await repo.enterprise_plan(account.id)
            if plan is None:
                plan = EnterprisePlan(tenant_id=account.tenant_id, account_id=account.id)
                repo.add(plan)
            plan.price_per_asset = price_per_asset
            plan.vat_rate = vat_rate
            plan.public_charging = public_charging
            await session.flush()
            await session.refresh(plan)
        return plan

    async def enterprise_plan(self, access: Access, account_id: int) -> EnterprisePlan:
        async with self.db.read() as session:
            await _account(session, access, account_id)
            return await _enterprise_plan(PlanRepository(session), account_id)

    async def end_enterprise_plan(self, access: Access, account_id: int) -> None:
        """From the next billing run on, the assets are billed on their own plans again."""
        async with self.db.write() as session:
            account = await _account(session, access, account_id)
            await _tenant_sets_plans(access, account)
            repo = PlanRepository(session)
            await repo.delete(await _enterprise_plan(repo, account.id))


async def _account(session: AsyncSession, access: Access, account_id: int) -> Account:
    """The account if the caller may read its billing: NotFound when missing or invisible."""
    account = await AccountRepository(session).account(account_id)
    if account is None:
        raise NotFound(f"account {account_id} not found")
    resource = Resource(account.tenant_id, account.id)
    await access.require(Action.READ, Area.BILLING, resource, f"account {account_id}")
    return account


async def _enterprise_plan(repo: PlanRepository, account_id: int) -> EnterprisePlan:
    plan = await repo.enterprise_plan(account_id)
    if plan is None:
        raise NotFound(f"account {account_id} has no enterprise plan")
    return plan


async def _may_subscribe(access: Access, tenant_id: int, account_id: int, what: str) -> None:
    """Write access to the account's billing, or the customer's own driver (INV-5)."""
    if Grant(Role.DRIVER, account_id) in access.principal.grants:
        await access.require(Action.READ, Area.BILLING, Resource(tenant_id, account_id), what)
        return
    await access.require(Action.WRITE, Area.BILLING, Resource(tenant_id, account_id), what)


async def _tenant_sets_plans(access: Access, account: Account) -> None:
    """An enterprise plan is the tenant's commercial agreement with the account: its admins
    set it, the account itself only reads it."""
    if not await access.allows(Action.WRITE, Area.BILLING, Resource(account.tenant_id)):
        raise Forbidden("only the tenant may change an enterprise plan")


async def _check_asset(session: AsyncSession, account: Account, kind: str, ref: str) -> None:
    """The asset must exist in the account's tenant and belong to the account (a station
    attached to it as customer, or its card)."""
    if kind == "station":
        station = await StationRepository(session).get(ref)
        owner = None if station is None else (station.tenant_id, station.customer_id)
    else:
        card = await TokenRepository(session).get(ref)
        owner = None if card is None else (card.tenant_id, card.account_id)
    if owner != (account.tenant_id, account.id):
        raise Invalid(f"{kind} {ref!r} is not one of account {account.id}'s")
