"""A bare OCPP 1.6 central system written with the `ocpp` library, as its documentation
shows one: a ``ChargePoint`` per connection with ``@on`` handlers, served by `websockets`.

Library defaults throughout: every CALL and every answer is validated against the JSON
schemas with jsonschema, in the default thread pool (``ocpp.messages.ASYNC_VALIDATION``),
and messages of one connection are handled one after another. The handlers answer the
session pipeline (BootNotification, Heartbeat, StatusNotification, Authorize,
StartTransaction, StopTransaction, MeterValues) with minimal valid answers; nothing is
stored, no credential is checked. It is the yardstick for "what the library gives you".

    .venv/bin/python loadtests/baselines/ocpp_lib_csms.py [--host 127.0.0.1] [--port 0]

Stations connect to ``ws://HOST:PORT/ocpp/<station id>`` with subprotocol ``ocpp1.6``.
Prints ``EVH_READY ocpp=PORT http=0`` once listening, then runs until SIGTERM or SIGINT.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import signal
from datetime import UTC, datetime
from typing import Any

from ocpp.routing import on
from ocpp.v16 import ChargePoint as Cp
from ocpp.v16 import call_result
from ocpp.v16.datatypes import IdTagInfo
from ocpp.v16.enums import Action, AuthorizationStatus, RegistrationStatus
from websockets.asyncio.server import ServerConnection, serve
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

from csms.oslimits import raise_open_files_limit

_transaction_ids = itertools.count(1)


def now() -> str:
    """The current UTC time as OCPP writes it."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def accepted() -> IdTagInfo:
    """An idTagInfo that lets the session go on."""
    return IdTagInfo(status=AuthorizationStatus.accepted)


class ChargePoint(Cp):
    """One connected station: minimal valid answers, nothing stored."""

    @on(Action.boot_notification)
    def on_boot_notification(self, **_: Any) -> call_result.BootNotification:
        """Accepted, heartbeat every 300 s."""
        return call_result.BootNotification(
            current_time=now(), interval=300, status=RegistrationStatus.accepted
        )

    @on(Action.heartbeat)
    def on_heartbeat(self, **_: Any) -> call_result.Heartbeat:
        """The current time."""
        return call_result.Heartbeat(current_time=now())

    @on(Action.status_notification)
    def on_status_notification(self, **_: Any) -> call_result.StatusNotification:
        """Nothing to say."""
        return call_result.StatusNotification()

    @on(Action.authorize)
    def on_authorize(self, **_: Any) -> call_result.Authorize:
        """Accepted."""
        return call_result.Authorize(id_tag_info=accepted())

    @on(Action.start_transaction)
    def on_start_transaction(self, **_: Any) -> call_result.StartTransaction:
        """A new transaction id, accepted."""
        return call_result.StartTransaction(
            transaction_id=next(_transaction_ids), id_tag_info=accepted()
        )

    @on(Action.stop_transaction)
    def on_stop_transaction(self, **_: Any) -> call_result.StopTransaction:
        """Accepted."""
        return call_result.StopTransaction(id_tag_info=accepted())

    @on(Action.meter_values)
    def on_meter_values(self, **_: Any) -> call_result.MeterValues:
        """Nothing to say."""
        return call_result.MeterValues()


async def on_connect(ws: ServerConnection) -> None:
    """Serve one station, named by the last path segment, until it goes away."""
    if ws.subprotocol != "ocpp1.6":
        await ws.close(1002, "ocpp1.6 only")
        return
    path = ws.request.path if ws.request is not None else "/"
    station_id = path.rstrip("/").rsplit("/", 1)[-1]
    with contextlib.suppress(ConnectionClosed):
        await ChargePoint(station_id, ws).start()


async def main(host: str, port: int) -> None:
    """Listen, announce the port, run until a termination signal."""
    raise_open_files_limit()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with serve(on_connect, host, port, subprotocols=[Subprotocol("ocpp1.6")]) as server:
        bound = server.sockets[0].getsockname()[1]
        print(f"EVH_READY ocpp={bound} http=0", flush=True)
        await stop.wait()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    asyncio.run(main(args.host, args.port))
