"""The money tests run on both engines: sums of NUMERIC columns must be exact on each."""

from __future__ import annotations

import pytest

from tests.reports.world import MoneyWorld
from tests.support.bench import Bench
from tests.support.postgres import both_engines  # noqa: F401  (db_url on both engines)


@pytest.fixture
async def world(bench: Bench) -> MoneyWorld:
    return await MoneyWorld.build(bench)
