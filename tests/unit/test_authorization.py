"""The access decision for a token, as a pure function."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from csms.domain.authorization import TokenRecord, decide_access
from csms.domain.events import TokenStatus

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
tokens = st.builds(
    TokenRecord,
    value=st.text(min_size=1, max_size=20),
    status=st.sampled_from([TokenStatus.ACCEPTED, TokenStatus.BLOCKED]),
    expires_at=st.none() | st.datetimes(timezones=st.just(UTC)),
    group_id=st.none() | st.text(max_size=10),
    allow_concurrent=st.booleans(),
)


def test_unknown_token_is_invalid() -> None:
    assert decide_access(None, NOW).status is TokenStatus.INVALID


def test_accepted_token_is_accepted_with_its_group_and_expiry() -> None:
    expiry = NOW + timedelta(days=30)
    decision = decide_access(TokenRecord("A", TokenStatus.ACCEPTED, expiry, "G"), NOW)
    assert decision.accepted
    assert (decision.expires_at, decision.group_id) == (expiry, "G")


def test_blocked_wins_over_everything() -> None:
    token = TokenRecord("B", TokenStatus.BLOCKED, NOW - timedelta(days=1))
    assert decide_access(token, NOW, active_sessions=3).status is TokenStatus.BLOCKED


def test_expiry_is_exclusive_of_the_instant() -> None:
    assert (
        decide_access(TokenRecord("E", TokenStatus.ACCEPTED, NOW), NOW).status
        is TokenStatus.EXPIRED
    )
    later = TokenRecord("E", TokenStatus.ACCEPTED, NOW + timedelta(seconds=1))
    assert decide_access(later, NOW).accepted


def test_a_token_busy_elsewhere_is_concurrent_unless_allowed() -> None:
    busy = TokenRecord("C", TokenStatus.ACCEPTED)
    assert decide_access(busy, NOW, active_sessions=1).status is TokenStatus.CONCURRENT_TX
    fleet = TokenRecord("C", TokenStatus.ACCEPTED, allow_concurrent=True)
    assert decide_access(fleet, NOW, active_sessions=5).accepted


@given(token=tokens, active=st.integers(min_value=0, max_value=5))
def test_accepted_only_when_every_condition_holds(token: TokenRecord, active: int) -> None:
    decision = decide_access(token, NOW, active_sessions=active)
    expected = (
        token.status is TokenStatus.ACCEPTED
        and (token.expires_at is None or token.expires_at > NOW)
        and (active == 0 or token.allow_concurrent)
    )
    assert decision.accepted is expected


@given(token=tokens)
def test_the_decision_never_invents_a_status(token: TokenRecord) -> None:
    decision = decide_access(token, NOW, active_sessions=1)
    assert decision.status in {
        TokenStatus.ACCEPTED,
        TokenStatus.BLOCKED,
        TokenStatus.EXPIRED,
        TokenStatus.CONCURRENT_TX,
    }
