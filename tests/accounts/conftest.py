"""A real SMTP server on loopback (aiosmtpd) that collects what the CSMS sends, and a bench
whose CSMS mails to it; on a SQLite file and on a fresh PostgreSQL database (searches,
conditional updates, decimals and times must mean the same on both)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from tests.support.bench import Bench, running_bench
from tests.support.mailbox import Mailbox, smtp_server
from tests.support.postgres import both_engines  # noqa: F401  (db_url on both engines)


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    with smtp_server() as box:
        yield box


@pytest.fixture
async def bench(db_url: str, mailbox: Mailbox) -> AsyncIterator[Bench]:
    async with running_bench(db_url, smtp_host="127.0.0.1", smtp_port=mailbox.port) as b:
        yield b


@pytest.fixture
async def bare_db_url(tmp_path: Path) -> str:
    """SQLite only: for the tests that start their own bench (no SMTP, SMTP down)."""
    return f"sqlite+aiosqlite:///{tmp_path / 'bare.db'}"
