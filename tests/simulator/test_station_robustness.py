"""A station facing a CSMS that answers badly: an answer that breaks the schema is a failed
call, retried like a CALLERROR; a handshake never answered is a failed connect, retried after
the backoff; a refused StatusNotification leaves the other connectors reported. Never a
station that silently stops working."""

from __future__ import annotations

import asyncio
import gc
import json
import logging
from dataclasses import replace
from typing import Any

import pytest
from websockets.asyncio.server import serve

from ocppj.versions import OcppVersion
from simulator import transport
from simulator.catalogue import load_catalogue
from simulator.clock import SimClock
from simulator.station import Station, StationSpec
from simulator.transport import Socket
from tests.simulator.test_station_against_csms import until

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

    async with serve(csms, "127.0.0.1", 0, subprotocols=["ocpp1.6"]) as server:  # type: ignore[list-item]  # str, not Subprotocol
        port = server.sockets[0].getsockname()[1]
        spec = StationSpec("ROBUST-1", OcppVersion.V16, load_catalogue()["home-7kw"])
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


async def test_a_handshake_never_answered_is_a_clean_connect_failure(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, "asyncio")
    failures: list[type[Exception]] = []  # types only: an exception keeps its frames alive

    async def quick_connect(*args: Any, **kwargs: Any) -> Socket:
        try:
            return await transport.connect(*args, **kwargs, open_timeout=0.2)
        except Exception as error:
            failures.append(type(error))
            raise

    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read()  # TCP accepted, the HTTP upgrade never answered
        writer.close()

    monkeypatch.setattr("simulator.station.connect", quick_connect)
    async with await asyncio.start_server(silent, "127.0.0.1", 0) as server:
        port = server.sockets[0].getsockname()[1]
        spec = StationSpec("SILENT-1", OcppVersion.V16, load_catalogue()["home-7kw"])
        station = Station(spec, f"ws://127.0.0.1:{port}/ocpp", clock=SimClock(600))
        task = asyncio.create_task(station.run())
        try:
            await until(lambda: len(failures) >= 2)  # failed, backed off, tried again
        finally:
            await station.stop()
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
    await asyncio.sleep(0.05)  # the aborted connections' connection_lost()
    gc.collect()  # a future with an unretrieved exception says so when collected

    assert set(failures) == {TimeoutError} and not station.connected
    assert [r.getMessage() for r in caplog.records if r.name == "asyncio"] == []


# dc-50 with two EVSEs: in 2.x four (EVSE, connector) pairs, in 1.6 connectors 1 and 2.
TWO_BY_TWO = replace(load_catalogue()["dc-50"], evses=2, ocpp_versions=("1.6", "2.0.1", "2.1"))
CONNECTORS = {
    "1.6": {(1,), (2,)},
    "2.0.1": {(1, 1), (1, 2), (2, 1), (2, 2)},
    "2.1": {(1, 1), (1, 2), (2, 1), (2, 2)},
}


@pytest.mark.parametrize("version", list(OcppVersion))
async def test_a_refused_status_notification_leaves_the_other_connectors_reported(
    version: OcppVersion,
) -> None:
    refused = min(CONNECTORS[version])
    reported: set[tuple[int, ...]] = set()
    attempts: list[tuple[int, ...]] = []

    async def csms(ws: Any) -> None:
        async for raw in ws:
            _, message_id, action, payload = json.loads(raw)
            answer: dict[str, Any] = {}
            if action == "BootNotification":
                answer = GOOD_BOOT
            elif action == "Heartbeat":
                answer = {"currentTime": GOOD_BOOT["currentTime"]}
            elif action == "StatusNotification":
                connector = tuple(payload[k] for k in ("evseId", "connectorId") if k in payload)
                attempts.append(connector)
                if connector == refused:
                    await ws.send(json.dumps([4, message_id, "InternalError", "refused", {}]))
                    continue
                reported.add(connector)
            await ws.send(json.dumps([3, message_id, answer]))

    subprotocols = ["ocpp1.6", "ocpp2.0.1", "ocpp2.1"]
    async with serve(csms, "127.0.0.1", 0, subprotocols=subprotocols) as server:  # type: ignore[arg-type]  # str, not Subprotocol
        port = server.sockets[0].getsockname()[1]
        spec = StationSpec("STATUS-1", version, TWO_BY_TWO)
        station = Station(spec, f"ws://127.0.0.1:{port}/ocpp", clock=SimClock(600))
        task = asyncio.create_task(station.run())
        try:
            await until(lambda: station.online and reported == CONNECTORS[version] - {refused})
        finally:
            await station.stop()
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    assert refused in attempts
