"""Charge groups: access policy, attached stations and customers, tariffs per customer.

A charge group belongs to its tenant and optionally to a customer account (``account_id``,
the owner): tenant admins manage every group of their tenant, account admins the groups of
the accounts they administer, and nobody outside the tenant learns a group exists (404).
Permission area: network. Attaching a station also needs the right to change that station;
attaching a customer needs the right to see that customer. Rules and decisions:
csms.services.groups, csms.domain.tariff_choice.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, HTTPException, Query, Response, status
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from csms.api.deps import Access, AccessDep, ServicesDep
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
from csms.db.models import Account, ChargeGroup, Station
from csms.db.repositories.groups import GroupRepository
from csms.db.repositories.stations import station_resources
from csms.domain.permissions import Action, Area, Resource
from csms.services import groups as rules

router = APIRouter(prefix="/charge-groups", tags=["charge-groups"])

_NOT_FOUND = {404: {"description": "no such group (or of another tenant)"}}
_FORBIDDEN = {403: {"description": "visible to the caller, but not to change"}}


def public(group: ChargeGroup) -> ChargeGroupPublic:
    return ChargeGroupPublic.model_validate(group)


async def _group(
    session: AsyncSession, group_id: int, access: Access, action: Action = Action.READ
) -> ChargeGroup:
    """The group if the caller may ``action`` it: 404 when missing or in another tenant,
    403 when visible but not for ``action``."""
    group = await GroupRepository(session).get(group_id)
    if group is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"charge group {group_id} not found")
    resource = Resource(group.tenant_id, group.account_id)
    await access.require(action, Area.NETWORK, resource, f"charge group {group_id}")
    return group


async def _account(
    session: AsyncSession, tenant_id: int, account_id: int, access: Access | None = None
) -> Account:
    """A customer of ``tenant_id`` (404 otherwise); with ``access``, one the caller sees."""
    account = await session.get(Account, account_id)
    if account is None or account.tenant_id != tenant_id:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"account {account_id} not found")
    if access is not None:
        resource = Resource(account.tenant_id, account.id)
        await access.require(Action.READ, Area.ACCOUNTS, resource, f"account {account_id}")
    return account


async def _unique_name(session: AsyncSession, tenant_id: int, name: str, group_id: int = 0) -> None:
    other = await GroupRepository(session).named(tenant_id, name)
    if other is not None and other.id != group_id:
        raise HTTPException(
            status.HTTP_409_CONFLICT, f"a charge group named {name!r} exists (id {other.id})"
        )


@router.get("", response_model=Page[ChargeGroupPublic], summary="List charge groups")
async def list_groups(
    access: AccessDep,
    services: ServicesDep,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    search: Annotated[
        str | None, Query(max_length=100, description="in name and information")
    ] = None,
    group_type: Annotated[str | None, Query(alias="type", pattern="^(home|other)$")] = None,
) -> Page[ChargeGroupPublic]:
    """The groups the caller may see, by name, paginated."""
    async with services.db.read() as session:
        rows, total = await GroupRepository(session).page(
            offset=offset,
            limit=limit,
            seen=await access.visibility(Area.NETWORK),
            search=search,
            type_=group_type,
        )
    return Page(items=[public(r) for r in rows], total=total, offset=offset, limit=limit)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=ChargeGroupPublic,
    summary="Create a charge group",
    responses={409: {"description": "name taken in the tenant"}, **_FORBIDDEN, **_NOT_FOUND},
)
async def create_group(
    body: ChargeGroupCreate, access: AccessDep, services: ServicesDep
) -> ChargeGroupPublic:
    """CG-1: name, information, type (home or other), tariff, "all customers" and
    "accessible for roaming". With no customer attached and both flags unticked nobody can
    charge at its stations (CG-3)."""
    tenant_id = access.tenant_for(body.tenant_id)
    # 403, not 404: refusing to create says nothing about an existing resource (as for
    # operators and locations).
    if not await access.allows(Action.WRITE, Area.NETWORK, Resource(tenant_id, body.account_id)):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "not allowed to create charge groups")
    async with services.db.write() as session:
        if body.account_id is not None:
            await _account(session, tenant_id, body.account_id)
        await _unique_name(session, tenant_id, body.name)
        group = ChargeGroup(
            tenant_id=tenant_id,
            name=body.name,
            info=body.info,
            type=body.type,
            tariff_ref=body.tariff,
            all_customers=body.all_customers,
            roaming=body.roaming,
            account_id=body.account_id,
        )
        GroupRepository(session).add(group)
        try:
            await session.flush()
        except IntegrityError as exc:  # the same name created concurrently
            raise HTTPException(
                status.HTTP_409_CONFLICT, f"a charge group named {body.name!r} exists"
            ) from exc
    return public(group)


@router.get(
    "/{group_id}",
    response_model=ChargeGroupPublic,
    summary="Get a charge group",
    responses=_NOT_FOUND,
)
async def get_group(group_id: int, access: AccessDep, services: ServicesDep) -> ChargeGroupPublic:
    async with services.db.read() as session:
        return public(await _group(session, group_id, access))


@router.patch(
    "/{group_id}",
    response_model=ChargeGroupPublic,
    summary="Change a charge group",
    responses={**_NOT_FOUND, **_FORBIDDEN, 409: {"description": "name taken"}},
)
async def update_group(
    group_id: int, body: ChargeGroupUpdate, access: AccessDep, services: ServicesDep
) -> ChargeGroupPublic:
    """Only the fields sent change. Opening or closing the group (all customers, roaming)
    applies to the next Authorize or transaction start at its stations."""
    changes = body.model_dump(exclude_unset=True)
    async with services.db.write() as session:
        group = await _group(session, group_id, access, Action.WRITE)
        if "account_id" in changes and changes["account_id"] != group.account_id:
            owner = changes["account_id"]
            if owner is not None:
                await _account(session, group.tenant_id, owner)
            if not await access.allows(
                Action.WRITE, Area.NETWORK, Resource(group.tenant_id, owner)
            ):
                raise HTTPException(
                    status.HTTP_403_FORBIDDEN, f"not allowed to give the group to {owner}"
                )
        if "name" in changes:
            await _unique_name(session, group.tenant_id, changes["name"], group.id)
        if "tariff" in changes:
            changes["tariff_ref"] = changes.pop("tariff")
        for name, value in changes.items():
            setattr(group, name, value)
    return public(group)


@router.delete(
    "/{group_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a charge group",
    responses={**_NOT_FOUND, **_FORBIDDEN},
)
async def delete_group(group_id: int, access: AccessDep, services: ServicesDep) -> Response:
    """Its stations become ungrouped (public again to the tenant's own cards)."""
    async with services.db.write() as session:
        group = await _group(session, group_id, access, Action.WRITE)
        await GroupRepository(session).delete(group)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


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
    async with services.db.read() as session:
        await _group(session, group_id, access)
        rows = await GroupRepository(session).stations(group_id)
    return [GroupStationPublic.model_validate(s) for s in rows]


@router.put(
    "/{group_id}/stations/{station_id}",
    response_model=GroupStationPublic,
    summary="Attach a station to a charge group",
    responses={
        **_NOT_FOUND,
        **_FORBIDDEN,
        409: {"description": "the station is in another charge group (named)"},
    },
)
async def attach_station(
    group_id: int, station_id: str, access: AccessDep, services: ServicesDep
) -> GroupStationPublic:
    """A station is in at most one group: one in another group is refused with 409 naming
    that group; attaching it to its own group again changes nothing."""
    async with services.db.write() as session:
        group = await _group(session, group_id, access, Action.WRITE)
        station = await session.get(Station, station_id)
        if station is None or station.tenant_id != group.tenant_id:
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"station {station_id!r} not found")
        await access.require(
            Action.WRITE,
            Area.NETWORK,
            await station_resources(session, station),
            f"station {station_id!r}",
        )
        try:
            await rules.attach_station(session, group, station_id)
        except rules.StationInAnotherGroup as exc:
            raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc
    return GroupStationPublic.model_validate(station)


@router.delete(
    "/{group_id}/stations/{station_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Detach a station from a charge group",
    responses={**_NOT_FOUND, **_FORBIDDEN},
)
async def detach_station(
    group_id: int, station_id: str, access: AccessDep, services: ServicesDep
) -> Response:
    async with services.db.write() as session:
        await _group(session, group_id, access, Action.WRITE)
        if not await GroupRepository(session).detach_station(group_id, station_id):
            raise HTTPException(
                status.HTTP_404_NOT_FOUND,
                f"station {station_id!r} is not in charge group {group_id}",
            )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# Customers and tariffs


def _customer_public(item: rules.GroupCustomer) -> GroupCustomerPublic:
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
    async with services.db.read() as session:
        group = await _group(session, group_id, access)
        return [_customer_public(c) for c in await rules.customers(session, group)]


@router.put(
    "/{group_id}/customers/{account_id}",
    response_model=GroupCustomerPublic,
    summary="Attach a customer to a charge group",
    responses={**_NOT_FOUND, **_FORBIDDEN},
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
    async with services.db.write() as session:
        group = await _group(session, group_id, access, Action.WRITE)
        await _account(session, group.tenant_id, account_id, access)
        await rules.attach_customer(session, group, account_id, tariff)
        found = [c for c in await rules.customers(session, group) if c.account.id == account_id]
    return _customer_public(found[0])


@router.delete(
    "/{group_id}/customers/{account_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Detach a customer from a charge group",
    responses={**_NOT_FOUND, **_FORBIDDEN},
)
async def detach_customer(
    group_id: int, account_id: int, access: AccessDep, services: ServicesDep
) -> Response:
    async with services.db.write() as session:
        await _group(session, group_id, access, Action.WRITE)
        repo = GroupRepository(session)
        row = await repo.customer(group_id, account_id)
        if row is None:
            raise HTTPException(
                status.HTTP_404_NOT_FOUND,
                f"account {account_id} is not attached to charge group {group_id}",
            )
        await repo.remove_customer(row)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/{group_id}/customers/tariff",
    response_model=list[GroupCustomerPublic],
    summary="Change tariff of selected customers",
    responses={
        **_NOT_FOUND,
        **_FORBIDDEN,
        422: {"description": "some accounts are not attached (named); nothing changed"},
    },
)
async def set_customers_tariff(
    group_id: int, body: CustomersTariffSet, access: AccessDep, services: ServicesDep
) -> list[GroupCustomerPublic]:
    """Give the selected attached customers their own tariff (null: back to the group
    tariff). All or nothing. Answers every customer of the group."""
    async with services.db.write() as session:
        group = await _group(session, group_id, access, Action.WRITE)
        try:
            await rules.set_customer_tariffs(session, group, body.account_ids, body.tariff)
        except rules.NotAttached as exc:
            raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from exc
        return [_customer_public(c) for c in await rules.customers(session, group)]


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
    async with services.db.read() as session:
        group = await _group(session, group_id, access)
        await _account(session, group.tenant_id, account_id)
        answer = await rules.tariff_answer(session, group, account_id)
    return TariffForPublic(
        group_id=group.id,
        account_id=account_id,
        tariff=answer.choice.tariff,
        source=answer.choice.source.value,
        attached=answer.attached,
        admitted=answer.admitted,
    )
