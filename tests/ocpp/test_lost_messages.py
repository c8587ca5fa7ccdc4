"""What a station sends when the CSMS missed part of the story: an end without its start, a
stop for a transaction id never issued, units at the length limit, and payloads stored as
they were sent."""

from __future__ import annotations

from ocpp.v16 import call as call16
from ocpp.v201 import call as call201

from tests.support.bench import Bench
from tests.support.payloads import meter_value, sampled, send, ts, when
from tests.support.wire import exchange, raw_station

BOOT = call201.BootNotification(
    charging_station={"model": "M", "vendorName": "V"}, reason="PowerUp"
)


async def test_an_ended_event_without_its_start_still_records_the_session(bench: Bench) -> None:
    async with bench.station("CP-LOST", "2.0.1") as cp:
        await send(cp, BOOT)
        await send(
            cp,
            call201.TransactionEvent(
                event_type="Ended",
                timestamp=ts(30),
                trigger_reason="EVCommunicationLost",
                seq_no=4,
                offline=True,
                transaction_info={"transactionId": "TX-LOST", "stoppedReason": "EVDisconnected"},
                evse={"id": 2, "connectorId": 1},
                meter_value=[
                    meter_value(0, sampled(5000, context="Transaction.Begin")),
                    meter_value(30, sampled(12500, context="Transaction.End")),
                ],
            ),
        )
        listing = (
            await bench.api.get("/api/v1/transactions", params={"station_id": "CP-LOST"})
        ).json()
    assert listing["total"] == 1
    tx = listing["items"][0]
    assert (tx["ref"], tx["evse_id"], tx["connector_id"]) == ("TX-LOST", 2, 1)
    assert when(tx["started_at"]) < when(tx["ended_at"])
    assert float(tx["energy_wh"]) == 7500
    assert tx["offline"] is True and tx["stop_reason"] == "EVDisconnected"


async def test_a_1_6_stop_for_an_unknown_transaction_is_kept_as_an_event(bench: Bench) -> None:
    await bench.add_token("CARD")
    async with bench.station("CP-ORPHAN", "1.6") as cp:
        await send(cp, call16.BootNotification(charge_point_vendor="V", charge_point_model="M"))
        answer = await send(
            cp,
            call16.StopTransaction(
                meter_stop=100, timestamp=ts(5), transaction_id=424242, id_tag="CARD"
            ),
        )
        events = (
            await bench.api.get(
                "/api/v1/stations/CP-ORPHAN/events", params={"kind": "unknown_transaction_stop"}
            )
        ).json()
        listing = (
            await bench.api.get("/api/v1/transactions", params={"station_id": "CP-ORPHAN"})
        ).json()
    assert answer.id_tag_info["status"] == "Accepted"
    assert [e["status"] for e in events] == ["424242"]
    assert listing["total"] == 0


async def test_a_unit_of_twenty_characters_is_stored(bench: Bench) -> None:
    unit = "U" * 20
    async with bench.station("CP-UNIT", "2.0.1") as cp:
        await send(cp, BOOT)
        await send(
            cp,
            call201.TransactionEvent(
                event_type="Started",
                timestamp=ts(0),
                trigger_reason="CablePluggedIn",
                seq_no=0,
                transaction_info={"transactionId": "TX-UNIT"},
                evse={"id": 1, "connectorId": 1},
                meter_value=[meter_value(0, sampled(1, measurand="Frequency", unit=unit))],
            ),
        )
        listing = (
            await bench.api.get("/api/v1/transactions", params={"station_id": "CP-UNIT"})
        ).json()
        detail = (await bench.api.get(f"/api/v1/transactions/{listing['items'][0]['id']}")).json()
    assert [m["unit"] for m in detail["meter_values"]] == [unit]


async def test_validation_adds_nothing_to_what_the_station_sent(bench: Bench) -> None:
    # NotifyReport's ReportDataType.variableCharacteristics has schema defaults; none may appear.
    report = {
        "requestId": 1,
        "generatedAt": ts(0),
        "seqNo": 0,
        "reportData": [
            {
                "component": {"name": "OCPPCommCtrlr"},
                "variable": {"name": "HeartbeatInterval"},
                "variableAttribute": [{"value": "300"}],
                "variableCharacteristics": {"dataType": "integer", "supportsMonitoring": False},
            }
        ],
    }
    async with raw_station(bench, "CP-ASIS", "2.0.1") as ws:
        reply = await exchange(ws, [2, "r1", "NotifyReport", report])
        assert reply[0] == 3, reply
        events = (
            await bench.api.get("/api/v1/stations/CP-ASIS/events", params={"kind": "device_report"})
        ).json()
    assert events[0]["data"] == report
