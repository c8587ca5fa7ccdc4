"""A fresh PostgreSQL database per test on the local server (127.0.0.1:5432, trust auth)."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
import pytest

from tests.support.sqlite import migrated_sqlite

PG_DSN = os.environ.get("EVH_TEST_PG_DSN", "postgresql://postgres@127.0.0.1:5432/postgres")
HOW_TO_ENABLE = (
    "PostgreSQL tests need a server on 127.0.0.1:5432 with trust auth "
    "(start it: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start, "
    "or point EVH_TEST_PG_DSN at one)"
)


async def _admin() -> asyncpg.Connection:
    try:
        return await asyncpg.connect(PG_DSN, timeout=5)
    except (OSError, asyncpg.PostgresError) as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but PostgreSQL is unreachable ({exc}). {HOW_TO_ENABLE}")
        pytest.skip(f"{HOW_TO_ENABLE}; unreachable here: {exc}")


@asynccontextmanager
async def fresh_database() -> AsyncIterator[str]:
    """Create an empty database, yield its SQLAlchemy URL, drop it afterwards."""
    admin = await _admin()
    name = f"evh_test_{uuid.uuid4().hex[:12]}"
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        base = PG_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://", 1)
        yield f"{base}/{name}"
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


@pytest.fixture(
    name="db_url", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
async def both_engines(
    request: pytest.FixtureRequest, tmp_path: Path, migrated_db: Path
) -> AsyncIterator[str]:
    """``db_url`` twice: a SQLite file (a copy of the migrated template), then a fresh
    PostgreSQL database. A test folder whose behaviour is SQL as much as Python imports it
    into its conftest to run on both."""
    if request.param == "sqlite":
        yield migrated_sqlite(migrated_db, tmp_path)
        return
    async with fresh_database() as url:
        yield url
