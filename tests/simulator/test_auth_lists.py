"""Local Authorization List and Authorization Cache, with SendLocalList translation."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import fastjsonschema
import ocpp

from simulator import auth_lists
from simulator.auth_lists import AuthCache, AuthInfo, LocalAuthList

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
SCHEMAS = Path(ocpp.__file__).parent


def validate(version: str, name: str, payload: dict[str, Any]) -> None:
    """Check a payload against the ocpp library's copy of the official schema."""
    schema = json.loads((SCHEMAS / version / "schemas" / f"{name}.json").read_text())
    fastjsonschema.compile(schema)(payload)


OK = AuthInfo("Accepted")


def test_full_update_replaces_the_list_and_sets_the_version() -> None:
    lst = LocalAuthList()
    assert lst.apply(3, "Full", [("A", OK), ("B", AuthInfo("Blocked"))]) == "Accepted"
    assert lst.apply(4, "Full", [("C", OK)]) == "Accepted"
    assert lst.version == 4
    assert lst.lookup("A", NOW) is None
    assert lst.lookup("C", NOW) == "Accepted"


def test_full_update_may_reuse_a_lower_version() -> None:
    lst = LocalAuthList()
    lst.apply(5, "Full", [("A", OK)])
    assert lst.apply(2, "Full", [("B", OK)]) == "Accepted"
    assert lst.version == 2


def test_differential_adds_updates_and_removes_entries_without_info() -> None:
    lst = LocalAuthList()
    lst.apply(1, "Full", [("A", OK), ("B", OK)])
    status = lst.apply(2, "Differential", [("A", None), ("B", AuthInfo("Blocked")), ("C", OK)])
    assert status == "Accepted"
    assert lst.entries == {"B": AuthInfo("Blocked"), "C": OK}
    assert lst.lookup("B", NOW) == "Blocked"


def test_differential_with_old_or_same_version_is_a_mismatch_and_changes_nothing() -> None:
    lst = LocalAuthList()
    lst.apply(5, "Full", [("A", OK)])
    assert lst.apply(5, "Differential", [("B", OK)]) == "VersionMismatch"
    assert lst.apply(4, "Differential", [("B", OK)]) == "VersionMismatch"
    assert lst.version == 5
    assert "B" not in lst


def test_max_length_is_enforced_without_partial_updates() -> None:
    lst = LocalAuthList(max_length=2)
    assert lst.apply(1, "Full", [("A", OK), ("B", OK), ("C", OK)]) == "Failed"
    assert lst.version == 0 and len(lst) == 0
    lst.apply(1, "Full", [("A", OK), ("B", OK)])
    assert lst.apply(2, "Differential", [("C", OK)]) == "Failed"
    assert lst.version == 1 and "C" not in lst
    # Removing one entry in the same update makes room.
    assert lst.apply(2, "Differential", [("A", None), ("C", OK)]) == "Accepted"


def test_max_per_message_is_enforced() -> None:
    lst = LocalAuthList(max_per_message=1)
    assert lst.apply(1, "Full", [("A", OK), ("B", OK)]) == "Failed"


def test_list_entries_expire() -> None:
    lst = LocalAuthList()
    lst.apply(1, "Full", [("A", AuthInfo("Accepted", NOW + timedelta(hours=1)))])
    assert lst.lookup("A", NOW) == "Accepted"
    assert lst.lookup("A", NOW + timedelta(hours=2)) == "Expired"


def test_lookup_accepts_v201_id_token_objects() -> None:
    lst = LocalAuthList()
    lst.apply(1, "Full", [("TOKEN1", OK)])
    assert lst.lookup({"idToken": "TOKEN1", "type": "ISO14443"}, NOW) == "Accepted"


def test_v16_send_local_list_round_trip() -> None:
    expiry = NOW + timedelta(days=1)
    payload = {
        "listVersion": 7,
        "updateType": "Differential",
        "localAuthorizationList": [
            {
                "idTag": "A",
                "idTagInfo": {"status": "Accepted", "expiryDate": "2025-03-02T12:00:00Z"},
            },
            {"idTag": "B"},
        ],
    }
    validate("v16", "SendLocalList", payload)
    version, update_type, entries = auth_lists.from_v16(payload)
    assert (version, update_type) == (7, "Differential")
    assert entries == [("A", AuthInfo("Accepted", expiry)), ("B", None)]
    assert auth_lists.to_v16(version, update_type, entries) == payload


def test_v201_send_local_list_round_trip() -> None:
    payload = {
        "versionNumber": 3,
        "updateType": "Full",
        "localAuthorizationList": [
            {
                "idToken": {"idToken": "A", "type": "ISO14443"},
                "idTokenInfo": {"status": "NotAtThisTime"},
            }
        ],
    }
    validate("v201", "SendLocalListRequest", payload)
    version, update_type, entries = auth_lists.from_v201(payload)
    assert entries == [("A", AuthInfo("NotAtThisTime"))]
    assert auth_lists.to_v201(version, update_type, entries) == payload


def test_v201_only_statuses_become_invalid_in_v16() -> None:
    assert auth_lists.info_to_v16(AuthInfo("NotAtThisTime")) == {"status": "Invalid"}
    assert auth_lists.info_to_v16(AuthInfo("Blocked")) == {"status": "Blocked"}
    assert auth_lists.info_to_v201(AuthInfo("Accepted", NOW)) == {
        "status": "Accepted",
        "cacheExpiryDateTime": "2025-03-01T12:00:00Z",
    }


def test_cache_stores_and_clears() -> None:
    cache = AuthCache()
    cache.store("A", OK, NOW)
    cache.store("B", AuthInfo("Blocked"), NOW)
    assert cache.lookup("A", NOW) == "Accepted"
    assert cache.lookup("B", NOW) == "Blocked"
    assert cache.lookup("C", NOW) is None
    cache.clear()
    assert cache.lookup("A", NOW) is None and len(cache) == 0


def test_cache_evicts_least_recently_used() -> None:
    cache = AuthCache(capacity=2)
    cache.store("A", OK, NOW)
    cache.store("B", OK, NOW)
    cache.lookup("A", NOW)  # A is now the most recently used
    cache.store("C", OK, NOW)
    assert cache.lookup("B", NOW) is None
    assert cache.lookup("A", NOW) == "Accepted"
    assert cache.lookup("C", NOW) == "Accepted"


def test_cache_evicts_invalid_entries_before_valid_ones() -> None:
    cache = AuthCache(capacity=2)
    cache.store("A", OK, NOW)
    cache.store("BAD", AuthInfo("Blocked"), NOW)
    cache.store("C", OK, NOW)
    assert cache.lookup("BAD", NOW) is None
    assert cache.lookup("A", NOW) == "Accepted"


def test_cache_entries_expire_and_lifetime_drops_them() -> None:
    cache = AuthCache(lifetime_s=3600)
    cache.store("A", AuthInfo("Accepted", NOW + timedelta(minutes=10)), NOW)
    cache.store("B", OK, NOW)
    assert cache.lookup("A", NOW + timedelta(minutes=20)) == "Expired"
    # The entry itself turned Expired.
    assert cache.get("A", NOW + timedelta(minutes=21)) == AuthInfo(
        "Expired", NOW + timedelta(minutes=10)
    )
    assert cache.lookup("B", NOW + timedelta(hours=2)) is None
    assert len(cache) == 1
