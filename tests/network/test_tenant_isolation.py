"""A tenant admin of another tenant learns nothing of this tenant's operators, locations and
grids: every such route answers 404, and lists and look-ups leave them out. Walks the
OpenAPI document, so a route added later without the check fails here."""

from __future__ import annotations

import re

from tests.network.world import World

PREFIXES = ("/api/v1/operators/", "/api/v1/locations/", "/api/v1/grids/")


async def test_every_route_of_another_tenants_network_answers_404(world: World) -> None:
    op = await world.operator("ISO", name="Isolated Hotel")
    location = await world.location("ISO-1", operator_id=op["id"], account_id=world.customer)
    await world.station("CP-ISO", location_id=location["id"])
    grid = await world.admin.post(
        "/api/v1/grids", json={"name": "ISO grid", "location_id": location["id"]}
    )
    assert grid.status_code == 201
    members = f"/api/v1/operators/{op['id']}/private-network/{world.other_customer}"
    assert (await world.admin.put(members)).status_code == 201
    values = {
        "operator_id": op["id"],
        "location_id": location["id"],
        "grid_id": grid.json()["id"],
        "account_id": world.other_customer,
        "station_id": "CP-ISO",
        "code": "ISO",
    }
    spec = (await world.rival_admin.get("/openapi.json")).json()
    checked = []
    for path, item in spec["paths"].items():
        if not path.startswith(PREFIXES):
            continue
        concrete = re.sub(r"\{([^}]+)\}", lambda m: str(values[m.group(1)]), path)
        for method in item:
            body = {} if method in ("patch", "post", "put") else None
            response = await world.rival_admin.request(method.upper(), concrete, json=body)
            assert response.status_code == 404, (method, path, response.status_code, response.text)
            checked.append((method, path))
    assert len(checked) >= 19, checked  # 10 operator, 6 location, 3 grid routes

    # Nothing was changed by the attempts.
    assert (await world.admin.get(f"/api/v1/operators/{op['id']}")).json()[
        "name"
    ] == "Isolated Hotel"
    assert (await world.admin.get(members.rsplit("/", 1)[0])).json()["total"] == 1
    assert (await world.admin.get("/api/v1/stations/CP-ISO")).json()["location_id"] == location[
        "id"
    ]


async def test_lists_and_references_stop_at_the_tenant(world: World) -> None:
    op = await world.operator("ISO-L")
    location = await world.location("ISO-L-1", operator_id=op["id"])
    await world.admin.post("/api/v1/grids", json={"name": "ISO-L grid"})
    await world.station("CP-ISO-L")
    rival = world.rival_admin
    for listing in ("/api/v1/operators", "/api/v1/locations", "/api/v1/grids"):
        assert (await rival.get(listing)).json()["total"] == 0, listing

    own_op = (await rival.post("/api/v1/operators", json={"code": "R", "name": "R"})).json()
    own_location = (
        await rival.post(
            "/api/v1/locations",
            json={"ref": "R-1", "name": "R-1", "operator_id": own_op["id"]},
        )
    ).json()
    assert (await rival.get("/api/v1/operators/by-code/ISO-L")).status_code == 404
    assert (
        await rival.post(
            "/api/v1/locations", json={"ref": "R-2", "name": "R", "operator_id": op["id"]}
        )
    ).status_code == 404
    assert (
        await rival.post(
            "/api/v1/locations", json={"ref": "R-3", "name": "R", "account_id": world.customer}
        )
    ).status_code == 404
    assert (
        await rival.post("/api/v1/grids", json={"name": "R", "location_id": location["id"]})
    ).status_code == 404
    assert (
        await rival.patch(f"/api/v1/locations/{own_location['id']}", json={"operator_id": op["id"]})
    ).status_code == 404
    assert (
        await rival.put(f"/api/v1/locations/{own_location['id']}/stations/CP-ISO-L")
    ).status_code == 404
    assert (
        await rival.put(f"/api/v1/operators/{own_op['id']}/private-network/{world.customer}")
    ).status_code == 404
    assert (await world.admin.get("/api/v1/stations/CP-ISO-L")).json()["location_id"] is None
