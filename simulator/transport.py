"""One station's OCPP-J link to a CSMS: the WebSocket, its frames, one outstanding CALL per
direction, and schema validation by policy.

The framing and the schemas are shared with the CSMS (``ocppj.rpc``, ``ocppj.schemas``): the
same OCPP-J rules apply in both directions. Validation is a fleet setting: ``full``
checks every frame sent and received, ``sampled`` one in :data:`SAMPLE_EVERY`, ``off`` none
(the `ocpp` library validates everything with jsonschema in a thread pool; at thousands of
stations that is the main cost, see loadtests/bench_validation.py).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import time
from collections.abc import Awaitable, Callable
from typing import Any

import websockets
from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

from ocppj import rpc, schemas
from ocppj.rpc import ErrorKind, RpcError
from ocppj.versions import OcppVersion
from simulator import wsclient
from simulator.metrics import MetricsSink, NullMetrics, Outcome
from simulator.wsclient import WsClient

SAMPLE_EVERY = 20
_FRAMES = frozenset({rpc.CALL, rpc.CALLRESULT, rpc.CALLERROR})
_ids = itertools.count(1)

Handler = Callable[[str, dict[str, Any]], Awaitable[dict[str, Any]]]


class CallError(Exception):
    """The CSMS answered our CALL with a CALLERROR."""

    def __init__(self, code: str, description: str) -> None:
        super().__init__(f"{code}: {description}")
        self.code = code


class Disconnected(Exception):
    """The link is down: the CALL was not sent, or its answer can no longer come."""


class Link:
    """A connected socket speaking OCPP-J ``version``. ``serve`` returns when the socket
    closes; frames are handled as they arrive: an answer resolves the waiting CALL at once,
    a CALL of the CSMS is answered by ``handler`` in a task of its own."""

    def __init__(
        self,
        sock: Socket,
        version: OcppVersion,
        *,
        validation: str = "full",
        metrics: MetricsSink | None = None,
        call_timeout: float = 30.0,
    ) -> None:
        self.sock = sock
        self.version = version
        self.validation = validation
        self.metrics = metrics or NullMetrics()
        self.call_timeout = call_timeout
        self._outgoing = asyncio.Lock()
        self._waiting: tuple[str, asyncio.Future[rpc.Frame]] | None = None
        self._checked = 0
        self._handler: Handler | None = None
        self._jobs: set[asyncio.Task[None]] = set()

    def _validating(self) -> bool:
        if self.validation == "full":
            return True
        if self.validation == "off":
            return False
        self._checked += 1
        return self._checked % SAMPLE_EVERY == 0

    async def call(self, action: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Send a CALL and return the CALLRESULT payload. Raises CallError on a CALLERROR,
        TimeoutError without an answer, Disconnected when the link drops."""
        check = self._validating()
        if check:
            schemas.validate(self.version, action, payload)
        async with self._outgoing:
            message_id = str(next(_ids))
            future: asyncio.Future[rpc.Frame] = asyncio.get_running_loop().create_future()
            self._waiting = (message_id, future)
            started = time.perf_counter()
            try:
                await self.sock.send(rpc.encode_call(message_id, action, payload))
                # asyncio.timeout, not wait_for: on 3.11 wait_for can turn a cancellation
                # of the caller into a TimeoutError, and a stopped station then lives on.
                async with asyncio.timeout(self.call_timeout):
                    frame = await future
            except (ConnectionError, ConnectionClosed):
                self.metrics.exchange(action, 0.0, Outcome.DISCONNECTED, sent=True)
                raise Disconnected(action) from None
            except TimeoutError:
                self.metrics.exchange(action, self.call_timeout, Outcome.TIMEOUT, sent=True)
                raise
            finally:
                self._waiting = None
        elapsed = time.perf_counter() - started
        if frame.type_id == rpc.CALLERROR:
            self.metrics.exchange(action, elapsed, Outcome.CALLERROR, sent=True)
            raise CallError(frame.error_code or "", frame.error_description or "")
        if check:
            try:
                schemas.validate(self.version, action, frame.payload, response=True)
            except RpcError as error:
                # An answer that breaks the schema is a failed call: the station retries
                # it the way it retries a CALLERROR, and the fleet counts it as an error.
                self.metrics.exchange(action, elapsed, Outcome.CALLERROR, sent=True)
                raise CallError("ResponseInvalid", error.description) from None
        self.metrics.exchange(action, elapsed, _outcome(frame.payload), sent=True)
        return frame.payload

    async def send_raw(self, text: str) -> None:
        """Send a frame as is (answers, and malformed frames for fault injection); a closed
        socket swallows it, as the network would."""
        with contextlib.suppress(ConnectionError, ConnectionClosed):
            await self.sock.send(text)

    async def serve(self, handler: Handler) -> None:
        """Handle frames until the socket closes."""
        self._handler = handler
        try:
            await self.sock.run(self._on_text)
        finally:
            waiting = self._waiting
            if waiting is not None and not waiting[1].done():
                waiting[1].set_exception(ConnectionError("connection closed"))

    def _on_text(self, raw: str) -> None:
        try:
            frame = rpc.parse(raw, allowed_types=_FRAMES)
        except RpcError as error:
            self._spawn(self.send_raw(rpc.encode_error(error, self.version)))
            return
        if frame.type_id != rpc.CALL:
            waiting = self._waiting
            if waiting is not None and waiting[0] == frame.message_id and not waiting[1].done():
                waiting[1].set_result(frame)
            return
        self._spawn(self._answer(frame))

    def _spawn(self, coro: Any) -> None:
        task = asyncio.ensure_future(coro)
        self._jobs.add(task)
        task.add_done_callback(self._jobs.discard)

    async def _answer(self, frame: rpc.Frame) -> None:
        assert self._handler is not None
        action = frame.action or ""
        started = time.perf_counter()
        try:
            if action not in schemas.known_actions(self.version):
                raise RpcError(ErrorKind.NOT_IMPLEMENTED, f"unknown action {action!r}")
            if self._validating():
                schemas.validate(self.version, action, frame.payload)
            result = await self._handler(action, frame.payload)
            reply = rpc.encode_result(frame.message_id, result)
            outcome = _outcome(result)
        except RpcError as error:
            error.message_id = frame.message_id
            reply, outcome = rpc.encode_error(error, self.version), Outcome.CALLERROR
        except NoAnswer:
            self.metrics.exchange(action, 0.0, Outcome.TIMEOUT, sent=False)
            return
        self.metrics.exchange(action, time.perf_counter() - started, outcome, sent=False)
        await self.send_raw(reply)

    async def close(self) -> None:
        await self.sock.close()

    def abort(self) -> None:
        """Drop the TCP connection without a close frame (a network failure)."""
        self.sock.abort()


class Socket:
    """What a Link needs of a WebSocket, over the lean client or `websockets`."""

    async def send(self, text: str) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    async def run(self, on_message: Callable[[str], None]) -> None:  # pragma: no cover
        raise NotImplementedError

    async def close(self) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def abort(self) -> None:  # pragma: no cover - interface
        raise NotImplementedError


class LeanSocket(Socket):
    """The lean client: messages arrive by callback, no reader task."""

    __slots__ = ("ws",)

    def __init__(self, ws: WsClient) -> None:
        self.ws = ws

    async def send(self, text: str) -> None:
        self.ws.send(text)

    async def run(self, on_message: Callable[[str], None]) -> None:
        early = self.ws.take_early()
        self.ws.on_message = on_message
        for text in early:
            on_message(text)
        await asyncio.shield(self.ws.closed)

    async def close(self) -> None:
        self.ws.close()
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(3):
                await asyncio.shield(self.ws.closed)

    def abort(self) -> None:
        self.ws.abort()


class WebsocketsSocket(Socket):
    """`websockets` (for permessage-deflate): a reader loop feeds the callback."""

    __slots__ = ("ws",)

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws

    async def send(self, text: str) -> None:
        await self.ws.send(text)

    async def run(self, on_message: Callable[[str], None]) -> None:
        with contextlib.suppress(ConnectionClosed):
            async for raw in self.ws:
                on_message(raw if isinstance(raw, str) else raw.decode())

    async def close(self) -> None:
        await self.ws.close()

    def abort(self) -> None:
        self.ws.transport.abort()


class NoAnswer(Exception):
    """Raised by a handler that must leave the CSMS's CALL unanswered (fault injection)."""


def _outcome(payload: Any) -> Outcome:
    status = payload.get("status") if isinstance(payload, dict) else None
    if status is None and isinstance(payload, dict):
        info = payload.get("idTagInfo") or payload.get("idTokenInfo")
        status = info.get("status") if isinstance(info, dict) else None
    return Outcome.REJECTED if status in _REFUSALS else Outcome.OK


# Answers that say no: registration and command statuses, and every refusing authorization
# status of 1.6 and 2.x (a card already in a session is ConcurrentTx).
_REFUSALS = frozenset(
    {
        "Rejected",
        "Invalid",
        "Blocked",
        "Expired",
        "ConcurrentTx",
        "NoCredit",
        "NotAllowedTypeEVSE",
        "NotAtThisLocation",
        "NotAtThisTime",
        "Unknown",
    }
)


async def connect(
    url: str,
    station_id: str,
    version: OcppVersion,
    *,
    password: str | None,
    compression: bool,
    open_timeout: float = 30.0,
    local_address: str | None = None,
) -> Socket:
    """Open the station's WebSocket ``{url}/{station_id}`` with its subprotocol and, with a
    password, HTTP Basic auth (security profile 1). The lean client unless compression is
    asked for, which only `websockets` offers."""
    headers = {}
    if password is not None:
        token = base64.b64encode(f"{station_id}:{password}".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    address = f"{url.rstrip('/')}/{station_id}"
    if not compression:
        ws = await wsclient.connect(
            address,
            subprotocol=version.subprotocol,
            headers=headers,
            timeout=open_timeout,
            local_address=local_address,
        )
        return LeanSocket(ws)
    extra: dict[str, Any] = {}
    if local_address is not None:
        extra["local_addr"] = (local_address, 0)
    conn = await websockets.connect(
        address,
        subprotocols=[Subprotocol(version.subprotocol)],
        additional_headers=headers,
        compression="deflate",
        open_timeout=open_timeout,
        ping_interval=None,  # OCPP heartbeats keep the link alive; pings cost at scale
        max_queue=4,
        **extra,
    )
    return WebsocketsSocket(conn)
