"""Which Locust bridge carries more stations per core (loadtests/ocpp_locust/bridge.py):

  thread    the asyncio loop of the stations on its own OS thread, exchanges handed to
            Locust through a deque a greenlet drains;
  greenlet  the asyncio loop inside a greenlet, on gevent's cooperative selector.

One OCPP server runs on loopback as its own process: our CSMS (SQLite, as
``python -m csms csms`` starts it) or, with ``--server ocpp-lib``, the bare `ocpp` library
server of loadtests/baselines/ (answers the whole 1.6 session pipeline, stores nothing, so
the server is less likely the bottleneck; the echo server is not offered: its empty
CALLRESULT leaves every station waiting for an accepted BootNotification). For each mode in
turn, the same Locust command runs headless as a subprocess of this run:

    python -m locust -f loadtests/locustfile.py --headless -u USERS -r RATE -t TIME \\
        --csms-url ws://127.0.0.1:PORT/ocpp --bridge MODE --session-seconds 5 \\
        --idle-seconds 1 --meter-interval 1 --station-prefix BRIDGE-T1 --reset-stats \\
        --csv PREFIX ...

The load is open: each station's timers and session plan set its pace, so both modes
should carry the same requests/s (while the server keeps up), and what differs is the
Locust process's CPU. The spawn is spread over one session and idle period unless
--spawn-rate says otherwise, so the stations do not charge in step. The steady window runs
from "all users spawned" (Locust resets its statistics then, --reset-stats) to the time
limit (-t is the spawn, a second, --seconds); over it this run reads the CPU of the Locust
process (all its threads) and of the server from /proc/<pid>/stat, and afterwards Locust's
own figures from PREFIX_stats.csv (the Aggregated row). Printed per run: requests/s,
failures, p50/p95/p99, Locust CPU (% of one core), requests per Locust CPU-second and
stations per Locust core (users / Locust cores: the figure that answers the question),
Locust RSS, server CPU (near 100 % the server is the bottleneck, not the bridge) and the
rest of the machine's CPU (not this run: other work disturbs the figures); then the ratios
greenlet/thread. Failures Locust reports only at exit (during its shutdown, after the last
CSV snapshot) are printed apart. With ``--rounds N`` every mode runs N times, in
alternating order (thread, greenlet, greenlet, thread...), and the ratios use the sums.

Our CSMS gets the stations of every run (ids as the locustfile names them) and one card,
usable by all at once, through its admin API before the first run; its password hashes
use EVH_PASSWORD_HASH_ITERATIONS=1000 unless the environment sets it (the hashes are not
what this measures). Reuses loadtests/bench.py's server start, registration, /proc readers
and clean-up.

    .venv/bin/python loadtests/bench_locust_bridge.py --users 20 --seconds 10   # smoke test
    .venv/bin/python loadtests/bench_locust_bridge.py --users 300 --seconds 30 \\
        --json bridge.json
    .venv/bin/python loadtests/bench_locust_bridge.py --users 1000 --spawn-rate 100 \\
        --seconds 60 --server ocpp-lib --rounds 2

Bounded: loopback only, every phase has a time limit and so has the whole run; the server
and the Locust processes are killed at exit, also on Ctrl-C. Prints figures and ratios,
never asserts them.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import math
import os
import platform
import re
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: the repository root is not on the path
    sys.path.insert(0, str(ROOT))

from csms.oslimits import raise_open_files_limit  # noqa: E402
from loadtests.bench import (  # noqa: E402
    CLK_TCK,
    PASSWORD,
    Server,
    _children,
    cpu_ticks,
    csv_list,
    figure,
    loadavg,
    machine_busy_ticks,
    memory_kib,
    register,
    run_to_the_end,
    server_for,
    stop_process,
)
from loadtests.ocpp_locust.bridge import MODES  # noqa: E402

SERVERS = ("csms", "ocpp-lib")
CARD = "BRIDGE-CARD-0001"
SPAWNED = "Resetting stats"  # Locust's log line at spawning complete, with --reset-stats
TIME_UP = "--run-time limit reached"  # and when -t is over
SETUP_LIMIT_S = 300.0  # server start and registration
RUN_SLACK_S = 120.0  # per Locust run beyond its -t: start-up, shutdown, a slow spawn


def station_ids(prefix: str, users: int) -> list[str]:
    """The ids the locustfile gives a local (not distributed) run's users: PREFIX-00-NNNNNN."""
    return [f"{prefix}-00-{n:06d}" for n in range(1, users + 1)]


def thread_ticks(pid: int) -> dict[int, int]:
    """utime + stime of each thread of a process, in clock ticks."""
    out = {}
    with contextlib.suppress(FileNotFoundError, ProcessLookupError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            with contextlib.suppress(FileNotFoundError, ProcessLookupError, IndexError):
                fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
                out[int(task.name)] = int(fields[11]) + int(fields[12])
    return out


@dataclass
class Sample:
    """CPU of the processes of one run at one moment."""

    wall: float
    locust: int | None
    threads: dict[int, int]
    server: int | None
    machine: int

    @classmethod
    def take(cls, locust_pid: int, server_pid: int) -> Sample:
        return cls(
            time.perf_counter(),
            cpu_ticks(locust_pid),
            thread_ticks(locust_pid),
            cpu_ticks(server_pid),
            machine_busy_ticks(),
        )


@dataclass
class Run:
    """One Locust run: one bridge mode, one round."""

    mode: str
    round: int
    users: int
    spawn_rate: float = 0.0
    exit_code: int | None = None
    window_s: float | None = None  # spawning complete to time up, by this run's clock
    requests: int = 0  # Locust's Aggregated row: since spawning complete
    failures: int = 0
    requests_per_s: float | None = None  # Locust's Requests/s (its clock, the same period)
    window_requests_per_s: float | None = None  # requests / window_s (a cross-check)
    p50_ms: float | None = None
    p95_ms: float | None = None
    p99_ms: float | None = None
    locust_cpu_pct: float | None = None
    locust_cpu_s: float | None = None
    main_thread_cpu_pct: float | None = None  # gevent's hub (and the loop, greenlet mode)
    other_threads_cpu_pct: list[float] = field(default_factory=list)  # busiest first
    requests_per_cpu_s: float | None = None
    stations_per_core: float | None = None
    locust_rss_mib: float | None = None
    server_cpu_pct: float | None = None
    other_cpu_pct: float | None = None
    by_action: dict[str, list[int]] = field(default_factory=dict)  # name: [requests, failures]
    errors: dict[str, int] = field(default_factory=dict)
    final_errors: dict[str, int] = field(default_factory=dict)  # Locust's last error report
    problem: str | None = None
    log_errors: list[str] = field(default_factory=list)


def locust_argv(args: argparse.Namespace, server: Server, mode: str, prefix: str) -> list[str]:
    """The Locust command of one run; only the bridge mode and the station prefix differ."""
    return [
        sys.executable, "-m", "locust", "-f", "loadtests/locustfile.py", "--headless",
        "-u", str(args.users), "-r", f"{spawn_rate(args):g}", "-t", f"{run_time(args)}s",
        "--csms-url", server.url, "--bridge", mode,
        "--session-seconds", f"{args.session_seconds:g}",
        "--idle-seconds", f"{args.idle_seconds:g}",
        "--meter-interval", str(args.meter_interval), "--validation", args.validation,
        "--station-prefix", prefix, "--station-password", PASSWORD, "--card", CARD,
        "--reset-stats", "--csv", str(server.workdir / prefix),
    ]  # fmt: skip


def spawn_rate(args: argparse.Namespace) -> float:
    """Users started per second: --spawn-rate, else the fleet over one session and idle
    period (each station starts its first session within an idle period of its boot, so
    a faster spawn leaves the fleet charging in step and the window's load uneven)."""
    if args.spawn_rate:
        return float(args.spawn_rate)
    return round(max(1.0, args.users / (args.session_seconds + args.idle_seconds)), 1)


def run_time(args: argparse.Namespace) -> int:
    """Locust's -t: the spawn, a second to spare, the window."""
    return math.ceil(args.users / spawn_rate(args)) + 1 + math.ceil(args.seconds)


def log_errors(lines: list[str], limit: int = 5) -> list[str]:
    """Locust's ERROR and CRITICAL log lines, and each traceback's last line (the exception)."""
    out: list[str] = []
    for i, text in enumerate(lines):
        if "/ERROR/" in text or "/CRITICAL/" in text:
            out.append(text.strip()[:300])
        elif text.startswith("Traceback"):
            ending = next((t for t in lines[i + 1 :] if not t[:1].isspace()), "?")
            out.append(f"traceback: {ending.strip()[:300]}")
        if len(out) >= limit:
            break
    return out


def error_report(lines: list[str]) -> dict[str, int]:
    """Locust's last "Error report" (printed at exit, failures during shutdown included)."""
    out: dict[str, int] = {}
    try:
        first = max(i for i, text in enumerate(lines) if text.startswith("Error report"))
    except ValueError:
        return out
    for text in lines[first + 3 :]:
        if text.startswith("---") or not text.strip():
            break
        found = re.match(r"\s*(\d+)\s+(.*\S)", text)
        if found:
            out[found[2]] = out.get(found[2], 0) + int(found[1])
    return out


def read_stats(path: Path) -> dict[str, dict[str, str]]:
    """Locust's *_stats.csv, by request name ("Aggregated" for the total)."""
    with path.open(newline="") as f:
        return {row["Name"]: row for row in csv.DictReader(f)}


def number(text: str | None) -> float | None:
    """A CSV figure; None for Locust's "N/A" or an empty cell."""
    try:
        return float(text) if text not in (None, "", "N/A") else None
    except ValueError:
        return None


async def run_locust(
    args: argparse.Namespace, server: Server, mode: str, round_: int, prefix: str
) -> Run:
    """One headless Locust run; CPU sampled at spawning complete and at the time limit."""
    result = Run(mode, round_, args.users, spawn_rate(args))
    lines: list[str] = []
    log_path = server.workdir / f"{prefix}.log"
    samples: dict[str, Sample] = {}
    with (server.workdir / f"{prefix}.out").open("wb") as stdout:
        proc = await asyncio.create_subprocess_exec(
            *locust_argv(args, server, mode, prefix),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=stdout,
            stderr=asyncio.subprocess.PIPE,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            start_new_session=True,  # Ctrl-C reaches us only; we stop it ourselves
        )
    _children[proc.pid] = f"locust {mode}"
    assert proc.stderr is not None
    try:
        async with asyncio.timeout(run_time(args) + RUN_SLACK_S):
            with log_path.open("w") as log:
                async for raw in proc.stderr:
                    text = raw.decode(errors="replace")
                    log.write(text)
                    lines.append(text)
                    if SPAWNED in text and "start" not in samples:
                        samples["start"] = Sample.take(proc.pid, server.pid)
                    elif TIME_UP in text and "end" not in samples:
                        samples["end"] = Sample.take(proc.pid, server.pid)
                        memory = memory_kib(proc.pid)
                        result.locust_rss_mib = round(memory.get("VmHWM", 0) / 1024, 1)
            result.exit_code = await proc.wait()
    except TimeoutError:
        result.problem = f"Locust did not finish within {run_time(args) + RUN_SLACK_S:.0f} s"
    finally:
        await stop_process(proc, grace=10)
    result.final_errors = error_report(lines)
    result.log_errors = log_errors(lines)

    start, end = samples.get("start"), samples.get("end")
    if start is None or end is None:
        result.problem = result.problem or "Locust never reported spawning complete and time up"
        return result
    wall = end.wall - start.wall
    result.window_s = round(wall, 2)

    def pct(before: int | None, after: int | None) -> float | None:
        if before is None or after is None:
            return None
        return round((after - before) / CLK_TCK / wall * 100, 1)

    result.locust_cpu_pct = pct(start.locust, end.locust)
    if start.locust is not None and end.locust is not None:
        result.locust_cpu_s = round((end.locust - start.locust) / CLK_TCK, 2)
    result.main_thread_cpu_pct = pct(start.threads.get(proc.pid), end.threads.get(proc.pid))
    result.other_threads_cpu_pct = sorted(
        (
            pct(start.threads.get(tid, 0), ticks) or 0.0
            for tid, ticks in end.threads.items()
            if tid != proc.pid
        ),
        reverse=True,
    )
    result.server_cpu_pct = pct(start.server, end.server)
    ours = (result.locust_cpu_pct or 0.0) + (result.server_cpu_pct or 0.0)
    result.other_cpu_pct = round(max(0.0, (pct(start.machine, end.machine) or 0.0) - ours), 1)

    stats_path = server.workdir / f"{prefix}_stats.csv"
    if not stats_path.exists():
        result.problem = "Locust wrote no statistics"
        return result
    stats = read_stats(stats_path)
    total = stats.get("Aggregated", {})
    result.requests = int(number(total.get("Request Count")) or 0)
    result.failures = int(number(total.get("Failure Count")) or 0)
    rps = number(total.get("Requests/s"))
    result.requests_per_s = None if rps is None else round(rps, 1)
    result.window_requests_per_s = round(result.requests / wall, 1)
    result.p50_ms, result.p95_ms, result.p99_ms = (
        number(total.get(p)) for p in ("50%", "95%", "99%")
    )
    result.by_action = {
        name: [int(number(row["Request Count"]) or 0), int(number(row["Failure Count"]) or 0)]
        for name, row in stats.items()
        if name != "Aggregated"
    }
    if rps is not None and result.locust_cpu_pct:
        result.requests_per_cpu_s = round(rps / (result.locust_cpu_pct / 100), 1)
    if result.locust_cpu_pct:
        result.stations_per_core = round(args.users / (result.locust_cpu_pct / 100), 1)
    failures_path = server.workdir / f"{prefix}_failures.csv"
    if failures_path.exists():
        with failures_path.open(newline="") as f:
            result.errors = {
                f"{row['Name']}: {row['Error']}": int(row["Occurrences"])
                for row in csv.DictReader(f)
            }
    return result


HEADER = (
    f"{'mode':<10}{'round':>6}{'users':>7}{'req/s':>8}{'fail':>6}{'p50 ms':>8}{'p95 ms':>8}"
    f"{'p99 ms':>8}{'Locust %':>10}{'req/cpu-s':>11}{'stn/core':>10}{'RSS MiB':>9}"
    f"{'server %':>10}{'other %':>9}"
)


def line(r: Run) -> str:
    """One run as a table row."""
    return (
        f"{r.mode:<10}{r.round:>6}{r.users:>7}{figure(r.requests_per_s, '.1f'):>8}{r.failures:>6}"
        f"{figure(r.p50_ms, '.0f'):>8}{figure(r.p95_ms, '.0f'):>8}{figure(r.p99_ms, '.0f'):>8}"
        f"{figure(r.locust_cpu_pct, '.1f'):>10}{figure(r.requests_per_cpu_s, '.0f'):>11}"
        f"{figure(r.stations_per_core, '.0f'):>10}{figure(r.locust_rss_mib, '.0f'):>9}"
        f"{figure(r.server_cpu_pct, '.1f'):>10}{figure(r.other_cpu_pct, '.1f'):>9}"
    )


def totals(runs: list[Run]) -> dict[str, float | None]:
    """One mode's figures over all its complete runs (sums, then ratios)."""
    done = [r for r in runs if r.window_s and r.locust_cpu_s and r.requests_per_s is not None]
    if not done:
        return {}
    window = sum(r.window_s or 0.0 for r in done)
    cpu = sum(r.locust_cpu_s or 0.0 for r in done)
    requests = sum((r.requests_per_s or 0.0) * (r.window_s or 0.0) for r in done)
    weights = [r.window_s or 1.0 for r in done]

    def mean(values: list[float | None]) -> float | None:
        pairs = [(v, w) for v, w in zip(values, weights, strict=True) if v is not None]
        return sum(v * w for v, w in pairs) / sum(w for _, w in pairs) if pairs else None

    return {
        "requests_per_s": requests / window,
        "locust_cpu_pct": cpu / window * 100,
        "requests_per_cpu_s": requests / cpu if cpu else None,
        "stations_per_core": done[0].users / (cpu / window) if cpu else None,
        "p95_ms": mean([r.p95_ms for r in done]),
        "p99_ms": mean([r.p99_ms for r in done]),
        "server_cpu_pct": mean([r.server_cpu_pct for r in done]),
    }


def ratios(by_mode: dict[str, dict[str, float | None]]) -> dict[str, float | None]:
    """greenlet / thread for every figure of ``totals``."""
    greenlet, thread = by_mode.get("greenlet") or {}, by_mode.get("thread") or {}
    out: dict[str, float | None] = {}
    for key, value in greenlet.items():
        base = thread.get(key)
        out[key] = round(value / base, 3) if value is not None and base else None
    return out


async def run(args: argparse.Namespace) -> dict[str, Any]:
    """The server, registration, every mode (every round), the table; returns the figures."""
    raise_open_files_limit()
    cores = os.cpu_count() or 1
    before = machine_busy_ticks()
    await asyncio.sleep(1)
    background = round((machine_busy_ticks() - before) / CLK_TCK * 100, 1)
    order = [
        (n + 1, mode)
        for n in range(args.rounds)
        for mode in (args.modes if n % 2 == 0 else list(reversed(args.modes)))
    ]
    print(
        f"bench_locust_bridge: {args.users} stations, spawn rate {spawn_rate(args):g}/s, "
        f"{args.seconds:g} s window after the spawn (Locust -t {run_time(args)}s), modes "
        f"{','.join(args.modes)} x {args.rounds} round(s), server {args.server}; sessions "
        f"{args.session_seconds:g} s, idle {args.idle_seconds:g} s, meter values every "
        f"{args.meter_interval} s, validation {args.validation}"
    )
    print(
        f"{cores} cores, load average {loadavg()}, Python {platform.python_version()}; "
        f"machine busy before the run: {background} % of a core (other work; 0 is ideal)"
    )
    runs: list[Run] = []
    setup: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="evh-bridge-") as tmp:
        workdir = Path(tmp)
        if args.keep:
            workdir = args.keep
            workdir.mkdir(parents=True, exist_ok=True)
        if args.server == "csms":
            server = server_for(
                "csms-sqlite", workdir, f"sqlite+aiosqlite:///{workdir / 'csms.db'}"
            )
            iterations = os.environ.get("EVH_PASSWORD_HASH_ITERATIONS", "1000")
            server.env["EVH_PASSWORD_HASH_ITERATIONS"] = iterations
        else:
            server = server_for("ocpp-lib", workdir, None)
        prefixes = {(n, mode): f"BRIDGE-{mode[0].upper()}{n}" for n, mode in order}
        try:
            async with asyncio.timeout(SETUP_LIMIT_S):
                await server.start()
                setup["start_s"] = round(server.start_s, 2)
                print(f"{args.server}: ready in {server.start_s:.1f} s (pid {server.pid})")
                if args.server == "csms":
                    ids = [i for p in prefixes.values() for i in station_ids(p, args.users)]
                    card = {"value": CARD, "allow_concurrent": True}
                    setup["registration"] = reg = await register(args, server, ids, [card])
                    print(
                        f"  registered {len(ids)} stations ({args.users} per run) in "
                        f"{reg['stations_s']:.2f} s and card {CARD} (PBKDF2 at {iterations} "
                        "rounds)"
                    )
            for n, mode in order:
                await asyncio.sleep(1)  # let the previous run's connections close
                print(f"  {mode:<9} round {n}: Locust running...", flush=True)
                r = await run_locust(args, server, mode, n, prefixes[n, mode])
                runs.append(r)
                others = "/".join(f"{t:.1f}" for t in r.other_threads_cpu_pct[:3] if t >= 0.1)
                late = sum(r.final_errors.values()) - r.failures
                print(
                    f"  {mode:<9} round {n}: "
                    + (f"PROBLEM: {r.problem}; " if r.problem else "")
                    + f"{r.requests} requests, {r.failures} failures in "
                    f"{figure(r.window_s)} s; Locust CPU {figure(r.locust_cpu_pct)} % "
                    f"(main thread {figure(r.main_thread_cpu_pct, '.1f')} %, other threads "
                    f"{others or '-'} %), server CPU {figure(r.server_cpu_pct, '.1f')} %, "
                    f"exit code {r.exit_code}"
                    + (
                        f"; {late} more failures after the statistics, at shutdown"
                        if late > 0
                        else ""
                    )
                )
                for name, count in sorted(r.final_errors.items(), key=lambda kv: -kv[1])[:3]:
                    print(f"      Locust's final error report: {count} x {name}")
                for name, count in sorted(r.errors.items(), key=lambda kv: -kv[1])[:3]:
                    print(f"      in the window: {count} x {name}")
                for text in r.log_errors[:3]:
                    print(f"      log: {text}")
        finally:
            await server.stop()

    print(
        f"\n== Locust bridges: {args.users} stations on one Locust process, "
        f"{args.seconds:g} s steady window, server {args.server} =="
    )
    print(HEADER)
    for r in runs:
        print(line(r))
    by_mode = {mode: totals([r for r in runs if r.mode == mode]) for mode in args.modes}
    ratio = ratios(by_mode)
    if ratio and set(MODES) <= set(args.modes):

        def x(key: str) -> str:
            return figure(ratio.get(key), ".2f")

        print(
            f"\ngreenlet/thread: requests per Locust CPU-second x{x('requests_per_cpu_s')} "
            f"(stations per core x{x('stations_per_core')}), Locust CPU "
            f"x{x('locust_cpu_pct')}, requests/s x{x('requests_per_s')}, p95 x{x('p95_ms')}, "
            f"p99 x{x('p99_ms')}" + (" (sums over the rounds)" if args.rounds > 1 else "")
        )
    print(
        "\nreq/s, fail, p50..p99: Locust's Aggregated row (OCPP exchanges either way; "
        "statistics reset at spawning complete). Locust %, server %: share of one core from "
        "spawning complete to the time limit (all threads); "
        "other %: the rest of the machine, not this run. req/cpu-s: requests per second of "
        "Locust CPU; stn/core: stations one Locust core carries at this pace "
        f"(users / Locust cores). Load average at the end: {loadavg()}."
    )
    busy = [r for r in runs if (r.server_cpu_pct or 0) > 90]
    if busy:
        print(
            "WARNING: the server used over 90 % of a core in "
            f"{len(busy)} of {len(runs)} runs: it may be the bottleneck (try --server ocpp-lib)."
        )
    slow = [r for r in runs if (r.p50_ms or 0) > 100]
    if slow:
        print(
            f"WARNING: median answer over 100 ms in {len(slow)} of {len(runs)} runs: the "
            "server (or its disk) or a saturated Locust process sets the pace, so the "
            "stations send less than their plan asks (compare req/s; try --server ocpp-lib)."
        )
    disturbed = [r for r in runs if (r.other_cpu_pct or 0) > 20]
    if disturbed:
        worst = max(r.other_cpu_pct or 0 for r in disturbed)
        print(
            f"WARNING: other processes used up to {worst:.0f} % of a core during "
            f"{len(disturbed)} of {len(runs)} windows ({cores} cores here): the figures are "
            "disturbed."
        )
    return {
        "args": vars(args),
        "machine": {
            "cores": cores,
            "python": platform.python_version(),
            "busy_before_pct_of_core": background,
        },
        "setup": setup,
        "runs": [asdict(r) for r in runs],
        "by_mode": by_mode,
        "greenlet_over_thread": ratio,
    }


def main() -> None:
    """Parse the options; run the benchmark within its time limit."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=200, help="stations (Locust users) [200]")
    parser.add_argument(
        "--spawn-rate",
        type=float,
        help="users started per s [users / (session + idle seconds), at least 1]",
    )
    parser.add_argument("--seconds", type=float, default=30, help="steady window [30]")
    parser.add_argument("--modes", type=csv_list(MODES), default=list(MODES), help=",".join(MODES))
    parser.add_argument("--rounds", type=int, default=1, help="runs per mode, alternating [1]")
    parser.add_argument("--server", choices=SERVERS, default="csms", help="[csms]")
    parser.add_argument("--session-seconds", type=float, default=5, help="charging [5]")
    parser.add_argument("--idle-seconds", type=float, default=1, help="between sessions [1]")
    parser.add_argument("--meter-interval", type=int, default=1, help="s between samples [1]")
    parser.add_argument(
        "--validation", choices=["full", "sampled", "off"], default="sampled", help="[sampled]"
    )
    parser.add_argument(
        "--register-concurrency", type=int, default=8, help="admin API requests at once [8]"
    )
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument(
        "--keep", type=Path, help="keep the server's and Locust's logs and CSVs in this directory"
    )
    args = parser.parse_args()
    if args.users < 1 or args.seconds <= 0 or args.rounds < 1 or (args.spawn_rate or 1) <= 0:
        parser.error("--users, --seconds, --spawn-rate and --rounds must be positive")
    limit = SETUP_LIMIT_S + len(args.modes) * args.rounds * (run_time(args) + RUN_SLACK_S + 30)

    run_to_the_end(run, args, stopped="the server and Locust stopped", limit=limit)


if __name__ == "__main__":
    main()
