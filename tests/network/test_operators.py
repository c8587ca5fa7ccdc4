"""Operators through the admin API (OP-1, OP-2, OP-3, OP-6): details, list and search, the
code that never changes, deletion refused while referenced, and no login made with one."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select

from csms.db.models import ApiToken, Invitation, OutboxMail, RoleGrant, User
from tests.network.world import World, codes

DETAILS: dict[str, Any] = {
    "name": "NH Hotels",
    "status": "active",
    "organisation_name": "NH Hotel Group N.V.",
    "address": "Stationsplein 1",
    "phone": "+31 20 555 0100",
    "country": "NL",
    "state": "Noord-Holland",
    "city": "Amsterdam",
    "zip": "1012 AB",
    "timezone": "Europe/Amsterdam",
    "session_rating": {"min_energy_kwh": 1, "min_duration_minutes": 5},
    "idle_timeout_minutes": 30,
    "energy_step_delta_wh": "100",
    "security_key": "nh-4f1c9a",
    "monetary_session_limit": "50.00",
}


def same(expected: dict[str, Any], got: dict[str, Any]) -> None:
    for name, value in expected.items():
        if name in ("energy_step_delta_wh", "monetary_session_limit"):
            assert float(got[name]) == float(value), name
        else:
            assert got[name] == value, name


async def test_an_operator_is_created_with_every_detail_and_shown_in_full(world: World) -> None:
    created = await world.operator("NH", **DETAILS)
    detail = (await world.admin.get(f"/api/v1/operators/{created['id']}")).json()
    same(DETAILS, detail)
    assert detail["code"] == "NH"
    assert detail["tenant_id"] == world.tenant
    by_code = await world.admin.get("/api/v1/operators/by-code/NH")
    assert by_code.status_code == 200
    assert by_code.json()["id"] == created["id"]
    assert (await world.admin.get("/api/v1/operators/by-code/NOPE")).status_code == 404


async def test_a_timezone_must_be_a_real_iana_zone(world: World) -> None:
    for zone in ("Mars/Olympus_Mons", "+01:00", "europe/amsterdam", ""):
        response = await world.admin.post(
            "/api/v1/operators", json={"code": "TZ", "name": "Tz", "timezone": zone}
        )
        assert response.status_code == 422, zone
    op = await world.operator("TZ", timezone="America/Argentina/Buenos_Aires")
    patched = await world.admin.patch(
        f"/api/v1/operators/{op['id']}", json={"timezone": "Atlantis/Capital"}
    )
    assert patched.status_code == 422
    assert "IANA" in patched.text
    detail = (await world.admin.get(f"/api/v1/operators/{op['id']}")).json()
    assert detail["timezone"] == "America/Argentina/Buenos_Aires"


async def test_the_code_is_unique_in_a_tenant_but_not_across_tenants(world: World) -> None:
    await world.operator("DUP")
    again = await world.admin.post("/api/v1/operators", json={"code": "DUP", "name": "Other"})
    assert again.status_code == 409
    assert "DUP" in again.json()["detail"]
    rival = await world.rival_admin.post("/api/v1/operators", json={"code": "DUP", "name": "R"})
    assert rival.status_code == 201
    assert rival.json()["tenant_id"] == world.rival_tenant


async def test_operators_are_listed_paginated_and_searchable(world: World) -> None:
    for code, name in (
        ("HOT-1", "Hotel Amstel"),
        ("HOT-2", "Hotel Zuid"),
        ("REST-1", "Restaurant De Kas"),
        ("REST-2", "Restaurant Hotelschool"),
        ("GAR-1", "Garage Noord"),
    ):
        await world.operator(code, name=name)
    first = (await world.admin.get("/api/v1/operators", params={"limit": 2})).json()
    second = (await world.admin.get("/api/v1/operators", params={"limit": 2, "offset": 2})).json()
    last = (await world.admin.get("/api/v1/operators", params={"limit": 2, "offset": 4})).json()
    assert first["total"] == second["total"] == last["total"] == 5
    assert codes(first) == ["GAR-1", "HOT-1"]
    assert codes(second) == ["HOT-2", "REST-1"]
    assert codes(last) == ["REST-2"]
    by_name = (await world.admin.get("/api/v1/operators", params={"search": "hotel"})).json()
    assert sorted(codes(by_name)) == ["HOT-1", "HOT-2", "REST-2"]
    assert by_name["total"] == 3
    by_code = (await world.admin.get("/api/v1/operators", params={"search": "rest-"})).json()
    assert sorted(codes(by_code)) == ["REST-1", "REST-2"]
    assert (await world.admin.get("/api/v1/operators", params={"search": "%"})).json()["total"] == 0
    rival = (await world.rival_admin.get("/api/v1/operators")).json()
    assert rival["total"] == 0


async def test_every_field_can_be_updated_except_the_code(world: World) -> None:
    op = await world.operator("KAS", name="De Kas", timezone="UTC", security_key="old")
    url = f"/api/v1/operators/{op['id']}"
    changes = {**DETAILS, "name": "De Kas Restaurant", "status": "inactive", "country": "BE"}
    updated = await world.admin.patch(url, json=changes)
    assert updated.status_code == 200, updated.text
    same(changes, (await world.admin.get(url)).json())

    refused = await world.admin.patch(url, json={"code": "KAS-2", "name": "Renamed"})
    assert refused.status_code == 422
    assert "code cannot be changed" in refused.json()["detail"]
    assert (await world.admin.patch(url, json={"code": None})).status_code == 422
    after = (await world.admin.get(url)).json()
    assert after["code"] == "KAS"
    assert after["name"] == "De Kas Restaurant"
    assert (await world.admin.get("/api/v1/operators/by-code/KAS-2")).status_code == 404

    unchanged_code = await world.admin.patch(url, json={"code": "KAS", "phone": "+32 2 000"})
    assert unchanged_code.status_code == 200
    assert unchanged_code.json()["phone"] == "+32 2 000"
    cleared = await world.admin.patch(url, json={"phone": None, "security_key": None})
    assert cleared.json()["phone"] is None and cleared.json()["security_key"] is None
    assert (await world.admin.patch(url, json={"name": None})).status_code == 422
    assert (await world.admin.patch(url, json={"nickname": "x"})).status_code == 422


async def test_who_may_read_and_change_an_operator(world: World) -> None:
    op = await world.operator("ROLE", name="Role Hotel")
    other = await world.operator("OTHER", name="Other Hotel")
    url = f"/api/v1/operators/{op['id']}"
    own_user = await world.operator_user("desk@role.test", op["id"])
    other_user = await world.operator_user("desk@other.test", other["id"])
    new = {"code": "NEW", "name": "New"}

    assert (await world.support.get(url)).status_code == 200
    assert (await world.support.get("/api/v1/operators")).json()["total"] == 2
    assert (await world.support.patch(url, json={"name": "x"})).status_code == 403
    assert (await world.support.delete(url)).status_code == 403
    assert (await world.support.post("/api/v1/operators", json=new)).status_code == 403

    assert (await own_user.get(url)).status_code == 200
    assert codes((await own_user.get("/api/v1/operators")).json()) == ["ROLE"]
    assert (await own_user.get("/api/v1/operators/by-code/ROLE")).status_code == 200
    assert (await own_user.get("/api/v1/operators/by-code/OTHER")).status_code == 404
    assert (await own_user.patch(url, json={"name": "x"})).status_code == 403
    assert (await own_user.delete(url)).status_code == 403
    assert (await own_user.post("/api/v1/operators", json=new)).status_code == 403

    assert (await other_user.get(url)).status_code == 404
    assert (await other_user.patch(url, json={"name": "x"})).status_code == 404
    assert (await other_user.delete(url)).status_code == 404

    for outsider in (world.account_admin, world.driver):
        assert (await outsider.get(url)).status_code == 404
        assert (await outsider.get("/api/v1/operators")).json()["total"] == 0
        assert (await outsider.patch(url, json={"name": "x"})).status_code == 404
        assert (await outsider.post("/api/v1/operators", json=new)).status_code == 403

    assert (await world.admin.get(url)).json()["name"] == "Role Hotel"
    assert (await world.admin.get("/api/v1/operators/by-code/NEW")).status_code == 404


async def test_the_platform_admin_names_the_tenant(world: World) -> None:
    api = world.bench.api
    missing = await api.post("/api/v1/operators", json={"code": "P", "name": "P"})
    assert missing.status_code == 422
    made = await api.post(
        "/api/v1/operators", json={"code": "P", "name": "P", "tenant_id": world.rival_tenant}
    )
    assert made.status_code == 201
    assert made.json()["tenant_id"] == world.rival_tenant
    assert (await api.get("/api/v1/operators/by-code/P")).status_code == 422
    found = await api.get("/api/v1/operators/by-code/P", params={"tenant_id": world.rival_tenant})
    assert found.json()["id"] == made.json()["id"]
    assert (await world.rival_admin.get("/api/v1/operators/by-code/P")).status_code == 200
    assert (await world.admin.get("/api/v1/operators/by-code/P")).status_code == 404


async def test_delete_is_refused_naming_every_reference_until_they_are_removed(
    world: World,
) -> None:
    op = await world.operator("BUSY", name="Busy Hotel")
    url = f"/api/v1/operators/{op['id']}"
    lobby = await world.location("L-LOBBY", name="Hotel Lobby", operator_id=op["id"])
    garage = await world.location("L-GARAGE", name="Hotel Garage", operator_id=op["id"])
    await world.operator_user("frontdesk@busy.test", op["id"])
    granted = await world.admin.put(f"{url}/private-network/{world.other_customer}")
    assert granted.status_code == 201
    # What references another operator is not named.
    bystander = await world.operator("IDLE", name="Idle Inn")
    await world.location("L-IDLE", name="Idle Inn Parking", operator_id=bystander["id"])
    await world.operator_user("night@idle.test", bystander["id"])
    idle_members = f"/api/v1/operators/{bystander['id']}/private-network"
    assert (await world.admin.put(f"{idle_members}/{world.customer}")).status_code == 201

    refused = await world.admin.delete(url)
    assert refused.status_code == 409
    message = refused.json()["detail"]
    for name in ("Hotel Lobby", "Hotel Garage", "frontdesk@busy.test", "Jan Jansen"):
        assert name in message, (name, message)
    for name in ("Idle Inn Parking", "night@idle.test", "Cafe Centraal"):
        assert name not in message, (name, message)
    assert (await world.admin.get(url)).status_code == 200

    await world.admin.delete(f"/api/v1/locations/{lobby['id']}")
    unassigned = await world.admin.patch(
        f"/api/v1/locations/{garage['id']}", json={"operator_id": None}
    )
    assert unassigned.status_code == 200
    still = (await world.admin.delete(url)).json()["detail"]
    assert "Hotel Lobby" not in still and "Hotel Garage" not in still
    assert "frontdesk@busy.test" in still and "Jan Jansen" in still

    assert (
        await world.admin.delete(f"{url}/private-network/{world.other_customer}")
    ).status_code == 204
    # No users API in this module: the user is removed where it is stored.
    async with world.bench.csms.db.write() as session:
        await session.execute(delete(User).where(User.email == "frontdesk@busy.test"))
    assert (await world.admin.delete(url)).status_code == 204
    assert (await world.admin.get(url)).status_code == 404
    assert (await world.admin.get(f"/api/v1/locations/{garage['id']}")).status_code == 200


async def counts(world: World) -> dict[str, int]:
    async with world.bench.csms.db.read() as session:
        return {
            model.__tablename__: await session.scalar(select(func.count()).select_from(model))
            for model in (User, RoleGrant, ApiToken, Invitation, OutboxMail)
        }


async def test_creating_an_operator_creates_no_user_and_no_login(world: World) -> None:
    before = await counts(world)
    op = await world.operator("NOLOGIN", name="No Login", security_key="nl-secret-key")
    assert await counts(world) == before
    async with world.bench.csms.db.read() as session:
        grants = await session.scalar(select(func.count()).where(RoleGrant.operator_id == op["id"]))
    assert grants == 0
    for guess in ("NOLOGIN", "nl-secret-key", str(op["id"])):
        probe = await world.bench.api.get(
            f"/api/v1/operators/{op['id']}", headers={"Authorization": f"Bearer {guess}"}
        )
        assert probe.status_code == 401
    # A login exists once a user is created for the operator.
    desk = await world.operator_user("desk@nologin.test", op["id"])
    assert (await desk.get(f"/api/v1/operators/{op['id']}")).status_code == 200
