"""Running a fleet: stations started at the ramp-up rate, a driver per EVSE, everything
stopped cleanly after the duration or on Ctrl-C.

One process runs everything on one event loop. With ``workers > 1`` the stations are dealt
round-robin to that many spawned processes (each a disjoint slice; the ramp-up stays one
fleet-wide schedule); every worker sends a :class:`~simulator.collector.Snapshot` twice a
second and the parent adds them up for the live view, Prometheus and the summary.

``simulator.station`` is imported only inside the functions that make stations, so the fleet
tooling loads without the station engine.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import os
import queue as queue_module
import random
import signal
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulator.clock import SimClock
from simulator.collector import Aggregate, Collector, Snapshot, live_table, serve_prometheus
from simulator.collector import summary as make_summary
from simulator.fleet import DriverPlan, Fleet, FleetStation, apply_overrides, cards, expand
from simulator.metrics import MetricsSink

if TYPE_CHECKING:
    from simulator.station import Station

log = logging.getLogger(__name__)

REPORT_EVERY_S = 0.5  # live view, snapshots from workers: about twice a second
POLL_SIM_S = 30.0  # how often a waiting driver looks at the EV (simulated seconds)
STOP_TIMEOUT_S = 10.0  # how long stations get to close their connections
REGISTER_CONCURRENCY = 16  # admin API calls in flight (the CSMS hashes every password)


@dataclass
class RunOptions:
    """What the command line adds to, or changes in, the fleet file."""

    url: str | None = None
    duration_s: float | None = None
    workers: int = 1
    metrics_port: int | None = None
    metrics_host: str = "127.0.0.1"
    summary: list[Path] = field(default_factory=list)
    live: bool = True
    source_addresses: int | None = None
    create_stations: bool | None = None
    admin_url: str | None = None
    admin_token: str | None = None


@dataclass
class RunResult:
    """What a run leaves: the summary data (also written to the summary files)."""

    summary: dict[str, Any]
    interrupted: bool


# --- the run as a whole -------------------------------------------------------------------


def run_fleet(fleet: Fleet, options: RunOptions, *, console: Any = None) -> RunResult:
    """Run ``fleet`` to its end (blocking); writes the summary files and returns the data."""
    stations = expand(fleet, source_addresses=options.source_addresses)
    url = options.url or fleet.csms.url
    duration = options.duration_s or fleet.duration
    create = (
        fleet.csms.create_stations if options.create_stations is None else options.create_stations
    )
    if create:
        passwords = asyncio.run(register(fleet, stations, options))
        stations = [replace(s, password=passwords.get(s.id, s.password)) for s in stations]
    aggregate = Aggregate()
    info = {"fleet": fleet.name, "stations": str(len(stations)), "workers": str(options.workers)}
    server = None
    if options.metrics_port is not None:
        server = serve_prometheus(
            aggregate, options.metrics_port, host=options.metrics_host, info=info
        )
    view = View(fleet.name, len(stations), duration, options.live, console)
    started_at = datetime.now(UTC)
    real0 = time.monotonic()
    try:
        with view:
            if options.workers <= 1:
                interrupted = _run_single(fleet, stations, url, duration, aggregate, view)
            else:
                interrupted = _run_workers(
                    fleet, stations, url, duration, aggregate, view, options.workers
                )
    finally:
        if server is not None:
            server.shutdown()
    run = {
        "fleet": fleet.name,
        "url": url,
        "stations": len(stations),
        "workers": options.workers,
        "time_factor": fleet.time_factor,
        "started_at": started_at.isoformat(),
        "duration_s": round(time.monotonic() - real0, 3),
        "interrupted": interrupted,
    }
    data = make_summary(aggregate.current, peaks=aggregate.peaks, run=run)
    from simulator.collector import write_summary

    for path in options.summary:
        write_summary(path, data)
    return RunResult(data, interrupted)


class View:
    """The Rich live view (or nothing, with ``live`` False), refreshed by the run loops."""

    def __init__(
        self, name: str, stations: int, duration_s: float, live: bool, console: Any
    ) -> None:
        self.name, self.stations, self.duration_s = name, stations, duration_s
        self.live_on = live
        self.console = console
        self._live: Any = None
        self._t0 = time.monotonic()

    def __enter__(self) -> View:
        self._t0 = time.monotonic()
        if self.live_on:
            from rich.live import Live

            self._live = Live(console=self.console, auto_refresh=False, transient=False)
            self._live.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._live is not None:
            self._live.__exit__(None, None, None)
            self._live.console.line()  # what is printed next starts on its own line

    def refresh(self, snap: Snapshot) -> None:
        """Draw ``snap``."""
        if self._live is None:
            return
        table = live_table(
            snap,
            title=f"fleet {self.name}",
            stations=self.stations,
            started=snap.events.get("station_started", 0),
            elapsed_s=time.monotonic() - self._t0,
            duration_s=self.duration_s,
        )
        self._live.update(table, refresh=True)


def _run_single(
    fleet: Fleet,
    stations: Sequence[FleetStation],
    url: str,
    duration: float,
    aggregate: Aggregate,
    view: View,
) -> bool:
    interrupted = False

    async def main() -> None:
        nonlocal interrupted
        loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        collector = Collector()

        def on_interrupt() -> None:
            nonlocal interrupted
            if interrupted:  # a second Ctrl-C: do not wait for a clean stop
                for task in asyncio.all_tasks(loop):
                    task.cancel()
            interrupted = True
            stop.set()

        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signal.SIGINT, on_interrupt)

        async def report() -> None:
            while True:
                view.refresh(aggregate.update(0, collector.snapshot()))
                await asyncio.sleep(REPORT_EVERY_S)

        async def timer() -> None:
            await asyncio.sleep(duration)
            stop.set()

        side = [asyncio.create_task(report()), asyncio.create_task(timer())]
        try:
            await run_slice(
                fleet, stations, url=url, clock=SimClock(fleet.time_factor), metrics=collector,
                t0=time.time(), stop=stop,
            )  # fmt: skip
        finally:
            for task in side:
                task.cancel()
            await asyncio.gather(*side, return_exceptions=True)
            view.refresh(aggregate.update(0, collector.snapshot()))

    try:
        asyncio.run(main())
    except (KeyboardInterrupt, asyncio.CancelledError):
        interrupted = True
    return interrupted


async def run_alongside(
    fleet: Fleet, *, url: str, admin_url: str, admin_token: str, stop: asyncio.Event
) -> Collector:
    """Run ``fleet`` in the caller's event loop until ``stop`` (``make demo``: the CSMS and
    its fleet in one process): register its stations and cards, then drive them. Returns
    the collector so the caller can report what the fleet did."""
    stations = expand(fleet)
    options = RunOptions(admin_url=admin_url, admin_token=admin_token)
    passwords = await register(fleet, stations, options)
    stations = [replace(s, password=passwords.get(s.id, s.password)) for s in stations]
    collector = Collector()
    await run_slice(
        fleet,
        stations,
        url=url,
        clock=SimClock(fleet.time_factor),
        metrics=collector,
        t0=time.time(),
        stop=stop,
    )
    return collector


# --- stations and drivers in one process --------------------------------------------------


async def run_slice(
    fleet: Fleet,
    stations: Sequence[FleetStation],
    *,
    url: str,
    clock: SimClock,
    metrics: MetricsSink,
    t0: float,
    stop: asyncio.Event,
) -> None:
    """Run ``stations`` until ``stop`` is set, then stop them cleanly.

    Station ``index`` starts at ``t0 + index / ramp_up.per_second`` (``t0`` a time.time()),
    so workers running different slices keep one fleet-wide ramp.
    """
    from simulator.station import Station

    running: list[Station] = []
    station_tasks: list[asyncio.Task[None]] = []
    driver_tasks: list[asyncio.Task[None]] = []
    rate = fleet.ramp_up.per_second

    async def ramp() -> None:
        for fs in sorted(stations, key=lambda s: s.index):
            delay = t0 + fs.index / rate - time.time()
            if delay > 0:
                await asyncio.sleep(delay)
            station = Station(
                fs.spec,
                url,
                clock=clock,
                metrics=metrics,
                faults=fs.faults,
                validation=fleet.validation,
                compression=fleet.compression,
                local_address=fs.local_address,
            )
            running.append(station)
            metrics.event("station_started")
            station_tasks.append(asyncio.create_task(_run_station(station, metrics)))
            if fs.drivers is not None:
                for evse_id in station.evse_ids:
                    rng = random.Random(f"{fs.seed}:{evse_id}:driver")
                    driver_tasks.append(
                        asyncio.create_task(
                            drive(station, evse_id, fs.drivers, clock, rng, metrics)
                        )
                    )

    ramping = asyncio.create_task(ramp())
    stopping = asyncio.create_task(stop.wait())
    try:
        await asyncio.wait([ramping, stopping], return_when=asyncio.FIRST_COMPLETED)
        if not stopping.done():
            if (error := ramping.exception()) is not None:
                raise error
            await stopping
    finally:
        if isinstance(metrics, Collector):
            metrics.close()
        for task in (ramping, stopping, *driver_tasks):
            task.cancel()
        await asyncio.gather(ramping, stopping, *driver_tasks, return_exceptions=True)
        await _stop_all(running, station_tasks)


async def _run_station(station: Station, metrics: MetricsSink) -> None:
    try:
        await station.run()
    except asyncio.CancelledError:
        raise
    except Exception:  # one broken station must not end the fleet
        log.exception("station %s stopped with an error", station.spec.id)
        metrics.event("station_crashed")


async def _stop_all(running: Sequence[Station], tasks: Sequence[asyncio.Task[None]]) -> None:
    if not running:
        return
    stops = asyncio.gather(*(s.stop() for s in running), return_exceptions=True)
    try:
        await asyncio.wait_for(stops, STOP_TIMEOUT_S)
    except TimeoutError:
        log.warning("some stations did not stop within %s s", STOP_TIMEOUT_S)
    _done, pending = await asyncio.wait(tasks, timeout=STOP_TIMEOUT_S) if tasks else (set(), set())
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)


def _pattern(plan: DriverPlan) -> Any:
    from simulator.drivers import PATTERNS

    return apply_overrides(PATTERNS[plan.pattern], plan.overrides)


def _ev_models(plan: DriverPlan, *, dc: bool) -> Sequence[Any]:
    from simulator.drivers import models_for
    from simulator.physics import EV_MODELS

    chosen = (
        EV_MODELS if plan.ev_models is None else [m for m in EV_MODELS if m.name in plan.ev_models]
    )
    # A plug-in hybrid has no DC inlet: it never drives up to a DC charger. When the fleet
    # chose only such EVs for a DC station, keep its choice rather than have no driver.
    return models_for(dc, chosen) or chosen


async def drive(
    station: Station,
    evse_id: int,
    plan: DriverPlan,
    clock: SimClock,
    rng: random.Random,
    metrics: MetricsSink,
) -> None:
    """The drivers of one EVSE, one after the other, until cancelled: arrive, plug in and
    present a card (in the visit's order), charge until full or out of time, idle, stop,
    unplug, and the next one arrives."""
    from simulator.drivers import new_visit, next_arrival

    pattern = _pattern(plan)
    evs = _ev_models(plan, dc=station.spec.model.dc)
    # Drivers come once the station is up; the station has no event for it, and a poll
    # twice a second per EVSE costs nothing next to its traffic.
    while not station.connected:  # noqa: ASYNC110
        await asyncio.sleep(REPORT_EVERY_S)
    while True:
        wait = next_arrival(pattern, clock.now(), rng)
        if math.isinf(wait):  # a pattern that brings nobody
            await asyncio.Event().wait()
        await clock.sleep(wait)
        if station.in_transaction(evse_id):
            continue  # still taken (a remote start from the CSMS, say): this driver goes on
        visit = new_visit(pattern, rng, evs)
        try:
            await _visit(station, evse_id, visit, plan, clock, rng, metrics)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("%s/%s: a visit went wrong", station.spec.id, evse_id)
            metrics.event("driver_error")
            with contextlib.suppress(Exception):
                await station.unplug(evse_id)


def _card(plan: DriverPlan, rng: random.Random) -> str:
    if plan.cards:
        return rng.choice(plan.cards)
    return f"SIM{rng.getrandbits(56):014X}"  # nobody's card: the CSMS decides what it is


async def _visit(
    station: Station,
    evse_id: int,
    visit: Any,
    plan: DriverPlan,
    clock: SimClock,
    rng: random.Random,
    metrics: MetricsSink,
) -> None:
    token = _card(plan, rng)
    ev = visit.ev()
    arrived = clock.monotonic()
    metrics.event("visit")
    if visit.plug_in_first:
        await station.plug_in(evse_id, ev)
        authorized = await station.present_card(evse_id, token)
    else:
        authorized = await station.present_card(evse_id, token)
        if authorized:
            await station.plug_in(evse_id, ev)
    if not authorized:
        metrics.event("visit_refused")
        if visit.plug_in_first:
            await clock.sleep(rng.uniform(30, 120))  # reads the display, gives up
            await station.unplug(evse_id)
        return
    # The driver leaves at the end of the longest stay, or after idling once the EV is
    # full (when they watch the charge at all), whichever comes first.
    deadline = math.inf if visit.max_dwell_s is None else arrived + visit.max_dwell_s
    idle = visit.idle_after_full_s
    full_since: float | None = None
    while (now := clock.monotonic()) < deadline:
        if full_since is None and station.ev_full(evse_id):
            full_since = now
        if full_since is not None and idle is not None and now >= full_since + idle:
            break
        await clock.sleep(min(POLL_SIM_S, deadline - now))
    await station.stop_charging(evse_id, token)
    await clock.sleep(rng.uniform(10, 90))  # walks to the car, stows the cable
    await station.unplug(evse_id)
    metrics.event("visit_done")


# --- several processes --------------------------------------------------------------------


def _run_workers(
    fleet: Fleet,
    stations: Sequence[FleetStation],
    url: str,
    duration: float,
    aggregate: Aggregate,
    view: View,
    workers: int,
) -> bool:
    import multiprocessing as mp

    ctx = mp.get_context("spawn")  # fork would copy the parent's threads and loop state
    messages: Any = ctx.Queue()
    go, stop = ctx.Event(), ctx.Event()
    t0 = ctx.Value("d", 0.0)
    sim_start = datetime.now(UTC)
    procs = [
        ctx.Process(
            target=worker_main,
            args=(w, fleet, list(stations[w::workers]), url, sim_start, t0, go, stop, messages),
            name=f"evh-sim-worker-{w}",
            daemon=True,
        )
        for w in range(workers)
    ]
    # Ctrl-C reaches every process of the terminal's group; the workers must leave it to the
    # parent, even while they are still importing. An ignored SIGINT survives the spawn's
    # exec, and Python then installs no handler of its own.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        for proc in procs:
            proc.start()
    finally:
        signal.signal(signal.SIGINT, previous)
    interrupted = False
    finals: set[int] = set()

    def pump(until: Callable[[], bool], timeout: float) -> None:
        """Take the workers' messages until ``until()`` or ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while not until() and time.monotonic() < deadline:
            try:
                kind, w, snap = messages.get(timeout=REPORT_EVERY_S / 2)
            except queue_module.Empty:
                if not any(p.is_alive() for p in procs):
                    return
                continue
            if kind == "ready":
                ready.add(w)
            elif snap is not None:
                view.refresh(aggregate.update(w, snap))
                if kind == "final":
                    finals.add(w)

    ready: set[int] = set()
    try:
        pump(lambda: len(ready) == workers, 120.0)
        t0.value = time.time()
        go.set()
        pump(lambda: False, duration)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        stop.set()
        go.set()  # a worker still waiting to start must see the stop too
        try:
            pump(lambda: len(finals) == workers, STOP_TIMEOUT_S * 2 + 5)
        except KeyboardInterrupt:  # a second Ctrl-C: do not wait
            interrupted = True
        for proc in procs:
            proc.join(timeout=2)
            if proc.is_alive():
                proc.terminate()
                proc.join(timeout=2)
    return interrupted


def worker_main(
    worker: int,
    fleet: Fleet,
    stations: list[FleetStation],
    url: str,
    sim_start: datetime,
    t0: Any,
    go: Any,
    stop: Any,
    messages: Any,
) -> None:
    """A worker process: runs its slice until the parent says stop; Ctrl-C is the parent's."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.basicConfig(level=os.environ.get("EVH_SIM_LOG", "WARNING"))
    asyncio.run(_worker(worker, fleet, stations, url, sim_start, t0, go, stop, messages))


async def _worker(
    worker: int,
    fleet: Fleet,
    stations: list[FleetStation],
    url: str,
    sim_start: datetime,
    t0: Any,
    go: Any,
    stop: Any,
    messages: Any,
) -> None:
    collector = Collector()
    messages.put(("ready", worker, None))
    while not go.is_set():  # noqa: ASYNC110 (a multiprocessing Event cannot be awaited)
        await asyncio.sleep(0.02)
    start = t0.value
    # Every worker's clock shows the same simulated time at the same real time.
    clock = SimClock(
        fleet.time_factor,
        start=sim_start + timedelta(seconds=(time.time() - start) * fleet.time_factor),
    )
    stopped = asyncio.Event()

    async def report() -> None:
        while not stop.is_set():
            messages.put(("snapshot", worker, collector.snapshot()))
            await asyncio.sleep(REPORT_EVERY_S)
        stopped.set()

    reporter = asyncio.create_task(report())
    try:
        if not stop.is_set():
            await run_slice(
                fleet, stations, url=url, clock=clock, metrics=collector, t0=start, stop=stopped
            )
    finally:
        reporter.cancel()
        await asyncio.gather(reporter, return_exceptions=True)
        messages.put(("final", worker, collector.snapshot()))


# --- registering the fleet with the CSMS --------------------------------------------------


async def register(
    fleet: Fleet, stations: Sequence[FleetStation], options: RunOptions
) -> dict[str, str]:
    """Register the stations and cards through the CSMS admin API; an existing station gets
    the fleet's password (or a new one). Returns the password of every station."""
    import httpx

    base = (options.admin_url or fleet.csms.admin_url).rstrip("/")
    token = options.admin_token or fleet.csms.admin_token or os.environ.get("EVH_ADMIN_TOKEN")
    if not token:
        raise RegistrationError("registering stations needs an admin token (--admin-token)")
    limit = asyncio.Semaphore(REGISTER_CONCURRENCY)
    passwords: dict[str, str] = {}
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=30) as client:

        async def station(fs: FleetStation) -> None:
            body: dict[str, Any] = {"id": fs.id}
            if fs.password:
                body["password"] = fs.password
            async with limit:
                answer = await client.post("/stations", json=body)
                if answer.status_code == 409:  # already there: make its password ours
                    answer = await client.put(
                        f"/stations/{fs.id}/password",
                        json={"password": fs.password} if fs.password else {},
                    )
            _check(answer, f"station {fs.id}")
            passwords[fs.id] = answer.json().get("password") or fs.password or ""

        async def card(value: str, holder: str) -> None:
            body = {"value": value, "label": f"{holder}'s card"[:100] if holder else None}
            async with limit:
                answer = await client.post("/tokens", json=body)
            if answer.status_code != 409:
                _check(answer, f"card {value}")

        await asyncio.gather(
            *(station(fs) for fs in stations), *(card(c.value, c.holder) for c in cards(fleet))
        )
    return passwords


class RegistrationError(Exception):
    """The CSMS admin API refused to register the fleet."""


def _check(answer: Any, what: str) -> None:
    if answer.status_code >= 400:
        raise RegistrationError(
            f"{what}: the admin API answered {answer.status_code}: {answer.text[:200]}"
        )
