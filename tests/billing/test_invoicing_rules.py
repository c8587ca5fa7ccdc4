"""The invoice rules without a database: periods in a tenant's time zone, lines from CDRs and
subscriptions, VAT and rounding once per line, totals as plain sums, reconciliation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csms.domain.invoicing import (
    Amounts,
    BilledLine,
    CdrFact,
    EnterpriseFact,
    SubscriptionFact,
    cdr_line,
    credit_note_lines,
    days_active,
    display_number,
    prorated,
    reconcile,
    subscription_lines,
    total,
    with_vat,
)
from csms.domain.money import Period, cents

AMS = ZoneInfo("Europe/Amsterdam")
NOV = Period(2026, 11)


def a_cdr(cdr_id: int = 1, excl: str = "10.00", vat: str = "2.10", **fields: object) -> CdrFact:
    values: dict[str, object] = {
        "id": cdr_id,
        "kind": "debit",
        "purpose": "charging",
        "payer_account_id": 7,
        "payee_account_id": None,
        "currency": "EUR",
        "station_id": "ST-1",
        "started_at": datetime(2026, 11, 3, 9, tzinfo=UTC),
        "ended_at": datetime(2026, 11, 3, 10, tzinfo=UTC),
        "energy_kwh": Decimal("20.5"),
        "total_excl_vat": Decimal(excl),
        "total_vat": Decimal(vat),
        "total_incl_vat": Decimal(excl) + Decimal(vat),
    }
    values.update(fields)
    return CdrFact(**values)  # type: ignore[arg-type]  # fields from a mixed dict


def a_subscription(
    activated: datetime, deactivated: datetime | None = None, price: str = "10.00"
) -> SubscriptionFact:
    return SubscriptionFact(
        id=1,
        account_id=7,
        plan_name="Home",
        asset_kind="station",
        asset_ref="ST-1",
        monthly_price=Decimal(price),
        vat_rate=Decimal(21),
        activated_at=activated,
        deactivated_at=deactivated,
    )


# --- periods --------------------------------------------------------------------------------


def test_a_period_is_a_month_in_the_tenants_time_zone() -> None:
    start, end = NOV.bounds(AMS)
    assert start == datetime(2026, 10, 31, 23, tzinfo=UTC)  # CET, UTC+1
    assert end == datetime(2026, 11, 30, 23, tzinfo=UTC)
    assert Period.of(datetime(2026, 11, 30, 23, 30, tzinfo=UTC), AMS) == Period(2026, 12)
    assert Period.parse("2026-11") == NOV and str(NOV) == "2026-11"
    assert Period(2026, 12).next() == Period(2027, 1)


@pytest.mark.parametrize("text", ["2026-13", "2026-1", "26-11", "2026/11", "", "2026-00"])
def test_a_malformed_period_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not a month"):
        Period.parse(text)


def test_numbers_are_displayed_with_their_series() -> None:
    assert display_number("INV-2026", 1) == "INV-2026-000001"
    assert display_number("INV-2026", None) is None


# --- lines ----------------------------------------------------------------------------------


def test_a_cdr_line_carries_exactly_the_cdrs_amounts() -> None:
    line = cdr_line(a_cdr(excl="3.33", vat="0.70"), AMS)
    assert line.kind == "session" and line.cdr_id == 1
    assert line.amounts == Amounts(Decimal("3.33"), Decimal("0.70"), Decimal("4.03"))
    assert "ST-1" in line.description and "2026-11-03 10:00" in line.description  # local


def test_a_credit_cdr_is_a_negative_correction_line() -> None:
    credit = a_cdr(2, excl="-3.33", vat="-0.70", kind="credit", corrects_id=1)
    line = cdr_line(credit, AMS)
    assert line.kind == "correction" and "CDR 1" in line.description
    assert line.amounts.incl_vat == Decimal("-4.03")


def test_vat_is_rounded_once_per_line_and_incl_is_the_exact_sum() -> None:
    # 0.05 x 21% = 0.0105 -> 0.01; incl. = 0.06, not round(0.05 x 1.21) computed apart.
    assert with_vat(Decimal("0.05"), Decimal(21)) == Amounts(
        Decimal("0.05"), Decimal("0.01"), Decimal("0.06")
    )
    assert with_vat(Decimal("0.125"), Decimal(21)).excl_vat == Decimal("0.13")  # half up


def test_a_whole_month_bills_the_monthly_price() -> None:
    lines = subscription_lines([a_subscription(datetime(2026, 9, 1, tzinfo=UTC))], NOV, AMS)
    assert [line.amounts.excl_vat for line in lines] == [Decimal("10.00")]
    assert lines[0].amounts.vat == Decimal("2.10")


def test_activation_on_the_16th_local_bills_15_of_30_days() -> None:
    # 2026-11-15 23:30 UTC is the 16th in Amsterdam: days 16..30 are billed.
    sub = a_subscription(datetime(2026, 11, 15, 23, 30, tzinfo=UTC), price="9.99")
    assert days_active(NOV, AMS, sub.activated_at, None) == 15
    (line,) = subscription_lines([sub], NOV, AMS)
    assert line.amounts.excl_vat == Decimal("5.00")  # 9.99 x 15 / 30 = 4.995 -> 5.00
    assert "15/30 days" in line.description


def test_deactivation_day_is_not_billed_and_inactive_assets_get_no_line() -> None:
    sub = a_subscription(
        datetime(2026, 11, 1, tzinfo=AMS), deactivated=datetime(2026, 11, 11, tzinfo=AMS)
    )
    assert days_active(NOV, AMS, sub.activated_at, sub.deactivated_at) == 10
    gone = a_subscription(
        datetime(2026, 9, 1, tzinfo=UTC), deactivated=datetime(2026, 10, 15, tzinfo=UTC)
    )
    assert subscription_lines([gone], NOV, AMS) == []


def test_an_enterprise_plan_replaces_the_assets_own_plans() -> None:
    sub = a_subscription(datetime(2026, 11, 16, tzinfo=AMS), price="50.00")
    plan = EnterpriseFact(account_id=7, price_per_asset=Decimal("6.00"), vat_rate=Decimal(9))
    (line,) = subscription_lines([sub], NOV, AMS, plan)
    assert line.amounts == Amounts(Decimal("3.00"), Decimal("0.27"), Decimal("3.27"))
    assert line.description.startswith("Enterprise plan")


def test_a_credit_note_negates_every_line_without_the_cdrs() -> None:
    lines = [cdr_line(a_cdr(), AMS), cdr_line(a_cdr(2, excl="1.01", vat="0.21"), AMS)]
    note = credit_note_lines(lines)
    assert total(note) == -total(lines)
    assert all(line.cdr_id is None and line.kind == "correction" for line in note)


# --- properties -----------------------------------------------------------------------------

money = st.decimals(min_value=Decimal("-500"), max_value=Decimal("500"), places=2)
prices = st.decimals(min_value=Decimal(0), max_value=Decimal("1000"), places=4)
rates = st.sampled_from([Decimal(0), Decimal(6), Decimal(9), Decimal(19), Decimal(21)])
months = st.builds(Period, st.integers(2020, 2035), st.integers(1, 12))


@given(st.lists(st.tuples(money, money), max_size=30))
def test_totals_are_the_sums_of_the_lines(amounts: list[tuple[Decimal, Decimal]]) -> None:
    lines = [cdr_line(a_cdr(i, excl=str(e), vat=str(v)), AMS) for i, (e, v) in enumerate(amounts)]
    totals = total(lines)
    assert totals.excl_vat == sum((e for e, _ in amounts), Decimal(0))
    assert totals.vat == sum((v for _, v in amounts), Decimal(0))
    assert totals.incl_vat == totals.excl_vat + totals.vat


@given(prices, rates)
def test_every_line_amount_is_rounded_once_to_cents(price: Decimal, rate: Decimal) -> None:
    amounts = with_vat(price, rate)
    assert amounts.excl_vat == cents(price)
    assert amounts.vat == cents(cents(price) * rate / 100)
    for value in (amounts.excl_vat, amounts.vat, amounts.incl_vat):
        assert value == value.quantize(Decimal("0.01"))
    assert amounts.incl_vat == amounts.excl_vat + amounts.vat


@given(prices, months, st.data())
def test_a_split_month_bills_the_whole_month_within_a_cent_per_line(
    price: Decimal, month: Period, data: st.DataObject
) -> None:
    split_day = data.draw(st.integers(2, month.days))
    tz = data.draw(st.sampled_from([UTC, AMS, ZoneInfo("America/New_York")]))
    start, end = month.bounds(tz)
    split = datetime(month.year, month.month, split_day, tzinfo=tz)
    first = a_subscription(start, deactivated=split, price=str(price))
    second = a_subscription(split, price=str(price))
    halves = subscription_lines([first], month, tz) + subscription_lines([second], month, tz)
    whole = subscription_lines(
        [a_subscription(start - timedelta(days=40), price=str(price))], month, tz
    )
    assert len(halves) == 2 and len(whole) == 1
    assert sum(line.quantity for line in halves) == 1
    difference = abs(total(halves).excl_vat - whole[0].amounts.excl_vat)
    assert difference <= Decimal("0.01") * len(halves)
    assert end > split


@given(prices, months, st.integers(0, 31))
def test_prorating_never_exceeds_the_monthly_price(
    price: Decimal, month: Period, days: int
) -> None:
    days = min(days, month.days)
    assert Decimal(0) <= prorated(price, days, month.days) <= cents(price)


# --- reconciliation -------------------------------------------------------------------------


def test_reconciliation_matches_billed_cdrs_and_lists_the_unbilled() -> None:
    cdrs = [
        a_cdr(1),
        a_cdr(2, payer_account_id=None),  # roaming
        a_cdr(3),  # arrived after the run
        a_cdr(4),  # billed by an earlier run
    ]
    lines = {
        1: BilledLine(1, cdrs[0].amounts, "2026-11"),
        4: BilledLine(4, cdrs[3].amounts, "2026-10"),
    }
    report = reconcile(NOV, "EUR", cdrs, lines)
    assert report.ok and report.billed_cdrs == 1
    assert report.cdrs_total == report.lines_total == cdrs[0].amounts
    reasons = {u.cdr_id: u.reason for u in report.unbilled}
    assert reasons[2].startswith("no payer") and "after the run" in reasons[3]
    assert 4 not in reasons


def test_reconciliation_reports_a_line_that_differs_from_its_cdr() -> None:
    cdr = a_cdr(1)
    wrong = BilledLine(1, Amounts(Decimal("10.01"), Decimal("2.10"), Decimal("12.11")), "2026-11")
    report = reconcile(NOV, "EUR", [cdr], {1: wrong})
    assert not report.ok and report.differences[0].cdr_id == 1


def test_reconciliation_without_a_run_does_not_reconcile() -> None:
    report = reconcile(NOV, "EUR", [a_cdr(1)], {}, run_exists=False)
    assert not report.ok and "no billing run" in report.differences[0].problem
