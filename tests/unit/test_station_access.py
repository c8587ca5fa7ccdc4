"""Who may open an OCPP connection: the pure handshake decision."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csms.domain.events import Registration
from csms.domain.station_access import KnownStation, UnknownStationPolicy, decide_handshake


def station(
    profile: int = 1, password: bool = True, reg: Registration = Registration.ACCEPTED
) -> KnownStation:
    return KnownStation("CP", reg, password, profile)


def decide(st_: KnownStation | None, **kw: object) -> int:
    args = dict(
        connection_profile=1,
        presented_password=True,
        client_cert_matches=False,
        unknown_policy=UnknownStationPolicy.REJECT,
        allow_passwordless=False,
    )
    args.update(kw)
    return decide_handshake(st_, **args).status  # type: ignore[arg-type]  # kwargs from a mixed dict


def test_unknown_station_follows_the_policy() -> None:
    assert decide(None) == 404
    decision = decide_handshake(
        None,
        connection_profile=1,
        presented_password=False,
        client_cert_matches=False,
        unknown_policy=UnknownStationPolicy.PENDING,
        allow_passwordless=False,
    )
    assert decision.accepted and decision.register_as_pending


def test_password_is_checked_when_one_is_set() -> None:
    decision = decide_handshake(
        station(),
        connection_profile=1,
        presented_password=True,
        client_cert_matches=False,
        unknown_policy=UnknownStationPolicy.REJECT,
        allow_passwordless=False,
    )
    assert decision.accepted and decision.check_password
    assert decide(station(), presented_password=False) == 401


@pytest.mark.parametrize(
    ("configured", "offered", "expected"),
    [
        (2, 1, 403),
        (3, 1, 403),
        (3, 2, 403),
        (1, 2, 101),
        (2, 3, 403),
    ],
)
def test_never_below_the_configured_profile(configured: int, offered: int, expected: int) -> None:
    assert decide(station(configured), connection_profile=offered) == expected


def test_profile_3_needs_a_certificate_naming_the_station() -> None:
    assert (
        decide(station(3), connection_profile=3, client_cert_matches=True, presented_password=False)
        == 101
    )
    assert decide(station(3), connection_profile=3, client_cert_matches=False) == 403


def test_passwordless_stations() -> None:
    pending = station(password=False, reg=Registration.PENDING)
    assert decide(pending, presented_password=False) == 101
    accepted = station(password=False)
    assert decide(accepted, presented_password=False) == 401
    assert decide(accepted, presented_password=False, allow_passwordless=True) == 101


@given(
    profile=st.integers(1, 3),
    offered=st.integers(1, 3),
    cert=st.booleans(),
    password=st.booleans(),
    has_password=st.booleans(),
)
def test_a_connection_below_the_station_profile_is_never_accepted(
    profile: int, offered: int, cert: bool, password: bool, has_password: bool
) -> None:
    status = decide(
        station(profile, has_password),
        connection_profile=offered,
        client_cert_matches=cert,
        presented_password=password,
    )
    if offered < profile:
        assert status == 403
