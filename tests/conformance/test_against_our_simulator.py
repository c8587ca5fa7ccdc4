"""The charger-side plans (our test system tests a charger) against our own simulator, both
as real processes: `conformance station` listens, `sim station` dials in and serves the
control hook the plan's manual steps go to."""

from __future__ import annotations

import asyncio
import contextlib
import re
import signal
import sys
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from conformance.plan import load_plan
from tests.support.mailbox import free_port

pytestmark = pytest.mark.slow  # whole conformance plans, harness and simulator as processes

# What each plan needs of the charger beyond the defaults (see the feature files).
SIM_OPTIONS: dict[str, list[str]] = {
    # TC_073/TC_085 check HTTP Basic credentials; TC_049/TC_050 reserve connector 0
    "1.6": [
        "--password", "conformance-pass-0001",
        "--setting", "ReserveConnectorZeroSupported=true",
    ],
    "2.0.1": ["--password", "conformance-pass-0001"],  # TC_A_01_CS
}  # fmt: skip


@dataclass
class PlanRun:
    version: str
    code: int
    output: str
    failed: dict[str | None, str | None]
    ran: list[str]
    station_code: int | None


async def _run_plan(version: str, out: Path) -> PlanRun:
    """`conformance station` and `sim station` of one version, both as processes."""
    control = free_port()
    harness = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "csms", "conformance", "station", "--listen", "0",
        "--version", version, "--hook", f"http://127.0.0.1:{control}/",
        "--out", str(out), "--timeout", "30",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert harness.stdout is not None
    async with asyncio.timeout(60):
        first = (await harness.stdout.readline()).decode()
    listening = re.search(r"ws://127\.0\.0\.1:(\d+)/", first)
    assert listening, first
    station = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "csms", "sim", "station",
        "--csms", f"ws://127.0.0.1:{listening.group(1)}", "--id", "EVH-CONF-1",
        "--version", version, "--control-port", str(control), *SIM_OPTIONS[version],
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        async with asyncio.timeout(840):
            rest, errors = await harness.communicate()
    finally:
        with contextlib.suppress(ProcessLookupError):
            station.send_signal(signal.SIGTERM)
        await station.wait()
    junit = ET.parse(out / "junit.xml").getroot()
    return PlanRun(
        version,
        harness.returncode or 0,
        first + rest.decode() + errors.decode()[-4000:],
        {
            case.get("name"): bad.get("message")
            for case in junit.iter("testcase")
            for bad in list(case.iter("failure")) + list(case.iter("error"))
        },
        [c.get("name", "").split()[0] for c in junit.iter("testcase")],
        station.returncode,
    )


@pytest.mark.timeout(900)
async def test_every_charger_side_case_passes_against_our_simulator(tmp_path: Path) -> None:
    """Both versions at once: each plan mostly waits on its charger (reboots, offline
    periods, "nothing within N s"), so side by side they take the time of the longer."""
    runs = await asyncio.gather(
        *(_run_plan(version, tmp_path / version) for version in ("1.6", "2.0.1"))
    )
    for run in runs:
        planned = [c.id for c in load_plan(run.version, "CS")]
        assert planned, f"the {run.version} plan is empty"
        assert run.failed == {}, (run.version, run.output[-4000:])
        assert run.code == 0, (run.version, run.output[-2000:])
        assert run.ran == planned
        assert run.station_code == 0, f"the {run.version} simulator did not stop on SIGTERM"
