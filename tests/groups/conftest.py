"""Charge group and customer tests run on both engines, like the OCPP tests: group rules are
SQL (joins, case-insensitive search, one group per station) as much as Python."""

from __future__ import annotations

from tests.support.postgres import both_engines  # noqa: F401  (db_url on both engines)
