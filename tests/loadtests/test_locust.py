"""Locust as a user runs it: headless, against our CSMS on loopback, every OCPP exchange a
request named by its action; failures counted; master and workers splitting the stations."""

from __future__ import annotations

import asyncio
import csv
import io
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.support.bench import ADMIN_TOKEN, Bench, running_bench
from tests.support.mailbox import free_port

pytestmark = pytest.mark.slow  # Locust runs, headless and distributed, as processes

ROOT = Path(__file__).resolve().parents[2]
LOCUST = [sys.executable, "-m", "locust"]
PASSWORD = "load-station-password-01"


@pytest.fixture
async def bench(tmp_path: Path) -> AsyncIterator[Bench]:
    async with running_bench(f"sqlite+aiosqlite:///{tmp_path / 'csms.db'}") as b:
        yield b


def _run_options(bench: Bench, *extra: str) -> list[str]:
    return [
        "--csms-url", bench.ocpp_url,
        "--session-seconds", "2.5", "--idle-seconds", "1", "--meter-interval", "1",
        "--validation", "full", *extra,
    ]  # fmt: skip


async def _locust(*args: str, timeout: float = 120) -> tuple[int, str]:
    proc = await asyncio.create_subprocess_exec(
        *LOCUST, *args, cwd=ROOT, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    async with asyncio.timeout(timeout):
        out, _ = await proc.communicate()
    assert proc.returncode is not None
    return proc.returncode, out.decode(errors="replace")


def _stats(prefix: Path) -> dict[str, dict[str, str]]:
    text = prefix.with_name(f"{prefix.name}_stats.csv").read_text()
    return {row["Name"]: row for row in csv.DictReader(io.StringIO(text))}


@pytest.mark.parametrize(
    ("version", "bridge", "actions"),
    [
        ("1.6", "thread", ["Authorize", "StartTransaction", "MeterValues", "StopTransaction"]),
        ("2.0.1", "greenlet", ["Authorize", "TransactionEvent"]),
    ],
)
@pytest.mark.timeout(180)
async def test_a_headless_run_reports_every_exchange(
    bench: Bench, tmp_path: Path, version: str, bridge: str, actions: list[str]
) -> None:
    code, out = await _locust(
        "-f", "loadtests/locustfile.py", "--headless", "-u", "6", "-r", "6", "-t", "20s",
        *_run_options(bench, "--ocpp-version", version, "--bridge", bridge),
        "--admin-url", str(bench.api.base_url), "--admin-token", ADMIN_TOKEN,
        "--csv", str(tmp_path / "run"), "--html", str(tmp_path / "run.html"),
    )  # fmt: skip
    assert code == 0, out[-3000:]
    stats = _stats(tmp_path / "run")
    for action in ["BootNotification", "StatusNotification", *actions]:
        assert int(stats[action]["Request Count"]) > 0, (action, out[-2000:])
        assert stats[action]["Failure Count"] == "0", (action, out[-2000:])
    assert int(stats["BootNotification"]["Request Count"]) == 6
    assert "StatusNotification" in (tmp_path / "run.html").read_text()
    stored = (await bench.api.get("/api/v1/transactions", params={"limit": 100})).json()
    ended = [t for t in stored["items"] if t["ended_at"] is not None]
    assert len({t["station_id"] for t in ended}) >= 3, stored


@pytest.mark.timeout(180)
async def test_a_refused_card_is_a_failure_named_by_its_action(
    bench: Bench, tmp_path: Path
) -> None:
    """The stations exist but the card does not: every Authorize is answered Invalid, and
    Locust counts each as a failure of Authorize."""
    for n in range(1, 4):
        await bench.register(f"REFUSED-00-{n:06d}", PASSWORD)
    code, out = await _locust(
        "-f", "loadtests/locustfile.py", "--headless", "-u", "3", "-r", "3", "-t", "8s",
        *_run_options(bench, "--station-prefix", "REFUSED", "--card", "NOBODY-KNOWS-ME"),
        "--csv", str(tmp_path / "run"),
    )  # fmt: skip
    assert code == 1, out[-3000:]  # Locust exits 1 when any request failed
    stats = _stats(tmp_path / "run")
    assert int(stats["Authorize"]["Failure Count"]) >= 3
    assert stats["BootNotification"]["Failure Count"] == "0"
    failures = list(csv.DictReader(io.StringIO((tmp_path / "run_failures.csv").read_text())))
    assert {(row["Name"], row["Error"]) for row in failures} == {
        ("Authorize", "OcppFailure('Rejected')")
    }


@pytest.mark.timeout(240)
async def test_master_and_workers_split_the_stations_without_overlap(
    bench: Bench, tmp_path: Path
) -> None:
    port = str(free_port())
    common = [
        "-f", "loadtests/locustfile.py", *_run_options(bench),
        "--admin-url", str(bench.api.base_url), "--admin-token", ADMIN_TOKEN,
    ]  # fmt: skip
    master_args = [
        *common, "--master", "--master-bind-host", "127.0.0.1", "--master-bind-port", port,
        "--headless", "--expect-workers", "2", "-u", "8", "-r", "8", "-t", "20s",
        "--csv", str(tmp_path / "run"),
    ]  # fmt: skip
    master = asyncio.create_task(_locust(*master_args, timeout=200))
    workers = [
        asyncio.create_task(
            _locust(*common, "--worker", "--master-host", "127.0.0.1", "--master-port", port)
        )
        for _ in range(2)
    ]
    code, out = await master
    for worker in workers:
        worker_code, worker_out = await worker
        assert worker_code == 0, worker_out[-2000:]
    assert code == 0, out[-3000:]
    stations = (await bench.api.get("/api/v1/stations", params={"limit": 100})).json()["items"]
    ids = [s["id"] for s in stations if s["id"].startswith("LOAD-")]
    assert len(ids) == len(set(ids)) == 8
    by_worker = {station_id.split("-")[1] for station_id in ids}
    assert len(by_worker) == 2, ids  # both workers ran stations, under their own index
    stats = _stats(tmp_path / "run")
    assert int(stats["BootNotification"]["Request Count"]) == 8
    assert int(stats["StartTransaction"]["Request Count"]) > 0
