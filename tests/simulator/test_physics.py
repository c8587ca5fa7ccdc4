"""Charging physics: the EV's curve, the EVSE's integration and its meter readings."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.physics import (
    AC_CURVE,
    DC_CURVE,
    EV_MODELS,
    Ev,
    EvModel,
    Evse,
    Reading,
    interpolate,
)

FAMILY = next(m for m in EV_MODELS if m.capacity_kwh == 77.0)
COMPACT = next(m for m in EV_MODELS if m.ac_phases == 1 and m.max_dc_kw > 0)
HYBRID = next(m for m in EV_MODELS if m.max_dc_kw == 0)
EPS = 1e-6


def an_evse(**overrides: object) -> Evse:
    args: dict[str, object] = {
        "max_power_w": 22_000.0,
        "phases": 3,
        "dc": False,
        "rng": random.Random(7),
    }
    args.update(overrides)
    return Evse(**args)  # type: ignore[arg-type]  # fields from a dict of objects


def assert_consistent(reading: Reading, phases: int) -> None:
    assert len(reading.current_a) == len(reading.voltage_v) == phases
    total = sum(v * i for v, i in zip(reading.voltage_v, reading.current_a, strict=True))
    assert abs(total - reading.power_w) <= 0.1 + EPS
    assert all(i >= 0 for i in reading.current_a)


# --- EV -------------------------------------------------------------------------------------


def test_curve_is_flat_then_tapers_and_dc_tapers_harder() -> None:
    assert interpolate(AC_CURVE, 0.5) == interpolate(AC_CURVE, 0.8) == 1.0
    assert interpolate(AC_CURVE, 1.0) == pytest.approx(0.1)
    assert interpolate(DC_CURVE, 0.8) < interpolate(AC_CURVE, 0.8)
    assert interpolate(DC_CURVE, 1.0) < interpolate(AC_CURVE, 1.0)
    assert interpolate(((0.0, 0.0), (1.0, 1.0)), 0.25) == pytest.approx(0.25)


def test_ev_accepts_nothing_at_its_target() -> None:
    ev = Ev(FAMILY, soc=0.5, target_soc=0.5)
    assert ev.acceptance_w(dc=True) == ev.acceptance_w(dc=False) == 0.0
    assert ev.charge(1000.0) == 0.0
    assert ev.soc == 0.5


def test_ev_charge_stops_exactly_at_the_target() -> None:
    ev = Ev(FAMILY, soc=0.79, target_soc=0.8)
    stored = ev.charge(10_000.0)
    assert stored == pytest.approx(0.01 * 77_000)
    assert ev.soc == 0.8 and ev.full


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"capacity_kwh": 0}, "capacity_kwh"),
        ({"ac_phases": 2}, "ac_phases"),
        ({"curve": ((0.5, 1.0), (0.2, 0.5))}, "increasing"),
        ({"curve": ((0.0, 1.5), (1.0, 0.5))}, "[0, 1]"),
    ],
)
def test_ev_model_rejects_bad_values(kwargs: dict[str, object], field: str) -> None:
    base: dict[str, object] = {
        "name": "x",
        "capacity_kwh": 50.0,
        "max_ac_kw": 11.0,
        "max_dc_kw": 100.0,
        "ac_phases": 3,
    }
    with pytest.raises(ValueError, match="'x'") as err:
        EvModel(**{**base, **kwargs})  # type: ignore[arg-type]  # bad values on purpose
    assert field in str(err.value)


# --- power ----------------------------------------------------------------------------------


def test_phases_in_use_and_per_phase_current_limit_the_power() -> None:
    one_phase_ev = an_evse()
    one_phase_ev.plug(Ev(COMPACT, 0.2))
    assert one_phase_ev.phases_in_use == 1
    assert one_phase_ev.power_w == pytest.approx(22_000.0 / 3)  # one phase of the station

    one_phase_station = an_evse(max_power_w=7_400.0, phases=1)
    one_phase_station.plug(Ev(FAMILY, 0.2))  # 11 kW over 3 phases: 16 A a phase
    assert one_phase_station.phases_in_use == 1
    assert one_phase_station.power_w == pytest.approx(11_000.0 / 3)

    three_phase = an_evse()
    three_phase.plug(Ev(FAMILY, 0.2))
    assert three_phase.power_w == pytest.approx(11_000.0)
    assert_consistent(three_phase.reading(), 3)


def test_dc_reads_soc_and_pack_voltage_ac_does_not_know_soc() -> None:
    dc = an_evse(max_power_w=150_000.0, dc=True)
    dc.plug(Ev(FAMILY, 0.3))
    reading = dc.reading()
    assert reading.soc == pytest.approx(0.3)
    assert 700.0 < reading.voltage_v[0] < 850.0  # an 800 V pack
    assert reading.power_w == pytest.approx(150_000.0, rel=0.01)
    assert_consistent(reading, 1)

    ac = an_evse()
    ac.plug(Ev(FAMILY, 0.3))
    assert ac.reading().soc is None


def test_a_hybrid_takes_no_dc() -> None:
    dc = an_evse(max_power_w=50_000.0, dc=True)
    dc.plug(Ev(HYBRID, 0.2))
    dc.advance(600)
    assert dc.power_w == 0.0 and dc.register_wh == 0
    assert not dc.reading().charging


def test_a_cap_lowers_the_power_immediately() -> None:
    evse = an_evse()
    evse.plug(Ev(FAMILY, 0.2))
    evse.advance(60)
    evse.set_limit_w(4_140.0)  # 6 A on 3 phases
    assert evse.power_w == 4_140.0
    assert evse.reading().power_w <= 4_140.0
    before = evse.energy_wh
    evse.advance(60)
    assert evse.energy_wh - before == pytest.approx(4_140.0 / 60)
    evse.set_limit_w(None)
    assert evse.power_w == pytest.approx(11_000.0)
    with pytest.raises(ValueError):
        evse.set_limit_w(-1.0)


def test_suspended_evse_offers_nothing() -> None:
    evse = an_evse()
    evse.plug(Ev(FAMILY, 0.2))
    evse.suspend(True)
    evse.advance(600)
    assert evse.register_wh == 0 and not evse.reading().charging
    evse.suspend(False)
    evse.advance(3600)
    assert evse.register_wh == 11_000


# --- integration ----------------------------------------------------------------------------


def test_flat_region_energy_is_power_times_time() -> None:
    evse = an_evse(register_wh=1_000)
    ev = Ev(FAMILY, 0.2, 0.8)
    evse.plug(ev)
    evse.advance(3600)
    assert evse.register_wh == 12_000
    assert ev.soc == pytest.approx(0.2 + 11.0 / 77.0)


@pytest.mark.parametrize("dc", [False, True])
def test_long_steps_follow_the_taper(dc: bool) -> None:
    coarse, fine = an_evse(max_power_w=150_000.0, dc=dc), an_evse(max_power_w=150_000.0, dc=dc)
    coarse.plug(Ev(FAMILY, 0.7))
    fine.plug(Ev(FAMILY, 0.7))
    coarse.advance(1800)
    for _ in range(1800):
        fine.advance(1)
    assert coarse.energy_wh == pytest.approx(fine.energy_wh, rel=0.01)


def test_charging_stops_at_target_and_the_ev_is_full() -> None:
    evse = an_evse(max_power_w=150_000.0, dc=True)
    ev = Ev(COMPACT, 0.1, 0.8)
    evse.plug(ev)
    evse.advance(6 * 3600)
    assert ev.soc == 0.8 and ev.full
    assert evse.energy_wh == pytest.approx(0.7 * 40_000)
    assert evse.power_w == 0.0 and not evse.reading().charging


# --- faults ---------------------------------------------------------------------------------


def test_spike_is_one_absurd_but_consistent_reading() -> None:
    evse = an_evse()
    evse.plug(Ev(FAMILY, 0.2))
    evse.glitch("spike")
    spiked = evse.reading()
    assert spiked.power_w > 100 * evse.max_power_w / 10
    assert_consistent(spiked, 3)
    assert evse.reading().power_w <= 11_000.0


def test_freeze_holds_the_register_then_catches_up() -> None:
    evse = an_evse()
    evse.plug(Ev(FAMILY, 0.2))
    evse.advance(60)
    held = evse.register_wh
    evse.glitch("freeze", duration_s=600)
    evse.advance(300)
    assert evse.register_wh == held and evse.frozen
    evse.advance(300)
    assert not evse.frozen
    assert evse.register_wh == int(evse.energy_wh) == pytest.approx(11_000 * 660 / 3600, abs=1)
    with pytest.raises(ValueError, match="unknown glitch"):
        evse.glitch("melt")


def test_plugging_twice_is_a_bug() -> None:
    evse = an_evse()
    evse.plug(Ev(FAMILY, 0.2))
    with pytest.raises(RuntimeError):
        evse.plug(Ev(FAMILY, 0.2))
    assert evse.unplug() is not None and evse.ev is None


# --- properties -----------------------------------------------------------------------------

socs = st.floats(0.0, 1.0)
operations = st.lists(
    st.one_of(
        st.tuples(
            st.just("plug"),
            st.integers(0, len(EV_MODELS) - 1),
            socs,
            st.floats(0.05, 1.0),
        ),
        st.tuples(st.just("unplug")),
        st.tuples(st.just("limit"), st.none() | st.floats(0.0, 400_000.0)),
        st.tuples(st.just("suspend"), st.booleans()),
        st.tuples(st.just("advance"), st.floats(0.0, 4 * 3600.0)),
        st.tuples(st.just("glitch"), st.sampled_from(["spike", "freeze"])),
    ),
    max_size=30,
)
stations = st.one_of(
    st.builds(
        lambda p, ph: {"max_power_w": p, "phases": ph, "dc": False},
        st.floats(1_000.0, 44_000.0),
        st.sampled_from([1, 3]),
    ),
    st.builds(
        lambda p: {"max_power_w": p, "phases": 3, "dc": True},
        st.floats(10_000.0, 400_000.0),
    ),
)


def run(station: dict[str, object], ops: list[tuple], seed: int) -> list[Reading]:
    """Apply ``ops`` and check every invariant after each one; return the readings."""
    evse = Evse(rng=random.Random(seed), register_wh=123, **station)  # type: ignore[arg-type]  # fields from a dict
    readings: list[Reading] = []
    last_register = evse.register_wh
    battery_wh = 0.0  # energy the plugged EVs received, per their state of charge
    soc_ceiling = 1.0
    spike = False
    for op in ops:
        kind = op[0]
        if kind == "plug" and evse.ev is None:
            ev = Ev(EV_MODELS[op[1]], op[2], op[3])
            soc_ceiling = max(op[2], op[3])
            evse.plug(ev)
        elif kind == "unplug":
            evse.unplug()
        elif kind == "limit":
            evse.set_limit_w(op[1])
        elif kind == "suspend":
            evse.suspend(op[1])
        elif kind == "advance":
            ev = evse.ev
            before = ev.soc if ev else 0.0
            evse.advance(op[1])
            if ev is not None:
                battery_wh += (ev.soc - before) * ev.model.capacity_kwh * 1000.0
        elif kind == "glitch":
            evse.glitch(op[1])
            spike = spike or op[1] == "spike"

        ev = evse.ev
        ceiling = evse.max_power_w
        if evse.limit_w is not None:
            ceiling = min(ceiling, evse.limit_w)
        if ev is not None:
            ceiling = min(ceiling, ev.acceptance_w(evse.dc))
            assert ev.soc <= soc_ceiling + EPS and ev.soc <= 1.0
        assert evse.power_w <= ceiling + EPS
        assert evse.energy_wh - 123 == pytest.approx(battery_wh, abs=1e-3)

        reading = evse.reading()
        readings.append(reading)
        assert reading.energy_wh == evse.register_wh >= last_register
        last_register = reading.energy_wh
        assert_consistent(reading, evse.phases_in_use)
        if spike:
            spike = False
        else:
            assert reading.power_w <= ceiling + EPS
    return readings


@settings(max_examples=200, deadline=None)
@given(station=stations, ops=operations, seed=st.integers(0, 2**32))
def test_invariants_hold_under_any_sequence(
    station: dict[str, object], ops: list[tuple], seed: int
) -> None:
    run(station, ops, seed)


@settings(max_examples=50, deadline=None)
@given(station=stations, ops=operations, seed=st.integers(0, 2**32))
def test_same_seed_gives_same_readings(
    station: dict[str, object], ops: list[tuple], seed: int
) -> None:
    assert run(station, ops, seed) == run(station, ops, seed)
