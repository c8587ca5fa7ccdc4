"""Raw OCPP-J over a WebSocket, for tests that must send what no library would."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import websockets
from websockets.asyncio.client import ClientConnection

from tests.support.bench import PASSWORD, Bench
from tests.support.stations import SUBPROTOCOL, basic_auth

BOOT = {
    "1.6": {"chargePointVendor": "V", "chargePointModel": "M"},
    "2.0.1": {"reason": "PowerUp", "chargingStation": {"vendorName": "V", "model": "M"}},
    "2.1": {"reason": "PowerUp", "chargingStation": {"vendorName": "V", "model": "M"}},
}


@asynccontextmanager
async def raw_station(
    bench: Bench, station_id: str, version: str, *, boot: bool = True, register: bool = True
) -> AsyncIterator[ClientConnection]:
    if register:
        await bench.register(station_id)
    async with websockets.connect(
        f"{bench.ocpp_url}/{station_id}",
        subprotocols=[SUBPROTOCOL[version]],
        additional_headers=basic_auth(station_id, PASSWORD),
    ) as ws:
        if boot:
            answer = await exchange(ws, [2, "boot", "BootNotification", BOOT[version]])
            assert answer[2]["status"] == "Accepted", answer
        yield ws


async def exchange(ws: ClientConnection, frame: Any, *, timeout: float = 5) -> list[Any]:
    """Send a frame (a list is JSON-encoded, a str goes as is) and return the next reply."""
    await ws.send(frame if isinstance(frame, str | bytes) else json.dumps(frame))
    return json.loads(await asyncio.wait_for(ws.recv(), timeout))


async def silent(ws: ClientConnection, *, within: float = 0.5) -> bool:
    """True when nothing arrives within ``within`` seconds."""
    try:
        await asyncio.wait_for(ws.recv(), within)
    except TimeoutError:
        return True
    return False
