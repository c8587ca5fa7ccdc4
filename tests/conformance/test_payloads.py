"""Payloads from templates and tables, and the checks on what comes back."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance.payloads import ABSENT, PayloadError, build, get_path, mismatch
from ocppj import schemas


def test_table_text_becomes_the_type_the_schema_gives_the_field() -> None:
    payload = build(
        "1.6",
        "StartTransaction",
        response=False,
        fields={"connectorId": "2", "idTag": "0042", "meterStart": "1500"},
        variables={"valid_id_tag": "X"},
    )
    assert payload["connectorId"] == 2
    assert payload["idTag"] == "0042"  # a string field keeps its leading zero
    assert payload["meterStart"] == 1500
    schemas.validate("1.6", "StartTransaction", payload)


def test_nested_paths_and_lists_are_built_and_fields_removed() -> None:
    payload = build(
        "2.0.1",
        "TransactionEvent",
        response=False,
        fields={
            "eventType": "Updated",
            "meterValue.0.sampledValue.0.value": "1234.5",
            "meterValue.0.timestamp": "${now}",
            "idToken": ABSENT,
        },
        variables={"valid_id_tag": "T", "transaction_id": "TX-1"},
    )
    assert payload["meterValue"][0]["sampledValue"][0]["value"] == 1234.5
    assert "idToken" not in payload
    assert payload["transactionInfo"]["transactionId"] == "TX-1"
    schemas.validate("2.0.1", "TransactionEvent", payload)


def test_actions_without_a_template_start_from_the_smallest_valid_payload() -> None:
    payload = build("2.0.1", "NotifyReport", response=False)
    schemas.validate("2.0.1", "NotifyReport", payload)
    answer = build("1.6", "ChangeAvailability", response=True)
    assert answer == {"status": "Accepted"}


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"connectorNumber": "1"}, "no field 'connectorNumber'"),
        ({"idTag": "${nobody_set_me}"}, "nobody_set_me"),
    ],
)
def test_a_bad_table_names_the_problem(fields: dict[str, str], problem: str) -> None:
    with pytest.raises(PayloadError, match=problem):
        build("1.6", "Authorize", response=False, fields=fields, variables={"valid_id_tag": "V"})


def test_expectations() -> None:
    answer = {"idTagInfo": {"status": "Blocked"}, "interval": 300, "ok": True}
    assert mismatch(answer, "idTagInfo.status", "Blocked", {}) is None
    assert mismatch(answer, "idTagInfo.status", "Invalid or Blocked", {}) is None
    assert "expected Accepted" in (mismatch(answer, "idTagInfo.status", "Accepted", {}) or "")
    assert mismatch(answer, "interval", "300", {}) is None
    assert mismatch(answer, "interval", "<present>", {}) is None
    assert mismatch(answer, "currentTime", "<absent>", {}) is None
    assert mismatch(answer, "currentTime", "<present>", {}) == "currentTime is absent"
    assert mismatch(answer, "ok", "true", {}) is None
    assert mismatch(answer, "idTagInfo.status", "${tag}", {"tag": "Blocked"}) is None


@given(st.dictionaries(st.sampled_from(["a", "b", "c"]), st.integers(), min_size=1))
def test_get_path_finds_what_is_there(data: dict[str, int]) -> None:
    for key, value in data.items():
        assert get_path({"x": [data]}, f"x.0.{key}") == value
    assert get_path({"x": [data]}, "x.1.a") == ABSENT
