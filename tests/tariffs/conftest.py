"""Tariff tests run on both engines: the latest-version listing and version look-ups are SQL
(a grouped subquery, time windows) as much as Python."""

from __future__ import annotations

from tests.support.postgres import both_engines  # noqa: F401  (db_url on both engines)
