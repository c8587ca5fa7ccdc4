"""Faults a station can be told to show, per station or for a share of a fleet.

Every interval is in simulated seconds and jittered by the station's seeded generator, so a
run is reproducible. The station engine applies the plan; the fleet file decides who gets
which plan (``faults:`` with a ``share``).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class FaultPlan:
    drop_every_s: float | None = None  # close the WebSocket abruptly (no close frame)
    outage_s: float = 0.0  # and stay off the network this long before reconnecting
    answer_delay_s: float = 0.0  # answer CSMS calls this late
    never_answer: frozenset[str] = field(default_factory=frozenset)  # CSMS actions left hanging
    callerror_on: frozenset[str] = field(default_factory=frozenset)  # answered InternalError
    malformed_every_s: float | None = None  # send a frame that is not valid OCPP-J
    faulted_every_s: float | None = None  # an EVSE goes Faulted for a while, then recovers
    meter_glitch_every_s: float | None = None  # a power spike or a frozen register

    @property
    def active(self) -> bool:
        return self != NO_FAULTS


NO_FAULTS = FaultPlan()
