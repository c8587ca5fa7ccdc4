"""Charging physics shared by every station model and OCPP version: an electric vehicle
with a charging curve, and an EVSE that integrates power into the EV's battery and into an
energy register, and reads like a meter.

Pure and deterministic: no clock, no I/O. Time moves only through :meth:`Evse.advance`;
noise comes only from the ``random.Random`` the EVSE is given.
"""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import dataclass
from typing import Literal

from simulator.rng import SmallRandom

Curve = tuple[tuple[float, float], ...]

# AC is limited by the on-board charger, which holds its power almost to the top.
AC_CURVE: Curve = ((0.0, 1.0), (0.8, 1.0), (0.95, 0.45), (1.0, 0.1))
# DC is limited by the battery itself: a short ramp, a plateau, then an early, steep taper.
DC_CURVE: Curve = ((0.0, 0.85), (0.1, 1.0), (0.5, 1.0), (0.8, 0.45), (0.9, 0.25), (1.0, 0.05))

NOMINAL_PHASE_VOLTAGE_V = 230.0
MAX_STEP_S = 60.0  # longer advances are split so the power follows the taper
VOLTAGE_NOISE = 0.01  # +-1 %
POWER_NOISE = 0.005  # readings show up to 0.5 % less than the true power, never more
PHASE_IMBALANCE = 0.02  # +-2 % between the phases of one reading
SPIKE_FACTOR = 25.0  # a spiked reading shows this many times the station's maximum

GlitchKind = Literal["spike", "freeze"]


def interpolate(curve: Curve, soc: float) -> float:
    """Fraction of maximum power at ``soc`` on a piecewise-linear ``curve``; flat outside it."""
    if soc <= curve[0][0]:
        return curve[0][1]
    for (s0, f0), (s1, f1) in itertools.pairwise(curve):
        if soc <= s1:
            return f0 + (f1 - f0) * (soc - s0) / (s1 - s0)
    return curve[-1][1]


def _check_curve(name: str, curve: Curve) -> None:
    if len(curve) < 2:
        raise ValueError(f"EV model {name!r}: a curve needs at least two points")
    socs = [s for s, _ in curve]
    if any(b <= a for a, b in itertools.pairwise(socs)):
        raise ValueError(f"EV model {name!r}: curve points must have increasing soc")
    if socs[0] < 0 or socs[-1] > 1 or any(not 0 <= f <= 1 for _, f in curve):
        raise ValueError(f"EV model {name!r}: curve points must lie in [0, 1] x [0, 1]")


@dataclass(frozen=True)
class EvModel:
    """A vehicle type. Powers in kW; a ``max_dc_kw`` of 0 means no DC inlet (plug-in
    hybrids). ``curve`` shapes AC charging, ``dc_curve`` DC charging, as (soc, fraction of
    maximum power) points. ``dc_voltage_v`` is the pack's nominal voltage (400 or 800 V
    architecture), which a DC charger reads."""

    name: str
    capacity_kwh: float
    max_ac_kw: float
    max_dc_kw: float
    ac_phases: int
    curve: Curve = AC_CURVE
    dc_curve: Curve = DC_CURVE
    dc_voltage_v: float = 400.0

    def __post_init__(self) -> None:
        if self.capacity_kwh <= 0:
            raise ValueError(f"EV model {self.name!r}: capacity_kwh must be positive")
        if self.max_ac_kw <= 0 or self.max_dc_kw < 0:
            raise ValueError(f"EV model {self.name!r}: charging powers must be positive")
        if self.ac_phases not in (1, 3):
            raise ValueError(f"EV model {self.name!r}: ac_phases must be 1 or 3")
        if self.dc_voltage_v <= 0:
            raise ValueError(f"EV model {self.name!r}: dc_voltage_v must be positive")
        _check_curve(self.name, self.curve)
        _check_curve(self.name, self.dc_curve)

    @property
    def max_ac_phase_current_a(self) -> float:
        """Per-phase current limit of the on-board charger."""
        return self.max_ac_kw * 1000.0 / (self.ac_phases * NOMINAL_PHASE_VOLTAGE_V)


EV_MODELS: tuple[EvModel, ...] = (
    EvModel("Compact hatchback 40 kWh", 40.0, 7.4, 50.0, 1),
    EvModel("Family crossover 60 kWh", 60.0, 11.0, 130.0, 3),
    EvModel("Family estate 77 kWh", 77.0, 11.0, 170.0, 3, dc_voltage_v=800.0),
    EvModel("Delivery van 75 kWh", 75.0, 11.0, 80.0, 3),
    EvModel("Premium saloon 100 kWh", 100.0, 22.0, 250.0, 3, dc_voltage_v=800.0),
    EvModel("Plug-in hybrid 13 kWh", 13.0, 3.7, 0.0, 1),
)


class Ev:
    """One vehicle: a model and a state of charge (0..1) that rises towards ``target_soc``."""

    def __init__(self, model: EvModel, soc: float, target_soc: float = 1.0) -> None:
        if not 0.0 <= soc <= 1.0:
            raise ValueError("soc must lie in [0, 1]")
        if not 0.0 < target_soc <= 1.0:
            raise ValueError("target_soc must lie in (0, 1]")
        self.model = model
        self.target_soc = target_soc
        self._soc = soc

    @property
    def soc(self) -> float:
        """State of charge, 0..1."""
        return self._soc

    @property
    def full(self) -> bool:
        """True once the target is reached: the EV accepts no more energy."""
        return self._soc >= self.target_soc

    def acceptance_w(self, dc: bool) -> float:
        """Power the EV would take now, before any limit of the EVSE; 0 at the target."""
        if self.full:
            return 0.0
        if dc:
            return self.model.max_dc_kw * 1000.0 * interpolate(self.model.dc_curve, self._soc)
        return self.model.max_ac_kw * 1000.0 * interpolate(self.model.curve, self._soc)

    def charge(self, energy_wh: float) -> float:
        """Store up to ``energy_wh`` and return what was stored: the battery stops at the
        target, so the caller meters only what went in."""
        if energy_wh <= 0 or self.full:
            return 0.0
        room_wh = (self.target_soc - self._soc) * self.model.capacity_kwh * 1000.0
        if energy_wh >= room_wh:
            # Land exactly on the target so that ``full`` holds despite float rounding.
            self._soc = self.target_soc
            return room_wh
        self._soc += energy_wh / (self.model.capacity_kwh * 1000.0)
        return energy_wh


@dataclass(frozen=True)
class Reading:
    """What the EVSE's meter shows at one instant. ``current_a`` and ``voltage_v`` have one
    entry per phase in use (one for DC), and ``voltage_v[i] * current_a[i]`` sums to
    ``power_w`` within 0.1 W. ``soc`` is 0..1, known on DC only (None on AC and with no EV).
    """

    energy_wh: int
    power_w: float
    current_a: tuple[float, ...]
    voltage_v: tuple[float, ...]
    soc: float | None
    charging: bool


def _floor(value: float, digits: int) -> float:
    # Rounding down keeps a reading at or under the true power, so a cap is never "exceeded".
    scale = 10.0**digits
    return math.floor(value * scale) / scale


class Evse:
    """One EVSE with its meter. Power each moment is the smallest of the station's
    maximum, the smart-charging limit, the EV's acceptance and, on AC, the phases both
    sides use times voltage times the per-phase current both sides allow."""

    def __init__(
        self,
        *,
        max_power_w: float,
        phases: int,
        dc: bool,
        voltage_v: float = NOMINAL_PHASE_VOLTAGE_V,
        rng: random.Random | SmallRandom,
        register_wh: int = 0,
    ) -> None:
        if max_power_w <= 0:
            raise ValueError("max_power_w must be positive")
        if phases not in (1, 3):
            raise ValueError("phases must be 1 or 3")
        if voltage_v <= 0:
            raise ValueError("voltage_v must be positive")
        if register_wh < 0:
            raise ValueError("register_wh must not be negative")
        self.max_power_w = float(max_power_w)
        self.phases = phases
        self.dc = dc
        self.voltage_v = float(voltage_v)
        self._rng = rng
        self._energy_wh = float(register_wh)
        self._ev: Ev | None = None
        self._limit_w: float | None = None
        self._suspended = False
        self._spike_pending = False
        self._frozen_wh: int | None = None
        self._freeze_left_s = 0.0

    # --- state ---------------------------------------------------------------------------

    @property
    def ev(self) -> Ev | None:
        """The plugged EV, if any."""
        return self._ev

    @property
    def register_wh(self) -> int:
        """The meter register as shown: whole Wh, never decreasing (held during a freeze)."""
        if self._frozen_wh is not None:
            return self._frozen_wh
        return int(self._energy_wh)

    @property
    def energy_wh(self) -> float:
        """Energy actually delivered since the register's origin, unrounded, unfrozen."""
        return self._energy_wh

    @property
    def limit_w(self) -> float | None:
        """Smart-charging cap in W, None when there is none."""
        return self._limit_w

    @property
    def suspended(self) -> bool:
        """True while the EVSE offers no energy."""
        return self._suspended

    @property
    def frozen(self) -> bool:
        """True while a 'freeze' glitch holds the register."""
        return self._frozen_wh is not None

    @property
    def phases_in_use(self) -> int:
        """Phases carrying current: 1 on DC; on AC those both the station and the EV use
        (the station's own phases when no EV is plugged)."""
        if self.dc:
            return 1
        if self._ev is None:
            return self.phases
        return min(self.phases, self._ev.model.ac_phases)

    @property
    def power_w(self) -> float:
        """True power now, without noise."""
        if self._ev is None or self._suspended:
            return 0.0
        power = min(self.max_power_w, self._ev.acceptance_w(self.dc))
        if self._limit_w is not None:
            power = min(power, self._limit_w)
        if not self.dc:
            # An EV using fewer phases than the station gets only those phases' current,
            # limited by whichever side allows less per phase.
            station_a = self.max_power_w / (self.phases * self.voltage_v)
            phase_a = min(station_a, self._ev.model.max_ac_phase_current_a)
            power = min(power, self.phases_in_use * self.voltage_v * phase_a)
        return max(0.0, power)

    # --- commands ------------------------------------------------------------------------

    def plug(self, ev: Ev) -> None:
        """Connect ``ev``; only one at a time."""
        if self._ev is not None:
            raise RuntimeError("an EV is already plugged into this EVSE")
        self._ev = ev

    def unplug(self) -> Ev | None:
        """Disconnect and return the EV (None if there was none). The register stays."""
        ev, self._ev = self._ev, None
        return ev

    def set_limit_w(self, limit: float | None) -> None:
        """Cap the power at ``limit`` W from now on, or remove the cap with None."""
        if limit is not None and not (limit >= 0 and math.isfinite(limit)):
            raise ValueError("a limit must be a finite, non-negative number of watts")
        self._limit_w = None if limit is None else float(limit)

    def suspend(self, flag: bool) -> None:
        """Offer no energy while ``flag`` holds (not authorized yet, SuspendedEVSE)."""
        self._suspended = flag

    def glitch(self, kind: GlitchKind, duration_s: float = 300.0) -> None:
        """Inject a meter fault: 'spike' makes the next reading show an absurd power (the
        register is untouched); 'freeze' holds the register for ``duration_s`` seconds of
        :meth:`advance` while energy still flows, after which it catches up at once."""
        if kind == "spike":
            self._spike_pending = True
        elif kind == "freeze":
            if duration_s <= 0:
                raise ValueError("a freeze needs a positive duration")
            if self._frozen_wh is None:
                self._frozen_wh = int(self._energy_wh)
            self._freeze_left_s = max(self._freeze_left_s, duration_s)
        else:
            raise ValueError(f"unknown glitch {kind!r}: expected 'spike' or 'freeze'")

    # --- time ----------------------------------------------------------------------------

    def advance(self, seconds: float) -> None:
        """Let ``seconds`` pass: energy flows into the EV and the register. Power is held
        at its start value over sub-steps of at most a minute."""
        if seconds < 0 or not math.isfinite(seconds):
            raise ValueError("seconds must be finite and non-negative")
        if seconds == 0:
            return
        if self._ev is None or self._suspended or self._ev.full:
            self._tick_freeze(seconds)
            return
        steps = max(1, math.ceil(seconds / MAX_STEP_S))
        dt = seconds / steps
        for _ in range(steps):
            power = self.power_w
            if power > 0 and self._ev is not None:
                self._energy_wh += self._ev.charge(power * dt / 3600.0)
            self._tick_freeze(dt)

    def _tick_freeze(self, seconds: float) -> None:
        if self._frozen_wh is None:
            return
        self._freeze_left_s -= seconds
        if self._freeze_left_s <= 0:
            self._frozen_wh = None
            self._freeze_left_s = 0.0

    # --- metering ------------------------------------------------------------------------

    def reading(self) -> Reading:
        """The meter now, with seeded noise on voltage (+-1 %) and power (up to 0.5 % low),
        always self-consistent: per phase P = V * I, summing to ``power_w``."""
        true_power = self.power_w
        if self._spike_pending:
            self._spike_pending = False
            power = self.max_power_w * SPIKE_FACTOR
        else:
            power = true_power * (1.0 - self._rng.uniform(0.0, POWER_NOISE))
        if self.dc:
            volts, amps = self._dc_phase(power)
        else:
            volts, amps = self._ac_phases(power)
        total = _floor(sum(v * i for v, i in zip(volts, amps, strict=True)), 1)
        soc = round(self._ev.soc, 4) if self.dc and self._ev is not None else None
        return Reading(
            energy_wh=self.register_wh,
            power_w=total,
            current_a=amps,
            voltage_v=volts,
            soc=soc,
            charging=true_power > 0,
        )

    def _dc_phase(self, power: float) -> tuple[tuple[float, ...], tuple[float, ...]]:
        # The charger reads the pack voltage, which rises with the state of charge.
        if self._ev is not None:
            nominal = self._ev.model.dc_voltage_v * (0.9 + 0.15 * self._ev.soc)
        elif power > 0:  # a spike with nothing plugged: a meter fault needs some voltage
            nominal = 400.0
        else:
            return (0.0,), (0.0,)
        volts = round(nominal * (1.0 + self._rng.uniform(-VOLTAGE_NOISE, VOLTAGE_NOISE)), 1)
        return (volts,), (_floor(power / volts, 2),)

    def _ac_phases(self, power: float) -> tuple[tuple[float, ...], tuple[float, ...]]:
        n = self.phases_in_use
        volts = tuple(
            round(self.voltage_v * (1.0 + self._rng.uniform(-VOLTAGE_NOISE, VOLTAGE_NOISE)), 1)
            for _ in range(n)
        )
        weights = [1.0 + self._rng.uniform(-PHASE_IMBALANCE, PHASE_IMBALANCE) for _ in range(n)]
        total_weight = sum(weights)
        amps = tuple(
            _floor(power * w / total_weight / v, 2) for w, v in zip(weights, volts, strict=True)
        )
        return volts, amps
