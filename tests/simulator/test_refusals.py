"""A station counts an answer that says no as refused, whatever the version spells it."""

from __future__ import annotations

import pytest

from simulator.metrics import Outcome
from simulator.transport import _outcome


@pytest.mark.parametrize(
    ("payload", "outcome"),
    [
        ({"idTagInfo": {"status": "Accepted"}}, Outcome.OK),
        ({"idTagInfo": {"status": "ConcurrentTx"}}, Outcome.REJECTED),
        ({"idTagInfo": {"status": "Invalid"}}, Outcome.REJECTED),
        ({"idTokenInfo": {"status": "ConcurrentTx"}}, Outcome.REJECTED),
        ({"idTokenInfo": {"status": "NoCredit"}}, Outcome.REJECTED),
        ({"idTokenInfo": {"status": "Unknown"}}, Outcome.REJECTED),
        ({"status": "Rejected", "interval": 60}, Outcome.REJECTED),
        ({"status": "Pending", "interval": 60}, Outcome.OK),
        ({}, Outcome.OK),
    ],
)
def test_refusing_answers(payload: dict, outcome: Outcome) -> None:
    assert _outcome(payload) is outcome
