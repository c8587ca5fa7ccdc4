"""`evharness sim run` from the command line against the project's CSMS: the stations and
cards registered through the admin API, sessions run, the summary written, and in several
worker processes; a broken fleet file exits 2 with the line at fault."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import pytest

from tests.support.bench import ADMIN_TOKEN, Bench

pytestmark = pytest.mark.slow  # starts the simulator and a CSMS as processes

FLEET = """\
name: cli-test
seed: 7
csms:
  url: {ocpp}
  password: cli-test-fleet-password
  create_stations: true
  admin_url: {api}/api/v1
  admin_token: {token}
stations:
  - model: pillar-2x22
    count: 4
    id_prefix: CLI-
    protocols: {{"1.6": 0.5, "2.0.1": 0.5}}
cards:
  count: 6
  prefix: CLIC
drivers:
  pattern: demo
ramp_up:
  per_second: 20
duration: 8s
time_factor: 120
validation: full
"""


async def evharness(*args: str) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "csms.cli",
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), 120)
    return proc.returncode or 0, out.decode(), err.decode()


@pytest.mark.parametrize("workers", [1, 2])
async def test_a_fleet_runs_from_the_command_line(
    bench: Bench, tmp_path: Path, workers: int
) -> None:
    fleet = tmp_path / "fleet.yaml"
    api = str(bench.api.base_url).rstrip("/")
    fleet.write_text(FLEET.format(ocpp=bench.ocpp_url, api=api, token=ADMIN_TOKEN))
    summary = tmp_path / "summary.json"
    code, out, err = await evharness(
        "sim", "run", str(fleet), "--no-live", "--workers", str(workers), "--summary", str(summary)
    )
    assert code == 0, (out, err)
    data = json.loads(summary.read_text())
    stations = (await bench.api.get("/api/v1/stations", params={"limit": 100})).json()
    sessions = (await bench.api.get("/api/v1/transactions")).json()

    assert {s["id"] for s in stations["items"]} == {f"CLI-{n:04d}" for n in range(1, 5)}
    assert data["run"]["stations"] == 4 and data["run"]["workers"] == workers
    assert data["exchanges"] > 20 and data["errors"] == 0
    assert "BootNotification" in data["actions"] and data["latency_ms"]["p50"] is not None
    assert sessions["total"] >= 1


async def test_a_broken_fleet_file_exits_2_naming_the_line(tmp_path: Path) -> None:
    fleet = tmp_path / "broken.yaml"
    fleet.write_text("name: broken\nstations:\n  - model: no-such-model\n    count: 1\n")
    code, out, err = await evharness("sim", "run", str(fleet), "--no-live")
    assert code == 2
    assert "broken.yaml:3" in out + err and "no-such-model" in out + err
