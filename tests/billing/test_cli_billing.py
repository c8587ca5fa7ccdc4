"""``evharness billing run`` and ``evharness billing reconcile`` as an operator runs them."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from csms.db.database import Database
from csms.db.models import Account, Tenant
from tests.billing.given import a_cdr, a_station

pytestmark = pytest.mark.slow  # runs `python -m csms billing` as a process


def evharness(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "csms", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "COLUMNS": "200"},  # a wide table: no wrapped amounts
    )


async def a_database_with_sessions(db_url: str) -> None:
    db = Database(db_url)
    await db.migrate()
    try:
        async with db.write() as session:
            tenant = Tenant(slug="ams", name="Ams", timezone="Europe/Amsterdam")
            session.add(tenant)
            await session.flush()
            account = Account(tenant_id=tenant.id, ref="alice", name="Alice")
            session.add(account)
            await session.flush()
            tenant_id, account_id = tenant.id, account.id
        station = await a_station(db, tenant_id, "CLI-1")
        when = datetime(2026, 10, 5, 12, tzinfo=UTC)
        await a_cdr(db, tenant_id, station, when, "4.10", "0.86", payer=account_id)
        await a_cdr(db, tenant_id, station, when, "2.00", "0.42", payer=None)
    finally:
        await db.close()


async def test_billing_run_then_reconcile(db_url: str) -> None:
    await a_database_with_sessions(db_url)
    first = evharness("billing", "run", "--period", "2026-10", "--tenant", "ams", "--db", db_url)
    assert first.returncode == 0, first.stderr
    assert "Billing run 2026-10" in first.stdout and "4.10" in first.stdout
    again = evharness("billing", "run", "--period", "2026-10", "--db", db_url)
    assert again.returncode == 0 and "ran before" in again.stdout

    report = evharness("billing", "reconcile", "--period", "2026-10", "--db", db_url)
    assert report.returncode == 0, report.stdout + report.stderr
    assert "2026-10: reconciled" in report.stdout and "roaming" in report.stdout

    never_run = evharness("billing", "reconcile", "--period", "2026-09", "--db", db_url)
    assert never_run.returncode == 1 and "NOT reconciled" in never_run.stdout


async def test_billing_refuses_a_bad_period_or_tenant(db_url: str) -> None:
    await a_database_with_sessions(db_url)
    bad = evharness("billing", "run", "--period", "2026-13", "--db", db_url)
    assert bad.returncode == 2 and "not a month" in bad.stderr
    nobody = evharness("billing", "run", "--period", "2026-10", "--tenant", "nope", "--db", db_url)
    assert nobody.returncode == 2 and "tenant 'nope' not found" in nobody.stderr
