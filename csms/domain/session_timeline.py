"""From what a station reported to the timeline the pricing walks (pure, no I/O).

A station reports meter values as loose samples (register, power, current per phase, at
whatever instants it samples). Pricing needs one :class:`~csms.domain.pricing.MeteredInstant`
per instant: cumulative energy, power and current holding until the next instant, and
whether the EV charged in that stretch. The same function builds the timeline of a
running session (for its running cost) and of a finished one (for its CDR), so both give
the same price for the same data.

Rules, and why:

* Instants outside ``[start, end]`` are dropped; the start (``meter_start``) and, for a
  finished session, the end (``meter_stop``) are always on the timeline, so a session
  without meter values is priced on its start and stop registers alone.
* The register is made monotone (a glitch that goes back is held at the highest value
  seen): a meter cannot un-deliver energy, and pricing refuses decreasing energy.
* A stretch counts as charging when energy grows across it or the power at its start is
  above :data:`CHARGING_THRESHOLD_W`; otherwise it is parking (OCPI PARKING_TIME). This does
  not depend on the protocol version: 1.6 has no charging state, 2.x's arrives separately.
* Current is the sum over phases when only per-phase values are given (OCPI restrictions
  are on the total current).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from csms.domain.pricing import MeteredInstant

ENERGY_REGISTER = "Energy.Active.Import.Register"
POWER = "Power.Active.Import"
CURRENT = "Current.Import"
CHARGING_THRESHOLD_W = Decimal(50)  # below this an EV is considered idle (standby draw)


@dataclass(frozen=True, slots=True)
class Reading:
    """One stored sample value (normalised units: Wh, W, A)."""

    at: datetime
    measurand: str
    value: Decimal
    phase: str = ""


@dataclass(slots=True)
class _Instant:
    energy: Decimal | None = None
    power: Decimal | None = None
    current: Decimal | None = None
    phase_current: Decimal | None = None


def session_timeline(
    start: datetime,
    meter_start_wh: Decimal | None,
    readings: Iterable[Reading],
    *,
    end: datetime | None = None,
    meter_stop_wh: Decimal | None = None,
) -> list[MeteredInstant]:
    """The pricing timeline of a session started at ``start`` (and ended at ``end``, when
    it has). Never empty: at least the start instant."""
    instants: dict[datetime, _Instant] = {}
    for r in readings:
        if r.at < start or (end is not None and r.at > end):
            continue
        slot = instants.setdefault(r.at, _Instant())
        if r.measurand == ENERGY_REGISTER and not r.phase:
            slot.energy = r.value if slot.energy is None else max(slot.energy, r.value)
        elif r.measurand == POWER and not r.phase:
            slot.power = r.value
        elif r.measurand == CURRENT:
            if r.phase:
                slot.phase_current = (slot.phase_current or Decimal(0)) + r.value
            else:
                slot.current = r.value
    first = instants.setdefault(start, _Instant())
    if meter_start_wh is not None:
        first.energy = meter_start_wh
    if end is not None:
        last = instants.setdefault(end, _Instant())
        if meter_stop_wh is not None:
            last.energy = meter_stop_wh

    times = sorted(instants)
    energies: list[Decimal] = []
    running: Decimal | None = None
    for t in times:
        e = instants[t].energy
        if e is not None:
            running = e if running is None else max(running, e)
        energies.append(running if running is not None else Decimal(0))
    base = energies[0]
    # Before the first known register the energy is unknown: count from it, not from 0.
    if instants[times[0]].energy is None:
        known = next(
            (e for t, e in zip(times, energies, strict=True) if instants[t].energy is not None),
            None,
        )
        base = known if known is not None else Decimal(0)
        energies = [max(e, base) for e in energies]

    timeline: list[MeteredInstant] = []
    for i, t in enumerate(times):
        slot = instants[t]
        grows = i + 1 < len(times) and energies[i + 1] > energies[i]
        powered = slot.power is not None and slot.power > CHARGING_THRESHOLD_W
        current = slot.current if slot.current is not None else slot.phase_current
        timeline.append(
            MeteredInstant(
                at=t,
                energy_wh=energies[i],
                power_w=slot.power,
                current_a=current,
                charging=grows or powered,
            )
        )
    return timeline
