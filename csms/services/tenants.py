"""Tenants, their settings, and the support-link rule (INV-1). Tenants are the platform
admin's; a tenant's own staff read their tenant and change its support links, currency and
time zone through its settings. The slug never changes: sign-in and world files use it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from csms.db.database import Database
from csms.db.models import Tenant
from csms.db.repositories.accounts import AccountRepository
from csms.domain.permissions import Action, Area, Resource
from csms.services.access import Access
from csms.services.clock import Clock
from csms.services.errors import Conflict, Forbidden, Invalid, NotFound


def missing_support_links(tenant: Tenant) -> list[str]:
    return [
        label
        for label, value in (
            ("Terms of Use", tenant.terms_url),
            ("Privacy policy", tenant.privacy_url),
        )
        if not value
    ]


def require_support_links(tenant: Tenant, what: str) -> None:
    """INV-1: nothing that makes a customer accept the links before both exist."""
    missing = missing_support_links(tenant)
    if missing:
        raise Conflict(
            f"{what} is not possible until the tenant sets its support links "
            f"(Settings -> Support links); missing: {' and '.join(missing)}",
        )


def require_acceptance(accept_terms: bool, accept_privacy: bool, what: str) -> None:
    """Activating and signing up record acceptance of both support links: both must be true."""
    missing = [
        label
        for label, accepted in (("Terms of Use", accept_terms), ("Privacy policy", accept_privacy))
        if not accepted
    ]
    if missing:
        raise Invalid(f"to {what} you must accept the {' and the '.join(missing)}")


async def existing_tenant(repo: AccountRepository, tenant_id: int | None) -> Tenant:
    tenant = await repo.tenant(tenant_id) if tenant_id else None
    if tenant is None:
        raise NotFound(f"tenant {tenant_id} not found")
    return tenant


def _only_platform_admin(access: Access, what: str) -> None:
    if not access.principal.platform_admin:
        raise Forbidden(f"only platform administrators {what}")


class TenantService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    async def create(self, access: Access, fields: dict[str, Any]) -> Tenant:
        _only_platform_admin(access, "create tenants")
        async with self.db.write() as session:
            repo = AccountRepository(session)
            if await repo.tenant_by_slug(fields["slug"]) is not None:
                raise Conflict(f"tenant slug {fields['slug']!r} is taken")
            row = Tenant(**fields, created_at=self.clock.now())
            repo.add(row)
            await session.flush()
        return row

    async def page(
        self, access: Access, *, offset: int, limit: int, search: str | None = None
    ) -> tuple[Sequence[Tenant], int]:
        """By name or slug."""
        _only_platform_admin(access, "list tenants")
        async with self.db.read() as session:
            return await AccountRepository(session).tenants(
                offset=offset, limit=limit, search=search
            )

    async def get(self, access: Access, tenant_id: int) -> Tenant:
        """Platform admins: any tenant; tenant staff: their own."""
        await access.require(Action.READ, Area.TENANT, Resource(tenant_id), f"tenant {tenant_id}")
        async with self.db.read() as session:
            return await existing_tenant(AccountRepository(session), tenant_id)

    async def update(self, access: Access, tenant_id: int, changes: dict[str, Any]) -> Tenant:
        """Platform admins only (tenant admins change their settings); never the slug."""
        await access.require(Action.WRITE, Area.TENANT, Resource(tenant_id), f"tenant {tenant_id}")
        _only_platform_admin(access, "change tenants; tenant admins use /tenant/settings")
        return await self._change(tenant_id, changes)

    async def settings(self, access: Access, tenant_id: int | None) -> Tenant:
        """``tenant_id`` is for platform admins; everyone else gets their own tenant."""
        tid = access.tenant_for(tenant_id)
        await access.require(Action.READ, Area.TENANT, Resource(tid), "tenant settings")
        async with self.db.read() as session:
            return await existing_tenant(AccountRepository(session), tid)

    async def update_settings(
        self, access: Access, tenant_id: int | None, changes: dict[str, Any]
    ) -> Tenant:
        """INV-1: sign-up and invitations open once both support links are set."""
        tid = access.tenant_for(tenant_id)
        await access.require(Action.WRITE, Area.TENANT, Resource(tid), "tenant settings")
        return await self._change(tid, changes)

    async def _change(self, tenant_id: int, changes: dict[str, Any]) -> Tenant:
        async with self.db.write() as session:
            row = await existing_tenant(AccountRepository(session), tenant_id)
            for name, value in changes.items():
                setattr(row, name, value)
        return row
