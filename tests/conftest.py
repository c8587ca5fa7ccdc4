"""Shared fixtures. ``bench`` is a real CSMS on loopback ports; OCPP tests run it on SQLite and
PostgreSQL (tests/ocpp/conftest.py parametrises ``db_url``)."""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import pytest

from tests.support.bench import Bench, running_bench
from tests.support.sqlite import migrated_sqlite, migrated_template

# EVH_TEST_TRAVEL=2031-02-14T10:00Z runs the whole test process with its wall clock moved
# there (time-machine, ticking): tests that compare dates with what the CSMS computes must hold
# on any date. Only this process moves: time.monotonic, the event loop's timers and the
# processes a test spawns keep the real time. Inherited by xdist workers, which configure too.
TRAVEL = "EVH_TEST_TRAVEL"

# Password hashing at 1,000 PBKDF2 rounds instead of 100,000: every test registers stations
# and users, and the rounds are stored in each hash. Inherited by the CLI processes tests run.
os.environ.setdefault("EVH_PASSWORD_HASH_ITERATIONS", "1000")


def pytest_configure(config: pytest.Config) -> None:
    """Properties are checked for what they compute, not how fast: Hypothesis's default
    deadline (200 ms per example) fails an example that a busy machine delays (two xdist
    workers, CSMS and Locust processes, PostgreSQL on two cores), so no property has one.
    Loaded before the test modules make their ``@settings``; skipped, with its import, where
    the Hypothesis plugin is off (the scenario runs of tests/behaviours/test_broken_rule.py)."""
    if config.pluginmanager.has_plugin("hypothesispytest"):
        from hypothesis import settings

        settings.register_profile("evharness", deadline=None)
        settings.load_profile("evharness")
    if destination := os.environ.get(TRAVEL):
        _travel(config, destination)


def _travel(config: pytest.Config, destination: str) -> None:
    """Move this process's clock before any fixture runs, for the whole session."""
    import time_machine

    traveller = time_machine.travel(datetime.fromisoformat(destination), tick=True)
    traveller.start()
    config.add_cleanup(traveller.stop)


def pytest_report_header(config: pytest.Config) -> str | None:
    destination = os.environ.get(TRAVEL)
    return f"{TRAVEL}: the clock starts at {destination}" if destination else None


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    """Collect the session's garbage now, then freeze what is still alive. pytest collects
    once more as it unconfigures (to report exceptions raised in finalizers); with a few
    million objects after a worker's share of the suite that takes seconds, and in an xdist
    worker it comes after the worker told the controller it was done: execnet interrupts a
    worker still busy 5 s later with SIGINT. Collected here, the garbage's finalizers still
    run and are reported, and pytest's last collection only walks what came after."""
    gc.collect()
    gc.freeze()


@pytest.fixture(autouse=True)
def _quiet_logs() -> None:
    logging.getLogger("alembic").setLevel(logging.WARNING)


@pytest.fixture(scope="session")
def migrated_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every test's SQLite database starts as a copy of this one, made once per process
    (tests/test_migrations.py runs the migrations from scratch)."""
    return migrated_template(tmp_path_factory.mktemp("template") / "csms.db")


@pytest.fixture
async def db_url(tmp_path: Path, migrated_db: Path) -> AsyncIterator[str]:
    yield migrated_sqlite(migrated_db, tmp_path)


@pytest.fixture
async def bench(db_url: str) -> AsyncIterator[Bench]:
    async with running_bench(db_url) as b:
        yield b
