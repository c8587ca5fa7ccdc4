"""CG-5, CG-6: which tariff prices a customer's session at a charge group, as a pure
function."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from csms.domain.tariff_choice import TariffChoice, TariffSource, tariff_for

refs = st.none() | st.text(min_size=1, max_size=8)


def test_a_customer_with_its_own_tariff_pays_that_one() -> None:
    assert tariff_for("STANDARD", {7: "PREPAID", 8: None}, 7) == TariffChoice(
        "PREPAID", TariffSource.CUSTOMER
    )


def test_an_attached_customer_without_its_own_tariff_pays_the_group_tariff() -> None:
    assert tariff_for("STANDARD", {7: "PREPAID", 8: None}, 8) == TariffChoice(
        "STANDARD", TariffSource.GROUP
    )


def test_a_customer_admitted_without_being_attached_pays_the_group_tariff() -> None:
    assert tariff_for("STANDARD", {7: "PREPAID"}, 9).source is TariffSource.GROUP
    assert tariff_for("STANDARD", {7: "PREPAID"}, None).tariff == "STANDARD"


def test_without_any_tariff_there_is_none() -> None:
    assert tariff_for(None, {8: None}, 8) == TariffChoice(None, TariffSource.NONE)
    assert tariff_for("", {8: ""}, 8) == TariffChoice(None, TariffSource.NONE)


def test_the_own_tariff_applies_even_when_the_group_has_none() -> None:
    assert tariff_for(None, {7: "PREPAID"}, 7) == TariffChoice("PREPAID", TariffSource.CUSTOMER)


@given(
    group=refs,
    tariffs=st.dictionaries(st.integers(0, 5), refs, max_size=6),
    account=st.none() | st.integers(0, 7),
)
def test_the_override_wins_and_nothing_else_does(
    group: str | None, tariffs: dict[int, str | None], account: int | None
) -> None:
    choice = tariff_for(group, tariffs, account)
    own = tariffs.get(account) if account is not None else None
    expected = own or group or None
    assert choice.tariff == expected
    assert (choice.source is TariffSource.CUSTOMER) == bool(own)
