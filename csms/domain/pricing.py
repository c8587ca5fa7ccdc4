"""Pricing a charging session with an OCPI 2.2.1 tariff (pure, no I/O).

Input: the session as a timeline of metered instants (:class:`MeteredInstant`: UTC timestamp,
cumulative energy in Wh, power in W, current in A, and whether the EV charges from that
instant until the next one), the location's time zone and the :class:`Tariff` version valid
at the session start (:func:`tariff_version_at`).

Algorithm (OCPI 2.2.1, module ``tariffs``):

1. Walk the timeline interval by interval; power, current and the charging flag of a sample
   hold until the next sample, energy grows linearly between samples.
2. Split every interval wherever an element may become (in)active: every ``start_time`` /
   ``end_time`` of the tariff and local midnight (day of week, dates) in the location's
   time zone, UTC offset changes (DST), ``min/max_duration`` since session start and the
   instants the cumulative energy crosses ``min/max_kwh``.
3. For every resulting period and every dimension, the FIRST element having a component of
   that dimension whose restrictions all hold at the start of the period is used; if none
   matches, that dimension is free in that period.
4. Volumes per period: energy (Wh) goes to ENERGY, time goes to TIME when charging and to
   PARKING_TIME when not.
5. ``step_size`` is applied ONCE per dimension on the session total: the billed total is
   the priced volume rounded up to a multiple of the ``step_size`` of the component used in
   the last period with volume in that dimension, and the extra volume is billed at that
   component's price (OCPI 2.2.1 "step_size when switching TariffElement" examples).
6. FLAT is charged once: the component of the first period (chronologically) in which an
   element with a FLAT component matches.
7. Totals excl. and incl. VAT (VAT per component), then clamped to ``min_price`` /
   ``max_price`` (each bound applies to excl. VAT and, when given, incl. VAT).

Arithmetic: money and volumes are ``Decimal`` at the boundaries; inside, everything is an
exact rational (:class:`fractions.Fraction`), so no intermediate rounding happens at all.
The session totals are rounded ONCE, at the very end, to cents (2 decimals) with
ROUND_HALF_UP. Per-dimension line amounts are reported to 10 decimals (informational, they
are not rounded to cents and are not what the totals are computed from).

Not covered: reservation restrictions (``RESERVATION`` / ``RESERVATION_EXPIRES``) and the
OCPI remark that parking time may be absorbed by TIME billed in excess of usage.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from csms.domain.tariffs import (
    DayOfWeek,
    PriceComponent,
    Restrictions,
    Tariff,
    TariffDimension,
    TariffElement,
    tariff_version_at,
)

__all__ = [
    "ChargingPeriod",
    "DimensionTotal",
    "MeteredInstant",
    "PricedSession",
    "price_session",
    "tariff_version_at",
]

CENT = Decimal("0.01")
_LINE_QUANTUM = Decimal("1E-10")
_VOLUME_QUANTUM = Decimal("1E-6")
_ONE_SECOND = timedelta(seconds=1)
_METERED = (TariffDimension.ENERGY, TariffDimension.TIME, TariffDimension.PARKING_TIME)
# Price unit per volume unit: ENERGY volumes are Wh (price per kWh), times are seconds.
_UNITS_PER_PRICE_UNIT = {
    TariffDimension.ENERGY: 1000,
    TariffDimension.TIME: 3600,
    TariffDimension.PARKING_TIME: 3600,
}


@dataclass(frozen=True, slots=True)
class MeteredInstant:
    """One metered instant of a session.

    ``energy_wh`` is cumulative over the session (non-decreasing). ``power_w``,
    ``current_a`` and ``charging`` describe the session from this instant until the next
    sample (``charging=False``: the EV is connected but not charging, i.e. PARKING_TIME).
    """

    at: datetime
    energy_wh: Decimal
    power_w: Decimal | None = None
    current_a: Decimal | None = None
    charging: bool = True


@dataclass(frozen=True, slots=True)
class ChargingPeriod:
    """A stretch of the session during which the component used per dimension is constant."""

    start: datetime
    end: datetime
    energy_wh: Decimal
    charging_seconds: Decimal
    parking_seconds: Decimal
    components: dict[TariffDimension, PriceComponent | None]


@dataclass(frozen=True, slots=True)
class DimensionTotal:
    """One invoice line. ``volume`` is everything used (kWh or hours, 1 for FLAT);
    ``billed_volume`` the priced part after step_size rounding (same unit)."""

    dimension: TariffDimension
    volume: Decimal
    billed_volume: Decimal
    step_size: int | None
    cost_excl_vat: Decimal
    cost_incl_vat: Decimal | None


@dataclass(frozen=True, slots=True)
class PricedSession:
    tariff_id: str
    tariff_version: int
    currency: str
    periods: tuple[ChargingPeriod, ...]
    totals: dict[TariffDimension, DimensionTotal]
    total_excl_vat: Decimal  # cents, ROUND_HALF_UP, after min/max price
    total_incl_vat: Decimal | None  # None when a billed component has no VAT information
    min_price_applied: bool
    max_price_applied: bool


# -- internal state -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _State:
    local: datetime
    duration_s: Fraction
    energy_wh: Fraction
    power_w: Decimal | None
    current_a: Decimal | None


@dataclass(slots=True)
class _Period:
    start_s: Fraction
    end_s: Fraction
    energy_wh: Fraction
    charging: bool
    components: dict[TariffDimension, PriceComponent | None]

    def volume(self, dimension: TariffDimension) -> Fraction:
        seconds = self.end_s - self.start_s
        if dimension is TariffDimension.ENERGY:
            return self.energy_wh
        if dimension is TariffDimension.TIME:
            return seconds if self.charging else Fraction(0)
        return Fraction(0) if self.charging else seconds


def _frac(value: Decimal) -> Fraction:
    return Fraction(value)


def _seconds(delta: timedelta) -> Fraction:
    return Fraction(delta.days * 86400 + delta.seconds) + Fraction(delta.microseconds, 10**6)


def _at(start: datetime, offset_s: Fraction) -> datetime:
    # Floor to the microsecond: an instant before a whole-microsecond boundary stays before it.
    return start + timedelta(microseconds=math.floor(offset_s * 10**6))


def _in_range(value: Fraction, low: Decimal | int | None, high: Decimal | int | None) -> bool:
    if low is not None and value < Fraction(low):
        return False
    return high is None or value < Fraction(high)


def _time_holds(r: Restrictions, t: time) -> bool:
    start, end = r.start_time, r.end_time
    if start is None:
        return end is None or t < end
    if end is None:
        return t >= start
    if start < end:
        return start <= t < end
    return t >= start or t < end  # wraps past midnight


def _holds(r: Restrictions | None, s: _State) -> bool:
    if r is None:
        return True
    local_time = s.local.time().replace(tzinfo=None)
    local_date = s.local.date()
    if not _time_holds(r, local_time):
        return False
    if r.start_date is not None and local_date < r.start_date:
        return False
    if r.end_date is not None and local_date >= r.end_date:
        return False
    if r.day_of_week and DayOfWeek.of(local_date) not in r.day_of_week:
        return False
    if not _in_range(s.energy_wh / 1000, r.min_kwh, r.max_kwh):
        return False
    if not _in_range(s.duration_s, r.min_duration, r.max_duration):
        return False
    if (r.min_power is not None or r.max_power is not None) and (
        s.power_w is None or not _in_range(_frac(s.power_w) / 1000, r.min_power, r.max_power)
    ):
        return False
    return (r.min_current is None and r.max_current is None) or (
        s.current_a is not None and _in_range(_frac(s.current_a), r.min_current, r.max_current)
    )


def _components(
    elements: Sequence[TariffElement], s: _State
) -> dict[TariffDimension, PriceComponent | None]:
    chosen: dict[TariffDimension, PriceComponent | None] = dict.fromkeys(TariffDimension)
    for element in elements:
        if all(chosen[d] is not None for d in TariffDimension):
            break
        if not _holds(element.restrictions, s):
            continue
        for dimension in TariffDimension:
            if chosen[dimension] is None:
                chosen[dimension] = element.component(dimension)
    return chosen


# -- splitting ----------------------------------------------------------------------------


def _local_boundaries(
    a: datetime, b: datetime, tz: tzinfo, times: Sequence[time]
) -> list[datetime]:
    """UTC instants strictly inside (a, b) where local wall time reaches one of ``times``
    (midnight included by the caller), plus the UTC offset changes (DST)."""
    first = a.astimezone(tz).date() - timedelta(days=1)
    last = b.astimezone(tz).date() + timedelta(days=1)
    found: set[datetime] = set()
    day: date = first
    while day <= last:
        for t in times:
            for fold in (0, 1):
                instant = datetime.combine(day, t, tzinfo=tz).replace(fold=fold).astimezone(UTC)
                if a < instant < b:
                    found.add(instant)
        day += timedelta(days=1)
    points = sorted(found | {a, b})
    for lo, hi in itertools.pairwise(points):
        found.update(_offset_changes(lo, hi, tz))
    return sorted(x for x in found if a < x < b)


def _offset_changes(lo: datetime, hi: datetime, tz: tzinfo) -> list[datetime]:
    """The (at most one, as ``lo``/``hi`` are never a day apart) instant in (lo, hi] where
    the UTC offset of ``tz`` changes, to the second."""
    if lo.astimezone(tz).utcoffset() == hi.astimezone(tz).utcoffset():
        return []
    base = lo.replace(microsecond=0)
    before = base.astimezone(tz).utcoffset()
    low, high = 0, math.ceil(_seconds(hi - base))
    while high - low > 1:  # offset(base + low) == before != offset(base + high)
        mid = (low + high) // 2
        if (base + mid * _ONE_SECOND).astimezone(tz).utcoffset() == before:
            low = mid
        else:
            high = mid
    return [base + high * _ONE_SECOND]


def _split(
    tariff: Tariff, samples: Sequence[MeteredInstant], tz: tzinfo
) -> tuple[list[_Period], _State]:
    start = samples[0].at
    restrictions = [e.restrictions for e in tariff.elements if e.restrictions is not None]
    times = sorted({time(0, 0)} | {t for r in restrictions for t in r.times_of_day()})
    durations = sorted(
        {Fraction(d) for r in restrictions for d in (r.min_duration, r.max_duration) if d}
    )
    energies = sorted(
        {_frac(k) * 1000 for r in restrictions for k in (r.min_kwh, r.max_kwh) if k is not None}
    )
    e_first = _frac(samples[0].energy_wh)

    def state(sample: MeteredInstant, offset_s: Fraction, energy: Fraction) -> _State:
        return _State(
            local=_at(start, offset_s).astimezone(tz),
            duration_s=offset_s,
            energy_wh=energy - e_first,
            power_w=sample.power_w,
            current_a=sample.current_a,
        )

    periods: list[_Period] = []
    for a, b in itertools.pairwise(samples):
        t0, t1 = _seconds(a.at - start), _seconds(b.at - start)
        e0, e1 = _frac(a.energy_wh), _frac(b.energy_wh)
        dt, de = t1 - t0, e1 - e0
        cuts: set[Fraction] = {Fraction(0), Fraction(1)}
        if dt:
            cuts.update(
                (_seconds(x - start) - t0) / dt for x in _local_boundaries(a.at, b.at, tz, times)
            )
            cuts.update((d - t0) / dt for d in durations if t0 < d < t1)
        if de:
            cuts.update(
                (w - (e0 - e_first)) / de for w in energies if e0 - e_first < w < e1 - e_first
            )
        lams = sorted(c for c in cuts if 0 <= c <= 1)
        for lo, hi in itertools.pairwise(lams):
            offset = t0 + lo * dt
            energy = (hi - lo) * de
            if hi * dt == lo * dt and not energy:
                continue
            s = state(a, offset, e0 + lo * de)
            periods.append(
                _Period(
                    start_s=offset,
                    end_s=t0 + hi * dt,
                    energy_wh=energy,
                    charging=a.charging,
                    components=_components(tariff.elements, s),
                )
            )
    first_state = state(samples[0], Fraction(0), e_first)
    return periods, first_state


# -- totals -------------------------------------------------------------------------------


@dataclass(slots=True)
class _Line:
    excl: Fraction
    incl: Fraction | None
    volume: Fraction
    billed: Fraction
    step_size: int | None


def _cost(component: PriceComponent, units: Fraction) -> tuple[Fraction, Fraction | None]:
    excl = units * _frac(component.price)
    if component.vat is None:
        return excl, None
    return excl, excl * (100 + _frac(component.vat)) / 100


def _metered_line(periods: Sequence[_Period], dimension: TariffDimension) -> _Line:
    per_unit = _UNITS_PER_PRICE_UNIT[dimension]
    volume = sum((p.volume(dimension) for p in periods), Fraction(0))
    priced = [
        (c, v)
        for p in periods
        if (c := p.components[dimension]) is not None and (v := p.volume(dimension)) > 0
    ]
    if not priced:
        return _Line(Fraction(0), Fraction(0), volume, Fraction(0), None)
    last = priced[-1][0]
    used = sum((v for _, v in priced), Fraction(0))
    billed = math.ceil(used / last.step_size) * last.step_size
    priced.append((last, billed - used))  # the step_size rounding, once, at the last price
    excl, incl = Fraction(0), Fraction(0)
    incl_known = True
    for component, v in priced:
        e, i = _cost(component, v / per_unit)
        excl += e
        if i is None:
            incl_known = False
        else:
            incl += i
    return _Line(excl, incl if incl_known else None, volume, Fraction(billed), last.step_size)


def _flat_line(periods: Sequence[_Period], first: _State, tariff: Tariff) -> _Line:
    flat: PriceComponent | None = None
    for p in periods:
        if (flat := p.components[TariffDimension.FLAT]) is not None:
            break
    if not periods:
        flat = _components(tariff.elements, first)[TariffDimension.FLAT]
    if flat is None:
        return _Line(Fraction(0), Fraction(0), Fraction(1), Fraction(0), None)
    excl, incl = _cost(flat, Fraction(1))
    return _Line(excl, incl, Fraction(1), Fraction(1), None)


def _clamp(value: Fraction, low: Decimal | None, high: Decimal | None) -> Fraction:
    if low is not None:
        value = max(value, _frac(low))
    if high is not None:
        value = min(value, _frac(high))
    return value


def _cents(value: Fraction) -> Decimal:
    """Exact ROUND_HALF_UP to cents (amounts are never negative)."""
    cents = math.floor(value * 100 + Fraction(1, 2))
    return Decimal(cents).scaleb(-2).quantize(CENT, rounding=ROUND_HALF_UP)


def _dec(value: Fraction, quantum: Decimal) -> Decimal:
    places = -int(quantum.as_tuple().exponent)
    return Decimal(math.floor(value * 10**places + Fraction(1, 2))).scaleb(-places).normalize()


def _validate(samples: Sequence[MeteredInstant]) -> None:
    if not samples:
        raise ValueError("a session needs at least one meter sample")
    for s in samples:
        if s.at.utcoffset() is None:
            raise ValueError("meter sample timestamps must be timezone-aware")
        if not isinstance(s.energy_wh, Decimal) or not s.energy_wh.is_finite():
            raise TypeError(f"energy_wh must be a finite Decimal, got {s.energy_wh!r}")
    for a, b in itertools.pairwise(samples):
        if b.at < a.at:
            raise ValueError("meter samples must be in chronological order")
        if b.energy_wh < a.energy_wh:
            raise ValueError("cumulative energy must not decrease")


def price_session(tariff: Tariff, samples: Sequence[MeteredInstant], tz: tzinfo) -> PricedSession:
    """Price the session ``samples`` (see the module docstring) at a location in ``tz``.

    ``tariff`` is the version to use; pick it with :func:`tariff_version_at` at the
    session start.
    """
    _validate(samples)
    periods, first = _split(tariff, samples, tz)
    lines = {d: _metered_line(periods, d) for d in _METERED}
    lines[TariffDimension.FLAT] = _flat_line(periods, first, tariff)

    raw_excl = sum((line.excl for line in lines.values()), Fraction(0))
    incls = [line.incl for line in lines.values()]
    known_incls = [i for i in incls if i is not None]
    raw_incl = sum(known_incls, Fraction(0)) if len(known_incls) == len(incls) else None

    low, high = tariff.min_price, tariff.max_price
    excl = _clamp(raw_excl, low.excl_vat if low else None, high.excl_vat if high else None)
    incl = (
        None
        if raw_incl is None
        else _clamp(raw_incl, low.incl_vat if low else None, high.incl_vat if high else None)
    )
    min_applied = low is not None and (
        raw_excl < _frac(low.excl_vat)
        or (raw_incl is not None and low.incl_vat is not None and raw_incl < _frac(low.incl_vat))
    )
    max_applied = high is not None and (
        raw_excl > _frac(high.excl_vat)
        or (raw_incl is not None and high.incl_vat is not None and raw_incl > _frac(high.incl_vat))
    )

    start = samples[0].at
    to_unit = {
        TariffDimension.ENERGY: Fraction(1, 1000),
        TariffDimension.TIME: Fraction(1, 3600),
        TariffDimension.PARKING_TIME: Fraction(1, 3600),
        TariffDimension.FLAT: Fraction(1),
    }
    totals = {
        d: DimensionTotal(
            dimension=d,
            volume=_dec(line.volume * to_unit[d], _LINE_QUANTUM),
            billed_volume=_dec(line.billed * to_unit[d], _LINE_QUANTUM),
            step_size=line.step_size,
            cost_excl_vat=_dec(line.excl, _LINE_QUANTUM),
            cost_incl_vat=None if line.incl is None else _dec(line.incl, _LINE_QUANTUM),
        )
        for d, line in lines.items()
    }
    return PricedSession(
        tariff_id=tariff.id,
        tariff_version=tariff.version,
        currency=tariff.currency,
        periods=tuple(
            ChargingPeriod(
                start=_at(start, p.start_s),
                end=_at(start, p.end_s),
                energy_wh=_dec(p.energy_wh, _VOLUME_QUANTUM),
                charging_seconds=_dec(p.volume(TariffDimension.TIME), _VOLUME_QUANTUM),
                parking_seconds=_dec(p.volume(TariffDimension.PARKING_TIME), _VOLUME_QUANTUM),
                components=dict(p.components),
            )
            for p in periods
        ),
        totals=totals,
        total_excl_vat=_cents(excl),
        total_incl_vat=None if incl is None else _cents(incl),
        min_price_applied=min_applied,
        max_price_applied=max_applied,
    )
