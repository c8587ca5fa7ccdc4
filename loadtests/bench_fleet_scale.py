"""How many virtual stations one simulator process holds, and what they cost.

    .venv/bin/python loadtests/bench_fleet_scale.py --stations 10000
    .venv/bin/python loadtests/bench_fleet_scale.py --stations 2000 --baseline

A minimal OCPP acceptor runs in its own process on loopback (answers every CALL at once,
validates nothing), so what is measured is the simulator alone:

* time until every station is connected, booted and has sent its statuses;
* resident memory per idle station (RSS growth over the fleet / stations);
* CPU of the simulator process at realistic traffic: heartbeats every 300 s and, for the
  share of EVSEs charging, meter values every 60 s, over a window of real time;
* with ``--baseline``, the same count of `ocpp`-library charge points (library defaults:
  jsonschema validation in a thread pool), connected and booted, for the ratio.

Bounded: the fleet is stopped after the window; the acceptor is killed at exit. Prints
figures, never asserts them.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import multiprocessing
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from csms.oslimits import raise_open_files_limit
from ocppj.versions import SUBPROTOCOLS, OcppVersion

NOW = "2026-11-21T10:00:00Z"
# OCPP 1.6 answers that pass the schemas, so a fleet validating every frame accepts them.
ANSWERS: dict[str, Any] = {
    "BootNotification": {"status": "Accepted", "interval": 300, "currentTime": NOW},
    "Heartbeat": {"currentTime": NOW},
    "Authorize": {"idTagInfo": {"status": "Accepted"}},
    "StartTransaction": {"transactionId": 1, "idTagInfo": {"status": "Accepted"}},
    "StopTransaction": {"idTagInfo": {"status": "Accepted"}},
}


def rss_kib() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def acceptor(port_out: Any, counts: Any) -> None:
    """The loopback CSMS stand-in: answers CALLs from a table, counts them."""
    import websockets
    from websockets.asyncio.server import serve
    from websockets.typing import Subprotocol

    raise_open_files_limit()

    async def handler(ws: Any) -> None:
        try:
            async for raw in ws:
                msg = json.loads(raw)
                if msg[0] != 2:
                    continue
                with counts.get_lock():
                    counts.value += 1
                answer = ANSWERS.get(msg[2], {})
                if msg[2] == "StartTransaction":
                    answer = {**answer, "transactionId": counts.value}
                await ws.send(json.dumps([3, msg[1], answer]))
        except websockets.ConnectionClosed:
            pass

    async def main() -> None:
        async with serve(
            handler,
            "127.0.0.1",
            0,
            subprotocols=[Subprotocol(name) for name in SUBPROTOCOLS],
            ping_interval=None,
            compression=None,
            backlog=4096,
        ) as server:
            port_out.send(server.sockets[0].getsockname()[1])
            await asyncio.Future()

    asyncio.run(main())


async def run_fleet(args: argparse.Namespace, url: str) -> dict[str, Any]:
    from simulator.catalogue import load_catalogue
    from simulator.clock import SimClock
    from simulator.physics import EV_MODELS, Ev
    from simulator.station import Station, StationSpec

    model = load_catalogue()["home-11kw"]
    clock = SimClock(1.0)
    gc.collect()
    base = rss_kib()
    stations = [
        Station(
            StationSpec(f"S{n:05d}", args.version, model, seed=n),
            url,
            clock=clock,
            validation=args.validation,
            compression=args.compression,
        )
        for n in range(args.stations)
    ]
    started = time.perf_counter()
    tasks = [asyncio.create_task(s.run()) for s in stations]
    while sum(1 for s in stations if s.online) < len(stations):
        if time.perf_counter() - started > args.connect_timeout:
            break
        await asyncio.sleep(0.1)
    connect_s = time.perf_counter() - started
    online = sum(1 for s in stations if s.online)
    await asyncio.sleep(2)
    gc.collect()
    idle_rss = rss_kib()
    charging = int(len(stations) * args.charging_share)
    for n, station in enumerate(stations[:charging]):
        await station.plug_in(1, Ev(EV_MODELS[n % len(EV_MODELS)], soc=0.2, target_soc=0.95))
        station.evses[1].authorized = "BENCH"
        station.new_tx(station.evses[1], "BENCH", None)
    await asyncio.sleep(5)
    cpu0 = time.process_time()
    wall0 = time.perf_counter()
    await asyncio.sleep(args.window)
    cpu = (time.process_time() - cpu0) / (time.perf_counter() - wall0)
    busy_rss = rss_kib()
    for s in stations:
        await s.stop()
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return {
        "stations": len(stations),
        "online": online,
        "connect_s": round(connect_s, 1),
        "rss_per_idle_station_kib": round((idle_rss - base) / len(stations), 1),
        "rss_charging_mib": round(busy_rss / 1024, 1),
        "charging": charging,
        "cpu_share_of_one_core": round(cpu, 4),
    }


async def run_baseline(n: int, url: str, version: OcppVersion) -> dict[str, Any]:
    """`ocpp`-library charge points with library defaults, connected and booted."""
    import websockets
    from ocpp.v16 import ChargePoint as Cp16
    from ocpp.v16 import call as call16
    from ocpp.v201 import ChargePoint as Cp201
    from ocpp.v201 import call as call201
    from websockets.typing import Subprotocol

    gc.collect()
    base = rss_kib()
    started = time.perf_counter()
    sockets, runners = [], []

    async def one(i: int) -> None:
        sub = (OcppVersion.V16 if version == OcppVersion.V16 else OcppVersion.V201).subprotocol
        ws = await websockets.connect(
            f"{url}/B{i:05d}", subprotocols=[Subprotocol(sub)], ping_interval=None, open_timeout=120
        )
        sockets.append(ws)
        if version == OcppVersion.V16:
            cp = Cp16(f"B{i:05d}", ws)
            runners.append(asyncio.create_task(cp.start()))
            await cp.call(call16.BootNotification(charge_point_model="M", charge_point_vendor="V"))
        else:
            cp = Cp201(f"B{i:05d}", ws)
            runners.append(asyncio.create_task(cp.start()))
            await cp.call(
                call201.BootNotification(
                    charging_station={"model": "M", "vendor_name": "V"}, reason="PowerUp"
                )
            )

    limit = asyncio.Semaphore(500)

    async def bounded(i: int) -> None:
        async with limit:
            await one(i)

    await asyncio.gather(*(bounded(i) for i in range(n)))
    connect_s = time.perf_counter() - started
    await asyncio.sleep(2)
    gc.collect()
    per = (rss_kib() - base) / n
    for ws in sockets:
        await ws.close()
    for r in runners:
        r.cancel()
    return {
        "stations": n,
        "connect_s": round(connect_s, 1),
        "rss_per_idle_station_kib": round(per, 1),
    }


def _child(kind: str, args: argparse.Namespace, url: str, out: Any) -> None:
    """One measurement in a fresh process, so one's heap never flatters the other's RSS."""
    raise_open_files_limit()
    if kind == "simulator":
        out.send(asyncio.run(run_fleet(args, url)))
    else:
        out.send(asyncio.run(run_baseline(args.stations, url, args.version)))


def measure(kind: str, args: argparse.Namespace, url: str) -> dict[str, Any]:
    spawn = multiprocessing.get_context("spawn")
    receive, send = spawn.Pipe(duplex=False)
    child = spawn.Process(target=_child, args=(kind, args, url, send))
    child.start()
    try:
        return receive.recv()
    finally:
        child.join(30)
        child.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stations", type=int, default=10_000)
    parser.add_argument(
        "--version",
        type=OcppVersion.parse,
        default=OcppVersion.V16,
        choices=(OcppVersion.V16,),
        help="the acceptor's",
    )
    parser.add_argument("--validation", default="off", choices=("full", "sampled", "off"))
    parser.add_argument("--compression", action="store_true")
    parser.add_argument("--charging-share", type=float, default=0.3)
    parser.add_argument("--window", type=float, default=60.0, help="seconds of traffic")
    parser.add_argument("--connect-timeout", type=float, default=300.0)
    parser.add_argument("--baseline", action="store_true", help="also the ocpp library")
    args = parser.parse_args()
    raise_open_files_limit()
    receive, send = multiprocessing.Pipe(duplex=False)
    counts = multiprocessing.Value("q", 0)
    server = multiprocessing.Process(target=acceptor, args=(send, counts), daemon=True)
    server.start()
    url = f"ws://127.0.0.1:{receive.recv()}/ocpp"
    try:
        calls0, t0 = counts.value, time.perf_counter()
        ours = measure("simulator", args, url)
        ours["acceptor_calls_per_s"] = round((counts.value - calls0) / (time.perf_counter() - t0))
        print(json.dumps({"simulator": ours, "args": vars(args)}, indent=2), flush=True)
        if args.baseline:
            theirs = measure("baseline", args, url)
            print(json.dumps({"ocpp_library": theirs}, indent=2))
            ratio = theirs["rss_per_idle_station_kib"] / max(ours["rss_per_idle_station_kib"], 0.1)
            print(f"memory per idle station, ocpp library / simulator: {ratio:.1f}x")
    finally:
        server.kill()


if __name__ == "__main__":
    main()
