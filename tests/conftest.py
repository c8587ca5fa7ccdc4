"""Shared fixtures. ``bench`` is a real CSMS on loopback ports; OCPP tests run it on SQLite and
PostgreSQL (tests/ocpp/conftest.py parametrises ``db_url``)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.support.bench import Bench, running_bench


@pytest.fixture(autouse=True)
def _quiet_logs() -> None:
    logging.getLogger("alembic").setLevel(logging.WARNING)


@pytest.fixture
async def db_url(tmp_path: Path) -> AsyncIterator[str]:
    yield f"sqlite+aiosqlite:///{tmp_path / 'csms.db'}"


@pytest.fixture
async def bench(db_url: str) -> AsyncIterator[Bench]:
    async with running_bench(db_url) as b:
        yield b
