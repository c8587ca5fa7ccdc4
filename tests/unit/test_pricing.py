"""Pricing core (csms.domain.pricing / csms.domain.tariffs): rules and invariants.

The OCPI 2.2.1 worked examples are in test_pricing_ocpi_examples.py.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csms.domain.pricing import MeteredInstant, PricedSession, price_session
from csms.domain.tariffs import (
    DayOfWeek,
    Price,
    PriceComponent,
    Restrictions,
    Tariff,
    TariffDimension,
    TariffElement,
    hhmm,
    tariff_version_at,
)

D = Decimal
AMS = ZoneInfo("Europe/Amsterdam")
ENERGY, TIME, PARKING, FLAT = (
    TariffDimension.ENERGY,
    TariffDimension.TIME,
    TariffDimension.PARKING_TIME,
    TariffDimension.FLAT,
)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc, arg-type]  # mypy cannot count *args


def legs(
    start: datetime, *spec: tuple[int, Decimal, bool] | tuple[int, Decimal, bool, Decimal]
) -> list[MeteredInstant]:
    """Samples for consecutive legs (seconds, Wh added, charging[, power W])."""
    samples, at, energy = [], start, D(0)
    for leg in spec:
        seconds, wh, charging = leg[0], leg[1], leg[2]
        power = leg[3] if len(leg) > 3 else None
        samples.append(MeteredInstant(at, energy, power, None, charging))
        at += timedelta(seconds=seconds)
        energy += wh
    samples.append(MeteredInstant(at, energy, None, None, False))
    return samples


def one(*components: PriceComponent, **restrictions: object) -> TariffElement:
    r = Restrictions(**restrictions) if restrictions else None  # type: ignore[arg-type]  # kwargs typed object
    return TariffElement(tuple(components), r)


def tariff(*elements: TariffElement, **kwargs: object) -> Tariff:
    return Tariff("T", "EUR", tuple(elements), **kwargs)  # type: ignore[arg-type]  # kwargs typed object


def pc(kind: TariffDimension, price: str, vat: str | None = "20", step: int = 1) -> PriceComponent:
    return PriceComponent(kind, D(price), None if vat is None else D(vat), step)


# -- rules --------------------------------------------------------------------------------


def test_time_of_day_wraps_past_midnight() -> None:
    # Amsterdam winter (UTC+1). 21:00-23:00 local at 10 kWh/h: 21-22 at 0.30 = 3.00,
    # 22-23 in the night element (22:00-06:00) at 0.10 = 1.00. Total 4.00.
    t = tariff(
        one(pc(ENERGY, "0.10"), start_time=hhmm("22:00"), end_time=hhmm("06:00")),
        one(pc(ENERGY, "0.30")),
    )
    s = legs(utc(2024, 1, 8, 20), (7200, D(20000), True))
    priced = price_session(t, s, AMS)
    assert priced.total_excl_vat == D("4.00")
    assert [p.start for p in priced.periods] == [utc(2024, 1, 8, 20), utc(2024, 1, 8, 21)]
    # And the morning end: 05:00-07:00 local -> 1.00 + 3.00.
    s = legs(utc(2024, 1, 9, 4), (7200, D(20000), True))
    assert price_session(t, s, AMS).total_excl_vat == D("4.00")


def test_time_of_day_follows_dst_spring_forward() -> None:
    # 2024-03-31 Amsterdam: 02:00 CET -> 03:00 CEST at 01:00 UTC. "From 02:30" starts to
    # hold at the jump. 00:00-02:00 UTC charging: 1 h before the jump free, 1 h at 6.00.
    t = tariff(one(pc(TIME, "6.00"), start_time=hhmm("02:30"), end_time=hhmm("23:00")))
    s = legs(utc(2024, 3, 31, 0), (7200, D(1000), True))
    assert price_session(t, s, AMS).total_excl_vat == D("6.00")


def test_time_of_day_follows_dst_fall_back() -> None:
    # 2024-10-27 Amsterdam: 03:00 CEST -> 02:00 CET at 01:00 UTC; 02:30-03:00 local happens
    # twice (00:30-01:00 and 01:30-02:00 UTC). 00:00-02:00 UTC: 1 h at 6.00.
    t = tariff(one(pc(TIME, "6.00"), start_time=hhmm("02:30"), end_time=hhmm("03:00")))
    s = legs(utc(2024, 10, 27, 0), (7200, D(1000), True))
    assert price_session(t, s, AMS).total_excl_vat == D("6.00")


def test_day_of_week_and_dates_use_the_local_date() -> None:
    # Sunday 2024-01-14 22:30 local = 21:30 UTC; 1 h charging crosses local midnight at
    # 23:00 UTC. Weekend 2.00/h, fallback 1.00/h: 0.5 h * 2 + 0.5 h * 1 = 1.50.
    weekend = frozenset({DayOfWeek.SATURDAY, DayOfWeek.SUNDAY})
    t = tariff(one(pc(TIME, "2.00"), day_of_week=weekend), one(pc(TIME, "1.00")))
    s = legs(utc(2024, 1, 14, 22, 30), (3600, D(1000), True))
    assert price_session(t, s, AMS).total_excl_vat == D("1.50")
    # start_date inclusive, end_date exclusive: promo on 2024-01-15 only.
    t = tariff(
        one(pc(TIME, "0.00"), start_date=date(2024, 1, 15), end_date=date(2024, 1, 16)),
        one(pc(TIME, "1.00")),
    )
    # 2024-01-15 23:30 local -> 00:30 next day: 0.5 h free, 0.5 h at 1.00.
    s = legs(utc(2024, 1, 15, 22, 30), (3600, D(1000), True))
    assert price_session(t, s, AMS).total_excl_vat == D("0.50")


def test_energy_threshold_splits_inside_an_interval() -> None:
    # 25 kWh in one hour: first 10 kWh at 0.50 = 5.00, the next 15 kWh at 0.20 = 3.00.
    t = tariff(one(pc(ENERGY, "0.50"), max_kwh=D(10)), one(pc(ENERGY, "0.20")))
    s = legs(utc(2024, 1, 8, 10), (3600, D(25000), True))
    priced = price_session(t, s, AMS)
    assert priced.total_excl_vat == D("8.00")
    # The split is where 10 of 25 kWh were delivered: 0.4 h = 24 min in.
    assert priced.periods[1].start == utc(2024, 1, 8, 10, 24)
    assert [p.energy_wh for p in priced.periods] == [D(10000), D(15000)]


def test_min_duration_and_power() -> None:
    # Idle fee after 2 h of session: PARKING 1.20/h from min_duration 7200.
    t = tariff(one(pc(PARKING, "1.20"), min_duration=7200))
    s = legs(utc(2024, 1, 8, 10), (3600, D(5000), True), (7200, D(0), False))
    assert price_session(t, s, AMS).total_excl_vat == D("1.20")  # 1 h of the 2 h parked
    # Unknown power never matches a power restriction.
    t = tariff(one(pc(ENERGY, "1.00"), min_power=D(0)), one(pc(ENERGY, "0.10")))
    s = legs(utc(2024, 1, 8, 10), (3600, D(10000), True))
    assert price_session(t, s, AMS).total_excl_vat == D("1.00")
    s = legs(utc(2024, 1, 8, 10), (3600, D(10000), True, D(10000)))
    assert price_session(t, s, AMS).total_excl_vat == D("10.00")


def test_first_matching_element_per_dimension() -> None:
    # The first element matches for ENERGY but has no TIME: TIME comes from the second.
    t = tariff(
        one(pc(ENERGY, "0.30")),
        one(pc(ENERGY, "9.99"), pc(TIME, "1.00")),
    )
    s = legs(utc(2024, 1, 8, 10), (3600, D(10000), True))
    priced = price_session(t, s, AMS)
    assert priced.total_excl_vat == D("4.00")  # 10 * 0.30 + 1 h * 1.00
    assert priced.periods[0].components[TIME] == pc(TIME, "1.00")


def test_flat_once_from_the_first_matching_period() -> None:
    # Two FLAT elements on either side of 12:00: only the first one (morning) applies.
    t = tariff(
        one(pc(FLAT, "1.00"), end_time=hhmm("12:00")),
        one(pc(FLAT, "5.00"), start_time=hhmm("12:00")),
    )
    s = legs(utc(2024, 1, 8, 10), (7200, D(10000), True))  # 11:00-13:00 local
    priced = price_session(t, s, AMS)
    assert priced.total_excl_vat == D("1.00")
    assert priced.totals[FLAT].cost_excl_vat == D("1")
    # A session of a single instant still pays the FLAT fee valid at its start.
    assert price_session(t, s[:1], AMS).total_excl_vat == D("1.00")


def test_step_size_once_per_dimension_not_per_period() -> None:
    # TIME 1.00/h step 900 s in two elements around 12:00 local; 11:55-12:05 charging.
    # Once on the total: 10 min -> 15 min = 0.25. Per period it would be 15 + 15 = 0.50.
    t = tariff(
        one(pc(TIME, "1.00", step=900), end_time=hhmm("12:00")),
        one(pc(TIME, "1.00", step=900), start_time=hhmm("12:00")),
    )
    s = legs(utc(2024, 1, 8, 10, 55), (600, D(1000), True))
    priced = price_session(t, s, AMS)
    assert len(priced.periods) == 2
    assert priced.totals[TIME].billed_volume == D("0.25")
    assert priced.total_excl_vat == D("0.25")


def test_rounding_half_up_once_at_the_end() -> None:
    # Three lines of 0.005 each: per-line rounding would give 0.03; the total 0.015 is
    # rounded once -> 0.02 (half up).
    t = tariff(one(pc(ENERGY, "0.005", None), pc(TIME, "0.005", None), pc(FLAT, "0.005", None)))
    s = legs(utc(2024, 1, 8, 10), (3600, D(1000), True))
    priced = price_session(t, s, AMS)
    assert priced.totals[ENERGY].cost_excl_vat == D("0.005")
    assert priced.total_excl_vat == D("0.02")
    assert priced.total_incl_vat is None  # no VAT information


def test_min_max_price_bounds_incl_vat_separately() -> None:
    # 10 kWh * 1.00 = 10.00 excl, 12.00 incl (20 %); max 11.00 excl / 11.50 incl:
    # excl stays 10.00, incl is capped at 11.50.
    t = tariff(one(pc(ENERGY, "1.00")), max_price=Price(D("11.00"), D("11.50")))
    s = legs(utc(2024, 1, 8, 10), (3600, D(10000), True))
    priced = price_session(t, s, AMS)
    assert (priced.total_excl_vat, priced.total_incl_vat) == (D("10.00"), D("11.50"))
    assert priced.max_price_applied


def test_tariff_version_at_session_start() -> None:
    v1 = tariff(one(pc(ENERGY, "0.25")), version=1)
    v2 = tariff(one(pc(ENERGY, "0.30")), version=2, valid_from=utc(2024, 6, 1))
    v3 = tariff(
        one(pc(ENERGY, "0.35")),
        version=3,
        valid_from=utc(2024, 9, 1),
        valid_until=utc(2024, 10, 1),
    )
    versions = [v3, v1, v2]
    assert tariff_version_at(versions, utc(2024, 5, 31, 23, 59)) is v1
    assert tariff_version_at(versions, utc(2024, 6, 1)) is v2
    assert tariff_version_at(versions, utc(2024, 9, 15)) is v3
    assert tariff_version_at(versions, utc(2024, 10, 1)) is v2
    # A session starting before v2 keeps v1 even if it runs past v2's start.
    s = legs(utc(2024, 5, 31, 23), (7200, D(10000), True))
    chosen = tariff_version_at(versions, s[0].at)
    assert price_session(chosen, s, AMS).total_excl_vat == D("2.50")
    with pytest.raises(LookupError):
        tariff_version_at([v2], utc(2024, 1, 1))
    with pytest.raises(ValueError):
        tariff_version_at(versions, datetime(2024, 1, 1))


@pytest.mark.parametrize(
    "build",
    [
        lambda: hhmm("9:00"),
        lambda: hhmm("24:00"),
        lambda: Restrictions(start_time=hhmm("10:00"), end_time=hhmm("10:00")),
        lambda: PriceComponent(ENERGY, D("-1")),
        lambda: PriceComponent(ENERGY, D("1"), step_size=0),
        lambda: PriceComponent(ENERGY, 0.25),  # type: ignore[arg-type]  # a float on purpose
        lambda: Tariff("T", "euro", (one(pc(FLAT, "1")),)),
        lambda: Tariff("T", "EUR", ()),
        lambda: Tariff("T", "EUR", (one(pc(FLAT, "1")),), valid_from=datetime(2024, 1, 1)),
    ],
)
def test_model_validation(build: object) -> None:
    with pytest.raises((ValueError, TypeError)):
        build()  # type: ignore[operator]  # one of the lambdas above


def test_timeline_validation() -> None:
    t = tariff(one(pc(ENERGY, "1")))
    with pytest.raises(ValueError):
        price_session(t, [], AMS)
    with pytest.raises(ValueError):
        price_session(t, [MeteredInstant(datetime(2024, 1, 1), D(0))], AMS)
    a = MeteredInstant(utc(2024, 1, 1), D(10))
    with pytest.raises(ValueError):
        price_session(t, [a, replace(a, energy_wh=D(5))], AMS)
    with pytest.raises(ValueError):
        price_session(t, [a, replace(a, at=utc(2023, 1, 1))], AMS)


# -- properties ---------------------------------------------------------------------------

CENTS = st.integers(min_value=0, max_value=500).map(lambda c: Decimal(c).scaleb(-2))
VATS = st.sampled_from([D(0), D("5.2"), D(10), D(20), D(21)])
TIMES = st.sampled_from([hhmm(x) for x in ("00:00", "06:00", "09:30", "12:00", "17:00", "22:00")])
DAYS = st.frozensets(st.sampled_from(list(DayOfWeek)), max_size=3)


@st.composite
def restrictions(draw: st.DrawFn, energy_dependent: bool) -> Restrictions | None:
    if draw(st.booleans()):
        return None
    start, end = draw(st.none() | TIMES), draw(st.none() | TIMES)
    if start is not None and start == end:
        end = None
    kwargs: dict[str, object] = {
        "start_time": start,
        "end_time": end,
        "day_of_week": draw(DAYS),
        "min_duration": draw(st.none() | st.integers(0, 4).map(lambda h: h * 1800)),
        "max_duration": draw(st.none() | st.integers(1, 8).map(lambda h: h * 1800)),
    }
    if energy_dependent:
        kwargs["min_kwh"] = draw(st.none() | st.integers(0, 20).map(D))
        kwargs["max_kwh"] = draw(st.none() | st.integers(1, 40).map(D))
        kwargs["max_power"] = draw(st.none() | st.sampled_from([D(11), D(22), D(50)]))
    return Restrictions(**kwargs)  # type: ignore[arg-type]  # kwargs from a mixed dict


@st.composite
def tariffs(
    draw: st.DrawFn, energy_dependent: bool = True, energy_step_one: bool = False
) -> Tariff:
    elements = []
    for _ in range(draw(st.integers(1, 4))):
        kinds = draw(st.lists(st.sampled_from(list(TariffDimension)), min_size=1, max_size=4))
        components = []
        for kind in dict.fromkeys(kinds):
            step = draw(st.sampled_from([1, 60, 300, 900, 1000]))
            if kind is FLAT or (kind is ENERGY and energy_step_one):
                step = 1
            components.append(PriceComponent(kind, draw(CENTS), draw(VATS), step))
        elements.append(TariffElement(tuple(components), draw(restrictions(energy_dependent))))
    low = draw(st.none() | CENTS)
    high = draw(st.none() | CENTS.map(lambda c: c * 10))
    if low is not None and high is not None and high < low:
        low, high = high, low
    return Tariff(
        "T",
        "EUR",
        tuple(elements),
        min_price=None if low is None else Price(low, (low * D("1.25")).quantize(D("0.01"))),
        max_price=None if high is None else Price(high, (high * D("1.25")).quantize(D("0.01"))),
    )


# A leg: (seconds, Wh per second, charging, power W); whole Wh per second keeps any
# whole-second sub-instant's energy exact.
LEGS = st.lists(
    st.tuples(
        st.integers(1, 4 * 3600),
        st.integers(0, 20),
        st.booleans(),
        st.sampled_from([D(3700), D(11000), D(22000), D(150000)]),
    ),
    min_size=1,
    max_size=5,
)
STARTS = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2025, 12, 31), timezones=st.just(UTC)
).map(lambda d: d.replace(microsecond=0))


def build(start: datetime, spec: list[tuple[int, int, bool, Decimal]]) -> list[MeteredInstant]:
    return legs(start, *((sec, D(rate * sec), ch, p) for sec, rate, ch, p in spec))


def money(p: PricedSession) -> tuple[object, ...]:
    lines = tuple(
        (d, t.billed_volume, t.cost_excl_vat, t.cost_incl_vat) for d, t in p.totals.items()
    )
    return p.total_excl_vat, p.total_incl_vat, lines


PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(
    t=tariffs(energy_dependent=False, energy_step_one=True),
    start=STARTS,
    spec=LEGS,
    extra=st.lists(st.integers(0, 30), min_size=5, max_size=5),
)
def test_cost_never_decreases_as_energy_grows(
    t: Tariff, start: datetime, spec: list[tuple[int, int, bool, Decimal]], extra: list[int]
) -> None:
    """Same timeline, more energy in every leg -> never cheaper.

    Holds for tariffs whose restrictions do not depend on energy or power and whose ENERGY
    step_size is 1 Wh. It does NOT hold in general under OCPI rules: a TIME price that
    stops at ``max_kwh`` gets cheaper when energy arrives sooner, and step_size rounding at
    the LAST period's price makes moving energy into a cheaper earlier period cheaper
    (see test_step_rounding_at_the_last_price_is_not_monotone).
    """
    base = price_session(t, build(start, spec), AMS)
    more_spec = [
        (s, r + (x if r else 0), c, p) for (s, r, c, p), x in zip(spec, extra, strict=False)
    ]
    more = price_session(t, build(start, more_spec), AMS)
    assert more.total_excl_vat >= base.total_excl_vat
    assert base.total_incl_vat is not None and more.total_incl_vat is not None
    assert more.total_incl_vat >= base.total_incl_vat


def test_step_rounding_at_the_last_price_is_not_monotone() -> None:
    # Documenting the OCPI artefact excluded above: 0.10/kWh before 12:00, 1.00/kWh after,
    # step 1000 Wh. 100 Wh + 400 Wh: 0.01 + 0.40 + 500 Wh extra at 1.00 = 0.91.
    # 200 Wh + 400 Wh: 0.02 + 0.40 + 400 Wh extra at 1.00 = 0.82.
    t = tariff(
        one(pc(ENERGY, "0.10", step=1000), end_time=hhmm("12:00")),
        one(pc(ENERGY, "1.00", step=1000)),
    )
    start = utc(2024, 1, 8, 10)  # 11:00 local
    small = legs(start, (3600, D(100), True), (3600, D(400), True))
    large = legs(start, (3600, D(200), True), (3600, D(400), True))
    assert price_session(t, small, AMS).total_excl_vat == D("0.91")
    assert price_session(t, large, AMS).total_excl_vat == D("0.82")


@PROPERTY
@given(t=tariffs(), start=STARTS, spec=LEGS, where=st.data())
def test_splitting_at_an_instant_where_nothing_changes(
    t: Tariff, start: datetime, spec: list[tuple[int, int, bool, Decimal]], where: st.DataObject
) -> None:
    samples = build(start, spec)
    i = where.draw(st.integers(0, len(spec) - 1))
    seconds, rate = spec[i][0], spec[i][1]
    if seconds < 2:
        return
    k = where.draw(st.integers(1, seconds - 1))
    a = samples[i]
    mid = replace(a, at=a.at + timedelta(seconds=k), energy_wh=a.energy_wh + rate * k)
    split = [*samples[: i + 1], mid, *samples[i + 1 :]]
    assert money(price_session(t, split, AMS)) == money(price_session(t, samples, AMS))


@PROPERTY
@given(
    start=STARTS,
    spec=st.lists(st.tuples(st.integers(1, 3 * 3600), st.booleans()), min_size=1, max_size=4),
    price=CENTS,
)
def test_step_size_applied_once_on_the_total(
    start: datetime, spec: list[tuple[int, bool]], price: Decimal
) -> None:
    # Same TIME price in elements that switch at several times of day, step 900 s.
    t = tariff(
        one(pc(TIME, str(price), step=900), end_time=hhmm("09:30")),
        one(pc(TIME, str(price), step=900), start_time=hhmm("09:30"), end_time=hhmm("17:00")),
        one(pc(TIME, str(price), step=900)),
    )
    samples = legs(start, *((sec, D(sec), True) for sec, _ in spec))
    total = sum(sec for sec, _ in spec)
    billed = math.ceil(total / 900) * 900
    priced = price_session(t, samples, AMS)
    assert priced.totals[TIME].billed_volume * 3600 == billed
    expected = (D(billed) * price / 3600).quantize(D("0.01"), rounding="ROUND_HALF_UP")
    assert priced.total_excl_vat == expected


@PROPERTY
@given(t=tariffs(), start=STARTS, spec=LEGS)
def test_vat_and_min_max_bounds(
    t: Tariff, start: datetime, spec: list[tuple[int, int, bool, Decimal]]
) -> None:
    priced = price_session(t, build(start, spec), AMS)
    assert priced.total_incl_vat is not None
    assert priced.total_incl_vat >= priced.total_excl_vat >= 0
    if t.min_price is not None:
        assert priced.total_excl_vat >= t.min_price.excl_vat
        assert priced.total_incl_vat >= t.min_price.incl_vat  # type: ignore[operator]  # these tariffs carry VAT
    if t.max_price is not None:
        assert priced.total_excl_vat <= t.max_price.excl_vat
        assert priced.total_incl_vat <= t.max_price.incl_vat  # type: ignore[operator]  # these tariffs carry VAT
    assert priced.total_excl_vat == priced.total_excl_vat.quantize(D("0.01"))
