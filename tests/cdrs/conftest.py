"""Pricing and CDR tests run on both engines: prices are Numeric columns and Decimal sums."""

from __future__ import annotations

from tests.support.postgres import both_engines  # noqa: F401  (db_url on both engines)
