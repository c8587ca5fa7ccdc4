"""What a user linked to an operator sees (OP-5): only that operator's stations and their
session history, times in the operator's timezone. Sessions are charged over OCPP 1.6 by a
real test station."""

from __future__ import annotations

from typing import Any

from ocpp.v16 import call

from tests.network.world import World, ids


async def charge(world: World, station_id: str, card: str, start: str, stop: str) -> int:
    """One finished session at ``station_id`` from ``start`` to ``stop`` (UTC, "...Z")."""
    async with world.bench.station(station_id, register=False) as cp:
        await cp.call(call.BootNotification(charge_point_vendor="V", charge_point_model="M"))
        started = await cp.call(
            call.StartTransaction(connector_id=1, id_tag=card, meter_start=0, timestamp=start)
        )
        assert started.id_tag_info["status"] == "Accepted"
        await cp.call(
            call.StopTransaction(
                meter_stop=4200, timestamp=stop, transaction_id=started.transaction_id
            )
        )
        return started.transaction_id


async def two_operators(world: World) -> dict[str, Any]:
    """Operator AMS (Europe/Amsterdam) runs two locations with a station each; operator NYC
    (America/New_York) one; each has had sessions."""
    ams = await world.operator("AMS", name="Amsterdam Hotels", timezone="Europe/Amsterdam")
    nyc = await world.operator("NYC", name="New York Diner", timezone="America/New_York")
    for ref, op, station in (
        ("AMS-1", ams, "CP-AMS-1"),
        ("AMS-2", ams, "CP-AMS-2"),
        ("NYC-1", nyc, "CP-NYC-1"),
    ):
        location = await world.location(ref, operator_id=op["id"])
        await world.station(station, location_id=location["id"])
    await world.bench.add_token("CARD-1", tenant_id=world.tenant)
    winter = await charge(
        world, "CP-AMS-1", "CARD-1", "2026-11-21T10:00:00Z", "2026-11-21T10:45:00Z"
    )
    summer = await charge(
        world, "CP-AMS-2", "CARD-1", "2026-07-01T10:00:00Z", "2026-07-01T11:30:00Z"
    )
    theirs = await charge(
        world, "CP-NYC-1", "CARD-1", "2026-11-21T15:00:00Z", "2026-11-21T16:00:00Z"
    )
    return {"ams": ams, "nyc": nyc, "winter": winter, "summer": summer, "theirs": theirs}


async def test_sessions_are_shown_in_the_operator_timezone(world: World) -> None:
    net = await two_operators(world)
    desk = await world.operator_user("desk@ams.test", net["ams"]["id"])
    page = (await desk.get(f"/api/v1/operators/{net['ams']['id']}/sessions")).json()
    assert page["timezone"] == "Europe/Amsterdam"
    assert page["total"] == 2
    by_id = {item["id"]: item for item in page["items"]}
    assert set(by_id) == {net["winter"], net["summer"]}
    assert by_id[net["winter"]]["started_at"] == "2026-11-21T11:00:00+01:00"  # CET
    assert by_id[net["winter"]]["ended_at"] == "2026-11-21T11:45:00+01:00"
    assert by_id[net["summer"]]["started_at"] == "2026-07-01T12:00:00+02:00"  # CEST
    assert by_id[net["summer"]]["ended_at"] == "2026-07-01T13:30:00+02:00"
    assert float(by_id[net["winter"]]["energy_wh"]) == 4200

    nyc = (await world.admin.get(f"/api/v1/operators/{net['nyc']['id']}/sessions")).json()
    assert nyc["timezone"] == "America/New_York"
    assert [i["started_at"] for i in nyc["items"]] == ["2026-11-21T10:00:00-05:00"]

    # The operator's timezone is what counts: change it and the same session reads anew.
    await world.admin.patch(
        f"/api/v1/operators/{net['ams']['id']}", json={"timezone": "Asia/Tokyo"}
    )
    tokyo = (await desk.get(f"/api/v1/operators/{net['ams']['id']}/sessions")).json()
    starts = {i["id"]: i["started_at"] for i in tokyo["items"]}
    assert starts[net["winter"]] == "2026-11-21T19:00:00+09:00"


async def test_the_operator_user_sees_only_its_operator_stations(world: World) -> None:
    net = await two_operators(world)
    desk = await world.operator_user("desk@ams.test", net["ams"]["id"])
    own = (await desk.get(f"/api/v1/operators/{net['ams']['id']}/stations")).json()
    assert ids(own) == ["CP-AMS-1", "CP-AMS-2"]
    assert own["timezone"] == "Europe/Amsterdam"
    boot = own["items"][0]["last_boot_at"]
    assert boot is not None and boot.endswith(("+01:00", "+02:00"))

    generic = (await desk.get("/api/v1/stations")).json()
    assert ids(generic) == ["CP-AMS-1", "CP-AMS-2"]
    assert (await desk.get("/api/v1/stations/CP-AMS-1")).status_code == 200
    assert (await desk.get("/api/v1/stations/CP-NYC-1")).status_code == 404
    assert (await desk.get(f"/api/v1/operators/{net['nyc']['id']}/stations")).status_code == 404


async def test_the_operator_user_sees_only_its_operator_sessions(world: World) -> None:
    net = await two_operators(world)
    desk = await world.operator_user("desk@ams.test", net["ams"]["id"])
    generic = (await desk.get("/api/v1/transactions")).json()
    assert sorted(ids(generic)) == sorted([net["winter"], net["summer"]])
    assert (await desk.get(f"/api/v1/transactions/{net['winter']}")).status_code == 200
    assert (await desk.get(f"/api/v1/transactions/{net['theirs']}")).status_code == 404
    nyc_sessions = f"/api/v1/operators/{net['nyc']['id']}/sessions"
    assert (await desk.get(nyc_sessions)).status_code == 404
    assert (await desk.get(f"/api/v1/operators/{net['nyc']['id']}")).status_code == 404
    one_station = (
        await desk.get(
            f"/api/v1/operators/{net['ams']['id']}/sessions", params={"station_id": "CP-AMS-2"}
        )
    ).json()
    assert ids(one_station) == [net["summer"]]


async def test_who_may_see_an_operator_view(world: World) -> None:
    net = await two_operators(world)
    base = f"/api/v1/operators/{net['ams']['id']}"
    for reader in (world.admin, world.support):
        assert (await reader.get(f"{base}/sessions")).json()["total"] == 2
        assert (await reader.get(f"{base}/stations")).json()["total"] == 2
    for outsider in (world.account_admin, world.driver):
        assert (await outsider.get(f"{base}/sessions")).status_code == 404
        assert (await outsider.get(f"{base}/stations")).status_code == 404
