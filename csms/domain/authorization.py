"""The access decision for a token at a station: one pure function over the model.

Order of answers: an unknown token is Invalid; a blocked or expired card says so wherever it
is presented; then the station's rules (tenant, private network, charge group) may answer
NotAtThisLocation; last, a token already charging elsewhere is ConcurrentTx.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from csms.domain.events import TokenStatus


@dataclass(frozen=True, slots=True)
class TokenRecord:
    """What the registry knows of a token; ``status`` is the stored one (Accepted or Blocked).

    ``provider`` None is a card of this platform; any other provider makes it a roaming
    token. ``account_id`` is the customer the card belongs to, if any.
    """

    value: str
    status: TokenStatus
    expires_at: datetime | None = None
    group_id: str | None = None
    allow_concurrent: bool = False
    tenant_id: int | None = None
    account_id: int | None = None
    provider: str | None = None

    @property
    def roaming(self) -> bool:
        return self.provider is not None


class GroupType(StrEnum):
    HOME = "home"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class GroupPolicy:
    """A charge group's access policy (CG-1, CG-3, CG-4)."""

    type: GroupType = GroupType.OTHER
    all_customers: bool = False
    roaming: bool = False
    customers: frozenset[int] = frozenset()

    def admits_customer(self, account_id: int | None) -> bool:
        """Ticking "accessible for roaming" opens the group to every own customer as well:
        the product text says it gives "all your customers and all roaming customers"."""
        if self.all_customers or self.roaming:
            return True
        return account_id is not None and account_id in self.customers


@dataclass(frozen=True, slots=True)
class Site:
    """What the access rules need to know of the station a token is presented at.

    ``private_members`` is the private network of the station's operator, or None when the
    station has no operator; it restricts access only when the station is invisible (OP-8).
    """

    tenant_id: int | None = None
    group: GroupPolicy | None = None
    visible: bool = True
    private_members: frozenset[int] | None = None
    roaming_published: bool = False


PUBLIC = Site()


@dataclass(frozen=True, slots=True)
class AccessDecision:
    status: TokenStatus
    expires_at: datetime | None = None
    group_id: str | None = None
    reason: str = ""

    @property
    def accepted(self) -> bool:
        return self.status is TokenStatus.ACCEPTED


def may_charge_at(token: TokenRecord, site: Site) -> tuple[bool, str]:
    """Whether the station's rules let ``token`` charge, and why not."""
    foreign = site.tenant_id is not None and token.tenant_id not in (None, site.tenant_id)
    if foreign and not token.roaming:
        return False, "card of another platform"
    members = site.private_members
    if not site.visible and members is not None and token.account_id not in members:
        return False, "station is in a private network the card is not a member of"
    group = site.group
    if group is None:
        if token.roaming and not site.roaming_published:
            return False, "location is not published to roaming partners"
        return True, ""
    if token.roaming:
        return (True, "") if group.roaming else (False, "charge group is closed to roaming")
    if group.admits_customer(token.account_id):
        return True, ""
    return False, "customer is not attached to the charge group"


def decide_access(
    token: TokenRecord | None,
    now: datetime,
    *,
    active_sessions: int = 0,
    site: Site = PUBLIC,
) -> AccessDecision:
    """Decide whether ``token`` may charge now at ``site``.

    ``active_sessions`` counts the token's other running sessions: unless the token allows
    concurrent use, one is enough to answer ConcurrentTx.
    """
    if token is None:
        return AccessDecision(TokenStatus.INVALID, reason="unknown card")
    if token.status is not TokenStatus.ACCEPTED:
        return AccessDecision(token.status, token.expires_at, token.group_id, "card is blocked")
    if token.expires_at is not None and token.expires_at <= now:
        return AccessDecision(TokenStatus.EXPIRED, token.expires_at, token.group_id, "card expired")
    allowed, why = may_charge_at(token, site)
    if not allowed:
        return AccessDecision(
            TokenStatus.NOT_AT_THIS_LOCATION, token.expires_at, token.group_id, why
        )
    if active_sessions > 0 and not token.allow_concurrent:
        return AccessDecision(
            TokenStatus.CONCURRENT_TX, token.expires_at, token.group_id, "already charging"
        )
    return AccessDecision(TokenStatus.ACCEPTED, token.expires_at, token.group_id)


def visible_on_map(account_id: int | None, site: Site) -> bool:
    """Whether a driver (customer ``account_id``) sees the station in the driver app (CG-2,
    OP-8): Home groups never; Other groups to the customers they admit; invisible stations
    only to the operator's private network."""
    if site.group is not None:
        if site.group.type is GroupType.HOME:
            return False
        if not site.group.admits_customer(account_id):
            return False
    if not site.visible:
        members = site.private_members or frozenset()
        return account_id is not None and account_id in members
    return True
