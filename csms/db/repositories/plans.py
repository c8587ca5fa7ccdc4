"""Billing plans, subscriptions (an asset activated on a plan) and enterprise plans (INV-5).
Rows are staged here; the caller's unit of work commits."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from csms.db.models import BillingPlan, EnterprisePlan, Subscription
from csms.db.repositories.paging import paginate


class PlanRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    def add(self, row: BillingPlan | Subscription | EnterprisePlan) -> None:
        self.session.add(row)

    async def plans(
        self, tenant_id: int | None, *, offset: int, limit: int
    ) -> tuple[Sequence[BillingPlan], int]:
        """A page of the tenant's billing plans (None: every tenant's)."""
        query = select(BillingPlan)
        if tenant_id is not None:
            query = query.where(BillingPlan.tenant_id == tenant_id)
        return await paginate(self.session, query, BillingPlan.id, offset=offset, limit=limit)

    async def plan(self, tenant_id: int, ref: str) -> BillingPlan | None:
        return await self.session.scalar(
            select(BillingPlan).where(BillingPlan.tenant_id == tenant_id, BillingPlan.ref == ref)
        )

    async def subscription(self, subscription_id: int) -> Subscription | None:
        return await self.session.get(Subscription, subscription_id)

    async def subscriptions(self, account_id: int) -> Sequence[Subscription]:
        """The account's subscriptions, oldest activation first."""
        rows = await self.session.scalars(
            select(Subscription)
            .where(Subscription.account_id == account_id)
            .order_by(Subscription.activated_at, Subscription.id)
        )
        return rows.all()

    async def active_on(self, tenant_id: int, asset_kind: str, asset_ref: str) -> int | None:
        """The id of the subscription the asset is active on, if any."""
        return await self.session.scalar(
            select(Subscription.id).where(
                Subscription.tenant_id == tenant_id,
                Subscription.asset_kind == asset_kind,
                Subscription.asset_ref == asset_ref,
                Subscription.deactivated_at.is_(None),
            )
        )

    async def enterprise_plan(self, account_id: int) -> EnterprisePlan | None:
        return await self.session.scalar(
            select(EnterprisePlan).where(EnterprisePlan.account_id == account_id)
        )

    async def delete(self, row: EnterprisePlan) -> None:
        await self.session.delete(row)
