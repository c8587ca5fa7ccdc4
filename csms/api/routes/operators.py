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

from fastapi import APIRouter, HTTPException, Query, Response, status
from sqlalchemy.exc import IntegrityError

from csms.api.deps import Access, AccessDep, ServerDep, ServicesDep
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
from csms.db.models import Account, Operator, PrivateNetworkMember, Tenant
from csms.db.repositories.operators import OperatorRepository
from csms.domain.permissions import Action, Area, Resource
from csms.services.network import (
    NoAssignedLocation,
    StillReferenced,
    delete_operator,
    grant_membership,
    in_zone,
)

router = APIRouter(tags=["operators"])
UNPROCESSABLE = 422  # Starlette renamed its constant; the number is what clients see

Offset = Annotated[int, Query(ge=0)]
Limit = Annotated[int, Query(ge=1, le=500)]
Search = Annotated[str | None, Query(max_length=100, description="part of a name or code")]


def _resource(row: Operator) -> Resource:
    return Resource(row.tenant_id, None, row.id)


async def _get(
    repo: OperatorRepository,
    operator_id: int,
    access: Access,
    action: Action = Action.READ,
    area: Area = Area.NETWORK,
) -> Operator:
    """The operator, if the caller may ``action`` it in ``area``: 404 when it does not exist
    or the caller cannot see it, 403 when it can see it but not ``action`` it."""
    row = await repo.get(operator_id)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"operator {operator_id} not found")
    await access.require(action, area, _resource(row), f"operator {operator_id}")
    return row


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
    access: AccessDep,
    services: ServicesDep,
    offset: Offset = 0,
    limit: Limit = 50,
    search: Search = None,
) -> Page[OperatorSummary]:
    """Operators the caller may see, by name, paginated (OP-1); ``search`` matches part of
    the name or the code, case-insensitively."""
    async with services.db.read() as session:
        rows, total = await OperatorRepository(session).page(
            offset=offset, limit=limit, seen=await access.visibility(Area.NETWORK), search=search
        )
    return Page(
        items=[OperatorSummary.model_validate(r) for r in rows],
        total=total,
        offset=offset,
        limit=limit,
    )


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
    tenant_id = access.tenant_for(body.tenant_id)
    if not await access.allows(Action.WRITE, Area.NETWORK, Resource(tenant_id)):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "not allowed to create operators")
    try:
        async with services.db.write() as session:
            if await session.get(Tenant, tenant_id) is None:
                raise HTTPException(status.HTTP_404_NOT_FOUND, f"tenant {tenant_id} not found")
            repo = OperatorRepository(session)
            if await repo.by_code(tenant_id, body.code) is not None:
                raise HTTPException(
                    status.HTTP_409_CONFLICT, f"operator code {body.code!r} is already in use"
                )
            row = Operator(**body.model_dump(exclude={"tenant_id"}), tenant_id=tenant_id)
            repo.add(row)
            await session.flush()
    except IntegrityError as exc:
        raise HTTPException(
            status.HTTP_409_CONFLICT, f"operator code {body.code!r} is already in use"
        ) from exc
    return OperatorPublic.model_validate(row)


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
    tenant = access.tenant_for(tenant_id)
    async with services.db.read() as session:
        row = await OperatorRepository(session).by_code(tenant, code)
        if row is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"operator {code!r} not found")
        await access.require(Action.READ, Area.NETWORK, _resource(row), f"operator {code!r}")
    return OperatorPublic.model_validate(row)


@router.get(
    "/operators/{operator_id}", response_model=OperatorPublic, summary="An operator's details"
)
async def get_operator(
    operator_id: int, access: AccessDep, services: ServicesDep
) -> OperatorPublic:
    async with services.db.read() as session:
        row = await _get(OperatorRepository(session), operator_id, access)
    return OperatorPublic.model_validate(row)


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
    async with services.db.write() as session:
        row = await _get(OperatorRepository(session), operator_id, access, Action.WRITE)
        if "code" in changes and changes.pop("code") != row.code:
            raise HTTPException(
                UNPROCESSABLE,
                f"the operator code cannot be changed (it is {row.code!r})",
            )
        for name, value in changes.items():
            setattr(row, name, value)
        await session.flush()
    return OperatorPublic.model_validate(row)


@router.delete(
    "/operators/{operator_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete an operator nothing references any more",
    responses={409: {"description": "still referenced; the message names by what"}},
)
async def remove_operator(operator_id: int, access: AccessDep, services: ServicesDep) -> Response:
    """Refused while a location, a user, a private network member or any other setting
    still references the operator, naming them (OP-3)."""
    try:
        async with services.db.write() as session:
            row = await _get(OperatorRepository(session), operator_id, access, Action.WRITE)
            await delete_operator(session, row)
    except StillReferenced as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc
    except IntegrityError as exc:
        raise HTTPException(
            status.HTTP_409_CONFLICT,
            f"operator {operator_id} became referenced while being deleted; try again",
        ) from exc
    return Response(status_code=status.HTTP_204_NO_CONTENT)


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
    offset: Offset = 0,
    limit: Limit = 50,
    search: Annotated[str | None, Query(max_length=100, description="name, ref or email")] = None,
) -> Page[MemberPublic]:
    """The customers who may use the operator's invisible stations."""
    async with services.db.read() as session:
        repo = OperatorRepository(session)
        await _get(repo, operator_id, access, Action.READ, Area.PRIVATE_NETWORK)
        rows, total = await repo.members(operator_id, offset=offset, limit=limit, search=search)
    return Page(items=[_member(m, a) for m, a in rows], total=total, offset=offset, limit=limit)


@router.get(
    "/operators/{operator_id}/private-network/candidates",
    response_model=Page[CandidatePublic],
    summary="Customers who could join the private network",
)
async def list_candidates(
    operator_id: int,
    access: AccessDep,
    services: ServicesDep,
    offset: Offset = 0,
    limit: Limit = 50,
    search: Annotated[str | None, Query(max_length=100, description="name, ref or email")] = None,
) -> Page[CandidatePublic]:
    """Active customers of the tenant not yet members: whoever may manage the private
    network searches here for the customer to let in."""
    async with services.db.read() as session:
        repo = OperatorRepository(session)
        row = await _get(repo, operator_id, access, Action.WRITE, Area.PRIVATE_NETWORK)
        rows, total = await repo.candidates(row, offset=offset, limit=limit, search=search)
    return Page(
        items=[CandidatePublic.model_validate(a) for a in rows],
        total=total,
        offset=offset,
        limit=limit,
    )


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
    try:
        async with services.db.write() as session:
            row = await _get(
                OperatorRepository(session), operator_id, access, Action.WRITE, Area.PRIVATE_NETWORK
            )
            account = await session.get(Account, account_id)
            if account is None or account.tenant_id != row.tenant_id:
                raise HTTPException(status.HTTP_404_NOT_FOUND, f"account {account_id} not found")
            member, created = await grant_membership(session, row, account)
    except NoAssignedLocation as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc
    except IntegrityError as exc:  # a concurrent grant of the same member, or a deletion
        raise HTTPException(
            status.HTTP_409_CONFLICT, "the private network changed meanwhile; try again"
        ) from exc
    response.status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    return _member(member, account)


@router.delete(
    "/operators/{operator_id}/private-network/{account_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Revoke a customer's membership",
)
async def revoke_member(
    operator_id: int, account_id: int, access: AccessDep, services: ServicesDep
) -> Response:
    async with services.db.write() as session:
        repo = OperatorRepository(session)
        await _get(repo, operator_id, access, Action.WRITE, Area.PRIVATE_NETWORK)
        member = await repo.member(operator_id, account_id)
        if member is None:
            raise HTTPException(
                status.HTTP_404_NOT_FOUND,
                f"account {account_id} is not a member of operator {operator_id}'s network",
            )
        await repo.remove_member(member)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


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
    offset: Offset = 0,
    limit: Limit = 50,
    search: Annotated[str | None, Query(max_length=48, description="part of a station id")] = None,
) -> OperatorStations:
    """Stations at every location the operator runs."""
    async with services.db.read() as session:
        repo = OperatorRepository(session)
        row = await _get(repo, operator_id, access)
        rows, total = await repo.stations(operator_id, offset=offset, limit=limit, search=search)
    items = []
    for station in rows:
        out = station_public(station, server, services)
        out.last_boot_at = in_zone(out.last_boot_at, row.timezone)
        out.last_seen_at = in_zone(out.last_seen_at, row.timezone)
        items.append(out)
    return OperatorStations(
        items=items, total=total, offset=offset, limit=limit, timezone=row.timezone
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
    offset: Offset = 0,
    limit: Limit = 50,
    station_id: Annotated[str | None, Query(max_length=48)] = None,
    active: bool | None = None,
) -> OperatorSessions:
    """Newest first. ``started_at`` and ``ended_at`` carry the operator's UTC offset at that
    moment, e.g. 2026-11-21T11:00:00+01:00 for Europe/Amsterdam in winter."""
    async with services.db.read() as session:
        repo = OperatorRepository(session)
        row = await _get(repo, operator_id, access, Action.READ, Area.SESSIONS)
        rows, total = await repo.sessions(
            operator_id, offset=offset, limit=limit, station_id=station_id, active=active
        )
    items = []
    for tx in rows:
        out = TransactionPublic.model_validate(tx)
        out.started_at = in_zone(out.started_at, row.timezone) or out.started_at
        out.ended_at = in_zone(out.ended_at, row.timezone)
        items.append(out)
    return OperatorSessions(
        items=items, total=total, offset=offset, limit=limit, timezone=row.timezone
    )
