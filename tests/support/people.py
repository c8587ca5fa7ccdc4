"""Test-data builders for the account model: tenants, accounts, users with roles and API
tokens. Setup only (the "Given"); what a test checks goes through the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from csms.db.models import Account, ApiToken, RoleGrant, Tenant, User
from csms.domain.credentials import api_token_hash, new_api_token
from csms.domain.permissions import Role
from tests.support.bench import Bench


@dataclass
class Person:
    user_id: int
    tenant_id: int
    token: str

    def client(self, bench: Bench, **headers: str) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            base_url=str(bench.api.base_url),
            headers={"Authorization": f"Bearer {self.token}", **headers},
            timeout=30,
        )


async def a_tenant(bench: Bench, slug: str = "acme", **fields: Any) -> int:
    async with bench.csms.db.write() as session:
        tenant = Tenant(slug=slug, name=fields.pop("name", slug.title()), **fields)
        session.add(tenant)
        await session.flush()
        return tenant.id


async def an_account(bench: Bench, tenant_id: int, ref: str, **fields: Any) -> int:
    async with bench.csms.db.write() as session:
        account = Account(tenant_id=tenant_id, ref=ref, name=fields.pop("name", ref), **fields)
        session.add(account)
        await session.flush()
        return account.id


async def a_user(
    bench: Bench,
    tenant_id: int,
    email: str,
    *roles: tuple[Role, int | None, int | None] | Role,
    account_id: int | None = None,
) -> Person:
    """An active user holding ``roles`` (a Role, or (role, account_id, operator_id)), with a
    working API token."""
    token = new_api_token()
    async with bench.csms.db.write() as session:
        user = User(tenant_id=tenant_id, email=email, status="active", account_id=account_id)
        session.add(user)
        await session.flush()
        for role in roles:
            role_, account, operator = (role, None, None) if isinstance(role, Role) else role
            session.add(
                RoleGrant(
                    user_id=user.id, role=role_.value, account_id=account, operator_id=operator
                )
            )
        session.add(ApiToken(name=email, token_hash=api_token_hash(token), user_id=user.id))
        return Person(user.id, tenant_id, token)
