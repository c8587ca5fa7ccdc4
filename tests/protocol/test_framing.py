"""Malformed frames get the CALLERROR their OCPP version prescribes, and the connection and
the server keep serving. Frames are written by hand: no library would send them."""

from __future__ import annotations

import pytest

from tests.support.bench import Bench
from tests.support.wire import exchange, raw_station, silent

HEARTBEAT = [2, "hb", "Heartbeat", {}]

# (frame, expected message id, code in 1.6, code in 2.0.1 and 2.1)
CASES = {
    "invalid JSON": ('[2, "x1", "Heartbeat", {', "-1", "FormationViolation", "RpcFrameworkError"),
    "not an array": ('{"hello": 1}', "-1", "FormationViolation", "RpcFrameworkError"),
    "too short": ("[2]", "-1", "FormationViolation", "RpcFrameworkError"),
    "id not a string": (
        '[2, 17, "Heartbeat", {}]',
        "-1",
        "FormationViolation",
        "RpcFrameworkError",
    ),
    "id too long": (
        [2, "x" * 37, "Heartbeat", {}],
        "-1",
        "FormationViolation",
        "RpcFrameworkError",
    ),
    "unknown message type": (
        [7, "x2", "Heartbeat", {}],
        "x2",
        "FormationViolation",
        "MessageTypeNotSupported",
    ),
    "payload not an object": (
        [2, "x3", "Heartbeat", [1]],
        "x3",
        "FormationViolation",
        "FormatViolation",
    ),
    "unknown action": ([2, "x4", "MakeCoffee", {}], "x4", "NotImplemented", "NotImplemented"),
    "action for the other side": (
        [2, "x5", "Reset", {"type": "Hard"}],
        "x5",
        "NotSupported",
        "NotSupported",
    ),
}

SCHEMA_CASES = {
    "missing required field": (
        {"1.6": ("Authorize", {}), "2.0.1": ("Authorize", {})},
        "ProtocolError",
        "OccurrenceConstraintViolation",
    ),
    "wrong type": (
        {
            "1.6": ("Authorize", {"idTag": 42}),
            "2.0.1": ("Authorize", {"idToken": {"idToken": 42, "type": "ISO14443"}}),
        },
        "TypeConstraintViolation",
        "TypeConstraintViolation",
    ),
    "string too long": (
        {
            "1.6": ("Authorize", {"idTag": "x" * 21}),
            "2.0.1": ("Authorize", {"idToken": {"idToken": "x" * 37, "type": "ISO14443"}}),
        },
        "TypeConstraintViolation",
        "TypeConstraintViolation",
    ),
    "value outside the enumeration": (
        {
            "1.6": (
                "StatusNotification",
                {"connectorId": 1, "errorCode": "NoError", "status": "Dancing"},
            ),
            "2.0.1": (
                "StatusNotification",
                {
                    "timestamp": "2026-01-01T00:00:00Z",
                    "connectorStatus": "Dancing",
                    "evseId": 1,
                    "connectorId": 1,
                },
            ),
        },
        "PropertyConstraintViolation",
        "PropertyConstraintViolation",
    ),
    "unexpected field": (
        {"1.6": ("Heartbeat", {"surprise": True}), "2.0.1": ("Heartbeat", {"surprise": True})},
        "FormationViolation",
        "FormatViolation",
    ),
}


@pytest.mark.parametrize("version", ["1.6", "2.0.1"])
@pytest.mark.parametrize("case", list(CASES))
async def test_framing_error_is_answered_and_the_connection_lives_on(
    bench: Bench, version: str, case: str
) -> None:
    frame, message_id, code16, code2 = CASES[case]
    async with raw_station(bench, "CP-FRAME", version) as ws:
        reply = await exchange(ws, frame)
        assert reply[:3] == [4, message_id, code16 if version == "1.6" else code2]
        assert isinstance(reply[3], str) and reply[3]
        assert isinstance(reply[4], dict)
        alive = await exchange(ws, HEARTBEAT)
    assert alive[0] == 3 and "currentTime" in alive[2]


@pytest.mark.parametrize("version", ["1.6", "2.0.1"])
@pytest.mark.parametrize("case", list(SCHEMA_CASES))
async def test_schema_violation_gets_the_versions_error_code(
    bench: Bench, version: str, case: str
) -> None:
    payloads, code16, code2 = SCHEMA_CASES[case]
    action, payload = payloads[version]
    async with raw_station(bench, "CP-SCHEMA", version) as ws:
        reply = await exchange(ws, [2, "s1", action, payload])
        assert reply[:3] == [4, "s1", code16 if version == "1.6" else code2]
        alive = await exchange(ws, HEARTBEAT)
    assert alive[0] == 3


async def test_2_1_uses_the_2_x_codes(bench: Bench) -> None:
    async with raw_station(bench, "CP-21", "2.1") as ws:
        assert (await exchange(ws, "nonsense"))[:3] == [4, "-1", "RpcFrameworkError"]
        assert (await exchange(ws, [9, "n1", "Heartbeat", {}]))[:3] == [
            4,
            "n1",
            "MessageTypeNotSupported",
        ]
        assert (await exchange(ws, HEARTBEAT))[0] == 3


async def test_2_1_send_frames_are_never_answered(bench: Bench) -> None:
    async with raw_station(bench, "CP-SEND", "2.1") as ws:
        await ws.send(
            '[6, "s1", "NotifyPeriodicEventStream", {"id": 1, "pending": 0, "basetime": '
            '"2026-01-01T00:00:00Z", "data": [{"t": 0, "v": "1"}]}]'
        )
        assert await silent(ws)
        assert (await exchange(ws, HEARTBEAT))[0] == 3


async def test_answers_to_unknown_calls_are_ignored(bench: Bench) -> None:
    async with raw_station(bench, "CP-STRAY", "1.6") as ws:
        await ws.send('[3, "never-sent", {}]')
        await ws.send('[4, "never-sent", "GenericError", "", {}]')
        assert await silent(ws)
        assert (await exchange(ws, HEARTBEAT))[0] == 3


async def test_a_broken_station_does_not_disturb_another(bench: Bench) -> None:
    async with (
        raw_station(bench, "CP-BAD", "1.6") as bad,
        raw_station(bench, "CP-GOOD", "2.0.1") as good,
    ):
        for _ in range(20):
            await exchange(bad, "}{")
        assert (await exchange(good, HEARTBEAT))[0] == 3
        assert (await exchange(bad, HEARTBEAT))[0] == 3
