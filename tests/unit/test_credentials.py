"""Station passwords and API tokens."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from csms.domain.credentials import (
    api_token_hash,
    hash_password,
    new_api_token,
    new_password,
    verify_password,
)


def test_a_password_verifies_and_another_does_not() -> None:
    stored = hash_password("correct-horse-battery-staple", iterations=1000)
    assert verify_password("correct-horse-battery-staple", stored)
    assert not verify_password("correct-horse-battery-stapl", stored)
    assert not verify_password("x", "garbage")
    assert not verify_password("x", "md5$1$aa$bb")


def test_the_same_password_hashes_differently_each_time() -> None:
    assert hash_password("p" * 16, iterations=1000) != hash_password("p" * 16, iterations=1000)


def test_generated_secrets_are_long_enough() -> None:
    assert 16 <= len(new_password()) <= 40
    token = new_api_token()
    assert token.startswith("evh_") and len(token) > 40
    assert len(api_token_hash(token)) == 64


@settings(max_examples=25, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_any_password_round_trips(password: str) -> None:
    assert verify_password(password, hash_password(password, iterations=100))


def test_the_rounds_come_from_the_environment_with_a_floor(monkeypatch) -> None:
    monkeypatch.delenv("EVH_PASSWORD_HASH_ITERATIONS", raising=False)
    assert hash_password("p" * 16).split("$")[1] == "100000"
    monkeypatch.setenv("EVH_PASSWORD_HASH_ITERATIONS", "10")
    stored = hash_password("p" * 16)
    assert stored.split("$")[1] == "1000"
    assert verify_password("p" * 16, stored)
