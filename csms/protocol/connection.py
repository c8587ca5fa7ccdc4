"""One station's WebSocket: dispatch its CALLs in order, send ours, answer errors."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from websockets.asyncio.server import ServerConnection
from websockets.exceptions import ConnectionClosed

from csms.domain.events import Registration
from csms.protocol.router import CallContext, Router
from ocppj import rpc, schemas
from ocppj.rpc import ErrorKind, RpcError
from ocppj.versions import OcppVersion

if TYPE_CHECKING:
    from csms.services.container import Services

log = logging.getLogger(__name__)

_FRAME_TYPES = {
    OcppVersion.V16: frozenset({rpc.CALL, rpc.CALLRESULT, rpc.CALLERROR}),
    OcppVersion.V201: frozenset({rpc.CALL, rpc.CALLRESULT, rpc.CALLERROR}),
    OcppVersion.V21: frozenset(
        {rpc.CALL, rpc.CALLRESULT, rpc.CALLERROR, rpc.CALLRESULTERROR, rpc.SEND}
    ),
}


class CallFailed(Exception):
    """The station answered our CALL with a CALLERROR."""

    def __init__(self, code: str, description: str, details: Any):
        super().__init__(f"{code}: {description}")
        self.code, self.description, self.details = code, description, details


class ResponseInvalid(Exception):
    """The station's CALLRESULT violates the response schema."""


@dataclass(slots=True)
class ConnectionInfo:
    station_id: str
    version: OcppVersion
    security_profile: int
    registration: Registration
    remote: str = ""
    connected_at: datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class StationConnection:
    def __init__(
        self,
        ws: ServerConnection,
        info: ConnectionInfo,
        router: Router,
        services: Services,
        *,
        validation: schemas.ValidationPolicy,
    ):
        self.ws = ws
        self.info = info
        self.router = router
        self.services = services
        self.validation = validation
        self._pending: dict[str, asyncio.Future[rpc.Frame]] = {}
        self._outgoing = asyncio.Lock()  # OCPP-J: one outstanding CALL per direction
        self._triggered: set[str] = set()
        self._after_reply: list[Callable[[], Awaitable[None]]] = []
        self._jobs: set[asyncio.Task[None]] = set()
        self._ctx = CallContext(info.station_id, info.version, services, self)

    @property
    def station_id(self) -> str:
        return self.info.station_id

    @property
    def version(self) -> OcppVersion:
        return self.info.version

    def after_reply(self, job: Callable[[], Awaitable[None]]) -> None:
        """Run ``job`` once the answer to the CALL being handled is sent: a CALL the CSMS
        makes in reaction (CostUpdated, a stop at the session limit) follows the answer on
        the wire, and never delays it."""
        self._after_reply.append(job)

    def _start_jobs(self) -> None:
        jobs, self._after_reply = self._after_reply, []
        for job in jobs:
            task = asyncio.create_task(self._run_job(job))
            self._jobs.add(task)
            task.add_done_callback(self._jobs.discard)

    async def _run_job(self, job: Callable[[], Awaitable[None]]) -> None:
        try:
            await job()
        except (
            ConnectionError,
            ConnectionClosed,
            TimeoutError,
            CallFailed,
            ResponseInvalid,
            RpcError,
        ) as error:
            log.info("%s: follow-up call failed: %s", self.station_id, error)
        except Exception:
            log.exception("%s: follow-up call failed", self.station_id)

    def allow_triggered(self, action: str) -> None:
        """B02.FR.09: a message the CSMS triggered is allowed while not yet Accepted."""
        self._triggered.add(action)

    async def serve(self) -> None:
        try:
            async for raw in self.ws:
                await self._on_message(raw)
        except ConnectionClosed:
            pass
        finally:
            for future in self._pending.values():
                if not future.done():
                    future.set_exception(ConnectionError("station disconnected"))

    async def _on_message(self, raw: str | bytes) -> None:
        self.services.stations.seen(self.station_id)
        try:
            frame = rpc.parse(raw, allowed_types=_FRAME_TYPES[self.version])
        except RpcError as error:
            await self._send(rpc.encode_error(error, self.version))
            return
        if frame.type_id == rpc.CALL:
            reply = await self._handle_call(frame)
            await self._send(reply)
            if self._after_reply:
                self._start_jobs()
        elif frame.type_id == rpc.SEND:
            await self._handle_call(frame)  # 2.1 SEND: handled, never answered
            self._after_reply.clear()
        else:
            future = self._pending.get(frame.message_id)
            if future is None or future.done():
                log.info("%s: answer to unknown message id %s", self.station_id, frame.message_id)
            else:
                future.set_result(frame)

    async def _handle_call(self, frame: rpc.Frame) -> str:
        action = frame.action or ""
        try:
            handler = self.router.get(self.version, action)
            if handler is None:
                kind = (
                    ErrorKind.NOT_SUPPORTED
                    if action in schemas.known_actions(self.version)
                    else ErrorKind.NOT_IMPLEMENTED
                )
                raise RpcError(
                    kind, f"{action!r} is not handled by this CSMS in OCPP {self.version}"
                )
            if self.validation is schemas.ValidationPolicy.FULL:
                schemas.validate(self.version, action, frame.payload)
            if self.info.registration is not Registration.ACCEPTED and action != "BootNotification":
                if action not in self._triggered:
                    raise RpcError(
                        ErrorKind.SECURITY,
                        f"station is {self.info.registration.value}: "
                        "only BootNotification is allowed",
                    )
                self._triggered.discard(action)
            result = await handler(self._ctx, frame.payload)
            return rpc.encode_result(frame.message_id, result)
        except RpcError as error:
            self._after_reply.clear()
            error.message_id = frame.message_id
            return rpc.encode_error(error, self.version)
        except Exception:
            self._after_reply.clear()
            log.exception("%s: %s handler failed", self.station_id, action)
            internal = RpcError(
                ErrorKind.INTERNAL, f"{action} could not be processed", message_id=frame.message_id
            )
            return rpc.encode_error(internal, self.version)

    async def _send(self, text: str) -> None:
        try:
            await self.ws.send(text)
        except ConnectionClosed:
            log.info("%s: connection closed before an answer could be sent", self.station_id)

    async def call(
        self, action: str, payload: dict[str, Any], *, timeout: float = 30.0, validate: bool = True
    ) -> dict[str, Any]:
        """Send a CALL and return the CALLRESULT payload.

        Raises CallFailed on a CALLERROR, TimeoutError when no answer comes, ResponseInvalid
        when the answer violates its schema, and RpcError when ``payload`` violates ours.
        """
        if validate:
            schemas.validate(self.version, action, payload)
        async with self._outgoing:
            message_id = str(uuid.uuid4())
            future: asyncio.Future[rpc.Frame] = asyncio.get_running_loop().create_future()
            self._pending[message_id] = future
            try:
                await self.ws.send(rpc.encode_call(message_id, action, payload))
                frame = await asyncio.wait_for(future, timeout)
            finally:
                self._pending.pop(message_id, None)
        if frame.type_id != rpc.CALLRESULT:
            raise CallFailed(
                frame.error_code or "", frame.error_description or "", frame.error_details
            )
        if validate and self.validation is schemas.ValidationPolicy.FULL:
            try:
                schemas.validate(self.version, action, frame.payload, response=True)
            except RpcError as error:
                raise ResponseInvalid(error.description) from None
        return frame.payload

    async def close(self, code: int = 1000, reason: str = "") -> None:
        await self.ws.close(code, reason)
