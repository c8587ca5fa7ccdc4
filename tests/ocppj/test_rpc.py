"""OCPP-J framing: parsing, encoding, and the per-version spelling of error codes."""

from __future__ import annotations

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocppj import rpc
from ocppj.rpc import ErrorKind, RpcError
from ocppj.versions import OcppVersion

TYPES = frozenset({rpc.CALL, rpc.CALLRESULT, rpc.CALLERROR})


def test_parses_the_three_frame_kinds() -> None:
    call = rpc.parse('[2,"a","Heartbeat",{}]', allowed_types=TYPES)
    assert (call.type_id, call.message_id, call.action, call.payload) == (2, "a", "Heartbeat", {})
    result = rpc.parse('[3,"a",{"x":1}]', allowed_types=TYPES)
    assert result.payload == {"x": 1}
    error = rpc.parse('[4,"a","GenericError","boom",{}]', allowed_types=TYPES)
    assert (error.error_code, error.error_description) == ("GenericError", "boom")


@pytest.mark.parametrize(
    ("kind", "v16", "v2"),
    [
        (ErrorKind.FORMAT, "FormationViolation", "FormatViolation"),
        (ErrorKind.OCCURRENCE, "OccurenceConstraintViolation", "OccurrenceConstraintViolation"),
        (ErrorKind.RPC_FRAMEWORK, "FormationViolation", "RpcFrameworkError"),
        (ErrorKind.SECURITY, "SecurityError", "SecurityError"),
    ],
)
def test_codes_are_spelled_per_version(kind: ErrorKind, v16: str, v2: str) -> None:
    assert rpc.error_code(kind, "1.6") == v16
    assert rpc.error_code(kind, "2.0.1") == v2
    assert rpc.error_code(kind, "2.1") == v2


def test_encoded_error_keeps_the_message_id_and_caps_the_description() -> None:
    error = RpcError(ErrorKind.INTERNAL, "x" * 300, {"k": 1}, message_id="m1")
    frame = orjson.loads(rpc.encode_error(error, "2.0.1"))
    assert frame[:3] == [4, "m1", "InternalError"]
    assert len(frame[3]) == 255 and frame[4] == {"k": 1}


@given(st.binary(max_size=64) | st.text(max_size=64))
def test_any_input_parses_or_raises_an_rpc_error(raw: bytes | str) -> None:
    try:
        rpc.parse(raw, allowed_types=TYPES)
    except RpcError as error:
        assert error.kind in ErrorKind


@pytest.mark.parametrize(
    ("encoded", "expected"),
    [
        (
            rpc.encode_call("c1", "Authorize", {"idTag": "ABC"}),
            rpc.Frame(rpc.CALL, "c1", action="Authorize", payload={"idTag": "ABC"}),
        ),
        (
            rpc.encode_result("r1", {"status": "Accepted"}),
            rpc.Frame(rpc.CALLRESULT, "r1", payload={"status": "Accepted"}),
        ),
        (
            rpc.encode_error(RpcError(ErrorKind.TYPE, "bad", {"f": 1}, "e1"), OcppVersion.V201),
            rpc.Frame(
                rpc.CALLERROR,
                "e1",
                error_code="TypeConstraintViolation",
                error_description="bad",
                error_details={"f": 1},
            ),
        ),
    ],
)
def test_what_is_encoded_parses_back(encoded: str, expected: rpc.Frame) -> None:
    assert rpc.parse(encoded, allowed_types=TYPES) == expected


@pytest.mark.parametrize("version", list(OcppVersion))
def test_every_error_kind_has_a_code_in_every_version(version: OcppVersion) -> None:
    v16_only = {"FormationViolation", "OccurenceConstraintViolation"}
    v2_only = {"FormatViolation", "OccurrenceConstraintViolation", "RpcFrameworkError"}
    v2_only |= {"MessageTypeNotSupported"}
    codes = {rpc.error_code(kind, version) for kind in ErrorKind}
    assert not codes & (v2_only if version == OcppVersion.V16 else v16_only)


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ("[2,", ErrorKind.RPC_FRAMEWORK),
        ('[2,"a"]', ErrorKind.RPC_FRAMEWORK),
        ('[2,"","Heartbeat",{}]', ErrorKind.RPC_FRAMEWORK),
        ('[9,"a","Heartbeat",{}]', ErrorKind.MESSAGE_TYPE),
        ('[2,"a","Heartbeat",[]]', ErrorKind.FORMAT),
        ('[4,"a","GenericError"]', ErrorKind.RPC_FRAMEWORK),
    ],
)
def test_broken_frames_raise_the_kind_their_fault_names(raw: str, kind: ErrorKind) -> None:
    with pytest.raises(RpcError) as caught:
        rpc.parse(raw, allowed_types=TYPES)
    assert caught.value.kind is kind
