"""Dependencies every route uses, as Annotated aliases: who is calling, what they may do,
and the services."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Query, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from csms.db.repositories.accounts import AccountRepository
from csms.db.repositories.api_tokens import ApiTokenRepository
from csms.domain.credentials import api_token_hash
from csms.domain.permissions import (
    Grant,
    Principal,
    Role,
)
from csms.protocol.server import OcppServer
from csms.services.access import Access
from csms.services.commands import CommandService
from csms.services.container import Services

_bearer = HTTPBearer(auto_error=False, description="API token: from login, or the admin token")
# The largest offset a page may start at: what a 32-bit row number holds.
MAX_OFFSET = 2**31 - 1
PLATFORM_ADMIN = frozenset({Grant(Role.PLATFORM_ADMIN)})


def get_services(request: Request) -> Services:
    return request.app.state.services


def get_server(request: Request) -> OcppServer:
    return request.app.state.ocpp_server


def get_command_service(request: Request) -> CommandService:
    return request.app.state.commands


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(status.HTTP_401_UNAUTHORIZED, detail, {"WWW-Authenticate": "Bearer"})


async def get_access(
    request: Request,
    services: Annotated[Services, Depends(get_services)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    act_as: Annotated[
        int | None,
        Header(alias="X-Act-As-Account", description="system users: see and act as this customer"),
    ] = None,
) -> Access:
    if credentials is None:
        raise _unauthorized("bearer token required")
    async with services.db.read() as session:
        row = await ApiTokenRepository(session).by_hash(api_token_hash(credentials.credentials))
        # The services' clock, which also stamped the token's end (a moved test clock too).
        now = services.clock.now()
        if row is None or (row.expires_at is not None and row.expires_at <= now):
            raise _unauthorized("invalid, expired or revoked token")
        accounts = AccountRepository(session)
        if row.user_id is None:
            principal = Principal(None, None, PLATFORM_ADMIN)
        else:
            user = await accounts.user(row.user_id)
            if user is None or user.status != "active":
                raise _unauthorized("user is not active")
            principal = Principal(user.id, user.tenant_id, await accounts.grants(user.id))
        if act_as is not None:
            principal = await _acting_as(accounts, principal, act_as)
    request.state.principal = principal  # read by the audit middleware
    return Access(principal, services.db)


async def _acting_as(
    accounts: AccountRepository, principal: Principal, account_id: int
) -> Principal:
    """CUS-8: a tenant admin or support user takes a customer's view, with exactly the
    customer's rights; the real user stays on record for the audit trail."""
    if not principal.has(Role.PLATFORM_ADMIN, Role.TENANT_ADMIN, Role.SUPPORT):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "only system users can act as a customer")
    account = await accounts.account(account_id)
    if account is None or not (
        principal.platform_admin or account.tenant_id == principal.tenant_id
    ):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"account {account_id} not found")
    role = {
        "company": Role.ACCOUNT_ADMIN,
        "employee": Role.EMPLOYEE,
    }.get(account.customer_type, Role.DRIVER)
    return Principal(
        principal.user_id,
        account.tenant_id,
        frozenset({Grant(role, account.id)}),
        acting_for=account.id,
    )


ServicesDep = Annotated[Services, Depends(get_services)]
ServerDep = Annotated[OcppServer, Depends(get_server)]
CommandServiceDep = Annotated[CommandService, Depends(get_command_service)]
AccessDep = Annotated[Access, Depends(get_access)]


@dataclass(frozen=True, slots=True)
class Paging:
    """Which page of a listing the caller asked for."""

    offset: int
    limit: int


def get_paging(
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="rows to skip")] = 0,
    limit: Annotated[int, Query(ge=1, le=500, description="rows in the page")] = 50,
) -> Paging:
    return Paging(offset, limit)


PagingDep = Annotated[Paging, Depends(get_paging)]
