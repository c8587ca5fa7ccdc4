"""Cards and tokens: the registry Authorize and transaction starts answer from."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, Response, status

from csms.api.deps import Access, AccessDep, ServicesDep
from csms.api.schemas import Page, TokenCreate, TokenPublic, TokenUpdate
from csms.db.models import IdTokenRow
from csms.db.repositories.tokens import TokenRepository
from csms.domain.authorization import TokenRecord, decide_access
from csms.domain.events import TokenStatus
from csms.domain.permissions import Action, Area, Resource
from csms.services.clock import Clock

router = APIRouter(prefix="/tokens", tags=["tokens"])


def public(row: IdTokenRow, clock: Clock) -> TokenPublic:
    out = TokenPublic.model_validate(row)
    record = TokenRecord(row.value, TokenStatus(row.status), row.expires_at, row.group_id)
    out.effective_status = decide_access(record, clock.now()).status.value
    return out


async def _get(
    repo: TokenRepository, value: str, access: Access, action: Action = Action.READ
) -> IdTokenRow:
    row = await repo.get(value)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"token {value!r} not found")
    resource = Resource(row.tenant_id, row.account_id)
    await access.require(action, Area.CARDS, resource, f"token {value!r}")
    return row


@router.get("", response_model=Page[TokenPublic])
async def list_tokens(
    access: AccessDep,
    services: ServicesDep,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    search: Annotated[str | None, Query(max_length=255)] = None,
    token_status: Annotated[Literal["Accepted", "Blocked"] | None, Query(alias="status")] = None,
) -> Page[TokenPublic]:
    async with services.db.read() as session:
        rows, total = await TokenRepository(session).page(
            offset=offset,
            limit=limit,
            seen=await access.visibility(Area.CARDS),
            search=search,
            status=token_status,
        )
    return Page(
        items=[public(r, services.clock) for r in rows], total=total, offset=offset, limit=limit
    )


@router.post("", status_code=status.HTTP_201_CREATED, response_model=TokenPublic)
async def create_token(body: TokenCreate, access: AccessDep, services: ServicesDep) -> TokenPublic:
    tenant_id = access.own_tenant(body.tenant_id)
    resource = Resource(tenant_id, body.account_id)
    await access.require(Action.WRITE, Area.CARDS, resource, "tokens")
    async with services.db.write() as session:
        repo = TokenRepository(session)
        if await repo.get(body.value) is not None:
            raise HTTPException(status.HTTP_409_CONFLICT, f"token {body.value!r} already exists")
        row = IdTokenRow(**body.model_dump(exclude={"tenant_id"}), tenant_id=tenant_id)
        repo.add(row)
        await session.flush()
    return public(row, services.clock)


@router.get("/{value}", response_model=TokenPublic)
async def get_token(value: str, access: AccessDep, services: ServicesDep) -> TokenPublic:
    async with services.db.read() as session:
        return public(await _get(TokenRepository(session), value, access), services.clock)


@router.patch("/{value}", response_model=TokenPublic)
async def update_token(
    value: str, body: TokenUpdate, access: AccessDep, services: ServicesDep
) -> TokenPublic:
    async with services.db.write() as session:
        row = await _get(TokenRepository(session), value, access, Action.WRITE)
        for name, new in body.model_dump(exclude_unset=True).items():
            setattr(row, name, new)
    return public(row, services.clock)


@router.delete("/{value}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_token(value: str, access: AccessDep, services: ServicesDep) -> Response:
    async with services.db.write() as session:
        repo = TokenRepository(session)
        await repo.delete(await _get(repo, value, access, Action.WRITE))
    return Response(status_code=status.HTTP_204_NO_CONTENT)
