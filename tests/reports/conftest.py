"""The money tests run on both engines: sums of NUMERIC columns must be exact on each."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.reports.world import MoneyWorld
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
async def world(bench: Bench) -> MoneyWorld:
    return await MoneyWorld.build(bench)
