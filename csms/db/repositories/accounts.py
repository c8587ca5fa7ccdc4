"""Tenants, accounts, users and their role grants."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, false, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from csms.db.models import Account, RoleGrant, Tenant, User
from csms.db.repositories.paging import AnySelect, paginate, paginate_rows
from csms.domain.permissions import AccountTree, Grant, Role, Visibility


class AccountRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def tenant(self, tenant_id: int) -> Tenant | None:
        return await self.session.get(Tenant, tenant_id)

    async def account(self, account_id: int) -> Account | None:
        return await self.session.get(Account, account_id)

    async def user(self, user_id: int) -> User | None:
        return await self.session.get(User, user_id)

    async def grants(self, user_id: int) -> frozenset[Grant]:
        rows = await self.session.scalars(select(RoleGrant).where(RoleGrant.user_id == user_id))
        return frozenset(Grant(Role(r.role), r.account_id, r.operator_id) for r in rows)

    def add(self, row: Tenant | Account | User | RoleGrant) -> None:
        self.session.add(row)

    async def tenant_by_slug(self, slug: str) -> Tenant | None:
        return await self.session.scalar(select(Tenant).where(Tenant.slug == slug))

    async def tenants(
        self, *, offset: int, limit: int, search: str | None = None
    ) -> tuple[Sequence[Tenant], int]:
        query = select(Tenant)
        if search:
            like = f"%{search}%"
            query = query.where(or_(Tenant.name.ilike(like), Tenant.slug.ilike(like)))
        return await paginate(self.session, query, Tenant.id, offset=offset, limit=limit)

    async def accounts_by_ref(self, tenant_id: int) -> dict[str, Account]:
        """Every account of the tenant, by ref."""
        rows = await self.session.scalars(select(Account).where(Account.tenant_id == tenant_id))
        return {row.ref: row for row in rows}

    async def account_by_ref(self, tenant_id: int, ref: str) -> Account | None:
        return await self.session.scalar(
            select(Account).where(Account.tenant_id == tenant_id, Account.ref == ref)
        )

    async def accounts(
        self,
        *,
        offset: int,
        limit: int,
        seen: Visibility,
        search: str | None = None,
        kind: str | None = None,
        customer_type: str | None = None,
        tenant_id: int | None = None,
        primary_account_id: int | None = None,
        parent_account_id: int | None = None,
        employer_id: int | None = None,
    ) -> tuple[Sequence[Account], int]:
        """Accounts the caller may list (``seen``), by name, email or ref, kind, type, place."""
        query = visible_accounts(select(Account), seen)
        if search:
            like = f"%{search}%"
            query = query.where(
                or_(Account.name.ilike(like), Account.email.ilike(like), Account.ref.ilike(like))
            )
        filters: dict[str, Any] = {
            "kind": kind,
            "customer_type": customer_type,
            "tenant_id": tenant_id,
            "primary_account_id": primary_account_id,
            "parent_account_id": parent_account_id,
            "employer_id": employer_id,
        }
        for name, value in filters.items():
            if value is not None:
                query = query.where(getattr(Account, name) == value)
        return await paginate(self.session, query, Account.id, offset=offset, limit=limit)

    async def user_by_email(self, tenant_id: int, email: str) -> User | None:
        return await self.session.scalar(
            select(User).where(User.tenant_id == tenant_id, func.lower(User.email) == email.lower())
        )

    async def users_by_email(self, tenant_id: int) -> dict[str, User]:
        """Every user of the tenant, by lower-case email."""
        rows = await self.session.scalars(select(User).where(User.tenant_id == tenant_id))
        return {row.email.lower(): row for row in rows}

    async def users(
        self,
        *,
        offset: int,
        limit: int,
        seen: Visibility,
        search: str | None = None,
        status: str | None = None,
        account_id: int | None = None,
        tenant_id: int | None = None,
    ) -> tuple[Sequence[tuple[User, Account | None]], int]:
        """Users the caller may list, by name or email (or their account's name), with their
        account."""
        query = visible_users(
            select(User, Account).outerjoin(Account, Account.id == User.account_id), seen
        )
        if search:
            like = f"%{search}%"
            query = query.where(
                or_(User.name.ilike(like), User.email.ilike(like), Account.name.ilike(like))
            )
        if status is not None:
            query = query.where(User.status == status)
        if account_id is not None:
            query = query.where(User.account_id == account_id)
        if tenant_id is not None:
            query = query.where(User.tenant_id == tenant_id)
        return await paginate_rows(self.session, query, User.id, offset=offset, limit=limit)

    async def with_role(self, tenant_id: int, role: Role) -> Sequence[User]:
        """Active users of the tenant holding ``role``."""
        rows = await self.session.scalars(
            select(User)
            .join(RoleGrant, RoleGrant.user_id == User.id)
            .where(
                User.tenant_id == tenant_id, User.status == "active", RoleGrant.role == role.value
            )
            .distinct()
            .order_by(User.id)
        )
        return rows.all()

    async def tree(self, tenant_id: int) -> AccountTree:
        """Which accounts sit directly under which: connected, sub-accounts and employees."""
        rows: Sequence[tuple[int, int | None, int | None, int | None]] = (
            await self.session.execute(
                select(
                    Account.id,
                    Account.primary_account_id,
                    Account.parent_account_id,
                    Account.employer_id,
                ).where(Account.tenant_id == tenant_id)
            )
        ).all()
        children: dict[int, set[int]] = defaultdict(set)
        for account_id, *parents in rows:
            for parent in parents:
                if parent is not None:
                    children[parent].add(account_id)
        return AccountTree({k: frozenset(v) for k, v in children.items()})


def visible_accounts(query: Select[Any], seen: Visibility) -> Select[Any]:
    """Filter a query over Account by what the caller may list (the same grants as can())."""
    if seen.everything:
        return query
    query = query.where(Account.tenant_id == seen.tenant_id)
    if seen.tenant_wide:
        return query
    return (
        query.where(Account.id.in_(seen.account_ids)) if seen.account_ids else query.where(false())
    )


def visible_users(query: AnySelect, seen: Visibility) -> AnySelect:
    """Filter a query over User: tenant staff list the tenant's users, account admins the
    users of the accounts they administer, a driver only the users of its own account."""
    if seen.everything:
        return query
    query = query.where(User.tenant_id == seen.tenant_id)
    if seen.tenant_wide:
        return query
    return (
        query.where(User.account_id.in_(seen.account_ids))
        if seen.account_ids
        else query.where(false())
    )
