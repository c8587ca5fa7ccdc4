"""Every OCPP test runs on both engines: a SQLite file and a fresh PostgreSQL database."""

from __future__ import annotations

from tests.support.postgres import both_engines  # noqa: F401  (db_url on both engines)
