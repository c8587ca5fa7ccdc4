"""Driver behaviour: arrivals follow the hourly rates, visits follow the pattern, seeded."""

from __future__ import annotations

import math
import random
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from simulator.drivers import (
    PATTERNS,
    DriverPattern,
    Visit,
    models_for,
    new_visit,
    next_arrival,
)
from simulator.physics import EV_MODELS

START = datetime(2025, 3, 3, 0, 0, tzinfo=UTC)


def a_pattern(**overrides: object) -> DriverPattern:
    fields: dict[str, object] = {
        "name": "test",
        "arrivals_per_hour": (1.0,) * 24,
        "plug_in_first_share": 0.5,
        "stay": "until_full",
        "arrival_soc": (0.2, 0.4),
        "target_soc": (0.8, 1.0),
        "idle_after_full_s": (0.0, 60.0, 600.0),
    }
    fields.update(overrides)
    return DriverPattern(**fields)  # type: ignore[arg-type]  # fields from a dict of objects


def arrivals(pattern: DriverPattern, days: int, seed: int) -> list[datetime]:
    """Successive arrivals over ``days`` days, each EVSE free again at once."""
    rng = random.Random(seed)
    now, end, seen = START, START + timedelta(days=days), []
    while True:
        now += timedelta(seconds=next_arrival(pattern, now, rng))
        if now >= end:
            return seen
        seen.append(now)


def test_the_shipped_patterns() -> None:
    assert set(PATTERNS) >= {"uniform", "commuter", "rush_hour", "home_overnight", "demo"}
    assert all(name == p.name for name, p in PATTERNS.items())
    commuter = PATTERNS["commuter"].arrivals_per_hour
    assert max(range(24), key=commuter.__getitem__) in (7, 8, 9)
    assert sum(commuter[:6]) == sum(commuter[18:]) == 0
    home = PATTERNS["home_overnight"].arrivals_per_hour
    assert max(range(24), key=home.__getitem__) in range(16, 22)
    assert PATTERNS["demo"].arrivals_per_day > 10 * PATTERNS["uniform"].arrivals_per_day


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_arrivals_follow_the_hourly_rates(name: str) -> None:
    pattern = PATTERNS[name]
    days = max(50, math.ceil(3000 / pattern.arrivals_per_day))
    per_hour = Counter(t.hour for t in arrivals(pattern, days, seed=11))
    for hour, rate in enumerate(pattern.arrivals_per_hour):
        expected = rate * days
        if expected == 0:
            assert per_hour[hour] == 0, f"hour {hour} has no rate yet saw arrivals"
        elif expected >= 100:
            # Poisson: the standard deviation is sqrt(expected); allow four of them.
            assert abs(per_hour[hour] - expected) <= 4 * math.sqrt(expected), hour


def test_an_arrival_mid_hour_lands_in_the_next_rated_hour() -> None:
    only_ten = a_pattern(arrivals_per_hour=tuple(5.0 if h == 10 else 0.0 for h in range(24)))
    rng = random.Random(3)
    for start in (START.replace(hour=10, minute=30), START.replace(hour=11), START):
        for _ in range(200):
            at = start + timedelta(seconds=next_arrival(only_ten, start, rng))
            assert at.hour == 10 and at >= start


def test_a_quiet_pattern_still_terminates_and_an_empty_one_never_arrives() -> None:
    rare = a_pattern(arrivals_per_hour=(0.0,) * 23 + (0.001,))
    waits = [next_arrival(rare, START, random.Random(s)) for s in range(100)]
    assert all(math.isfinite(w) and w > 0 for w in waits)
    assert sum(waits) / len(waits) == pytest.approx(1000 * 86400, rel=0.3)
    empty = a_pattern(arrivals_per_hour=(0.0,) * 24)
    assert next_arrival(empty, START, random.Random(1)) == math.inf


def test_same_seed_same_drivers() -> None:
    def draw(seed: int) -> list[tuple[float, Visit]]:
        rng = random.Random(seed)
        return [
            (next_arrival(PATTERNS["rush_hour"], START, rng), new_visit(PATTERNS["rush_hour"], rng))
            for _ in range(50)
        ]

    assert draw(5) == draw(5)
    assert draw(5) != draw(6)


@pytest.mark.parametrize("share", [0.0, 0.3, 1.0])
def test_plug_in_first_share(share: float) -> None:
    rng = random.Random(9)
    pattern = a_pattern(plug_in_first_share=share)
    n = 5000
    first = sum(new_visit(pattern, rng).plug_in_first for _ in range(n))
    assert abs(first / n - share) <= 0.03


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_visits_respect_the_pattern(name: str) -> None:
    pattern = PATTERNS[name]
    rng = random.Random(21)
    for _ in range(500):
        visit = new_visit(pattern, rng)
        assert pattern.arrival_soc[0] <= visit.arrival_soc <= pattern.arrival_soc[1]
        assert pattern.target_soc[0] <= visit.target_soc <= pattern.target_soc[1]
        assert visit.arrival_soc < visit.target_soc
        assert visit.ev_model in EV_MODELS
        if pattern.stay == "until_full":
            assert visit.idle_after_full_s is not None and visit.idle_after_full_s >= 0
        else:
            assert visit.idle_after_full_s is None
            assert visit.max_dwell_s is not None and visit.max_dwell_s > 0
        ev = visit.ev()
        assert ev.soc == visit.arrival_soc and ev.target_soc == visit.target_soc


def test_visits_draw_from_the_given_models() -> None:
    dc_models = models_for(dc=True)
    assert dc_models and all(m.max_dc_kw > 0 for m in dc_models)
    assert models_for(dc=False) == EV_MODELS
    rng = random.Random(2)
    seen = {new_visit(PATTERNS["demo"], rng, dc_models).ev_model for _ in range(300)}
    assert seen == set(dc_models)
    with pytest.raises(ValueError):
        new_visit(PATTERNS["demo"], rng, ())


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"arrivals_per_hour": (1.0,) * 23}, "arrivals_per_hour"),
        ({"arrivals_per_hour": (-1.0,) + (1.0,) * 23}, "arrivals_per_hour"),
        ({"plug_in_first_share": 1.5}, "plug_in_first_share"),
        ({"arrival_soc": (0.5, 0.3)}, "arrival_soc"),
        ({"target_soc": (0.3, 0.9)}, "target_soc"),  # overlaps the arrival range
        ({"idle_after_full_s": None}, "idle_after_full_s"),
        ({"stay": "fixed_dwell"}, "dwell_s"),
        ({"dwell_s": (10.0, 5.0, 20.0)}, "dwell_s"),
    ],
)
def test_bad_patterns_are_refused(overrides: dict[str, object], field: str) -> None:
    with pytest.raises(ValueError, match=rf"driver pattern 'test': {field}"):
        a_pattern(**overrides)
