"""The strict referee (tests/support/strict_csms.py) catches what it must, and nothing else:
a raw WebSocket client sends frames no station library would."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
import websockets
from websockets.asyncio.client import ClientConnection

from tests.support.strict_csms import (
    STATION_INITIATED,
    MinimalAnswers,
    StationCallError,
    StrictCsms,
    schema_errors,
)

NOW = "2025-03-01T12:00:00Z"
BOOT = {
    "1.6": {"chargePointVendor": "V", "chargePointModel": "M"},
    "2.0.1": {"reason": "PowerUp", "chargingStation": {"vendorName": "V", "model": "M"}},
    "2.1": {"reason": "PowerUp", "chargingStation": {"vendorName": "V", "model": "M"}},
}
STATUS = {
    "1.6": {"connectorId": 1, "errorCode": "NoError", "status": "Available", "timestamp": NOW},
    "2.0.1": {"timestamp": NOW, "connectorStatus": "Available", "evseId": 1, "connectorId": 1},
    "2.1": {"timestamp": NOW, "connectorStatus": "Available", "evseId": 1, "connectorId": 1},
}
SUBPROTOCOL = {"1.6": "ocpp1.6", "2.0.1": "ocpp2.0.1", "2.1": "ocpp2.1"}
VERSIONS = ("1.6", "2.0.1", "2.1")


@pytest.fixture
async def referee() -> AsyncIterator[StrictCsms]:
    async with StrictCsms(versions=VERSIONS) as r:
        yield r


@asynccontextmanager
async def client(
    referee: StrictCsms, version: str, station_id: str = "CP1", *, boot: bool = True
) -> AsyncIterator[ClientConnection]:
    async with websockets.connect(
        f"{referee.url}/{station_id}", subprotocols=[SUBPROTOCOL[version]]
    ) as ws:
        assert ws.subprotocol == SUBPROTOCOL[version]
        if boot:
            answer = await exchange(ws, [2, "boot", "BootNotification", BOOT[version]])
            assert answer[0] == 3 and answer[2]["status"] == "Accepted", answer
        yield ws


async def exchange(ws: ClientConnection, frame: Any) -> list[Any]:
    await ws.send(frame if isinstance(frame, str) else json.dumps(frame))
    return json.loads(await asyncio.wait_for(ws.recv(), 5))


def violations_about(referee: StrictCsms, *words: str) -> list[str]:
    return [v for v in referee.violations if all(w in v for w in words)]


@pytest.mark.parametrize("version", VERSIONS)
async def test_valid_frames_produce_no_violation(referee: StrictCsms, version: str) -> None:
    async with client(referee, version) as ws:
        answer = await exchange(ws, [2, "s1", "StatusNotification", STATUS[version]])
        assert answer == [3, "s1", {}]
        answer = await exchange(ws, [2, "h1", "Heartbeat", {}])
        assert answer[0] == 3 and answer[2]["currentTime"].endswith("Z")
    assert referee.violations == []
    assert referee.frames["BootNotification"] == 1 and referee.frames["Heartbeat"] == 1


async def test_transaction_answers_are_the_ones_a_station_needs(referee: StrictCsms) -> None:
    async with client(referee, "1.6") as ws:
        start = {"connectorId": 1, "idTag": "TAG", "meterStart": 0, "timestamp": NOW}
        first = await exchange(ws, [2, "t1", "StartTransaction", start])
        second = await exchange(ws, [2, "t2", "StartTransaction", start])
        assert first[2]["idTagInfo"] == {"status": "Accepted"}
        assert second[2]["transactionId"] == first[2]["transactionId"] + 1
    async with client(referee, "2.0.1", "CP2") as ws:
        event = {
            "eventType": "Started",
            "timestamp": NOW,
            "triggerReason": "Authorized",
            "seqNo": 0,
            "transactionInfo": {"transactionId": "tx-1"},
            "idToken": {"idToken": "TAG", "type": "ISO14443"},
        }
        answer = await exchange(ws, [2, "e1", "TransactionEvent", event])
        assert answer[2] == {"idTokenInfo": {"status": "Accepted"}}
    assert referee.violations == []


@pytest.mark.parametrize(
    ("version", "timestamp"),
    [
        ("1.6", "2025-03-01T12:00:00"),  # no offset: local time of nowhere
        ("1.6", "2025-03-01 12:00:00Z"),
        ("2.0.1", "01/03/2025 12:00"),
        ("2.1", "2025-13-01T12:00:00Z"),
    ],
)
async def test_a_bad_date_time_is_a_violation(
    referee: StrictCsms, version: str, timestamp: str
) -> None:
    async with client(referee, version) as ws:
        answer = await exchange(
            ws, [2, "s1", "StatusNotification", {**STATUS[version], "timestamp": timestamp}]
        )
    assert answer[0] == 4  # refused, with a CALLERROR
    assert violations_about(referee, "CP1", "StatusNotification", "timestamp", "date-time")


@pytest.mark.parametrize("version", VERSIONS)
async def test_an_unknown_field_is_a_violation(referee: StrictCsms, version: str) -> None:
    async with client(referee, version) as ws:
        await exchange(ws, [2, "s1", "StatusNotification", {**STATUS[version], "colour": "red"}])
    assert violations_about(referee, "StatusNotification", "colour")


@pytest.mark.parametrize("version", VERSIONS)
async def test_a_missing_required_field_is_a_violation(referee: StrictCsms, version: str) -> None:
    payload = {k: v for k, v in STATUS[version].items() if k != "connectorId"}
    async with client(referee, version) as ws:
        await exchange(ws, [2, "s1", "StatusNotification", payload])
    assert violations_about(referee, "StatusNotification", "'connectorId' is a required property")


@pytest.mark.parametrize("version", VERSIONS)
async def test_a_second_call_before_the_first_answer_is_a_violation(
    referee: StrictCsms, version: str
) -> None:
    async with client(referee, version) as ws:
        await ws.send(json.dumps([2, "h1", "Heartbeat", {}]))
        await ws.send(json.dumps([2, "h2", "Heartbeat", {}]))
        answers = [json.loads(await asyncio.wait_for(ws.recv(), 5)) for _ in range(2)]
    assert {a[1] for a in answers} == {"h1", "h2"}  # both still answered
    assert violations_about(referee, "Heartbeat [h2]", "Heartbeat [h1] was unanswered")


@pytest.mark.parametrize("version", VERSIONS)
async def test_a_duplicate_message_id_is_a_violation(referee: StrictCsms, version: str) -> None:
    async with client(referee, version) as ws:
        await exchange(ws, [2, "same", "Heartbeat", {}])
        await exchange(ws, [2, "same", "Heartbeat", {}])
    assert violations_about(referee, "Heartbeat [same]", "message id reused")


@pytest.mark.parametrize(
    ("version", "action", "payload"),
    [
        ("1.6", "RemoteStartTransaction", {"idTag": "TAG"}),
        ("1.6", "Reset", {"type": "Soft"}),
        ("2.0.1", "RequestStartTransaction", {"idToken": {"idToken": "T", "type": "Central"}}),
        ("2.1", "GetVariables", {"getVariableData": []}),
    ],
)
async def test_a_csms_only_action_from_the_station_is_a_violation(
    referee: StrictCsms, version: str, action: str, payload: dict[str, Any]
) -> None:
    async with client(referee, version) as ws:
        answer = await exchange(ws, [2, "x1", action, payload])
    assert answer[0] == 4 and answer[2] == "NotSupported"
    assert violations_about(referee, action, "CSMS-initiated action sent by the station")


@pytest.mark.parametrize(
    ("frame", "expected"),
    [
        ('{"not": "an array"}', "not a non-empty JSON array"),
        ("not json", "not JSON"),
        ('[2, "1", "Heartbeat", {"a": NaN}]', "not JSON"),
        ('[2, "1", "Heartbeat", {"a": 1, "a": 2}]', "duplicate keys"),
        ('[9, "1", "Heartbeat", {}]', "message type 9"),
        ('[2, 17, "Heartbeat", {}]', "message id 17"),
        (json.dumps([2, "x" * 37, "Heartbeat", {}]), "1..36 characters"),
        ('[2, "1", "Heartbeat"]', "a CALL is [2, id, action, {payload}]"),
        ('[2, "1", "Teleport", {}]', "unknown action"),
        ('[3, "nobody-asked", {}]', "not outstanding"),
    ],
)
async def test_framing_errors_are_violations(
    referee: StrictCsms, frame: str, expected: str
) -> None:
    async with client(referee, "1.6") as ws:
        await ws.send(frame)
        await asyncio.sleep(0.1)
    assert violations_about(referee, expected), referee.violations


async def test_a_call_before_boot_is_a_violation(referee: StrictCsms) -> None:
    async with client(referee, "2.0.1", boot=False) as ws:
        await exchange(ws, [2, "h1", "Heartbeat", {}])
    assert violations_about(referee, "Heartbeat", "before BootNotification")


async def test_the_referee_drives_csms_calls_and_checks_the_answers(referee: StrictCsms) -> None:
    async with client(referee, "1.6") as ws:

        async def station() -> None:
            # Answers Reset correctly, then GetConfiguration with a field the schema forbids,
            # then ClearCache with a CALLERROR.
            for answer in ({"status": "Accepted"}, {"configurationKey": [], "extra": 1}, None):
                frame = json.loads(await ws.recv())
                assert frame[0] == 2 and len(frame[1]) <= 36
                if answer is None:
                    await ws.send(json.dumps([4, frame[1], "NotSupported", "no", {}]))
                else:
                    await ws.send(json.dumps([3, frame[1], answer]))

        task = asyncio.create_task(station())
        await referee.connected("CP1")
        assert await referee.call("CP1", "Reset", {"type": "Soft"}) == {"status": "Accepted"}
        assert referee.violations == []
        await referee.call("CP1", "GetConfiguration", {})
        assert violations_about(referee, "GetConfiguration answer", "extra")
        with pytest.raises(StationCallError) as error:
            await referee.call("CP1", "ClearCache", {})
        assert error.value.code == "NotSupported"
        await task
        # The referee never sends what it would reject.
        with pytest.raises(ValueError, match="not a CSMS-initiated action"):
            await referee.call("CP1", "BootNotification", BOOT["1.6"])
        with pytest.raises(ValueError, match="invalid Reset request"):
            await referee.call("CP1", "Reset", {"type": "Gentle"})


async def test_an_unanswered_referee_call_is_a_violation() -> None:
    async with StrictCsms(versions=("2.0.1",), call_timeout=0.2) as referee:
        async with client(referee, "2.0.1"):
            with pytest.raises(TimeoutError):
                await referee.call("CP1", "ClearCache", {})
        assert violations_about(referee, "ClearCache", "no answer")


async def test_an_unsupported_subprotocol_is_refused_and_recorded() -> None:
    async with StrictCsms(versions=("2.0.1",)) as referee:
        with pytest.raises(websockets.InvalidHandshake):
            async with websockets.connect(f"{referee.url}/CP1", subprotocols=["ocpp1.6"]):
                pass
        assert violations_about(referee, "handshake", "no supported subprotocol")


@pytest.mark.parametrize("version", VERSIONS)
def test_the_referees_own_answers_are_valid(version: str) -> None:
    answers = MinimalAnswers()
    for action in sorted(STATION_INITIATED[version]):
        answer = answers(version, action, {"idTag": "T", "idToken": {}})
        assert schema_errors(version, action, answer, response=True) == [], action


def test_numbers_are_checked_in_decimal() -> None:
    # 1.6 limits are multiples of 0.1: 95.6 is one in decimal though not in binary floats.
    def composite(limit: Any) -> dict[str, Any]:
        period = {"startPeriod": 0, "limit": limit}
        schedule = {"chargingRateUnit": "A", "chargingSchedulePeriod": [period]}
        return {"status": "Accepted", "connectorId": 1, "chargingSchedule": schedule}

    assert schema_errors("1.6", "GetCompositeSchedule", composite(95.6), response=True) == []
    wrong = schema_errors("1.6", "GetCompositeSchedule", composite(95.63), response=True)
    assert wrong and "multiple of 0.1" in wrong[0]
