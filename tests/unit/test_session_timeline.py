"""What the stations reported, turned into the timeline pricing walks
(csms.domain.session_timeline)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from csms.domain.session_timeline import CURRENT, ENERGY_REGISTER, POWER, Reading, session_timeline

T0 = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_start_and_end_frame_the_readings_and_outside_readings_are_dropped() -> None:
    readings = [
        Reading(at(-5), ENERGY_REGISTER, Decimal(900)),
        Reading(at(30), ENERGY_REGISTER, Decimal(5000)),
        Reading(at(30), POWER, Decimal(11000)),
        Reading(at(90), ENERGY_REGISTER, Decimal(99999)),
    ]
    timeline = session_timeline(
        at(0), Decimal(1000), readings, end=at(60), meter_stop_wh=Decimal(9000)
    )
    assert [(s.at, s.energy_wh) for s in timeline] == [
        (at(0), 1000),
        (at(30), 5000),
        (at(60), 9000),
    ]
    assert timeline[1].power_w == 11000


def test_a_stretch_without_energy_or_power_is_parking() -> None:
    readings = [
        Reading(at(30), ENERGY_REGISTER, Decimal(5000)),
        Reading(at(30), POWER, Decimal(0)),
        Reading(at(45), ENERGY_REGISTER, Decimal(5000)),
    ]
    timeline = session_timeline(
        at(0), Decimal(0), readings, end=at(60), meter_stop_wh=Decimal(5000)
    )
    assert [s.charging for s in timeline] == [True, False, False, False]


def test_per_phase_currents_add_up_and_a_total_wins() -> None:
    readings = [Reading(at(10), CURRENT, Decimal(16), phase=p) for p in ("L1", "L2", "L3")]
    readings.append(Reading(at(20), CURRENT, Decimal(10), phase="L1"))
    readings.append(Reading(at(20), CURRENT, Decimal(30)))
    timeline = session_timeline(at(0), Decimal(0), readings)
    assert [s.current_a for s in timeline] == [None, 48, 30]


def test_a_session_whose_start_register_is_unknown_counts_from_its_first_register() -> None:
    readings = [Reading(at(10), ENERGY_REGISTER, Decimal(70000))]
    timeline = session_timeline(at(0), None, readings, end=at(20), meter_stop_wh=Decimal(72000))
    assert [s.energy_wh for s in timeline] == [70000, 70000, 72000]


@given(
    st.lists(
        st.tuples(st.integers(0, 120), st.integers(0, 50_000)),
        max_size=30,
    )
)
def test_the_register_never_goes_back_and_instants_are_in_order(
    points: list[tuple[int, int]],
) -> None:
    readings = [Reading(at(m), ENERGY_REGISTER, Decimal(wh)) for m, wh in points]
    timeline = session_timeline(at(0), Decimal(0), readings, end=at(120))
    assert timeline[0].at == at(0) and timeline[-1].at == at(120)
    assert all(a.at < b.at for a, b in itertools.pairwise(timeline))
    assert all(a.energy_wh <= b.energy_wh for a, b in itertools.pairwise(timeline))
