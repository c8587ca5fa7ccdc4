"""The one tariff rule (csms.domain.tariff_choice.resolve_tariff): which tariff prices a
session, and who pays and who earns (CA-4, CA-5, CG-5, CG-6, INV-4)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from csms.domain.tariff_choice import (
    HomeCharger,
    Purpose,
    SessionParties,
    TariffSource,
    resolve_tariff,
)

EMPLOYER, EMPLOYEE, SPOUSE, STRANGER = 1, 2, 3, 4
HOME = HomeCharger(employer=EMPLOYER, employee=EMPLOYEE, tariff="REIMB")


def home_charger(card: int | None) -> SessionParties:
    return SessionParties(
        card_account=card,
        station_owner=EMPLOYEE,
        owner_kind="connected",
        home=HOME,
        station_tariff="EMPLOYEE-OWN",
    )


def test_the_employers_card_on_the_home_charger_is_reimbursed_to_the_employee() -> None:
    for card in (EMPLOYER, EMPLOYEE):
        r = resolve_tariff(home_charger(card))
        assert (r.tariff, r.source, r.purpose) == (
            "REIMB",
            TariffSource.REIMBURSEMENT,
            Purpose.REIMBURSEMENT,
        )
        assert (r.payer, r.payee) == (EMPLOYER, EMPLOYEE)


def test_everyone_else_pays_the_employees_own_tariff_on_the_home_charger() -> None:
    for card in (SPOUSE, None):
        r = resolve_tariff(home_charger(card))
        assert (r.tariff, r.source, r.purpose) == (
            "EMPLOYEE-OWN",
            TariffSource.STATION,
            Purpose.CHARGING,
        )
        assert (r.payer, r.payee) == (card, EMPLOYEE)


def test_a_sub_accounts_rate_reimburses_its_own_and_its_parents_cards() -> None:
    parties = SessionParties(
        card_account=10,
        station_owner=11,
        owner_kind="sub_account",
        owner_parent=10,
        owner_rate=Decimal("0.25"),
        location_tariff="PUBLIC",
    )
    r = resolve_tariff(parties)
    assert (r.source, r.purpose, r.rate, r.payer, r.payee) == (
        TariffSource.RATE,
        Purpose.REIMBURSEMENT,
        Decimal("0.25"),
        10,
        11,
    )
    stranger = resolve_tariff(dataclasses.replace(parties, card_account=99))
    assert (stranger.tariff, stranger.source, stranger.payer) == (
        "PUBLIC",
        TariffSource.LOCATION,
        99,
    )


def test_group_customer_override_then_group_then_station_location_operator() -> None:
    base = dict(
        card_account=5,
        group_tariff="GROUP",
        customer_tariffs={5: "PREPAID"},
        station_tariff="STATION",
        location_tariff="LOCATION",
        operator_tariff="OPERATOR",
    )
    order = [
        ("customer_tariffs", "PREPAID", TariffSource.CUSTOMER),
        ("group_tariff", "GROUP", TariffSource.GROUP),
        ("station_tariff", "STATION", TariffSource.STATION),
        ("location_tariff", "LOCATION", TariffSource.LOCATION),
        ("operator_tariff", "OPERATOR", TariffSource.OPERATOR),
    ]
    for field, ref, source in order:
        r = resolve_tariff(SessionParties(**base))  # type: ignore[arg-type]  # kwargs from a mixed dict
        assert (r.tariff, r.source, r.purpose) == (ref, source, Purpose.CHARGING)
        base[field] = {} if field == "customer_tariffs" else None
    r = resolve_tariff(SessionParties(**base))  # type: ignore[arg-type]  # kwargs from a mixed dict
    assert (r.tariff, r.source) == (None, TariffSource.NONE)


refs = st.one_of(st.none(), st.sampled_from(["A", "B", "C"]))


@given(
    card=st.one_of(st.none(), st.integers(1, 6)),
    owner=st.one_of(st.none(), st.integers(1, 6)),
    location_account=st.one_of(st.none(), st.integers(1, 6)),
    group=refs,
    station=refs,
    location=refs,
    operator=refs,
)
def test_a_charging_session_is_paid_by_the_card_and_earned_by_the_station_owner(
    card: int | None,
    owner: int | None,
    location_account: int | None,
    group: str | None,
    station: str | None,
    location: str | None,
    operator: str | None,
) -> None:
    r = resolve_tariff(
        SessionParties(
            card_account=card,
            station_owner=owner,
            owner_kind="standard",
            group_tariff=group,
            station_tariff=station,
            location_account=location_account,
            location_tariff=location,
            operator_tariff=operator,
        )
    )
    assert r.purpose is Purpose.CHARGING and r.payer == card
    assert r.payee == (owner if owner is not None else location_account)
    assert r.tariff == next((t for t in (group, station, location, operator) if t), None)
