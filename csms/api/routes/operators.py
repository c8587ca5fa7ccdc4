"""Operators, their private networks, and what an operator user sees.

Who may do what (csms.domain.permissions.can, Area.NETWORK and Area.PRIVATE_NETWORK): tenant
admins everything in their tenant; support reads; an operator user reads its own operator,
its stations and sessions, and manages its private network; account admins and drivers see
no operator. An operator of another tenant answers 404, as if it did not exist.

Decisions where the behaviours leave room:

- Creating is refused with 403 (not 404) to a caller of the tenant who may not create: there
  is no existing resource whose existence a 404 would hide.
- The list shows a summary per operator; the details (GET /operators/{id}, by-code) show
  every field, the security key included, to whoever may read the operator.
- Session rating settings are kept as a free-form JSON object: the product text does not
  say which settings they are.
- A PATCH carrying the current code is accepted (it changes nothing); any other code, or
  null, is refused with 422 (OP-2).
- A DELETE is refused with 409 while locations, users with a grant on the operator, private
  network members or any other row (a report setting) still reference it, naming them (OP-3).
- Membership of the private network can be granted only while at least one location has
  the operator assigned (409 otherwise); revoking is always possible (OP-8).
- The operator user's view (GET /operators/{id}/stations and /sessions) shows times in the
  operator's timezone, as ISO 8601 with that zone's offset, plus the zone's name (OP-5); the
  generic /stations and /transactions routes stay in UTC for every caller.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from csms.api.answers import created_or_ok, no_content
from csms.api.deps import AccessDep, PagingDep, ServerDep, ServicesDep
from csms.api.routes.stations import public as station_public
from csms.api.schemas import Page, TransactionPublic
from csms.api.schemas_network import (
    CandidatePublic,
    MemberPublic,
    OperatorCreate,
    OperatorPublic,
    OperatorSessions,
    OperatorStations,
    OperatorSummary,
    OperatorUpdate,
)
from csms.db.models import Account, PrivateNetworkMember
from csms.services.network import in_zone

router = APIRouter(tags=["operators"])

Search = Annotated[str | None, Query(max_length=100, description="part of a name or code")]
AccountSearch = Annotated[str | None, Query(max_length=100, description="name, ref or email")]


def _member(row: PrivateNetworkMember, account: Account) -> MemberPublic:
    return MemberPublic(
        operator_id=row.operator_id,
        account_id=account.id,
        ref=account.ref,
        name=account.name,
        email=account.email,
        granted_at=row.granted_at,
    )


@router.get("/operators", response_model=Page[OperatorSummary], summary="List operators")
async def list_operators(
    access: AccessDep, services: ServicesDep, paging: PagingDep, search: Search = None
) -> Page[OperatorSummary]:
    """Operators the caller may see, by name, paginated (OP-1); ``search`` matches part of
    the name or the code, case-insensitively."""
    rows, total = await services.operators.page(
        access, offset=paging.offset, limit=paging.limit, search=search
    )
    return paging.page([OperatorSummary.model_validate(r) for r in rows], total)


@router.post(
    "/operators",
    status_code=status.HTTP_201_CREATED,
    response_model=OperatorPublic,
    summary="Create an operator",
    responses={403: {"description": "not allowed"}, 409: {"description": "code in use"}},
)
async def create_operator(
    body: OperatorCreate, access: AccessDep, services: ServicesDep
) -> OperatorPublic:
    """Creates the operator only: no user and no login (OP-6). A login exists once a user
    with an operator grant is created for it."""
    fields = body.model_dump(exclude={"tenant_id"})
    return OperatorPublic.model_validate(
        await services.operators.create(access, body.tenant_id, fields)
    )


@router.get(
    "/operators/by-code/{code}",
    response_model=OperatorPublic,
    summary="Look an operator up by its code",
)
async def operator_by_code(
    code: str,
    access: AccessDep,
    services: ServicesDep,
    tenant_id: Annotated[
        int | None, Query(description="platform admins only: the tenant to look in")
    ] = None,
) -> OperatorPublic:
    """Integrations identify an operator by its code, unique in a tenant."""
    return OperatorPublic.model_validate(await services.operators.by_code(access, tenant_id, code))


@router.get(
    "/operators/{operator_id}", response_model=OperatorPublic, summary="An operator's details"
)
async def get_operator(
    operator_id: int, access: AccessDep, services: ServicesDep
) -> OperatorPublic:
    return OperatorPublic.model_validate(await services.operators.get(access, operator_id))


@router.patch(
    "/operators/{operator_id}",
    response_model=OperatorPublic,
    summary="Update an operator (not its code)",
    responses={422: {"description": "invalid field, or an attempt to change the code"}},
)
async def update_operator(
    operator_id: int, body: OperatorUpdate, access: AccessDep, services: ServicesDep
) -> OperatorPublic:
    """Every field can change except the code (OP-2)."""
    changes = body.model_dump(exclude_unset=True)
    return OperatorPublic.model_validate(
        await services.operators.update(access, operator_id, changes)
    )


@router.delete(
    "/operators/{operator_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete an operator nothing references any more",
    responses={409: {"description": "still referenced; the message names by what"}},
)
async def remove_operator(operator_id: int, access: AccessDep, services: ServicesDep) -> Response:
    """Refused while a location, a user, a private network member or any other setting
    still references the operator, naming them (OP-3)."""
    await services.operators.delete(access, operator_id)
    return no_content()


# The private network (OP-8).


@router.get(
    "/operators/{operator_id}/private-network",
    response_model=Page[MemberPublic],
    summary="Members of the operator's private network",
)
async def list_members(
    operator_id: int,
    access: AccessDep,
    services: ServicesDep,
    paging: PagingDep,
    search: AccountSearch = None,
) -> Page[MemberPublic]:
    """The customers who may use the operator's invisible stations."""
    rows, total = await services.operators.members(
        access, operator_id, offset=paging.offset, limit=paging.limit, search=search
    )
    return paging.page([_member(m, a) for m, a in rows], total)


@router.get(
    "/operators/{operator_id}/private-network/candidates",
    response_model=Page[CandidatePublic],
    summary="Customers who could join the private network",
)
async def list_candidates(
    operator_id: int,
    access: AccessDep,
    services: ServicesDep,
    paging: PagingDep,
    search: AccountSearch = None,
) -> Page[CandidatePublic]:
    """Active customers of the tenant not yet members: whoever may manage the private
    network searches here for the customer to let in."""
    rows, total = await services.operators.candidates(
        access, operator_id, offset=paging.offset, limit=paging.limit, search=search
    )
    return paging.page([CandidatePublic.model_validate(a) for a in rows], total)


@router.put(
    "/operators/{operator_id}/private-network/{account_id}",
    response_model=MemberPublic,
    summary="Let a customer into the private network",
    responses={
        200: {"description": "already a member; unchanged"},
        201: {"description": "granted"},
        409: {"description": "no location has this operator assigned"},
    },
)
async def grant_member(
    operator_id: int,
    account_id: int,
    access: AccessDep,
    services: ServicesDep,
    response: Response,
) -> MemberPublic:
    """Needs a location (charging area) with this operator assigned."""
    member, account, created = await services.operators.grant(access, operator_id, account_id)
    response.status_code = created_or_ok(created)
    return _member(member, account)


@router.delete(
    "/operators/{operator_id}/private-network/{account_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Revoke a customer's membership",
)
async def revoke_member(
    operator_id: int, account_id: int, access: AccessDep, services: ServicesDep
) -> Response:
    await services.operators.revoke(access, operator_id, account_id)
    return no_content()


# What an operator user sees (OP-5).


@router.get(
    "/operators/{operator_id}/stations",
    response_model=OperatorStations,
    summary="The operator's stations, times in its timezone",
)
async def operator_stations(
    operator_id: int,
    access: AccessDep,
    services: ServicesDep,
    server: ServerDep,
    paging: PagingDep,
    search: Annotated[str | None, Query(max_length=48, description="part of a station id")] = None,
) -> OperatorStations:
    """Stations at every location the operator runs."""
    row, rows, total = await services.operators.stations(
        access, operator_id, offset=paging.offset, limit=paging.limit, search=search
    )
    items = []
    for station in rows:
        out = station_public(station, server, services)
        out.last_boot_at = in_zone(out.last_boot_at, row.timezone)
        out.last_seen_at = in_zone(out.last_seen_at, row.timezone)
        items.append(out)
    return OperatorStations(
        items=items, total=total, offset=paging.offset, limit=paging.limit, timezone=row.timezone
    )


@router.get(
    "/operators/{operator_id}/sessions",
    response_model=OperatorSessions,
    summary="Session history at the operator's stations, times in its timezone",
)
async def operator_sessions(
    operator_id: int,
    access: AccessDep,
    services: ServicesDep,
    paging: PagingDep,
    station_id: Annotated[str | None, Query(max_length=48)] = None,
    active: bool | None = None,
) -> OperatorSessions:
    """Newest first. ``started_at`` and ``ended_at`` carry the operator's UTC offset at that
    moment, e.g. 2026-11-21T11:00:00+01:00 for Europe/Amsterdam in winter."""
    row, rows, total = await services.operators.sessions(
        access,
        operator_id,
        offset=paging.offset,
        limit=paging.limit,
        station_id=station_id,
        active=active,
    )
    items = []
    for tx in rows:
        out = TransactionPublic.model_validate(tx)
        out.started_at = in_zone(out.started_at, row.timezone) or out.started_at
        out.ended_at = in_zone(out.ended_at, row.timezone)
        items.append(out)
    return OperatorSessions(
        items=items, total=total, offset=paging.offset, limit=paging.limit, timezone=row.timezone
    )
