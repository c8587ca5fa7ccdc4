"""Charging profiles: install rules, the effective limit, composite schedules, translation."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import fastjsonschema
import ocpp
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator import smart_charging as sc
from simulator.smart_charging import ChargingProfile, ChargingSchedule, ProfileStore
from simulator.station_config import StationSettings

T0 = datetime(2025, 3, 1, 0, 0, tzinfo=UTC)
SCHEMAS = Path(ocpp.__file__).parent


def validate(version: str, name: str, payload: dict[str, Any]) -> None:
    """Check a payload against the ocpp library's copy of the official schema."""
    schema = json.loads((SCHEMAS / version / "schemas" / f"{name}.json").read_text())
    fastjsonschema.compile(schema)(payload)


def profile(
    pid: int,
    limit: float | list[tuple[int, float]],
    *,
    purpose: str = "tx_default",
    stack: int = 0,
    evse: int = 1,
    unit: str = "W",
    kind: str = "Absolute",
    start: datetime | None = T0,
    duration: int | None = None,
    **extra: Any,
) -> ChargingProfile:
    periods = [(0, limit)] if isinstance(limit, int | float) else limit
    return ChargingProfile(
        id=pid,
        stack_level=stack,
        purpose=purpose,  # type: ignore[arg-type]  # cases pass plain strings
        kind=kind,  # type: ignore[arg-type]  # cases pass plain strings
        schedule=ChargingSchedule(
            rate_unit=unit,  # type: ignore[arg-type]  # cases pass plain strings
            periods=tuple((o, float(v), None) for o, v in periods),
            start=None if kind == "Relative" else start,
            duration_s=duration,
        ),
        evse_id=evse,
        **extra,
    )


def store(tx: dict[int, str] | None = None, **kw: Any) -> ProfileStore:
    txs = tx or {}
    return ProfileStore(StationSettings(number_of_evses=2), active_tx=txs.get, **kw)


def test_highest_stack_level_wins() -> None:
    s = store()
    assert s.install(profile(1, 11000, stack=0)) == "Accepted"
    assert s.install(profile(2, 7000, stack=2)) == "Accepted"
    assert s.install(profile(3, 9000, stack=1)) == "Accepted"
    assert s.limit_w(1, T0 + timedelta(minutes=1)) == 7000


def test_higher_stack_level_falls_back_when_its_schedule_ends() -> None:
    s = store()
    s.install(profile(1, 11000, stack=0))
    s.install(profile(2, 3000, stack=5, duration=600))
    assert s.limit_w(1, T0 + timedelta(minutes=5)) == 3000
    assert s.limit_w(1, T0 + timedelta(minutes=15)) == 11000


def test_station_max_caps_the_transaction_limit() -> None:
    s = store({1: "tx1"})
    s.install(profile(1, 5000, purpose="station_max", evse=0))
    s.install(profile(2, 11000, purpose="tx", evse=1))
    assert s.limit_w(1, T0, tx_id="tx1", tx_start=T0) == 5000
    s.clear(id=1)
    assert s.limit_w(1, T0, tx_id="tx1", tx_start=T0) == 11000


def test_tx_profile_replaces_tx_default() -> None:
    s = store({1: "tx1"})
    s.install(profile(1, 4000, purpose="tx_default", evse=0, stack=9))
    s.install(profile(2, 6000, purpose="tx", evse=1, stack=0))
    assert s.limit_w(1, T0, tx_id="tx1", tx_start=T0) == 6000
    # The TxProfile is the transaction's: another transaction gets the default.
    assert s.limit_w(1, T0, tx_id="tx2", tx_start=T0) == 4000


def test_evse_specific_tx_default_beats_station_wide_at_same_level() -> None:
    s = store()
    s.install(profile(1, 4000, evse=0, stack=1))
    s.install(profile(2, 6000, evse=2, stack=1))
    assert s.limit_w(2, T0) == 6000
    assert s.limit_w(1, T0) == 4000


def test_validity_window() -> None:
    s = store()
    s.install(
        profile(
            1,
            2000,
            valid_from=T0 + timedelta(hours=1),
            valid_to=T0 + timedelta(hours=2),
        )
    )
    assert s.limit_w(1, T0 + timedelta(minutes=30)) is None
    assert s.limit_w(1, T0 + timedelta(minutes=90)) == 2000
    assert s.limit_w(1, T0 + timedelta(hours=2)) is None


def test_recurring_daily() -> None:
    s = store()
    # Every day from 18:00: 3 kW for two hours, else 11 kW.
    s.install(
        profile(
            1,
            [(0, 3000), (7200, 11000)],
            kind="Recurring",
            recurrency="Daily",
            start=T0 + timedelta(hours=18),
            duration=86400,
        )
    )
    day3 = T0 + timedelta(days=3)
    assert s.limit_w(1, day3 + timedelta(hours=18, minutes=30)) == 3000
    assert s.limit_w(1, day3 + timedelta(hours=21)) == 11000
    assert s.limit_w(1, day3 + timedelta(hours=10)) == 11000  # still yesterday's cycle


def test_relative_runs_from_the_transaction_start() -> None:
    s = store({1: "tx1"})
    s.install(profile(1, [(0, 2000), (600, 8000)], purpose="tx", kind="Relative"))
    tx_start = T0 + timedelta(hours=5)
    assert s.limit_w(1, tx_start + timedelta(minutes=5), "tx1", tx_start) == 2000
    assert s.limit_w(1, tx_start + timedelta(minutes=15), "tx1", tx_start) == 8000
    assert s.limit_w(1, tx_start, "tx1", None) is None  # no transaction start known


def test_amps_become_watts_with_phases_and_voltage() -> None:
    s = store()
    s.install(profile(1, 16, unit="A"))
    assert s.limit_w(1, T0, phases=3, voltage_v=230) == 16 * 3 * 230
    assert s.limit_w(1, T0, phases=1, voltage_v=230) == 16 * 230
    one_phase = ChargingSchedule("A", ((0, 10.0, 1),), start=T0)
    s.install(ChargingProfile(2, 1, "tx_default", "Absolute", one_phase, evse_id=1))
    assert s.limit_w(1, T0, phases=3) == 10 * 230


def test_tx_profile_refused_without_transaction() -> None:
    s = store({2: "tx9"})
    assert s.install(profile(1, 5000, purpose="tx", evse=1)) == "Rejected"
    assert s.install(profile(1, 5000, purpose="tx", evse=2, transaction_id="other")) == "Rejected"
    assert s.install(profile(1, 5000, purpose="tx", evse=0)) == "Rejected"
    assert s.install(profile(1, 5000, purpose="tx", evse=2)) == "Accepted"
    assert s.find(ids=[1])[0].transaction_id == "tx9"
    assert s.transaction_ended(2, "tx9") == 1
    assert len(s) == 0


def test_install_rules() -> None:
    s = store()
    assert s.install(profile(1, 5000, purpose="station_max", evse=1)) == "Rejected"
    assert s.install(profile(1, 5000, evse=3)) == "Rejected"  # only two EVSEs
    assert s.install(profile(1, 5000, stack=11)) == "Rejected"
    assert s.install(profile(1, [(0, 1), (0, 2)])) == "Rejected"
    assert s.install(profile(1, 5000, purpose="external", evse=0)) == "Rejected"
    assert s.install(profile(1, 5000, kind="Recurring")) == "Rejected"  # no recurrency
    assert len(s) == 0


def test_same_id_replaces_and_same_slot_follows_edition_rules() -> None:
    s = store()
    s.install(profile(1, 5000, stack=1))
    assert s.install(profile(1, 6000, stack=2)) == "Accepted"
    assert len(s) == 1 and s.limit_w(1, T0) == 6000
    # 1.6: same purpose + stack level + EVSE with another id replaces the old one.
    assert s.install(profile(2, 7000, stack=2)) == "Accepted"
    assert [p.id for p in s.find()] == [2]
    # 2.0.1: refused while the validity windows overlap.
    s201 = store(rules="2.0.1")
    s201.install(profile(1, 5000, stack=1, valid_to=T0 + timedelta(days=1)))
    assert s201.install(profile(2, 7000, stack=1)) == "Rejected"
    later = profile(3, 7000, stack=1, valid_from=T0 + timedelta(days=1))
    assert s201.install(later) == "Accepted"
    # 2.0.1 insists on startSchedule for Absolute; 1.6 runs it from the transaction start.
    assert s201.install(profile(4, 1000, stack=3, start=None)) == "Rejected"
    assert s.install(profile(4, 1000, stack=3, start=None)) == "Accepted"
    assert s.limit_w(1, T0 + timedelta(hours=1), tx_start=T0) == 1000


def test_profile_count_is_bounded() -> None:
    s = ProfileStore(StationSettings(max_charging_profiles_installed=2))
    assert s.install(profile(1, 1, stack=1)) == "Accepted"
    assert s.install(profile(2, 1, stack=2)) == "Accepted"
    assert s.install(profile(3, 1, stack=3)) == "Rejected"
    assert s.install(profile(2, 5, stack=2)) == "Accepted"  # a replacement still fits


def test_clear_by_filters() -> None:
    s = store({1: "tx1"})
    s.install(profile(1, 1, purpose="station_max", evse=0))
    s.install(profile(2, 1, evse=0, stack=1))
    s.install(profile(3, 1, evse=1, stack=1))
    s.install(profile(4, 1, evse=1, stack=2))
    s.install(profile(5, 1, purpose="tx", evse=1))
    assert s.clear(id=99) is False
    assert s.clear(evse_id=2) is False
    assert s.clear(evse_id=1, purpose="tx_default", stack_level=2) is True
    assert sorted(p.id for p in s.find()) == [1, 2, 3, 5]
    assert s.clear(purpose="tx_default") is True
    assert sorted(p.id for p in s.find()) == [1, 5]
    assert s.clear(id=5) is True
    assert s.clear() is True
    assert len(s) == 0


def test_composite_schedule() -> None:
    s = store({1: "tx1"})
    s.install(profile(1, [(0, 10000), (3600, 6000)], purpose="station_max", evse=0))
    s.install(profile(2, [(0, 7000), (1800, 11000)], purpose="tx", duration=5400))
    comp = s.composite(1, T0, 7200, "W", tx_id="tx1", tx_start=T0)
    # 0-30 min: tx 7 kW; 30-60: station 10 kW; 60-90: 6 kW; tx ends at 90 min and the
    # 22 kW hardware maximum is above the station's 6 kW.
    assert comp["periods"] == [(0, 7000.0), (1800, 10000.0), (3600, 6000.0)]
    amps = s.composite(1, T0, 7200, "A", tx_id="tx1", tx_start=T0)
    assert amps["periods"][0] == (0, 10.1)  # 7000 / 690, rounded down
    payload16 = sc.composite_to_v16(comp, 1)
    validate("v16", "GetCompositeScheduleResponse", payload16)
    assert payload16["chargingSchedule"]["chargingSchedulePeriod"][1] == {
        "startPeriod": 1800,
        "limit": 10000.0,
    }
    validate("v201", "GetCompositeScheduleResponse", sc.composite_to_v201(comp))


def test_composite_without_profiles_is_the_hardware_maximum() -> None:
    comp = store().composite(1, T0, 3600)
    assert comp["periods"] == [(0, 22000.0)]


def test_composite_covers_recurring_cycles() -> None:
    s = store()
    s.install(
        profile(
            1,
            [(0, 3000)],
            kind="Recurring",
            recurrency="Daily",
            start=T0 + timedelta(hours=18),
            duration=3600,
        )
    )
    comp = s.composite(1, T0, 2 * 86400)
    assert comp["periods"] == [
        (0, 22000.0),
        (18 * 3600, 3000.0),
        (19 * 3600, 22000.0),
        (42 * 3600, 3000.0),
        (43 * 3600, 22000.0),
    ]


def test_v16_translation_round_trip() -> None:
    payload = {
        "connectorId": 1,
        "csChargingProfiles": {
            "chargingProfileId": 8,
            "transactionId": 42,
            "stackLevel": 2,
            "chargingProfilePurpose": "TxProfile",
            "chargingProfileKind": "Relative",
            "chargingSchedule": {
                "duration": 3600,
                "chargingRateUnit": "A",
                "chargingSchedulePeriod": [
                    {"startPeriod": 0, "limit": 16.0, "numberPhases": 3},
                    {"startPeriod": 600, "limit": 10.0},
                ],
                "minChargingRate": 6.0,
            },
        },
    }
    validate("v16", "SetChargingProfile", payload)
    p = sc.from_v16(payload["csChargingProfiles"], payload["connectorId"])
    assert (p.id, p.purpose, p.transaction_id, p.evse_id) == (8, "tx", "42", 1)
    assert p.schedule.periods == ((0, 16.0, 3), (600, 10.0, None))
    assert sc.profile_to_v16(p) == payload["csChargingProfiles"]
    s = store({1: "42"})
    assert s.install(p) == "Accepted"
    assert sc.clear_args_v16({"connectorId": 1, "chargingProfilePurpose": "TxProfile"}) == {
        "id": None,
        "evse_id": 1,
        "purpose": "tx",
        "stack_level": None,
    }


def test_v201_translation_round_trip() -> None:
    payload = {
        "evseId": 0,
        "chargingProfile": {
            "id": 3,
            "stackLevel": 0,
            "chargingProfilePurpose": "ChargingStationMaxProfile",
            "chargingProfileKind": "Recurring",
            "recurrencyKind": "Weekly",
            "validFrom": "2025-03-01T00:00:00Z",
            "chargingSchedule": [
                {
                    "id": 1,
                    "startSchedule": "2025-03-03T00:00:00Z",
                    "chargingRateUnit": "W",
                    "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 50000.0}],
                }
            ],
        },
    }
    validate("v201", "SetChargingProfileRequest", payload)
    p = sc.from_v201(payload["chargingProfile"], payload["evseId"])
    assert (p.purpose, p.kind, p.recurrency, p.valid_from) == (
        "station_max",
        "Recurring",
        "Weekly",
        T0,
    )
    assert sc.profile_to_v201(p) == payload["chargingProfile"]
    assert store(rules="2.0.1").install(p) == "Accepted"
    ext = {
        **payload["chargingProfile"],
        "chargingProfilePurpose": "ChargingStationExternalConstraints",
    }
    assert store(rules="2.0.1").install(sc.from_v201(ext, 0)) == "Rejected"
    assert sc.clear_args_v201({"chargingProfileCriteria": {"evseId": 2, "stackLevel": 1}}) == {
        "id": None,
        "evse_id": 2,
        "purpose": None,
        "stack_level": 1,
    }


# -- property: the effective limit never exceeds what the winning profiles allow ---------

limits = st.floats(min_value=0, max_value=50000, allow_nan=False).map(lambda v: round(v, 1))
offsets = st.integers(min_value=0, max_value=7200)


@st.composite
def schedules(draw: st.DrawFn) -> tuple[str, list[tuple[int, float]], str, int | None]:
    unit = draw(st.sampled_from(["W", "A"]))
    later = sorted(draw(st.sets(st.integers(min_value=1, max_value=7200), max_size=4)))
    periods = [(0, draw(limits))] + [(o, draw(limits)) for o in later]
    kind = draw(st.sampled_from(["Absolute", "Relative"]))
    duration = draw(st.none() | st.integers(min_value=1, max_value=7200))
    return unit, periods, kind, duration


def active_limit_w(p: ChargingProfile, at: datetime, tx_start: datetime) -> float | None:
    """An independent, simple reading of one profile at one time (Absolute/Relative)."""
    origin = tx_start if p.kind == "Relative" else p.schedule.start
    assert origin is not None
    offset = (at - origin).total_seconds()
    if offset < 0 or (p.schedule.duration_s is not None and offset >= p.schedule.duration_s):
        return None
    period = [q for q in p.schedule.periods if q[0] <= offset][-1]
    return period[1] * (3 * 230 if p.schedule.rate_unit == "A" else 1)


@settings(max_examples=150, deadline=None)
@given(
    specs=st.lists(schedules(), min_size=1, max_size=3),
    at=offsets,
    tx_delay=st.integers(min_value=0, max_value=3600),
)
def test_limit_never_above_an_applicable_profile(
    specs: list[tuple[str, list[tuple[int, float]], str, int | None]], at: int, tx_delay: int
) -> None:
    """With one profile per purpose, the cap is at most each applicable profile's limit,
    and equals the lowest of the station maximum and the transaction's limit."""
    s = store({1: "tx1"})
    installed = []
    for pid, (purpose, (unit, periods, kind, duration)) in enumerate(
        zip(["station_max", "tx_default", "tx"], specs, strict=False), start=1
    ):
        p = profile(
            pid,
            periods,
            purpose=purpose,
            evse=0 if purpose == "station_max" else 1,
            unit=unit,
            kind=kind,
            duration=duration,
        )
        assert s.install(p) == "Accepted"
        installed.append(s.find(ids=[pid])[0])
    tx_start = T0 + timedelta(seconds=tx_delay)
    now = T0 + timedelta(seconds=at)
    got = s.limit_w(1, now, "tx1", tx_start, phases=3, voltage_v=230)
    active = {p.purpose: active_limit_w(p, now, tx_start) for p in installed}
    applicable = [v for v in active.values() if v is not None]
    if not applicable:
        assert got is None
        return
    assert got is not None
    for purpose, value in active.items():
        if value is not None and not (purpose == "tx_default" and active.get("tx") is not None):
            assert got <= value + 1e-6
    tx_value = active.get("tx") if active.get("tx") is not None else active.get("tx_default")
    expected = min(v for v in (active.get("station_max"), tx_value) if v is not None)
    assert abs(got - expected) < 1e-6


@settings(max_examples=100, deadline=None)
@given(
    station=limits,
    tx_levels=st.lists(st.tuples(st.integers(0, 10), limits), min_size=1, max_size=5),
    at=offsets,
)
def test_station_maximum_is_never_exceeded(
    station: float, tx_levels: list[tuple[int, float]], at: int
) -> None:
    s = store({1: "tx1"})
    s.install(profile(100, station, purpose="station_max", evse=0))
    for pid, (stack, value) in enumerate(tx_levels, start=1):
        s.install(profile(pid, value, purpose="tx", stack=stack))
    got = s.limit_w(1, T0 + timedelta(seconds=at), "tx1", T0)
    assert got is not None and got <= station
    comp = s.composite(1, T0, 7200, tx_id="tx1", tx_start=T0)
    assert all(limit <= station for _, limit in comp["periods"])
