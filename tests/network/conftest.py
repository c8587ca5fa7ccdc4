"""The network API tests run on both engines: a SQLite file and a fresh PostgreSQL database
(the searches, joins and reference checks are plain SQL that must mean the same on both)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.network.world import World
from tests.support.bench import Bench
from tests.support.postgres import both_engines  # noqa: F401  (db_url on both engines)


@pytest.fixture
async def world(bench: Bench) -> AsyncIterator[World]:
    built = await World.build(bench)
    try:
        yield built
    finally:
        await built.close()
