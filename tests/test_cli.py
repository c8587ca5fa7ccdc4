"""The ``evharness`` command as a user runs it: help, bad flags, the first admin token, a
clean stop, issuing tokens, and the demo."""

from __future__ import annotations

import asyncio
import re
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ocpp.v16 import call

from csms.world import read_world
from tests.support.process import CsmsProcess
from tests.support.stations import connected

pytestmark = pytest.mark.slow  # each test starts `python -m csms` as a process

DEMO_WORLD = Path(__file__).resolve().parents[1] / "scenarios" / "worlds" / "demo.yaml"
TOKEN_LINE = re.compile(r"First admin API token \(shown once, stored hashed\): (evh_\S+)")


def evharness(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "csms", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )


def test_help_lists_the_commands_and_every_flag() -> None:
    top = evharness("--help")
    assert top.returncode == 0
    for command in ("csms", "demo", "token"):
        assert command in top.stdout
    csms = evharness("csms", "--help")
    for flag in ("--db", "--ocpp-port", "--http-port", "--world", "--unknown-stations", "--host"):
        assert flag in csms.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["csms", "--ocpp-port", "nine"], "--ocpp-port"),
        (["csms", "--unknown-stations", "maybe"], "--unknown-stations"),
        (["csms", "--tls-cert", "/tmp/x.pem"], "tls_cert and tls_key go together"),
    ],
)
def test_bad_flags_exit_2_with_a_message(args: list[str], message: str) -> None:
    result = evharness(*args)
    assert result.returncode == 2
    assert message in result.stdout + result.stderr


async def test_first_start_prints_one_admin_token_which_works(tmp_path: Path) -> None:
    process = CsmsProcess(f"sqlite+aiosqlite:///{tmp_path / 'csms.db'}", tmp_path, admin_token=None)
    await process.start()
    try:
        found = TOKEN_LINE.search(process.stdout)
        assert found, process.stdout
        async with process.api(found[1]) as api:
            assert (await api.get("/api/v1/stations")).status_code == 200
        async with process.api("evh_not_the_token") as api:
            assert (await api.get("/api/v1/stations")).status_code == 401
        assert await process.stop() == 0
        await process.start()
        assert not TOKEN_LINE.search(process.stdout), "a token is only printed at first start"
        async with process.api(found[1]) as api:
            assert (await api.get("/api/v1/stations")).status_code == 200
    finally:
        await process.kill()


async def test_token_command_issues_a_working_token(tmp_path: Path) -> None:
    db = f"sqlite+aiosqlite:///{tmp_path / 'csms.db'}"
    issued = evharness("token", "--name", "ci", "--db", db)
    assert issued.returncode == 0, issued.stderr
    token = issued.stdout.strip().splitlines()[-1]
    process = CsmsProcess(db, tmp_path, admin_token=None)
    await process.start()
    try:
        assert not TOKEN_LINE.search(process.stdout)
        async with process.api(token) as api:
            assert (await api.get("/api/v1/tokens")).status_code == 200
    finally:
        await process.kill()


async def test_demo_prints_logins_that_work_and_seeds_once(tmp_path: Path) -> None:
    # The demo loads scenarios/worlds/demo.yaml relative to where it runs, as `make demo` does.
    world_file = tmp_path / "scenarios" / "worlds" / "demo.yaml"
    world_file.parent.mkdir(parents=True)
    shutil.copy(DEMO_WORLD, world_file)
    tenant = read_world(world_file)[0].tenants[0]
    stations = [s for location in tenant.locations for s in location.stations]
    public = next(g for g in tenant.charge_groups if g.all_customers)
    station = next(s for s in stations if s.id == public.stations[0])
    card = next(c for c in tenant.cards if c.provider is None and c.status == "Accepted")
    assert card.expires_at is None
    process = CsmsProcess(
        f"sqlite+aiosqlite:///{tmp_path / 'demo.db'}", tmp_path, command="demo", admin_token=None
    )
    await process.start()
    try:
        out = process.stdout
        token = re.search(r"Admin API bearer token: (\S+)", out)
        assert token, out
        assert f"/ocpp/{station.id}  password {station.password}" in out
        for user in tenant.users:
            assert f"{user.email}  password {user.password}" in out
        assert card.value in out
        async with process.api(token[1]) as api:
            listed = (await api.get("/api/v1/stations", params={"limit": 500})).json()
            cards = (await api.get("/api/v1/tokens")).json()
        assert listed["total"] == len(stations) and cards["total"] == len(tenant.cards)
        assert {s["id"] for s in listed["items"]} == {s.id for s in stations}
        async with connected(process.ocpp_url, station.id, "1.6", station.password) as cp:
            boot = await cp.call(
                call.BootNotification(charge_point_vendor="V", charge_point_model="M")
            )
            assert boot.status == "Accepted"
            authorized = await cp.call(call.Authorize(id_tag=card.value))
            assert authorized.id_tag_info["status"] == "Accepted"
        assert await process.stop() == 0
        await process.start()
        assert re.search(r"World \S+: 0 created, 0 updated, \d+ unchanged", process.stdout)
        async with process.api(token[1]) as api:
            assert (await api.get("/api/v1/stations")).json()["total"] == len(stations)
            assert (await api.get("/api/v1/tokens")).json()["total"] == len(tenant.cards)
    finally:
        await process.kill()


async def test_the_demo_runs_a_fleet_that_charges_against_it(tmp_path: Path) -> None:
    """`make demo`: the demo world and, against it, the demo fleet of virtual stations,
    which registers itself through the admin API and starts charging sessions."""
    for part in ("worlds", "fleets"):
        shutil.copytree(DEMO_WORLD.parents[1] / part, tmp_path / "scenarios" / part)
    process = CsmsProcess(
        f"sqlite+aiosqlite:///{tmp_path / 'demo.db'}", tmp_path, command="demo", admin_token=None
    )
    await process.start()
    try:
        token = re.search(r"Admin API bearer token: (\S+)", process.stdout)
        assert token, process.stdout
        async with process.api(token[1]) as api:
            deadline = asyncio.get_running_loop().time() + 60
            while True:
                sessions = (await api.get("/api/v1/transactions")).json()
                simulated = [s for s in sessions["items"] if s["station_id"].startswith("SIM-")]
                if simulated or asyncio.get_running_loop().time() > deadline:
                    break
                await asyncio.sleep(0.5)
            stations = (await api.get("/api/v1/stations", params={"limit": 500})).json()
        assert simulated, sessions
        connected = [s for s in stations["items"] if s["id"].startswith("SIM-") and s["connected"]]
        assert len(connected) >= 6
        assert await process.stop() == 0
    finally:
        await process.kill()


async def test_the_csms_lifts_its_open_files_limit_for_a_big_fleet(tmp_path: Path) -> None:
    """Started with the common soft limit of 1024 open files, the CSMS raises it to the hard
    limit: each station is a socket, and 1024 would cap a CSMS at about a thousand."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard <= 1024:
        pytest.fail(f"this machine's hard limit on open files is {hard}: nothing to lift")
    process = CsmsProcess(f"sqlite+aiosqlite:///{tmp_path / 'csms.db'}", tmp_path)
    resource.setrlimit(resource.RLIMIT_NOFILE, (1024, hard))  # inherited by the child
    try:
        await process.start()
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    try:
        assert process.proc is not None
        limits = await asyncio.to_thread(Path(f"/proc/{process.proc.pid}/limits").read_text)
        line = next(x for x in limits.splitlines() if x.startswith("Max open files"))
        child_soft = line.split()[3]
        assert child_soft != "1024", line
        assert child_soft == str(1 << 20 if hard == resource.RLIM_INFINITY else hard), line
    finally:
        await process.stop()
