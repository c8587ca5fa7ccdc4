"""OCPP 2.0.1: boot, status per EVSE and connector, authorize (every status), TransactionEvent
sessions with meter values, replays, late authorisation and unit normalisation, driven over a
real WebSocket by an `ocpp`-library charging station."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from ocpp.exceptions import SecurityError
from ocpp.v201 import call

from tests.support.bench import Bench, running_bench
from tests.support.payloads import (
    at,
    meter_value,
    sampled,
    send,
    ts,
    when,
)

V = "2.0.1"
BOOT = call.BootNotification(charging_station={"model": "M", "vendorName": "V"}, reason="PowerUp")


def event(
    event_type: str,
    tx: str,
    seq_no: int,
    minutes: float,
    *samples: dict[str, Any],
    trigger: str = "MeterValuePeriodic",
    **fields: Any,
) -> call.TransactionEvent:
    info = {"transactionId": tx, **fields.pop("info", {})}
    return call.TransactionEvent(
        event_type=event_type,
        timestamp=ts(minutes),
        trigger_reason=trigger,
        seq_no=seq_no,
        transaction_info=info,
        meter_value=[meter_value(minutes, *samples)] if samples else None,
        **fields,
    )


def token(value: str, kind: str = "ISO14443") -> dict[str, str]:
    return {"idToken": value, "type": kind}


async def transaction(bench: Bench, station_id: str, ref: str) -> dict[str, Any]:
    """The one session ``ref`` of the station, with its meter values."""
    listing = (
        await bench.api.get("/api/v1/transactions", params={"station_id": station_id})
    ).json()
    matching = [t for t in listing["items"] if t["ref"] == ref]
    assert len(matching) == 1, listing
    return (await bench.api.get(f"/api/v1/transactions/{matching[0]['id']}")).json()


async def test_boot_is_stored_and_answered_with_the_configured_intervals(db_url: str) -> None:
    async with running_bench(db_url, heartbeat_interval=120, boot_retry_interval=30) as bench:
        async with bench.station("CP201-BOOT", V) as cp:
            answer = await send(
                cp,
                call.BootNotification(
                    charging_station={
                        "model": "Eve Double",
                        "vendorName": "Alfen",
                        "serialNumber": "SN-201",
                        "firmwareVersion": "6.2.0",
                        "modem": {"iccid": "89310410", "imsi": "20404"},
                    },
                    reason="PowerUp",
                ),
            )
            station = (await bench.api.get("/api/v1/stations/CP201-BOOT")).json()
        await bench.register("CP201-PENDING", registration="Pending")
        async with bench.station("CP201-PENDING", V, register=False) as pending:
            waiting = await send(pending, BOOT)
            with pytest.raises(SecurityError):
                await send(pending, call.Heartbeat())
    assert answer.status == "Accepted"
    assert answer.interval == 120
    assert abs(when(answer.current_time) - bench.csms.services.clock.now()) < timedelta(minutes=1)
    assert (station["vendor"], station["model"]) == ("Alfen", "Eve Double")
    assert (station["serial_number"], station["firmware_version"]) == ("SN-201", "6.2.0")
    assert station["ocpp_version"] == "2.0.1"
    assert station["connection"]["ocpp_version"] == "2.0.1"
    assert station["last_boot_at"] is not None
    assert (station["iccid"], station["imsi"], station["boot_reason"]) == (
        "89310410",
        "20404",
        "PowerUp",
    )
    assert (waiting.status, waiting.interval) == ("Pending", 30)


async def test_status_per_evse_and_connector_with_history(bench: Bench) -> None:
    async with bench.station("CP201-STATUS", V) as cp:
        await send(cp, BOOT)
        for evse, connector, status, minute in (
            (1, 1, "Available", 0),
            (1, 1, "Occupied", 1),
            (1, 2, "Unavailable", 2),
            (2, 1, "Faulted", 3),
            (1, 1, "Reserved", 0.5),  # the last one arrives late
        ):
            await send(
                cp,
                call.StatusNotification(
                    timestamp=ts(minute),
                    connector_status=status,
                    evse_id=evse,
                    connector_id=connector,
                ),
            )
        connectors = (await bench.api.get("/api/v1/stations/CP201-STATUS/connectors")).json()
        history = (await bench.api.get("/api/v1/stations/CP201-STATUS/status-history")).json()
    assert [(c["evse_id"], c["connector_id"], c["status"]) for c in connectors] == [
        (1, 1, "Occupied"),
        (1, 2, "Unavailable"),
        (2, 1, "Faulted"),
    ]
    assert when(connectors[0]["status_at"]) == at(1)
    assert [(h["evse_id"], h["connector_id"], h["status"]) for h in history] == [
        (1, 1, "Reserved"),
        (2, 1, "Faulted"),
        (1, 2, "Unavailable"),
        (1, 1, "Occupied"),
        (1, 1, "Available"),
    ]
    assert when(history[0]["status_at"]) == at(0.5)


async def test_authorize_answers_every_status_in_the_201_shape(bench: Bench) -> None:
    now = bench.csms.services.clock.now()  # what the CSMS checks expiries against
    expiry = (now + timedelta(days=30)).replace(microsecond=0)
    await bench.add_token("GOOD", group_id="FLEET-1", expires_at=expiry.isoformat())
    await bench.add_token("PLAIN")
    await bench.add_token("BLOCKED", status="Blocked")
    await bench.add_token("OLD", expires_at=(now - timedelta(days=1)).isoformat())
    await bench.add_token("BUSY")
    async with bench.station("CP201-AUTH", V) as cp:
        await send(cp, BOOT)
        await send(
            cp,
            event(
                "Started",
                "TX-BUSY",
                0,
                0,
                trigger="Authorized",
                id_token=token("BUSY"),
                evse={"id": 1, "connectorId": 1},
            ),
        )
        answers = {
            value: (await send(cp, call.Authorize(id_token=token(value)))).id_token_info
            for value in ("GOOD", "PLAIN", "BLOCKED", "OLD", "NOBODY", "BUSY")
        }
    good = answers["GOOD"]
    assert good["status"] == "Accepted"
    assert good["group_id_token"] == {"id_token": "FLEET-1", "type": "Central"}
    assert when(good["cache_expiry_date_time"]) == expiry
    assert answers["PLAIN"] == {"status": "Accepted"}
    assert answers["BLOCKED"] == {"status": "Blocked"}
    assert answers["OLD"]["status"] == "Expired"
    assert answers["NOBODY"] == {"status": "Invalid"}
    assert answers["BUSY"] == {"status": "ConcurrentTx"}


async def test_full_transaction_event_session(bench: Bench) -> None:
    await bench.add_token("RFID-201")
    evse = {"id": 1, "connectorId": 1}
    live = (
        sampled(11.04, "Power.Active.Import", "kW"),
        *(sampled(16.0, "Current.Import", "A", phase=p) for p in ("L1", "L2", "L3")),
        *(sampled(230.1, "Voltage", "V", phase=p) for p in ("L1-N", "L2-N", "L3-N")),
        sampled(57, "SoC", "Percent"),
    )
    async with bench.station("CP201-SESSION", V) as cp:
        await send(cp, BOOT)
        started = await send(
            cp,
            event(
                "Started",
                "TX-201-1",
                0,
                0,
                sampled(1000, context="Transaction.Begin"),
                trigger="Authorized",
                id_token=token("RFID-201"),
                evse=evse,
                info={"chargingState": "EVConnected"},
            ),
        )
        updated = await send(
            cp,
            event(
                "Updated",
                "TX-201-1",
                1,
                1,
                sampled(1250),
                *live,
                info={"chargingState": "Charging"},
            ),
        )
        await send(cp, event("Updated", "TX-201-1", 2, 2, sampled(1500), *live))
        during = await transaction(bench, "CP201-SESSION", "TX-201-1")
        ended = await send(
            cp,
            event(
                "Ended",
                "TX-201-1",
                3,
                3,
                sampled(1730.4, context="Transaction.End"),
                trigger="EVCommunicationLost",
                info={"stoppedReason": "EVDisconnected"},
            ),
        )
        detail = await transaction(bench, "CP201-SESSION", "TX-201-1")
    assert started.id_token_info == {"status": "Accepted"}
    assert updated.id_token_info is None and ended.id_token_info is None
    assert (during["charging_state"], during["last_seq_no"], during["ended_at"]) == (
        "Charging",
        2,
        None,
    )
    assert (detail["evse_id"], detail["connector_id"]) == (1, 1)
    assert (detail["id_token"], detail["token_status"]) == ("RFID-201", "Accepted")
    assert when(detail["started_at"]) == at(0)
    assert when(detail["ended_at"]) == at(3)
    assert Decimal(detail["meter_start_wh"]) == 1000
    assert Decimal(detail["meter_stop_wh"]) == Decimal("1730.4")
    assert Decimal(detail["energy_wh"]) == Decimal("730.4")
    assert detail["stop_reason"] == "EVDisconnected"
    assert detail["charging_state"] is None
    assert detail["last_seq_no"] == 3
    assert detail["offline"] is False
    values = detail["meter_values"]
    power = [
        (Decimal(m["value"]), m["unit"]) for m in values if m["measurand"] == "Power.Active.Import"
    ]
    assert power == [(11040, "W"), (11040, "W")]
    phases = {m["phase"] for m in values if m["measurand"] in ("Current.Import", "Voltage")}
    assert phases == {"L1", "L2", "L3", "L1-N", "L2-N", "L3-N"}
    assert [(Decimal(m["value"]), m["unit"]) for m in values if m["measurand"] == "SoC"] == [
        (57, "Percent"),
        (57, "Percent"),
    ]
    contexts = {m["context"]: Decimal(m["value"]) for m in values if m["context"]}
    assert contexts == {"Transaction.Begin": 1000, "Transaction.End": Decimal("1730.4")}


async def test_seq_no_is_kept_at_its_highest_and_offline_events_flag_the_session(
    bench: Bench,
) -> None:
    async with bench.station("CP201-OFFLINE", V) as cp:
        await send(cp, BOOT)
        # Wholly offline: every event queued while the connection was down.
        await send(cp, event("Started", "TX-OFF", 0, 0, sampled(0), offline=True))
        await send(cp, event("Ended", "TX-OFF", 1, 1, sampled(400), offline=True))
        # Started online, lost the connection, replayed the rest (seqNo 2 before 1).
        await send(cp, event("Started", "TX-HALF", 0, 2, sampled(400), evse={"id": 1}))
        await send(cp, event("Ended", "TX-HALF", 2, 4, sampled(900), offline=True))
        await send(cp, event("Updated", "TX-HALF", 1, 3, sampled(650), offline=True))
        await send(cp, event("Started", "TX-ON", 0, 5, sampled(900), evse={"id": 1}))
        await send(cp, event("Ended", "TX-ON", 1, 6, sampled(1000)))
        sessions = {
            ref: await transaction(bench, "CP201-OFFLINE", ref)
            for ref in ("TX-OFF", "TX-HALF", "TX-ON")
        }
    assert {ref: s["offline"] for ref, s in sessions.items()} == {
        "TX-OFF": True,
        "TX-HALF": True,
        "TX-ON": False,
    }
    assert {ref: s["last_seq_no"] for ref, s in sessions.items()} == {
        "TX-OFF": 1,
        "TX-HALF": 2,
        "TX-ON": 1,
    }
    assert {ref: Decimal(s["energy_wh"]) for ref, s in sessions.items()} == {
        "TX-OFF": 400,
        "TX-HALF": 500,
        "TX-ON": 100,
    }


async def test_replayed_started_and_ended_leave_one_session_and_the_same_energy(
    bench: Bench,
) -> None:
    await bench.add_token("RFID-REPLAY")
    async with bench.station("CP201-REPLAY", V) as cp:
        await send(cp, BOOT)
        start = event(
            "Started",
            "TX-R",
            0,
            0,
            sampled(500),
            trigger="Authorized",
            id_token=token("RFID-REPLAY"),
            evse={"id": 1, "connectorId": 1},
        )
        first = await send(cp, start)
        again = await send(cp, start)
        update = event("Updated", "TX-R", 1, 1, sampled(900))
        await send(cp, update)
        await send(cp, update)
        end = event(
            "Ended",
            "TX-R",
            2,
            2,
            sampled(1500, context="Transaction.End"),
            trigger="StopAuthorized",
            id_token=token("RFID-REPLAY"),
            info={"stoppedReason": "Local"},
        )
        stopped = await send(cp, end)
        ended_once = await transaction(bench, "CP201-REPLAY", "TX-R")
        stopped_again = await send(cp, end)
        late_start = await send(cp, start)  # a Started replayed after the end reopens nothing
        listing = (
            await bench.api.get("/api/v1/transactions", params={"station_id": "CP201-REPLAY"})
        ).json()
        detail = await transaction(bench, "CP201-REPLAY", "TX-R")
    # A replayed Started is the same session: the token is not busy with itself.
    assert first.id_token_info == again.id_token_info == {"status": "Accepted"}
    assert stopped.id_token_info == stopped_again.id_token_info == {"status": "Accepted"}
    assert late_start.id_token_info == {"status": "Accepted"}
    assert listing["total"] == 1
    assert Decimal(ended_once["energy_wh"]) == Decimal(detail["energy_wh"]) == 1000
    assert detail["ended_at"] == ended_once["ended_at"]
    assert detail["last_seq_no"] == 2
    assert [Decimal(m["value"]) for m in detail["meter_values"]] == [500, 900, 1500]


async def test_updated_with_a_late_id_token_is_answered_and_recorded(bench: Bench) -> None:
    await bench.add_token("LATE-1", group_id="FLEET-9")
    await bench.add_token("LATE-BLOCKED", status="Blocked")
    async with bench.station("CP201-LATE", V) as cp:
        await send(cp, BOOT)
        plugged = await send(
            cp,
            event(
                "Started",
                "TX-L1",
                0,
                0,
                sampled(0),
                trigger="CablePluggedIn",
                evse={"id": 1, "connectorId": 1},
            ),
        )
        before = await transaction(bench, "CP201-LATE", "TX-L1")
        authorized = await send(
            cp, event("Updated", "TX-L1", 1, 1, trigger="Authorized", id_token=token("LATE-1"))
        )
        await send(
            cp,
            event(
                "Started",
                "TX-L2",
                0,
                2,
                sampled(0),
                trigger="CablePluggedIn",
                evse={"id": 2, "connectorId": 1},
            ),
        )
        refused = await send(
            cp,
            event("Updated", "TX-L2", 1, 3, trigger="Authorized", id_token=token("LATE-BLOCKED")),
        )
        first = await transaction(bench, "CP201-LATE", "TX-L1")
        second = await transaction(bench, "CP201-LATE", "TX-L2")
    assert plugged.id_token_info is None
    assert (before["id_token"], before["token_status"]) == (None, None)
    assert authorized.id_token_info == {
        "status": "Accepted",
        "group_id_token": {"id_token": "FLEET-9", "type": "Central"},
    }
    assert (first["id_token"], first["token_status"], first["last_seq_no"]) == (
        "LATE-1",
        "Accepted",
        1,
    )
    assert refused.id_token_info == {"status": "Blocked"}
    assert (second["id_token"], second["token_status"]) == ("LATE-BLOCKED", "Blocked")


async def test_meter_values_outside_and_during_a_transaction(bench: Bench) -> None:
    async with bench.station("CP201-METER", V) as cp:
        await send(cp, BOOT)
        await send(
            cp,
            call.MeterValues(
                evse_id=1,
                meter_value=[
                    meter_value(0, sampled(4321), sampled(3.5, "Power.Active.Import", "kW"))
                ],
            ),
        )
        await send(cp, call.MeterValues(evse_id=0, meter_value=[meter_value(0, sampled(99000))]))
        await send(
            cp, event("Started", "TX-M", 0, 1, sampled(5000), evse={"id": 2, "connectorId": 1})
        )
        await send(cp, call.MeterValues(evse_id=2, meter_value=[meter_value(2, sampled(5100))]))
        stored = (
            await bench.api.get(
                "/api/v1/stations/CP201-METER/meter-values", params={"outside_transactions": True}
            )
        ).json()
        detail = await transaction(bench, "CP201-METER", "TX-M")
    outside = [(m["evse_id"], m["measurand"], Decimal(m["value"]), m["unit"]) for m in stored]
    assert sorted(outside) == [
        (0, "Energy.Active.Import.Register", 99000, "Wh"),
        (1, "Energy.Active.Import.Register", 4321, "Wh"),
        (1, "Power.Active.Import", 3500, "W"),
    ]
    assert [(when(m["timestamp"]), Decimal(m["value"])) for m in detail["meter_values"]] == [
        (at(1), 5000),
        (at(2), 5100),
    ]


async def test_energy_in_kwh_and_in_wh_with_a_multiplier_is_normalised_to_wh(bench: Bench) -> None:
    async with bench.station("CP201-UNITS", V) as cp:
        await send(cp, BOOT)
        await send(
            cp,
            event(
                "Started",
                "TX-U",
                0,
                0,
                sampled(12.345, unit="kWh", multiplier=0),
                evse={"id": 1, "connectorId": 1},
            ),
        )
        await send(cp, event("Updated", "TX-U", 1, 1, sampled(12.5, unit="Wh", multiplier=3)))
        await send(
            cp,
            event(
                "Ended",
                "TX-U",
                2,
                2,
                sampled(12.999, unit="Wh", multiplier=3),
                info={"stoppedReason": "EVDisconnected"},
            ),
        )
        detail = await transaction(bench, "CP201-UNITS", "TX-U")
    assert [(Decimal(m["value"]), m["unit"]) for m in detail["meter_values"]] == [
        (12345, "Wh"),
        (12500, "Wh"),
        (12999, "Wh"),
    ]
    assert Decimal(detail["meter_start_wh"]) == 12345
    assert Decimal(detail["meter_stop_wh"]) == 12999
    assert Decimal(detail["energy_wh"]) == 654
