"""Side-by-side benchmark (issue 7): the same OCPP 1.6 load generator, in one run, against

  csms-sqlite  our CSMS, full persistence on a SQLite file (``python -m csms csms``);
  csms-pg      our CSMS on a fresh PostgreSQL database (skipped, with a note, if unreachable);
  ocpp-lib     a bare central system written with the `ocpp` library, library defaults
               (jsonschema validation in a thread pool), no persistence
               (loadtests/baselines/ocpp_lib_csms.py);
  echo         a WebSocket server answering every CALL with a CALLRESULT built without
               parsing JSON, the transport limit (loadtests/baselines/echo_server.py).

Every server is its own process on loopback and the generator runs in other processes
(``--generators`` of them, the connections split between them), so the server's CPU is
read from /proc/<pid>/stat over the measurement window. Workloads are closed loops: each
connection (one station) has one CALL outstanding at a time, as OCPP allows:

  heartbeat    Heartbeat after Heartbeat;
  meter        ten-sample MeterValues inside a transaction started beforehand;
  session      Authorize, StartTransaction, 10 MeterValues, StopTransaction, again.

Printed per server and workload: OCPP calls/s, sessions/s, p50/p95/p99 latency, server CPU
(% of one core) and RSS, generator CPU, and the ratio of calls/s to the bare library server
and to the echo limit. For our CSMS the stations (and one idTag each) are registered through
the admin API first; registration hashes each password (PBKDF2) and the first connect of
each station verifies it, so both are timed and printed, not hidden. The CSMS runs with the
CLI's defaults (SQLite synchronous=FULL); EVH_* variables in the environment reach it.

    .venv/bin/python loadtests/bench.py --stations 20 --seconds 3          # smoke test
    .venv/bin/python loadtests/bench.py --stations 500 --seconds 20 --generators 2 \\
        --json bench.json
    .venv/bin/python loadtests/bench.py --targets ocpp-lib,echo --workloads heartbeat

Bounded: loopback only, every phase has a time limit, the run stops by itself; servers and
generators are killed at exit, also on Ctrl-C. Prints figures and ratios, never asserts them.
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import base64
import contextlib
import json
import math
import os
import platform
import re
import signal
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import orjson

from csms.oslimits import raise_open_files_limit
from ocppj.versions import OcppVersion
from simulator.wsclient import connect as ws_connect
from simulator.wsclient import frame as ws_frame

THIS = Path(__file__).resolve()
ROOT = THIS.parents[1]

TARGETS = ("csms-sqlite", "csms-pg", "ocpp-lib", "echo")
WORKLOADS = ("heartbeat", "meter", "session")
ADMIN_TOKEN = "evh_bench_admin_token_0123456789abcdef"
PASSWORD = "bench-station-password-01"  # 16 to 40 characters, as OCPP asks
PREFIX = "BENCH-"
DEFAULT_PG_DSN = os.environ.get("EVH_TEST_PG_DSN", "postgresql://postgres@127.0.0.1:5432/postgres")
READY = re.compile(rb"EVH_READY ocpp=(\d+) http=(\d+)")
CLK_TCK = os.sysconf("SC_CLK_TCK")
SESSION_CALLS = 13  # Authorize, StartTransaction, 10 MeterValues, StopTransaction

# Latency histogram: logarithmic buckets 2 % wide from 1 microsecond, so generators send a
# few hundred integers instead of every sample, and percentiles are within 1 %.
_BUCKET_BASE = math.log(1.02)


def bucket(seconds: float) -> int:
    """The histogram bucket of a latency."""
    return int(math.log(seconds * 1e6) / _BUCKET_BASE) if seconds > 1e-6 else 0


def bucket_value(index: int) -> float:
    """The middle of a bucket, in seconds."""
    return 1e-6 * math.exp((index + 0.5) * _BUCKET_BASE)


def percentiles(hist: dict[int, int], points: Sequence[float]) -> list[float | None]:
    """Latency percentiles (seconds) of a histogram; None where it is empty."""
    total = sum(hist.values())
    if not total:
        return [None for _ in points]
    out: list[float | None] = []
    for point in points:
        rank, seen = point * total, 0
        for index in sorted(hist):
            seen += hist[index]
            if seen >= rank:
                out.append(bucket_value(index))
                break
    return out


def merge(hists: Iterable[dict[int, int]]) -> dict[int, int]:
    """The sum of several histograms."""
    total: Counter[int] = Counter()
    for hist in hists:
        total.update(hist)
    return dict(total)


# ---------------------------------------------------------------------------------------
# The generator (a separate process: bench.py --worker SPEC)
# ---------------------------------------------------------------------------------------


def iso_now() -> str:
    """UTC now, millisecond precision, as OCPP writes times."""
    now = time.time()
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(now)) + f".{int(now % 1 * 1000):03d}Z"


def meter_values(transaction_id: int, register_wh: int) -> dict[str, Any]:
    """A 1.6 MeterValues payload with ten sampled values (energy register first)."""
    samples: list[dict[str, str]] = [
        {"value": str(register_wh), "measurand": "Energy.Active.Import.Register", "unit": "Wh"},
        {"value": "11040", "measurand": "Power.Active.Import", "unit": "W"},
    ]
    for phase in ("L1", "L2", "L3"):
        samples.append(
            {"value": "16.0", "measurand": "Current.Import", "phase": phase, "unit": "A"}
        )
    for phase in ("L1-N", "L2-N", "L3-N"):
        samples.append({"value": "230.1", "measurand": "Voltage", "phase": phase, "unit": "V"})
    samples.append({"value": "42", "measurand": "SoC", "unit": "Percent"})
    samples.append({"value": "31.5", "measurand": "Temperature", "unit": "Celsius"})
    for sample in samples:
        sample["context"] = "Sample.Periodic"
    return {
        "connectorId": 1,
        "transactionId": transaction_id,
        "meterValue": [{"timestamp": iso_now(), "sampledValue": samples}],
    }


class CallFailed(Exception):
    """The server answered a CALL with a CALLERROR."""


@dataclass
class WindowStats:
    """What one generator saw inside the measurement window (and errors at any time)."""

    start: float = 0.0  # perf_counter bounds of the window
    end: float = 0.0
    calls: int = 0
    sessions: int = 0
    hist: Counter[int] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    server_calls: int = 0  # CALLs the server sent to a station (answered NotSupported)

    def record(self, sent: float, done: float) -> None:
        """Count a call answered inside the window, with its latency."""
        if self.start <= done < self.end:
            self.calls += 1
            self.hist[bucket(done - sent)] += 1


class Link:
    """One station's connection: one CALL outstanding at a time."""

    __slots__ = ("future", "loop", "register", "seq", "sid", "stats", "timeout", "uid", "ws")

    def __init__(self, sid: str, stats: WindowStats, timeout: float) -> None:
        self.sid = sid
        self.stats = stats
        self.timeout = timeout
        self.loop = asyncio.get_running_loop()
        self.future: asyncio.Future[list[Any]] | None = None
        self.uid = ""
        self.seq = 0
        self.register = 0  # Wh on the energy register, rising
        self.ws: Any = None

    async def open(self, url: str, local_address: str | None, timeout: float) -> None:
        """Connect with Basic auth and subprotocol ocpp1.6 (simulator.wsclient)."""
        auth = base64.b64encode(f"{self.sid}:{PASSWORD}".encode()).decode()
        self.ws = await ws_connect(
            f"{url}/{self.sid}",
            subprotocol=OcppVersion.V16.subprotocol,
            headers={"Authorization": f"Basic {auth}"},
            timeout=timeout,
            local_address=local_address,
        )
        self.ws.on_message = self.on_message
        self.ws.closed.add_done_callback(self._closed)
        for text in self.ws.take_early():
            self.on_message(text)

    def on_message(self, text: str) -> None:
        """An answer completes the pending call; a CALL from the server is declined."""
        try:
            msg = orjson.loads(text)
        except orjson.JSONDecodeError:
            msg = None
        if not isinstance(msg, list) or len(msg) < 3:
            self.stats.errors["not an OCPP-J message"] += 1
            return
        if msg[0] == 2:  # the server asks something: not part of the benchmark
            self.stats.server_calls += 1
            with contextlib.suppress(ConnectionError):
                self._write(orjson.dumps([4, msg[1], "NotSupported", "bench generator", {}]))
            return
        future = self.future
        if future is not None and msg[1] == self.uid and not future.done():
            future.set_result(msg)

    def _closed(self, _: asyncio.Future[None]) -> None:
        """The connection is gone: the pending call fails."""
        if self.future is not None and not self.future.done():
            self.future.set_exception(ConnectionError("connection closed"))

    def _write(self, data: bytes) -> None:
        """Send one text frame (already JSON-encoded bytes)."""
        transport = self.ws.transport
        if transport is None or transport.is_closing():
            raise ConnectionError("connection closed")
        transport.write(ws_frame(0x1, data))

    async def call(self, action: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Send one CALL and wait for its answer's payload (CallFailed on a CALLERROR,
        TimeoutError, ConnectionError)."""
        self.seq += 1
        uid = self.uid = str(self.seq)
        future = self.future = self.loop.create_future()
        self._write(orjson.dumps([2, uid, action, payload]))
        timer = self.loop.call_later(self.timeout, _expire, future)
        try:
            msg = await future
        finally:
            timer.cancel()
            self.future = None
        if msg[0] == 4:
            raise CallFailed(f"{action}: CALLERROR {msg[2]}")
        answer = msg[2] if len(msg) > 2 else None
        return answer if isinstance(answer, dict) else {}

    async def timed(self, action: str, payload: dict[str, Any]) -> dict[str, Any]:
        """A call whose latency counts if its answer comes inside the window."""
        sent = time.perf_counter()
        answer = await self.call(action, payload)
        self.stats.record(sent, time.perf_counter())
        status = (answer.get("idTagInfo") or {}).get("status")
        if status not in (None, "Accepted"):
            self.stats.errors[f"{action}: idTagInfo {status}"] += 1
        return answer

    async def setup(self, workload: str) -> int | None:
        """Boot, report the connector Available; for ``meter``, start the transaction."""
        await self.call(
            "BootNotification", {"chargePointVendor": "evharness", "chargePointModel": "bench"}
        )
        await self.call(
            "StatusNotification",
            {"connectorId": 1, "errorCode": "NoError", "status": "Available"},
        )
        if workload == "meter":
            return await self.start_transaction(timed=False)
        return None

    async def start_transaction(self, *, timed: bool) -> int:
        """StartTransaction at the current register; the transaction id (0 if none given)."""
        payload = {
            "connectorId": 1,
            "idTag": self.sid,
            "meterStart": self.register,
            "timestamp": iso_now(),
        }
        answer = await (self.timed if timed else self.call)("StartTransaction", payload)
        return int(answer.get("transactionId", 0))

    async def stop_transaction(self, transaction_id: int, *, timed: bool) -> None:
        """StopTransaction at the current register."""
        payload = {
            "transactionId": transaction_id,
            "idTag": self.sid,
            "meterStop": self.register,
            "timestamp": iso_now(),
            "reason": "Local",
        }
        await (self.timed if timed else self.call)("StopTransaction", payload)

    async def run(self, workload: str, transaction_id: int | None) -> None:
        """The closed loop until the window ends; a session under way is finished (its
        calls after the window do not count), a meter workload's transaction stopped."""
        end = self.stats.end
        try:
            if workload == "heartbeat":
                while time.perf_counter() < end:
                    await self.timed("Heartbeat", {})
            elif workload == "meter":
                assert transaction_id is not None
                while time.perf_counter() < end:
                    self.register += 10
                    await self.timed("MeterValues", meter_values(transaction_id, self.register))
                await self.stop_transaction(transaction_id, timed=False)
            else:
                while time.perf_counter() < end:
                    await self.timed("Authorize", {"idTag": self.sid})
                    tx = await self.start_transaction(timed=True)
                    for _ in range(10):
                        self.register += 10
                        await self.timed("MeterValues", meter_values(tx, self.register))
                    await self.stop_transaction(tx, timed=True)
                    if self.stats.start <= time.perf_counter() < end:
                        self.stats.sessions += 1
        except CallFailed as error:
            self.stats.errors[str(error)] += 1
        except TimeoutError:
            self.stats.errors["timeout"] += 1
        except ConnectionError:
            self.stats.errors["disconnected"] += 1

    async def close(self) -> None:
        """Closing handshake, then drop the connection if the server does not answer."""
        if self.ws is not None and self.ws.transport is not None:
            self.ws.close()
            try:
                async with asyncio.timeout(3):
                    await self.ws.closed
            except TimeoutError:
                self.ws.abort()


def _expire(future: asyncio.Future[list[Any]]) -> None:
    """The answer did not come within the call timeout."""
    if not future.done():
        future.set_exception(TimeoutError())


def emit(event: dict[str, Any]) -> None:
    """One JSON line to the orchestrator."""
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


async def worker(spec: dict[str, Any]) -> None:
    """Connect this generator's stations, wait for GO, run the window, report, exit."""
    raise_open_files_limit()
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    stats = WindowStats()
    workload = spec["workload"]
    numbers = range(spec["first"], spec["stop"], spec["step"])
    links = [Link(f"{PREFIX}{n:05d}", stats, spec["call_timeout"]) for n in numbers]
    gate = asyncio.Semaphore(spec["connect_concurrency"])
    addresses = spec["source_addresses"]
    connect_hist: Counter[int] = Counter()
    setup_errors: Counter[str] = Counter()

    async def prepare(i: int, link: Link) -> tuple[Link, int | None] | None:
        local = f"127.0.0.{1 + i % addresses}" if addresses > 1 else None
        try:
            async with gate:
                began = time.perf_counter()
                await link.open(spec["url"], local, spec["connect_timeout"])
                connect_hist[bucket(time.perf_counter() - began)] += 1
            return link, await link.setup(workload)
        except Exception as error:  # reported, the run goes on with the others
            setup_errors[f"{type(error).__name__}: {str(error)[:80]}"] += 1
            await link.close()
            return None

    began = time.perf_counter()
    prepared = await asyncio.gather(*(prepare(n, link) for n, link in enumerate(links)))
    ready = [p for p in prepared if p is not None]
    emit(
        {
            "event": "ready",
            "connected": len(ready),
            "failed": len(links) - len(ready),
            "setup_s": time.perf_counter() - began,
            "connect_hist": dict(connect_hist),
            "setup_errors": dict(setup_errors.most_common(5)),
        }
    )
    line = (await reader.readline()).split()
    if not line or line[0] != b"GO":
        return
    t_start, t_end = float(line[1]), float(line[2])
    offset = time.perf_counter() - time.time()
    stats.start, stats.end = t_start + offset, t_end + offset

    async def orphaned() -> None:  # the orchestrator died: do not outlive it
        await reader.read()
        os._exit(3)

    watchdog = asyncio.create_task(orphaned())
    await asyncio.gather(*(link.run(workload, tx) for link, tx in ready))
    drained = time.perf_counter()
    await asyncio.gather(*(link.close() for link, _ in ready))
    emit(
        {
            "event": "result",
            "calls": stats.calls,
            "sessions": stats.sessions,
            "hist": dict(stats.hist),
            "errors": dict(stats.errors),
            "server_calls": stats.server_calls,
            "drain_s": drained - stats.end,
        }
    )
    watchdog.cancel()


# ---------------------------------------------------------------------------------------
# The orchestrator: servers, registration, generators, CPU and memory, the report
# ---------------------------------------------------------------------------------------

_children: dict[int, str] = {}  # pid -> role, every process this run started


def _kill_leftovers() -> None:
    """At interpreter exit: SIGKILL anything of ours still running (its own group)."""
    for pid in list(_children):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)
    _children.clear()


atexit.register(_kill_leftovers)


def cpu_ticks(pid: int) -> int | None:
    """utime + stime of a process (all its threads), in clock ticks."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None
    return int(fields[11]) + int(fields[12])  # fields 14 and 15 of proc(5)


def machine_busy_ticks() -> int:
    """Busy CPU time of the whole machine (all cores, every process), in clock ticks."""
    with open("/proc/stat") as f:
        user, nice, system, _idle, _iowait, irq, softirq, steal = map(
            int, f.readline().split()[1:9]
        )
    return user + nice + system + irq + softirq + steal


def memory_kib(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak) of a process, KiB."""
    out = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(("VmRSS:", "VmHWM:")):
                    out[line[:5]] = int(line.split()[1])
    except FileNotFoundError:
        pass
    return out


def loadavg() -> str:
    """The 1, 5 and 15 minute load averages (the machine may be busy with other work)."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


async def stop_process(proc: asyncio.subprocess.Process, *, grace: float) -> None:
    """SIGTERM, then SIGKILL after ``grace`` seconds; forget the pid."""
    if proc.returncode is None:
        for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 10.0)):
            try:
                os.killpg(proc.pid, sig)
            except ProcessLookupError:
                break
            try:
                await asyncio.wait_for(proc.wait(), wait)
                break
            except TimeoutError:
                continue
    _children.pop(proc.pid, None)


@dataclass
class Server:
    """One server under test, a process of its own started by this run."""

    name: str
    argv: list[str]
    workdir: Path
    env: dict[str, str] = field(default_factory=dict)
    proc: asyncio.subprocess.Process | None = None
    ocpp_port: int = 0
    http_port: int = 0
    start_s: float = 0.0

    @property
    def url(self) -> str:
        """Where stations connect (the station id is appended)."""
        return f"ws://127.0.0.1:{self.ocpp_port}/ocpp"

    @property
    def pid(self) -> int:
        """The server's process id."""
        assert self.proc is not None
        return self.proc.pid

    def tail(self) -> str:
        """The end of the server's output files, for a failure message."""
        parts = []
        for suffix in ("out", "err"):
            path = self.workdir / f"{self.name}.{suffix}"
            if path.exists():
                parts.append(path.read_text(errors="replace")[-2000:])
        return "\n".join(parts)

    async def start(self, timeout: float = 90) -> None:
        """Start the process and wait for its EVH_READY line (ports chosen by the OS)."""
        out = self.workdir / f"{self.name}.out"
        env = {**os.environ, "PYTHONPATH": str(ROOT), **self.env}
        with out.open("wb") as stdout, (self.workdir / f"{self.name}.err").open("wb") as stderr:
            began = time.perf_counter()
            self.proc = await asyncio.create_subprocess_exec(
                *self.argv,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=stdout,
                stderr=stderr,
                cwd=self.workdir,
                env=env,
                start_new_session=True,  # Ctrl-C reaches us only; we stop it ourselves
            )
        _children[self.proc.pid] = self.name
        deadline = time.monotonic() + timeout
        while True:
            ready = READY.search(out.read_bytes())
            if ready:
                self.ocpp_port, self.http_port = int(ready[1]), int(ready[2])
                self.start_s = time.perf_counter() - began
                return
            if self.proc.returncode is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    f"{self.name} did not get ready (exit {self.proc.returncode}):\n{self.tail()}"
                )
            await asyncio.sleep(0.05)

    async def stop(self) -> None:
        """SIGTERM (a clean shutdown), SIGKILL if it does not stop."""
        if self.proc is not None:
            await stop_process(self.proc, grace=20)


@dataclass
class Result:
    """One server x workload."""

    target: str
    workload: str
    stations: int
    connected: int = 0
    connect_failed: int = 0
    setup_s: float = 0.0
    connect_p50_ms: float | None = None
    connect_p99_ms: float | None = None
    window_s: float = 0.0
    calls: int = 0
    calls_per_s: float = 0.0
    sessions: int = 0
    sessions_per_s: float | None = None
    p50_ms: float | None = None
    p95_ms: float | None = None
    p99_ms: float | None = None
    server_cpu_pct: float | None = None
    db_cpu_pct: float | None = None
    other_cpu_pct: float | None = None  # everything else on the machine: not ours
    server_rss_mib: float | None = None
    server_peak_rss_mib: float | None = None
    generator_cpu_pct: list[float] = field(default_factory=list)
    calls_per_core_s: float | None = None
    errors: dict[str, int] = field(default_factory=dict)
    setup_errors: dict[str, int] = field(default_factory=dict)
    server_calls: int = 0
    drain_s: float = 0.0
    vs_ocpp_lib: float | None = None
    vs_echo: float | None = None


def ms(seconds: float | None) -> float | None:
    """Seconds to milliseconds, rounded for the report."""
    return None if seconds is None else round(seconds * 1e3, 2)


class Generators:
    """``count`` generator processes for one workload, the stations split between them."""

    def __init__(self, args: argparse.Namespace, server: Server, workload: str) -> None:
        self.args = args
        self.server = server
        self.workload = workload
        self.procs: list[asyncio.subprocess.Process] = []

    async def start(self) -> list[dict[str, Any]]:
        """Spawn them and wait until each has connected and set up its stations."""
        args = self.args
        count = max(1, min(args.generators, args.stations))
        per_gen_gate = max(1, args.connect_concurrency // count)
        for g in range(count):
            spec = {
                "url": self.server.url,
                "workload": self.workload,
                "first": g,  # stations g, g + count, g + 2 count... below stop
                "step": count,
                "stop": args.stations,
                "connect_concurrency": per_gen_gate,
                "connect_timeout": args.connect_timeout,
                "call_timeout": args.call_timeout,
                "source_addresses": args.source_addresses,
            }
            err = self.server.workdir / f"generator-{self.workload}-{g}.err"
            with err.open("wb") as stderr:
                proc = await asyncio.create_subprocess_exec(
                    sys.executable,
                    str(THIS),
                    "--worker",
                    json.dumps(spec),
                    stdin=asyncio.subprocess.PIPE,
                    stdout=asyncio.subprocess.PIPE,
                    stderr=stderr,
                    cwd=self.server.workdir,
                    env={**os.environ, "PYTHONPATH": str(ROOT)},
                    start_new_session=True,
                    limit=2**24,
                )
            _children[proc.pid] = f"generator {g}"
            self.procs.append(proc)
        # PBKDF2 on first connects is CPU-bound on the server: allow for it.
        limit = args.connect_timeout + 60 + 0.2 * args.stations
        return await asyncio.gather(*(self._event(p, "ready", limit) for p in self.procs))

    async def _event(
        self, proc: asyncio.subprocess.Process, name: str, timeout: float
    ) -> dict[str, Any]:
        """The next JSON line named ``name`` from a generator."""
        assert proc.stdout is not None
        async with asyncio.timeout(timeout):
            while True:
                line = await proc.stdout.readline()
                if not line:
                    raise RuntimeError(f"a generator exited before '{name}' (see its .err file)")
                try:
                    event = json.loads(line)
                except ValueError:
                    continue
                if event.get("event") == name:
                    return event

    def go(self, t_start: float, t_end: float) -> None:
        """Tell every generator the window (epoch seconds); they start at once (warm-up)."""
        for proc in self.procs:
            assert proc.stdin is not None
            proc.stdin.write(f"GO {t_start} {t_end}\n".encode())

    async def results(self) -> list[dict[str, Any]]:
        """Each generator's figures, once it has finished and closed its connections."""
        limit = self.args.call_timeout * 2 + 60
        events = await asyncio.gather(*(self._event(p, "result", limit) for p in self.procs))
        for proc in self.procs:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(proc.wait(), 10)
        return events

    async def stop(self) -> None:
        """Close their stdin (they exit), then SIGTERM and SIGKILL any still running."""
        for proc in self.procs:
            if proc.stdin is not None and not proc.stdin.is_closing():
                proc.stdin.close()
            await stop_process(proc, grace=2)


async def pg_backends(dsn: str, database: str) -> list[int]:
    """Pids of the PostgreSQL backends serving ``database`` (local server only)."""
    import asyncpg  # type: ignore[import-untyped]  # ships no type information

    conn = await asyncpg.connect(dsn, timeout=5)
    try:
        rows = await conn.fetch("SELECT pid FROM pg_stat_activity WHERE datname = $1", database)
    finally:
        await conn.close()
    return [row["pid"] for row in rows]


async def run_workload(
    args: argparse.Namespace, server: Server, workload: str, pg: tuple[str, str] | None
) -> Result:
    """Generators connect, everyone starts together, CPU and memory are read over the
    window, the generators report."""
    result = Result(server.name, workload, args.stations)
    gens = Generators(args, server, workload)
    try:
        ready = await gens.start()
        result.connected = sum(e["connected"] for e in ready)
        result.connect_failed = sum(e["failed"] for e in ready)
        result.setup_s = max(e["setup_s"] for e in ready)
        setup_errors: Counter[str] = Counter()
        for e in ready:
            setup_errors.update(e["setup_errors"])
        result.setup_errors = dict(setup_errors)
        p50, p99 = percentiles(
            merge({int(k): v for k, v in e["connect_hist"].items()} for e in ready), (0.5, 0.99)
        )
        result.connect_p50_ms, result.connect_p99_ms = ms(p50), ms(p99)
        if not result.connected:
            return result

        t_start = time.time() + 0.2 + args.warmup
        t_end = t_start + args.seconds
        gens.go(t_start, t_end)
        db_pids = await pg_backends(*pg) if pg else []
        await asyncio.sleep(max(0.0, t_start - time.time()))
        wall0 = time.perf_counter()
        server0 = cpu_ticks(server.pid)
        gen0 = [cpu_ticks(p.pid) for p in gens.procs]
        db0 = {pid: cpu_ticks(pid) for pid in db_pids}
        machine0 = machine_busy_ticks()
        await asyncio.sleep(max(0.0, t_end - time.time()))
        wall = time.perf_counter() - wall0
        server1 = cpu_ticks(server.pid)
        gen1 = [cpu_ticks(p.pid) for p in gens.procs]
        db1 = {pid: cpu_ticks(pid) for pid in db_pids}
        machine1 = machine_busy_ticks()
        memory = memory_kib(server.pid)

        def pct(before: int | None, after: int | None) -> float | None:
            if before is None or after is None:
                return None
            return round((after - before) / CLK_TCK / wall * 100, 1)

        result.server_cpu_pct = pct(server0, server1)
        result.generator_cpu_pct = [pct(a, b) or 0.0 for a, b in zip(gen0, gen1, strict=True)]
        if pg:
            result.db_cpu_pct = round(sum(pct(db0[pid], db1[pid]) or 0.0 for pid in db_pids), 1)
        ours = (
            (result.server_cpu_pct or 0.0)
            + sum(result.generator_cpu_pct)
            + (result.db_cpu_pct or 0.0)
        )
        result.other_cpu_pct = round(max(0.0, (pct(machine0, machine1) or 0.0) - ours), 1)
        result.server_rss_mib = round(memory.get("VmRSS", 0) / 1024, 1)
        result.server_peak_rss_mib = round(memory.get("VmHWM", 0) / 1024, 1)

        done = await gens.results()
        result.window_s = args.seconds
        result.calls = sum(e["calls"] for e in done)
        result.calls_per_s = round(result.calls / args.seconds, 1)
        if workload == "session":
            result.sessions = sum(e["sessions"] for e in done)
            result.sessions_per_s = round(result.sessions / args.seconds, 2)
        hist = merge({int(k): v for k, v in e["hist"].items()} for e in done)
        result.p50_ms, result.p95_ms, result.p99_ms = (
            ms(p) for p in percentiles(hist, (0.5, 0.95, 0.99))
        )
        errors: Counter[str] = Counter()
        for e in done:
            errors.update(e["errors"])
        result.errors = dict(errors)
        result.server_calls = sum(e["server_calls"] for e in done)
        result.drain_s = round(max(e["drain_s"] for e in done), 2)
        cpu = (result.server_cpu_pct or 0.0) + (result.db_cpu_pct or 0.0)
        if cpu > 0:
            result.calls_per_core_s = round(result.calls_per_s / (cpu / 100), 1)
        return result
    finally:
        await gens.stop()


async def register(
    args: argparse.Namespace,
    server: Server,
    ids: Sequence[str] | None = None,
    tokens: Sequence[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Register every station (password: PBKDF2 on the server) and one idTag per station
    through the admin API; returns how long each part took. ``ids`` and ``tokens`` (bodies
    of POST /api/v1/tokens) replace this benchmark's own (bench_locust_bridge.py)."""
    import httpx

    gate = asyncio.Semaphore(args.register_concurrency)
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{server.http_port}",
        headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
        timeout=120,
    ) as api:

        async def post(path: str, body: dict[str, Any]) -> None:
            async with gate:
                answer = await api.post(path, json=body)
            if answer.status_code != 201:
                raise RuntimeError(f"POST {path} {body}: {answer.status_code} {answer.text}")

        if ids is None:
            ids = [f"{PREFIX}{n:05d}" for n in range(args.stations)]
        if tokens is None:
            tokens = [{"value": sid} for sid in ids]
        began = time.perf_counter()
        await asyncio.gather(
            *(post("/api/v1/stations", {"id": sid, "password": PASSWORD}) for sid in ids)
        )
        stations_s = time.perf_counter() - began
        began = time.perf_counter()
        await asyncio.gather(*(post("/api/v1/tokens", body) for body in tokens))
        tokens_s = time.perf_counter() - began
    return {
        "stations_s": round(stations_s, 2),
        "ms_per_station": round(stations_s / len(ids) * 1e3, 2),
        "tokens_s": round(tokens_s, 2),
        "concurrency": args.register_concurrency,
    }


async def fresh_pg_database(dsn: str) -> str | None:
    """Create an empty database; its name, or None (with a note) if PostgreSQL is not there."""
    import asyncpg

    name = f"evh_bench_{uuid.uuid4().hex[:12]}"
    try:
        admin = await asyncpg.connect(dsn, timeout=5)
    except (OSError, asyncpg.PostgresError) as exc:
        print(f"csms-pg: skipped, PostgreSQL unreachable at {dsn.split('@')[-1]} ({exc})")
        return None
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return name


async def drop_pg_database(dsn: str, name: str) -> None:
    """Drop the run's database, whoever is still connected to it."""
    import asyncpg

    admin = await asyncpg.connect(dsn, timeout=5)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


def server_for(target: str, workdir: Path, db_url: str | None) -> Server:
    """How each target is started."""
    python = sys.executable
    if target.startswith("csms"):
        assert db_url is not None
        argv = [python, "-m", "csms", "csms", "--db", db_url, "--ocpp-port", "0"]
        argv += ["--http-port", "0"]
        return Server(target, argv, workdir, env={"EVH_ADMIN_TOKEN": ADMIN_TOKEN})
    script = "ocpp_lib_csms.py" if target == "ocpp-lib" else "echo_server.py"
    return Server(target, [python, str(ROOT / "loadtests" / "baselines" / script)], workdir)


def figure(value: float | None, spec: str = ".1f") -> str:
    """A figure for a table; "-" where there is none."""
    return "-" if value is None else format(value, spec)


def line(r: Result) -> str:
    """One result as a table row."""
    gen = "/".join(f"{g:.0f}" for g in r.generator_cpu_pct) or "-"
    errors = sum(r.errors.values())
    return (
        f"{r.target:<12}{r.calls_per_s:>10.0f}{figure(r.sessions_per_s, '.1f'):>8}"
        f"{figure(r.p50_ms, '.1f'):>8}{figure(r.p95_ms, '.1f'):>8}{figure(r.p99_ms, '.1f'):>8}"
        f"{figure(r.server_cpu_pct, '.0f'):>7}{figure(r.db_cpu_pct, '.0f'):>6}"
        f"{figure(r.server_rss_mib, '.0f'):>9}{figure(r.calls_per_core_s, '.0f'):>11}{gen:>9}"
        f"{figure(r.other_cpu_pct, '.0f'):>8}"
        f"{errors:>8}{figure(r.vs_ocpp_lib, '.2f'):>7}{figure(r.vs_echo, '.2f'):>8}"
    )


HEADER = (
    f"{'server':<12}{'calls/s':>10}{'sess/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}"
    f"{'CPU %':>7}{'db %':>6}{'RSS MiB':>9}{'calls/cpu':>11}{'gen %':>9}{'other %':>8}"
    f"{'errors':>8}{'x lib':>7}{'x echo':>8}"
)


async def run(args: argparse.Namespace) -> dict[str, Any]:
    """Every target in turn, every workload on it; prints as it goes, then the tables. Returns
    the figures for --json."""
    raise_open_files_limit()
    cores = os.cpu_count() or 1
    before = machine_busy_ticks()
    await asyncio.sleep(1)
    background = round((machine_busy_ticks() - before) / CLK_TCK * 100, 1)
    print(
        f"bench: {args.stations} stations, {args.seconds:g} s window (+{args.warmup:g} s "
        f"warm-up), workloads {','.join(args.workloads)}, {args.generators} generator "
        f"process(es); {cores} cores, load average {loadavg()}, Python {platform.python_version()}"
    )
    print(f"machine busy before the run: {background} % of a core (other work; 0 is ideal)")
    results: list[Result] = []
    setups: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="evh-bench-") as tmp:
        for target in args.targets:
            workdir = Path(tmp) / target
            workdir.mkdir()
            pg_name: str | None = None
            db_url: str | None = None
            if target == "csms-sqlite":
                db_url = f"sqlite+aiosqlite:///{workdir / 'csms.db'}"
            elif target == "csms-pg":
                pg_name = await fresh_pg_database(args.pg_dsn)
                if pg_name is None:
                    setups[target] = {"skipped": "PostgreSQL unreachable"}
                    continue
                base = args.pg_dsn.rsplit("/", 1)[0]
                db_url = base.replace("postgresql://", "postgresql+asyncpg://", 1) + f"/{pg_name}"
            server = server_for(target, workdir, db_url)
            setup: dict[str, Any] = {}
            setups[target] = setup
            try:
                await server.start()
                setup["start_s"] = round(server.start_s, 2)
                print(f"\n{target}: ready in {server.start_s:.1f} s (pid {server.pid})")
                if target.startswith("csms"):
                    print(f"  registering {args.stations} stations...", flush=True)
                    setup["registration"] = reg = await register(args, server)
                    print(
                        f"  registered {args.stations} stations in {reg['stations_s']:.2f} s "
                        f"({reg['ms_per_station']:.1f} ms each, PBKDF2 on the server, "
                        f"{reg['concurrency']} requests at a time); "
                        f"{args.stations} idTags in {reg['tokens_s']:.2f} s"
                    )
                local_pg = pg_name is not None and re.search(
                    r"@(127\.0\.0\.1|localhost)[:/]", args.pg_dsn
                )
                pg = (args.pg_dsn, pg_name) if local_pg and pg_name else None
                for n, workload in enumerate(args.workloads):
                    if n:
                        await asyncio.sleep(1)  # let the previous connections close
                    print(f"  {workload:<9} connecting {args.stations} stations...", flush=True)
                    r = await run_workload(args, server, workload, pg)
                    results.append(r)
                    kind = "first connects" if n == 0 else "reconnects"
                    print(
                        f"  {workload:<9} {kind}: {r.connected}/{r.stations} stations connected "
                        f"and set up in {r.setup_s:.2f} s (handshake p50 "
                        f"{r.connect_p50_ms} ms, p99 {r.connect_p99_ms} ms)"
                        + (f", failures {r.setup_errors}" if r.setup_errors else "")
                    )
                    print(
                        f"  {workload:<9} {r.calls_per_s:.0f} calls/s"
                        + (f", {r.sessions_per_s} sessions/s" if r.sessions_per_s else "")
                        + f", p99 {r.p99_ms} ms, server CPU {r.server_cpu_pct} %"
                        + f" (generators {'/'.join(map(str, r.generator_cpu_pct))} %, "
                        f"other processes {r.other_cpu_pct} % of a core)"
                        + (f", errors {r.errors}" if r.errors else "")
                    )
            except Exception as exc:
                print(f"{target}: failed: {exc}")
                setup["failed"] = str(exc)[:2000]
            finally:
                await server.stop()
                if pg_name is not None:
                    await drop_pg_database(args.pg_dsn, pg_name)

    by_key = {(r.target, r.workload): r for r in results}
    for r in results:
        lib = by_key.get(("ocpp-lib", r.workload))
        echo = by_key.get(("echo", r.workload))
        if lib and lib.calls_per_s:
            r.vs_ocpp_lib = round(r.calls_per_s / lib.calls_per_s, 2)
        if echo and echo.calls_per_s:
            r.vs_echo = round(r.calls_per_s / echo.calls_per_s, 2)
    for workload in args.workloads:
        rows = [r for r in results if r.workload == workload]
        if not rows:
            continue
        print(f"\n== {workload}: {args.stations} stations, {args.seconds:g} s, closed loop ==")
        print(HEADER)
        for r in rows:
            print(line(r))
    print(
        "\nCPU % and gen %: share of one core over the window (server process with its "
        "threads; db %: PostgreSQL backends of the run's database; gen %: each generator; "
        "other %: the rest of the machine, not this run). "
        "calls/cpu: calls per second of server (+db) CPU. x lib, x echo: calls/s ratio to "
        "the ocpp-lib server and to the echo limit. A generator near 100 % is the "
        f"bottleneck: add --generators. Load average at the end: {loadavg()}."
    )
    busy = [r for r in results if (r.other_cpu_pct or 0) > 20]
    if busy:
        worst = max(r.other_cpu_pct or 0 for r in busy)
        print(
            f"WARNING: other processes used up to {worst:.0f} % of a core during {len(busy)} "
            f"of {len(results)} windows ({cores} cores here): the figures are disturbed."
        )
    return {
        "args": {k: v for k, v in vars(args).items() if k != "worker"},
        "machine": {
            "cores": cores,
            "python": platform.python_version(),
            "busy_before_pct_of_core": background,
        },
        "setup": setups,
        "results": [asdict(r) for r in results],
    }


def csv_list(choices: Sequence[str]) -> Any:
    """An argparse type: a comma-separated subset of ``choices``, in the given order."""

    def parse(text: str) -> list[str]:
        items = [item.strip() for item in text.split(",") if item.strip()]
        unknown = [item for item in items if item not in choices]
        if unknown or not items:
            raise argparse.ArgumentTypeError(f"choose from {','.join(choices)}")
        return items

    return parse


def run_to_the_end(
    run: Callable[[argparse.Namespace], Awaitable[dict[str, Any]]],
    args: argparse.Namespace,
    *,
    stopped: str,
    limit: float | None = None,
) -> None:
    """Run a benchmark's ``run(args)`` to its end, bounded by ``limit`` seconds: SIGTERM and
    Ctrl-C stop it (saying ``stopped``), every process it started is killed at exit, and the
    figures go to ``args.json`` when given."""

    async def guarded() -> dict[str, Any]:
        task = asyncio.current_task()
        assert task is not None
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
        async with asyncio.timeout(limit):
            return await run(args)

    # Started with & from a script, this process and its children would ignore SIGINT
    # (POSIX), and SIGINT is how the simulator is asked for its clean stop and its summary.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        report = asyncio.run(guarded())
    except (KeyboardInterrupt, asyncio.CancelledError):
        print(f"\ninterrupted: {stopped}", file=sys.stderr)
        raise SystemExit(130) from None
    except TimeoutError:
        print(f"\nthe whole run took over {limit:.0f} s: stopped", file=sys.stderr)
        raise SystemExit(1) from None
    finally:
        _kill_leftovers()
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, default=str) + "\n")
        print(f"figures written to {args.json}")


def main() -> None:
    """Parse the options; run the benchmark (or, with --worker, one generator)."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--stations", type=int, default=100, help="connections [100]")
    parser.add_argument("--seconds", type=float, default=10, help="measurement window [10]")
    parser.add_argument("--warmup", type=float, default=2, help="load before the window [2]")
    parser.add_argument(
        "--workloads", type=csv_list(WORKLOADS), default=list(WORKLOADS), help=",".join(WORKLOADS)
    )
    parser.add_argument(
        "--targets", type=csv_list(TARGETS), default=list(TARGETS), help=",".join(TARGETS)
    )
    parser.add_argument("--generators", type=int, default=1, help="generator processes [1]")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--pg-dsn", default=DEFAULT_PG_DSN, help="PostgreSQL server for csms-pg")
    parser.add_argument(
        "--connect-concurrency", type=int, default=64, help="handshakes under way at once [64]"
    )
    parser.add_argument(
        "--register-concurrency", type=int, default=8, help="admin API requests at once [8]"
    )
    parser.add_argument(
        "--source-addresses",
        type=int,
        default=1,
        help="spread connections over 127.0.0.1..N (beyond ~28k ports per address) [1]",
    )
    parser.add_argument("--connect-timeout", type=float, default=60, help="per handshake [60]")
    parser.add_argument("--call-timeout", type=float, default=30, help="per CALL [30]")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        asyncio.run(worker(json.loads(args.worker)))
        return
    if args.stations < 1 or args.seconds <= 0 or args.generators < 1:
        parser.error("--stations, --seconds and --generators must be positive")

    run_to_the_end(run, args, stopped="servers and generators stopped")


if __name__ == "__main__":
    main()
