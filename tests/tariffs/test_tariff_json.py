"""OCPI 2.2.1 tariff JSON <-> the domain model: exact round trips, and refusals that name
the JSON path of the mistake."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csms.db.models.billing import TariffRow
from csms.db.repositories.tariffs import tariff_from_row
from csms.domain.tariff_json import TariffFormatError, tariff_from_ocpi, tariff_to_ocpi
from csms.domain.tariffs import (
    DayOfWeek,
    Price,
    PriceComponent,
    Restrictions,
    Tariff,
    TariffDimension,
    TariffElement,
)


def amounts(places: int = 10) -> st.SearchStrategy[Decimal]:
    return st.decimals(min_value=0, max_value=Decimal("999999999"), places=places, allow_nan=False)


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


components = st.builds(
    PriceComponent,
    type=st.sampled_from(TariffDimension),
    price=amounts(),
    vat=optional(amounts(4)),
    step_size=st.integers(1, 3600),
)
times = st.builds(time, st.integers(0, 23), st.integers(0, 59))


@st.composite
def restrictions(draw: st.DrawFn) -> Restrictions:
    start_time, end_time = draw(optional(times)), draw(optional(times))
    if start_time is not None and start_time == end_time:
        end_time = None
    decimals = {
        name: draw(optional(amounts(6)))
        for name in ("min_kwh", "max_kwh", "min_current", "max_current", "min_power", "max_power")
    }
    return Restrictions(
        start_time=start_time,
        end_time=end_time,
        start_date=draw(optional(st.dates(date(2000, 1, 1), date(2100, 1, 1)))),
        end_date=draw(optional(st.dates(date(2000, 1, 1), date(2100, 1, 1)))),
        min_duration=draw(optional(st.integers(0, 10**7))),
        max_duration=draw(optional(st.integers(0, 10**7))),
        day_of_week=draw(st.frozensets(st.sampled_from(DayOfWeek))),
        **decimals,
    )


elements = st.builds(
    TariffElement,
    price_components=st.lists(components, min_size=1, max_size=4).map(tuple),
    restrictions=optional(restrictions()),
)


@st.composite
def tariffs(draw: st.DrawFn) -> Tariff:
    low = draw(optional(st.builds(Price, amounts(4), optional(amounts(4)))))
    high = draw(optional(st.builds(Price, amounts(4), optional(amounts(4)))))
    if low is not None and high is not None and low.excl_vat > high.excl_vat:
        low, high = high, low
    return Tariff(
        id="T-1",
        currency=draw(st.sampled_from(["EUR", "GBP", "SEK"])),
        elements=tuple(draw(st.lists(elements, min_size=1, max_size=4))),
        min_price=low,
        max_price=high,
        version=draw(st.integers(1, 50)),
    )


@given(tariffs())
def test_a_tariff_survives_json_and_back_exactly(tariff: Tariff) -> None:
    document = tariff_to_ocpi(tariff)
    text = json.dumps(document)  # plain JSON: no Decimal, no float in it
    assert "e-" not in text.lower() and "e+" not in text.lower()
    again = tariff_from_ocpi(json.loads(text), id=tariff.id, version=tariff.version)
    assert again == tariff
    assert tariff_to_ocpi(again) == document


@given(tariffs())
def test_no_float_ever_holds_money_in_the_json(tariff: Tariff) -> None:
    def walk(value: Any) -> None:
        assert not isinstance(value, float)
        if isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(tariff_to_ocpi(tariff))


def ocpi(*elements: dict[str, Any], **top: Any) -> dict[str, Any]:
    return {"currency": "EUR", "elements": list(elements), **top}


def energy(price: Any, **extra: Any) -> dict[str, Any]:
    return {"price_components": [{"type": "ENERGY", "price": price, "step_size": 1}], **extra}


def test_numbers_may_be_strings_ints_or_floats_and_become_exact_decimals() -> None:
    tariff = tariff_from_ocpi(
        ocpi(
            {
                "price_components": [
                    {"type": "ENERGY", "price": 0.1, "vat": 21, "step_size": 1},
                    {"type": "TIME", "price": "2.50", "step_size": 60},
                    {"type": "FLAT", "price": 1},
                ],
                "restrictions": {"min_kwh": "0.5", "max_power": 22.5, "day_of_week": ["MONDAY"]},
            },
            min_price={"excl_vat": "1.00", "incl_vat": 1.21},
        ),
        id="T",
        valid_from=datetime(2026, 1, 1, tzinfo=UTC),
    )
    energy_, time_, flat = tariff.elements[0].price_components
    assert (energy_.price, energy_.vat) == (Decimal("0.1"), Decimal(21))
    assert (time_.price, time_.step_size) == (Decimal("2.50"), 60)
    assert flat.step_size == 1
    restriction = tariff.elements[0].restrictions
    assert restriction is not None
    assert (restriction.min_kwh, restriction.max_power) == (Decimal("0.5"), Decimal("22.5"))
    assert tariff.min_price == Price(Decimal("1.00"), Decimal("1.21"))
    assert tariff.valid_from == datetime(2026, 1, 1, tzinfo=UTC)


def test_descriptive_ocpi_keys_of_a_whole_tariff_are_ignored() -> None:
    tariff = tariff_from_ocpi(
        ocpi(energy("0.3"), id="12", country_code="NL", party_id="EVH", tariff_alt_text=[]),
        id="T",
    )
    assert tariff.id == "T"


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (
            ocpi(energy("0.3"), energy(-1)),
            "elements[1].price_components[0].price: must be >= 0",
        ),
        (ocpi(energy(True)), "elements[0].price_components[0].price: must be a number"),
        (ocpi(energy("NaN")), "elements[0].price_components[0].price: must be finite"),
        (ocpi(energy(float("inf"))), "elements[0].price_components[0].price: must be finite"),
        (ocpi(energy("abc")), "elements[0].price_components[0].price: not a number"),
        (ocpi(energy(None)), "elements[0].price_components[0].price: required"),
        (
            ocpi({"price_components": [{"type": "KWH", "price": "1"}]}),
            "elements[0].price_components[0].type: must be one of",
        ),
        (
            ocpi({"price_components": [{"type": "TIME", "price": "1", "step_size": 0}]}),
            "elements[0].price_components[0].step_size: must be >= 1",
        ),
        (
            ocpi({"price_components": [{"type": "TIME", "price": "1", "step_size": 1.5}]}),
            "elements[0].price_components[0].step_size: must be an integer",
        ),
        (
            ocpi(energy("1", restrictions={"max_kwhs": "5"})),
            "elements[0].restrictions.max_kwhs: unknown key",
        ),
        (
            ocpi(energy("1", restrictions={"start_time": "7:00"})),
            "elements[0].restrictions.start_time: time of day must be HH:MM",
        ),
        (
            ocpi(energy("1", restrictions={"start_time": "07:00", "end_time": "07:00"})),
            "elements[0].restrictions: start_time == end_time is ambiguous",
        ),
        (
            ocpi(energy("1", restrictions={"start_date": "2026-1-1"})),
            "elements[0].restrictions.start_date: must be a date YYYY-MM-DD",
        ),
        (
            ocpi(energy("1", restrictions={"day_of_week": ["MONDAY", "FUNDAY"]})),
            "elements[0].restrictions.day_of_week[1]: not a day of the week",
        ),
        (
            ocpi(energy("1", restrictions={"min_duration": -5})),
            "elements[0].restrictions.min_duration: must be >= 0",
        ),
        (ocpi({"price_components": []}), "elements[0].price_components: needs at least one"),
        (ocpi(), "elements: needs at least one element"),
        ({"elements": [energy("1")]}, "currency: must be an ISO 4217 code"),
        (ocpi(energy("1"), currency="eur"), "currency: must be an ISO 4217 code"),
        (ocpi(energy("1"), min_price={"incl_vat": "1"}), "min_price.excl_vat: required"),
        (
            ocpi(energy("1"), max_price={"excl_vat": "1.00001"}),
            "max_price.excl_vat: at most 4 decimals",
        ),
        (
            ocpi(energy("1"), min_price={"excl_vat": "5"}, max_price={"excl_vat": "1"}),
            "min_price: min_price is above max_price",
        ),
        (ocpi(energy("1"), price="3"), "price: unknown key"),
        (ocpi("energy"), "elements[0]: must be an object"),
    ],
)
def test_a_mistake_is_refused_with_its_json_path(document: dict[str, Any], message: str) -> None:
    with pytest.raises(TariffFormatError) as refused:
        tariff_from_ocpi(document, id="T")
    assert str(refused.value).startswith(message), str(refused.value)


def test_a_stored_version_becomes_the_domain_tariff() -> None:
    start, end = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 7, 1, tzinfo=UTC)
    row = TariffRow(
        tenant_id=1,
        ref="public-standard",
        version=3,
        purpose="charging",
        currency="EUR",
        elements=[energy("0.45")],
        min_price_excl_vat=Decimal("0.5000"),
        min_price_incl_vat=None,
        max_price_excl_vat=Decimal("50.0000"),
        max_price_incl_vat=Decimal("60.5000"),
        valid_from=start,
        valid_until=end,
    )
    tariff = tariff_from_row(row)
    assert (tariff.id, tariff.version, tariff.valid_from, tariff.valid_until) == (
        "public-standard",
        3,
        start,
        end,
    )
    assert tariff.min_price == Price(Decimal("0.5"))
    assert tariff.max_price == Price(Decimal("50"), Decimal("60.5"))
    assert tariff.elements[0].price_components[0].price == Decimal("0.45")
