"""Shared fixtures. ``bench`` is a real CSMS on loopback ports; OCPP tests run it on SQLite and
PostgreSQL (tests/ocpp/conftest.py parametrises ``db_url``)."""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.support.bench import Bench, running_bench

# Password hashing at 1,000 PBKDF2 rounds instead of 100,000: every test registers stations
# and users, and the rounds are stored in each hash. Inherited by the CLI processes tests run.
os.environ.setdefault("EVH_PASSWORD_HASH_ITERATIONS", "1000")


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
