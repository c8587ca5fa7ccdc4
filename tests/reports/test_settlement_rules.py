"""The settlement rules (CA-3, OP-9), without a database: each amount rounded once, half up,
and a statement that always adds up."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csms.domain.money import Period, cents
from csms.domain.settlement import Terms, settle, share_amount

money = st.decimals(min_value=-100_000, max_value=1_000_000, places=2)
pct = st.decimals(min_value=0, max_value=100, places=4)
fee = st.decimals(min_value=0, max_value=10_000, places=4)
kwh = st.decimals(min_value=-10_000, max_value=100_000, places=6)


@given(energy=kwh, terms=st.builds(Terms, pct, fee, fee))
def test_zero_revenue_gives_only_fees(energy: Decimal, terms: Terms) -> None:
    result = settle(Decimal(0), energy, terms)
    assert result.share_amount == 0
    assert (
        result.total_excl_vat
        == result.fees
        == cents(terms.fixed_fee) + cents(terms.per_kwh * energy)
    )


@given(low=money, high=money, share=pct)
def test_share_is_monotone_in_revenue(low: Decimal, high: Decimal, share: Decimal) -> None:
    low, high = sorted((low, high))
    assert share_amount(low, share) <= share_amount(high, share)


@given(revenue=money, energy=kwh, terms=st.builds(Terms, pct, fee, fee))
def test_the_total_is_the_sum_of_its_parts(revenue: Decimal, energy: Decimal, terms: Terms) -> None:
    result = settle(revenue, energy, terms)
    assert result.fees == result.fixed_fee + result.energy_fee
    assert result.total_excl_vat == result.share_amount + result.fees
    for amount in (result.share_amount, result.fixed_fee, result.energy_fee, result.total_excl_vat):
        assert amount == amount.quantize(Decimal("0.01"))


def test_each_amount_is_rounded_once_half_up() -> None:
    # 12.5 % of 0.20 is 0.025: half up gives 0.03 (banker's rounding would give 0.02).
    assert share_amount(Decimal("0.20"), Decimal("12.5")) == Decimal("0.03")
    # 0.0049 per kWh over 1 kWh: rounded at the end, not per intermediate step.
    result = settle(
        Decimal("100.00"),
        Decimal("1.000000"),
        Terms(Decimal(0), Decimal("9.995"), Decimal("0.0049")),
    )
    assert (result.fixed_fee, result.energy_fee, result.total_excl_vat) == (
        Decimal("10.00"),
        Decimal("0.00"),
        Decimal("10.00"),
    )


def test_a_period_is_a_local_calendar_month() -> None:
    start, end = Period.parse("2026-11").bounds(ZoneInfo("Europe/Amsterdam"))
    assert (start, end) == (
        datetime(2026, 10, 31, 23, tzinfo=UTC),
        datetime(2026, 11, 30, 23, tzinfo=UTC),
    )
    assert Period.parse("2026-12").bounds(ZoneInfo("UTC"))[1] == datetime(2027, 1, 1, tzinfo=UTC)
    with pytest.raises(ValueError):
        Period.parse("2026-13").bounds(ZoneInfo("UTC"))
