"""The charger-side plans (our test system tests a charger) against our own simulator, both
as real processes: `conformance station` listens, `sim station` dials in and serves the
control hook the plan's manual steps go to."""

from __future__ import annotations

import asyncio
import contextlib
import re
import signal
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from conformance.plan import load_plan
from tests.support.mailbox import free_port

# What each plan needs of the charger beyond the defaults (see the feature files).
SIM_OPTIONS: dict[str, list[str]] = {
    # TC_073/TC_085 check HTTP Basic credentials; TC_049/TC_050 reserve connector 0
    "1.6": [
        "--password", "conformance-pass-0001",
        "--setting", "ReserveConnectorZeroSupported=true",
    ],
    "2.0.1": ["--password", "conformance-pass-0001"],  # TC_A_01_CS
}  # fmt: skip


@pytest.mark.parametrize("version", ["1.6", "2.0.1"])
@pytest.mark.timeout(900)
async def test_every_charger_side_case_passes_against_our_simulator(
    version: str, tmp_path: Path
) -> None:
    planned = [c.id for c in load_plan(version, "CS")]
    assert planned, "the plan is empty"
    control = free_port()
    harness = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "csms", "conformance", "station", "--listen", "0",
        "--version", version, "--hook", f"http://127.0.0.1:{control}/",
        "--out", str(tmp_path / "report"), "--timeout", "30",
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
    junit = ET.parse(tmp_path / "report" / "junit.xml").getroot()
    failed = {
        case.get("name"): bad.get("message")
        for case in junit.iter("testcase")
        for bad in list(case.iter("failure")) + list(case.iter("error"))
    }
    assert failed == {}, errors.decode()[-4000:]
    assert harness.returncode == 0, (first + rest.decode())[-2000:]
    ran = [c.get("name", "").split()[0] for c in junit.iter("testcase")]
    assert ran == planned
    assert station.returncode == 0, "the simulator did not stop cleanly on SIGTERM"
