"""Scale runs of our CSMS (one ``python -m csms csms`` process on SQLite) against our
simulator (``evharness sim run``, several worker processes, several loopback source
addresses). Two modes:

  storm  a reboot storm: N stations (default 10000, the station mix and protocol mix of
         scenarios/fleets/reboot-storm.yaml, no drivers, heartbeats only) connect,
         BootNotification and StatusNotification of every connector, all at once (ramp
         unlimited). Two variants on the same CSMS process, both printed:
           cold  the CSMS has not seen these stations since it started: every first connect
                 verifies the password hash (PBKDF2);
           warm  the same stations, stopped after the cold storm, all come back at once
                 while the CSMS keeps running (a regional power cut): the CSMS remembers a
                 verified password, so no PBKDF2.
         Printed: time from the start of the storm until every station is available
         (booted Accepted and every StatusNotification answered), failures by kind,
         BootNotification and StatusNotification p50/p99/max, CSMS CPU and peak RSS,
         simulator CPU, SYNs the kernel dropped at the listen socket.
  hold   N stations (default 5000, 10000, 15000, one after the other, each on a fresh CSMS)
         at realistic traffic, measured over a window (--seconds, default 120) once every
         station is connected. Printed per N: stations connected, calls/s the CSMS received,
         p50/p95/p99/max of the stations' CALLs, failures, CSMS CPU and RSS (per station),
         simulator CPU, whether p99 < 1 s, and the largest N that met it.

Hold traffic (the same station mix, time_factor 1): heartbeat every 300 s (--heartbeat: the
CSMS's BootNotification interval, which the stations obey); 30 % of the stations
(--charging-share) have a driver on every EVSE, the others none. Such an EVSE is busy all
the time: a driver arrives 5 s on average after the previous one left (rate 720/h), stays
triangular(0, 0, 4 h) (like the remaining time of sessions already under way: from the
start, sessions end at about (EVSEs charging) / 2 h per second, as in a network in steady
state), then unplugs 10-90 s later; half plug in first, half badge first (Authorize).
Charging EVSEs send MeterValues (2.x TransactionEvent Updated) every 60 s
(--meter-interval). Cards: 10 per EVSE with drivers, registered; a driver draws one at
random, and one already in a session is refused (1.6 ConcurrentTx), so about 1 driver in 10
is refused and another comes 5 s later. The stations connect over one heartbeat interval
(--ramp, default N / 300 per second), so heartbeats, sessions and meter values are spread
evenly when the window begins, --settle (20) seconds after the last station booted; each N
therefore takes about 300 s to connect.

How "available" is detected (storm): the simulator counts every answered CALL by action and
outcome in each worker, and its parent serves the sum on the Prometheus endpoint
(--metrics-port; workers report twice a second). This run scrapes it every 0.2 s. A station
is available once its BootNotification was Accepted and the StatusNotifications it sends at
boot were answered (1.6: one per EVSE; 2.x: one per connector; counted from the fleet, as
the simulator expands it). The storm is over when Accepted BootNotifications = N and the
StatusNotifications answered, or failed, = that count (a failed one is not sent again, so
waiting longer would not change it); available = N minus the failed ones. That is the
stations' own view (answered, not merely sent), costs the CSMS nothing while it is measured
and needs no per-station state (the CSMS admin API would: 20 pages of 500 stations per poll,
on the process under test). Resolution: the workers' report period, 0.5 s. The start of the
storm is the first connection the CSMS accepted (min connected_at in its admin API, read
once the storm is over), else the first scrape that shows a station started; also printed:
when every station was connected at once, and when every one had booted. Latencies and
failures come from the simulator's summary file (--summary): a CALL that timed out counts as
30 s (the stations' call timeout); a station retries a timed-out BootNotification 60 s later
and a failed connect with backoff (1 s, 2 s, 4 s... with jitter), as a charger does.

Hold window: calls/s, failures and latencies are differences of two scrapes (window start
and end). The endpoint's latency histogram has 4 buckets per decade (1, 1.78, 3.16, 5.62 ms
...), so p50/p95/p99 are interpolated inside a bucket (within a factor 1.78, "<1" when under
1 ms) and max is the upper bound of the highest bucket used; "p99 < 1 s" is exact (1 s is a
bound). The simulator's summary (finer buckets, but the whole run, connect phase included)
is printed below each row and kept in --json.

PBKDF2: a password hash records its iterations; --hash-iterations (default 100000, the
production count) goes to the CSMS as EVH_PASSWORD_HASH_ITERATIONS, so registration and the
cold storm pay that much per station. The run also times one verification at 100000
iterations here and prints the bound it puts on a cold storm: N x cost / cores. Stations and
cards are registered before anything is timed (the time is printed) with a world file,
``python -m csms world load`` into the new database before the CSMS starts: one transaction,
the hashes in threads (--registration api: the admin API instead, a commit per request,
about 3x slower here at 1000 iterations).

    .venv/bin/python loadtests/bench_scale.py storm --stations 500 --hash-iterations 1000
    .venv/bin/python loadtests/bench_scale.py hold --stations 300,600 --seconds 20 \\
        --hash-iterations 1000                                          # smoke tests
    .venv/bin/python loadtests/bench_scale.py storm --json storm.json   # 10000, 100000 it.
    .venv/bin/python loadtests/bench_scale.py storm --stations 10000 --hash-iterations 1000
    .venv/bin/python loadtests/bench_scale.py hold --hash-iterations 1000 --json hold.json
    .venv/bin/python loadtests/bench_scale.py hold --stations 5000 --seconds 120 \\
        --hash-iterations 1000

Bounded: loopback only; every phase has a time limit and so has the whole run; the CSMS and
the simulator are killed at exit, also on Ctrl-C. RLIMIT_NOFILE is raised to the hard limit
here and inherited by both. Prints figures, never asserts them.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import platform
import resource
import signal
import socket
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: the repository root is not on the path
    sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from csms.domain.credentials import ITERATIONS, hash_password, verify_password  # noqa: E402
from csms.oslimits import raise_open_files_limit  # noqa: E402
from loadtests.bench import (  # noqa: E402
    ADMIN_TOKEN,
    CLK_TCK,
    PASSWORD,
    Server,
    _children,
    cpu_ticks,
    figure,
    loadavg,
    machine_busy_ticks,
    memory_kib,
    register,
    run_to_the_end,
    server_for,
    stop_process,
)
from ocppj.versions import OcppVersion  # noqa: E402

BASE_FLEET = ROOT / "scenarios" / "fleets" / "reboot-storm.yaml"
POLL_S = 0.2  # scrapes of the simulator's metrics while waiting
CALL_TIMEOUT_S = 30.0  # how long a simulated station waits for an answer (simulator.transport)
SIM_STOP_S = 60.0  # the simulator closes its stations (10 s) and writes its summary
CARD_PREFIX = "SIMH"
# The drivers of a busy EVSE (pattern "uniform" of simulator.drivers, changed): the next one
# comes 5 s after the previous left, stays triangular(0, 0, 4 h) whatever the charge.
BUSY_DRIVERS: dict[str, Any] = {
    "arrivals_per_hour": [720.0] * 24,
    "stay": "fixed_dwell",
    "dwell_s": [0.0, 0.0, 4 * 3600.0],
    "idle_after_full_s": None,
}
FAILURES = ("callerror", "timeout", "rejected", "disconnected")


# ---------------------------------------------------------------------------------------
# Fleets
# ---------------------------------------------------------------------------------------


@dataclass
class FleetPlan:
    """A fleet file written for one run, and what its stations will do."""

    path: Path
    ids: list[str]
    boot_statuses: int  # StatusNotifications the stations send after booting
    tokens: list[dict[str, Any]]  # cards, as POST /api/v1/tokens bodies
    groups: list[str]  # "count x model (versions)", for the header
    busy: int = 0  # stations with drivers


def ramp(args: argparse.Namespace, stations: int) -> float:
    """Hold: station starts per second; by default the fleet comes up over one heartbeat
    interval, so heartbeats (and sessions, and their meter values) are spread evenly."""
    return args.ramp or stations / args.heartbeat


def boot_statuses(station: Any) -> int:
    """StatusNotifications a station sends once booted: 1.6 one per EVSE (connector ids are
    the EVSE ids), 2.x one per connector of every EVSE."""
    model = station.model
    return model.evses * (1 if station.version == OcppVersion.V16 else model.connectors_per_evse)


def make_fleet(args: argparse.Namespace, mode: str, stations: int, workdir: Path) -> FleetPlan:
    """The base fleet's stations scaled to ``stations``, with the run's settings; for
    ``hold``, each group split into stations with drivers and without. (The simulator is
    pointed at the CSMS with --csms.)"""
    from simulator.fleet import cards, expand, load_fleet, scaled

    data = yaml.safe_load(args.fleet.read_text())
    data["name"] = f"bench-scale-{mode}"
    data["csms"] = {"password": PASSWORD, "create_stations": False}
    data["ramp_up"] = {"per_second": 1_000_000 if mode == "storm" else ramp(args, stations)}
    data["duration"] = "2h"  # stopped by this run
    data["time_factor"] = 1
    data["validation"] = "off"  # the CSMS validates; the generator stays light
    data["source_addresses"] = args.source_addresses
    data["faults"] = []
    data.pop("drivers", None)
    data.pop("cards", None)
    settings = data.setdefault("settings", {}).setdefault("all", {})
    settings["HeartbeatInterval"] = args.heartbeat
    if mode == "hold":
        settings["MeterValueSampleInterval"] = args.meter_interval
    fleet = scaled(load_fleet(yaml.safe_dump(data), name=str(args.fleet)), stations)
    groups = [g.model_dump(mode="json", exclude_none=True) for g in fleet.stations]
    busy = busy_evses = 0
    if mode == "hold":
        from simulator.catalogue import load_catalogue

        catalogue = load_catalogue()
        split = []
        for g in groups:
            prefix = g.pop("id_prefix", None) or f"{g['model'].upper()}-"
            with_drivers = round(g["count"] * args.charging_share)
            busy += with_drivers
            busy_evses += with_drivers * catalogue[g["model"]].evses
            for count, tag, drivers in (
                (with_drivers, "C", {"pattern": "uniform", "overrides": BUSY_DRIVERS}),
                (g["count"] - with_drivers, "I", {"pattern": None}),
            ):
                if count:
                    split.append(
                        {**g, "count": count, "id_prefix": prefix + tag, "drivers": drivers}
                    )
        groups = split
        # Drivers draw their card from the pool, and a card already in a session elsewhere is
        # refused (1.6 ConcurrentTx): with 10 per busy EVSE, about 1 driver in 10 is.
        data["cards"] = {"count": args.cards or max(100, 10 * busy_evses), "prefix": CARD_PREFIX}
    data["stations"] = groups
    text = yaml.safe_dump(data, sort_keys=False)
    path = workdir / f"fleet-{mode}-{stations}.yaml"
    path.write_text(text)
    fleet = load_fleet(path)  # what the simulator will read
    expanded = expand(fleet)
    versions: dict[str, Counter[str]] = {}
    for s in expanded:
        versions.setdefault(s.model_ref, Counter())[s.version] += 1
    return FleetPlan(
        path=path,
        ids=[s.id for s in expanded],
        boot_statuses=sum(boot_statuses(s) for s in expanded),
        tokens=[{"value": c.value} for c in cards(fleet)],
        groups=[
            f"{sum(v.values())} {model} ({', '.join(f'{n} x {ver}' for ver, n in v.items())})"
            for model, v in versions.items()
        ],
        busy=busy,
    )


# ---------------------------------------------------------------------------------------
# The simulator: one `evharness sim run` process, its Prometheus endpoint, its summary
# ---------------------------------------------------------------------------------------


@dataclass
class Scrape:
    """One read of the simulator's metrics (fleet totals since its start)."""

    at: float  # time.monotonic()
    wall: float  # time.time()
    outcomes: dict[tuple[str, str, str], float] = field(default_factory=dict)
    buckets: dict[tuple[str, str], list[tuple[float, float]]] = field(default_factory=dict)
    gauges: dict[str, float] = field(default_factory=dict)
    events: dict[str, float] = field(default_factory=dict)

    def count(self, action: str | None = None, outcome: str | None = None, direction="sent"):
        """Exchanges of an action and/or outcome (station-initiated by default)."""
        return sum(
            n
            for (a, d, o), n in self.outcomes.items()
            if (action is None or a == action)
            and (outcome is None or o == outcome)
            and (direction is None or d == direction)
        )

    def histogram(self, direction: str = "sent") -> dict[float, float]:
        """Cumulative counts by upper bound (seconds), all actions of ``direction`` added."""
        out: dict[float, float] = {}
        for (_a, d), rows in self.buckets.items():
            if d == direction:
                for le, n in rows:
                    out[le] = out.get(le, 0.0) + n
        return out


def parse_metrics(text: str) -> Scrape:
    """The simulator's Prometheus text (simulator.collector.PrometheusView)."""
    from prometheus_client.parser import text_string_to_metric_families

    scrape = Scrape(time.monotonic(), time.time())
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            labels = s.labels
            if s.name == "evh_sim_exchanges_total":
                key = (labels["action"], labels["direction"], labels["outcome"])
                scrape.outcomes[key] = s.value
            elif s.name == "evh_sim_latency_seconds_bucket":
                key2 = (labels["action"], labels["direction"])
                scrape.buckets.setdefault(key2, []).append((float(labels["le"]), s.value))
            elif s.name == "evh_sim_stations_connected":
                scrape.gauges["connected"] = s.value
            elif s.name == "evh_sim_evses_charging":
                scrape.gauges["charging"] = s.value
            elif s.name == "evh_sim_events_total":
                scrape.events[labels["event"]] = s.value
    return scrape


def free_port() -> int:
    """A port the OS says is free on loopback now (for the simulator's metrics endpoint)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Sim:
    """``python -m csms sim run FLEET`` with workers, metrics and a summary file."""

    def __init__(self, args: argparse.Namespace, workdir: Path, name: str, fleet: Path, url: str):
        self.args, self.workdir, self.name, self.fleet, self.url = args, workdir, name, fleet, url
        self.summary_path = workdir / f"sim-{name}.json"
        self.port = 0
        self.proc: asyncio.subprocess.Process | None = None
        self.client: Any = None

    async def start(self) -> None:
        import httpx

        self.port = free_port()
        argv = [sys.executable, "-m", "csms", "sim", "run", str(self.fleet), "--csms", self.url]
        argv += ["--workers", str(self.args.workers), "--metrics-port", str(self.port)]
        argv += ["--summary", str(self.summary_path), "--no-live", "--no-create-stations"]
        argv += ["--source-addresses", str(self.args.source_addresses), "--duration", "2h"]
        out, err = self.workdir / f"sim-{self.name}.out", self.workdir / f"sim-{self.name}.err"
        with out.open("wb") as stdout, err.open("wb") as stderr:
            self.proc = await asyncio.create_subprocess_exec(
                *argv,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=stdout,
                stderr=stderr,
                cwd=self.workdir,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
                start_new_session=True,  # Ctrl-C reaches us only; we stop it ourselves
            )
        _children[self.proc.pid] = f"simulator {self.name}"
        self.client = httpx.AsyncClient(timeout=10)

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.returncode is None

    def tail(self) -> str:
        """The end of the simulator's stderr, for a failure message."""
        path = self.workdir / f"sim-{self.name}.err"
        return path.read_text(errors="replace")[-2000:] if path.exists() else ""

    async def scrape(self) -> Scrape | None:
        """The metrics now; None while the endpoint is not up."""
        import httpx

        try:
            answer = await self.client.get(f"http://127.0.0.1:{self.port}/metrics")
        except httpx.HTTPError:
            return None
        return parse_metrics(answer.text) if answer.status_code == 200 else None

    def pids(self) -> list[int]:
        """The simulator's parent process and its children (the workers)."""
        if self.proc is None:
            return []
        pids = [self.proc.pid]
        with contextlib.suppress(OSError):
            for task in Path(f"/proc/{self.proc.pid}/task").iterdir():
                with contextlib.suppress(OSError):
                    pids += [int(p) for p in (task / "children").read_text().split()]
        return pids

    def ticks(self) -> int:
        """CPU (clock ticks) of the parent and its running workers."""
        return sum(cpu_ticks(pid) or 0 for pid in self.pids())

    async def stop(self) -> dict[str, Any] | None:
        """Ctrl-C (the stations close their connections, the summary is written), SIGKILL
        if it does not exit; the summary, if written."""
        if self.proc is not None:
            if self.proc.returncode is None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self.proc.pid, signal.SIGINT)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.proc.wait(), SIM_STOP_S)
            await stop_process(self.proc, grace=5)
        if self.client is not None:
            await self.client.aclose()
        if self.summary_path.exists():
            return json.loads(self.summary_path.read_text())
        return None


# ---------------------------------------------------------------------------------------
# The CSMS side
# ---------------------------------------------------------------------------------------


def make_server(args: argparse.Namespace, workdir: Path) -> Server:
    """Our CSMS on a fresh SQLite file, as bench.py starts it, with the run's PBKDF2
    iterations and heartbeat interval; its logs and database in ``workdir``."""
    workdir.mkdir(parents=True, exist_ok=True)
    server = server_for("csms-sqlite", workdir, db_url(workdir))
    server.env["EVH_PASSWORD_HASH_ITERATIONS"] = str(args.hash_iterations)
    server.env["EVH_HEARTBEAT_INTERVAL"] = str(args.heartbeat)
    return server


async def csms_stations(server: Server) -> list[dict[str, Any]]:
    """Every station as the admin API lists it (with its live connection), 500 a page."""
    import httpx

    out: list[dict[str, Any]] = []
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{server.http_port}",
        headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
        timeout=60,
    ) as api:
        offset = 0
        while True:
            answer = await api.get("/api/v1/stations", params={"offset": offset, "limit": 500})
            answer.raise_for_status()
            page = answer.json()
            out += page["items"]
            offset += 500
            if offset >= page["total"]:
                return out


def first_connection(stations: list[dict[str, Any]], after: float) -> tuple[int, float | None]:
    """How many stations the CSMS holds a connection of, and the earliest connected_at
    (epoch seconds) of those made after ``after``."""
    connected, first = 0, None
    for station in stations:
        conn = station.get("connection") or {}
        if not station.get("connected") or not conn.get("connected_at"):
            continue
        connected += 1
        at = datetime.fromisoformat(conn["connected_at"].replace("Z", "+00:00")).timestamp()
        if at >= after - 1 and (first is None or at < first):
            first = at
    return connected, first


async def wait_disconnected(server: Server, limit: float) -> int:
    """Until the CSMS holds no station connection (or ``limit`` s); how many it still holds."""
    deadline = time.monotonic() + limit
    while True:
        connected, _ = first_connection(await csms_stations(server), 0)
        if not connected or time.monotonic() > deadline:
            return connected
        await asyncio.sleep(2)


def csms_log_problems(server: Server) -> dict[str, Any]:
    """Errors, warnings and tracebacks in the CSMS's stderr (its log), by message."""
    path = server.workdir / f"{server.name}.err"
    if not path.exists():
        return {}
    text = path.read_text(errors="replace")
    kinds: Counter[str] = Counter()
    for line in text.splitlines():
        for level in (" ERROR ", " WARNING ", " CRITICAL "):
            if level in line:
                # "date time LEVEL logger: message": the message without station ids
                message = line.split(level, 1)[1]
                logger, _, rest = message.partition(": ")
                words = rest.split(": ", 1)
                kinds[f"{level.strip()} {logger}: {words[-1][:90]}"] += 1
    out: dict[str, Any] = {"log_lines": dict(kinds.most_common(8))}
    tracebacks = text.count("Traceback (most recent call last)")
    if tracebacks:
        # What each traceback ended in: its first line that is not indented, after it.
        raised: Counter[str] = Counter()
        for block in text.split("Traceback (most recent call last):")[1:]:
            ends = [line for line in block.splitlines()[1:] if line and not line[0].isspace()]
            if ends:
                raised[ends[0][:160]] += 1
        out["raised"] = dict(raised.most_common(5))
        first = text.index("Traceback (most recent call last)")
        out["tracebacks"] = tracebacks
        out["first_traceback"] = text[first : first + 3000]
    return out


def listen_counters() -> dict[str, int]:
    """TCP listen-queue drops of this network namespace (/proc/net/netstat TcpExt)."""
    try:
        lines = Path("/proc/net/netstat").read_text().splitlines()
    except OSError:
        return {}
    for header, values in zip(lines[::2], lines[1::2], strict=False):
        if header.startswith("TcpExt:"):
            table = dict(zip(header.split()[1:], map(int, values.split()[1:]), strict=False))
            keys = ("ListenOverflows", "ListenDrops", "TCPReqQFullDrop", "SyncookiesSent")
            return {k: table[k] for k in keys if k in table}
    return {}


def delta(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    """after - before, key by key, non-zero only."""
    return {k: after[k] - before.get(k, 0) for k in after if after[k] - before.get(k, 0)}


# ---------------------------------------------------------------------------------------
# PBKDF2 and registration
# ---------------------------------------------------------------------------------------


def pbkdf2_cost() -> dict[str, float]:
    """One verification of a station password at the production count, here (the least of
    10, as other work on the machine only adds): CPU and wall seconds
    (csms.domain.credentials, as the CSMS verifies)."""

    stored = hash_password(PASSWORD, iterations=ITERATIONS)
    cpu, wall = [], []
    for _ in range(10):
        c, w = time.process_time(), time.perf_counter()
        verify_password(PASSWORD, stored)
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - w)
    return {"cpu_s": min(cpu), "wall_s": min(wall), "cpu_median_s": statistics.median(cpu)}


def hash_s(args: argparse.Namespace) -> float:
    """CPU seconds of one hash at the run's iterations (linear in the iterations)."""
    return args.pbkdf2["cpu_s"] * args.hash_iterations / ITERATIONS


def db_url(workdir: Path) -> str:
    """The run's SQLite database."""
    return f"sqlite+aiosqlite:///{workdir / 'csms.db'}"


def world_file(plan: FleetPlan, path: Path) -> None:
    """The fleet's stations (one location) and cards as a world file (csms.world)."""
    tenant = {
        "slug": "bench-scale",
        "name": "bench_scale.py",
        "locations": [
            {
                "ref": "bench-site",
                "name": "Bench site",
                "stations": [{"id": sid, "password": PASSWORD} for sid in plan.ids],
            }
        ],
        "cards": plan.tokens,
    }
    path.write_text(yaml.safe_dump({"tenants": [tenant]}, sort_keys=False))


async def start_registered(
    args: argparse.Namespace, server: Server, plan: FleetPlan
) -> dict[str, Any]:
    """Register the stations and cards and start the CSMS. ``world``: ``python -m csms world
    load`` into the new database before the CSMS starts (one transaction, PBKDF2 in
    threads); ``api``: the admin API once it runs (bench.register, a commit per request)."""
    cores = os.cpu_count() or 1
    n = len(plan.ids)
    per_row = 0.005 if args.registration == "world" else 0.05
    limit = 120 + n * (4 * hash_s(args) / cores + per_row) + len(plan.tokens) * per_row
    cards = f" and {len(plan.tokens)} cards" if plan.tokens else ""
    print(
        f"  registering {n} stations{cards} ({args.registration}, PBKDF2 {args.hash_iterations}"
        f" iterations, limit {limit:.0f} s)...",
        flush=True,
    )
    if args.registration == "api":
        await server.start()
        async with asyncio.timeout(limit):
            reg = await register(args, server, plan.ids, plan.tokens)
        reg["how"] = f"admin API, {args.register_concurrency} requests at a time"
        reg["seconds"] = round(reg["stations_s"] + reg["tokens_s"], 2)
    else:
        path = server.workdir / "world.yaml"
        world_file(plan, path)
        argv = [sys.executable, "-m", "csms", "world", "load", str(path), "--db"]
        argv.append(db_url(server.workdir))
        env = {**os.environ, "PYTHONPATH": str(ROOT), **server.env}
        began = time.perf_counter()
        with (server.workdir / "world-load.out").open("wb") as out:
            proc = await asyncio.create_subprocess_exec(
                *argv,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=out,
                stderr=asyncio.subprocess.STDOUT,
                cwd=server.workdir,
                env=env,
                start_new_session=True,
            )
        _children[proc.pid] = "world load"
        try:
            async with asyncio.timeout(limit):
                code = await proc.wait()
        finally:
            await stop_process(proc, grace=2)
        seconds = time.perf_counter() - began
        if code != 0:
            tail = (server.workdir / "world-load.out").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"world load failed ({code}):\n{tail}")
        reg = {
            "how": "world file (python -m csms world load), before the CSMS starts",
            "seconds": round(seconds, 2),
            "ms_per_station": round(seconds / n * 1e3, 2),
        }
        await server.start()
    print(
        f"  registered in {reg['seconds']:.1f} s ({reg['how']}; "
        f"{reg['ms_per_station']:.2f} ms a station, cards included); CSMS ready "
        f"(pid {server.pid})",
        flush=True,
    )
    return reg


# ---------------------------------------------------------------------------------------
# Latency from the scraped histograms
# ---------------------------------------------------------------------------------------


def window_histogram(s0: Scrape, s1: Scrape) -> list[tuple[float, float]]:
    """Cumulative (bound, count) of the station CALLs answered between two scrapes."""
    h0, h1 = s0.histogram(), s1.histogram()
    return sorted((le, n - h0.get(le, 0)) for le, n in h1.items())


def quantile(cumulative: list[tuple[float, float]], q: float) -> tuple[float | None, str]:
    """The ``q`` quantile (seconds) interpolated log-linearly inside its bucket, with "<"
    (below the first bound) or ">" (above the last) when it is only a bound."""
    if not cumulative or cumulative[-1][1] <= 0:
        return None, ""
    rank = max(1.0, q * cumulative[-1][1])
    previous_le, previous_n = None, 0.0
    for le, n in cumulative:
        if n >= rank:
            if previous_le is None:
                return le, "<"
            if math.isinf(le):
                return previous_le, ">"
            fraction = (rank - previous_n) / (n - previous_n)
            return previous_le * (le / previous_le) ** fraction, ""
        previous_le, previous_n = le, n
    return None, ""


def top_bound(cumulative: list[tuple[float, float]]) -> tuple[float | None, str]:
    """The upper bound of the highest bucket with a sample ("<=")."""
    previous_le, previous_n = None, 0.0
    for le, n in cumulative:
        if n >= cumulative[-1][1] and n > previous_n:
            if math.isinf(le):
                return previous_le, ">"
            return le, "<="
        previous_le, previous_n = le, n
    return None, ""


def share_within(cumulative: list[tuple[float, float]], bound: float) -> float | None:
    """The share of samples at or below ``bound`` (an exact bucket bound)."""
    total = cumulative[-1][1] if cumulative else 0
    if not total:
        return None
    for le, n in cumulative:
        if abs(le - bound) < 1e-9 * bound:
            return n / total
    return None


def fmt_q(value: tuple[float | None, str]) -> str:
    """A quantile from quantile() or top_bound(), in ms, with its "<" or ">" mark."""
    seconds, mark = value
    if seconds is None:
        return "-"
    ms = seconds * 1e3
    return ("" if mark == "<=" else mark) + (f"{ms:.3g}" if ms < 1000 else f"{ms:.0f}")


# ---------------------------------------------------------------------------------------
# Storm
# ---------------------------------------------------------------------------------------


@dataclass
class StormResult:
    variant: str
    stations: int
    booted: int = 0  # BootNotifications answered Accepted
    statuses: int = 0  # StatusNotifications answered
    statuses_expected: int = 0
    statuses_failed: int = 0
    statuses_unsent: int = 0
    complete: bool = False  # every station booted, every status answered or failed
    available: int = 0  # booted and every status answered (a lower bound)
    available_s: float | None = None  # storm start -> complete
    connected_all_s: float | None = None  # storm start -> every station connected at once
    booted_all_s: float | None = None  # storm start -> every station booted
    start_from: str = ""  # what the start of the storm is
    launch_to_start_s: float | None = None
    boot_ms: dict[str, float | None] = field(default_factory=dict)
    status_ms: dict[str, float | None] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)  # by kind
    failures_by_action: dict[str, dict[str, int]] = field(default_factory=dict)
    events: dict[str, int] = field(default_factory=dict)
    csms_cpu_s: float | None = None
    csms_cpu_pct: float | None = None  # of one core, over the storm
    csms_rss_mib: float | None = None
    csms_peak_rss_mib: float | None = None
    sim_cpu_pct: float | None = None
    other_cpu_pct: float | None = None
    csms_connected_after: int | None = None
    listen_drops: dict[str, int] = field(default_factory=dict)
    # Every second from the first station started: (s, connected, booted, statuses
    # answered, statuses failed, CSMS CPU % of one core over that second)
    progress: list[tuple[float, ...]] = field(default_factory=list)
    summary: dict[str, Any] | None = None


def action_figures(summary: dict[str, Any] | None, action: str) -> dict[str, Any]:
    """p50/p99/max (ms), count and outcomes of a station CALL from a simulator summary."""
    row = ((summary or {}).get("actions") or {}).get(action, {}).get("sent") or {}
    return {k: row.get(k) for k in ("count", "p50_ms", "p95_ms", "p99_ms", "max_ms", "outcomes")}


async def storm_phase(
    args: argparse.Namespace, server: Server, plan: FleetPlan, variant: str
) -> StormResult:
    """One storm: the simulator starts every station at once; wait until all are available
    (or the time limit); the CSMS's side read afterwards; the simulator stopped."""
    n = len(plan.ids)
    r = StormResult(variant, n, statuses_expected=plan.boot_statuses)
    cores = os.cpu_count() or 1
    limit = args.timeout or (
        120 + n * (4 * hash_s(args) / cores if variant == "cold" else 0) + n * 0.02
    )
    sim = Sim(args, server.workdir, f"storm-{variant}", plan.path, server.url)
    net0 = listen_counters()
    csms0, machine0 = cpu_ticks(server.pid), machine_busy_ticks()
    launch_wall, launch = time.time(), time.monotonic()
    print(f"  {variant}: starting {n} stations at once (limit {limit:.0f} s)...", flush=True)
    await sim.start()
    started: Scrape | None = None
    sim0 = 0
    last: Scrape | None = None
    done = False
    counts: tuple[float, ...] = ()
    # The scrape, CPU ticks (CSMS, simulator, machine) and time of the last progress.
    mark: tuple[Scrape, int | None, int, int, float] | None = None
    milestones: dict[str, float] = {}  # wall time the fleet first got there
    next_note = launch + 10
    second = (time.monotonic(), cpu_ticks(server.pid) or 0)
    try:
        while time.monotonic() - launch < limit:
            scrape = await sim.scrape()
            if scrape is None:
                if not sim.running:
                    raise RuntimeError(f"the simulator exited:\n{sim.tail()}")
                await asyncio.sleep(POLL_S)
                continue
            last = scrape
            if started is None and scrape.events.get("station_started", 0) > 0:
                started, sim0 = scrape, sim.ticks()
            connected = scrape.gauges.get("connected", 0)
            booted = scrape.count("BootNotification", "ok")
            statuses = scrape.count("StatusNotification", "ok")
            failed = sum(scrape.count("StatusNotification", o) for o in FAILURES)
            for name, reached in (("connected", connected >= n), ("booted", booted >= n)):
                if reached:
                    milestones.setdefault(name, scrape.wall)
            now = tuple(
                scrape.count(action, outcome)
                for action in ("BootNotification", "StatusNotification")
                for outcome in ("ok", *FAILURES)
            )  # answers to the storm's CALLs (heartbeats come on after a while)
            if now != counts:
                counts = now
                ticks = cpu_ticks(server.pid), sim.ticks(), machine_busy_ticks()
                mark = (scrape, *ticks, time.monotonic())
            if started is not None and scrape.at - second[0] >= 1:
                csms_now = cpu_ticks(server.pid) or 0
                busy = (csms_now - second[1]) / CLK_TCK / (scrape.at - second[0]) * 100
                second = (scrape.at, csms_now)
                r.progress.append(
                    (round(scrape.at - started.at), int(connected), int(booted), int(statuses),
                     int(failed), round(busy))
                )  # fmt: skip
            # Over when every station booted and every status was answered or failed, or
            # when nothing more can come: no answer for longer than a CALL may wait (a
            # station whose StatusNotification failed does not send its next ones).
            quiet = mark is not None and time.monotonic() - mark[4] > CALL_TIMEOUT_S + 2
            if booted >= n and (statuses + failed >= plan.boot_statuses or quiet):
                done = True
                break
            if time.monotonic() > next_note:
                next_note += 10
                print(
                    f"    {time.monotonic() - launch:5.0f} s: {connected:.0f} connected, "
                    f"{booted:.0f} booted, {statuses:.0f}/{plan.boot_statuses} statuses "
                    f"answered; {scrape.events.get('connect_failed', 0):.0f} connects failed, "
                    f"{scrape.count(outcome='timeout'):.0f} CALLs timed out; CSMS CPU "
                    f"{r.progress[-1][-1] if r.progress else 0} %",
                    flush=True,
                )
            await asyncio.sleep(POLL_S)
        end: Scrape | None  # None when no scrape came at all
        if done and mark is not None:  # the storm ended with its last answer
            end, csms1, sim1, machine1, end_at = mark
        else:
            end = last
            csms1, sim1, machine1 = cpu_ticks(server.pid), sim.ticks(), machine_busy_ticks()
            end_at = time.monotonic()
        memory = memory_kib(server.pid)
        r.listen_drops = delta(net0, listen_counters())
        if end is not None:
            r.booted = int(end.count("BootNotification", "ok"))
            r.statuses = int(end.count("StatusNotification", "ok"))
            r.statuses_failed = int(sum(end.count("StatusNotification", o) for o in FAILURES))
        r.complete = done
        # A station whose StatusNotification failed is not available (at most one each); the
        # ones neither answered nor failed were not sent (an earlier one of the station failed).
        r.available = max(0, min(r.booted, n) - r.statuses_failed) if done else 0
        r.statuses_unsent = max(0, plan.boot_statuses - r.statuses - r.statuses_failed)
        # The start of the storm: the first connection the CSMS accepted.
        try:
            r.csms_connected_after, first = first_connection(
                await csms_stations(server), launch_wall
            )
        except Exception as exc:  # the figure falls back to the simulator's
            print(f"    (admin API listing failed: {exc})")
            first = None
        if first is not None and end is not None:
            start_wall, r.start_from = first, "first connection the CSMS accepted"
        elif started is not None:
            start_wall, r.start_from = started.wall, "first station started (simulator, +-0.5 s)"
        else:
            start_wall, r.start_from = launch_wall, "simulator launched"
        r.launch_to_start_s = round(start_wall - launch_wall, 2)
        if done and end is not None:
            r.available_s = round(end.wall - start_wall, 2)
        if "connected" in milestones:
            r.connected_all_s = round(milestones["connected"] - start_wall, 1)
        if "booted" in milestones:
            r.booted_all_s = round(milestones["booted"] - start_wall, 1)
        storm_s = max(1e-3, (end.wall if end else time.time()) - start_wall)
        if csms0 is not None and csms1 is not None:
            r.csms_cpu_s = round((csms1 - csms0) / CLK_TCK, 1)
            r.csms_cpu_pct = round(r.csms_cpu_s / storm_s * 100, 1)
        if started is not None:
            r.sim_cpu_pct = round((sim1 - sim0) / CLK_TCK / max(1e-3, end_at - started.at) * 100, 1)
        whole = max(1e-3, end_at - launch)
        ours = ((csms1 or 0) - (csms0 or 0) + sim1) / CLK_TCK
        r.other_cpu_pct = round(max(0.0, ((machine1 - machine0) / CLK_TCK - ours) / whole * 100), 1)
        r.csms_rss_mib = round(memory.get("VmRSS", 0) / 1024, 1)
        r.csms_peak_rss_mib = round(memory.get("VmHWM", 0) / 1024, 1)
    finally:
        r.summary = await sim.stop()
    boot, status = (
        action_figures(r.summary, "BootNotification"),
        action_figures(r.summary, "StatusNotification"),
    )
    r.boot_ms = {k: boot[k] for k in ("p50_ms", "p99_ms", "max_ms", "count")}
    r.status_ms = {k: status[k] for k in ("p50_ms", "p99_ms", "max_ms", "count")}
    failures: Counter[str] = Counter()
    for (action, direction), row in (
        ((a, d), row)
        for a, ds in ((r.summary or {}).get("actions") or {}).items()
        for d, row in ds.items()
    ):
        bad = {o: n for o, n in (row.get("outcomes") or {}).items() if o in FAILURES and n}
        if bad:
            r.failures_by_action[f"{action} ({direction})"] = bad
            failures.update(bad)
    # Events up to the end of the storm (stopping the fleet counts a reconnect per station).
    events = end.events if end is not None else {}
    for name in ("connect_failed", "reconnect", "station_crashed"):
        if events.get(name):
            r.events[name] = int(events[name])
    failures["connect failed"] = r.events.get("connect_failed", 0)
    failures["reconnect"] = r.events.get("reconnect", 0)
    failures["StatusNotification not sent"] = r.statuses_unsent
    r.failures = {k: v for k, v in failures.items()}
    return r


STORM_HEADER = (
    f"{'variant':<8}{'available':>13}{'conn. s':>10}{'boot s':>9}{'avail. s':>10}"
    f"{'boot p50/p99/max ms':>23}"
    f"{'status p50/p99/max ms':>25}{'CSMS CPU s':>12}{'CPU %':>7}{'peak RSS':>10}"
    f"{'sim %':>7}{'other %':>9}"
)


def storm_line(r: StormResult) -> str:
    def three(d: dict[str, Any]) -> str:
        return "/".join(figure(d.get(k), ".0f" if (d.get(k) or 0) >= 100 else ".1f") for k in (
            "p50_ms", "p99_ms", "max_ms"
        ))  # fmt: skip

    available = f"{r.available}/{r.stations}" if r.complete else f"({r.booted} booted)"
    return (
        f"{r.variant:<8}{available:>13}{figure(r.connected_all_s):>10}{figure(r.booted_all_s):>9}"
        f"{figure(r.available_s) if r.complete else 'not all':>10}"
        f"{three(r.boot_ms):>23}{three(r.status_ms):>25}{figure(r.csms_cpu_s):>12}"
        f"{figure(r.csms_cpu_pct, '.0f'):>7}{figure(r.csms_peak_rss_mib, '.0f'):>10}"
        f"{figure(r.sim_cpu_pct, '.0f'):>7}{figure(r.other_cpu_pct, '.0f'):>9}"
    )


async def run_storm(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    """Register, cold storm, stop, warm storm, on one CSMS process."""
    n = args.stations[0]
    server = make_server(args, workdir)
    results: list[StormResult] = []
    out: dict[str, Any] = {}
    try:
        plan = make_fleet(args, "storm", n, workdir)
        print(f"\nfleet: {'; '.join(plan.groups)}; {plan.boot_statuses} StatusNotifications")
        out["registration"] = await start_registered(args, server, plan)
        for variant in ("cold", "warm"):
            if variant == "warm":
                still = await wait_disconnected(server, 60)
                print(
                    f"  stations stopped; the CSMS holds {still} connections; the CSMS keeps "
                    "running",
                    flush=True,
                )
            r = await storm_phase(args, server, plan, variant)
            results.append(r)
            print(
                f"  {variant}: {r.booted}/{n} booted, {r.statuses}/{r.statuses_expected} "
                f"statuses answered"
                + (
                    f", {r.available} available in {r.available_s:.1f} s"
                    if r.complete
                    else ", NOT all"
                )
                + f" (from the {r.start_from}); failures "
                + (", ".join(f"{k} {v}" for k, v in r.failures.items() if v) or "none"),
                flush=True,
            )
    finally:
        await server.stop()
        out["csms_log"] = csms_log_problems(server)
    cores = os.cpu_count() or 1
    cost = args.pbkdf2["cpu_s"]
    print(
        f"\n== storm: {n} stations, all at once, on one CSMS; {args.workers} simulator "
        f"workers, {args.source_addresses} source addresses; PBKDF2 {args.hash_iterations} "
        "iterations =="
    )
    print(STORM_HEADER)
    for r in results:
        print(storm_line(r))
    for r in results:
        kinds = ", ".join(f"{k} {v}" for k, v in r.failures.items() if v) or "none"
        print(f"{r.variant}: failures: {kinds}")
        for action, bad in r.failures_by_action.items():
            print(f"      {action}: {bad}")
        if r.listen_drops:
            print(f"      kernel listen-queue counters: {r.listen_drops}")
        if r.complete and r.available_s:
            print(f"      {r.available / r.available_s:.0f} stations/s made available")
    print(
        "\navailable: booted Accepted and every StatusNotification answered. From the storm's"
        f" start ({results[0].start_from if results else '?'}) until every station was "
        "connected at the same time (conn. s), had booted (boot s), was available or had a "
        "StatusNotification fail (avail. s), as the simulator's counts showed it (0.5 s "
        "resolution). Latencies: the simulator's summary; a CALL that timed out counts as "
        "30 s (the stations' call timeout), and a timed-out BootNotification is sent again "
        "60 s later. CSMS CPU: seconds and % of one core over the storm; peak RSS: VmHWM "
        "(MiB) since the CSMS started; sim %: the simulator's processes; other %: the rest of"
        " the machine (not this run)."
    )
    print(
        f"PBKDF2 here: one verification at {ITERATIONS} iterations costs "
        f"{cost * 1e3:.1f} ms of CPU; a cold storm of {n} stations at that count needs at least"
        f" {n * cost:.0f} CPU-seconds, {n * cost / cores:.0f} s on this machine's {cores} cores"
        f" (this run: {args.hash_iterations} iterations, "
        f"{n * hash_s(args) / cores:.1f} s bound). Load average at the end: {loadavg()}."
    )
    log = out.get("csms_log") or {}
    if log.get("log_lines") or log.get("tracebacks"):
        print(f"CSMS log: {log.get('log_lines')}; tracebacks: {log.get('tracebacks', 0)}")
        for line, count in (log.get("raised") or {}).items():
            print(f"      {count} x {line}")
    out["results"] = [asdict(r) for r in results]
    out["fleet"] = plan.groups if results else None
    return out


# ---------------------------------------------------------------------------------------
# Hold
# ---------------------------------------------------------------------------------------


@dataclass
class HoldResult:
    stations: int
    busy_stations: int = 0
    connected: int = 0
    connect_s: float | None = None  # launch -> every station booted
    window_s: float = 0.0
    calls: int = 0
    calls_per_s: float = 0.0
    csms_calls_per_s: float = 0.0  # CALLs the CSMS sent to stations
    p50_ms: str = "-"
    p95_ms: str = "-"
    p99_ms: str = "-"
    max_ms: str = "-"
    p99_under_1s: bool | None = None
    share_within_1s: float | None = None
    failures: dict[str, int] = field(default_factory=dict)  # in the window
    sessions_started: int = 0  # driver arrivals in the window
    sessions_done: int = 0
    visits_refused: int = 0  # the card was not accepted (Invalid, ConcurrentTx...)
    charging: int = 0
    csms_cpu_pct: float | None = None
    csms_rss_mib: float | None = None
    csms_kib_per_station: float | None = None
    sim_cpu_pct: float | None = None
    other_cpu_pct: float | None = None
    by_action: dict[str, int] = field(default_factory=dict)
    run_summary: dict[str, Any] = field(default_factory=dict)  # whole simulator run
    registration: dict[str, Any] = field(default_factory=dict)
    csms_log: dict[str, Any] = field(default_factory=dict)
    error: str | None = None


async def hold_one(args: argparse.Namespace, n: int, workdir: Path) -> HoldResult:
    """A fresh CSMS, N stations registered, connected at the ramp, then the window."""
    r = HoldResult(n)
    server = make_server(args, workdir)
    sim: Sim | None = None
    try:
        plan = make_fleet(args, "hold", n, workdir)
        r.busy_stations = plan.busy
        print(f"\n{n} stations: {'; '.join(plan.groups)}; {plan.busy} with drivers")
        r.registration = await start_registered(args, server, plan)
        cores = os.cpu_count() or 1
        limit = args.timeout or (
            120 + n / ramp(args, n) * 1.5 + n * (4 * hash_s(args) / cores + 0.01)
        )
        sim = Sim(args, workdir, f"hold-{n}", plan.path, server.url)
        launch = time.monotonic()
        print(f"  connecting at {ramp(args, n):.1f}/s (limit {limit:.0f} s)...", flush=True)
        await sim.start()
        next_note = launch + 15
        while True:
            scrape = await sim.scrape()
            if scrape is not None:
                booted = scrape.count("BootNotification", "ok")
                if booted >= n and scrape.gauges.get("connected", 0) >= n:
                    break
                if time.monotonic() > next_note:
                    next_note += 15
                    print(
                        f"    {time.monotonic() - launch:4.0f} s: {booted:.0f} booted, "
                        f"{scrape.gauges.get('connected', 0):.0f} connected",
                        flush=True,
                    )
            elif not sim.running:
                raise RuntimeError(f"the simulator exited:\n{sim.tail()}")
            if time.monotonic() - launch > limit:
                raise TimeoutError(f"not every station connected within {limit:.0f} s")
            await asyncio.sleep(POLL_S)
        r.connect_s = round(time.monotonic() - launch, 1)
        print(f"  all {n} booted in {r.connect_s} s; settling {args.settle:g} s", flush=True)
        await asyncio.sleep(args.settle)
        s0 = await sim.scrape()
        csms0, sim0, machine0 = cpu_ticks(server.pid), sim.ticks(), machine_busy_ticks()
        await asyncio.sleep(args.seconds)
        s1 = await sim.scrape()
        csms1, sim1, machine1 = cpu_ticks(server.pid), sim.ticks(), machine_busy_ticks()
        memory = memory_kib(server.pid)
        if s0 is None or s1 is None:
            raise RuntimeError("the simulator's metrics did not answer")
        wall = max(1e-3, s1.at - s0.at)
        r.window_s = round(wall, 1)
        r.connected = int(s1.gauges.get("connected", 0))
        r.charging = int(s1.gauges.get("charging", 0))
        r.calls = int(s1.count() - s0.count())
        r.calls_per_s = round(r.calls / wall, 1)
        received = s1.count(direction="received") - s0.count(direction="received")
        r.csms_calls_per_s = round(received / wall, 2)
        actions = {a for (a, _d, _o) in s1.outcomes}
        r.by_action = {
            a: int(s1.count(a) - s0.count(a)) for a in sorted(actions) if s1.count(a) - s0.count(a)
        }
        hist = window_histogram(s0, s1)
        r.p50_ms, r.p95_ms, r.p99_ms = (fmt_q(quantile(hist, q)) for q in (0.5, 0.95, 0.99))
        r.max_ms = fmt_q(top_bound(hist))
        r.share_within_1s = share_within(hist, 1.0)
        if r.share_within_1s is not None:
            r.p99_under_1s = r.share_within_1s >= 0.99
        for outcome in FAILURES:
            lost = s1.count(outcome=outcome) - s0.count(outcome=outcome)
            if lost:
                r.failures[outcome] = int(lost)
        for name, label in (("connect_failed", "connect failed"), ("reconnect", "reconnect")):
            lost = s1.events.get(name, 0) - s0.events.get(name, 0)
            if lost:
                r.failures[label] = int(lost)
        r.sessions_started = int(s1.events.get("visit", 0) - s0.events.get("visit", 0))
        r.sessions_done = int(s1.events.get("visit_done", 0) - s0.events.get("visit_done", 0))
        r.visits_refused = int(
            s1.events.get("visit_refused", 0) - s0.events.get("visit_refused", 0)
        )

        def pct(before: int | None, after: int | None) -> float | None:
            if before is None or after is None:
                return None
            return round((after - before) / CLK_TCK / wall * 100, 1)

        r.csms_cpu_pct = pct(csms0, csms1)
        r.sim_cpu_pct = pct(sim0, sim1)
        r.other_cpu_pct = round(
            max(0.0, (pct(machine0, machine1) or 0) - (r.csms_cpu_pct or 0) - (r.sim_cpu_pct or 0)),
            1,
        )
        r.csms_rss_mib = round(memory.get("VmRSS", 0) / 1024, 1)
        r.csms_kib_per_station = round(memory.get("VmRSS", 0) / max(1, r.connected), 1)
    except Exception as exc:
        r.error = f"{type(exc).__name__}: {exc}"[:2000]
        print(f"  failed: {r.error}")
    finally:
        if sim is not None:
            summary = await sim.stop()
            if summary:
                r.run_summary = {
                    "latency_ms": summary.get("latency_ms"),
                    "outcomes": summary.get("outcomes"),
                    "events": summary.get("events"),
                    "actions": {
                        a: action_figures(summary, a)
                        for a in (summary.get("actions") or {})
                        if (summary["actions"][a].get("sent") or {}).get("count")
                    },
                }
        await server.stop()
        r.csms_log = csms_log_problems(server)
    if r.error is None:
        print(
            f"  window {r.window_s:.0f} s: {r.calls_per_s:.0f} calls/s, p99 {r.p99_ms} ms, CSMS "
            f"CPU {r.csms_cpu_pct} %, RSS {r.csms_rss_mib} MiB, simulator CPU {r.sim_cpu_pct} %"
            + (f", failures {r.failures}" if r.failures else ""),
            flush=True,
        )
    return r


HOLD_HEADER = (
    f"{'stations':>8}{'connected':>10}{'calls/s':>9}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}"
    f"{'max ms':>8}{'failures':>9}{'CSMS %':>8}{'RSS MiB':>9}{'KiB/st':>8}{'sim %':>7}"
    f"{'other %':>8}{'p99<1s':>8}"
)


def hold_line(r: HoldResult) -> str:
    if r.error:
        return f"{r.stations:>8}  failed: {r.error[:100]}"
    ok = "-" if r.p99_under_1s is None else ("yes" if r.p99_under_1s else "NO")
    return (
        f"{r.stations:>8}{r.connected:>10}{r.calls_per_s:>9.1f}{r.p50_ms:>8}{r.p95_ms:>8}"
        f"{r.p99_ms:>8}{r.max_ms:>8}{sum(r.failures.values()):>9}{figure(r.csms_cpu_pct, '.0f'):>8}"
        f"{figure(r.csms_rss_mib, '.0f'):>9}{figure(r.csms_kib_per_station, '.0f'):>8}"
        f"{figure(r.sim_cpu_pct, '.0f'):>7}{figure(r.other_cpu_pct, '.0f'):>8}{ok:>8}"
    )


async def run_hold(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    """Each N on a fresh CSMS, one after the other."""
    results = [await hold_one(args, n, workdir / f"hold-{n}") for n in args.stations]
    print(
        f"\n== hold: realistic traffic, {args.seconds:g} s window after every station "
        f"connected; heartbeat {args.heartbeat} s, {args.charging_share:.0%} of the stations "
        f"charging (meter values every {args.meter_interval} s, sessions turning over); "
        f"{args.workers} simulator workers, {args.source_addresses} source addresses =="
    )
    print(HOLD_HEADER)
    for r in results:
        print(hold_line(r))
    for r in results:
        if r.error:
            continue
        print(
            f"{r.stations}: {r.calls} CALLs in {r.window_s:.0f} s ({r.csms_calls_per_s} CSMS "
            f"CALLs/s to stations), {r.charging} EVSEs charging, {r.sessions_started} drivers "
            f"came ({r.visits_refused} refused) and {r.sessions_done} left in the window; "
            f"connect {r.connect_s} s" + (f"; failures {r.failures}" if r.failures else "")
        )
        print(f"      CALLs in the window: {r.by_action}")
        lat = r.run_summary.get("latency_ms") or {}
        if lat:
            print(
                "      whole simulator run (connect phase included, summary): p50/p95/p99 "
                f"{lat.get('p50')}/{lat.get('p95')}/{lat.get('p99')} ms; max per action "
                + ", ".join(
                    f"{a} {f['max_ms']:.0f}"
                    for a, f in (r.run_summary.get("actions") or {}).items()
                    if f.get("max_ms") is not None
                )
            )
        log = r.csms_log
        if log.get("log_lines") or log.get("tracebacks"):
            print(f"      CSMS log: {log.get('log_lines')}; tracebacks {log.get('tracebacks', 0)}")
            for line, count in (log.get("raised") or {}).items():
                print(f"        {count} x {line}")
    met = [r.stations for r in results if r.p99_under_1s]
    print(
        f"\nlargest N with p99 < 1 s: {max(met) if met else 'none'}. calls/s: station CALLs "
        "answered in the window (what the CSMS received); p50-p99 interpolated in the "
        "simulator's Prometheus buckets (4 per decade), max: the top bucket's bound; CSMS %, "
        "sim %, other %: % of one core over the window (sim: all its processes; other: the "
        f"rest of the machine, not this run). Load average at the end: {loadavg()}."
    )
    return {"results": [asdict(r) for r in results]}


# ---------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------


async def run(args: argparse.Namespace) -> dict[str, Any]:
    raise_open_files_limit()
    cores = os.cpu_count() or 1
    args.pbkdf2 = pbkdf2_cost()
    before = machine_busy_ticks()
    await asyncio.sleep(1)
    background = round((machine_busy_ticks() - before) / CLK_TCK * 100, 1)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    print(
        f"bench_scale {args.mode}: stations {','.join(map(str, args.stations))}; PBKDF2 "
        f"{args.hash_iterations} iterations (EVH_PASSWORD_HASH_ITERATIONS); one verification at "
        f"{ITERATIONS} costs {args.pbkdf2['cpu_s'] * 1e3:.1f} ms CPU here; "
        f"{cores} cores, load average {loadavg()}, open files {soft}/{hard}, "
        f"Python {platform.python_version()}"
    )
    print(f"machine busy before the run: {background} % of a core (other work; 0 is ideal)")
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        workdir_cm: Any = contextlib.nullcontext(str(args.keep))
    else:
        workdir_cm = tempfile.TemporaryDirectory(prefix="evh-scale-")
    with workdir_cm as tmp:
        workdir = Path(tmp)
        if args.mode == "storm":
            out = await run_storm(args, workdir)
        else:
            out = await run_hold(args, workdir)
    return {
        "args": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "machine": {
            "cores": cores,
            "python": platform.python_version(),
            "busy_before_pct_of_core": background,
            "loadavg_end": loadavg(),
        },
        **out,
    }


def int_list(text: str) -> list[int]:
    """An argparse type: comma-separated positive integers."""
    try:
        values = [int(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError("comma-separated integers") from None
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError("positive integers")
    return values


def total_limit(args: argparse.Namespace) -> float:
    """A bound on the whole run, from the phases' own limits."""
    cores = os.cpu_count() or 1
    per_hash = 0.04 * args.hash_iterations / ITERATIONS
    total = 0.0
    for n in args.stations:
        reg = 120 + n * (4 * per_hash / cores + 0.06)  # hold: ~5 cards a station
        if args.mode == "storm":
            phases = 2 * (args.timeout or 120 + n * 0.02) + n * 4 * per_hash / cores
            total += 90 + reg + phases + 2 * SIM_STOP_S + 120
        else:
            connect = args.timeout or (
                120 + n / ramp(args, n) * 1.5 + n * (4 * per_hash / cores + 0.01)
            )
            total += 90 + reg + connect + args.settle + args.seconds + SIM_STOP_S + 60
    return total


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--workers", type=int, default=4, help="simulator processes [4]")
    common.add_argument(
        "--source-addresses", type=int, default=2, help="connect from 127.0.0.1..N [2]"
    )
    common.add_argument(
        "--hash-iterations",
        type=int,
        default=ITERATIONS,
        help=f"PBKDF2 iterations of the CSMS's password hashes [{ITERATIONS}]",
    )
    common.add_argument("--heartbeat", type=int, default=300, help="heartbeat interval s [300]")
    common.add_argument("--fleet", type=Path, default=BASE_FLEET, help="station mix [reboot-storm]")
    common.add_argument(
        "--registration", choices=("world", "api"), default="world", help="how [world]"
    )
    common.add_argument(
        "--register-concurrency", type=int, default=16, help="with --registration api [16]"
    )
    common.add_argument(
        "--timeout", type=float, help="limit of a storm / of connecting a hold fleet, s [from N]"
    )
    common.add_argument("--json", type=Path, help="write the figures to this file")
    common.add_argument("--keep", type=Path, help="keep logs, fleet files, summaries here")
    modes = parser.add_subparsers(dest="mode", required=True)
    storm = modes.add_parser("storm", parents=[common], help="reboot storm, cold and warm")
    storm.add_argument("--stations", type=int_list, default=[10_000], help="[10000]")
    hold = modes.add_parser("hold", parents=[common], help="N stations at realistic traffic")
    hold.add_argument(
        "--stations", type=int_list, default=[5000, 10_000, 15_000], help="[5000,10000,15000]"
    )
    hold.add_argument("--seconds", type=float, default=120, help="measurement window [120]")
    hold.add_argument("--settle", type=float, default=20, help="after the last boot [20]")
    hold.add_argument(
        "--ramp", type=float, default=0, help="station starts per s [N / heartbeat interval]"
    )
    hold.add_argument(
        "--charging-share", type=float, default=0.3, help="stations with drivers [0.3]"
    )
    hold.add_argument("--meter-interval", type=int, default=60, help="meter values s [60]")
    hold.add_argument(
        "--cards", type=int, default=0, help="cards registered [10 per EVSE with drivers]"
    )
    args = parser.parse_args()
    if args.mode == "storm" and len(args.stations) != 1:
        parser.error("storm takes one --stations count")
    if args.workers < 1 or args.source_addresses < 1 or args.hash_iterations < 1000:
        parser.error("--workers and --source-addresses >= 1, --hash-iterations >= 1000")
    limit = total_limit(args)

    run_to_the_end(run, args, stopped="the CSMS and the simulator stopped", limit=limit)


if __name__ == "__main__":
    main()
