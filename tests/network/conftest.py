"""The network API tests run on both engines: a SQLite file and a fresh PostgreSQL database
(the searches, joins and reference checks are plain SQL that must mean the same on both)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.network.world import World
from tests.support.bench import Bench
from tests.support.postgres import fresh_database


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'csms.db'}"
        return
    async with fresh_database() as url:
        yield url


@pytest.fixture
async def world(bench: Bench) -> AsyncIterator[World]:
    built = await World.build(bench)
    try:
        yield built
    finally:
        await built.close()
