"""The transport limit: a WebSocket server that answers every OCPP CALL with an empty
CALLRESULT, built from the message id by string slicing, never parsing the JSON.

It runs the same WebSocket stack as the CSMS (`websockets`' asyncio server, no compression),
so the gap between it and a real central system is what the OCPP work costs, not the
transport. It checks nothing (path, subprotocol offered, credentials) and keeps nothing.

    .venv/bin/python loadtests/baselines/echo_server.py [--host 127.0.0.1] [--port 0]

Prints ``EVH_READY ocpp=PORT http=0`` once listening (the line the CSMS prints), then runs
until SIGTERM or SIGINT.
"""

from __future__ import annotations

import argparse
import asyncio
import signal

from websockets.asyncio.server import ServerConnection, serve
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

from csms.oslimits import raise_open_files_limit
from ocppj.versions import SUBPROTOCOLS


def answer(raw: str) -> str | None:
    """The CALLRESULT for a CALL ``[2, "id", ...]``, or None for anything else.

    The message id is the first JSON string of the frame; OCPP ids need no escaping, so
    it is the text between the first two quotes.
    """
    head = raw.lstrip()
    if not head.startswith("[") or head[1:].lstrip()[:1] != "2":
        return None
    first = raw.find('"')
    second = raw.find('"', first + 1)
    if first < 0 or second < 0:
        return None
    return '[3,"' + raw[first + 1 : second] + '",{}]'


async def handler(ws: ServerConnection) -> None:
    """Answer CALLs one after another until the station goes away."""
    try:
        async for raw in ws:
            if isinstance(raw, bytes):
                raw = raw.decode()
            reply = answer(raw)
            if reply is not None:
                await ws.send(reply)
    except ConnectionClosed:
        pass


async def main(host: str, port: int) -> None:
    """Listen, announce the port, run until a termination signal."""
    raise_open_files_limit()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with serve(
        handler,
        host,
        port,
        subprotocols=[Subprotocol(name) for name in SUBPROTOCOLS],
        compression=None,
        ping_interval=None,
        max_size=2**20,
    ) as server:
        bound = server.sockets[0].getsockname()[1]
        print(f"EVH_READY ocpp={bound} http=0", flush=True)
        await stop.wait()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    asyncio.run(main(args.host, args.port))
