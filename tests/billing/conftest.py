"""Billing tests run on both engines: numbering locks its counter row on PostgreSQL and
relies on the single writer on SQLite, and sums of Numeric columns differ between them."""

from __future__ import annotations

from tests.support.postgres import both_engines  # noqa: F401  (db_url on both engines)
