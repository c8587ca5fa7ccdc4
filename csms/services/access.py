"""The caller of a service and the one permission check (csms.domain.permissions.can) every
entry point goes through. A resource of another tenant is "not found", so nobody learns it
exists. Refusals are service errors (csms.services.errors), mapped once by each entry point."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from csms.db.database import Database
from csms.db.repositories.accounts import AccountRepository
from csms.domain.permissions import (
    AccountTree,
    Action,
    Area,
    Principal,
    Resource,
    Visibility,
    can,
    visibility,
)
from csms.services.errors import Forbidden, Invalid, NotFound


@dataclass
class Access:
    principal: Principal
    db: Database
    _tree: AccountTree | None = field(default=None, repr=False)

    async def tree(self) -> AccountTree:
        if self._tree is None:
            if self.principal.tenant_id is None:
                self._tree = AccountTree()
            else:
                async with self.db.read() as session:
                    self._tree = await AccountRepository(session).tree(self.principal.tenant_id)
        return self._tree

    async def allows(self, action: Action, area: Area, resource: Resource) -> bool:
        return can(self.principal, action, area, resource, await self.tree())

    async def require(
        self, action: Action, area: Area, resources: Resource | Iterable[Resource], what: str
    ) -> None:
        """Pass if any of ``resources`` allows ``action``; else NotFound (other tenant or
        nothing visible) or Forbidden (visible, but not this action)."""
        items = [resources] if isinstance(resources, Resource) else list(resources)
        for resource in items:
            if await self.allows(action, area, resource):
                return
        for resource in items:
            if await self.allows(Action.READ, area, resource):
                raise Forbidden(f"not allowed to {action} {what}")
        raise NotFound(f"{what} not found")

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
            raise Invalid("tenant_id is required for platform admins", field="tenant_id")
        return tenant_id
