"""A deliberately broken CSMS, for tests/behaviours/test_broken_rule.py: loaded with
``-p tests.behaviours.broken_rule_plugin``, it makes a charge group admit every customer
as if "all customers" were always ticked (CG-3). The scenarios must notice."""

from __future__ import annotations

import pytest

from csms.domain.authorization import GroupPolicy


def _admits_everyone(self: GroupPolicy, account_id: int | None) -> bool:
    return True


def pytest_configure(config: pytest.Config) -> None:
    """Break the rule before any CSMS starts: the access decision reads it per Authorize."""
    GroupPolicy.admits_customer = _admits_everyone  # type: ignore[method-assign]  # broken on purpose
