"""OCPP 1.6: boot, status, authorize (every status), a full session with meter values, and
idempotent replays, driven over a real WebSocket by an `ocpp`-library charge point."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ocpp.v16 import call

from tests.support.bench import Bench


def ts(minutes: float = 0) -> str:
    base = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
    return (base + timedelta(minutes=minutes)).isoformat().replace("+00:00", "Z")


def energy(wh: int, minutes: float, **extra: str) -> dict:
    return {
        "timestamp": ts(minutes),
        "sampledValue": [
            {"value": str(wh), "measurand": "Energy.Active.Import.Register", "unit": "Wh", **extra}
        ],
    }


async def test_boot_is_stored_before_it_is_answered(bench: Bench) -> None:
    async with bench.station("CP-BOOT") as cp:
        answer = await cp.call(
            call.BootNotification(
                charge_point_vendor="Alfen",
                charge_point_model="Eve Single",
                firmware_version="5.1",
                charge_point_serial_number="SN-1",
                iccid="8931",
                meter_type="MID",
            )
        )
        assert answer.status == "Accepted"
        assert answer.interval == 300
        station = (await bench.api.get("/api/v1/stations/CP-BOOT")).json()
    assert station["vendor"] == "Alfen"
    assert station["firmware_version"] == "5.1"
    assert station["ocpp_version"] == "1.6"
    assert station["connected"] is True
    assert station["connection"]["ocpp_version"] == "1.6"


async def test_status_per_connector_with_history(bench: Bench) -> None:
    async with bench.station("CP-STATUS") as cp:
        await cp.call(call.BootNotification(charge_point_vendor="V", charge_point_model="M"))
        for status, minute in (("Available", 0), ("Preparing", 1), ("Charging", 2)):
            await cp.call(
                call.StatusNotification(
                    connector_id=1, error_code="NoError", status=status, timestamp=ts(minute)
                )
            )
        await cp.call(
            call.StatusNotification(
                connector_id=2,
                error_code="GroundFailure",
                status="Faulted",
                timestamp=ts(3),
                vendor_error_code="E42",
            )
        )
        connectors = (await bench.api.get("/api/v1/stations/CP-STATUS/connectors")).json()
        history = (await bench.api.get("/api/v1/stations/CP-STATUS/status-history")).json()
    assert [(c["evse_id"], c["status"]) for c in connectors] == [(1, "Charging"), (2, "Faulted")]
    assert connectors[1]["error_code"] == "GroundFailure"
    assert connectors[1]["vendor_error_code"] == "E42"
    assert [h["status"] for h in history] == ["Faulted", "Charging", "Preparing", "Available"]


async def test_a_late_replayed_status_does_not_overwrite_a_newer_one(bench: Bench) -> None:
    async with bench.station("CP-LATE") as cp:
        await cp.call(call.BootNotification(charge_point_vendor="V", charge_point_model="M"))
        await cp.call(
            call.StatusNotification(
                connector_id=1, error_code="NoError", status="Charging", timestamp=ts(5)
            )
        )
        await cp.call(
            call.StatusNotification(
                connector_id=1, error_code="NoError", status="Preparing", timestamp=ts(1)
            )
        )
        connectors = (await bench.api.get("/api/v1/stations/CP-LATE/connectors")).json()
    assert connectors[0]["status"] == "Charging"


async def test_authorize_answers_every_status(bench: Bench) -> None:
    await bench.add_token("GOOD", group_id="FLEET-1")
    await bench.add_token("BLOCKED", status="Blocked")
    yesterday = bench.csms.services.clock.now() - timedelta(days=1)
    await bench.add_token("OLD", expires_at=yesterday.isoformat())
    await bench.add_token("BUSY")
    async with bench.station("CP-AUTH") as cp:
        await cp.call(call.BootNotification(charge_point_vendor="V", charge_point_model="M"))
        await cp.call(
            call.StartTransaction(connector_id=1, id_tag="BUSY", meter_start=0, timestamp=ts())
        )
        answers = {
            tag: (await cp.call(call.Authorize(id_tag=tag))).id_tag_info
            for tag in ("GOOD", "BLOCKED", "OLD", "NOBODY", "BUSY")
        }
    assert answers["GOOD"]["status"] == "Accepted"
    assert answers["GOOD"]["parent_id_tag"] == "FLEET-1"
    assert answers["BLOCKED"]["status"] == "Blocked"
    assert answers["OLD"]["status"] == "Expired"
    assert answers["NOBODY"]["status"] == "Invalid"
    assert answers["BUSY"]["status"] == "ConcurrentTx"


async def test_full_session_with_meter_values(bench: Bench) -> None:
    await bench.add_token("RFID-1")
    async with bench.station("CP-SESSION") as cp:
        await cp.call(call.BootNotification(charge_point_vendor="V", charge_point_model="M"))
        started = await cp.call(
            call.StartTransaction(connector_id=1, id_tag="RFID-1", meter_start=1000, timestamp=ts())
        )
        assert started.id_tag_info["status"] == "Accepted"
        tx = started.transaction_id
        for minute, wh in ((1, 1250), (2, 1500)):
            await cp.call(
                call.MeterValues(
                    connector_id=1,
                    transaction_id=tx,
                    meter_value=[
                        {
                            "timestamp": ts(minute),
                            "sampledValue": [
                                {
                                    "value": str(wh),
                                    "measurand": "Energy.Active.Import.Register",
                                    "unit": "Wh",
                                },
                                {
                                    "value": "11.04",
                                    "measurand": "Power.Active.Import",
                                    "unit": "kW",
                                },
                                {
                                    "value": "16.0",
                                    "measurand": "Current.Import",
                                    "unit": "A",
                                    "phase": "L1",
                                },
                                {
                                    "value": "230.1",
                                    "measurand": "Voltage",
                                    "unit": "V",
                                    "phase": "L1-N",
                                },
                                {"value": "57", "measurand": "SoC", "unit": "Percent"},
                            ],
                        }
                    ],
                )
            )
        stopped = await cp.call(
            call.StopTransaction(
                meter_stop=1730,
                timestamp=ts(3),
                transaction_id=tx,
                id_tag="RFID-1",
                reason="EVDisconnected",
                transaction_data=[energy(1730, 3, context="Transaction.End")],
            )
        )
        assert stopped.id_tag_info["status"] == "Accepted"
        detail = (await bench.api.get(f"/api/v1/transactions/{tx}")).json()
    assert detail["ended_at"] is not None
    assert float(detail["energy_wh"]) == 730
    assert detail["stop_reason"] == "EVDisconnected"
    power = [m for m in detail["meter_values"] if m["measurand"] == "Power.Active.Import"]
    assert [(float(p["value"]), p["unit"]) for p in power] == [(11040, "W"), (11040, "W")]
    phases = {
        m["phase"]
        for m in detail["meter_values"]
        if m["measurand"] in ("Current.Import", "Voltage")
    }
    assert phases == {"L1", "L1-N"}
    assert any(m["context"] == "Transaction.End" for m in detail["meter_values"])


async def test_replayed_start_and_stop_create_one_session_and_count_energy_once(
    bench: Bench,
) -> None:
    await bench.add_token("RFID-2")
    async with bench.station("CP-REPLAY") as cp:
        await cp.call(call.BootNotification(charge_point_vendor="V", charge_point_model="M"))
        start = call.StartTransaction(
            connector_id=1, id_tag="RFID-2", meter_start=500, timestamp=ts()
        )
        first = await cp.call(start)
        again = await cp.call(start)
        assert again.transaction_id == first.transaction_id
        sample = call.MeterValues(
            connector_id=1, transaction_id=first.transaction_id, meter_value=[energy(900, 1)]
        )
        await cp.call(sample)
        await cp.call(sample)
        stop = call.StopTransaction(
            meter_stop=1500, timestamp=ts(2), transaction_id=first.transaction_id
        )
        await cp.call(stop)
        await cp.call(stop)
        listing = (
            await bench.api.get("/api/v1/transactions", params={"station_id": "CP-REPLAY"})
        ).json()
        detail = (await bench.api.get(f"/api/v1/transactions/{first.transaction_id}")).json()
    assert listing["total"] == 1
    assert float(detail["energy_wh"]) == 1000
    assert (
        len([m for m in detail["meter_values"] if m["timestamp"].startswith("2026-11-21T10:01")])
        == 1
    )


async def test_start_with_an_unknown_card_is_recorded_and_answered_invalid(bench: Bench) -> None:
    async with bench.station("CP-INVALID") as cp:
        await cp.call(call.BootNotification(charge_point_vendor="V", charge_point_model="M"))
        started = await cp.call(
            call.StartTransaction(connector_id=1, id_tag="STRANGER", meter_start=0, timestamp=ts())
        )
        detail = (await bench.api.get(f"/api/v1/transactions/{started.transaction_id}")).json()
    assert started.id_tag_info["status"] == "Invalid"
    assert detail["token_status"] == "Invalid"


async def test_heartbeat_updates_last_seen(bench: Bench) -> None:
    async with bench.station("CP-HB") as cp:
        await cp.call(call.BootNotification(charge_point_vendor="V", charge_point_model="M"))
        before = (await bench.api.get("/api/v1/stations/CP-HB")).json()["last_seen_at"]
        answer = await cp.call(call.Heartbeat())
        after = (await bench.api.get("/api/v1/stations/CP-HB")).json()["last_seen_at"]
    assert datetime.fromisoformat(answer.current_time.replace("Z", "+00:00")).tzinfo is not None
    assert after > before
