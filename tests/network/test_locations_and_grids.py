"""Locations (charging areas) with their owner and operator, stations attached to them, and
grids, through the admin API (OP-4 and the network around operators)."""

from __future__ import annotations

from tests.network.world import World, ids


async def test_one_operator_runs_many_locations(world: World) -> None:
    chain = await world.operator("CHAIN", name="Burger Chain")
    other = await world.operator("SOLO", name="Solo Diner")
    made = [
        await world.location(f"L-{city}", name=f"Burger {city}", operator_id=chain["id"])
        for city in ("Amsterdam", "Utrecht", "Rotterdam")
    ]
    solo = await world.location("L-SOLO", name="Solo", operator_id=other["id"])
    for n, location in enumerate(made):
        await world.station(f"CP-CHAIN-{n}", location_id=location["id"])
    await world.station("CP-SOLO", location_id=solo["id"])

    run = (await world.admin.get("/api/v1/locations", params={"operator_id": chain["id"]})).json()
    assert run["total"] == 3
    assert sorted(ids(run)) == sorted(m["id"] for m in made)
    assert all(item["operator_id"] == chain["id"] for item in run["items"])
    stations = (await world.admin.get(f"/api/v1/operators/{chain['id']}/stations")).json()
    assert ids(stations) == ["CP-CHAIN-0", "CP-CHAIN-1", "CP-CHAIN-2"]
    # and one location to one operator works the same
    solo_stations = (await world.admin.get(f"/api/v1/operators/{other['id']}/stations")).json()
    assert ids(solo_stations) == ["CP-SOLO"]


async def test_a_location_is_created_read_updated_and_deleted(world: World) -> None:
    op = await world.operator("LOC-OP")
    created = await world.location(
        "L-1",
        name="Cafe terrace",
        address="Damrak 1",
        city="Amsterdam",
        country="NL",
        timezone="Europe/Amsterdam",
        account_id=world.customer,
        operator_id=op["id"],
        publish_to_roaming=True,
    )
    url = f"/api/v1/locations/{created['id']}"
    got = (await world.admin.get(url)).json()
    assert got["account_id"] == world.customer
    assert got["operator_id"] == op["id"]
    assert got["publish_to_roaming"] is True
    assert got["timezone"] == "Europe/Amsterdam"

    patched = await world.admin.patch(
        url, json={"name": "Cafe garden", "publish_to_roaming": False, "timezone": "UTC"}
    )
    assert patched.status_code == 200
    assert (patched.json()["name"], patched.json()["publish_to_roaming"]) == ("Cafe garden", False)
    assert (await world.admin.patch(url, json={"timezone": "Nowhere/Land"})).status_code == 422
    assert (await world.admin.patch(url, json={"name": None})).status_code == 422
    again = await world.admin.post("/api/v1/locations", json={"ref": "L-1", "name": "Dup"})
    assert again.status_code == 409
    bad_operator = await world.admin.patch(url, json={"operator_id": 999_999})
    assert bad_operator.status_code == 404

    await world.station("CP-AT-L1", location_id=created["id"])
    assert (await world.admin.delete(url)).status_code == 204
    assert (await world.admin.get(url)).status_code == 404
    station = (await world.admin.get("/api/v1/stations/CP-AT-L1")).json()
    assert station["location_id"] is None


async def test_locations_are_paginated_and_searchable(world: World) -> None:
    for n in range(5):
        await world.location(f"REF-{n}", name=f"Site {n}")
    await world.location("GARAGE", name="Parking garage")
    page = (await world.admin.get("/api/v1/locations", params={"limit": 4, "offset": 4})).json()
    assert page["total"] == 6
    assert [i["name"] for i in page["items"]] == ["Site 3", "Site 4"]
    found = (await world.admin.get("/api/v1/locations", params={"search": "garage"})).json()
    assert [i["ref"] for i in found["items"]] == ["GARAGE"]
    by_ref = (await world.admin.get("/api/v1/locations", params={"search": "ref-"})).json()
    assert by_ref["total"] == 5


async def test_who_may_read_and_change_a_location(world: World) -> None:
    op = await world.operator("L-OP")
    other_op = await world.operator("L-OTHER")
    mine = await world.location("MINE", account_id=world.customer, operator_id=op["id"])
    theirs = await world.location(
        "THEIRS", account_id=world.other_customer, operator_id=other_op["id"]
    )
    url, their_url = f"/api/v1/locations/{mine['id']}", f"/api/v1/locations/{theirs['id']}"
    desk = await world.operator_user("desk@l-op.test", op["id"])

    assert (await world.support.get(url)).status_code == 200
    assert (await world.support.patch(url, json={"name": "x"})).status_code == 403
    assert (await world.support.delete(url)).status_code == 403

    account_admin = world.account_admin
    assert (await account_admin.get(url)).status_code == 200
    assert ids((await account_admin.get("/api/v1/locations")).json()) == [mine["id"]]
    assert (await account_admin.patch(url, json={"name": "Our cafe"})).status_code == 200
    assert (await account_admin.get(their_url)).status_code == 404
    own_new = await account_admin.post(
        "/api/v1/locations", json={"ref": "OWN", "name": "Own", "account_id": world.customer}
    )
    assert own_new.status_code == 201
    foreign_new = await account_admin.post(
        "/api/v1/locations",
        json={"ref": "NOT-OWN", "name": "Not own", "account_id": world.other_customer},
    )
    assert foreign_new.status_code == 403
    handed_over = await account_admin.patch(url, json={"account_id": world.other_customer})
    assert handed_over.status_code == 403
    assert (await world.admin.get(url)).json()["account_id"] == world.customer

    assert (await desk.get(url)).status_code == 200
    assert ids((await desk.get("/api/v1/locations")).json()) == [mine["id"]]
    assert (await desk.patch(url, json={"name": "x"})).status_code == 403
    assert (await desk.get(their_url)).status_code == 404

    assert (await world.driver.get(url)).status_code == 200
    assert (await world.driver.patch(url, json={"name": "x"})).status_code == 403
    assert (
        await world.driver.post("/api/v1/locations", json={"ref": "D", "name": "D"})
    ).status_code == 403
    assert (await world.other_driver.get(url)).status_code == 404
    assert (await world.admin.get(url)).json()["name"] == "Our cafe"


async def test_stations_are_attached_to_and_detached_from_a_location(world: World) -> None:
    op = await world.operator("ATT")
    first = await world.location("ATT-1", operator_id=op["id"], account_id=world.customer)
    second = await world.location("ATT-2", account_id=world.customer)
    await world.station("CP-ATT")
    base = f"/api/v1/locations/{first['id']}/stations"

    attached = await world.admin.put(f"{base}/CP-ATT")
    assert attached.status_code == 200
    assert attached.json()["location_id"] == first["id"]
    assert ids((await world.admin.get(base)).json()) == ["CP-ATT"]
    assert ids((await world.admin.get(f"/api/v1/operators/{op['id']}/stations")).json()) == [
        "CP-ATT"
    ]

    moved = await world.account_admin.put(f"/api/v1/locations/{second['id']}/stations/CP-ATT")
    assert moved.status_code == 200
    assert (await world.admin.get(base)).json()["total"] == 0
    assert (await world.admin.get(f"/api/v1/operators/{op['id']}/stations")).json()["total"] == 0

    assert (await world.admin.delete(f"{base}/CP-ATT")).status_code == 404
    assert (await world.support.put(f"{base}/CP-ATT")).status_code == 403
    detached = await world.admin.delete(f"/api/v1/locations/{second['id']}/stations/CP-ATT")
    assert detached.status_code == 204
    station = (await world.admin.get("/api/v1/stations/CP-ATT")).json()
    assert station["location_id"] is None
    # Unattached, the station is the tenant's alone: the customer's admin cannot take it.
    assert (await world.account_admin.put(f"{base}/CP-ATT")).status_code == 404
    assert (await world.admin.put(f"{base}/NO-SUCH-CP")).status_code == 404


async def test_a_grid_is_created_read_updated_and_deleted(world: World) -> None:
    site = await world.location("GRID-SITE", account_id=world.customer)
    made = await world.admin.post(
        "/api/v1/grids",
        json={
            "name": "Main connection",
            "location_id": site["id"],
            "max_current_a": "63",
            "customer_id": world.customer,
        },
    )
    assert made.status_code == 201, made.text
    grid = made.json()
    url = f"/api/v1/grids/{grid['id']}"
    got = (await world.admin.get(url)).json()
    assert (got["location_id"], float(got["max_current_a"]), got["customer_id"]) == (
        site["id"],
        63,
        world.customer,
    )
    patched = await world.admin.patch(url, json={"max_current_a": "80", "customer_id": None})
    assert float(patched.json()["max_current_a"]) == 80
    assert patched.json()["customer_id"] is None
    dup = await world.admin.post("/api/v1/grids", json={"name": "Main connection"})
    assert dup.status_code == 409
    assert (
        await world.admin.post("/api/v1/grids", json={"name": "N", "max_current_a": -1})
    ).status_code == 422
    unknown = await world.admin.post("/api/v1/grids", json={"name": "X", "location_id": 999_999})
    assert unknown.status_code == 404
    listed = (await world.admin.get("/api/v1/grids", params={"search": "main"})).json()
    assert ids(listed) == [grid["id"]]
    assert (await world.admin.delete(url)).status_code == 204
    assert (await world.admin.get(url)).status_code == 404


async def test_who_may_read_and_change_a_grid(world: World) -> None:
    op = await world.operator("GRID-OP")
    site = await world.location("G-SITE", account_id=world.customer, operator_id=op["id"])
    grid = (
        await world.admin.post("/api/v1/grids", json={"name": "G1", "location_id": site["id"]})
    ).json()
    loose = (await world.admin.post("/api/v1/grids", json={"name": "Loose"})).json()
    url = f"/api/v1/grids/{grid['id']}"
    desk = await world.operator_user("desk@grid.test", op["id"])

    assert (await world.support.get(url)).status_code == 200
    assert (await world.support.patch(url, json={"name": "x"})).status_code == 403
    assert (await world.account_admin.patch(url, json={"name": "Cafe grid"})).status_code == 200
    assert ids((await world.account_admin.get("/api/v1/grids")).json()) == [grid["id"]]
    assert (await world.account_admin.get(f"/api/v1/grids/{loose['id']}")).status_code == 404
    assert (
        await world.account_admin.post("/api/v1/grids", json={"name": "Tenant grid"})
    ).status_code == 403
    attach_own = await world.account_admin.post(
        "/api/v1/grids", json={"name": "Own grid", "customer_id": world.customer}
    )
    assert attach_own.status_code == 201
    assert (await desk.get(url)).status_code == 200
    assert (await desk.delete(url)).status_code == 403
    assert (await world.other_driver.get(url)).status_code == 404
    assert (await world.admin.get(url)).json()["name"] == "Cafe grid"
