"""OCPI 2.2.1 tariff JSON <-> the domain model (:mod:`csms.domain.tariffs`), both ways.

Reading is strict, because a tariff decides what people pay: an unknown key in an element, a
price component or a restriction is refused rather than ignored (a misspelt ``max_kwh``
would otherwise silently make an element apply everywhere). Numbers may arrive as JSON
strings, integers or floats; each becomes ``Decimal(str(x))``, so ``0.1`` stays ``0.1``.
Booleans, NaN, infinities and negative numbers are refused. Every refusal is a
:class:`TariffFormatError` whose message starts with the JSON path of the offending value.

Writing puts every price, percentage and volume in a string, so a JSON encoder never turns
money into a float; integers (``step_size``, durations in seconds) stay integers.
``tariff_from_ocpi(tariff_to_ocpi(t), ...)`` gives back ``t`` exactly.

At the top level, OCPI's descriptive keys of a whole Tariff object (``id``, ``party_id``,
``tariff_alt_text``, ...) are accepted and ignored: identity and validity come from the
keyword arguments, the way the CSMS stores them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from csms.domain.tariffs import (
    DayOfWeek,
    Price,
    PriceComponent,
    Restrictions,
    Tariff,
    TariffDimension,
    TariffElement,
    hhmm,
)

__all__ = ["TariffFormatError", "tariff_from_ocpi", "tariff_to_ocpi"]

T = TypeVar("T")

# Keys of an OCPI Tariff object that describe it but do not change a price.
_IGNORED_TOP = frozenset(
    {
        "id",
        "country_code",
        "party_id",
        "type",
        "tariff_alt_text",
        "tariff_alt_url",
        "energy_mix",
        "start_date_time",
        "end_date_time",
        "last_updated",
    }
)
_TOP = frozenset({"currency", "elements", "min_price", "max_price"})
_ELEMENT = frozenset({"price_components", "restrictions"})
_COMPONENT = frozenset({"type", "price", "vat", "step_size"})
_PRICE = frozenset({"excl_vat", "incl_vat"})
_RESTRICTION_DECIMALS = (
    "min_kwh",
    "max_kwh",
    "min_current",
    "max_current",
    "min_power",
    "max_power",
)
_RESTRICTIONS = frozenset(
    {
        "start_time",
        "end_time",
        "start_date",
        "end_date",
        "min_duration",
        "max_duration",
        "day_of_week",
        *_RESTRICTION_DECIMALS,
    }
)
# Bounds that keep a number storable and printable: 12 integer digits, 10 decimals. Money
# columns (min/max price) hold 4 decimals, so those are checked tighter.
_MAX_ADJUSTED = 11
_MIN_EXPONENT = -10
_PRICE_COLUMN_EXPONENT = -4


class TariffFormatError(ValueError):
    """A tariff JSON document the CSMS refuses; the message starts with the JSON path."""

    def __init__(self, path: str, reason: str | None = None):
        if reason is None:  # raised with one ready-made message
            path, reason = "", path
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}" if path else reason)


# -- reading ------------------------------------------------------------------------------


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _mapping(value: Any, path: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise TariffFormatError(path, "must be an object")
    return value


def _list(value: Any, path: str) -> list[Any]:
    if not isinstance(value, list | tuple):
        raise TariffFormatError(path, "must be a list")
    return list(value)


def _no_unknown(data: Mapping[str, Any], allowed: frozenset[str], path: str) -> None:
    for key in data:
        if key not in allowed:
            raise TariffFormatError(_join(path, str(key)), "unknown key")


def _decimal(value: Any, path: str, *, min_exponent: int = _MIN_EXPONENT) -> Decimal:
    """A non-negative finite number from a JSON string, int or float (never a bool)."""
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise TariffFormatError(path, f"must be a number or a numeric string, got {value!r}")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise TariffFormatError(path, f"not a number: {value!r}") from None
    if not number.is_finite():
        raise TariffFormatError(path, f"must be finite, got {value!r}")
    if number < 0:
        raise TariffFormatError(path, "must be >= 0")
    if number and number.adjusted() > _MAX_ADJUSTED:
        raise TariffFormatError(path, "too large")
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent < min_exponent:
        raise TariffFormatError(path, f"at most {-min_exponent} decimals")
    return number + 0 if number == 0 else number  # -0 -> 0


def _integer(value: Any, path: str, *, minimum: int) -> int:
    """An integer (or a string of digits), at least ``minimum``."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise TariffFormatError(path, f"must be an integer, got {value!r}")
    if value < minimum:
        raise TariffFormatError(path, f"must be >= {minimum}")
    return value


def _optional(
    data: Mapping[str, Any], key: str, path: str, read: Callable[[Any, str], T]
) -> T | None:
    value = data.get(key)
    return None if value is None else read(value, _join(path, key))


def _text(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise TariffFormatError(path, f"must be a string, got {value!r}")
    return value


def _time(value: Any, path: str) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        # YAML 1.1 reads an unquoted 23:00 as the number 1380 (base 60).
        raise TariffFormatError(path, f"must be a string HH:MM (quoted in YAML), got {value!r}")
    try:
        return hhmm(_text(value, path))
    except ValueError as exc:
        raise TariffFormatError(path, str(exc)) from None


def _date(value: Any, path: str) -> date:
    text = _text(value, path)
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise TariffFormatError(path, f"must be a date YYYY-MM-DD, got {text!r}") from None


def _days(value: Any, path: str) -> frozenset[DayOfWeek]:
    days = set()
    for i, day in enumerate(_list(value, path)):
        try:
            days.add(DayOfWeek(day))
        except ValueError:
            raise TariffFormatError(_join(path, i), f"not a day of the week: {day!r}") from None
    return frozenset(days)


def _component(value: Any, path: str) -> PriceComponent:
    data = _mapping(value, path)
    _no_unknown(data, _COMPONENT, path)
    if "type" not in data:
        raise TariffFormatError(_join(path, "type"), "required")
    try:
        dimension = TariffDimension(data["type"])
    except ValueError:
        choices = ", ".join(TariffDimension)
        raise TariffFormatError(
            _join(path, "type"), f"must be one of {choices}, got {data['type']!r}"
        ) from None
    if data.get("price") is None:
        raise TariffFormatError(_join(path, "price"), "required")
    price = _decimal(data["price"], _join(path, "price"))
    vat = _optional(data, "vat", path, _decimal)
    step = data.get("step_size")
    step_size = 1 if step is None else _integer(step, _join(path, "step_size"), minimum=1)
    return PriceComponent(dimension, price, vat, step_size)


def _restrictions(value: Any, path: str) -> Restrictions:
    data = _mapping(value, path)
    _no_unknown(data, _RESTRICTIONS, path)

    def seconds(v: Any, p: str) -> int:
        return _integer(v, p, minimum=0)

    fields: dict[str, Any] = {
        name: _optional(data, name, path, _decimal) for name in _RESTRICTION_DECIMALS
    }
    fields |= {
        "start_time": _optional(data, "start_time", path, _time),
        "end_time": _optional(data, "end_time", path, _time),
        "start_date": _optional(data, "start_date", path, _date),
        "end_date": _optional(data, "end_date", path, _date),
        "min_duration": _optional(data, "min_duration", path, seconds),
        "max_duration": _optional(data, "max_duration", path, seconds),
        "day_of_week": _optional(data, "day_of_week", path, _days) or frozenset(),
    }
    try:
        return Restrictions(**fields)
    except (TypeError, ValueError) as exc:
        raise TariffFormatError(path, str(exc)) from None


def _element(value: Any, path: str) -> TariffElement:
    data = _mapping(value, path)
    _no_unknown(data, _ELEMENT, path)
    cpath = _join(path, "price_components")
    components = _list(data.get("price_components"), cpath)
    if not components:
        raise TariffFormatError(cpath, "needs at least one price component")
    restrictions = _optional(data, "restrictions", path, _restrictions)
    return TariffElement(
        tuple(_component(c, _join(cpath, i)) for i, c in enumerate(components)), restrictions
    )


def _price(value: Any, path: str) -> Price:
    data = _mapping(value, path)
    _no_unknown(data, _PRICE, path)
    if data.get("excl_vat") is None:
        raise TariffFormatError(_join(path, "excl_vat"), "required")

    def money(v: Any, p: str) -> Decimal:
        return _decimal(v, p, min_exponent=_PRICE_COLUMN_EXPONENT)

    return Price(
        money(data["excl_vat"], _join(path, "excl_vat")), _optional(data, "incl_vat", path, money)
    )


def tariff_from_ocpi(
    data: Mapping[str, Any],
    *,
    id: str,
    version: int = 1,
    valid_from: datetime | None = None,
    valid_until: datetime | None = None,
) -> Tariff:
    """A :class:`Tariff` from OCPI 2.2.1 JSON (``currency``, ``elements``, optional
    ``min_price`` / ``max_price``). :class:`TariffFormatError` names the path of the first
    problem, like ``elements[1].price_components[0].price: must be >= 0``."""
    data = _mapping(data, "")
    _no_unknown(data, _TOP | _IGNORED_TOP, "")
    currency = data.get("currency")
    if not isinstance(currency, str) or len(currency) != 3 or not currency.isascii():
        raise TariffFormatError("currency", f"must be an ISO 4217 code, got {currency!r}")
    if not currency.isalpha() or not currency.isupper():
        raise TariffFormatError("currency", f"must be an ISO 4217 code, got {currency!r}")
    elements = _list(data.get("elements"), "elements")
    if not elements:
        raise TariffFormatError("elements", "needs at least one element")
    parsed = tuple(_element(e, _join("elements", i)) for i, e in enumerate(elements))
    min_price = _optional(data, "min_price", "", _price)
    max_price = _optional(data, "max_price", "", _price)
    try:
        return Tariff(
            id=id,
            currency=currency,
            elements=parsed,
            min_price=min_price,
            max_price=max_price,
            version=version,
            valid_from=valid_from,
            valid_until=valid_until,
        )
    except (TypeError, ValueError) as exc:
        where = "min_price" if "min_price" in str(exc) else ""
        raise TariffFormatError(where, str(exc)) from None


# -- writing ------------------------------------------------------------------------------


def _number(value: Decimal) -> str:
    """Plain notation (``"0.25"``, never ``"2.5E-1"``); trailing zeros kept as given."""
    return format(value, "f")


def _price_json(price: Price) -> dict[str, str]:
    out = {"excl_vat": _number(price.excl_vat)}
    if price.incl_vat is not None:
        out["incl_vat"] = _number(price.incl_vat)
    return out


def _restrictions_json(r: Restrictions) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if r.start_time is not None:
        out["start_time"] = r.start_time.strftime("%H:%M")
    if r.end_time is not None:
        out["end_time"] = r.end_time.strftime("%H:%M")
    if r.start_date is not None:
        out["start_date"] = r.start_date.isoformat()
    if r.end_date is not None:
        out["end_date"] = r.end_date.isoformat()
    for name in _RESTRICTION_DECIMALS:
        value = getattr(r, name)
        if value is not None:
            out[name] = _number(value)
    if r.min_duration is not None:
        out["min_duration"] = r.min_duration
    if r.max_duration is not None:
        out["max_duration"] = r.max_duration
    if r.day_of_week:
        out["day_of_week"] = [d.value for d in DayOfWeek if d in r.day_of_week]
    return out


def _element_json(element: TariffElement) -> dict[str, Any]:
    components = []
    for c in element.price_components:
        item: dict[str, Any] = {"type": c.type.value, "price": _number(c.price)}
        if c.vat is not None:
            item["vat"] = _number(c.vat)
        item["step_size"] = c.step_size
        components.append(item)
    out: dict[str, Any] = {"price_components": components}
    if element.restrictions is not None:
        out["restrictions"] = _restrictions_json(element.restrictions)
    return out


def tariff_to_ocpi(tariff: Tariff) -> dict[str, Any]:
    """OCPI 2.2.1 JSON of ``tariff``'s prices: ``currency``, ``elements`` and, when set,
    ``min_price`` / ``max_price``. Numbers are strings, so no float ever holds money."""
    out: dict[str, Any] = {
        "currency": tariff.currency,
        "elements": [_element_json(e) for e in tariff.elements],
    }
    if tariff.min_price is not None:
        out["min_price"] = _price_json(tariff.min_price)
    if tariff.max_price is not None:
        out["max_price"] = _price_json(tariff.max_price)
    return out
