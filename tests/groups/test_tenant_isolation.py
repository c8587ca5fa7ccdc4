"""A tenant admin of another tenant learns nothing of tenant A's charge groups, stations and
customers: every charge group and customer route answers 404, and nothing of A changes.
Walks the OpenAPI document, so a route added without a case here fails."""

from __future__ import annotations

from typing import Any

from csms.domain.permissions import Role
from tests.groups.network import a_card, a_group, a_location, a_station, ok
from tests.support.bench import Bench
from tests.support.people import a_tenant, a_user, an_account

GROUPS = "/api/v1/charge-groups"
PREFIXES = (GROUPS, "/api/v1/customers", "/api/v1/map")


async def test_another_tenants_admin_gets_404_on_every_group_and_customer_route(
    bench: Bench,
) -> None:
    a = await a_tenant(bench, "tenant-a")
    b = await a_tenant(bench, "tenant-b")
    admin_a = await a_user(bench, a, "admin@a.test", Role.TENANT_ADMIN)
    admin_b = await a_user(bench, b, "admin@b.test", Role.TENANT_ADMIN)
    customer = await an_account(bench, a, "a-customer")
    await a_card(bench, a, "A-CARD", account_id=customer)
    await a_station(bench, a, "CP-A", location_id=await a_location(bench, a, "A-HQ"))
    await a_station(bench, b, "CP-B")
    async with admin_a.client(bench) as alpha, admin_b.client(bench) as beta:
        group = await a_group(alpha, "A private", tariff="A-TARIFF")
        g = f"{GROUPS}/{group['id']}"
        await ok(await alpha.put(f"{g}/stations/CP-A"))
        await ok(await alpha.put(f"{g}/customers/{customer}", json={"tariff": "A-OWN"}))
        own = await a_group(beta, "B group")
        mine = f"{GROUPS}/{own['id']}"
        before = [await ok(await alpha.get(u)) for u in (g, f"{g}/stations", f"{g}/customers")]

        cases: dict[tuple[str, str], list[tuple[str, dict[str, Any] | None]]] = {
            ("POST", GROUPS): [(GROUPS, {"name": "Stolen", "account_id": customer})],
            ("GET", f"{GROUPS}/{{group_id}}"): [(g, None)],
            ("PATCH", f"{GROUPS}/{{group_id}}"): [(g, {"roaming": True, "name": "Mine"})],
            ("DELETE", f"{GROUPS}/{{group_id}}"): [(g, None)],
            ("GET", f"{GROUPS}/{{group_id}}/stations"): [(f"{g}/stations", None)],
            ("PUT", f"{GROUPS}/{{group_id}}/stations/{{station_id}}"): [
                (f"{g}/stations/CP-B", None),
                (f"{mine}/stations/CP-A", None),
            ],
            ("DELETE", f"{GROUPS}/{{group_id}}/stations/{{station_id}}"): [
                (f"{g}/stations/CP-A", None)
            ],
            ("GET", f"{GROUPS}/{{group_id}}/customers"): [(f"{g}/customers", None)],
            ("PUT", f"{GROUPS}/{{group_id}}/customers/{{account_id}}"): [
                (f"{g}/customers/{customer}", {"tariff": "CHEAP"}),
                (f"{mine}/customers/{customer}", None),
            ],
            ("DELETE", f"{GROUPS}/{{group_id}}/customers/{{account_id}}"): [
                (f"{g}/customers/{customer}", None)
            ],
            ("POST", f"{GROUPS}/{{group_id}}/customers/tariff"): [
                (f"{g}/customers/tariff", {"account_ids": [customer], "tariff": "CHEAP"})
            ],
            ("GET", f"{GROUPS}/{{group_id}}/tariff-for/{{account_id}}"): [
                (f"{g}/tariff-for/{customer}", None),
                (f"{mine}/tariff-for/{customer}", None),
            ],
            ("GET", "/api/v1/customers/{account_id}/attachments"): [
                (f"/api/v1/customers/{customer}/attachments", None)
            ],
            ("GET", "/api/v1/customers/{account_id}/dashboard"): [
                (f"/api/v1/customers/{customer}/dashboard", None)
            ],
            ("GET", "/api/v1/map"): [(f"/api/v1/map?account_id={customer}", None)],
        }
        answers = {}
        for (method, _), calls in cases.items():
            for url, body in calls:
                response = await beta.request(method, url, json=body)
                answers[(method, url)] = response.status_code
        listing = await ok(await beta.get(GROUPS, params={"search": "A private"}))
        after = [await ok(await alpha.get(u)) for u in (g, f"{g}/stations", f"{g}/customers")]
    spec = await ok(await bench.api.get("/openapi.json"))
    routes = {
        (method.upper(), path)
        for path, methods in spec["paths"].items()
        for method in methods
        if path.startswith(PREFIXES)
    }
    assert routes == set(cases) | {("GET", GROUPS)}
    assert {k: v for k, v in answers.items() if v != 404} == {}
    assert listing["items"] == [] and listing["total"] == 0
    assert after == before
