"""Driver behaviour: when EVs arrive at an EVSE and what each visit looks like. Pure and
seeded: every draw comes from the ``random.Random`` the caller passes, in a fixed order.

Arrivals at one EVSE are a non-homogeneous Poisson process whose rate is constant within
each hour of the day (the hour of the ``now`` given, so pass the site's local time). The
rates hold while the EVSE is free: the caller draws the next arrival once a visit ends.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from simulator.physics import EV_MODELS, Ev, EvModel

StayKind = Literal["until_full", "fixed_dwell"]
Triangular = tuple[float, float, float]  # (low, mode, high), in seconds

HOUR_S = 3600.0
DAY_S = 24 * HOUR_S


@dataclass(frozen=True)
class DriverPattern:
    """How drivers use an EVSE.

    ``arrivals_per_hour``: 24 rates, arrivals per hour at one free EVSE, by hour of the day.
    ``plug_in_first_share``: drivers who plug in before authorizing; the rest badge first.
    ``stay``: 'until_full' charges to the target, then stays parked ``idle_after_full_s``
    (drawn), never longer than ``dwell_s`` (drawn) when given; 'fixed_dwell' leaves after
    ``dwell_s`` whatever the charge. ``arrival_soc`` and ``target_soc`` are uniform ranges,
    the first entirely below the second.
    """

    name: str
    arrivals_per_hour: tuple[float, ...]
    plug_in_first_share: float
    stay: StayKind
    arrival_soc: tuple[float, float]
    target_soc: tuple[float, float]
    idle_after_full_s: Triangular | None = None
    dwell_s: Triangular | None = None

    def __post_init__(self) -> None:
        def fail(field: str, message: str) -> ValueError:
            return ValueError(f"driver pattern {self.name!r}: {field}: {message}")

        if len(self.arrivals_per_hour) != 24:
            raise fail("arrivals_per_hour", "needs one rate per hour of the day (24)")
        if any(not (r >= 0 and math.isfinite(r)) for r in self.arrivals_per_hour):
            raise fail("arrivals_per_hour", "rates must be finite and non-negative")
        if not 0.0 <= self.plug_in_first_share <= 1.0:
            raise fail("plug_in_first_share", "must lie in [0, 1]")
        low, high = self.arrival_soc
        if not 0.0 <= low <= high < 1.0:
            raise fail("arrival_soc", "needs 0 <= low <= high < 1")
        low, high = self.target_soc
        if not 0.0 < low <= high <= 1.0:
            raise fail("target_soc", "needs 0 < low <= high <= 1")
        if self.arrival_soc[1] >= low:
            raise fail("target_soc", "must lie entirely above arrival_soc")
        if self.stay == "until_full" and self.idle_after_full_s is None:
            raise fail("idle_after_full_s", "'until_full' needs an idle time after full")
        if self.stay == "fixed_dwell" and self.dwell_s is None:
            raise fail("dwell_s", "'fixed_dwell' needs a dwell time")
        if self.stay == "fixed_dwell" and self.idle_after_full_s is not None:
            raise fail("idle_after_full_s", "'fixed_dwell' leaves after dwell_s only")
        for field, spread in (
            ("idle_after_full_s", self.idle_after_full_s),
            ("dwell_s", self.dwell_s),
        ):
            if spread is not None and not 0.0 <= spread[0] <= spread[1] <= spread[2]:
                raise fail(field, "needs 0 <= low <= mode <= high")

    @property
    def arrivals_per_day(self) -> float:
        """Expected arrivals in a day at one EVSE that stays free."""
        return sum(self.arrivals_per_hour)


@dataclass(frozen=True)
class Visit:
    """One driver's visit. ``idle_after_full_s`` is how long the car stays parked once the
    EV is full (None: the driver does not watch the charge, see ``max_dwell_s``);
    ``max_dwell_s`` is the longest the car stays plugged in from arrival (None: no limit).
    The driver leaves at whichever comes first."""

    ev_model: EvModel
    arrival_soc: float
    target_soc: float
    plug_in_first: bool
    idle_after_full_s: float | None
    max_dwell_s: float | None

    def ev(self) -> Ev:
        """The EV as it arrives."""
        return Ev(self.ev_model, self.arrival_soc, self.target_soc)


def _hours(*spans: tuple[int, int, float], base: float = 0.0) -> tuple[float, ...]:
    """24 rates: ``base`` everywhere, then ``rate`` for hours start..end-1 of each span."""
    rates = [base] * 24
    for start, end, rate in spans:
        for hour in range(start, end):
            rates[hour] = rate
    return tuple(rates)


PATTERNS: dict[str, DriverPattern] = {
    pattern.name: pattern
    for pattern in (
        # A public point with steady use day and night: one car every four hours.
        DriverPattern(
            name="uniform",
            arrivals_per_hour=_hours(base=0.25),
            plug_in_first_share=0.5,
            stay="until_full",
            arrival_soc=(0.1, 0.5),
            target_soc=(0.8, 1.0),
            idle_after_full_s=(0.0, 600.0, 3600.0),
            dwell_s=(3 * HOUR_S, 5 * HOUR_S, 8 * HOUR_S),
        ),
        # Office car park: employees arrive between 7 and 10 and leave after a working day,
        # full or not. Most badge first, as company policy usually asks.
        DriverPattern(
            name="commuter",
            arrivals_per_hour=_hours((7, 8, 0.4), (8, 9, 1.0), (9, 10, 0.6), (10, 12, 0.15)),
            plug_in_first_share=0.3,
            stay="fixed_dwell",
            arrival_soc=(0.2, 0.6),
            target_soc=(0.8, 1.0),
            dwell_s=(6 * HOUR_S, 8.5 * HOUR_S, 10 * HOUR_S),
        ),
        # A public charger on a commuting route: two peaks, quiet nights, short stays.
        DriverPattern(
            name="rush_hour",
            arrivals_per_hour=_hours(
                (6, 7, 0.3),
                (7, 10, 0.9),
                (10, 16, 0.3),
                (16, 19, 1.0),
                (19, 23, 0.3),
                base=0.05,
            ),
            plug_in_first_share=0.6,
            stay="until_full",
            arrival_soc=(0.05, 0.4),
            target_soc=(0.7, 0.9),
            idle_after_full_s=(0.0, 120.0, 900.0),
            dwell_s=(HOUR_S, 2 * HOUR_S, 4 * HOUR_S),
        ),
        # A home wallbox: about one car a day, in the evening; it charges overnight, sits
        # full until the morning and leaves after 10-14 hours. Nobody badges at home.
        DriverPattern(
            name="home_overnight",
            arrivals_per_hour=_hours((16, 17, 0.1), (17, 20, 0.25), (20, 23, 0.05)),
            plug_in_first_share=1.0,
            stay="until_full",
            arrival_soc=(0.2, 0.6),
            target_soc=(0.8, 1.0),
            idle_after_full_s=(2 * HOUR_S, 6 * HOUR_S, 12 * HOUR_S),
            dwell_s=(10 * HOUR_S, 12 * HOUR_S, 14 * HOUR_S),
        ),
        # For demonstrations: a car every ten minutes, sessions of a few minutes, so that a
        # screen shows plenty of starts, samples and stops.
        DriverPattern(
            name="demo",
            arrivals_per_hour=_hours(base=6.0),
            plug_in_first_share=0.5,
            stay="until_full",
            arrival_soc=(0.3, 0.5),
            target_soc=(0.55, 0.7),
            idle_after_full_s=(10.0, 60.0, 300.0),
            dwell_s=(300.0, 900.0, 1200.0),
        ),
    )
}


def next_arrival(pattern: DriverPattern, now: datetime, rng: random.Random) -> float:
    """Seconds from ``now`` until the next arrival at one free EVSE; ``math.inf`` when the
    pattern never brings anyone. One draw from ``rng``."""
    # Inverse of the integrated rate: walk the hours, spending an Exp(1) budget.
    budget = rng.expovariate(1.0)
    per_day = pattern.arrivals_per_day
    if per_day <= 0:
        return math.inf
    rates = pattern.arrivals_per_hour
    hour = now.hour
    into = now.minute * 60 + now.second + now.microsecond / 1e6
    elapsed = 0.0
    while True:
        rate_s = rates[hour] / HOUR_S
        left = HOUR_S - into
        if rate_s > 0 and rate_s * left >= budget:
            return elapsed + budget / rate_s
        budget -= rate_s * left
        elapsed += left
        hour, into = (hour + 1) % 24, 0.0
        if hour == now.hour and budget > per_day:
            # Skip whole days at once: a quiet pattern would otherwise loop for long.
            days = math.floor(budget / per_day) - 1
            budget -= days * per_day
            elapsed += days * DAY_S


def new_visit(
    pattern: DriverPattern,
    rng: random.Random,
    ev_models: Sequence[EvModel] = EV_MODELS,
) -> Visit:
    """Draw one visit: which EV, its state of charge on arrival and its target, whether
    the driver plugs in first, and how long the car stays."""
    if not ev_models:
        raise ValueError("new_visit needs at least one EV model")
    model = ev_models[rng.randrange(len(ev_models))]
    arrival_soc = rng.uniform(*pattern.arrival_soc)
    target_soc = rng.uniform(*pattern.target_soc)
    plug_in_first = rng.random() < pattern.plug_in_first_share
    idle = _triangular(rng, pattern.idle_after_full_s)
    dwell = _triangular(rng, pattern.dwell_s)
    return Visit(
        ev_model=model,
        arrival_soc=arrival_soc,
        target_soc=target_soc,
        plug_in_first=plug_in_first,
        idle_after_full_s=idle,
        max_dwell_s=dwell,
    )


def models_for(dc: bool, ev_models: Sequence[EvModel] = EV_MODELS) -> tuple[EvModel, ...]:
    """The EV models that can charge at a station of this kind: no plug-in hybrid (no DC
    inlet) drives up to a DC charger."""
    return tuple(m for m in ev_models if not dc or m.max_dc_kw > 0)


def _triangular(rng: random.Random, spread: Triangular | None) -> float | None:
    if spread is None:
        return None
    low, mode, high = spread
    return rng.triangular(low, high, mode)  # random's order is (low, high, mode)
