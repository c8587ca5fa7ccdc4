"""The harness's end of one OCPP-J connection, in either role.

Every frame goes through the wire log. Every payload the system under test sends is checked
against the OCPP schema; a violation is kept and fails the case at the end of the step.
CALLs from the other side are answered at once, by the answer the case set for that action
(``answers``) or the template's; a step that expects a CALL then finds it in ``backlog``.
Answering at once matters: a 1.6 peer sends its next CALL only after an answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.connection import Connection
from websockets.exceptions import ConnectionClosed

from conformance.wire import WireLog
from ocppj import rpc, schemas
from ocppj.rpc import RpcError
from ocppj.versions import OcppVersion

_FRAMES = frozenset({rpc.CALL, rpc.CALLRESULT, rpc.CALLERROR})


@dataclass(frozen=True, slots=True)
class Answer:
    """What came back for one CALL: a result payload, or a CALLERROR code."""

    action: str
    payload: dict[str, Any] | None = None
    error_code: str | None = None
    error_description: str = ""

    @property
    def is_error(self) -> bool:
        return self.error_code is not None


@dataclass(slots=True)
class Received:
    """A CALL the other side sent, and the answer the harness gave it."""

    message_id: str
    action: str
    payload: dict[str, Any]
    answer: dict[str, Any] | None = None
    error_code: str | None = None


# What the harness answers an incoming CALL with: a result payload, or RpcError.
Answerer = Callable[[Received], dict[str, Any]]


@dataclass
class Peer:
    ws: Connection
    version: OcppVersion
    wire: WireLog
    answerer: Answerer
    violations: list[str] = field(default_factory=list)
    backlog: list[Received] = field(default_factory=list)
    _pending: dict[str, tuple[str, asyncio.Future[Answer]]] = field(default_factory=dict)
    _arrived: asyncio.Condition = field(default_factory=asyncio.Condition)
    _reader: asyncio.Task[None] | None = None
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def start(self) -> None:
        self._reader = asyncio.create_task(self._read())

    @property
    def closed(self) -> bool:
        return self._reader is None or self._reader.done()

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await self.ws.close()
        if self._reader:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader

    async def wait_closed(self, timeout: float) -> bool:
        """True when the other side closed the connection within ``timeout``."""
        if self._reader is None:
            return True
        try:
            async with asyncio.timeout(timeout):
                await asyncio.shield(self._reader)
        except TimeoutError:
            return False
        return True

    async def send_raw(self, text: str) -> None:
        self.wire.sent(text)
        await self.ws.send(text)

    async def call(self, action: str, payload: dict[str, Any], timeout: float) -> Answer:
        """Send a CALL and wait for its answer. A CALLERROR is an answer, not an exception;
        no answer within ``timeout`` raises TimeoutError."""
        message_id = str(next(self._ids))
        future: asyncio.Future[Answer] = asyncio.get_running_loop().create_future()
        self._pending[message_id] = (action, future)
        try:
            await self.send_raw(rpc.encode_call(message_id, action, payload))
            async with asyncio.timeout(timeout):
                return await future
        finally:
            self._pending.pop(message_id, None)

    async def expect(
        self, action: str, timeout: float, *, where: Callable[[Received], bool] | None = None
    ) -> Received:
        """The oldest unconsumed CALL of ``action`` (that ``where`` accepts), waiting for it
        up to ``timeout``."""
        async with asyncio.timeout(timeout), self._arrived:
            while True:
                for received in self.backlog:
                    if received.action == action and (where is None or where(received)):
                        self.backlog.remove(received)
                        return received
                if self.closed:
                    raise ConnectionError(f"the connection closed before {action} came")
                await self._arrived.wait()

    def adopt(self, wire: WireLog, answerer: Answerer) -> Peer:
        """Hand the connection to the next case: its wire log, its answers, a clean slate."""
        self.wire, self.answerer = wire, answerer
        self.violations.clear()
        self.backlog.clear()
        wire.note("charger still connected from the previous case")
        return self

    def drop_backlog(self) -> None:
        self.backlog.clear()

    async def _read(self) -> None:
        try:
            async for raw in self.ws:
                text = raw if isinstance(raw, str) else raw.decode("utf-8", "replace")
                self.wire.received(text)
                await self._frame(text)
        except ConnectionClosed:
            pass
        finally:
            self.wire.note("connection closed")
            for _action, future in self._pending.values():
                if not future.done():
                    future.set_exception(ConnectionError("the connection closed"))
            async with self._arrived:
                self._arrived.notify_all()

    async def _frame(self, text: str) -> None:
        try:
            frame = rpc.parse(text, allowed_types=_FRAMES)
        except RpcError as exc:
            self.violations.append(f"not an OCPP-J frame: {exc.description}")
            return
        if frame.type_id == rpc.CALL:
            await self._incoming(frame)
            return
        pending = self._pending.get(frame.message_id)
        if pending is None:
            self.violations.append(f"an answer to no CALL of ours: message id {frame.message_id}")
            return
        action, future = pending
        if frame.type_id == rpc.CALLERROR:
            answer = Answer(action, None, frame.error_code, frame.error_description or "")
        else:
            self._check(action, frame.payload, response=True)
            answer = Answer(action, frame.payload)
        if not future.done():
            future.set_result(answer)

    async def _incoming(self, frame: rpc.Frame) -> None:
        assert frame.action is not None
        received = Received(frame.message_id, frame.action, frame.payload)
        if frame.action not in schemas.known_actions(self.version):
            reply = rpc.encode_error(
                RpcError(
                    rpc.ErrorKind.NOT_IMPLEMENTED,
                    f"{frame.action} is not an OCPP {self.version} action",
                    message_id=frame.message_id,
                ),
                self.version,
            )
            self.violations.append(f"{frame.action} is not an OCPP {self.version} action")
        else:
            self._check(frame.action, frame.payload, response=False)
            try:
                received.answer = self.answerer(received)
                reply = rpc.encode_result(frame.message_id, received.answer)
            except RpcError as exc:
                exc.message_id = frame.message_id
                received.error_code = rpc.error_code(exc.kind, self.version)
                reply = rpc.encode_error(exc, self.version)
        with contextlib.suppress(ConnectionClosed):
            await self.send_raw(reply)
        async with self._arrived:
            self.backlog.append(received)
            self._arrived.notify_all()

    def _check(self, action: str, payload: Any, *, response: bool) -> None:
        try:
            schemas.validate(self.version, action, payload, response=response)
        except RpcError as exc:
            what = "answer" if response else "request"
            self.violations.append(f"{action} {what} breaks the schema: {exc.description}")
