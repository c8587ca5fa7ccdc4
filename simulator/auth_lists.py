"""Local authorization: the CSMS-managed Local Authorization List and the station's own
Authorization Cache, with translators for SendLocalList in OCPP 1.6 and 2.0.1.

Tokens are keyed by their text: a 1.6 ``idTag`` or the ``idToken`` field of a 2.0.1
IdTokenType (``token_key`` accepts either). Statuses keep their wire spelling, which is
the same in both versions for the values they share. Pure code: callers pass ``now``.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, Literal, NamedTuple

from simulator.wiretime import format_time, parse_time

UpdateType = Literal["Full", "Differential"]
ApplyStatus = Literal["Accepted", "Failed", "VersionMismatch"]

# 2.0.1 statuses 1.6 cannot express fold into Invalid (1.6 AuthorizationStatus).
_STATUSES_16 = {"Accepted", "Blocked", "Expired", "Invalid", "ConcurrentTx"}


class AuthInfo(NamedTuple):
    """What is known about one token: its status and when that stops being true."""

    status: str
    expiry: datetime | None = None


# A list update: a token and its new info, or None to remove the token.
Update = tuple[str, AuthInfo | None]


def token_key(id_token: str | Mapping[str, Any]) -> str:
    """The lookup key of a 1.6 idTag string or a 2.0.1 IdTokenType dict."""
    return id_token if isinstance(id_token, str) else str(id_token["idToken"])


def _effective(info: AuthInfo, now: datetime) -> str:
    if info.expiry is not None and now >= info.expiry and info.status == "Accepted":
        return "Expired"
    return info.status


class LocalAuthList:
    """The Local Authorization List (1.6 §3.5.2, 2.0.1 D01/D02).

    ``max_length`` bounds the list (LocalAuthListMaxLength / LocalAuthListCtrlr.Storage),
    ``max_per_message`` the entries of one SendLocalList (SendLocalListMaxLength /
    ItemsPerMessage); an update breaking either fails and changes nothing.
    """

    def __init__(self, max_length: int = 1000, max_per_message: int | None = None) -> None:
        self.max_length = max_length
        self.max_per_message = max_per_message
        self.version = 0
        self.entries: dict[str, AuthInfo] = {}

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, id_token: object) -> bool:
        if isinstance(id_token, str | Mapping):
            return token_key(id_token) in self.entries
        return False

    def apply(self, version: int, update_type: UpdateType, entries: Sequence[Update]) -> str:
        """SendLocalList: 'Accepted', 'Failed' or 'VersionMismatch'.

        Full replaces the list (entries without info are ignored); Differential adds,
        updates, and removes entries without info, and needs a version above the current
        one. Nothing changes unless the answer is Accepted.
        """
        if update_type not in ("Full", "Differential"):
            return "Failed"
        if self.max_per_message is not None and len(entries) > self.max_per_message:
            return "Failed"
        if update_type == "Differential" and version <= self.version:
            return "VersionMismatch"
        if update_type == "Full":
            new = {token_key(tok): info for tok, info in entries if info is not None}
        else:
            new = dict(self.entries)
            for tok, info in entries:
                if info is None:
                    new.pop(token_key(tok), None)
                else:
                    new[token_key(tok)] = info
        if len(new) > self.max_length:
            return "Failed"
        self.entries = new
        self.version = version
        return "Accepted"

    def get(self, id_token: str | Mapping[str, Any]) -> AuthInfo | None:
        """The stored entry, as sent by the CSMS."""
        return self.entries.get(token_key(id_token))

    def lookup(self, id_token: str | Mapping[str, Any], now: datetime) -> str | None:
        """The token's status now ('Expired' once past its expiry), None if not listed."""
        info = self.get(id_token)
        return None if info is None else _effective(info, now)

    def clear(self) -> None:
        """Empty the list and reset its version (a full reset of the station)."""
        self.entries.clear()
        self.version = 0


class AuthCache:
    """A bounded LRU of the CSMS's authorization answers (1.6 §3.5.1, 2.0.1 C10).

    ``lifetime_s`` (AuthCacheCtrlr.LifeTime) drops entries stored longer ago than that.
    When full, invalid or expired entries go first, then the least recently used one.
    """

    def __init__(self, capacity: int = 1000, lifetime_s: int | None = None) -> None:
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self.capacity = capacity
        self.lifetime_s = lifetime_s
        self._entries: OrderedDict[str, tuple[AuthInfo, datetime]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def store(self, id_token: str | Mapping[str, Any], info: AuthInfo, now: datetime) -> None:
        """Remember (or refresh) the CSMS's answer for a token."""
        key = token_key(id_token)
        self._entries.pop(key, None)
        while len(self._entries) >= self.capacity:
            self._evict(now)
        self._entries[key] = (info, now)

    def _evict(self, now: datetime) -> None:
        for key, (info, stored) in self._entries.items():
            if _effective(info, now) != "Accepted" or self._too_old(stored, now):
                del self._entries[key]
                return
        self._entries.popitem(last=False)

    def _too_old(self, stored: datetime, now: datetime) -> bool:
        return self.lifetime_s is not None and now - stored >= timedelta(seconds=self.lifetime_s)

    def get(self, id_token: str | Mapping[str, Any], now: datetime) -> AuthInfo | None:
        """The cached info (None if absent or past the cache lifetime); marks it used."""
        key = token_key(id_token)
        entry = self._entries.get(key)
        if entry is None:
            return None
        info, stored = entry
        if self._too_old(stored, now):
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return info

    def lookup(self, id_token: str | Mapping[str, Any], now: datetime) -> str | None:
        """The cached status now ('Expired' once past its expiry), None if not cached."""
        info = self.get(id_token, now)
        if info is None:
            return None
        status = _effective(info, now)
        if status != info.status:
            # The spec has the cache entry itself turn Expired, not only this answer.
            key = token_key(id_token)
            self._entries[key] = (AuthInfo(status, info.expiry), self._entries[key][1])
        return status

    def remove(self, id_token: str | Mapping[str, Any]) -> None:
        """Forget one token."""
        self._entries.pop(token_key(id_token), None)

    def clear(self) -> None:
        """ClearCache: forget everything."""
        self._entries.clear()


# ---------------------------------------------------------------------------------------
# OCPP 1.6 translation


def info_from_v16(id_tag_info: Mapping[str, Any]) -> AuthInfo:
    """A 1.6 IdTagInfo (Authorize/StartTransaction/SendLocalList) as AuthInfo."""
    return AuthInfo(id_tag_info["status"], parse_time(id_tag_info.get("expiryDate")))


def info_to_v16(info: AuthInfo) -> dict:
    """AuthInfo as a 1.6 IdTagInfo."""
    status = info.status if info.status in _STATUSES_16 else "Invalid"
    out: dict[str, Any] = {"status": status}
    if info.expiry is not None:
        out["expiryDate"] = format_time(info.expiry)
    return out


def from_v16(payload: Mapping[str, Any]) -> tuple[int, UpdateType, list[Update]]:
    """A 1.6 SendLocalList.req as ``(version, update_type, entries)`` for ``apply``."""
    entries: list[Update] = [
        (item["idTag"], info_from_v16(item["idTagInfo"]) if item.get("idTagInfo") else None)
        for item in payload.get("localAuthorizationList") or []
    ]
    return payload["listVersion"], payload["updateType"], entries


def to_v16(version: int, update_type: UpdateType, entries: Iterable[Update]) -> dict:
    """A 1.6 SendLocalList.req payload (handy for tests and the CSMS side)."""
    items = []
    for tok, info in entries:
        item: dict[str, Any] = {"idTag": token_key(tok)}
        if info is not None:
            item["idTagInfo"] = info_to_v16(info)
        items.append(item)
    payload: dict[str, Any] = {"listVersion": version, "updateType": update_type}
    if items:
        payload["localAuthorizationList"] = items
    return payload


# ---------------------------------------------------------------------------------------
# OCPP 2.0.1 translation


def info_from_v201(id_token_info: Mapping[str, Any]) -> AuthInfo:
    """A 2.0.1 IdTokenInfo as AuthInfo."""
    return AuthInfo(id_token_info["status"], parse_time(id_token_info.get("cacheExpiryDateTime")))


def info_to_v201(info: AuthInfo) -> dict:
    """AuthInfo as a 2.0.1 IdTokenInfo."""
    out: dict[str, Any] = {"status": info.status}
    if info.expiry is not None:
        out["cacheExpiryDateTime"] = format_time(info.expiry)
    return out


def from_v201(payload: Mapping[str, Any]) -> tuple[int, UpdateType, list[Update]]:
    """A 2.0.1 SendLocalListRequest as ``(version, update_type, entries)`` for ``apply``."""
    entries: list[Update] = [
        (
            token_key(item["idToken"]),
            info_from_v201(item["idTokenInfo"]) if item.get("idTokenInfo") else None,
        )
        for item in payload.get("localAuthorizationList") or []
    ]
    return payload["versionNumber"], payload["updateType"], entries


def to_v201(
    version: int,
    update_type: UpdateType,
    entries: Iterable[Update],
    token_type: str = "ISO14443",
) -> dict:
    """A 2.0.1 SendLocalListRequest payload; tokens get ``token_type`` (tests, CSMS side)."""
    items = []
    for tok, info in entries:
        item: dict[str, Any] = {"idToken": {"idToken": token_key(tok), "type": token_type}}
        if info is not None:
            item["idTokenInfo"] = info_to_v201(info)
        items.append(item)
    payload: dict[str, Any] = {"versionNumber": version, "updateType": update_type}
    if items:
        payload["localAuthorizationList"] = items
    return payload


__all__ = [
    "AuthCache",
    "AuthInfo",
    "LocalAuthList",
    "from_v16",
    "from_v201",
    "info_from_v16",
    "info_from_v201",
    "info_to_v16",
    "info_to_v201",
    "to_v16",
    "to_v201",
    "token_key",
]
