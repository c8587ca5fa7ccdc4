"""Billing plans, subscriptions and enterprise plans (INV-5): the rules and rights are
csms.services.plans'; here requests and answers."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from csms.api.answers import Responses, no_content
from csms.api.deps import AccessDep, PagingDep, ServicesDep
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

router = APIRouter(tags=["billing plans"])

_NOT_FOUND: Responses = {
    404: {"description": "no such account or subscription (or of another tenant)"}
}


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
    fields = body.model_dump(exclude={"tenant_id"})
    plan = await services.plans.create_plan(access, body.tenant_id, **fields)
    return BillingPlanPublic.model_validate(plan)


@router.get("/billing-plans", response_model=Page[BillingPlanPublic], summary="List billing plans")
async def list_plans(
    access: AccessDep, services: ServicesDep, paging: PagingDep
) -> Page[BillingPlanPublic]:
    """The plans of the caller's tenant: everyone there may pick one (platform admin: all)."""
    rows, total = await services.plans.plans(access, offset=paging.offset, limit=paging.limit)
    return paging.page([BillingPlanPublic.model_validate(r) for r in rows], total)


# --- subscriptions --------------------------------------------------------------------------


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
    sub = await services.plans.subscribe(access, account_id, **body.model_dump())
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
    rows = await services.plans.subscriptions(access, account_id)
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
    when = body.deactivated_at if body else None
    sub = await services.plans.deactivate(access, subscription_id, when)
    return SubscriptionPublic.model_validate(sub)


# --- enterprise plans -----------------------------------------------------------------------


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
    plan = await services.plans.set_enterprise_plan(access, account_id, **body.model_dump())
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
    plan = await services.plans.enterprise_plan(access, account_id)
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
    await services.plans.end_enterprise_plan(access, account_id)
    return no_content()
