"""What a station reports to its fleet: each OCPP exchange with its latency and outcome,
and changes of state. The fleet's collector implements :class:`MetricsSink`; a station
alone uses :class:`NullMetrics`."""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol


class Outcome(StrEnum):
    OK = "ok"
    REJECTED = "rejected"  # answered, but the answer says no (boot Rejected, Invalid card)
    CALLERROR = "callerror"
    TIMEOUT = "timeout"
    DISCONNECTED = "disconnected"


class MetricsSink(Protocol):
    def exchange(self, action: str, seconds: float, outcome: Outcome, *, sent: bool) -> None:
        """One CALL and its answer; ``sent`` True for station-initiated, False for a CALL
        the CSMS made (``seconds`` is then the station's handling time)."""

    def state(self, name: str, delta: int) -> None:
        """A gauge moved: ``connected``, ``charging``, ``queued`` (offline messages)."""

    def event(self, name: str) -> None:
        """Something to count: ``reconnect``, ``fault:drop``, ``malformed_sent``..."""


class NullMetrics:
    def exchange(self, action: str, seconds: float, outcome: Outcome, *, sent: bool) -> None:
        pass

    def state(self, name: str, delta: int) -> None:
        pass

    def event(self, name: str) -> None:
        pass
