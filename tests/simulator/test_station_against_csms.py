"""Virtual stations against the project's CSMS over loopback: a full session in every
protocol, every command the CSMS can send answered, offline replay with nothing lost or
duplicated, and a charging profile that visibly lowers the power in the meter values.

Time runs 600 times faster on the stations' clock (a minute of station time in 0.1 s), so a
meter interval of 60 s is a tenth of a second here.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from decimal import Decimal
from typing import Any

import pytest

from ocppj.versions import OcppVersion
from simulator.catalogue import load_catalogue
from simulator.clock import SimClock
from simulator.physics import EV_MODELS, Ev
from simulator.station import Station, StationSpec
from tests.support.bench import PASSWORD, Bench

VERSIONS = pytest.mark.parametrize("version", list(OcppVersion))
FAMILY_CAR = next(m for m in EV_MODELS if m.ac_phases == 3)
ENERGY = "Energy.Active.Import.Register"
POWER = "Power.Active.Import"


async def until(check: Callable[[], Any], timeout: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.02)


@asynccontextmanager
async def a_station(
    bench: Bench, station_id: str, version: OcppVersion, model: str = "home-11kw", **settings: str
) -> AsyncIterator[Station]:
    await bench.register(station_id)
    spec = StationSpec(
        station_id, version, load_catalogue()[model], password=PASSWORD, settings=settings
    )
    station = Station(spec, bench.ocpp_url, clock=SimClock(600))
    task = asyncio.create_task(station.run())
    try:
        await until(lambda: station.registration == "Accepted" and station.connected)
        yield station
    finally:
        await station.stop()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def session_of(bench: Bench, station_id: str) -> dict[str, Any]:
    page = (await bench.api.get("/api/v1/transactions", params={"station_id": station_id})).json()
    assert page["total"] == 1, page
    return (await bench.api.get(f"/api/v1/transactions/{page['items'][0]['id']}")).json()


def registers(detail: dict[str, Any]) -> list[Decimal]:
    values = [v for v in detail["meter_values"] if v["measurand"] == ENERGY and not v["phase"]]
    return [Decimal(v["value"]) for v in sorted(values, key=lambda v: v["timestamp"])]


@VERSIONS
async def test_a_full_session(bench: Bench, version: OcppVersion) -> None:
    await bench.add_token("CARD-1")
    async with a_station(bench, "SIM-1", version) as station:
        await station.plug_in(1, Ev(FAMILY_CAR, soc=0.3, target_soc=0.8))
        assert await station.present_card(1, "CARD-1")
        await until(lambda: station.charging(1))
        await asyncio.sleep(1.0)  # ten minutes of charging
        await station.stop_charging(1, "CARD-1")
        await until(lambda: not station.queue)
        await station.unplug(1)
        detail = await session_of(bench, "SIM-1")

    assert detail["id_token"] == "CARD-1" and detail["ended_at"] is not None
    assert detail["stop_reason"] == "Local"
    energy = registers(detail)
    assert len(energy) >= 5
    assert energy == sorted(energy)  # the register never goes back
    # 11 kW for about ten minutes: somewhere near 1.8 kWh.
    assert Decimal(500) < Decimal(detail["energy_wh"]) < Decimal(4000)
    powers = [Decimal(v["value"]) for v in detail["meter_values"] if v["measurand"] == POWER]
    assert powers and max(powers) <= 11_000


COMMANDS_16 = [
    ("GetConfiguration", {"key": ["HeartbeatInterval"]}),
    ("ChangeConfiguration", {"key": "MeterValueSampleInterval", "value": "30"}),
    ("TriggerMessage", {"requestedMessage": "StatusNotification"}),
    ("TriggerMessage", {"requestedMessage": "MeterValues", "connectorId": 1}),
    ("ClearCache", {}),
    (
        "SendLocalList",
        {
            "listVersion": 3,
            "updateType": "Full",
            "localAuthorizationList": [{"idTag": "LOCAL-1", "idTagInfo": {"status": "Accepted"}}],
        },
    ),
    ("GetLocalListVersion", {}),
    (
        "ReserveNow",
        {
            "connectorId": 1,
            "expiryDate": "2030-01-01T00:00:00Z",
            "idTag": "CARD-1",
            "reservationId": 7,
        },
    ),
    ("CancelReservation", {"reservationId": 7}),
    (
        "SetChargingProfile",
        {
            "connectorId": 1,
            "csChargingProfiles": {
                "chargingProfileId": 1,
                "stackLevel": 0,
                "chargingProfilePurpose": "TxDefaultProfile",
                "chargingProfileKind": "Relative",
                "chargingSchedule": {
                    "chargingRateUnit": "W",
                    "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 5000}],
                },
            },
        },
    ),
    ("GetCompositeSchedule", {"connectorId": 1, "duration": 3600}),
    ("ClearChargingProfile", {"id": 1}),
    ("DataTransfer", {"vendorId": "evharness"}),
    ("UnlockConnector", {"connectorId": 1}),
    ("ChangeAvailability", {"connectorId": 1, "type": "Inoperative"}),
    ("ChangeAvailability", {"connectorId": 1, "type": "Operative"}),
    ("GetDiagnostics", {"location": "ftp://127.0.0.1/diagnostics"}),
    (
        "UpdateFirmware",
        {"location": "ftp://127.0.0.1/fw.bin", "retrieveDate": "2026-01-01T00:00:00Z"},
    ),
]
COMMANDS_201 = [
    (
        "GetVariables",
        {
            "getVariableData": [
                {"component": {"name": "OCPPCommCtrlr"}, "variable": {"name": "HeartbeatInterval"}}
            ]
        },
    ),
    (
        "SetVariables",
        {
            "setVariableData": [
                {
                    "component": {"name": "SampledDataCtrlr"},
                    "variable": {"name": "TxUpdatedInterval"},
                    "attributeValue": "30",
                }
            ]
        },
    ),
    ("GetBaseReport", {"requestId": 1, "reportBase": "ConfigurationInventory"}),
    ("TriggerMessage", {"requestedMessage": "StatusNotification"}),
    ("TriggerMessage", {"requestedMessage": "MeterValues", "evse": {"id": 1}}),
    ("ClearCache", {}),
    (
        "SendLocalList",
        {
            "versionNumber": 3,
            "updateType": "Full",
            "localAuthorizationList": [
                {
                    "idToken": {"idToken": "LOCAL-1", "type": "ISO14443"},
                    "idTokenInfo": {"status": "Accepted"},
                }
            ],
        },
    ),
    ("GetLocalListVersion", {}),
    (
        "ReserveNow",
        {
            "id": 7,
            "expiryDateTime": "2030-01-01T00:00:00Z",
            "idToken": {"idToken": "CARD-1", "type": "ISO14443"},
            "evseId": 1,
        },
    ),
    ("CancelReservation", {"reservationId": 7}),
    (
        "SetChargingProfile",
        {
            "evseId": 1,
            "chargingProfile": {
                "id": 1,
                "stackLevel": 0,
                "chargingProfilePurpose": "TxDefaultProfile",
                "chargingProfileKind": "Relative",
                "chargingSchedule": [
                    {
                        "id": 1,
                        "chargingRateUnit": "W",
                        "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 5000}],
                    }
                ],
            },
        },
    ),
    ("GetCompositeSchedule", {"evseId": 1, "duration": 3600}),
    ("ClearChargingProfile", {"chargingProfileId": 1}),
    ("DataTransfer", {"vendorId": "evharness"}),
    ("UnlockConnector", {"evseId": 1, "connectorId": 1}),
    ("ChangeAvailability", {"operationalStatus": "Inoperative", "evse": {"id": 1}}),
    ("ChangeAvailability", {"operationalStatus": "Operative", "evse": {"id": 1}}),
    (
        "GetLog",
        {"logType": "DiagnosticsLog", "requestId": 2, "log": {"remoteLocation": "ftp://x/y"}},
    ),
    (
        "UpdateFirmware",
        {
            "requestId": 3,
            "firmware": {"location": "ftp://x/fw.bin", "retrieveDateTime": "2026-01-01T00:00:00Z"},
        },
    ),
]


@pytest.mark.parametrize(
    ("version", "commands"),
    [
        (OcppVersion.V16, COMMANDS_16),
        (OcppVersion.V201, COMMANDS_201),
        (OcppVersion.V21, COMMANDS_201),
    ],
)
async def test_every_command_the_csms_sends_is_answered(
    bench: Bench, version: OcppVersion, commands: list[tuple[str, dict[str, Any]]]
) -> None:
    """Through the admin API's generic call, each answer validated against its schema by
    the CSMS; then the typed commands (remote start/stop) on a live session."""
    await bench.add_token("CARD-1")
    answers: dict[str, Any] = {}
    async with a_station(bench, "SIM-CMD", version, model="pillar-2x22") as station:
        first_boots = station.boots
        for action, payload in commands:
            response = await bench.api.post(
                "/api/v1/stations/SIM-CMD/commands/call",
                json={"action": action, "payload": payload},
            )
            assert response.status_code == 200, (action, response.text)
            body = response.json()
            assert body["error"] is None, (action, body)
            answers[action] = body["result"]
        # UpdateFirmware ends with the new firmware installed and a reboot.
        await until(lambda: station.boots > first_boots and station.connected)
        await station.plug_in(2, Ev(FAMILY_CAR, soc=0.2))
        start = await bench.api.post(
            "/api/v1/stations/SIM-CMD/commands/remote-start",
            json={"id_token": "CARD-1", "evse_id": 2},
        )
        await until(lambda: station.in_transaction(2))
        await until(lambda: not station.queue)
        ref = (await session_of(bench, "SIM-CMD"))["ref"]
        stop = await bench.api.post(
            "/api/v1/stations/SIM-CMD/commands/remote-stop", json={"transaction_id": ref}
        )
        await until(lambda: not station.in_transaction(2))
        boots = station.boots
        reset = {"1.6": {"type": "Soft"}}.get(version, {"type": "OnIdle"})
        answer = await bench.api.post(
            "/api/v1/stations/SIM-CMD/commands/call", json={"action": "Reset", "payload": reset}
        )
        await until(lambda: station.boots > boots and station.connected)
        rebooted = await bench.api.get("/api/v1/stations/SIM-CMD")

    assert answer.json()["result"]["status"] == "Accepted", answer.text
    assert rebooted.json()["boot_reason"] in ("RemoteReset", None)
    assert answers["ClearCache"]["status"] == "Accepted"
    assert answers["SendLocalList"]["status"] == "Accepted"
    assert answers["GetLocalListVersion"] in ({"listVersion": 3}, {"versionNumber": 3})
    assert answers["ReserveNow"]["status"] == "Accepted"
    assert answers["CancelReservation"]["status"] == "Accepted"
    assert answers["SetChargingProfile"]["status"] == "Accepted"
    assert answers["GetCompositeSchedule"]["status"] == "Accepted"
    assert answers["DataTransfer"]["status"] == "UnknownVendorId"
    assert (start.json()["status"], stop.json()["status"]) == ("Accepted", "Accepted")


@pytest.mark.parametrize("version", [OcppVersion.V16, OcppVersion.V201])
async def test_offline_messages_replay_in_order_with_nothing_lost_or_duplicated(
    bench: Bench, version: OcppVersion
) -> None:
    await bench.add_token("CARD-1")
    async with a_station(bench, "SIM-OFF", version) as station:
        produced: list[str] = []  # the instant of every register the station reports
        enqueue = station.enqueue

        def recording(
            kind: str, tx: Any, trigger: str, reading: Any = None, at: Any = None
        ) -> None:
            enqueue(kind, tx, trigger, reading, at)
            if reading is not None and (version != "1.6" or kind == "updated"):
                produced.append(station.queue[-1].at.isoformat())

        station.enqueue = recording  # type: ignore[method-assign]  # records what is queued
        await station.plug_in(1, Ev(FAMILY_CAR, soc=0.3, target_soc=0.9))
        assert await station.present_card(1, "CARD-1")
        await asyncio.sleep(0.5)
        station.go_offline(20 * 60)  # twenty minutes without network
        await until(lambda: not station.connected)
        await asyncio.sleep(1.0)
        queued_offline = len(station.queue)
        await station.stop_charging(1, "CARD-1")  # ends while offline
        await until(lambda: station.connected, timeout=15)
        await until(lambda: not station.queue, timeout=15)
        detail = await session_of(bench, "SIM-OFF")

    assert queued_offline >= 5  # meter values kept coming while offline
    assert detail["ended_at"] is not None
    points = [
        (v["timestamp"], Decimal(v["value"]))
        for v in detail["meter_values"]
        if v["measurand"] == ENERGY and not v["phase"]
    ]
    stored = [t for t, _ in points]
    assert len(stored) == len(set(stored))  # nothing stored twice
    assert len(stored) == len(produced)  # nothing lost
    energy = [e for _, e in sorted(points)]
    assert energy == sorted(energy)  # in order: the register never goes back
    assert Decimal(detail["meter_stop_wh"]) >= max(energy)  # 1.6 sends no register at stop
    if version == "2.0.1":
        assert detail["offline"] is True


@pytest.mark.parametrize("version", [OcppVersion.V16, OcppVersion.V201])
async def test_a_charging_profile_lowers_the_power_in_the_meter_values(
    bench: Bench, version: OcppVersion
) -> None:
    await bench.add_token("CARD-1")
    async with a_station(bench, "SIM-SC", version) as station:
        await station.plug_in(1, Ev(FAMILY_CAR, soc=0.2))
        assert await station.present_card(1, "CARD-1")
        await asyncio.sleep(0.5)
        if version == "1.6":
            payload = {
                "connectorId": 1,
                "csChargingProfiles": {
                    "chargingProfileId": 9,
                    "stackLevel": 1,
                    "chargingProfilePurpose": "TxProfile",
                    "chargingProfileKind": "Relative",
                    "chargingSchedule": {
                        "chargingRateUnit": "A",
                        "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 6}],
                    },
                },
            }
        else:
            payload = {
                "evseId": 1,
                "chargingProfile": {
                    "id": 9,
                    "stackLevel": 1,
                    "chargingProfilePurpose": "TxProfile",
                    "chargingProfileKind": "Relative",
                    "transactionId": next(iter(station.evses.values())).tx.id,  # type: ignore[union-attr]  # charging by now
                    "chargingSchedule": [
                        {
                            "id": 1,
                            "chargingRateUnit": "A",
                            "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 6}],
                        }
                    ],
                },
            }
        answer = await bench.api.post(
            "/api/v1/stations/SIM-SC/commands/call",
            json={"action": "SetChargingProfile", "payload": payload},
        )
        assert answer.json()["result"]["status"] == "Accepted", answer.text
        capped_at = len(station.queue)
        await asyncio.sleep(0.8)
        await station.stop_charging(1, "CARD-1")
        await until(lambda: not station.queue)
        detail = await session_of(bench, "SIM-SC")

    assert capped_at == 0
    powers = [
        (v["timestamp"], Decimal(v["value"]))
        for v in detail["meter_values"]
        if v["measurand"] == POWER
    ]
    powers.sort()
    before = [p for _, p in powers[1:4]]  # the first is the start, before power flows
    after = [p for _, p in powers[-4:]]
    # 11 kW before; 6 A on three phases at 230 V is 4.14 kW after.
    assert min(before) > 9000
    assert max(after) <= 6 * 3 * 230 * Decimal("1.02")
