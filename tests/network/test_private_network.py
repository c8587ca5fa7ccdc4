"""An operator's private network (OP-8): members are granted and revoked by the operator (or a
tenant admin), only once a location has the operator assigned; an invisible station then lets
only members charge, which a real OCPP 2.0.1 station's Authorize shows."""

from __future__ import annotations

from ocpp.v201 import call

from tests.network.world import World
from tests.support.payloads import send

BOOT = call.BootNotification(charging_station={"model": "M", "vendorName": "V"}, reason="PowerUp")


def members(page: dict) -> list[int]:
    return [item["account_id"] for item in page["items"]]


async def test_membership_needs_a_location_with_the_operator_assigned(world: World) -> None:
    op = await world.operator("PN", name="Private Hotel")
    url = f"/api/v1/operators/{op['id']}/private-network"
    refused = await world.admin.put(f"{url}/{world.other_customer}")
    assert refused.status_code == 409
    assert "location" in refused.json()["detail"]
    assert (await world.admin.get(url)).json()["total"] == 0

    await world.location("PN-AREA", operator_id=op["id"])
    granted = await world.admin.put(f"{url}/{world.other_customer}")
    assert granted.status_code == 201
    body = granted.json()
    assert (body["account_id"], body["name"], body["ref"]) == (
        world.other_customer,
        "Jan Jansen",
        "C-JAN",
    )
    again = await world.admin.put(f"{url}/{world.other_customer}")
    assert again.status_code == 200
    assert again.json()["granted_at"] == body["granted_at"]
    assert members((await world.admin.get(url)).json()) == [world.other_customer]
    assert (await world.admin.put(f"{url}/999999")).status_code == 404


async def test_the_operator_user_grants_searches_and_revokes(world: World) -> None:
    op = await world.operator("PN-OWN")
    await world.location("PN-OWN-AREA", operator_id=op["id"])
    desk = await world.operator_user("desk@pn.test", op["id"])
    url = f"/api/v1/operators/{op['id']}/private-network"

    candidates = (await desk.get(f"{url}/candidates", params={"search": "jan"})).json()
    assert [c["id"] for c in candidates["items"]] == [world.other_customer]
    assert (await desk.put(f"{url}/{world.other_customer}")).status_code == 201
    assert (await desk.put(f"{url}/{world.customer}")).status_code == 201
    everyone = (await desk.get(url)).json()
    assert everyone["total"] == 2
    assert members(everyone) == [world.customer, world.other_customer]  # by name
    assert members((await desk.get(url, params={"search": "JANSEN"})).json()) == [
        world.other_customer
    ]
    assert members((await desk.get(url, params={"search": "boss@cafe"})).json()) == [world.customer]
    paged = (await desk.get(url, params={"limit": 1, "offset": 1})).json()
    assert (paged["total"], members(paged)) == (2, [world.other_customer])
    left = (await desk.get(f"{url}/candidates")).json()
    assert left["total"] == 0

    assert (await desk.delete(f"{url}/{world.other_customer}")).status_code == 204
    assert members((await desk.get(url)).json()) == [world.customer]
    assert (await desk.delete(f"{url}/{world.other_customer}")).status_code == 404


async def test_who_may_manage_a_private_network(world: World) -> None:
    op = await world.operator("PN-ROLES")
    other = await world.operator("PN-ELSE")
    await world.location("PN-ROLES-AREA", operator_id=op["id"], account_id=world.customer)
    url = f"/api/v1/operators/{op['id']}/private-network"
    outsider_desk = await world.operator_user("desk@else.test", other["id"])
    assert (await world.admin.put(f"{url}/{world.customer}")).status_code == 201

    assert (await world.support.get(url)).status_code == 200
    assert (await world.support.put(f"{url}/{world.other_customer}")).status_code == 403
    assert (await world.support.delete(f"{url}/{world.customer}")).status_code == 403
    for stranger in (outsider_desk, world.account_admin, world.driver, world.other_driver):
        assert (await stranger.get(url)).status_code == 404
        assert (await stranger.put(f"{url}/{world.other_customer}")).status_code == 404
        assert (await stranger.delete(f"{url}/{world.customer}")).status_code == 404
    assert members((await world.admin.get(url)).json()) == [world.customer]


async def test_an_invisible_station_lets_only_members_charge(world: World) -> None:
    op = await world.operator("PN-CP")
    area = await world.location("PN-CP-AREA", operator_id=op["id"])
    await world.station("CP-PRIVATE", location_id=area["id"])
    await world.bench.add_token("CARD-JAN", tenant_id=world.tenant, account_id=world.other_customer)
    url = f"/api/v1/operators/{op['id']}/private-network/{world.other_customer}"

    async def authorize(cp: object) -> str:
        answer = await send(
            cp, call.Authorize(id_token={"idToken": "CARD-JAN", "type": "ISO14443"})
        )
        return answer.id_token_info["status"]

    async with world.bench.station("CP-PRIVATE", "2.0.1", register=False) as cp:
        await send(cp, BOOT)
        assert await authorize(cp) == "Accepted"  # visible: every driver
        hidden = await world.admin.patch("/api/v1/stations/CP-PRIVATE", json={"visible": False})
        assert hidden.status_code == 200 and hidden.json()["visible"] is False
        assert await authorize(cp) == "NotAtThisLocation"
        assert (await world.admin.put(url)).status_code == 201
        assert await authorize(cp) == "Accepted"
        assert (await world.admin.delete(url)).status_code == 204
        assert await authorize(cp) == "NotAtThisLocation"
        shown = await world.admin.patch("/api/v1/stations/CP-PRIVATE", json={"visible": True})
        assert shown.json()["visible"] is True
        assert await authorize(cp) == "Accepted"
