"""A quick look at the CSMS hot path: N stations on loopback, each sending K messages one
after another (as OCPP allows), against a CSMS started in this process.

Prints messages per second and p50/p99 latency for Heartbeat and ten-sample MeterValues.
The clients share this process and its cores with the CSMS, so the figures are a floor,
not the CSMS's limit; the full side-by-side benchmark (Locust, separate processes, the
bare `ocpp` library server and a raw echo server as baselines) is loadtests' job.
Bounded: N x K messages, loopback only, stops by itself. Never asserts a timing.

Run: .venv/bin/python loadtests/bench_csms_quick.py [--stations 50] [--messages 100]
     [--db postgresql+asyncpg://postgres@127.0.0.1:5432/DBNAME]   (an empty database)
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import websockets
from websockets.typing import Subprotocol

from csms.app import Csms
from csms.config import Settings
from ocppj.versions import OcppVersion

TOKEN = "evh_bench_admin_token_0123456789abcdef"
PASSWORD = "bench-station-password"

MEASURANDS = [
    "Energy.Active.Import.Register",
    "Power.Active.Import",
    "Current.Import",
    "Voltage",
    "SoC",
]


@asynccontextmanager
async def csms(db: str) -> AsyncIterator[tuple[str, httpx.AsyncClient]]:
    """The CSMS on free loopback ports; yields its OCPP URL and an admin API client."""
    server = Csms(
        Settings(
            db=db,
            ocpp_port=0,
            http_port=0,
            admin_token=TOKEN,
            sqlite_synchronous="NORMAL",
            log_level="WARNING",
        )
    )
    ports = await server.start()
    try:
        async with httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{ports.http}",
            timeout=60,
            headers={"Authorization": f"Bearer {TOKEN}"},
        ) as api:
            yield f"ws://127.0.0.1:{ports.ocpp}/ocpp", api
    finally:
        await server.stop()


def basic_auth(user: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{PASSWORD}".encode()).decode()}


def meter_values(i: int, transaction_id: int) -> list[object]:
    stamp = f"2026-01-01T{i // 3600:02d}:{i // 60 % 60:02d}:{i % 60:02d}Z"
    samples = []
    for j in range(10):
        sample = {"value": str(i * 10 + j), "measurand": MEASURANDS[j % 5]}
        if j % 5 in (2, 3):
            sample["phase"] = ["L1", "L2"][j // 5]
        samples.append(sample)
    return [
        2,
        str(i),
        "MeterValues",
        {
            "connectorId": 1,
            "transactionId": transaction_id,
            "meterValue": [{"timestamp": stamp, "sampledValue": samples}],
        },
    ]


async def station(
    url: str, sid: str, kind: str, k: int, go: asyncio.Event, lat: list[float]
) -> None:
    async with websockets.connect(
        f"{url}/{sid}",
        subprotocols=[Subprotocol(OcppVersion.V16.subprotocol)],
        additional_headers=basic_auth(sid),
    ) as ws:
        await ws.send(
            json.dumps(
                [2, "b", "BootNotification", {"chargePointVendor": "V", "chargePointModel": "M"}]
            )
        )
        await ws.recv()
        await ws.send(
            json.dumps(
                [
                    2,
                    "s",
                    "StartTransaction",
                    {
                        "connectorId": 1,
                        "idTag": "BENCH",
                        "meterStart": 0,
                        "timestamp": "2026-01-01T00:00:00Z",
                    },
                ]
            )
        )
        tx = json.loads(await ws.recv())[2]["transactionId"]
        await go.wait()
        for i in range(k):
            frame = [2, str(i), "Heartbeat", {}] if kind == "Heartbeat" else meter_values(i, tx)
            start = time.perf_counter()
            await ws.send(json.dumps(frame))
            answer = json.loads(await ws.recv())
            lat.append(time.perf_counter() - start)
            if answer[0] != 3:
                raise RuntimeError(f"{sid}: {answer}")


async def run(db: str, n: int, k: int) -> None:
    async with csms(db) as (url, api):
        for i in range(n):
            await api.post("/api/v1/stations", json={"id": f"BENCH-{i}", "password": PASSWORD})
        await api.post("/api/v1/tokens", json={"value": "BENCH", "allow_concurrent": True})
        for kind in ("Heartbeat", "MeterValues"):
            go, lat = asyncio.Event(), list[float]()
            tasks = [
                asyncio.create_task(station(url, f"BENCH-{i}", kind, k, go, lat)) for i in range(n)
            ]
            await asyncio.sleep(1 + n * 0.05)  # everyone connected and started
            start = time.perf_counter()
            go.set()
            await asyncio.gather(*tasks)
            elapsed = time.perf_counter() - start
            lat.sort()
            p50, p99 = lat[len(lat) // 2] * 1e3, lat[int(len(lat) * 0.99)] * 1e3
            rate = n * k / elapsed
            print(
                f"{kind:<12} {n} stations x {k}: {rate:8.0f} msg/s   p50 {p50:6.1f} ms   "
                f"p99 {p99:6.1f} ms"
            )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--stations", type=int, default=50)
    parser.add_argument("--messages", type=int, default=100)
    parser.add_argument("--db", help="database URL (default: a new SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        print(f"database: {db.split('@')[-1]}")
        asyncio.run(run(db, args.stations, args.messages))


if __name__ == "__main__":
    main()
