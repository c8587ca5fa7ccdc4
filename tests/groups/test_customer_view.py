"""One customer's view: what is attached to it (CUS-2), the stations it sees on the driver
map (CG-2, OP-8), and a company's charge points (CUS-7)."""

from __future__ import annotations

import httpx

from csms.domain.permissions import Role
from tests.groups.network import (
    a_card,
    a_grid,
    a_group,
    a_location,
    a_member,
    a_station,
    an_operator,
    ok,
)
from tests.support.bench import Bench
from tests.support.people import a_tenant, a_user, an_account

GROUPS = "/api/v1/charge-groups"


async def test_everything_attached_to_a_customer_is_listed_in_one_place(bench: Bench) -> None:
    """CUS-2: charge points, grids, charge groups (with the customer's tariff there) and
    charge cards; for a company its employees too. A company admin reads its own and its
    employees'; an employee only its own."""
    tenant = await a_tenant(bench, "acme")
    admin = await a_user(bench, tenant, "admin@acme.test", Role.TENANT_ADMIN)
    corp = await an_account(bench, tenant, "corp", name="Corp", customer_type="company")
    emp = await an_account(
        bench, tenant, "emp", name="Emma", customer_type="employee", employer_id=corp
    )
    boss = await a_user(bench, tenant, "boss@corp.test", (Role.ACCOUNT_ADMIN, corp, None))
    emma = await a_user(bench, tenant, "emma@corp.test", (Role.EMPLOYEE, emp, None))
    support = await a_user(bench, tenant, "help@acme.test", Role.SUPPORT)
    hq = await a_location(bench, tenant, "HQ")
    await a_station(bench, tenant, "CP-CORP", location_id=hq, customer_id=corp)
    await a_station(bench, tenant, "CP-EMP", location_id=hq, customer_id=emp)
    await a_station(bench, tenant, "CP-NOBODY", location_id=hq)
    grid = await a_grid(bench, tenant, "Basement feed", corp)
    await a_grid(bench, tenant, "Roof feed", None)
    await a_card(bench, tenant, "CORP-1", account_id=corp)
    await a_card(bench, tenant, "EMP-1", account_id=emp)
    await a_card(bench, tenant, "LOOSE-1")
    async with (
        admin.client(bench) as system,
        boss.client(bench) as company_admin,
        emma.client(bench) as employee,
        support.client(bench) as helpdesk,
    ):
        fleet = await a_group(system, "Corp fleet", tariff="FLEET", type="home")
        await a_group(system, "Everyone", all_customers=True)
        await ok(
            await system.put(f"{GROUPS}/{fleet['id']}/customers/{corp}", json={"tariff": "CORP"})
        )
        await ok(await system.put(f"{GROUPS}/{fleet['id']}/customers/{emp}"))
        corp_seen = {
            who: await client.get(f"/api/v1/customers/{corp}/attachments")
            for who, client in (
                ("system", system),
                ("company_admin", company_admin),
                ("employee", employee),
                ("support", helpdesk),
            )
        }
        emp_by_boss = await ok(await company_admin.get(f"/api/v1/customers/{emp}/attachments"))
        emp_by_self = await ok(await employee.get(f"/api/v1/customers/{emp}/attachments"))
        missing = await system.get("/api/v1/customers/9999/attachments")
    assert corp_seen["employee"].status_code == 404
    corp_view = await ok(corp_seen["system"])
    assert await ok(corp_seen["company_admin"]) == corp_view
    assert await ok(corp_seen["support"]) == corp_view
    assert corp_view == {
        "account_id": corp,
        "charge_points": [
            {"id": "CP-CORP", "location_id": hq, "visible": True, "registration": "Accepted"}
        ],
        "grids": [{"id": grid, "name": "Basement feed", "location_id": None}],
        "charge_groups": [
            {
                "id": fleet["id"],
                "name": "Corp fleet",
                "type": "home",
                "tariff": "CORP",
                "effective_tariff": "CORP",
            }
        ],
        "charge_cards": [
            {
                "value": "CORP-1",
                "type": "ISO14443",
                "status": "Accepted",
                "label": None,
                "provider": None,
            }
        ],
        "employees": [{"id": emp, "ref": "emp", "name": "Emma", "customer_type": "employee"}],
    }
    assert emp_by_boss == emp_by_self
    assert [s["id"] for s in emp_by_self["charge_points"]] == ["CP-EMP"]
    assert emp_by_self["grids"] == [] and emp_by_self["employees"] == []
    assert [(g["tariff"], g["effective_tariff"]) for g in emp_by_self["charge_groups"]] == [
        (None, "FLEET")
    ]
    assert [c["value"] for c in emp_by_self["charge_cards"]] == ["EMP-1"]
    assert missing.status_code == 404


async def test_the_driver_map_hides_home_groups_foreign_groups_and_private_networks(
    bench: Bench,
) -> None:
    """CG-2, OP-8: Home group stations are never shown, not even to attached customers;
    Other group stations to the customers the group admits; invisible stations to the
    operator's private network only. Pending stations and other tenants' are not on it."""
    tenant = await a_tenant(bench, "acme")
    admin = await a_user(bench, tenant, "admin@acme.test", Role.TENANT_ADMIN)
    alice_id = await an_account(bench, tenant, "alice")
    bob_id = await an_account(bench, tenant, "bob")
    alice = await a_user(bench, tenant, "alice@acme.test", (Role.DRIVER, alice_id, None))
    bob = await a_user(bench, tenant, "bob@acme.test", (Role.DRIVER, bob_id, None))
    hq = await a_location(bench, tenant, "HQ", name="Head office", address="Main 1", city="Ulm")
    operator = await an_operator(bench, tenant, "hotel")
    hotel = await a_location(bench, tenant, "HOTEL", operator_id=operator)
    await a_member(bench, operator, alice_id)
    for station, fields in (
        ("S-PUBLIC", {"location_id": hq}),
        ("S-HOME", {"location_id": hq}),
        ("S-OTHER", {"location_id": hq}),
        ("S-OTHER-ALL", {"location_id": hq}),
        ("S-HIDDEN", {"location_id": hotel, "visible": False}),
        ("S-HOTEL", {"location_id": hotel}),
        ("S-PENDING", {"location_id": hq, "registration": "Pending"}),
    ):
        await a_station(bench, tenant, station, **fields)
    elsewhere = await a_tenant(bench, "elsewhere")
    await a_station(bench, elsewhere, "S-ELSEWHERE")
    async with (
        admin.client(bench) as system,
        alice.client(bench) as alice_app,
        bob.client(bench) as bob_app,
        admin.client(bench, **{"X-Act-As-Account": str(alice_id)}) as as_alice,
    ):
        for name, kind, station, fields in (
            ("Home", "home", "S-HOME", {"all_customers": True}),
            ("Other", "other", "S-OTHER", {}),
            ("Other open", "other", "S-OTHER-ALL", {"all_customers": True}),
        ):
            group = await a_group(system, name, type=kind, **fields)
            await ok(await system.put(f"{GROUPS}/{group['id']}/stations/{station}"))
            await ok(await system.put(f"{GROUPS}/{group['id']}/customers/{alice_id}"))
            if station == "S-OTHER":
                other = group

        async def shown(client: httpx.AsyncClient, **params: int) -> list[str]:
            answer = await ok(await client.get("/api/v1/map", params=params))
            return [s["id"] for s in answer["stations"]]

        alice_map = await ok(await alice_app.get("/api/v1/map"))
        bob_map = await shown(bob_app)
        bob_by_system = await shown(system, account_id=bob_id)
        alice_by_switch = await shown(as_alice)
        own_by_id = await shown(alice_app, account_id=alice_id)
        someone_elses = await bob_app.get("/api/v1/map", params={"account_id": alice_id})
        system_without = await system.get("/api/v1/map")
        await ok(await system.patch(f"{GROUPS}/{other['id']}", json={"type": "home"}))
        alice_after = await shown(alice_app)
    alice_ids = ["S-HIDDEN", "S-HOTEL", "S-OTHER", "S-OTHER-ALL", "S-PUBLIC"]
    assert alice_map["account_id"] == alice_id
    assert [s["id"] for s in alice_map["stations"]] == alice_ids
    assert alice_map["stations"][-1] == {
        "id": "S-PUBLIC",
        "location_id": hq,
        "location_name": "Head office",
        "address": "Main 1",
        "city": "Ulm",
        "country": None,
    }
    assert bob_map == ["S-HOTEL", "S-OTHER-ALL", "S-PUBLIC"]
    assert bob_by_system == bob_map
    assert alice_by_switch == alice_ids
    assert own_by_id == alice_ids
    assert someone_elses.status_code == 404
    assert system_without.status_code == 422
    assert alice_after == ["S-HIDDEN", "S-HOTEL", "S-OTHER-ALL", "S-PUBLIC"]


async def test_a_company_admin_configures_its_charge_points_an_employee_only_sees_its_own(
    bench: Bench,
) -> None:
    """CUS-7, through the stations API: the company admin lists and changes the company's
    charge points and its employees'; the employee lists only the one attached to it and
    may not change it; neither sees the tenant's other stations."""
    tenant = await a_tenant(bench, "acme")
    corp = await an_account(bench, tenant, "corp", customer_type="company")
    emp = await an_account(bench, tenant, "emp", customer_type="employee", employer_id=corp)
    boss = await a_user(bench, tenant, "boss@corp.test", (Role.ACCOUNT_ADMIN, corp, None))
    emma = await a_user(bench, tenant, "emma@corp.test", (Role.EMPLOYEE, emp, None))
    hq = await a_location(bench, tenant, "HQ")
    await a_station(bench, tenant, "CP-CORP", location_id=hq, customer_id=corp)
    await a_station(bench, tenant, "CP-EMMA", location_id=hq, customer_id=emp)
    await a_station(bench, tenant, "CP-TENANT", location_id=hq)
    async with boss.client(bench) as company_admin, emma.client(bench) as employee:
        boss_list = await ok(await company_admin.get("/api/v1/stations"))
        emma_list = await ok(await employee.get("/api/v1/stations"))
        emma_reads_own = await employee.get("/api/v1/stations/CP-EMMA")
        emma_reads_corp = await employee.get("/api/v1/stations/CP-CORP")
        configure = {"security_profile": 2}
        boss_corp = await company_admin.patch("/api/v1/stations/CP-CORP", json=configure)
        boss_emma = await company_admin.patch("/api/v1/stations/CP-EMMA", json=configure)
        boss_tenant = await company_admin.patch("/api/v1/stations/CP-TENANT", json=configure)
        emma_own = await employee.patch("/api/v1/stations/CP-EMMA", json={"security_profile": 3})
        emma_corp = await employee.patch("/api/v1/stations/CP-CORP", json=configure)
    after = {
        s["id"]: s["security_profile"]
        for s in (await ok(await bench.api.get("/api/v1/stations")))["items"]
    }
    assert [s["id"] for s in boss_list["items"]] == ["CP-CORP", "CP-EMMA"]
    assert [s["id"] for s in emma_list["items"]] == ["CP-EMMA"]
    assert (emma_reads_own.status_code, emma_reads_corp.status_code) == (200, 404)
    assert (boss_corp.status_code, boss_emma.status_code, boss_tenant.status_code) == (
        200,
        200,
        404,
    )
    assert (emma_own.status_code, emma_corp.status_code) == (403, 404)
    assert after == {"CP-CORP": 2, "CP-EMMA": 2, "CP-TENANT": 1}


async def test_the_customer_routes_are_documented(bench: Bench) -> None:
    spec = await ok(await bench.api.get("/openapi.json"))
    for path in ("/api/v1/customers/{account_id}/attachments", "/api/v1/map"):
        item = spec["paths"][path]["get"]
        assert item["summary"] and item["tags"] == ["customers"] and item["security"], path
    params = spec["paths"]["/api/v1/map"]["get"]["parameters"]
    query = [(p["name"], p.get("required", False)) for p in params if p["in"] == "query"]
    assert query == [("account_id", False)]
