"""Access and visibility at a station: charge groups, roaming, private networks, tenants."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from csms.domain.authorization import (
    GroupPolicy,
    GroupType,
    Site,
    TokenRecord,
    decide_access,
    may_charge_at,
    visible_on_map,
)
from csms.domain.events import TokenStatus

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
ALICE, BOB = 1, 2


def card(account: int | None = ALICE, provider: str | None = None, tenant: int = 1) -> TokenRecord:
    return TokenRecord(
        "C", TokenStatus.ACCEPTED, account_id=account, provider=provider, tenant_id=tenant
    )


def at(group: GroupPolicy | None = None, **kw: object) -> Site:
    return Site(tenant_id=1, group=group, **kw)  # type: ignore[arg-type]  # kwargs typed object


def status(token: TokenRecord, site: Site) -> TokenStatus:
    return decide_access(token, NOW, site=site).status


def test_cg3_attached_customers_only_unless_all_customers() -> None:
    closed = GroupPolicy(customers=frozenset({ALICE}))
    assert status(card(ALICE), at(closed)) is TokenStatus.ACCEPTED
    assert status(card(BOB), at(closed)) is TokenStatus.NOT_AT_THIS_LOCATION
    assert status(card(None), at(closed)) is TokenStatus.NOT_AT_THIS_LOCATION
    everyone = GroupPolicy(all_customers=True)
    assert status(card(BOB), at(everyone)) is TokenStatus.ACCEPTED


def test_cg3_a_closed_empty_group_admits_nobody() -> None:
    empty = GroupPolicy()
    for token in (card(ALICE), card(None), card(BOB, provider="NL-XYZ")):
        assert status(token, at(empty)) is TokenStatus.NOT_AT_THIS_LOCATION


def test_cg4_roaming_flag_decides_for_roaming_cards() -> None:
    roaming = card(None, provider="DE-ABC")
    assert status(roaming, at(GroupPolicy(all_customers=True))) is TokenStatus.NOT_AT_THIS_LOCATION
    assert status(roaming, at(GroupPolicy(roaming=True))) is TokenStatus.ACCEPTED
    # The product text: roaming ticked gives "all your customers and all roaming customers".
    assert status(card(BOB), at(GroupPolicy(roaming=True))) is TokenStatus.ACCEPTED


def test_op8_invisible_stations_admit_only_the_private_network() -> None:
    private = at(visible=False, private_members=frozenset({ALICE}))
    assert status(card(ALICE), private) is TokenStatus.ACCEPTED
    assert status(card(BOB), private) is TokenStatus.NOT_AT_THIS_LOCATION
    assert (
        status(card(BOB), at(visible=True, private_members=frozenset({ALICE}))).value == "Accepted"
    )


def test_cards_of_another_platform_are_refused_but_roaming_is_judged_by_the_rules() -> None:
    assert status(card(tenant=2), at()) is TokenStatus.NOT_AT_THIS_LOCATION
    assert (
        status(card(tenant=2, provider="NL-X"), at(roaming_published=True)) is TokenStatus.ACCEPTED
    )
    assert status(card(None, provider="NL-X"), at()) is TokenStatus.NOT_AT_THIS_LOCATION


def test_card_state_wins_over_location_rules() -> None:
    blocked = TokenRecord("C", TokenStatus.BLOCKED, account_id=BOB)
    assert decide_access(blocked, NOW, site=at(GroupPolicy())).status is TokenStatus.BLOCKED
    refused = decide_access(card(BOB), NOW, site=at(GroupPolicy()))
    assert refused.reason == "customer is not attached to the charge group"


def test_cg2_map_visibility() -> None:
    home = GroupPolicy(type=GroupType.HOME, all_customers=True, customers=frozenset({ALICE}))
    assert not visible_on_map(ALICE, at(home))
    other = GroupPolicy(type=GroupType.OTHER, customers=frozenset({ALICE}))
    assert visible_on_map(ALICE, at(other)) and not visible_on_map(BOB, at(other))
    assert visible_on_map(None, at())
    hidden = at(visible=False, private_members=frozenset({BOB}))
    assert visible_on_map(BOB, hidden) and not visible_on_map(ALICE, hidden)
    assert not visible_on_map(None, hidden)


groups = st.builds(
    GroupPolicy,
    type=st.sampled_from(GroupType),
    all_customers=st.booleans(),
    roaming=st.booleans(),
    customers=st.frozensets(st.integers(1, 5), max_size=3),
)
tokens = st.builds(
    TokenRecord,
    value=st.just("C"),
    status=st.just(TokenStatus.ACCEPTED),
    account_id=st.none() | st.integers(1, 5),
    provider=st.none() | st.sampled_from(["NL-A", "DE-B"]),
    tenant_id=st.just(1),
)


@given(token=tokens, type_=st.sampled_from(GroupType))
def test_a_closed_empty_group_never_grants_access(token: TokenRecord, type_: GroupType) -> None:
    assert not may_charge_at(token, at(GroupPolicy(type=type_)))[0]


@given(token=tokens, group=groups)
def test_roaming_cards_charge_exactly_when_the_group_allows_roaming(
    token: TokenRecord, group: GroupPolicy
) -> None:
    if token.roaming:
        assert may_charge_at(token, at(group))[0] is group.roaming


@given(token=tokens, group=groups)
def test_nobody_sees_a_station_they_may_not_charge_at_unless_public(
    token: TokenRecord, group: GroupPolicy
) -> None:
    own = TokenRecord("C", TokenStatus.ACCEPTED, account_id=token.account_id, tenant_id=1)
    if visible_on_map(token.account_id, at(group)):
        assert may_charge_at(own, at(group))[0]


@given(group=groups, visible=st.booleans(), members=st.frozensets(st.integers(1, 5), max_size=3))
def test_home_groups_are_never_on_the_map(
    group: GroupPolicy, visible: bool, members: frozenset[int]
) -> None:
    home = GroupPolicy(GroupType.HOME, group.all_customers, group.roaming, group.customers)
    for account in (None, 1, 2, 3):
        assert not visible_on_map(account, at(home, visible=visible, private_members=members))
