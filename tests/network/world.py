"""The people and network a network API test starts from (the "Given"): a tenant with a
tenant admin, a support user, a company customer with its account admin and a driver, a
second customer with a driver, and a rival tenant with its own tenant admin. Operators,
locations and stations are created through the API, the way an admin would."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx

from csms.domain.permissions import Role
from tests.support.bench import Bench
from tests.support.people import a_tenant, a_user, an_account


@dataclass
class World:
    bench: Bench
    tenant: int
    rival_tenant: int
    customer: int
    other_customer: int
    admin: httpx.AsyncClient
    support: httpx.AsyncClient
    account_admin: httpx.AsyncClient
    driver: httpx.AsyncClient
    other_driver: httpx.AsyncClient
    rival_admin: httpx.AsyncClient
    clients: list[httpx.AsyncClient] = field(default_factory=list)

    @classmethod
    async def build(cls, bench: Bench) -> World:
        tenant = await a_tenant(bench, "acme")
        rival = await a_tenant(bench, "rival")
        customer = await an_account(
            bench,
            tenant,
            "C-CAFE",
            name="Cafe Centraal",
            customer_type="company",
            email="boss@cafe.test",
        )
        other = await an_account(bench, tenant, "C-JAN", name="Jan Jansen", email="jan@mail.test")
        people = [
            await a_user(bench, tenant, "admin@acme.test", Role.TENANT_ADMIN),
            await a_user(bench, tenant, "support@acme.test", Role.SUPPORT),
            await a_user(bench, tenant, "boss@cafe.test", (Role.ACCOUNT_ADMIN, customer, None)),
            await a_user(bench, tenant, "driver@cafe.test", (Role.DRIVER, customer, None)),
            await a_user(bench, tenant, "jan@mail.test", (Role.DRIVER, other, None)),
            await a_user(bench, rival, "admin@rival.test", Role.TENANT_ADMIN),
        ]
        clients = [p.client(bench) for p in people]
        return cls(bench, tenant, rival, customer, other, *clients, clients=list(clients))

    async def close(self) -> None:
        for client in self.clients:
            await client.aclose()

    async def person(
        self, email: str, *roles: tuple[Role, int | None, int | None] | Role, tenant: int = 0
    ) -> httpx.AsyncClient:
        person = await a_user(self.bench, tenant or self.tenant, email, *roles)
        client = person.client(self.bench)
        self.clients.append(client)
        return client

    async def operator_user(self, email: str, operator_id: int) -> httpx.AsyncClient:
        return await self.person(email, (Role.OPERATOR_USER, None, operator_id))

    async def operator(self, code: str, **fields: Any) -> dict[str, Any]:
        body = {"code": code, "name": fields.pop("name", f"Operator {code}"), **fields}
        response = await self.admin.post("/api/v1/operators", json=body)
        assert response.status_code == 201, response.text
        return response.json()

    async def location(self, ref: str, **fields: Any) -> dict[str, Any]:
        body = {"ref": ref, "name": fields.pop("name", f"Location {ref}"), **fields}
        response = await self.admin.post("/api/v1/locations", json=body)
        assert response.status_code == 201, response.text
        return response.json()

    async def station(self, station_id: str, **fields: Any) -> dict[str, Any]:
        """A station of the tenant, registered by the platform admin with the test password."""
        return await self.bench.register(station_id, tenant_id=self.tenant, **fields)


def codes(page: dict[str, Any]) -> list[str]:
    return [item["code"] for item in page["items"]]


def ids(page: dict[str, Any]) -> list[Any]:
    return [item["id"] for item in page["items"]]
