"""OCPP-J RPC framing for 1.6, 2.0.1 and 2.1: parse frames, raise and encode CALLERRORs.

Error codes are chosen by meaning (``RpcError.kind``) and spelled per version on the wire:
1.6 keeps its historic spellings (FormationViolation, OccurenceConstraintViolation) and has
no RpcFrameworkError or MessageTypeNotSupported.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

import orjson

from ocppj.versions import OcppVersion

CALL, CALLRESULT, CALLERROR, CALLRESULTERROR, SEND = 2, 3, 4, 5, 6
UNKNOWN_ID = "-1"  # message id of a CALLERROR whose offending message id could not be read
MAX_ID_LEN = 36


class ErrorKind(Enum):
    FORMAT = "format"
    RPC_FRAMEWORK = "rpc_framework"
    MESSAGE_TYPE = "message_type"
    NOT_IMPLEMENTED = "not_implemented"
    NOT_SUPPORTED = "not_supported"
    OCCURRENCE = "occurrence"
    PROPERTY = "property"
    TYPE = "type"
    PROTOCOL = "protocol"
    SECURITY = "security"
    INTERNAL = "internal"
    GENERIC = "generic"


_V2_CODES = {
    ErrorKind.FORMAT: "FormatViolation",
    ErrorKind.RPC_FRAMEWORK: "RpcFrameworkError",
    ErrorKind.MESSAGE_TYPE: "MessageTypeNotSupported",
    ErrorKind.NOT_IMPLEMENTED: "NotImplemented",
    ErrorKind.NOT_SUPPORTED: "NotSupported",
    ErrorKind.OCCURRENCE: "OccurrenceConstraintViolation",
    ErrorKind.PROPERTY: "PropertyConstraintViolation",
    ErrorKind.TYPE: "TypeConstraintViolation",
    ErrorKind.PROTOCOL: "ProtocolError",
    ErrorKind.SECURITY: "SecurityError",
    ErrorKind.INTERNAL: "InternalError",
    ErrorKind.GENERIC: "GenericError",
}
_V16_CODES = {
    **_V2_CODES,
    ErrorKind.FORMAT: "FormationViolation",
    ErrorKind.RPC_FRAMEWORK: "FormationViolation",
    ErrorKind.MESSAGE_TYPE: "FormationViolation",
    ErrorKind.OCCURRENCE: "OccurenceConstraintViolation",
}


def error_code(kind: ErrorKind, version: OcppVersion) -> str:
    """The wire spelling of ``kind`` in OCPP ``version``."""
    return (_V16_CODES if version == OcppVersion.V16 else _V2_CODES)[kind]


class RpcError(Exception):
    """Raised anywhere under a CALL handler; answered as a CALLERROR."""

    def __init__(
        self,
        kind: ErrorKind,
        description: str,
        details: dict[str, Any] | None = None,
        message_id: str = UNKNOWN_ID,
    ):
        super().__init__(description)
        self.kind = kind
        self.description = description[:255]
        self.details = details or {}
        self.message_id = message_id


@dataclass(slots=True)
class Frame:
    type_id: int
    message_id: str
    action: str | None = None
    payload: Any = None
    error_code: str | None = None
    error_description: str | None = None
    error_details: Any = None


def parse(raw: str | bytes, *, allowed_types: frozenset[int]) -> Frame:
    """Parse one WebSocket text message into a Frame, or raise RpcError."""
    try:
        msg = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise RpcError(ErrorKind.RPC_FRAMEWORK, f"message is not valid JSON: {exc}") from None
    if not isinstance(msg, list) or len(msg) < 3:
        raise RpcError(ErrorKind.RPC_FRAMEWORK, "message is not a JSON array of 3 or more elements")
    type_id, message_id = msg[0], msg[1]
    if not isinstance(message_id, str) or not message_id or len(message_id) > MAX_ID_LEN:
        raise RpcError(ErrorKind.RPC_FRAMEWORK, "MessageId is not a string of 1 to 36 characters")
    if type(type_id) is not int or type_id not in allowed_types:
        raise RpcError(
            ErrorKind.MESSAGE_TYPE,
            f"MessageTypeId {type_id!r} is not supported",
            message_id=message_id,
        )
    if type_id in (CALL, SEND):
        if len(msg) != 4 or not isinstance(msg[2], str):
            raise RpcError(
                ErrorKind.RPC_FRAMEWORK,
                "a CALL is [2, MessageId, Action, Payload]",
                message_id=message_id,
            )
        if not isinstance(msg[3], dict):
            raise RpcError(
                ErrorKind.FORMAT, "the payload must be a JSON object", message_id=message_id
            )
        return Frame(type_id, message_id, action=msg[2], payload=msg[3])
    if type_id == CALLRESULT:
        return Frame(type_id, message_id, payload=msg[2])
    if len(msg) < 4:
        raise RpcError(ErrorKind.RPC_FRAMEWORK, "a CALLERROR has 5 elements", message_id=message_id)
    details = msg[4] if len(msg) > 4 else {}
    return Frame(
        type_id,
        message_id,
        error_code=str(msg[2]),
        error_description=str(msg[3]),
        error_details=details,
    )


def encode_call(message_id: str, action: str, payload: dict[str, Any]) -> str:
    return orjson.dumps([CALL, message_id, action, payload]).decode()


def encode_result(message_id: str, payload: dict[str, Any]) -> str:
    return orjson.dumps([CALLRESULT, message_id, payload]).decode()


def encode_error(error: RpcError, version: OcppVersion) -> str:
    return orjson.dumps(
        [
            CALLERROR,
            error.message_id,
            error_code(error.kind, version),
            error.description,
            error.details,
        ]
    ).decode()
