"""The access decision for a token: one pure function that later issues grow."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from csms.domain.events import TokenStatus


@dataclass(frozen=True, slots=True)
class TokenRecord:
    """What the registry knows of a token; ``status`` is the stored one (Accepted or Blocked)."""

    value: str
    status: TokenStatus
    expires_at: datetime | None = None
    group_id: str | None = None
    allow_concurrent: bool = False


@dataclass(frozen=True, slots=True)
class AccessDecision:
    status: TokenStatus
    expires_at: datetime | None = None
    group_id: str | None = None

    @property
    def accepted(self) -> bool:
        return self.status is TokenStatus.ACCEPTED


def decide_access(
    token: TokenRecord | None,
    now: datetime,
    *,
    active_sessions: int = 0,
) -> AccessDecision:
    """Decide whether ``token`` may charge now.

    ``active_sessions`` counts the token's other running sessions: unless the token allows
    concurrent use, one is enough to answer ConcurrentTx.
    """
    if token is None:
        return AccessDecision(TokenStatus.INVALID)
    if token.status is not TokenStatus.ACCEPTED:
        return AccessDecision(token.status, token.expires_at, token.group_id)
    if token.expires_at is not None and token.expires_at <= now:
        return AccessDecision(TokenStatus.EXPIRED, token.expires_at, token.group_id)
    if active_sessions > 0 and not token.allow_concurrent:
        return AccessDecision(TokenStatus.CONCURRENT_TX, token.expires_at, token.group_id)
    return AccessDecision(TokenStatus.ACCEPTED, token.expires_at, token.group_id)
