"""Stations and tokens through the admin API: create, read, change, delete, and the 4xx
answers a wrong request gets."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.support.bench import Bench


async def test_register_a_station_with_a_generated_password(bench: Bench) -> None:
    response = await bench.api.post("/api/v1/stations", json={"id": "CP-GEN"})
    assert response.status_code == 201
    body = response.json()
    assert len(body["password"]) >= 16
    assert body["has_password"] is True
    again = (await bench.api.get("/api/v1/stations/CP-GEN")).json()
    assert "password" not in again


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"id": "bad/slash"}, "id"),
        ({"id": ""}, "id"),
        ({"id": "CP", "password": "short"}, "password"),
        ({"id": "CP", "security_profile": 4}, "security_profile"),
        ({"id": "CP", "registration": "Maybe"}, "registration"),
    ],
)
async def test_invalid_station_requests_say_what_is_wrong(
    bench: Bench, body: dict, field: str
) -> None:
    response = await bench.api.post("/api/v1/stations", json=body)
    assert response.status_code == 422
    assert any(field in error["loc"] for error in response.json()["detail"])


async def test_duplicate_station_is_a_conflict(bench: Bench) -> None:
    await bench.register("CP-DUP")
    response = await bench.api.post("/api/v1/stations", json={"id": "CP-DUP"})
    assert response.status_code == 409
    assert "already exists" in response.json()["detail"]


async def test_list_paginates_and_searches(bench: Bench) -> None:
    for i in range(7):
        await bench.register(f"LIST-{i}", password="p" * 16)
    await bench.register("OTHER-1", password="p" * 16)
    page = (await bench.api.get("/api/v1/stations", params={"limit": 3, "offset": 3})).json()
    assert page["total"] == 8 and [s["id"] for s in page["items"]] == ["LIST-3", "LIST-4", "LIST-5"]
    found = (await bench.api.get("/api/v1/stations", params={"search": "other"})).json()
    assert [s["id"] for s in found["items"]] == ["OTHER-1"]
    assert (await bench.api.get("/api/v1/stations", params={"limit": 0})).status_code == 422


async def test_update_delete_and_missing_station(bench: Bench) -> None:
    await bench.register("CP-UPD")
    patched = await bench.api.patch("/api/v1/stations/CP-UPD", json={"security_profile": 2})
    assert patched.json()["security_profile"] == 2
    assert (await bench.api.delete("/api/v1/stations/CP-UPD")).status_code == 204
    missing = await bench.api.get("/api/v1/stations/CP-UPD")
    assert missing.status_code == 404 and "not found" in missing.json()["detail"]
    for method, path in (
        ("PATCH", "/api/v1/stations/NOPE"),
        ("PUT", "/api/v1/stations/NOPE/password"),
        ("DELETE", "/api/v1/stations/NOPE"),
        ("GET", "/api/v1/stations/NOPE/connectors"),
    ):
        response = await bench.api.request(method, path, json={})
        assert response.status_code == 404, (method, path)


async def test_token_lifecycle_and_effective_status(bench: Bench) -> None:
    now = bench.csms.services.clock.now()  # what effective_status is computed against
    soon = (now + timedelta(days=1)).isoformat()
    created = await bench.add_token("04A1B2C3", label="Jane's card", expires_at=soon)
    assert created["status"] == "Accepted" and created["effective_status"] == "Accepted"
    past = (now - timedelta(minutes=1)).isoformat()
    expired = (await bench.api.patch("/api/v1/tokens/04A1B2C3", json={"expires_at": past})).json()
    assert expired["status"] == "Accepted" and expired["effective_status"] == "Expired"
    blocked = (await bench.api.patch("/api/v1/tokens/04A1B2C3", json={"status": "Blocked"})).json()
    assert blocked["effective_status"] == "Blocked"
    listed = (await bench.api.get("/api/v1/tokens", params={"search": "jane"})).json()
    assert [t["value"] for t in listed["items"]] == ["04A1B2C3"]
    assert (await bench.api.get("/api/v1/tokens", params={"status": "Accepted"})).json()[
        "total"
    ] == 0
    assert (await bench.api.delete("/api/v1/tokens/04A1B2C3")).status_code == 204
    assert (await bench.api.get("/api/v1/tokens/04A1B2C3")).status_code == 404


async def test_token_errors(bench: Bench) -> None:
    await bench.add_token("DUP")
    duplicate = await bench.api.post("/api/v1/tokens", json={"value": "DUP"})
    assert duplicate.status_code == 409
    bad = await bench.api.post("/api/v1/tokens", json={"value": "X", "status": "Maybe"})
    assert bad.status_code == 422
    naive = await bench.api.post("/api/v1/tokens", json={"value": "Y", "expires_at": "not a date"})
    assert naive.status_code == 422


async def test_transactions_404_and_filters(bench: Bench) -> None:
    assert (await bench.api.get("/api/v1/transactions/999")).status_code == 404
    listing = (await bench.api.get("/api/v1/transactions", params={"active": True})).json()
    assert listing == {"items": [], "total": 0, "offset": 0, "limit": 50}
