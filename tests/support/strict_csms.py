"""A strict OCPP-J referee: a minimal CSMS that checks every frame a station sends or receives.

It shares no code with ``csms/`` (fastjsonschema) nor with the `ocpp` library's routing and
validation: it is a plain ``websockets`` server and ``jsonschema`` over the official OCA JSON
schemas, which are only *read* from the `ocpp` package directory (the package is never
imported). Format checking is on, so ``date-time`` must be RFC 3339 with an offset or ``Z``
(rfc3339-validator) and ``uri`` must be an RFC 3986 URI (rfc3986-validator).

Checked in both directions, per connection:

* OCPP-J structure: a text frame holding a JSON array (no NaN/Infinity, no duplicate keys),
  a known message type, a message id that is a string of 1..36 characters, unique per
  direction; CALLRESULT/CALLERROR only for the id of the CALL outstanding in the other
  direction; CALLERROR codes from the version's list.
* CALLs: the action exists in the version and may be sent in that direction (a station
  must not send CSMS-initiated actions); the payload validates against the request schema;
  the station sends nothing before BootNotification on a connection; at most one CALL from
  the station is unanswered at a time (OCPP-J 4.1.1).
* Answers: validated against the response schema, including the referee's own.

Use::

    async with StrictCsms(versions=("1.6", "2.0.1", "2.1")) as referee:
        station = Station(spec, referee.url)
        await referee.connected("CP1")
        answer = await referee.call("CP1", "GetConfiguration", {})
        assert referee.violations == []
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import itertools
import json
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jsonschema
from jsonschema.validators import validator_for
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed, NegotiationError
from websockets.http11 import Request, Response

Payload = dict[str, Any]
Answer = Payload | Callable[[str, Payload], Payload]

SUBPROTOCOL = {"1.6": "ocpp1.6", "2.0.1": "ocpp2.0.1", "2.1": "ocpp2.1"}
_VERSION_OF = {v: k for k, v in SUBPROTOCOL.items()}
_SCHEMA_DIR = {"1.6": "v16", "2.0.1": "v201", "2.1": "v21"}
PATH_PREFIX = "/ocpp/"
MAX_ID_LENGTH = 36  # OCPP-J: the message id is at most 36 characters

CALL, CALLRESULT, CALLERROR, CALLRESULTERROR, SEND = 2, 3, 4, 5, 6

ERROR_CODES_16 = frozenset(
    {
        "NotImplemented",
        "NotSupported",
        "InternalError",
        "ProtocolError",
        "SecurityError",
        "FormationViolation",
        "PropertyConstraintViolation",
        "OccurenceConstraintViolation",  # sic: the 1.6 spelling
        "TypeConstraintViolation",
        "GenericError",
    }
)
ERROR_CODES_2X = frozenset(
    {
        "FormatViolation",
        "GenericError",
        "InternalError",
        "MessageTypeNotSupported",
        "NotImplemented",
        "NotSupported",
        "OccurrenceConstraintViolation",
        "PropertyConstraintViolation",
        "ProtocolError",
        "RpcFrameworkError",
        "SecurityError",
        "TypeConstraintViolation",
    }
)
ERROR_CODES = {"1.6": ERROR_CODES_16, "2.0.1": ERROR_CODES_2X, "2.1": ERROR_CODES_2X}

# Actions a station initiates, per version (from the specifications' message lists). Every
# other action with a schema is CSMS-initiated; DataTransfer goes both ways.
_STATION_16 = frozenset(
    {
        "Authorize",
        "BootNotification",
        "DataTransfer",
        "DiagnosticsStatusNotification",
        "FirmwareStatusNotification",
        "Heartbeat",
        "MeterValues",
        "StartTransaction",
        "StatusNotification",
        "StopTransaction",
        # Security extension (1.6 edition 2 whitepaper)
        "LogStatusNotification",
        "SecurityEventNotification",
        "SignCertificate",
        "SignedFirmwareStatusNotification",
    }
)
_STATION_201 = frozenset(
    {
        "Authorize",
        "BootNotification",
        "ClearedChargingLimit",
        "DataTransfer",
        "FirmwareStatusNotification",
        "Get15118EVCertificate",
        "GetCertificateStatus",
        "Heartbeat",
        "LogStatusNotification",
        "MeterValues",
        "NotifyChargingLimit",
        "NotifyCustomerInformation",
        "NotifyDisplayMessages",
        "NotifyEVChargingNeeds",
        "NotifyEVChargingSchedule",
        "NotifyEvent",
        "NotifyMonitoringReport",
        "NotifyReport",
        "PublishFirmwareStatusNotification",
        "ReportChargingProfiles",
        "ReservationStatusUpdate",
        "SecurityEventNotification",
        "SignCertificate",
        "StatusNotification",
        "TransactionEvent",
    }
)
_STATION_21 = _STATION_201 | {
    "BatterySwap",
    "ClosePeriodicEventStream",
    "GetCertificateChainStatus",
    "NotifyDERAlarm",
    "NotifyDERStartStop",
    "NotifyPriorityCharging",
    "NotifySettlement",
    "OpenPeriodicEventStream",
    "PullDynamicScheduleUpdate",
    "ReportDERControl",
    "VatNumberValidation",
}
STATION_INITIATED = {"1.6": _STATION_16, "2.0.1": _STATION_201, "2.1": _STATION_21}
BOTH_WAYS = frozenset({"DataTransfer"})
SEND_ACTIONS_21 = frozenset({"NotifyPeriodicEventStream"})  # 2.1 SEND frames: no answer


class StationCallError(Exception):
    """The station answered the referee's CALL with a CALLERROR."""

    def __init__(self, code: str, description: str, details: Any) -> None:
        super().__init__(f"{code}: {description}")
        self.code = code
        self.description = description
        self.details = details


class _BadFrame(Exception):
    """A frame that is not OCPP-J: recorded, and answered with a CALLERROR when possible."""

    def __init__(self, message: str, message_id: str | None = None, code: str = "") -> None:
        super().__init__(message)
        self.message_id = message_id
        self.code = code


# -- schemas ---------------------------------------------------------------------------------


def schema_dir(version: str) -> Path:
    """The directory of the official JSON schemas of ``version`` inside the ocpp package.

    ``find_spec`` locates the package without importing (running) any of its code."""
    spec = importlib.util.find_spec("ocpp")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the ocpp package (which ships the OCA schemas) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / _SCHEMA_DIR[version] / "schemas"


def _schema_file(version: str, action: str, response: bool) -> Path:
    if response:
        return schema_dir(version) / f"{action}Response.json"
    suffix = "" if version == "1.6" else "Request"
    return schema_dir(version) / f"{action}{suffix}.json"


@cache
def actions(version: str) -> frozenset[str]:
    """Every action of ``version`` that has a request schema."""
    names = set()
    for path in schema_dir(version).glob("*.json"):
        stem = path.stem
        if stem.endswith("Response"):
            continue
        names.add(stem.removesuffix("Request") if version != "1.6" else stem)
    return frozenset(names)


def csms_initiated(version: str) -> frozenset[str]:
    """Actions the CSMS may send to a station in ``version``."""
    known = actions(version) - SEND_ACTIONS_21
    return (known - STATION_INITIATED[version]) | (BOTH_WAYS & known)


@cache
def schema(version: str, action: str, response: bool = False) -> dict[str, Any]:
    """The official JSON schema of ``action`` (its request, or its response).

    Numbers are Decimals: ``multipleOf: 0.1`` (1.6 charging limits) is only decidable in
    decimal; in binary floating point 95.6 is not a multiple of 0.1."""
    with _schema_file(version, action, response).open(encoding="utf-8") as f:
        return json.load(f, parse_float=Decimal)


def _is_integer(checker: Any, instance: Any) -> bool:
    # Draft 6 counts 1.0 as an integer; jsonschema only knows that of floats.
    if isinstance(instance, Decimal):
        return instance.is_finite() and instance == instance.to_integral_value()
    return _DRAFT6_INTEGER(checker, instance)


_DRAFT6_INTEGER = jsonschema.Draft6Validator.TYPE_CHECKER._type_checkers["integer"]


@cache
def _validator(version: str, action: str, response: bool) -> Any:
    document = schema(version, action, response)
    cls = validator_for(document)  # draft-04 for 1.6, draft-06 for 2.x, as each file declares
    cls.check_schema(document)
    if cls is jsonschema.Draft6Validator:
        types = cls.TYPE_CHECKER.redefine("integer", _is_integer)
        cls = jsonschema.validators.extend(cls, type_checker=types)
    return cls(document, format_checker=cls.FORMAT_CHECKER)


def _exact(value: Any) -> Any:
    """Floats as the Decimals their JSON text denotes (what the wire carries)."""
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, dict):
        return {k: _exact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_exact(v) for v in value]
    return value


def schema_errors(version: str, action: str, payload: Any, *, response: bool) -> list[str]:
    """Every violation of the request (or response) schema, as 'path: message' lines.

    Frames the referee decodes carry Decimals already; payloads built in Python (the
    referee's own) are converted the same way."""
    errors = _validator(version, action, response).iter_errors(_exact(payload))
    out = []
    for error in sorted(errors, key=lambda e: [str(p) for p in e.absolute_path]):
        where = "/".join(str(p) for p in error.absolute_path) or "(payload)"
        out.append(f"{where}: {error.message}")
    return out


def _check_formats_available() -> None:
    """Without rfc3339-validator jsonschema silently skips date-time: refuse to run blind."""
    checker = jsonschema.Draft4Validator.FORMAT_CHECKER
    if checker.conforms("2024-01-01T00:00:00", "date-time"):
        raise RuntimeError("date-time is not checked: install rfc3339-validator (test extra)")
    if checker.conforms("not a uri", "uri"):
        raise RuntimeError("uri is not checked: install rfc3986-validator (test extra)")


# -- minimal answers --------------------------------------------------------------------------


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def minimal(version: str, action: str, *, response: bool = True) -> Payload:
    """The smallest payload the schema accepts: required properties only, 'Accepted' or the
    first value of an enum, the current time for a date-time."""
    root = schema(version, action, response)

    def build(node: dict[str, Any]) -> Any:
        if "$ref" in node:
            ref = node["$ref"]
            target: Any = root
            for part in ref.removeprefix("#/").split("/"):
                target = target[part]
            return build(target)
        if "enum" in node:
            return "Accepted" if "Accepted" in node["enum"] else node["enum"][0]
        kind = node.get("type", "object")
        if isinstance(kind, list):
            kind = kind[0]
        if kind == "object":
            props = node.get("properties", {})
            return {name: build(props[name]) for name in node.get("required", [])}
        if kind == "array":
            return [build(node.get("items", {})) for _ in range(node.get("minItems", 0))]
        if kind == "string":
            if node.get("format") == "date-time":
                return _now()
            if node.get("format") == "uri":
                return "http://127.0.0.1/"
            return "x" * node.get("minLength", 0)
        if kind == "integer":
            return int(max(0, node.get("minimum", 0)))
        if kind == "number":
            return float(max(0, node.get("minimum", 0)))
        if kind == "boolean":
            return False
        return None

    return build(root)


class MinimalAnswers:
    """The referee's answers to the station's CALLs: a small table of the ones that matter,
    the schema's minimal payload for the rest."""

    def __init__(self) -> None:
        self._transaction_ids = itertools.count(1)

    def __call__(self, version: str, action: str, payload: Payload) -> Payload:
        accepted = {"status": "Accepted"}
        if action == "BootNotification":
            return {"status": "Accepted", "currentTime": _now(), "interval": 300}
        if action == "Heartbeat":
            return {"currentTime": _now()}
        if version == "1.6":
            if action == "Authorize":
                return {"idTagInfo": accepted}
            if action == "StartTransaction":
                return {"transactionId": next(self._transaction_ids), "idTagInfo": accepted}
            if action == "StopTransaction":
                return {"idTagInfo": accepted} if "idTag" in payload else {}
        else:
            if action == "Authorize":
                return {"idTokenInfo": accepted}
            if action == "TransactionEvent":
                return {"idTokenInfo": accepted} if "idToken" in payload else {}
        return minimal(version, action)


# -- the referee ------------------------------------------------------------------------------


@dataclass
class Exchange:
    """One CALL seen by the referee, with its answer once there is one."""

    station_id: str
    direction: str  # "station" (station -> referee) or "csms" (referee -> station)
    action: str
    payload: Any
    answer: Any = None
    error: str | None = None


@dataclass
class _Session:
    station_id: str
    version: str
    ws: ServerConnection
    booted: bool = False
    ids_in: set[str] = field(default_factory=set)  # the station's CALL ids
    unanswered: dict[str, str] = field(default_factory=dict)  # station CALL id -> action
    waiting: tuple[str, str, asyncio.Future[list[Any]]] | None = None  # id, action, answer
    outgoing: asyncio.Lock = field(default_factory=asyncio.Lock)
    answers: list[asyncio.Task[None]] = field(default_factory=list)


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        dup = sorted({k for k in keys if keys.count(k) > 1})
        raise ValueError(f"duplicate keys {dup}")
    return dict(pairs)


def _decode(raw: str | bytes) -> Any:
    if isinstance(raw, bytes):
        raise _BadFrame("binary frame: OCPP-J frames are text")
    try:
        return json.loads(
            raw,
            parse_float=Decimal,
            parse_constant=_no_constants,
            object_pairs_hook=_no_duplicates,
        )
    except ValueError as error:
        raise _BadFrame(f"not JSON: {error}") from None


class StrictCsms:
    """A referee CSMS on 127.0.0.1 (``url``: ws://127.0.0.1:PORT/ocpp; stations connect to
    ``{url}/{station_id}``). It answers every station CALL with a minimal valid payload and
    records every rule broken in ``violations``; ``call`` sends CSMS-initiated CALLs.

    ``answer_delay`` holds each answer back a little, so a station that pipelines a second
    CALL before reading the first answer is caught (the second arrives while the first is
    provably unanswered). ``answers`` overrides the answer to an action: a payload, or a
    function of (station id, request payload)."""

    def __init__(
        self,
        versions: Iterable[str] = ("1.6", "2.0.1", "2.1"),
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        answer_delay: float = 0.01,
        call_timeout: float = 10.0,
        answers: dict[str, Answer] | None = None,
    ) -> None:
        self.versions = tuple(versions)
        unknown = set(self.versions) - set(SUBPROTOCOL)
        if unknown:
            raise ValueError(f"unknown OCPP versions {sorted(unknown)}")
        self.host, self.port = host, port
        self.answer_delay = answer_delay
        self.call_timeout = call_timeout
        self.answers: dict[str, Answer] = dict(answers or {})
        self.violations: list[str] = []
        self.frames: Counter[str] = Counter()  # CALLs per action, both directions
        self.log: list[Exchange] = []
        self._sessions: dict[str, _Session] = {}
        self._changed = asyncio.Condition()
        self._default_answers = MinimalAnswers()
        self._server: Server | None = None
        self._tasks: set[asyncio.Task[Any]] = set()

    # -- life cycle ------------------------------------------------------------------------------

    async def __aenter__(self) -> StrictCsms:
        _check_formats_available()
        self._server = await serve(
            self._serve,
            self.host,
            self.port,
            subprotocols=[SUBPROTOCOL[v] for v in self.versions],  # type: ignore[misc]  # str, not Subprotocol
            select_subprotocol=self._select_subprotocol,
            process_request=self._process_request,
            ping_interval=None,
        )
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()

    @property
    def url(self) -> str:
        """The OCPP endpoint; a station connects to ``{url}/{station_id}``."""
        return f"ws://{self.host}:{self.port}{PATH_PREFIX.rstrip('/')}"

    def version_of(self, station_id: str) -> str:
        """The OCPP version the station's current connection negotiated."""
        return self._session(station_id).version

    async def connected(self, station_id: str, timeout: float = 10.0) -> None:
        """Wait until ``station_id`` is connected (and its subprotocol negotiated)."""
        async with asyncio.timeout(timeout), self._changed:
            await self._changed.wait_for(lambda: station_id in self._sessions)

    async def wait_for(
        self,
        station_id: str,
        action: str,
        *,
        since: int = 0,
        direction: str = "station",
        predicate: Callable[[Any], bool] | None = None,
        timeout: float = 10.0,
    ) -> Exchange:
        """The first CALL ``action`` of ``station_id`` logged at index ``since`` or later
        (``len(referee.log)`` taken before the trigger) whose payload matches ``predicate``."""

        def found() -> Exchange | None:
            for item in self.log[since:]:
                if (
                    item.station_id == station_id
                    and item.action == action
                    and item.direction == direction
                    and (predicate is None or predicate(item.payload))
                ):
                    return item
            return None

        async with asyncio.timeout(timeout), self._changed:
            await self._changed.wait_for(lambda: found() is not None)
        hit = found()
        assert hit is not None
        return hit

    def _session(self, station_id: str) -> _Session:
        try:
            return self._sessions[station_id]
        except KeyError:
            raise ConnectionError(f"{station_id} is not connected") from None

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    def _violation(self, station_id: str, direction: str, action: str, message: str) -> None:
        self.violations.append(f"{station_id} {direction} {action or '-'}: {message}")

    # -- handshake -------------------------------------------------------------------------------

    def _process_request(self, connection: ServerConnection, request: Request) -> Response | None:
        path = request.path.split("?", 1)[0]
        if not path.startswith(PATH_PREFIX) or not path[len(PATH_PREFIX) :].strip("/"):
            self._violation(path, "station->csms", "handshake", f"bad path {request.path!r}")
            return connection.respond(404, "OCPP endpoint is /ocpp/{station id}\n")
        return None

    def _select_subprotocol(self, connection: ServerConnection, offered: list[str]) -> str | None:
        for name in offered:  # the station's order of preference
            version = _VERSION_OF.get(name)
            if version in self.versions:
                return name
        path = connection.request.path if connection.request else "?"
        self._violation(
            path, "station->csms", "handshake", f"no supported subprotocol in {offered!r}"
        )
        # OCPP-J: no agreed subprotocol, no connection (websockets answers HTTP 400).
        raise NegotiationError(f"none of {offered!r} is supported")

    # -- serving a station -----------------------------------------------------------------------

    async def _serve(self, ws: ServerConnection) -> None:
        assert ws.request is not None
        station_id = unquote(ws.request.path.split("?", 1)[0][len(PATH_PREFIX) :].strip("/"))
        version = _VERSION_OF.get(ws.subprotocol or "")
        if version is None:
            await ws.close(1002, "an OCPP subprotocol is required")
            return
        session = _Session(station_id, version, ws)
        previous = self._sessions.get(station_id)
        if previous is not None:
            # A reconnect while the old socket lingers: the new one wins, as in a real CSMS.
            await previous.ws.close(1000, "replaced by a new connection")
        self._sessions[station_id] = session
        await self._notify()
        try:
            async for raw in ws:
                self._on_frame(session, raw)
        except ConnectionClosed:
            pass
        finally:
            if self._sessions.get(station_id) is session:
                del self._sessions[station_id]
            if session.waiting is not None and not session.waiting[2].done():
                session.waiting[2].set_exception(ConnectionError(f"{station_id} disconnected"))
            for task in session.answers:
                task.cancel()
            await self._notify()

    def _on_frame(self, session: _Session, raw: str | bytes) -> None:
        sid, version = session.station_id, session.version
        try:
            frame = _decode(raw)
            if not isinstance(frame, list) or not frame:
                raise _BadFrame(f"not a non-empty JSON array: {str(raw)[:80]!r}")
            kind = frame[0]
            allowed = {CALL, CALLRESULT, CALLERROR}
            if version == "2.1":
                allowed |= {CALLRESULTERROR, SEND}
            if type(kind) is not int or kind not in allowed:
                raise _BadFrame(f"message type {kind!r} is not one of {sorted(allowed)}")
            if kind in (CALL, SEND):
                self._on_call(session, frame)
            else:
                self._on_answer(session, frame)
        except _BadFrame as bad:
            self._violation(sid, "station->csms", "frame", str(bad))
            if bad.message_id is not None:
                code = bad.code or ("FormationViolation" if version == "1.6" else "FormatViolation")
                self._send_later(session, [CALLERROR, bad.message_id, code, str(bad)[:255], {}])

    def _check_id(self, frame: list[Any]) -> str:
        message_id = frame[1] if len(frame) > 1 else None
        if not isinstance(message_id, str) or not 1 <= len(message_id) <= MAX_ID_LENGTH:
            raise _BadFrame(f"message id {message_id!r} is not a string of 1..36 characters")
        return message_id

    def _on_call(self, session: _Session, frame: list[Any]) -> None:
        sid, version = session.station_id, session.version
        message_id = self._check_id(frame)
        if len(frame) != 4 or not isinstance(frame[2], str) or not isinstance(frame[3], dict):
            raise _BadFrame(
                f"a CALL is [2, id, action, {{payload}}], got {json.dumps(frame)[:120]}",
                message_id,
            )
        action, payload = frame[2], frame[3]
        self.frames[action] += 1
        self.log.append(Exchange(sid, "station", action, payload))
        self._spawn(self._notify())
        where = f"{action} [{message_id}]"
        if message_id in session.ids_in:
            self._violation(sid, "station->csms", where, "message id reused on this connection")
        session.ids_in.add(message_id)
        if frame[0] == SEND:
            # A SEND (2.1) gets no answer and leaves no CALL outstanding.
            if action not in SEND_ACTIONS_21:
                self._violation(sid, "station->csms", where, "not an action sent as SEND")
                return
            for error in schema_errors(version, action, payload, response=False):
                self._violation(sid, "station->csms", where, error)
            return
        if session.unanswered:
            pending = ", ".join(f"{a} [{i}]" for i, a in session.unanswered.items())
            self._violation(
                sid,
                "station->csms",
                where,
                f"CALL sent while {pending} was unanswered (OCPP-J: one CALL at a time)",
            )
        if action in SEND_ACTIONS_21:
            self._violation(sid, "station->csms", where, "sent as a CALL: it is a SEND message")
            self._reply_error(session, message_id, action, "MessageTypeNotSupported", "a SEND")
            return
        if action not in actions(version):
            self._violation(sid, "station->csms", where, f"unknown action in OCPP {version}")
            self._reply_error(session, message_id, action, "NotImplemented", "unknown action")
            return
        if action not in STATION_INITIATED[version]:
            self._violation(
                sid, "station->csms", where, "a CSMS-initiated action sent by the station"
            )
            self._reply_error(session, message_id, action, "NotSupported", "CSMS-only action")
            return
        if not session.booted and action != "BootNotification":
            self._violation(sid, "station->csms", where, "sent before BootNotification")
        errors = schema_errors(version, action, payload, response=False)
        for error in errors:
            self._violation(sid, "station->csms", where, error)
        if errors:
            code = "FormationViolation" if version == "1.6" else "FormatViolation"
            self._reply_error(session, message_id, action, code, "; ".join(errors))
            return
        answer = self._answer(session, action, payload)
        self.log[-1].answer = answer
        if action == "BootNotification" and answer.get("status") == "Accepted":
            session.booted = True
        session.unanswered[message_id] = action
        self._send_later(session, [CALLRESULT, message_id, answer], message_id)

    def _answer(self, session: _Session, action: str, payload: Payload) -> Payload:
        override = self.answers.get(action)
        if override is None:
            answer = self._default_answers(session.version, action, payload)
        elif callable(override):
            answer = override(session.station_id, payload)
        else:
            answer = override
        # The referee must never be the one breaking the schema.
        for error in schema_errors(session.version, action, answer, response=True):
            self._violation(session.station_id, "referee", f"{action} answer", error)
        return answer

    def _reply_error(
        self, session: _Session, message_id: str, action: str, code: str, text: str
    ) -> None:
        session.unanswered[message_id] = action
        self._send_later(session, [CALLERROR, message_id, code, text[:255], {}], message_id)

    def _send_later(self, session: _Session, frame: list[Any], answered: str | None = None) -> None:
        async def send() -> None:
            await asyncio.sleep(self.answer_delay)
            # Marked answered before the bytes go out: a CALL the station sends after
            # reading this answer must never look like a pipelined one.
            if answered is not None:
                session.unanswered.pop(answered, None)
            with contextlib.suppress(ConnectionClosed):
                await session.ws.send(json.dumps(frame))

        task = asyncio.ensure_future(send())
        session.answers.append(task)
        task.add_done_callback(session.answers.remove)

    def _spawn(self, coro: Any) -> None:
        # Held until done: the event loop keeps only weak references to tasks.
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _on_answer(self, session: _Session, frame: list[Any]) -> None:
        sid, version = session.station_id, session.version
        message_id = self._check_id(frame)
        waiting = session.waiting
        action = waiting[1] if waiting is not None and waiting[0] == message_id else ""
        kind = frame[0]
        if kind == CALLRESULT:
            if len(frame) != 3 or not isinstance(frame[2], dict):
                raise _BadFrame(f"a CALLRESULT is [3, id, {{payload}}], got {frame!r:.120}")
        elif kind in (CALLERROR, CALLRESULTERROR):
            name = "CALLERROR" if kind == CALLERROR else "CALLRESULTERROR"
            if (
                len(frame) != 5
                or not isinstance(frame[2], str)
                or not isinstance(frame[3], str)
                or not isinstance(frame[4], dict)
            ):
                raise _BadFrame(
                    f"a {name} is [{kind}, id, code, description, {{}}]: {frame!r:.120}"
                )
            if frame[2] not in ERROR_CODES[version]:
                self._violation(sid, "station->csms", action, f"unknown error code {frame[2]!r}")
            if kind == CALLRESULTERROR:
                self._violation(
                    sid, "station->csms", action, f"the station rejected a CALLRESULT: {frame[2:]}"
                )
                return
        if not action:
            self._violation(
                sid, "station->csms", "answer", f"answer to id {message_id!r}, not outstanding"
            )
            return
        assert waiting is not None
        if kind == CALLRESULT:
            for error in schema_errors(version, action, frame[2], response=True):
                self._violation(sid, "station->csms", f"{action} answer", error)
        if not waiting[2].done():
            waiting[2].set_result(frame)

    # -- CSMS-initiated CALLs --------------------------------------------------------------------

    async def call(
        self, station_id: str, action: str, payload: Payload, *, timeout: float | None = None
    ) -> Payload:
        """Send ``action`` to a connected station and return its CALLRESULT payload.

        The request must be valid (ValueError otherwise: the referee never sends a bad frame);
        the answer is checked and any violation recorded. Raises StationCallError on a
        CALLERROR, TimeoutError (recorded as a violation) without an answer."""
        session = self._session(station_id)
        version = session.version
        if action not in csms_initiated(version):
            raise ValueError(f"{action} is not a CSMS-initiated action of OCPP {version}")
        errors = schema_errors(version, action, payload, response=False)
        if errors:
            raise ValueError(f"invalid {action} request: {errors}")
        self.frames[action] += 1
        record = Exchange(station_id, "csms", action, payload)
        self.log.append(record)
        async with session.outgoing:  # the referee keeps one CALL outstanding too
            message_id = str(uuid.uuid4())
            future: asyncio.Future[list[Any]] = asyncio.get_running_loop().create_future()
            # A disconnect may fail it after the caller gave up: never "exception not retrieved".
            future.add_done_callback(lambda f: f.cancelled() or f.exception())
            session.waiting = (message_id, action, future)
            try:
                await session.ws.send(json.dumps([CALL, message_id, action, payload]))
                frame = await asyncio.wait_for(future, timeout or self.call_timeout)
            except TimeoutError:
                self._violation(station_id, "station->csms", action, "no answer")
                raise
            except ConnectionClosed as closed:
                raise ConnectionError(f"{station_id} disconnected") from closed
            finally:
                session.waiting = None
        await self._notify()
        if frame[0] == CALLERROR:
            record.error = frame[2]
            raise StationCallError(frame[2], frame[3], frame[4])
        record.answer = frame[2]
        return frame[2]
