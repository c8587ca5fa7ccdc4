"""CUS-6: a company admin's dashboard, from real sessions over OCPP."""

from __future__ import annotations

from typing import Any

from ocpp.v16 import call

from csms.domain.permissions import Role
from tests.support.bench import PASSWORD, Bench
from tests.support.people import a_tenant, a_user, an_account
from tests.support.stations import connected


async def session(
    bench: Bench, station: str, card: str, start_utc: str, stop_utc: str, wh: int
) -> None:
    async with connected(bench.ocpp_url, station, "1.6", PASSWORD) as cp:
        await cp.call(call.BootNotification(charge_point_vendor="V", charge_point_model="M"))
        started = await cp.call(
            call.StartTransaction(connector_id=1, id_tag=card, meter_start=0, timestamp=start_utc)
        )
        await cp.call(
            call.StopTransaction(
                meter_stop=wh, timestamp=stop_utc, transaction_id=started.transaction_id
            )
        )


async def test_cus6_energy_used_and_delivered_latest_transactions_and_stations(
    bench: Bench,
) -> None:
    tenant = await a_tenant(bench, "acme", timezone="Europe/Amsterdam")
    company = await an_account(bench, tenant, "fleet", customer_type="company")
    employee = await an_account(
        bench, tenant, "emma", customer_type="employee", employer_id=company
    )
    visitor = await an_account(bench, tenant, "visitor")
    admin = await a_user(bench, tenant, "admin@fleet.test", (Role.ACCOUNT_ADMIN, company, None))
    emma = await a_user(bench, tenant, "emma@fleet.test", (Role.EMPLOYEE, employee, None))
    location: dict[str, Any] = (
        await bench.api.post(
            "/api/v1/locations",
            json={"ref": "hq", "name": "HQ", "account_id": company, "tenant_id": tenant},
        )
    ).json()
    for station in ("HQ-1", "PUBLIC-1"):
        body = {"id": station, "password": PASSWORD, "tenant_id": tenant}
        if station == "HQ-1":
            body["location_id"] = location["id"]
        assert (await bench.api.post("/api/v1/stations", json=body)).status_code == 201
    for card, owner in (("EMMA", employee), ("FLEET", company), ("GUEST", visitor)):
        await bench.api.post(
            "/api/v1/tokens", json={"value": card, "tenant_id": tenant, "account_id": owner}
        )
    # 23:30Z on the 21st is already the 22nd in Amsterdam.
    await session(bench, "HQ-1", "EMMA", "2026-11-21T09:00:00Z", "2026-11-21T10:00:00Z", 4000)
    await session(bench, "HQ-1", "GUEST", "2026-11-21T22:00:00Z", "2026-11-21T23:30:00Z", 6000)
    await session(bench, "PUBLIC-1", "FLEET", "2026-11-22T08:00:00Z", "2026-11-22T09:00:00Z", 2500)
    async with admin.client(bench) as client:
        board = (await client.get(f"/api/v1/customers/{company}/dashboard")).json()
        monthly = (
            await client.get(f"/api/v1/customers/{company}/dashboard", params={"interval": "month"})
        ).json()
    assert board["timezone"] == "Europe/Amsterdam"
    used = {p["period"]: float(p["energy_wh"]) for p in board["energy_used"]["per_interval"]}
    delivered = {
        p["period"]: float(p["energy_wh"]) for p in board["energy_delivered"]["per_interval"]
    }
    assert used == {"2026-11-21": 4000, "2026-11-22": 2500}
    assert delivered == {"2026-11-21": 4000, "2026-11-22": 6000}
    assert float(board["energy_used"]["total_wh"]) == 6500
    assert float(board["energy_delivered"]["total_wh"]) == 10000
    assert [t["id_token"] for t in board["latest_card_transactions"]] == ["FLEET", "EMMA"]
    assert [t["id_token"] for t in board["latest_charge_point_transactions"]] == ["GUEST", "EMMA"]
    assert [s["id"] for s in board["stations"]] == ["HQ-1"]
    assert [p["period"] for p in monthly["energy_delivered"]["per_interval"]] == ["2026-11-01"]
    async with emma.client(bench) as client:
        assert (await client.get(f"/api/v1/customers/{company}/dashboard")).status_code == 404
        own = (await client.get(f"/api/v1/customers/{employee}/dashboard")).json()
    assert float(own["energy_used"]["total_wh"]) == 4000 and own["stations"] == []
