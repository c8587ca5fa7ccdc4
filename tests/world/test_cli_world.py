"""World files through the real command line: ``evharness world load`` and
``evharness csms --world``, as processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from ocpp.v16 import call
from sqlalchemy import func, select

from csms.db.database import Database
from csms.db.models import Station, Tenant
from csms.world import read_world
from tests.support.process import CsmsProcess
from tests.support.stations import connected
from tests.world.conftest import DEMO
from tests.world.test_load import SMALL

pytestmark = pytest.mark.slow  # each test starts `python -m csms` as a process


def evharness(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "csms", *args],
        capture_output=True,
        text=True,
        timeout=90,
        env={**os.environ, **(env or {})},
    )


async def rows(url: str, model: type) -> int:
    db = Database(url)
    try:
        await db.migrate()
        async with db.read() as session:
            return await session.scalar(select(func.count()).select_from(model)) or 0
    finally:
        await db.close()


def test_world_load_prints_a_summary_and_a_second_load_changes_nothing(tmp_path: Path) -> None:
    db = f"sqlite+aiosqlite:///{tmp_path / 'csms.db'}"
    first = evharness("world", "load", str(DEMO), "--db", db)
    assert first.returncode == 0, first.stderr
    assert "stations" in first.stdout and "created" in first.stdout
    assert f"World {DEMO}: 85 created, 0 updated, 0 unchanged" in first.stdout
    again = evharness("world", "load", str(DEMO), "--db", db)
    assert again.returncode == 0, again.stderr
    assert f"World {DEMO}: 0 created, 0 updated, 85 unchanged" in again.stdout


async def test_world_load_refuses_an_invalid_file_with_lines(tmp_path: Path) -> None:
    db = f"sqlite+aiosqlite:///{tmp_path / 'csms.db'}"
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        SMALL.replace("customer_type: company", "customer_type: firm").replace(
            "operator: HOTEL1", "operator: HOTEL9"
        )
    )
    result = evharness("world", "load", str(bad), "--db", db)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"{bad}:7: customer_type: Input should be 'private', 'company' or 'employee'",
        f"{bad}: refused; nothing was loaded",
    ]
    assert await rows(db, Tenant) == 0
    # References are checked once the values are right.
    bad.write_text(SMALL.replace("operator: HOTEL1", "operator: HOTEL9"))
    result = evharness("world", "load", str(bad), "--db", db)
    assert result.returncode == 2
    assert f"{bad}:28: unknown operator 'HOTEL9' in tenant 'acme'" in result.stderr
    missing = evharness("world", "load", str(tmp_path / "nope.yaml"), "--db", db)
    assert missing.returncode == 2
    assert "nope.yaml: cannot read the world file" in missing.stderr
    assert await rows(db, Tenant) == 0


async def test_csms_loads_its_world_at_start(tmp_path: Path) -> None:
    db = f"sqlite+aiosqlite:///{tmp_path / 'csms.db'}"
    process = CsmsProcess(db, tmp_path, env={"EVH_WORLD": str(DEMO)})
    world, _ = read_world(DEMO)
    station = world.tenants[0].locations[0].stations[0]
    await process.start()
    try:
        assert f"World {DEMO}: 85 created" in process.stdout
        async with process.api() as api:
            assert (await api.get("/api/v1/stations")).json()["total"] == 13
        async with connected(process.ocpp_url, station.id, "1.6", station.password) as cp:
            boot = await cp.call(
                call.BootNotification(charge_point_vendor="V", charge_point_model="M")
            )
            assert boot.status == "Accepted"
        assert await process.stop() == 0
        await process.start()
        assert f"World {DEMO}: 0 created, 0 updated, 85 unchanged" in process.stdout
    finally:
        await process.kill()


async def test_csms_refuses_to_start_with_an_invalid_world(tmp_path: Path) -> None:
    db = f"sqlite+aiosqlite:///{tmp_path / 'csms.db'}"
    bad = tmp_path / "bad.yaml"
    bad.write_text(SMALL.replace("password: sixteen-chars-or-more", "password: short"))
    result = evharness(
        "csms",
        "--world",
        str(bad),
        env={"EVH_DB": db, "EVH_OCPP_PORT": "0", "EVH_HTTP_PORT": "0"},
    )
    assert result.returncode == 2
    assert f"{bad}:31: password: String should have at least 16 characters" in result.stderr
    assert "EVH_READY" not in result.stdout
    assert await rows(db, Station) == 0


def test_help_lists_the_world_command() -> None:
    assert "world" in evharness("--help").stdout
    load = evharness("world", "load", "--help")
    assert load.returncode == 0 and "--db" in load.stdout
    assert "--world" in evharness("demo", "--help").stdout
