"""Tariffs shaped like OCPI 2.2.1 (module ``tariffs``): the model only, no pricing.

A :class:`Tariff` has a currency and an ordered list of :class:`TariffElement`. Each element
carries price components (``ENERGY`` per kWh, ``TIME`` per hour charging, ``PARKING_TIME``
per hour not charging, ``FLAT`` per session), each with a price excluding VAT, an optional VAT
percentage and a ``step_size``; and optional :class:`Restrictions` deciding when the element
is active. The order of the elements matters: per dimension, the *first* element whose
restrictions all hold is the one that applies (OCPI 2.2.1, Tariff object).

Money and volumes are :class:`~decimal.Decimal`, never ``float``.

Tariffs are versioned: ``version`` with a validity window ``[valid_from, valid_until)``
(OCPI ``start_date_time`` / ``end_date_time``). A session is priced with the version valid
at its start (:func:`tariff_version_at`), even if a newer version starts during the session.

The pricing itself lives in :mod:`csms.domain.pricing`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from enum import StrEnum

__all__ = [
    "DayOfWeek",
    "Price",
    "PriceComponent",
    "Restrictions",
    "Tariff",
    "TariffDimension",
    "TariffElement",
    "hhmm",
    "tariff_version_at",
]


class TariffDimension(StrEnum):
    ENERGY = "ENERGY"  # per kWh; step_size unit: 1 Wh
    FLAT = "FLAT"  # once per session; no step_size
    PARKING_TIME = "PARKING_TIME"  # per hour not charging; step_size unit: 1 second
    TIME = "TIME"  # per hour charging; step_size unit: 1 second


class DayOfWeek(StrEnum):
    MONDAY = "MONDAY"
    TUESDAY = "TUESDAY"
    WEDNESDAY = "WEDNESDAY"
    THURSDAY = "THURSDAY"
    FRIDAY = "FRIDAY"
    SATURDAY = "SATURDAY"
    SUNDAY = "SUNDAY"

    @classmethod
    def of(cls, day: date) -> DayOfWeek:
        return _WEEK[day.weekday()]


_WEEK = tuple(DayOfWeek)


def hhmm(text: str) -> time:
    """``"13:30"`` -> ``time(13, 30)``; 24h format with leading zeros, as OCPI requires."""
    if len(text) != 5 or text[2] != ":" or not (text[:2] + text[3:]).isdigit():
        raise ValueError(f"time of day must be HH:MM, got {text!r}")
    hour, minute = int(text[:2]), int(text[3:])
    if hour > 23 or minute > 59:
        raise ValueError(f"time of day out of range: {text!r}")
    return time(hour, minute)


def _check_decimal(name: str, value: object, *, allow_none: bool = True) -> None:
    if value is None and allow_none:
        return
    if not isinstance(value, Decimal) or not value.is_finite():
        raise TypeError(f"{name} must be a finite Decimal, got {value!r}")
    if value < 0:
        raise ValueError(f"{name} must not be negative, got {value}")


@dataclass(frozen=True, slots=True)
class Price:
    """OCPI ``Price``: an amount excluding VAT and, optionally, including VAT."""

    excl_vat: Decimal
    incl_vat: Decimal | None = None

    def __post_init__(self) -> None:
        _check_decimal("excl_vat", self.excl_vat, allow_none=False)
        _check_decimal("incl_vat", self.incl_vat)


@dataclass(frozen=True, slots=True)
class PriceComponent:
    """``price`` is per unit excl. VAT (per kWh, per hour, or per session for FLAT).

    ``vat`` is a percentage (``Decimal("20")`` for 20 %); ``None`` means no VAT information,
    which is not the same as 0 %: the total incl. VAT is then unknown.
    ``step_size`` is in Wh for ENERGY and in seconds for TIME / PARKING_TIME.
    """

    type: TariffDimension
    price: Decimal
    vat: Decimal | None = None
    step_size: int = 1

    def __post_init__(self) -> None:
        _check_decimal("price", self.price, allow_none=False)
        _check_decimal("vat", self.vat)
        if isinstance(self.step_size, bool) or not isinstance(self.step_size, int):
            raise TypeError(f"step_size must be an int, got {self.step_size!r}")
        if self.step_size < 1:
            raise ValueError(f"step_size must be >= 1, got {self.step_size}")


@dataclass(frozen=True, slots=True)
class Restrictions:
    """When an element is active. Every restriction that is set must hold.

    Intervals are half open, ``[min, max)``, evaluated on the state at each instant:

    * ``start_time`` / ``end_time``: local time of day in the location's time zone;
      ``start_time > end_time`` wraps past midnight (22:00-06:00 is the night);
      ``start_time == end_time`` is refused (ambiguous).
    * ``start_date`` (inclusive) / ``end_date`` (exclusive): local date.
    * ``min_kwh`` / ``max_kwh``: energy charged so far in the session.
    * ``min_current`` / ``max_current`` (A, sum over phases), ``min_power`` / ``max_power``
      (kW): the present charging current / power. Unknown current or power does not match.
    * ``min_duration`` (inclusive) / ``max_duration`` (exclusive): seconds since session start.
    * ``day_of_week``: local weekday of the instant; empty means every day.
    """

    start_time: time | None = None
    end_time: time | None = None
    start_date: date | None = None
    end_date: date | None = None
    min_kwh: Decimal | None = None
    max_kwh: Decimal | None = None
    min_current: Decimal | None = None
    max_current: Decimal | None = None
    min_power: Decimal | None = None
    max_power: Decimal | None = None
    min_duration: int | None = None
    max_duration: int | None = None
    day_of_week: frozenset[DayOfWeek] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        for name in ("min_kwh", "max_kwh", "min_current", "max_current", "min_power", "max_power"):
            _check_decimal(name, getattr(self, name))
        for name in ("min_duration", "max_duration"):
            value = getattr(self, name)
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, int) or value < 0
            ):
                raise ValueError(f"{name} must be a non-negative int, got {value!r}")
        for name in ("start_time", "end_time"):
            value = getattr(self, name)
            if value is not None and (value.second or value.microsecond or value.tzinfo):
                raise ValueError(f"{name} must be a naive HH:MM time, got {value!r}")
        if self.start_time is not None and self.start_time == self.end_time:
            raise ValueError("start_time == end_time is ambiguous")
        if not isinstance(self.day_of_week, frozenset):
            object.__setattr__(self, "day_of_week", frozenset(self.day_of_week))
        for day in self.day_of_week:
            if not isinstance(day, DayOfWeek):
                raise TypeError(f"day_of_week holds DayOfWeek values, got {day!r}")

    def times_of_day(self) -> tuple[time, ...]:
        """The local times of day at which this restriction can change its answer."""
        return tuple(t for t in (self.start_time, self.end_time) if t is not None)


@dataclass(frozen=True, slots=True)
class TariffElement:
    price_components: tuple[PriceComponent, ...]
    restrictions: Restrictions | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.price_components, tuple):
            object.__setattr__(self, "price_components", tuple(self.price_components))
        if not self.price_components:
            raise ValueError("a tariff element needs at least one price component")

    def component(self, dimension: TariffDimension) -> PriceComponent | None:
        """This element's (first) price component of ``dimension``, if any."""
        for component in self.price_components:
            if component.type is dimension:
                return component
        return None


@dataclass(frozen=True, slots=True)
class Tariff:
    id: str
    currency: str
    elements: tuple[TariffElement, ...]
    min_price: Price | None = None
    max_price: Price | None = None
    version: int = 1
    valid_from: datetime | None = None  # inclusive, aware (OCPI start_date_time)
    valid_until: datetime | None = None  # exclusive, aware (OCPI end_date_time)

    def __post_init__(self) -> None:
        if not isinstance(self.elements, tuple):
            object.__setattr__(self, "elements", tuple(self.elements))
        if not self.elements:
            raise ValueError("a tariff needs at least one element")
        if len(self.currency) != 3 or not self.currency.isalpha() or not self.currency.isupper():
            raise ValueError(f"currency must be an ISO 4217 code, got {self.currency!r}")
        for name in ("valid_from", "valid_until"):
            value = getattr(self, name)
            if value is not None and value.utcoffset() is None:
                raise ValueError(f"{name} must be timezone-aware")
        if (
            self.valid_from is not None
            and self.valid_until is not None
            and self.valid_until <= self.valid_from
        ):
            raise ValueError("valid_until must be after valid_from")
        if (
            self.min_price is not None
            and self.max_price is not None
            and self.min_price.excl_vat > self.max_price.excl_vat
        ):
            raise ValueError("min_price is above max_price")

    def valid_at(self, instant: datetime) -> bool:
        if self.valid_from is not None and instant < self.valid_from:
            return False
        return self.valid_until is None or instant < self.valid_until


def tariff_version_at(versions: Iterable[Tariff], start: datetime) -> Tariff:
    """The version of a tariff valid at ``start`` (a session's start, aware).

    Among the versions whose window ``[valid_from, valid_until)`` holds ``start``, the one
    that became valid last wins (ties: the higher ``version``). A version without
    ``valid_from`` has always been valid. :class:`LookupError` if none is valid.
    """
    if start.utcoffset() is None:
        raise ValueError("start must be timezone-aware")
    candidates = [v for v in versions if v.valid_at(start)]
    if not candidates:
        raise LookupError(f"no tariff version valid at {start.isoformat()}")

    def key(v: Tariff) -> tuple[bool, datetime, int]:
        return (v.valid_from is not None, v.valid_from or start, v.version)

    return max(candidates, key=key)
