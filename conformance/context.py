"""What one running case holds: its configuration, its connection, what it sent and
received, the answers it gives, and the variables its steps remember."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass, field
from typing import Any

from conformance.connections import ChargerListener, CsmsTarget
from conformance.operators import Instruction, Operator
from conformance.payloads import PayloadError, build, substitute
from conformance.peer import Answer, Peer, Received
from conformance.plan import PlannedCase
from conformance.wire import WireLog
from ocppj.rpc import ErrorKind, RpcError
from ocppj.versions import OcppVersion

CSMS, CHARGER = "CSMS", "CS"  # which side is under test: the catalogues' "side" column


class StepFailed(AssertionError):
    """The system under test did not do what the step says."""


@dataclass
class RunConfig:
    """One plan run: the direction, the version, and the values cases refer to."""

    side: str  # CSMS: we are the station; CS: we are the test system
    version: OcppVersion
    station_id: str
    operator: Operator
    target: CsmsTarget | None = None
    listener: ChargerListener | None = None
    variables: dict[str, Any] = field(default_factory=dict)
    timeout: float = 30.0  # how long a step waits for the other side
    connectors: int = 1
    charger: Peer | None = None  # the charger's connection, kept from case to case


@dataclass
class CaseContext:
    config: RunConfig
    case: PlannedCase
    wire: WireLog = field(default_factory=WireLog)
    peer: Peer | None = None
    variables: dict[str, Any] = field(default_factory=dict)
    answers: dict[str, dict[str, str] | RpcError] = field(default_factory=dict)
    last_answer: Answer | None = None
    last_sent: tuple[str, dict[str, Any]] | None = None
    last_received: Received | None = None
    queued: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    credentials: tuple[str, str] | None = None
    _tx_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _violations_seen: int = 0

    def __post_init__(self) -> None:
        self.variables = {
            "station_id": self.config.station_id,
            "transaction_id": f"EVH-{uuid.uuid4().hex[:16]}",
            **self.config.variables,
            **self.variables,
        }

    @property
    def version(self) -> OcppVersion:
        return self.config.version

    @property
    def timeout(self) -> float:
        return self.config.timeout

    def connected(self) -> Peer:
        if self.peer is None or self.peer.closed:
            raise StepFailed("no connection: an earlier step must connect first")
        return self.peer

    def payload(
        self, action: str, *, response: bool, table: dict[str, str] | None = None
    ) -> dict[str, Any]:
        try:
            return build(
                self.version, action, response=response, fields=table, variables=self.variables
            )
        except (PayloadError, ValueError) as exc:
            raise StepFailed(f"{action}: {exc}") from None

    def value(self, text: str) -> Any:
        try:
            return substitute(text, self.variables)
        except PayloadError as exc:
            raise StepFailed(str(exc)) from None

    async def instruct(self, kind: str, action: str, params: dict[str, Any]) -> None:
        instruction = Instruction(
            self.case.id, kind, action, self.config.station_id, self.version, params
        )
        self.wire.note(f"operator: {instruction.text()}")
        await self.config.operator.perform(instruction)

    def new_violations(self) -> list[str]:
        if self.peer is None:
            return []
        fresh = self.peer.violations[self._violations_seen :]
        self._violations_seen = len(self.peer.violations)
        return fresh

    def answer(self, received: Received) -> dict[str, Any]:
        """The harness's answer to a CALL of the system under test: what the case set for the
        action, else the template, with the id-tag rules a CSMS applies when we are one."""
        chosen = self.answers.get(received.action)
        if isinstance(chosen, RpcError):
            raise chosen
        payload = self.payload(received.action, response=True, table=chosen)
        if self.config.side == CHARGER:
            self._as_csms(received, payload, explicit=chosen or {})
        return payload

    def _as_csms(
        self, received: Received, payload: dict[str, Any], explicit: dict[str, str]
    ) -> None:
        """Test-system answers that depend on the request: a fresh transaction id, and the
        status of the plan's invalid, blocked and expired tags."""
        request = received.payload
        tag = request.get("idTag") or (request.get("idToken") or {}).get("idToken")
        status = {
            self.variables.get("invalid_id_tag"): "Invalid",
            self.variables.get("blocked_id_tag"): "Blocked",
            self.variables.get("expired_id_tag"): "Expired",
        }.get(tag)
        if received.action == "StartTransaction" and "transactionId" not in explicit:
            payload["transactionId"] = next(self._tx_ids)
            self.variables["transactionId"] = payload["transactionId"]
        info = "idTagInfo" if self.version == OcppVersion.V16 else "idTokenInfo"
        if status and info in payload and f"{info}.status" not in explicit:
            payload[info]["status"] = status  # the same names in 1.6 and 2.x


def call_error(code: str) -> RpcError:
    """An RpcError that encodes as ``code`` in either version."""
    kinds = {
        "NotImplemented": ErrorKind.NOT_IMPLEMENTED,
        "NotSupported": ErrorKind.NOT_SUPPORTED,
        "InternalError": ErrorKind.INTERNAL,
        "ProtocolError": ErrorKind.PROTOCOL,
        "SecurityError": ErrorKind.SECURITY,
        "GenericError": ErrorKind.GENERIC,
        "FormationViolation": ErrorKind.FORMAT,
        "FormatViolation": ErrorKind.FORMAT,
    }
    if code not in kinds:
        raise StepFailed(f"unknown CALLERROR code {code!r} (known: {', '.join(kinds)})")
    return RpcError(kinds[code], f"{code} (set by the conformance case)")
