"""Who may open an OCPP connection, and what a BootNotification is answered.

Security profiles (OCPP 2.0.1 Part 2, A00; the 1.6 security whitepaper): 1 is HTTP Basic
over plain WebSocket, 2 is Basic over TLS, 3 is TLS with a client certificate. A station
never connects below the profile it is configured for.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from csms.domain.events import Registration


class UnknownStationPolicy(StrEnum):
    REJECT = "reject"
    PENDING = "pending"


@dataclass(frozen=True, slots=True)
class KnownStation:
    station_id: str
    registration: Registration
    has_password: bool
    security_profile: int


@dataclass(frozen=True, slots=True)
class HandshakeDecision:
    """``status`` is the HTTP status to refuse with, or 101 to accept."""

    status: int
    reason: str = ""
    register_as_pending: bool = False
    check_password: bool = False

    @property
    def accepted(self) -> bool:
        return self.status == 101


def decide_handshake(
    station: KnownStation | None,
    *,
    connection_profile: int,
    presented_password: bool,
    client_cert_matches: bool,
    unknown_policy: UnknownStationPolicy,
    allow_passwordless: bool,
) -> HandshakeDecision:
    """Decide a WebSocket handshake before any password hash is checked.

    ``connection_profile`` is what the port offers (1 plain, 2 TLS, 3 mutual TLS).
    The caller verifies the password when ``check_password`` is set.
    """
    if station is None:
        if unknown_policy is UnknownStationPolicy.PENDING:
            return HandshakeDecision(101, "unknown station registered as pending", True)
        return HandshakeDecision(404, "unknown charging station")
    if station.registration is Registration.REJECTED and not station.has_password:
        return HandshakeDecision(403, "charging station is rejected")
    if connection_profile < station.security_profile:
        return HandshakeDecision(
            403, f"station requires security profile {station.security_profile}"
        )
    if connection_profile == 3:
        if not client_cert_matches:
            return HandshakeDecision(403, "client certificate does not name this station")
        return HandshakeDecision(101)
    if station.has_password:
        if not presented_password:
            return HandshakeDecision(401, "HTTP Basic credentials required")
        return HandshakeDecision(101, check_password=True)
    if station.registration is Registration.PENDING or allow_passwordless:
        return HandshakeDecision(101)
    return HandshakeDecision(401, "no password is set for this station")
