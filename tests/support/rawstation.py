"""A lightweight OCPP-J station: websockets + json, no schema validation, no routing.

For storms and process restarts, where hundreds of stations share the test's one event loop
and the `ocpp` library's per-message validation would cost more CPU than the CSMS under test.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import websockets
from websockets.asyncio.client import ClientConnection

from tests.support.stations import SUBPROTOCOL, basic_auth

BASE_TIME = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)


def ts(seconds: float = 0) -> str:
    """A fixed wire timestamp ``seconds`` after the session base time."""
    return (BASE_TIME + timedelta(seconds=seconds)).isoformat().replace("+00:00", "Z")


class CallError(Exception):
    """The CSMS answered a CALL with a CALLERROR."""

    def __init__(self, action: str, frame: list[Any]):
        super().__init__(f"{action}: CALLERROR {frame[2:]}")
        self.frame = frame


class RawStation:
    """One station on one WebSocket; one outstanding CALL at a time, as OCPP-J requires."""

    def __init__(self, url: str, station_id: str, version: str, password: str | None):
        self.url = url
        self.station_id = station_id
        self.version = version
        self.password = password
        self.ws: ClientConnection | None = None
        self._ids = itertools.count(1)
        self.sent = 0

    async def connect(self, *, open_timeout: float = 30) -> None:
        headers = basic_auth(self.station_id, self.password) if self.password is not None else {}
        self.ws = await websockets.connect(
            f"{self.url}/{self.station_id}",
            subprotocols=[SUBPROTOCOL[self.version]],
            additional_headers=headers,
            open_timeout=open_timeout,
            ping_interval=None,
            compression=None,
        )

    async def send_call(
        self, action: str, payload: dict[str, Any], message_id: str | None = None
    ) -> str:
        """Send a CALL without waiting for its answer; returns its message id."""
        assert self.ws is not None, "not connected"
        message_id = message_id or f"{self.station_id}-{next(self._ids)}"
        await self.ws.send(json.dumps([2, message_id, action, payload]))
        self.sent += 1
        return message_id

    async def answer(self, message_id: str, action: str, *, timeout: float = 30) -> dict[str, Any]:
        """The CALLRESULT payload for ``message_id``; raises CallError on a CALLERROR and
        TimeoutError when nothing comes. A CALL from the CSMS is answered CALLERROR
        NotImplemented (these stations implement no CSMS-initiated message)."""
        assert self.ws is not None, "not connected"
        async with asyncio.timeout(timeout):
            while True:
                frame = json.loads(await self.ws.recv())
                if frame[0] == 2:
                    await self.ws.send(json.dumps([4, frame[1], "NotImplemented", "", {}]))
                    continue
                if frame[1] != message_id:
                    continue  # a late answer to a CALL given up on
                if frame[0] == 3:
                    return frame[2]
                raise CallError(action, frame)

    async def call(
        self, action: str, payload: dict[str, Any], *, timeout: float = 30
    ) -> dict[str, Any]:
        message_id = await self.send_call(action, payload)
        return await self.answer(message_id, action, timeout=timeout)

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
            self.ws = None


def energy_sample(wh: int, at: str, context: str, version: str) -> dict[str, Any]:
    """A MeterValue with one energy register reading, in the wire shape of ``version``."""
    sampled: dict[str, Any] = {
        "value": str(wh) if version == "1.6" else wh,
        "measurand": "Energy.Active.Import.Register",
        "context": context,
    }
    if version == "1.6":
        sampled["unit"] = "Wh"
    else:
        sampled["unitOfMeasure"] = {"unit": "Wh"}
    return {"timestamp": at, "sampledValue": [sampled]}
