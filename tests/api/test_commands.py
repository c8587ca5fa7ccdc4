"""Admin API commands: each one goes through HTTP, reaches a real station over its WebSocket as
the right OCPP message for the station's version, and the station's answer comes back."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
import pytest_asyncio
import websockets
from ocpp.v16 import call as call16
from ocpp.v201 import call as call201

from tests.support.bench import PASSWORD, Bench, running_bench
from tests.support.stations import basic_auth

# One CSMS serves the whole module (each test has its own station ids and tokens): starting one
# per test would triple the run time. The timeout test runs its own, with a short call_timeout.
pytestmark = pytest.mark.asyncio(loop_scope="module")

VERSIONS = ["1.6", "2.0.1"]
CALL_TIMEOUT = 1.0
_station_numbers = itertools.count(1)

# One valid body per command route, for the tests that check every route.
ROUTES: dict[str, dict[str, Any]] = {
    "remote-start": {"id_token": "TAG-1"},
    "remote-stop": {"transaction_id": "1"},
    "reset": {"type": "Hard"},
    "unlock": {"evse_id": 1},
    "change-availability": {"operative": True},
    "trigger-message": {"message": "Heartbeat"},
    "clear-cache": {},
    "get-configuration": {"keys": ["HeartbeatInterval"]},
    "change-configuration": {"key": "HeartbeatInterval", "value": "60"},
    "call": {"action": "ClearCache", "payload": {}},
}


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def bench(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Bench]:
    db = tmp_path_factory.mktemp("commands") / "csms.db"
    async with running_bench(f"sqlite+aiosqlite:///{db}") as b:
        yield b


@pytest.fixture
def sid() -> str:
    """A station id of this test's own."""
    return f"CP-CMD-{next(_station_numbers):03d}"


def ts() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


async def boot(cp: Any, version: str) -> None:
    if version == "1.6":
        answer = await cp.call(
            call16.BootNotification(charge_point_vendor="V", charge_point_model="M")
        )
    else:
        answer = await cp.call(
            call201.BootNotification(
                charging_station={"model": "M", "vendor_name": "V"}, reason="PowerUp"
            )
        )
    assert answer.status == "Accepted"


@asynccontextmanager
async def booted(bench: Bench, station_id: str, version: str) -> AsyncIterator[Any]:
    async with bench.station(station_id, version) as cp:
        await boot(cp, version)
        yield cp


async def command(bench: Bench, station_id: str, name: str, body: dict[str, Any]) -> httpx.Response:
    return await bench.api.post(f"/api/v1/stations/{station_id}/commands/{name}", json=body)


def ok(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def error_detail(response: httpx.Response, status_code: int) -> str:
    assert response.status_code == status_code, response.text
    detail = response.json()["detail"]
    assert isinstance(detail, str)
    assert detail
    return detail


# --- typed commands, per version ------------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
async def test_remote_start(bench: Bench, sid: str, version: str) -> None:
    async with booted(bench, sid, version) as cp:
        first = ok(
            await command(
                bench,
                sid,
                "remote-start",
                {"id_token": "TAG-1", "id_token_type": "ISO14443", "evse_id": 2},
            )
        )
        second = ok(await command(bench, sid, "remote-start", {"id_token": "TAG-2"}))
    assert first == {"status": "Accepted", "response": {"status": "Accepted"}}
    assert second["status"] == "Accepted"
    [(action1, p1), (action2, p2)] = cp.received
    if version == "1.6":
        assert (action1, p1) == ("RemoteStartTransaction", {"id_tag": "TAG-1", "connector_id": 2})
        assert (action2, p2) == ("RemoteStartTransaction", {"id_tag": "TAG-2"})
        return
    assert action1 == action2 == "RequestStartTransaction"
    assert p1["id_token"] == {"id_token": "TAG-1", "type": "ISO14443"}
    assert p1["evse_id"] == 2
    assert p2["id_token"] == {"id_token": "TAG-2", "type": "Central"}
    assert "evse_id" not in p2
    assert isinstance(p1["remote_start_id"], int)
    assert p1["remote_start_id"] != p2["remote_start_id"]


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(
    ("requested", "sent_16", "sent_201"),
    [
        ("Hard", "Hard", "Immediate"),
        ("Immediate", "Hard", "Immediate"),
        ("Soft", "Soft", "OnIdle"),
        ("OnIdle", "Soft", "OnIdle"),
    ],
)
async def test_reset(
    bench: Bench, sid: str, version: str, requested: str, sent_16: str, sent_201: str
) -> None:
    async with booted(bench, sid, version) as cp:
        answer = ok(await command(bench, sid, "reset", {"type": requested}))
    assert answer == {"status": "Accepted", "response": {"status": "Accepted"}}
    assert cp.received == [("Reset", {"type": sent_16 if version == "1.6" else sent_201})]


async def test_reset_of_one_evse_on_201(bench: Bench, sid: str) -> None:
    async with booted(bench, sid, "2.0.1") as cp:
        ok(await command(bench, sid, "reset", {"type": "OnIdle", "evse_id": 2}))
    assert cp.received == [("Reset", {"type": "OnIdle", "evse_id": 2})]


@pytest.mark.parametrize("version", VERSIONS)
async def test_a_rejected_answer_comes_back_as_rejected(
    bench: Bench, sid: str, version: str
) -> None:
    async with booted(bench, sid, version) as cp:
        cp.answers["Reset"] = "Rejected"
        answer = ok(await command(bench, sid, "reset", {"type": "Hard"}))
    assert answer == {"status": "Rejected", "response": {"status": "Rejected"}}
    assert [action for action, _ in cp.received] == ["Reset"]


@pytest.mark.parametrize("version", VERSIONS)
async def test_unlock(bench: Bench, sid: str, version: str) -> None:
    async with booted(bench, sid, version) as cp:
        unlocked = ok(await command(bench, sid, "unlock", {"evse_id": 2}))
        cp.answers["UnlockConnector"] = "UnlockFailed"
        failed = ok(await command(bench, sid, "unlock", {"evse_id": 1, "connector_id": 2}))
    assert unlocked == {"status": "Unlocked", "response": {"status": "Unlocked"}}
    assert failed["status"] == "UnlockFailed"
    if version == "1.6":
        expected = [
            ("UnlockConnector", {"connector_id": 2}),
            ("UnlockConnector", {"connector_id": 1}),
        ]
    else:
        expected = [
            ("UnlockConnector", {"evse_id": 2, "connector_id": 1}),
            ("UnlockConnector", {"evse_id": 1, "connector_id": 2}),
        ]
    assert cp.received == expected


@pytest.mark.parametrize("version", VERSIONS)
async def test_change_availability(bench: Bench, sid: str, version: str) -> None:
    async with booted(bench, sid, version) as cp:
        whole = ok(await command(bench, sid, "change-availability", {"operative": True}))
        cp.answers["ChangeAvailability"] = "Scheduled"
        one = ok(
            await command(bench, sid, "change-availability", {"operative": False, "evse_id": 1})
        )
    assert whole == {"status": "Accepted", "response": {"status": "Accepted"}}
    assert one == {"status": "Scheduled", "response": {"status": "Scheduled"}}
    if version == "1.6":
        expected = [
            ("ChangeAvailability", {"connector_id": 0, "type": "Operative"}),
            ("ChangeAvailability", {"connector_id": 1, "type": "Inoperative"}),
        ]
    else:
        expected = [
            ("ChangeAvailability", {"operational_status": "Operative"}),
            ("ChangeAvailability", {"operational_status": "Inoperative", "evse": {"id": 1}}),
        ]
    assert cp.received == expected


async def test_change_availability_of_one_connector_on_201(bench: Bench, sid: str) -> None:
    async with booted(bench, sid, "2.0.1") as cp:
        ok(
            await command(
                bench,
                sid,
                "change-availability",
                {"operative": False, "evse_id": 1, "connector_id": 2},
            )
        )
    assert cp.received == [
        (
            "ChangeAvailability",
            {"operational_status": "Inoperative", "evse": {"id": 1, "connector_id": 2}},
        )
    ]


@pytest.mark.parametrize("version", VERSIONS)
async def test_trigger_message(bench: Bench, sid: str, version: str) -> None:
    async with booted(bench, sid, version) as cp:
        heartbeat = ok(await command(bench, sid, "trigger-message", {"message": "Heartbeat"}))
        cp.answers["TriggerMessage"] = "Rejected"
        status = ok(
            await command(
                bench, sid, "trigger-message", {"message": "StatusNotification", "evse_id": 1}
            )
        )
    assert heartbeat == {"status": "Accepted", "response": {"status": "Accepted"}}
    assert status["status"] == "Rejected"
    evse = {"connector_id": 1} if version == "1.6" else {"evse": {"id": 1}}
    assert cp.received == [
        ("TriggerMessage", {"requested_message": "Heartbeat"}),
        ("TriggerMessage", {"requested_message": "StatusNotification", **evse}),
    ]


@pytest.mark.parametrize("version", VERSIONS)
async def test_clear_cache(bench: Bench, sid: str, version: str) -> None:
    async with booted(bench, sid, version) as cp:
        answer = ok(await command(bench, sid, "clear-cache", {}))
    assert answer == {"status": "Accepted", "response": {"status": "Accepted"}}
    assert cp.received == [("ClearCache", {})]


async def test_get_configuration_16(bench: Bench, sid: str) -> None:
    async with booted(bench, sid, "1.6") as cp:
        some = ok(
            await command(
                bench,
                sid,
                "get-configuration",
                {"keys": ["HeartbeatInterval", "NumberOfConnectors", "NoSuchKey"]},
            )
        )
        every = ok(await command(bench, sid, "get-configuration", {"keys": []}))
    assert some == [
        {"key": "HeartbeatInterval", "value": "300", "readonly": False},
        {"key": "NumberOfConnectors", "value": "2", "readonly": True},
        {"key": "NoSuchKey", "value": None, "status": "UnknownKey"},
    ]
    assert {entry["key"] for entry in every} == {"HeartbeatInterval", "NumberOfConnectors"}
    assert cp.received == [
        ("GetConfiguration", {"key": ["HeartbeatInterval", "NumberOfConnectors", "NoSuchKey"]}),
        ("GetConfiguration", {"key": None}),
    ]


async def test_get_configuration_201_reads_component_variables(bench: Bench, sid: str) -> None:
    async with booted(bench, sid, "2.0.1") as cp:
        answer = ok(
            await command(
                bench,
                sid,
                "get-configuration",
                {"keys": ["OCPPCommCtrlr.HeartbeatInterval", "Nowhere.Nothing"]},
            )
        )
    assert answer == [
        {"key": "OCPPCommCtrlr.HeartbeatInterval", "value": "300", "status": "Accepted"},
        {"key": "Nowhere.Nothing", "value": None, "status": "UnknownVariable"},
    ]
    assert cp.received == [
        (
            "GetVariables",
            {
                "get_variable_data": [
                    {
                        "component": {"name": "OCPPCommCtrlr"},
                        "variable": {"name": "HeartbeatInterval"},
                    },
                    {"component": {"name": "Nowhere"}, "variable": {"name": "Nothing"}},
                ]
            },
        )
    ]


@pytest.mark.parametrize("keys", [[], ["HeartbeatInterval"], ["OCPPCommCtrlr."]])
async def test_get_configuration_201_needs_component_variable_keys(
    bench: Bench, sid: str, keys: list[str]
) -> None:
    async with booted(bench, sid, "2.0.1") as cp:
        response = await command(bench, sid, "get-configuration", {"keys": keys})
    assert "Component.Variable" in error_detail(response, 422)
    assert cp.received == []


async def test_change_configuration_16(bench: Bench, sid: str) -> None:
    async with booted(bench, sid, "1.6") as cp:
        accepted = ok(
            await command(
                bench, sid, "change-configuration", {"key": "HeartbeatInterval", "value": "60"}
            )
        )
        read_only = ok(
            await command(
                bench, sid, "change-configuration", {"key": "NumberOfConnectors", "value": "4"}
            )
        )
        unknown = ok(
            await command(bench, sid, "change-configuration", {"key": "NoSuchKey", "value": "1"})
        )
        after = ok(
            await command(
                bench,
                sid,
                "get-configuration",
                {"keys": ["HeartbeatInterval", "NumberOfConnectors"]},
            )
        )
    assert accepted == {"status": "Accepted", "response": {"status": "Accepted"}}
    assert read_only == {"status": "Rejected", "response": {"status": "Rejected"}}
    assert unknown["status"] == "NotSupported"
    assert [(e["key"], e["value"]) for e in after] == [
        ("HeartbeatInterval", "60"),
        ("NumberOfConnectors", "2"),
    ]
    assert cp.received[:3] == [
        ("ChangeConfiguration", {"key": "HeartbeatInterval", "value": "60"}),
        ("ChangeConfiguration", {"key": "NumberOfConnectors", "value": "4"}),
        ("ChangeConfiguration", {"key": "NoSuchKey", "value": "1"}),
    ]


async def test_change_configuration_201_sets_a_variable(bench: Bench, sid: str) -> None:
    async with booted(bench, sid, "2.0.1") as cp:
        accepted = ok(
            await command(
                bench,
                sid,
                "change-configuration",
                {"key": "OCPPCommCtrlr.HeartbeatInterval", "value": "60"},
            )
        )
        unknown = ok(
            await command(
                bench, sid, "change-configuration", {"key": "Nowhere.Nothing", "value": "1"}
            )
        )
        bad_key = await command(
            bench, sid, "change-configuration", {"key": "HeartbeatInterval", "value": "1"}
        )
    assert accepted["status"] == "Accepted"
    assert accepted["response"]["setVariableResult"] == [
        {
            "attributeStatus": "Accepted",
            "component": {"name": "OCPPCommCtrlr"},
            "variable": {"name": "HeartbeatInterval"},
        }
    ]
    assert unknown["status"] == "UnknownVariable"
    assert "Component.Variable" in error_detail(bad_key, 422)
    assert cp.variables[("OCPPCommCtrlr", "HeartbeatInterval")] == "60"
    assert cp.received == [
        (
            "SetVariables",
            {
                "set_variable_data": [
                    {
                        "component": {"name": "OCPPCommCtrlr"},
                        "variable": {"name": "HeartbeatInterval"},
                        "attribute_value": "60",
                    }
                ]
            },
        ),
        (
            "SetVariables",
            {
                "set_variable_data": [
                    {
                        "component": {"name": "Nowhere"},
                        "variable": {"name": "Nothing"},
                        "attribute_value": "1",
                    }
                ]
            },
        ),
    ]


@pytest.mark.parametrize(
    ("version", "body"),
    [
        ("1.6", {"id_token": "T" * 21}),  # 1.6 idTag is CiString20
        ("2.0.1", {"id_token": "TAG-1", "id_token_type": "Bogus"}),
    ],
)
async def test_a_command_violating_the_schema_is_422_and_not_sent(
    bench: Bench, sid: str, version: str, body: dict[str, Any]
) -> None:
    async with booted(bench, sid, version) as cp:
        response = await command(bench, sid, "remote-start", body)
        assert "schema" in error_detail(response, 422)
        ok(await command(bench, sid, "clear-cache", {}))  # the connection still works
    assert cp.received == [("ClearCache", {})]


# --- remote stop of a real transaction -----------------------------------------------------


async def only_transaction_ref(bench: Bench, station_id: str) -> str:
    response = await bench.api.get("/api/v1/transactions", params={"station_id": station_id})
    listing = ok(response)
    assert listing["total"] == 1
    return listing["items"][0]["ref"]


async def test_remote_stop_16(bench: Bench, sid: str) -> None:
    await bench.add_token(f"TAG-{sid}")
    async with booted(bench, sid, "1.6") as cp:
        started = await cp.call(
            call16.StartTransaction(
                connector_id=1, id_tag=f"TAG-{sid}", meter_start=0, timestamp=ts()
            )
        )
        ref = await only_transaction_ref(bench, sid)
        assert ref == str(started.transaction_id)
        answer = ok(await command(bench, sid, "remote-stop", {"transaction_id": ref}))
    assert answer == {"status": "Accepted", "response": {"status": "Accepted"}}
    assert cp.received == [("RemoteStopTransaction", {"transaction_id": started.transaction_id})]


async def test_remote_stop_201(bench: Bench, sid: str) -> None:
    await bench.add_token(f"TAG-{sid}")
    async with booted(bench, sid, "2.0.1") as cp:
        await cp.call(
            call201.TransactionEvent(
                event_type="Started",
                timestamp=ts(),
                trigger_reason="Authorized",
                seq_no=0,
                transaction_info={"transaction_id": "TX-201-A"},
                evse={"id": 1, "connector_id": 1},
                id_token={"id_token": f"TAG-{sid}", "type": "ISO14443"},
            )
        )
        ref = await only_transaction_ref(bench, sid)
        assert ref == "TX-201-A"
        answer = ok(await command(bench, sid, "remote-stop", {"transaction_id": ref}))
    assert answer == {"status": "Accepted", "response": {"status": "Accepted"}}
    assert cp.received == [("RequestStopTransaction", {"transaction_id": "TX-201-A"})]


@pytest.mark.parametrize("ref", ["TX-201-A", "²", "9" * 30])
async def test_remote_stop_16_needs_an_integer_transaction_id(
    bench: Bench, sid: str, ref: str
) -> None:
    async with booted(bench, sid, "1.6") as cp:
        response = await command(bench, sid, "remote-stop", {"transaction_id": ref})
    assert "integer" in error_detail(response, 422)
    assert cp.received == []


# --- any CALL by name ----------------------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
async def test_generic_data_transfer_reaches_the_station_and_its_answer_comes_back(
    bench: Bench, sid: str, version: str
) -> None:
    async with booted(bench, sid, version) as cp:
        cp.answers["DataTransfer"] = "UnknownVendorId"
        answer = ok(
            await command(
                bench,
                sid,
                "call",
                {
                    "action": "DataTransfer",
                    "payload": {"vendorId": "org.evharness", "messageId": "ping", "data": "hello"},
                },
            )
        )
    assert answer == {"result": {"status": "UnknownVendorId"}, "error": None}
    assert cp.received == [
        ("DataTransfer", {"vendor_id": "org.evharness", "message_id": "ping", "data": "hello"})
    ]


@pytest.mark.parametrize("version", VERSIONS)
async def test_generic_call_the_station_does_not_implement_returns_its_callerror(
    bench: Bench, sid: str, version: str
) -> None:
    async with booted(bench, sid, version) as cp:
        answer = ok(
            await command(bench, sid, "call", {"action": "GetLocalListVersion", "payload": {}})
        )
    assert answer["result"] is None
    assert answer["error"]["code"] == "NotImplemented"  # what the `ocpp` library answers
    assert "description" in answer["error"]
    assert "details" in answer["error"]
    assert cp.received == []


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(
    ("action", "payload"),
    [("Reset", {}), ("Reset", {"type": "Sideways"}), ("ClearCache", {"unexpected": 1})],
)
async def test_generic_call_with_an_invalid_payload_is_422_and_not_sent(
    bench: Bench, sid: str, version: str, action: str, payload: dict[str, Any]
) -> None:
    async with booted(bench, sid, version) as cp:
        response = await command(bench, sid, "call", {"action": action, "payload": payload})
        assert "schema" in error_detail(response, 422)
        ok(await command(bench, sid, "clear-cache", {}))
    assert cp.received == [("ClearCache", {})]


@pytest.mark.parametrize(
    ("version", "action"),
    [
        ("1.6", "NoSuchAction"),
        ("2.0.1", "NoSuchAction"),
        ("1.6", "GetVariables"),
        ("2.0.1", "GetConfiguration"),
    ],
)
async def test_generic_call_of_an_action_the_version_lacks_is_422(
    bench: Bench, sid: str, version: str, action: str
) -> None:
    async with booted(bench, sid, version) as cp:
        response = await command(bench, sid, "call", {"action": action, "payload": {}})
        assert action in error_detail(response, 422)
    assert cp.received == []


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(
    ("payload", "code", "cause"),
    # what the `ocpp` library answers (it spells FormatViolation the 2.x way in 1.6 too)
    [
        ({}, "ProtocolError", "'type' is a required property"),
        ({"type": "Sideways"}, "FormatViolation", "Sideways"),
    ],
)
async def test_generic_call_without_validation_sends_the_raw_payload(
    bench: Bench, sid: str, version: str, payload: dict[str, Any], code: str, cause: str
) -> None:
    async with booted(bench, sid, version) as cp:
        answer = ok(
            await command(
                bench,
                sid,
                "call",
                {"action": "Reset", "payload": payload, "validate_payload": False},
            )
        )
    assert answer["result"] is None
    assert answer["error"]["code"] == code, answer
    assert cause in answer["error"]["details"]["cause"]
    assert cp.received == []  # the library refused it before its handler ran


# --- a station that does not behave: raw WebSocket client -----------------------------------


class RawStation:
    """An OCPP 1.6 station on a bare WebSocket: boots by hand, then answers every CSMS CALL the
    way ``mode`` says: "silent" never answers, "error" answers a CALLERROR, "garbage" answers a
    CALLRESULT that violates the response schema, "hangup" closes the connection."""

    def __init__(self, ws: websockets.ClientConnection, mode: str) -> None:
        self.ws = ws
        self.mode = mode
        self.calls: list[list[Any]] = []

    async def boot(self) -> None:
        await self.ws.send(
            json.dumps(
                [
                    2,
                    "boot-1",
                    "BootNotification",
                    {"chargePointVendor": "V", "chargePointModel": "M"},
                ]
            )
        )
        answer = json.loads(await asyncio.wait_for(self.ws.recv(), 5))
        assert answer[:2] == [3, "boot-1"]
        assert answer[2]["status"] == "Accepted"

    async def serve(self) -> None:
        async for raw in self.ws:
            frame = json.loads(raw)
            if frame[0] != 2:
                continue
            self.calls.append(frame)
            if self.mode == "error":
                await self.ws.send(json.dumps([4, frame[1], "InternalError", "broken", {}]))
            elif self.mode == "garbage":
                await self.ws.send(json.dumps([3, frame[1], {"status": "Maybe"}]))
            elif self.mode == "hangup":
                await self.ws.close()


@asynccontextmanager
async def raw_station(bench: Bench, station_id: str, mode: str) -> AsyncIterator[RawStation]:
    await bench.register(station_id)
    async with websockets.connect(
        f"{bench.ocpp_url}/{station_id}",
        subprotocols=["ocpp1.6"],
        additional_headers=basic_auth(station_id, PASSWORD),
        open_timeout=5,
    ) as ws:
        assert ws.subprotocol == "ocpp1.6"
        station = RawStation(ws, mode)
        await station.boot()
        task = asyncio.create_task(station.serve())
        try:
            yield station
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)


@pytest_asyncio.fixture(loop_scope="function")
async def short_bench(db_url: str) -> AsyncIterator[Bench]:
    async with running_bench(db_url, call_timeout=CALL_TIMEOUT) as b:
        yield b


@pytest.mark.asyncio(loop_scope="function")
async def test_a_silent_station_times_out_with_504(short_bench: Bench, sid: str) -> None:
    bench = short_bench
    async with raw_station(bench, sid, "silent") as station:
        for name, body in [
            ("reset", {"type": "Soft"}),
            ("call", {"action": "ClearCache"}),
            ("call", {"action": "ClearCache", "timeout": 0.3}),
        ]:
            started = time.monotonic()
            response = await asyncio.wait_for(command(bench, sid, name, body), 10)
            elapsed = time.monotonic() - started
            assert "did not answer" in error_detail(response, 504)
            limit = body.get("timeout", CALL_TIMEOUT)
            assert limit * 0.9 <= elapsed < limit + 2, (name, body, elapsed)
    assert [frame[2] for frame in station.calls] == ["Reset", "ClearCache", "ClearCache"]


async def test_a_callerror_on_a_typed_command_is_502(bench: Bench, sid: str) -> None:
    async with raw_station(bench, sid, "error") as station:
        typed = await command(bench, sid, "reset", {"type": "Hard"})
        generic = ok(await command(bench, sid, "call", {"action": "ClearCache"}))
    assert "InternalError" in error_detail(typed, 502)
    assert generic == {
        "result": None,
        "error": {"code": "InternalError", "description": "broken", "details": {}},
    }
    assert [frame[2:] for frame in station.calls] == [
        ["Reset", {"type": "Hard"}],
        ["ClearCache", {}],
    ]


async def test_an_answer_violating_the_schema_is_502(bench: Bench, sid: str) -> None:
    async with raw_station(bench, sid, "garbage"):
        typed = await command(bench, sid, "clear-cache", {})
        generic = await command(bench, sid, "call", {"action": "ClearCache"})
        unchecked = ok(
            await command(bench, sid, "call", {"action": "ClearCache", "validate_payload": False})
        )
    assert "schema" in error_detail(typed, 502)
    assert "schema" in error_detail(generic, 502)
    assert unchecked == {"result": {"status": "Maybe"}, "error": None}


async def test_a_station_hanging_up_before_answering_is_409(bench: Bench, sid: str) -> None:
    async with raw_station(bench, sid, "hangup"):
        response = await asyncio.wait_for(command(bench, sid, "reset", {"type": "Hard"}), 10)
    assert "disconnected" in error_detail(response, 409)


# --- which station -------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(ROUTES))
async def test_unknown_station_is_404(bench: Bench, sid: str, name: str) -> None:
    response = await command(bench, sid, name, ROUTES[name])
    assert "not found" in error_detail(response, 404)


@pytest.mark.parametrize("name", list(ROUTES))
async def test_registered_but_disconnected_station_is_409(
    bench: Bench, sid: str, name: str
) -> None:
    await bench.register(sid)
    response = await command(bench, sid, name, ROUTES[name])
    assert "not connected" in error_detail(response, 409)


async def test_a_station_that_left_is_409(bench: Bench, sid: str) -> None:
    async with booted(bench, sid, "1.6"):
        ok(await command(bench, sid, "clear-cache", {}))
    for _ in range(50):  # the CSMS notices the close asynchronously
        response = await command(bench, sid, "clear-cache", {})
        if response.status_code != 200:
            break
        await asyncio.sleep(0.05)
    assert "not connected" in error_detail(response, 409)


# --- API authentication --------------------------------------------------------------------


@pytest.mark.parametrize(
    "authorization", [None, "Bearer evh_wrong_token_0000000000000000", "Basic eDp5"]
)
async def test_every_command_route_needs_the_admin_token(
    bench: Bench, sid: str, authorization: str | None
) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    async with booted(bench, sid, "1.6") as cp:
        base_url = f"{str(bench.api.base_url).rstrip('/')}/api/v1/stations/{sid}/commands"
        async with httpx.AsyncClient(base_url=base_url, headers=headers) as anonymous:
            for name, body in ROUTES.items():
                response = await anonymous.post(f"/{name}", json=body)
                assert response.status_code == 401, (name, response.text)
                assert response.json()["detail"], name
                assert response.headers["WWW-Authenticate"] == "Bearer"
        ok(await command(bench, sid, "clear-cache", {}))  # the token is what mattered
    assert cp.received == [("ClearCache", {})]
