"""Charge groups: access policy, attached stations and customers, tariffs per customer.

A charge group belongs to its tenant and optionally to a customer account (``account_id``,
the owner): tenant admins manage every group of their tenant, account admins the groups of
the accounts they administer, and nobody outside the tenant learns a group exists (404).
Permission area: network. Attaching a station also needs the right to change that station;
attaching a customer needs the right to see that customer. Rules and decisions:
csms.services.groups, csms.domain.tariff_choice.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Response, status

from csms.api.answers import FORBIDDEN, Responses, no_content
from csms.api.deps import AccessDep, PagingDep, ServicesDep
from csms.api.schemas import Page
from csms.api.schemas_groups import (
    ChargeGroupCreate,
    ChargeGroupPublic,
    ChargeGroupUpdate,
    CustomerAttach,
    CustomersTariffSet,
    GroupCustomerPublic,
    GroupStationPublic,
    TariffForPublic,
)
from csms.db.models import ChargeGroup
from csms.services.groups import GroupCustomer

router = APIRouter(prefix="/charge-groups", tags=["charge-groups"])

_NOT_FOUND: Responses = {404: {"description": "no such group (or of another tenant)"}}


def public(group: ChargeGroup) -> ChargeGroupPublic:
    return ChargeGroupPublic.model_validate(group)


def _columns(fields: dict[str, Any]) -> dict[str, Any]:
    """A body's fields as the group's columns: the API's ``tariff`` is ``tariff_ref``."""
    if "tariff" in fields:
        fields["tariff_ref"] = fields.pop("tariff")
    return fields


@router.get("", response_model=Page[ChargeGroupPublic], summary="List charge groups")
async def list_groups(
    access: AccessDep,
    services: ServicesDep,
    paging: PagingDep,
    search: Annotated[
        str | None, Query(max_length=100, description="in name and information")
    ] = None,
    group_type: Annotated[str | None, Query(alias="type", pattern="^(home|other)$")] = None,
) -> Page[ChargeGroupPublic]:
    """The groups the caller may see, by name, paginated."""
    rows, total = await services.groups.page(
        access, offset=paging.offset, limit=paging.limit, search=search, type_=group_type
    )
    return paging.page([public(r) for r in rows], total)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=ChargeGroupPublic,
    summary="Create a charge group",
    responses={409: {"description": "name taken in the tenant"}, **FORBIDDEN, **_NOT_FOUND},
)
async def create_group(
    body: ChargeGroupCreate, access: AccessDep, services: ServicesDep
) -> ChargeGroupPublic:
    """CG-1: name, information, type (home or other), tariff, "all customers" and
    "accessible for roaming". With no customer attached and both flags unticked nobody can
    charge at its stations (CG-3)."""
    fields = _columns(body.model_dump(exclude={"tenant_id"}))
    return public(await services.groups.create(access, body.tenant_id, fields))


@router.get(
    "/{group_id}",
    response_model=ChargeGroupPublic,
    summary="Get a charge group",
    responses=_NOT_FOUND,
)
async def get_group(group_id: int, access: AccessDep, services: ServicesDep) -> ChargeGroupPublic:
    return public(await services.groups.get(access, group_id))


@router.patch(
    "/{group_id}",
    response_model=ChargeGroupPublic,
    summary="Change a charge group",
    responses={**_NOT_FOUND, **FORBIDDEN, 409: {"description": "name taken"}},
)
async def update_group(
    group_id: int, body: ChargeGroupUpdate, access: AccessDep, services: ServicesDep
) -> ChargeGroupPublic:
    """Only the fields sent change. Opening or closing the group (all customers, roaming)
    applies to the next Authorize or transaction start at its stations."""
    changes = _columns(body.model_dump(exclude_unset=True))
    return public(await services.groups.update(access, group_id, changes))


@router.delete(
    "/{group_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a charge group",
    responses={**_NOT_FOUND, **FORBIDDEN},
)
async def delete_group(group_id: int, access: AccessDep, services: ServicesDep) -> Response:
    """Its stations become ungrouped (public again to the tenant's own cards)."""
    await services.groups.delete(access, group_id)
    return no_content()


# Stations


@router.get(
    "/{group_id}/stations",
    response_model=list[GroupStationPublic],
    summary="Stations of a charge group",
    responses=_NOT_FOUND,
)
async def list_stations(
    group_id: int, access: AccessDep, services: ServicesDep
) -> list[GroupStationPublic]:
    rows = await services.groups.stations(access, group_id)
    return [GroupStationPublic.model_validate(s) for s in rows]


@router.put(
    "/{group_id}/stations/{station_id}",
    response_model=GroupStationPublic,
    summary="Attach a station to a charge group",
    responses={
        **_NOT_FOUND,
        **FORBIDDEN,
        409: {"description": "the station is in another charge group (named)"},
    },
)
async def attach_station(
    group_id: int, station_id: str, access: AccessDep, services: ServicesDep
) -> GroupStationPublic:
    """A station is in at most one group: one in another group is refused with 409 naming
    that group; attaching it to its own group again changes nothing."""
    station = await services.groups.attach_station(access, group_id, station_id)
    return GroupStationPublic.model_validate(station)


@router.delete(
    "/{group_id}/stations/{station_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Detach a station from a charge group",
    responses={**_NOT_FOUND, **FORBIDDEN},
)
async def detach_station(
    group_id: int, station_id: str, access: AccessDep, services: ServicesDep
) -> Response:
    await services.groups.detach_station(access, group_id, station_id)
    return no_content()


# Customers and tariffs


def _customer_public(item: GroupCustomer) -> GroupCustomerPublic:
    return GroupCustomerPublic(
        account_id=item.account.id,
        ref=item.account.ref,
        name=item.account.name,
        customer_type=item.account.customer_type,
        tariff=item.tariff,
        effective_tariff=item.effective.tariff,
    )


@router.get(
    "/{group_id}/customers",
    response_model=list[GroupCustomerPublic],
    summary="Customers and tariffs of a charge group",
    responses=_NOT_FOUND,
)
async def list_customers(
    group_id: int, access: AccessDep, services: ServicesDep
) -> list[GroupCustomerPublic]:
    """Every attached customer with its own tariff and the one that applies to it."""
    return [_customer_public(c) for c in await services.groups.customers(access, group_id)]


@router.put(
    "/{group_id}/customers/{account_id}",
    response_model=GroupCustomerPublic,
    summary="Attach a customer to a charge group",
    responses={**_NOT_FOUND, **FORBIDDEN},
)
async def attach_customer(
    group_id: int,
    account_id: int,
    access: AccessDep,
    services: ServicesDep,
    body: Annotated[CustomerAttach | None, Body()] = None,
) -> GroupCustomerPublic:
    """The customer may then charge at the group's stations (CG-3) and, in an Other group,
    sees them on the driver map (CG-2). ``tariff`` is its own tariff, overriding the group
    tariff (CG-5; a prepaid driver's own tariff, CG-6). Attaching again replaces it: without
    a tariff, the customer pays the group tariff."""
    tariff = body.tariff if body is not None else None
    return _customer_public(
        await services.groups.attach_customer(access, group_id, account_id, tariff)
    )


@router.delete(
    "/{group_id}/customers/{account_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Detach a customer from a charge group",
    responses={**_NOT_FOUND, **FORBIDDEN},
)
async def detach_customer(
    group_id: int, account_id: int, access: AccessDep, services: ServicesDep
) -> Response:
    await services.groups.detach_customer(access, group_id, account_id)
    return no_content()


@router.post(
    "/{group_id}/customers/tariff",
    response_model=list[GroupCustomerPublic],
    summary="Change tariff of selected customers",
    responses={
        **_NOT_FOUND,
        **FORBIDDEN,
        422: {"description": "some accounts are not attached (named); nothing changed"},
    },
)
async def set_customers_tariff(
    group_id: int, body: CustomersTariffSet, access: AccessDep, services: ServicesDep
) -> list[GroupCustomerPublic]:
    """Give the selected attached customers their own tariff (null: back to the group
    tariff). All or nothing. Answers every customer of the group."""
    rows = await services.groups.set_customer_tariffs(
        access, group_id, body.account_ids, body.tariff
    )
    return [_customer_public(c) for c in rows]


@router.get(
    "/{group_id}/tariff-for/{account_id}",
    response_model=TariffForPublic,
    summary="The tariff a customer pays at a charge group's stations",
    responses=_NOT_FOUND,
)
async def tariff_for(
    group_id: int, account_id: int, access: AccessDep, services: ServicesDep
) -> TariffForPublic:
    """The customer's own tariff in the group if it has one, else the group tariff (CG-5,
    CG-6). ``admitted`` says whether the group's policy lets the customer charge there with
    one of its own cards."""
    answer = await services.groups.tariff_for(access, group_id, account_id)
    return TariffForPublic(
        group_id=group_id,
        account_id=account_id,
        tariff=answer.choice.tariff,
        source=answer.choice.source.value,
        attached=answer.attached,
        admitted=answer.admitted,
    )
