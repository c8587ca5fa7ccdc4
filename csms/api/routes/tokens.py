"""Cards and tokens: the registry Authorize and transaction starts answer from."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response, status

from csms.api.answers import no_content
from csms.api.deps import AccessDep, PagingDep, ServicesDep
from csms.api.schemas import Page, TokenCreate, TokenPublic, TokenUpdate
from csms.db.models import IdTokenRow
from csms.services.tokens import TokenService

router = APIRouter(prefix="/tokens", tags=["tokens"])


def public(row: IdTokenRow, tokens: TokenService) -> TokenPublic:
    out = TokenPublic.model_validate(row)
    out.effective_status = tokens.effective_status(row)
    return out


@router.get("", response_model=Page[TokenPublic])
async def list_tokens(
    access: AccessDep,
    services: ServicesDep,
    paging: PagingDep,
    search: Annotated[str | None, Query(max_length=255)] = None,
    token_status: Annotated[Literal["Accepted", "Blocked"] | None, Query(alias="status")] = None,
) -> Page[TokenPublic]:
    tokens = services.tokens
    rows, total = await tokens.page(
        access, offset=paging.offset, limit=paging.limit, search=search, status=token_status
    )
    return paging.page([public(r, tokens) for r in rows], total)


@router.post("", status_code=status.HTTP_201_CREATED, response_model=TokenPublic)
async def create_token(body: TokenCreate, access: AccessDep, services: ServicesDep) -> TokenPublic:
    fields = body.model_dump(exclude={"tenant_id"})
    row = await services.tokens.create(access, body.tenant_id, fields)
    return public(row, services.tokens)


@router.get("/{value}", response_model=TokenPublic)
async def get_token(value: str, access: AccessDep, services: ServicesDep) -> TokenPublic:
    return public(await services.tokens.get(access, value), services.tokens)


@router.patch("/{value}", response_model=TokenPublic)
async def update_token(
    value: str, body: TokenUpdate, access: AccessDep, services: ServicesDep
) -> TokenPublic:
    changes = body.model_dump(exclude_unset=True)
    return public(await services.tokens.update(access, value, changes), services.tokens)


@router.delete("/{value}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_token(value: str, access: AccessDep, services: ServicesDep) -> Response:
    await services.tokens.delete(access, value)
    return no_content()
