"""Dependencies every route uses, as Annotated aliases: who is calling, what they may do,
and the services."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from csms.db.repositories.accounts import AccountRepository
from csms.db.repositories.api_tokens import ApiTokenRepository
from csms.domain.credentials import api_token_hash
from csms.domain.permissions import (
    AccountTree,
    Action,
    Area,
    Grant,
    Principal,
    Resource,
    Role,
    Visibility,
    can,
    visibility,
)
from csms.protocol.commands import Commands
from csms.protocol.server import OcppServer
from csms.services.container import Services

_bearer = HTTPBearer(auto_error=False, description="API token: from login, or the admin token")
PLATFORM_ADMIN = frozenset({Grant(Role.PLATFORM_ADMIN)})


def get_services(request: Request) -> Services:
    return request.app.state.services


def get_server(request: Request) -> OcppServer:
    return request.app.state.ocpp_server


def get_commands(request: Request) -> Commands:
    return request.app.state.commands


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(status.HTTP_401_UNAUTHORIZED, detail, {"WWW-Authenticate": "Bearer"})


@dataclass
class Access:
    """The caller and the one permission check (csms.domain.permissions.can) every route
    goes through. A resource of another tenant answers 404, so nobody learns it exists."""

    principal: Principal
    services: Services
    _tree: AccountTree | None = field(default=None, repr=False)

    async def tree(self) -> AccountTree:
        if self._tree is None:
            if self.principal.tenant_id is None:
                self._tree = AccountTree()
            else:
                async with self.services.db.read() as session:
                    self._tree = await AccountRepository(session).tree(self.principal.tenant_id)
        return self._tree

    async def allows(self, action: Action, area: Area, resource: Resource) -> bool:
        return can(self.principal, action, area, resource, await self.tree())

    async def require(
        self, action: Action, area: Area, resources: Resource | Iterable[Resource], what: str
    ) -> None:
        """Pass if any of ``resources`` allows ``action``; else 404 (other tenant or nothing
        visible) or 403 (visible, but not this action)."""
        items = [resources] if isinstance(resources, Resource) else list(resources)
        for resource in items:
            if await self.allows(action, area, resource):
                return
        for resource in items:
            if await self.allows(Action.READ, area, resource):
                raise HTTPException(status.HTTP_403_FORBIDDEN, f"not allowed to {action} {what}")
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"{what} not found")

    async def visibility(self, area: Area) -> Visibility:
        return visibility(self.principal, area, await self.tree())

    def own_tenant(self, requested: int | None) -> int | None:
        """The tenant a new resource goes to: the caller's own; only a platform admin picks."""
        if self.principal.platform_admin:
            return requested
        return self.principal.tenant_id

    def tenant_for(self, requested: int | None) -> int:
        """``own_tenant`` where a tenant is required: a platform admin must name one."""
        tenant_id = self.own_tenant(requested)
        if tenant_id is None:
            raise HTTPException(
                status.HTTP_422_UNPROCESSABLE_CONTENT, "tenant_id is required for platform admins"
            )
        return tenant_id


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
    return Access(principal, services)


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
CommandsDep = Annotated[Commands, Depends(get_commands)]
AccessDep = Annotated[Access, Depends(get_access)]
