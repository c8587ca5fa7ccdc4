"""OCPP 2.1: boot, heartbeat, status, authorize and a full TransactionEvent session, sent with
the `ocpp` library's 2.1 dataclasses (validated against the 2.1 schemas both ways)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from ocpp.v21 import call

from tests.support.bench import Bench
from tests.support.payloads import at, meter_value, sampled, send, ts, when

V = "2.1"
BOOT = call.BootNotification(charging_station={"model": "M", "vendorName": "V"}, reason="PowerUp")


async def test_boot_and_heartbeat(bench: Bench) -> None:
    async with bench.station("CP21-BOOT", V) as cp:
        booted = await send(
            cp,
            call.BootNotification(
                charging_station={
                    "model": "Eve Pro",
                    "vendorName": "Alfen",
                    "firmwareVersion": "7.0",
                },
                reason="FirmwareUpdate",
            ),
        )
        before = (await bench.api.get("/api/v1/stations/CP21-BOOT")).json()["last_seen_at"]
        beat = await send(cp, call.Heartbeat())
        station = (await bench.api.get("/api/v1/stations/CP21-BOOT")).json()
    assert (booted.status, booted.interval) == ("Accepted", 300)
    assert abs(when(beat.current_time) - bench.csms.services.clock.now()) < timedelta(minutes=1)
    assert (station["vendor"], station["model"], station["firmware_version"]) == (
        "Alfen",
        "Eve Pro",
        "7.0",
    )
    assert station["ocpp_version"] == "2.1"
    assert station["connection"]["ocpp_version"] == "2.1"
    assert station["last_seen_at"] > before


async def test_status_per_evse_and_connector(bench: Bench) -> None:
    async with bench.station("CP21-STATUS", V) as cp:
        await send(cp, BOOT)
        for evse, status, minute in ((1, "Available", 0), (1, "Occupied", 1), (2, "Faulted", 2)):
            await send(
                cp,
                call.StatusNotification(
                    connector_id=1, connector_status=status, evse_id=evse, timestamp=ts(minute)
                ),
            )
        connectors = (await bench.api.get("/api/v1/stations/CP21-STATUS/connectors")).json()
        history = (await bench.api.get("/api/v1/stations/CP21-STATUS/status-history")).json()
    assert [(c["evse_id"], c["connector_id"], c["status"]) for c in connectors] == [
        (1, 1, "Occupied"),
        (2, 1, "Faulted"),
    ]
    assert [h["status"] for h in history] == ["Faulted", "Occupied", "Available"]


async def test_authorize_answers_every_status(bench: Bench) -> None:
    await bench.add_token("GOOD", group_id="FLEET-21")
    await bench.add_token("BLOCKED", status="Blocked")
    yesterday = bench.csms.services.clock.now() - timedelta(days=1)
    await bench.add_token("OLD", expires_at=yesterday.isoformat())
    await bench.add_token("BUSY")
    async with bench.station("CP21-AUTH", V) as cp:
        await send(cp, BOOT)
        await send(
            cp,
            call.TransactionEvent(
                event_type="Started",
                seq_no=0,
                timestamp=ts(),
                trigger_reason="Authorized",
                transaction_info={"transactionId": "TX-BUSY"},
                evse={"id": 1, "connectorId": 1},
                id_token={"idToken": "BUSY", "type": "ISO14443"},
            ),
        )
        answers = {
            value: (
                await send(cp, call.Authorize(id_token={"idToken": value, "type": "ISO14443"}))
            ).id_token_info
            for value in ("GOOD", "BLOCKED", "OLD", "NOBODY", "BUSY")
        }
    assert answers["GOOD"] == {
        "status": "Accepted",
        "group_id_token": {"id_token": "FLEET-21", "type": "Central"},
    }
    assert answers["BLOCKED"] == {"status": "Blocked"}
    assert answers["OLD"]["status"] == "Expired"
    assert answers["NOBODY"] == {"status": "Invalid"}
    assert answers["BUSY"] == {"status": "ConcurrentTx"}


def tx_event(
    event_type: str, seq_no: int, minutes: float, *samples: dict[str, Any], **fields: Any
) -> call.TransactionEvent:
    info = {"transactionId": "TX-21-1", **fields.pop("info", {})}
    return call.TransactionEvent(
        event_type=event_type,
        seq_no=seq_no,
        timestamp=ts(minutes),
        transaction_info=info,
        trigger_reason=fields.pop("trigger", "MeterValuePeriodic"),
        meter_value=[meter_value(minutes, *samples)],
        **fields,
    )


async def test_full_transaction_event_session(bench: Bench) -> None:
    await bench.add_token("RFID-21")
    async with bench.station("CP21-SESSION", V) as cp:
        await send(cp, BOOT)
        started = await send(
            cp,
            tx_event(
                "Started",
                0,
                0,
                sampled(20000, context="Transaction.Begin"),
                trigger="Authorized",
                evse={"id": 1, "connectorId": 1},
                id_token={"idToken": "RFID-21", "type": "ISO14443"},
                info={"chargingState": "EVConnected"},
            ),
        )
        await send(
            cp,
            tx_event(
                "Updated",
                1,
                1,
                sampled(20.5, unit="kWh"),
                sampled(7.4, "Power.Active.Import", "kW"),
                info={"chargingState": "Charging"},
            ),
        )
        await send(cp, call.MeterValues(evse_id=1, meter_value=[meter_value(2, sampled(21000))]))
        listing = (
            await bench.api.get("/api/v1/transactions", params={"station_id": "CP21-SESSION"})
        ).json()
        ended = await send(
            cp,
            tx_event(
                "Ended",
                2,
                3,
                sampled(21.234, unit="Wh", multiplier=3, context="Transaction.End"),
                trigger="EVCommunicationLost",
                info={"stoppedReason": "EVDisconnected"},
            ),
        )
        await send(
            cp,
            tx_event(  # replayed
                "Ended",
                2,
                3,
                sampled(21.234, unit="Wh", multiplier=3, context="Transaction.End"),
                trigger="EVCommunicationLost",
                info={"stoppedReason": "EVDisconnected"},
            ),
        )
        tx_id = listing["items"][0]["id"]
        detail = (await bench.api.get(f"/api/v1/transactions/{tx_id}")).json()
        total = (
            await bench.api.get("/api/v1/transactions", params={"station_id": "CP21-SESSION"})
        ).json()["total"]
    assert started.id_token_info == {"status": "Accepted"}
    assert ended.id_token_info is None
    assert listing["total"] == 1
    assert listing["items"][0]["charging_state"] == "Charging"
    assert total == 1
    assert detail["ref"] == "TX-21-1"
    assert (detail["id_token"], detail["token_status"]) == ("RFID-21", "Accepted")
    assert when(detail["ended_at"]) == at(3)
    assert detail["stop_reason"] == "EVDisconnected"
    assert detail["last_seq_no"] == 2
    assert Decimal(detail["meter_start_wh"]) == 20000
    assert Decimal(detail["meter_stop_wh"]) == 21234
    assert Decimal(detail["energy_wh"]) == 1234
    energy = [
        Decimal(m["value"])
        for m in detail["meter_values"]
        if m["measurand"] == "Energy.Active.Import.Register"
    ]
    assert energy == [20000, 20500, 21000, 21234]
    power = [
        (Decimal(m["value"]), m["unit"])
        for m in detail["meter_values"]
        if m["measurand"] == "Power.Active.Import"
    ]
    assert power == [(7400, "W")]
