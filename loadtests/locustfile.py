"""Locust load test of a CSMS's session pipeline: every Locust user is one virtual charging
station from the simulator (boot, status, authorize, start, meter values, stop), and every
OCPP exchange is a Locust request named by its action.

    locust -f loadtests/locustfile.py,loadtests/shapes/steady.py --headless \\
        --csms-url ws://127.0.0.1:9000/ocpp --admin-url http://127.0.0.1:8000 \\
        --admin-token $TOKEN --csv out/steady --html out/steady.html

Distributed: the same command with --master (and --expect-workers N) on one machine and
--worker --master-host HOST on each worker machine. Station ids carry the worker's index,
so workers never share a station. See the README ("Load tests") for every shape.
"""

from __future__ import annotations

import functools
import itertools
import logging
import random
from concurrent.futures import Future
from typing import Any

import gevent
import httpx
from locust import User, events, task
from locust.env import Environment
from locust.runners import MasterRunner, WorkerRunner

from loadtests.ocpp_locust.bridge import MODES, AsyncioBridge, LocustMetrics, Report
from loadtests.ocpp_locust.pipeline import SessionPlan, drive
from ocppj.versions import OcppVersion
from simulator.catalogue import StationModel, load_catalogue
from simulator.station import Station, StationSpec

log = logging.getLogger("evharness.locust")
_numbers = itertools.count(1)
_bridge: AsyncioBridge | None = None


@events.init_command_line_parser.add_listener
def _options(parser: Any) -> None:
    group = parser.add_argument_group("evharness stations")
    group.add_argument("--csms-url", default="ws://127.0.0.1:9000/ocpp", help="OCPP base URL")
    group.add_argument("--ocpp-version", choices=list(OcppVersion), default=OcppVersion.V16)
    group.add_argument("--station-prefix", default="LOAD", help="station ids: PREFIX-WW-NNNNNN")
    group.add_argument("--station-password", default="load-station-password-01")
    group.add_argument("--model", default="home-11kw", help="catalogue model of every station")
    group.add_argument("--card", default="LOAD-CARD-0001", help="the card every driver presents")
    group.add_argument("--session-seconds", type=float, default=120.0)
    group.add_argument("--idle-seconds", type=float, default=60.0)
    group.add_argument("--meter-interval", type=int, default=30, help="seconds between samples")
    group.add_argument("--validation", choices=["full", "sampled", "off"], default="sampled")
    group.add_argument(
        "--bridge",
        choices=MODES,
        default="thread",
        help="asyncio side: own OS thread or a greenlet",
    )
    group.add_argument(
        "--flap-every",
        type=float,
        default=0.0,
        help="network flap: drop each station's connection about this often (s)",
    )
    group.add_argument(
        "--flap-seconds", type=float, default=10.0, help="and keep it down this long"
    )
    group.add_argument(
        "--admin-url", default="", help="our CSMS's admin API: register stations and the card first"
    )
    group.add_argument("--admin-token", default="", env_var="EVH_ADMIN_TOKEN")  # fmt: skip


@events.init.add_listener
def _start_bridge(environment: Environment, **_kwargs: Any) -> None:
    global _bridge
    if isinstance(environment.runner, MasterRunner):
        return  # the master runs no stations

    def fire(report: Report) -> None:
        request_type, name, millis, exception = report
        environment.events.request.fire(
            request_type=request_type,
            name=name,
            response_time=millis,
            response_length=0,
            exception=exception,
            context={},
        )

    assert environment.parsed_options is not None  # locust parses its command line first
    _bridge = AsyncioBridge(environment.parsed_options.bridge, fire)


@functools.cache
def _catalogue() -> dict[str, StationModel]:
    """The model catalogue, read once per process (not once per user: ~9 ms of YAML each)."""
    return load_catalogue()


@events.quitting.add_listener
def _stop_bridge(**_kwargs: Any) -> None:
    if _bridge is not None:
        _bridge.stop()


def _worker_index(environment: Environment) -> int:
    runner = environment.runner
    return runner.worker_index if isinstance(runner, WorkerRunner) else 0


class StationUser(User):
    """One virtual station. Locust's user count is the number of connected stations; the
    station's own timers and the session plan set the pace, not Locust's wait_time."""

    running: Future[Any] | None = None  # set once on_start has the station going

    def on_start(self) -> None:
        assert _bridge is not None
        options = self.environment.parsed_options
        number = next(_numbers)
        self.station_id = (
            f"{options.station_prefix}-{_worker_index(self.environment):02d}-{number:06d}"
        )
        if options.admin_url:
            _register(options, self.station_id, card=number == 1)
        interval = str(options.meter_interval)
        # A worker gets the master's options as plain strings (locust sends them as msgpack).
        version = OcppVersion.parse(options.ocpp_version)
        settings = (
            {"MeterValueSampleInterval": interval}
            if version == OcppVersion.V16
            else {"SampledDataCtrlr.TxUpdatedInterval": interval}
        )
        spec = StationSpec(
            self.station_id,
            version,
            _catalogue()[options.model],
            password=options.station_password or None,
            settings=settings,
            seed=number,
        )
        station = Station(
            spec,
            options.csms_url,
            metrics=LocustMetrics(_bridge.report),
            validation=options.validation,
        )
        plan = SessionPlan(
            options.card,
            options.session_seconds,
            options.idle_seconds,
            options.flap_every,
            options.flap_seconds,
        )
        self.running: Future[Any] = _bridge.submit(drive(station, plan, random.Random(number)))

    @task
    def keep_running(self) -> None:
        """The station works on the asyncio side; this greenlet only notices if it died."""
        running = self.running
        if running is not None and running.done() and (error := running.exception()) is not None:
            log.error("station %s stopped: %s", self.station_id, error)
            raise error
        gevent.sleep(1.0)

    def on_stop(self) -> None:
        if self.running is not None:
            self.running.cancel()


def _register(options: Any, station_id: str, *, card: bool) -> None:
    """Register the station (and once per process the card, usable by every station at
    once) through our CSMS's admin API; one that exists already is fine."""
    headers = {"Authorization": f"Bearer {options.admin_token}"}
    with httpx.Client(base_url=options.admin_url, headers=headers, timeout=30) as api:
        body = {"id": station_id, "password": options.station_password}
        answer = api.post("/api/v1/stations", json=body)
        if answer.status_code not in (201, 409):
            raise RuntimeError(f"registering {station_id}: {answer.status_code} {answer.text}")
        if card:
            token = {"value": options.card, "allow_concurrent": True}
            answer = api.post("/api/v1/tokens", json=token)
            if answer.status_code not in (201, 409):
                raise RuntimeError(f"registering {options.card}: {answer.text}")
