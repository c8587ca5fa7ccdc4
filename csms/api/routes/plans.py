"""Billing plans, subscriptions and enterprise plans (INV-5).

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

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Response, status
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from csms.api.deps import Access, AccessDep, ServicesDep
from csms.api.schemas import Page
from csms.api.schemas_billing import (
    BillingPlanCreate,
    BillingPlanPublic,
    EnterprisePlanPublic,
    EnterprisePlanSet,
    SubscriptionCreate,
    SubscriptionDeactivate,
    SubscriptionPublic,
)
from csms.db.models import Account, BillingPlan, EnterprisePlan, IdTokenRow, Station, Subscription
from csms.db.repositories.paging import paginate
from csms.domain.permissions import Action, Area, Grant, Resource, Role

router = APIRouter(tags=["billing plans"])

_NOT_FOUND = {404: {"description": "no such account or subscription (or of another tenant)"}}


async def _account(
    session: AsyncSession, access: Access, account_id: int, action: Action
) -> Account:
    """The account if the caller may ``action`` its billing: 404 when missing or invisible,
    403 when visible but not for ``action``."""
    account = await session.get(Account, account_id)
    if account is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"account {account_id} not found")
    resource = Resource(account.tenant_id, account.id)
    await access.require(action, Area.BILLING, resource, f"account {account_id}")
    return account


async def _may_subscribe(access: Access, tenant_id: int, account_id: int, what: str) -> None:
    """Write access to the account's billing, or the customer's own driver (INV-5)."""
    if Grant(Role.DRIVER, account_id) in access.principal.grants:
        await access.require(Action.READ, Area.BILLING, Resource(tenant_id, account_id), what)
        return
    await access.require(Action.WRITE, Area.BILLING, Resource(tenant_id, account_id), what)


# --- billing plans --------------------------------------------------------------------------


@router.post(
    "/billing-plans",
    status_code=status.HTTP_201_CREATED,
    response_model=BillingPlanPublic,
    summary="Offer a billing plan",
    responses={409: {"description": "ref taken in the tenant"}},
)
async def create_plan(
    body: BillingPlanCreate, access: AccessDep, services: ServicesDep
) -> BillingPlanPublic:
    tenant_id = access.tenant_for(body.tenant_id)
    await access.require(Action.WRITE, Area.BILLING, Resource(tenant_id), "billing plans")
    plan = BillingPlan(
        tenant_id=tenant_id,
        ref=body.ref,
        name=body.name,
        asset_kind=body.asset_kind,
        monthly_price=body.monthly_price,
        vat_rate=body.vat_rate,
    )
    try:
        async with services.db.write() as session:
            session.add(plan)
            await session.flush()
    except IntegrityError as exc:
        raise HTTPException(
            status.HTTP_409_CONFLICT, f"a billing plan {body.ref!r} exists"
        ) from exc
    return BillingPlanPublic.model_validate(plan)


@router.get("/billing-plans", response_model=Page[BillingPlanPublic], summary="List billing plans")
async def list_plans(
    access: AccessDep,
    services: ServicesDep,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> Page[BillingPlanPublic]:
    """The plans of the caller's tenant: everyone there may pick one (platform admin: all)."""
    seen = await access.visibility(Area.BILLING)
    query = select(BillingPlan)
    if not seen.everything:
        if not (seen.tenant_wide or seen.account_ids or seen.operator_ids):
            return Page(items=[], total=0, offset=offset, limit=limit)
        query = query.where(BillingPlan.tenant_id == seen.tenant_id)
    async with services.db.read() as session:
        rows, total = await paginate(session, query, BillingPlan.id, offset=offset, limit=limit)
    items = [BillingPlanPublic.model_validate(r) for r in rows]
    return Page(items=items, total=total, offset=offset, limit=limit)


# --- subscriptions --------------------------------------------------------------------------


async def _check_asset(session: AsyncSession, account: Account, kind: str, ref: str) -> None:
    """The asset must exist in the account's tenant and belong to the account (a station
    attached to it as customer, or its card)."""
    if kind == "station":
        station = await session.get(Station, ref)
        owner = None if station is None else (station.tenant_id, station.customer_id)
    else:
        card = await session.scalar(select(IdTokenRow).where(IdTokenRow.value == ref))
        owner = None if card is None else (card.tenant_id, card.account_id)
    if owner != (account.tenant_id, account.id):
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            f"{kind} {ref!r} is not one of account {account.id}'s",
        )


@router.post(
    "/accounts/{account_id}/subscriptions",
    status_code=status.HTTP_201_CREATED,
    response_model=SubscriptionPublic,
    summary="Activate an asset on a billing plan",
    responses={**_NOT_FOUND, 409: {"description": "the asset is active already"}},
)
async def subscribe(
    account_id: int, body: SubscriptionCreate, access: AccessDep, services: ServicesDep
) -> SubscriptionPublic:
    """INV-5: billed from ``activated_at`` per day of each month until it is deactivated."""
    async with services.db.write() as session:
        account = await _account(session, access, account_id, Action.READ)
        await _may_subscribe(access, account.tenant_id, account.id, f"account {account_id}")
        plan = await session.scalar(
            select(BillingPlan).where(
                BillingPlan.tenant_id == account.tenant_id, BillingPlan.ref == body.plan
            )
        )
        if plan is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"billing plan {body.plan!r} not found")
        if plan.asset_kind != body.asset_kind:
            raise HTTPException(
                status.HTTP_422_UNPROCESSABLE_CONTENT,
                f"plan {plan.ref!r} is for {plan.asset_kind}s, not {body.asset_kind}s",
            )
        await _check_asset(session, account, body.asset_kind, body.asset_ref)
        active = await session.scalar(
            select(Subscription.id).where(
                Subscription.tenant_id == account.tenant_id,
                Subscription.asset_kind == body.asset_kind,
                Subscription.asset_ref == body.asset_ref,
                Subscription.deactivated_at.is_(None),
            )
        )
        if active is not None:
            raise HTTPException(
                status.HTTP_409_CONFLICT,
                f"{body.asset_kind} {body.asset_ref!r} is active already (subscription {active})",
            )
        sub = Subscription(
            tenant_id=account.tenant_id,
            account_id=account.id,
            plan_id=plan.id,
            asset_kind=body.asset_kind,
            asset_ref=body.asset_ref,
            activated_at=body.activated_at or services.clock.now(),
        )
        session.add(sub)
        await session.flush()
    return SubscriptionPublic.model_validate(sub)


@router.get(
    "/accounts/{account_id}/subscriptions",
    response_model=list[SubscriptionPublic],
    summary="An account's subscriptions",
    responses=_NOT_FOUND,
)
async def list_subscriptions(
    account_id: int, access: AccessDep, services: ServicesDep
) -> list[SubscriptionPublic]:
    async with services.db.read() as session:
        await _account(session, access, account_id, Action.READ)
        rows = await session.scalars(
            select(Subscription)
            .where(Subscription.account_id == account_id)
            .order_by(Subscription.activated_at, Subscription.id)
        )
        return [SubscriptionPublic.model_validate(r) for r in rows]


@router.post(
    "/subscriptions/{subscription_id}/deactivate",
    response_model=SubscriptionPublic,
    summary="Deactivate an asset: billing stops that day",
    responses={**_NOT_FOUND, 409: {"description": "deactivated already"}},
)
async def deactivate(
    subscription_id: int,
    access: AccessDep,
    services: ServicesDep,
    body: SubscriptionDeactivate | None = None,
) -> SubscriptionPublic:
    async with services.db.write() as session:
        sub = await session.get(Subscription, subscription_id)
        if sub is None:
            raise HTTPException(
                status.HTTP_404_NOT_FOUND, f"subscription {subscription_id} not found"
            )
        await _may_subscribe(
            access, sub.tenant_id, sub.account_id, f"subscription {subscription_id}"
        )
        if sub.deactivated_at is not None:
            raise HTTPException(
                status.HTTP_409_CONFLICT, f"subscription {subscription_id} is deactivated already"
            )
        when = (body.deactivated_at if body else None) or services.clock.now()
        if when < sub.activated_at:
            raise HTTPException(
                status.HTTP_422_UNPROCESSABLE_CONTENT, "deactivated_at is before activated_at"
            )
        sub.deactivated_at = when
    return SubscriptionPublic.model_validate(sub)


# --- enterprise plans -----------------------------------------------------------------------


async def _tenant_sets_plans(access: Access, account: Account) -> None:
    """An enterprise plan is the tenant's commercial agreement with the account: its admins
    set it, the account itself only reads it."""
    if not await access.allows(Action.WRITE, Area.BILLING, Resource(account.tenant_id)):
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, "only the tenant may change an enterprise plan"
        )


@router.put(
    "/accounts/{account_id}/enterprise-plan",
    response_model=EnterprisePlanPublic,
    summary="Set an account's enterprise plan",
    responses=_NOT_FOUND,
)
async def set_enterprise_plan(
    account_id: int, body: EnterprisePlanSet, access: AccessDep, services: ServicesDep
) -> EnterprisePlanPublic:
    """INV-5: a price per activated asset, replacing the assets' billing plans from the
    next billing run on."""
    async with services.db.write() as session:
        account = await _account(session, access, account_id, Action.READ)
        await _tenant_sets_plans(access, account)
        plan = await session.scalar(
            select(EnterprisePlan).where(EnterprisePlan.account_id == account.id)
        )
        if plan is None:
            plan = EnterprisePlan(tenant_id=account.tenant_id, account_id=account.id)
            session.add(plan)
        plan.price_per_asset = body.price_per_asset
        plan.vat_rate = body.vat_rate
        plan.public_charging = body.public_charging
        await session.flush()
        await session.refresh(plan)
    return EnterprisePlanPublic.model_validate(plan)


@router.get(
    "/accounts/{account_id}/enterprise-plan",
    response_model=EnterprisePlanPublic,
    summary="An account's enterprise plan",
    responses={404: {"description": "no such account, or it has no enterprise plan"}},
)
async def get_enterprise_plan(
    account_id: int, access: AccessDep, services: ServicesDep
) -> EnterprisePlanPublic:
    async with services.db.read() as session:
        await _account(session, access, account_id, Action.READ)
        plan = await session.scalar(
            select(EnterprisePlan).where(EnterprisePlan.account_id == account_id)
        )
    if plan is None:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, f"account {account_id} has no enterprise plan"
        )
    return EnterprisePlanPublic.model_validate(plan)


@router.delete(
    "/accounts/{account_id}/enterprise-plan",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="End an account's enterprise plan",
    responses=_NOT_FOUND,
)
async def delete_enterprise_plan(
    account_id: int, access: AccessDep, services: ServicesDep
) -> Response:
    """From the next billing run on, the assets are billed on their own plans again."""
    async with services.db.write() as session:
        account = await _account(session, access, account_id, Action.READ)
        await _tenant_sets_plans(access, account)
        plan = await session.scalar(
            select(EnterprisePlan).where(EnterprisePlan.account_id == account.id)
        )
        if plan is None:
            raise HTTPException(
                status.HTTP_404_NOT_FOUND, f"account {account_id} has no enterprise plan"
            )
        await session.delete(plan)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
