"""A station facing a CSMS that answers badly: an answer that breaks the schema is a failed
call, retried like a CALLERROR, never a station that silently stops working."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from websockets.asyncio.server import serve

from simulator.catalogue import load_catalogue
from simulator.clock import SimClock
from simulator.station import Station, StationSpec

GOOD_BOOT = {"status": "Accepted", "interval": 300, "currentTime": "2026-11-21T10:00:00Z"}


async def test_an_invalid_boot_answer_is_retried_until_a_valid_one() -> None:
    boots: list[dict[str, Any]] = []

    async def csms(ws: Any) -> None:
        async for raw in ws:
            _, message_id, action, payload = json.loads(raw)
            if action == "BootNotification":
                boots.append(payload)
                # The first answer misses currentTime and interval: not a valid answer.
                answer = {"status": "Accepted"} if len(boots) == 1 else GOOD_BOOT
            else:
                answer = {}
            await ws.send(json.dumps([3, message_id, answer]))

    async with serve(csms, "127.0.0.1", 0, subprotocols=["ocpp1.6"]) as server:  # type: ignore[list-item]
        port = server.sockets[0].getsockname()[1]
        spec = StationSpec("ROBUST-1", "1.6", load_catalogue()["home-7kw"])
        station = Station(spec, f"ws://127.0.0.1:{port}/ocpp", clock=SimClock(600))
        task = asyncio.create_task(station.run())
        try:
            for _ in range(200):
                if station.online:
                    break
                await asyncio.sleep(0.02)
        finally:
            await station.stop()
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    assert len(boots) == 2 and station.boots == 1 and station.registration == "Accepted"
