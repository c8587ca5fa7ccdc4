"""Issue 5: simulated stations checked by an independent, strict OCPP server.

For each OCPP version a few :class:`simulator.station.Station` run against
:class:`tests.support.strict_csms.StrictCsms` (websockets + jsonschema with format checking
over the OCA schemas; no code shared with csms/ or the `ocpp` library). Each station boots,
reports its statuses, gets an EV and a card, charges, and then answers every CSMS-initiated
message the version has: the ones a station must act on with real payloads, the rest with
the schema's minimal payload. Not one frame may break a rule, and every CALL is answered.

The stations run with their own validation off, so a frame they build wrong reaches the
referee instead of being swallowed by the station's own check.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest

from ocppj.versions import OcppVersion
from simulator.catalogue import load_catalogue
from simulator.clock import SimClock
from simulator.physics import EV_MODELS, Ev
from simulator.station import Station, StationSpec
from tests.support.strict_csms import (
    StationCallError,
    StrictCsms,
    csms_initiated,
    minimal,
    schema,
)

FACTOR = 600  # ten simulated minutes per real second
MODELS = {
    OcppVersion.V16: ("pillar-2x22", "home-7kw", "dc-50"),
    OcppVersion.V201: ("pillar-2x22", "office-2x11", "dc-150-duo"),
    OcppVersion.V21: ("pillar-2x22", "dc-150-duo", "hpc-350"),
}
# A CALLERROR that is a fair answer from a station that does not implement a feature.
UNSUPPORTED = frozenset({"NotSupported", "NotImplemented"})
# Driven last, by hand: they take the station down.
LAST = frozenset({"Reset"})

Payload = dict[str, Any]


@dataclass
class Driver:
    """One station under test, and what the referee asked it."""

    referee: StrictCsms
    station: Station
    version: OcppVersion
    answered: dict[str, list[str]] = field(default_factory=dict)  # action -> outcomes
    unsupported: set[str] = field(default_factory=set)

    @property
    def id(self) -> str:
        return self.station.id

    @property
    def v16(self) -> bool:
        return self.version == OcppVersion.V16

    def now(self, seconds: float = 0) -> str:
        moment = self.station.clock.now() + timedelta(seconds=seconds)
        return moment.isoformat(timespec="seconds").replace("+00:00", "Z")

    def mark(self) -> int:
        return len(self.referee.log)

    async def ask(self, action: str, payload: Payload, *, optional: bool = False) -> Payload:
        """The station must answer ``action`` with a CALLRESULT (with ``optional``, a
        NotSupported/NotImplemented CALLERROR will do)."""
        try:
            answer = await self.referee.call(self.id, action, payload)
        except StationCallError as error:
            self.answered.setdefault(action, []).append(error.code)
            if optional and error.code in UNSUPPORTED:
                self.unsupported.add(action)
                return {}
            raise AssertionError(f"{self.id}: {action} {payload} -> {error}") from None
        self.answered.setdefault(action, []).append(str(answer.get("status", "ok")))
        return answer

    async def expect(
        self,
        action: str,
        since: int,
        predicate: Callable[[Any], bool] | None = None,
        timeout: float = 10.0,
    ) -> Any:
        """The payload of the station's next ``action`` logged after ``since``."""
        return (
            await self.referee.wait_for(
                self.id, action, since=since, predicate=predicate, timeout=timeout
            )
        ).payload

    async def booted(self, since: int) -> None:
        await self.expect("BootNotification", since)
        await self.expect("StatusNotification", since)


@contextlib.asynccontextmanager
async def fleet(referee: StrictCsms, version: OcppVersion) -> AsyncIterator[list[Driver]]:
    catalogue = load_catalogue()
    clock = SimClock(factor=FACTOR)
    drivers = []
    for n, ref in enumerate(MODELS[version], 1):
        spec = StationSpec(id=f"SR-{version}-{n}", version=version, model=catalogue[ref])
        station = Station(spec, referee.url, clock=clock, validation="off")
        drivers.append(Driver(referee, station, version))
    tasks = [asyncio.create_task(d.station.run()) for d in drivers]
    try:
        yield drivers
    finally:
        for d in drivers:
            await d.station.stop()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


# -- the scenario ---------------------------------------------------------------------------------


async def charge(d: Driver) -> str:
    """Plug an EV into EVSE 1, present a card, wait for meter values: the transaction id."""
    since = d.mark()
    ev_model = EV_MODELS[1]
    await d.station.plug_in(1, Ev(ev_model, soc=0.3, target_soc=0.8))
    assert await d.station.present_card(1, "CARD-1")
    if d.v16:
        start = await d.referee.wait_for(d.id, "StartTransaction", since=since)
        tx_id = str(start.answer["transactionId"])
        await d.expect("MeterValues", since, lambda p: p.get("transactionId") == int(tx_id))
        return tx_id
    started = await d.expect("TransactionEvent", since, lambda p: p["eventType"] == "Started")
    tx_id = started["transactionInfo"]["transactionId"]
    await d.expect("TransactionEvent", since, lambda p: p["eventType"] == "Updated")
    return tx_id


async def reservation(d: Driver, evse_id: int) -> None:
    if d.v16:
        r = {"connectorId": evse_id, "expiryDate": d.now(3600), "idTag": "RES-1"}
        assert (await d.ask("ReserveNow", {**r, "reservationId": 1}))["status"] == "Accepted"
        assert (await d.ask("CancelReservation", {"reservationId": 1}))["status"] == "Accepted"
        return
    token = {"idToken": "RES-1", "type": "ISO14443"}
    r = {"id": 1, "expiryDateTime": d.now(3600), "idToken": token, "evseId": evse_id}
    assert (await d.ask("ReserveNow", r))["status"] == "Accepted"
    assert (await d.ask("CancelReservation", {"reservationId": 1}))["status"] == "Accepted"
    # One left to expire: a 2.x station then tells the CSMS (ReservationStatusUpdate).
    since = d.mark()
    r = {**r, "id": 2, "expiryDateTime": d.now(60)}
    assert (await d.ask("ReserveNow", r))["status"] == "Accepted"
    await d.expect("ReservationStatusUpdate", since)


async def configuration(d: Driver) -> None:
    if d.v16:
        everything = await d.ask("GetConfiguration", {})
        assert everything["configurationKey"]
        some = await d.ask("GetConfiguration", {"key": ["HeartbeatInterval", "NoSuchKey"]})
        assert some.get("unknownKey") == ["NoSuchKey"]
        for key, value in (("HeartbeatInterval", "600"), ("MeterValueSampleInterval", "30")):
            change = await d.ask("ChangeConfiguration", {"key": key, "value": value})
            assert change["status"] == "Accepted"
        await d.ask("ChangeConfiguration", {"key": "NoSuchKey", "value": "1"})
        await d.ask("ChangeConfiguration", {"key": "NumberOfConnectors", "value": "9"})
        return
    wanted = [
        ("OCPPCommCtrlr", "HeartbeatInterval", None),
        ("SampledDataCtrlr", "TxUpdatedInterval", None),
        ("EVSE", "AvailabilityState", 1),
        ("NoSuchCtrlr", "NoSuchVariable", None),
    ]
    items = []
    for component, variable, evse in wanted:
        c: Payload = {"name": component}
        if evse is not None:
            c["evse"] = {"id": evse}
        items.append({"component": c, "variable": {"name": variable}})
    got = await d.ask("GetVariables", {"getVariableData": items})
    assert len(got["getVariableResult"]) == len(items)
    sets = [
        {"component": {"name": c}, "variable": {"name": v}, "attributeValue": value}
        for c, v, value in (
            ("OCPPCommCtrlr", "HeartbeatInterval", "600"),
            ("SampledDataCtrlr", "TxUpdatedInterval", "30"),
            ("NoSuchCtrlr", "NoSuchVariable", "1"),
        )
    ]
    done = await d.ask("SetVariables", {"setVariableData": sets})
    assert [r["attributeStatus"] for r in done["setVariableResult"]][:2] == ["Accepted"] * 2
    for n, base in enumerate(("FullInventory", "ConfigurationInventory", "SummaryInventory")):
        since = d.mark()
        report = await d.ask("GetBaseReport", {"requestId": 100 + n, "reportBase": base})
        if report["status"] == "Accepted":
            await d.expect(
                "NotifyReport", since, lambda p, n=n: p["requestId"] == 100 + n and not p.get("tbc")
            )


_TRIGGERED_2X = {
    "SignChargingStationCertificate": "SignCertificate",
    "SignV2GCertificate": "SignCertificate",
    "SignV2G20Certificate": "SignCertificate",
    "SignCombinedCertificate": "SignCertificate",
}


async def triggers(d: Driver) -> None:
    """TriggerMessage for every message the schema lets a CSMS trigger."""
    if d.v16:
        names = schema("1.6", "TriggerMessage")["properties"]["requestedMessage"]["enum"]
    else:
        names = schema(d.version, "TriggerMessage")["definitions"]["MessageTriggerEnumType"]["enum"]
    for name in names:
        request: Payload = {"requestedMessage": name}
        if name in ("StatusNotification", "MeterValues", "TransactionEvent"):
            if d.v16:
                request["connectorId"] = 1
            else:
                request["evse"] = {"id": 1, "connectorId": 1}
        if name == "CustomTrigger":
            request["customTrigger"] = "evharness"
        since = d.mark()
        answer = await d.ask("TriggerMessage", request)
        if answer["status"] != "Accepted":
            d.unsupported.add(f"TriggerMessage({name}): {answer['status']}")
            continue
        sent = name if d.v16 else _TRIGGERED_2X.get(name, name)
        await d.expect(sent, since)


async def smart_charging(d: Driver, tx_id: str) -> None:
    if d.v16:
        tx_profile = {
            "chargingProfileId": 11,
            "transactionId": int(tx_id),
            "stackLevel": 1,
            "chargingProfilePurpose": "TxProfile",
            "chargingProfileKind": "Relative",
            "chargingSchedule": {
                "chargingRateUnit": "A",
                "chargingSchedulePeriod": [
                    {"startPeriod": 0, "limit": 16.0},
                    {"startPeriod": 600, "limit": 10.0, "numberPhases": 3},
                ],
            },
        }
        default_profile = {
            "chargingProfileId": 12,
            "stackLevel": 0,
            "chargingProfilePurpose": "TxDefaultProfile",
            "chargingProfileKind": "Absolute",
            "chargingSchedule": {
                "chargingRateUnit": "W",
                "startSchedule": d.now(),
                "duration": 86400,
                "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 7400.0}],
            },
        }
        for connector, profile in ((1, tx_profile), (0, default_profile)):
            request = {"connectorId": connector, "csChargingProfiles": profile}
            answer = await d.ask("SetChargingProfile", request)
            assert answer["status"] == "Accepted", (d.id, profile, answer)
        for request in (
            {"connectorId": 1, "duration": 3600},
            {"connectorId": 0, "duration": 600, "chargingRateUnit": "A"},
        ):
            await d.ask("GetCompositeSchedule", request)
        for request in ({"id": 11}, {"chargingProfilePurpose": "TxDefaultProfile"}, {}):
            await d.ask("ClearChargingProfile", request)
        return
    tx_profile = {
        "id": 11,
        "stackLevel": 1,
        "chargingProfilePurpose": "TxProfile",
        "chargingProfileKind": "Relative",
        "transactionId": tx_id,
        "chargingSchedule": [
            {
                "id": 1,
                "chargingRateUnit": "A",
                "chargingSchedulePeriod": [
                    {"startPeriod": 0, "limit": 16.0},
                    {"startPeriod": 600, "limit": 10.0, "numberPhases": 3},
                ],
            }
        ],
    }
    default_profile = {
        "id": 12,
        "stackLevel": 0,
        "chargingProfilePurpose": "TxDefaultProfile",
        "chargingProfileKind": "Absolute",
        "chargingSchedule": [
            {
                "id": 2,
                "chargingRateUnit": "W",
                "startSchedule": d.now(),
                "duration": 86400,
                "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 7400.0}],
            }
        ],
    }
    for evse, profile in ((1, tx_profile), (0, default_profile)):
        request = {"evseId": evse, "chargingProfile": profile}
        answer = await d.ask("SetChargingProfile", request)
        assert answer["status"] == "Accepted", (d.id, profile, answer)
    for request in (
        {"evseId": 1, "duration": 3600},
        {"evseId": 0, "duration": 600, "chargingRateUnit": "A"},
    ):
        await d.ask("GetCompositeSchedule", request)
    for request in (
        {"chargingProfileId": 11},
        {"chargingProfileCriteria": {"chargingProfilePurpose": "TxDefaultProfile"}},
    ):
        await d.ask("ClearChargingProfile", request)


async def local_list(d: Driver) -> None:
    if d.v16:
        entry = {"idTag": "LOCAL-1", "idTagInfo": {"status": "Accepted", "expiryDate": d.now(9e4)}}
        full = {"listVersion": 1, "updateType": "Full", "localAuthorizationList": [entry]}
        diff = {
            "listVersion": 2,
            "updateType": "Differential",
            "localAuthorizationList": [{"idTag": "LOCAL-1"}],
        }
        version_key = "listVersion"
    else:
        token = {"idToken": "LOCAL-1", "type": "ISO14443"}
        entry = {"idToken": token, "idTokenInfo": {"status": "Accepted"}}
        full = {"versionNumber": 1, "updateType": "Full", "localAuthorizationList": [entry]}
        diff = {
            "versionNumber": 2,
            "updateType": "Differential",
            "localAuthorizationList": [{"idToken": token}],
        }
        version_key = "versionNumber"
    assert (await d.ask("SendLocalList", full))["status"] == "Accepted"
    assert (await d.ask("GetLocalListVersion", {}))[version_key] == 1
    assert (await d.ask("SendLocalList", diff))["status"] == "Accepted"
    await d.ask("ClearCache", {})


async def availability(d: Driver, evse_id: int) -> None:
    for state in ("Inoperative", "Operative"):
        if d.v16:
            await d.ask("ChangeAvailability", {"connectorId": evse_id, "type": state})
        else:
            request = {"operationalStatus": state, "evse": {"id": evse_id}}
            await d.ask("ChangeAvailability", request)
    await d.ask("DataTransfer", {"vendorId": "org.evharness", "messageId": "ping", "data": "x"})


async def logs_and_firmware(d: Driver) -> None:
    since = d.mark()
    if d.v16:
        await d.ask("GetDiagnostics", {"location": "ftp://127.0.0.1/diagnostics/"})
        await d.expect("DiagnosticsStatusNotification", since, lambda p: p["status"] == "Uploaded")
    log = {"remoteLocation": "ftp://127.0.0.1/logs/"}
    answer = await d.ask(
        "GetLog", {"logType": "DiagnosticsLog", "requestId": 7, "log": log}, optional=d.v16
    )
    if answer.get("status") == "Accepted":
        await d.expect("LogStatusNotification", since, lambda p: p["status"] == "Uploaded")
    # The cost of the running session (2.x): answered, nothing more.


async def remote_stop_start(d: Driver, tx_id: str) -> None:
    since = d.mark()
    if d.v16:
        stop = await d.ask("RemoteStopTransaction", {"transactionId": int(tx_id)})
        assert stop["status"] == "Accepted"
        await d.expect("StopTransaction", since)
        since = d.mark()
        start = await d.ask("RemoteStartTransaction", {"connectorId": 1, "idTag": "REMOTE-1"})
        assert start["status"] == "Accepted"
        started = await d.referee.wait_for(d.id, "StartTransaction", since=since)
        second = started.answer["transactionId"]
        # The station learns the id from the answer to StartTransaction, which the referee
        # sends a moment after logging the CALL: until then it rightly rejects the stop.
        for _ in range(50):
            stop = await d.ask("RemoteStopTransaction", {"transactionId": second})
            if stop["status"] == "Accepted":
                break
            await asyncio.sleep(0.02)
        assert stop["status"] == "Accepted"
        await d.expect("StopTransaction", since)
        return
    await d.ask("CostUpdated", {"totalCost": 4.2, "transactionId": tx_id})
    await d.ask("GetTransactionStatus", {"transactionId": tx_id}, optional=True)
    stop = await d.ask("RequestStopTransaction", {"transactionId": tx_id})
    assert stop["status"] == "Accepted"
    await d.expect("TransactionEvent", since, lambda p: p["eventType"] == "Ended")
    since = d.mark()
    token = {"idToken": "REMOTE-1", "type": "Central"}
    request = {"idToken": token, "remoteStartId": 5, "evseId": 1}
    assert (await d.ask("RequestStartTransaction", request))["status"] == "Accepted"
    started = await d.expect("TransactionEvent", since, lambda p: p["eventType"] == "Started")
    second = started["transactionInfo"]["transactionId"]
    await d.ask("RequestStopTransaction", {"transactionId": second})
    await d.expect("TransactionEvent", since, lambda p: p["eventType"] == "Ended")


async def update_firmware(d: Driver) -> None:
    """Downloading -> ... -> Installed, then the station reboots and boots again."""
    since = d.mark()
    if d.v16:
        request: Payload = {"location": "http://127.0.0.1/fw.bin", "retrieveDate": d.now()}
    else:
        firmware = {"location": "http://127.0.0.1/fw.bin", "retrieveDateTime": d.now()}
        request = {"requestId": 9, "firmware": firmware}
    await d.ask("UpdateFirmware", request)
    await d.expect("FirmwareStatusNotification", since, lambda p: p["status"] == "Installed")
    await d.booted(since)
    await d.referee.connected(d.id)


async def the_rest(d: Driver) -> None:
    """Every other CSMS-initiated action, with the schema's minimal payload: a station may
    refuse what it does not implement, but must answer, and correctly."""
    for action in sorted(csms_initiated(d.version) - set(d.answered) - LAST):
        await d.ask(action, minimal(d.version, action, response=False), optional=True)


async def reset(d: Driver) -> None:
    since = d.mark()
    await d.ask("Reset", {"type": "Soft" if d.v16 else "Immediate"})
    await d.booted(since)


async def scenario(d: Driver) -> None:
    await d.referee.connected(d.id)
    await d.booted(0)
    last_evse = max(d.station.evse_ids)
    await reservation(d, last_evse)
    tx_id = await charge(d)
    await configuration(d)
    await triggers(d)
    await smart_charging(d, tx_id)
    await local_list(d)
    await availability(d, last_evse)
    await logs_and_firmware(d)
    await remote_stop_start(d, tx_id)
    # After the sessions: on a one-EVSE station unlocking ends the running one (1.6).
    await d.ask(
        "UnlockConnector",
        {"connectorId": last_evse} if d.v16 else {"evseId": last_evse, "connectorId": 1},
    )
    await update_firmware(d)
    await the_rest(d)
    await reset(d)


@pytest.mark.slow  # a fleet through every message of a version, resets and firmware included
@pytest.mark.timeout(180)
@pytest.mark.parametrize("version", list(OcppVersion))
async def test_stations_break_no_rule_of_a_strict_csms(version: OcppVersion) -> None:
    async with StrictCsms(versions=(version,)) as referee, fleet(referee, version) as drivers:
        await asyncio.gather(*(scenario(d) for d in drivers))
        # Let the last heartbeats, meter values and statuses in before judging.
        await asyncio.sleep(0.5)
    assert referee.violations == [], "\n".join(referee.violations)
    asked = set().union(*(d.answered for d in drivers))
    assert asked >= csms_initiated(version), csms_initiated(version) - asked
    for d in drivers:
        assert d.answered, d.id
    station_sent = {e.action for e in referee.log if e.direction == "station"}
    assert {"BootNotification", "StatusNotification", "MeterValues", "Heartbeat"} <= station_sent
