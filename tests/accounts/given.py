"""Setup shared by the account tests: tenants with or without support links, system users,
an anonymous client, and the steps an invited customer takes."""

from __future__ import annotations

from typing import Any

import httpx

from csms.domain.permissions import Role
from tests.support.bench import Bench
from tests.support.people import Person, a_tenant, a_user

TERMS = "https://example.com/terms"
PRIVACY = "https://example.com/privacy"
PASSWORD = "a-long-enough-secret"


async def a_tenant_with_links(bench: Bench, slug: str = "acme", **fields: Any) -> int:
    return await a_tenant(bench, slug, terms_url=TERMS, privacy_url=PRIVACY, **fields)


async def staff(bench: Bench, tenant_id: int, role: Role = Role.TENANT_ADMIN) -> Person:
    return await a_user(bench, tenant_id, f"{role.value}-{tenant_id}@staff.test", role)


def anonymous(bench: Bench) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=str(bench.api.base_url), timeout=30)


async def invite(client: httpx.AsyncClient, email: str, **fields: Any) -> dict[str, Any]:
    response = await client.post("/api/v1/users/invite", json={"email": email, **fields})
    assert response.status_code == 201, response.text
    return response.json()


async def activate(
    bench: Bench, token: str, password: str = PASSWORD, **fields: Any
) -> httpx.Response:
    body = {
        "token": token,
        "password": password,
        "accept_terms": True,
        "accept_privacy": True,
        **fields,
    }
    async with anonymous(bench) as client:
        return await client.post("/api/v1/auth/activate", json=body)


async def login(bench: Bench, tenant: str, email: str, password: str = PASSWORD) -> httpx.Response:
    async with anonymous(bench) as client:
        return await client.post(
            "/api/v1/auth/login", json={"tenant": tenant, "email": email, "password": password}
        )


def bearer(bench: Bench, token: str, **headers: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=str(bench.api.base_url),
        headers={"Authorization": f"Bearer {token}", **headers},
        timeout=30,
    )
