"""Charge groups through the admin API (CG-1, CG-5, CG-6): the group itself, its stations
(one group per station), its customers and their tariffs, and who may change what."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from csms.domain.permissions import Role
from tests.groups.network import a_group, a_location, a_station, ok
from tests.support.bench import Bench
from tests.support.people import a_tenant, a_user, an_account

GROUPS = "/api/v1/charge-groups"


@dataclass
class Acme:
    id: int
    admin: httpx.AsyncClient
    location_id: int


async def acme(bench: Bench) -> Acme:
    tenant_id = await a_tenant(bench, "acme")
    admin = await a_user(bench, tenant_id, "admin@acme.test", Role.TENANT_ADMIN)
    location_id = await a_location(bench, tenant_id, "HQ")
    return Acme(tenant_id, admin.client(bench), location_id)


async def test_a_group_is_created_read_changed_and_deleted(bench: Bench) -> None:
    """CG-1: name, additional information, type, tariff and the two access flags."""
    a = await acme(bench)
    async with a.admin as admin:
        created = await a_group(
            admin,
            "Residents",
            info="Contract 2026-17, underground car park",
            type="home",
            tariff="HOME-2026",
            all_customers=True,
        )
        fetched = await ok(await admin.get(f"{GROUPS}/{created['id']}"))
        changed = await ok(
            await admin.patch(
                f"{GROUPS}/{created['id']}",
                json={"type": "other", "roaming": True, "tariff": None, "info": "moved"},
            )
        )
        refetched = await ok(await admin.get(f"{GROUPS}/{created['id']}"))
        deleted = await admin.delete(f"{GROUPS}/{created['id']}")
        gone = await admin.get(f"{GROUPS}/{created['id']}")
    assert created == fetched
    assert (created["tenant_id"], created["name"], created["type"]) == (a.id, "Residents", "home")
    assert created["info"] == "Contract 2026-17, underground car park"
    assert (created["tariff"], created["all_customers"], created["roaming"]) == (
        "HOME-2026",
        True,
        False,
    )
    assert changed == refetched
    assert (changed["type"], changed["roaming"], changed["tariff"], changed["info"]) == (
        "other",
        True,
        None,
        "moved",
    )
    assert changed["name"] == "Residents" and changed["all_customers"] is True
    assert deleted.status_code == 204
    assert gone.status_code == 404


async def test_the_defaults_are_a_closed_other_group(bench: Bench) -> None:
    """CG-3: a new group admits nobody until a customer is attached or a flag ticked."""
    a = await acme(bench)
    async with a.admin as admin:
        group = await a_group(admin, "Plain")
    assert (group["type"], group["all_customers"], group["roaming"]) == ("other", False, False)
    assert group["tariff"] is None and group["account_id"] is None


async def test_wrong_group_requests_say_what_is_wrong(bench: Bench) -> None:
    a = await acme(bench)
    async with a.admin as admin:
        group = await a_group(admin, "Taken")
        same_name = await admin.post(GROUPS, json={"name": "Taken"})
        bad_type = await admin.post(GROUPS, json={"name": "X", "type": "public"})
        no_name = await admin.post(GROUPS, json={"info": "x"})
        null_name = await admin.patch(f"{GROUPS}/{group['id']}", json={"name": None})
        renamed_onto = await a_group(admin, "Other")
        clash = await admin.patch(f"{GROUPS}/{renamed_onto['id']}", json={"name": "Taken"})
        own_name = await admin.patch(f"{GROUPS}/{group['id']}", json={"name": "Taken"})
        foreign_owner = await admin.post(GROUPS, json={"name": "Y", "account_id": 999})
    assert same_name.status_code == 409 and "Taken" in same_name.json()["detail"]
    assert bad_type.status_code == 422
    assert no_name.status_code == 422
    assert null_name.status_code == 422
    assert clash.status_code == 409
    assert own_name.status_code == 200
    assert foreign_owner.status_code == 404


async def test_groups_are_listed_by_name_paginated_and_searched(bench: Bench) -> None:
    a = await acme(bench)
    async with a.admin as admin:
        for name, info, kind in (
            ("Delta", None, "other"),
            ("Alpha", "hotel guests", "other"),
            ("Charlie", None, "home"),
            ("Bravo", "Hotel staff", "home"),
        ):
            await a_group(admin, name, info=info, type=kind)
        first = await ok(await admin.get(GROUPS, params={"limit": 3}))
        second = await ok(await admin.get(GROUPS, params={"limit": 3, "offset": 3}))
        hotel = await ok(await admin.get(GROUPS, params={"search": "HOTEL"}))
        homes = await ok(await admin.get(GROUPS, params={"type": "home"}))
        bad = await admin.get(GROUPS, params={"type": "public"})
    assert [g["name"] for g in first["items"]] == ["Alpha", "Bravo", "Charlie"]
    assert (first["total"], first["offset"], first["limit"]) == (4, 0, 3)
    assert [g["name"] for g in second["items"]] == ["Delta"]
    assert [g["name"] for g in hotel["items"]] == ["Alpha", "Bravo"]
    assert [g["name"] for g in homes["items"]] == ["Bravo", "Charlie"]
    assert bad.status_code == 422


async def test_a_station_is_in_at_most_one_group(bench: Bench) -> None:
    a = await acme(bench)
    for station in ("CP-1", "CP-2"):
        await a_station(bench, a.id, station, location_id=a.location_id, visible=False)
    async with a.admin as admin:
        first = await a_group(admin, "First")
        second = await a_group(admin, "Second")
        attached = await ok(await admin.put(f"{GROUPS}/{first['id']}/stations/CP-1"))
        again = await admin.put(f"{GROUPS}/{first['id']}/stations/CP-1")
        await ok(await admin.put(f"{GROUPS}/{first['id']}/stations/CP-2"))
        elsewhere = await admin.put(f"{GROUPS}/{second['id']}/stations/CP-1")
        unknown = await admin.put(f"{GROUPS}/{second['id']}/stations/CP-NOPE")
        in_first = await ok(await admin.get(f"{GROUPS}/{first['id']}/stations"))
        not_there = await admin.delete(f"{GROUPS}/{second['id']}/stations/CP-1")
        detached = await admin.delete(f"{GROUPS}/{first['id']}/stations/CP-1")
        moved = await admin.put(f"{GROUPS}/{second['id']}/stations/CP-1")
        in_second = await ok(await admin.get(f"{GROUPS}/{second['id']}/stations"))
        in_first_after = await ok(await admin.get(f"{GROUPS}/{first['id']}/stations"))
    assert attached == {
        "station_id": "CP-1",
        "location_id": a.location_id,
        "customer_id": None,
        "visible": False,
        "registration": "Accepted",
    }
    assert again.status_code == 200
    assert elsewhere.status_code == 409
    assert (
        "'First'" in elsewhere.json()["detail"] and str(first["id"]) in elsewhere.json()["detail"]
    )
    assert unknown.status_code == 404
    assert [s["station_id"] for s in in_first] == ["CP-1", "CP-2"]
    assert not_there.status_code == 404
    assert detached.status_code == 204
    assert moved.status_code == 200
    assert [s["station_id"] for s in in_second] == ["CP-1"]
    assert [s["station_id"] for s in in_first_after] == ["CP-2"]


async def test_deleting_a_group_frees_its_stations(bench: Bench) -> None:
    a = await acme(bench)
    await a_station(bench, a.id, "CP-FREE", location_id=a.location_id)
    async with a.admin as admin:
        old = await a_group(admin, "Old")
        new = await a_group(admin, "New")
        await ok(await admin.put(f"{GROUPS}/{old['id']}/stations/CP-FREE"))
        await ok(await admin.delete(f"{GROUPS}/{old['id']}"), 204)
        moved = await admin.put(f"{GROUPS}/{new['id']}/stations/CP-FREE")
    assert moved.status_code == 200


async def test_customers_are_attached_with_their_own_tariff_overriding_the_groups(
    bench: Bench,
) -> None:
    """CG-5, CG-6: a customer attached with a tariff of its own pays that one (a prepaid
    driver is such a customer); the others pay the group tariff, which follows the group."""
    a = await acme(bench)
    alice = await an_account(bench, a.id, "alice", name="Alice")
    bob = await an_account(bench, a.id, "bob", name="Bob")
    prepaid = await an_account(bench, a.id, "pp", name="Paula Prepaid")
    stranger = await an_account(bench, a.id, "zed", name="Zed")
    async with a.admin as admin:
        group = await a_group(admin, "Office", tariff="OFFICE")
        url = f"{GROUPS}/{group['id']}"
        attached_alice = await ok(await admin.put(f"{url}/customers/{alice}"))
        await ok(await admin.put(f"{url}/customers/{bob}", json={"tariff": None}))
        await ok(await admin.put(f"{url}/customers/{prepaid}", json={"tariff": "DIRECT-PAY"}))
        listed = await ok(await admin.get(f"{url}/customers"))

        async def tariff(account: int) -> dict:
            return await ok(await admin.get(f"{url}/tariff-for/{account}"))

        before = {name: await tariff(i) for name, i in (("paula", prepaid), ("alice", alice))}
        outsider = await tariff(stranger)
        await ok(await admin.patch(url, json={"tariff": "OFFICE-2027"}))
        after = {name: await tariff(i) for name, i in (("paula", prepaid), ("alice", alice))}
        await ok(await admin.patch(url, json={"all_customers": True}))
        outsider_admitted = await tariff(stranger)
        reattached = await ok(await admin.put(f"{url}/customers/{prepaid}"))
        unknown = await admin.get(f"{url}/tariff-for/9999")
    assert attached_alice == {
        "account_id": alice,
        "ref": "alice",
        "name": "Alice",
        "customer_type": "private",
        "tariff": None,
        "effective_tariff": "OFFICE",
    }
    assert [(c["name"], c["tariff"], c["effective_tariff"]) for c in listed] == [
        ("Alice", None, "OFFICE"),
        ("Bob", None, "OFFICE"),
        ("Paula Prepaid", "DIRECT-PAY", "DIRECT-PAY"),
    ]
    assert before["paula"] == {
        "group_id": group["id"],
        "account_id": prepaid,
        "tariff": "DIRECT-PAY",
        "source": "customer",
        "attached": True,
        "admitted": True,
    }
    assert (before["alice"]["tariff"], before["alice"]["source"]) == ("OFFICE", "group")
    assert (outsider["tariff"], outsider["attached"], outsider["admitted"]) == (
        "OFFICE",
        False,
        False,
    )
    assert (after["paula"]["tariff"], after["alice"]["tariff"]) == ("DIRECT-PAY", "OFFICE-2027")
    assert (outsider_admitted["admitted"], outsider_admitted["attached"]) == (True, False)
    assert (reattached["tariff"], reattached["effective_tariff"]) == (None, "OFFICE-2027")
    assert unknown.status_code == 404


async def test_change_tariff_of_selected_customers_is_all_or_nothing(bench: Bench) -> None:
    a = await acme(bench)
    ids = [await an_account(bench, a.id, ref, name=ref) for ref in ("a", "b", "c", "d")]
    async with a.admin as admin:
        group = await a_group(admin, "Fleet", tariff="FLEET")
        url = f"{GROUPS}/{group['id']}"
        for account in ids[:3]:
            await ok(await admin.put(f"{url}/customers/{account}"))
        changed = await ok(
            await admin.post(
                f"{url}/customers/tariff", json={"account_ids": ids[:2], "tariff": "VIP"}
            )
        )
        partly_unattached = await admin.post(
            f"{url}/customers/tariff", json={"account_ids": [ids[2], ids[3]], "tariff": "X"}
        )
        unchanged = await ok(await admin.get(f"{url}/customers"))
        reset = await ok(
            await admin.post(f"{url}/customers/tariff", json={"account_ids": [ids[0]]})
        )
        empty = await admin.post(f"{url}/customers/tariff", json={"account_ids": []})
        detached = await admin.delete(f"{url}/customers/{ids[1]}")
        detached_again = await admin.delete(f"{url}/customers/{ids[1]}")
        left = await ok(await admin.get(f"{url}/customers"))
    assert [(c["ref"], c["tariff"], c["effective_tariff"]) for c in changed] == [
        ("a", "VIP", "VIP"),
        ("b", "VIP", "VIP"),
        ("c", None, "FLEET"),
    ]
    assert partly_unattached.status_code == 422
    assert str(ids[3]) in partly_unattached.json()["detail"]
    assert unchanged == changed
    assert [(c["ref"], c["tariff"]) for c in reset] == [("a", None), ("b", "VIP"), ("c", None)]
    assert empty.status_code == 422
    assert (detached.status_code, detached_again.status_code) == (204, 404)
    assert [c["ref"] for c in left] == ["a", "c"]


async def test_a_company_admin_manages_its_own_groups_only(bench: Bench) -> None:
    """An account admin administers the groups its company owns, with its own stations and
    its own people; the tenant's groups, stations and other customers stay out of reach."""
    a = await acme(bench)
    company = await an_account(bench, a.id, "corp", customer_type="company")
    employee = await an_account(bench, a.id, "emp", customer_type="employee", employer_id=company)
    outsider = await an_account(bench, a.id, "out")
    corp_site = await a_location(bench, a.id, "CORP", account_id=company)
    await a_station(bench, a.id, "CP-CORP", location_id=corp_site)
    await a_station(bench, a.id, "CP-TENANT", location_id=a.location_id)
    boss = await a_user(bench, a.id, "boss@corp.test", (Role.ACCOUNT_ADMIN, company, None))
    async with a.admin as admin, boss.client(bench) as corp:
        tenant_group = await a_group(admin, "Tenant-wide")
        own = await a_group(corp, "Corp staff", account_id=company)
        unowned = await corp.post(GROUPS, json={"name": "Loose"})
        listing = await ok(await corp.get(GROUPS))
        tenant_listing = await ok(await admin.get(GROUPS))
        read_tenant_group = await corp.get(f"{GROUPS}/{tenant_group['id']}")
        own_station = await corp.put(f"{GROUPS}/{own['id']}/stations/CP-CORP")
        tenant_station = await corp.put(f"{GROUPS}/{own['id']}/stations/CP-TENANT")
        own_employee = await corp.put(f"{GROUPS}/{own['id']}/customers/{employee}")
        other_customer = await corp.put(f"{GROUPS}/{own['id']}/customers/{outsider}")
        give_away = await corp.patch(f"{GROUPS}/{own['id']}", json={"account_id": None})
    assert own["account_id"] == company
    assert unowned.status_code == 403  # creating: 403, as for locations and operators
    assert [g["name"] for g in listing["items"]] == ["Corp staff"]
    assert [g["name"] for g in tenant_listing["items"]] == ["Corp staff", "Tenant-wide"]
    assert read_tenant_group.status_code == 404
    assert own_station.status_code == 200
    assert tenant_station.status_code == 404
    assert own_employee.status_code == 200
    assert other_customer.status_code == 404
    assert give_away.status_code == 403


async def test_support_reads_groups_and_drivers_see_none(bench: Bench) -> None:
    a = await acme(bench)
    driver_account = await an_account(bench, a.id, "drv")
    support = await a_user(bench, a.id, "help@acme.test", Role.SUPPORT)
    driver = await a_user(bench, a.id, "d@acme.test", (Role.DRIVER, driver_account, None))
    async with (
        a.admin as admin,
        support.client(bench) as helpdesk,
        driver.client(bench) as drv,
    ):
        group = await a_group(admin, "Visible to staff")
        await ok(await admin.put(f"{GROUPS}/{group['id']}/customers/{driver_account}"))
        support_read = await helpdesk.get(f"{GROUPS}/{group['id']}")
        support_write = await helpdesk.patch(f"{GROUPS}/{group['id']}", json={"roaming": True})
        support_create = await helpdesk.post(GROUPS, json={"name": "Nope"})
        driver_list = await ok(await drv.get(GROUPS))
        driver_read = await drv.get(f"{GROUPS}/{group['id']}")
        driver_write = await drv.patch(f"{GROUPS}/{group['id']}", json={"all_customers": True})
        unchanged = await ok(await admin.get(f"{GROUPS}/{group['id']}"))
    assert support_read.status_code == 200
    assert support_write.status_code == 403
    assert support_create.status_code == 403
    assert driver_list["items"] == []
    assert (driver_read.status_code, driver_write.status_code) == (404, 404)
    assert (unchanged["roaming"], unchanged["all_customers"]) == (False, False)


async def test_the_group_routes_are_documented(bench: Bench) -> None:
    spec = await ok(await bench.api.get("/openapi.json"))
    paths = {
        (method.upper(), path): item
        for path, methods in spec["paths"].items()
        for method, item in methods.items()
        if path.startswith(GROUPS)
    }
    assert set(paths) == {
        ("GET", GROUPS),
        ("POST", GROUPS),
        ("GET", f"{GROUPS}/{{group_id}}"),
        ("PATCH", f"{GROUPS}/{{group_id}}"),
        ("DELETE", f"{GROUPS}/{{group_id}}"),
        ("GET", f"{GROUPS}/{{group_id}}/stations"),
        ("PUT", f"{GROUPS}/{{group_id}}/stations/{{station_id}}"),
        ("DELETE", f"{GROUPS}/{{group_id}}/stations/{{station_id}}"),
        ("GET", f"{GROUPS}/{{group_id}}/customers"),
        ("PUT", f"{GROUPS}/{{group_id}}/customers/{{account_id}}"),
        ("DELETE", f"{GROUPS}/{{group_id}}/customers/{{account_id}}"),
        ("POST", f"{GROUPS}/{{group_id}}/customers/tariff"),
        ("GET", f"{GROUPS}/{{group_id}}/tariff-for/{{account_id}}"),
    }
    for key, item in paths.items():
        assert item["summary"] and item["tags"] == ["charge-groups"], key
        assert item.get("security"), key
