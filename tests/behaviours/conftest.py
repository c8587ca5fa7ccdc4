"""Behaviour scenarios (features/behaviours/*.feature): a real CSMS on loopback with a real
SMTP server, driven through its admin API and by virtual stations from the simulator over
OCPP. Steps are synchronous (pytest-bdd); the CSMS lives on a per-scenario loop thread."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.behaviours.loop import LoopThread
from tests.behaviours.steps.accounts import *  # noqa: F403
from tests.behaviours.steps.charging import *  # noqa: F403
from tests.behaviours.steps.common import *  # noqa: F403
from tests.behaviours.steps.customers import *  # noqa: F403
from tests.behaviours.steps.money import *  # noqa: F403
from tests.behaviours.steps.network import *  # noqa: F403
from tests.behaviours.steps.subaccounts import *  # noqa: F403
from tests.support.bench import Bench, running_bench
from tests.support.mailbox import Mailbox, smtp_server
from tests.support.sqlite import migrated_sqlite

FEATURES = Path(__file__).resolve().parents[2] / "features" / "behaviours"
BEHAVIOUR_TAG = re.compile(r"@([A-Z]+-\d+)\b")


def pytest_configure(config: pytest.Config) -> None:
    """The behaviour IDs the features carry as tags are markers: ``pytest -m CG-3``."""
    for path in FEATURES.glob("*.feature"):
        for tag in sorted(set(BEHAVIOUR_TAG.findall(path.read_text(encoding="utf-8")))):
            config.addinivalue_line("markers", f"{tag}: behaviour {tag} (../shared/BEHAVIOURS.md)")


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    with smtp_server() as box:
        yield box


@pytest.fixture
def loop() -> Iterator[LoopThread]:
    thread = LoopThread()
    try:
        yield thread
    finally:
        thread.close()


@pytest.fixture
def bench(loop: LoopThread, mailbox: Mailbox, tmp_path: Path, migrated_db: Path) -> Iterator[Bench]:
    """The CSMS under test on a copy of the migrated SQLite file, mailing to ``mailbox``."""
    manager = running_bench(
        migrated_sqlite(migrated_db, tmp_path),
        smtp_host="127.0.0.1",
        smtp_port=mailbox.port,
    )
    bench = loop.run(manager.__aenter__())
    try:
        yield bench
    finally:
        loop.run(manager.__aexit__(None, None, None))


@pytest.fixture
def ctx() -> dict[str, Any]:
    """What earlier steps of a scenario made (ids, tokens, the last API answer)."""
    return {}
