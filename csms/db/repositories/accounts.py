"""Tenants, accounts, users and their role grants."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from csms.db.models import Account, RoleGrant, Tenant, User
from csms.domain.permissions import AccountTree, Grant, Role


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
