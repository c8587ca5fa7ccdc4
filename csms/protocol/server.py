"""The OCPP WebSocket server: handshake (path, subprotocol, credentials), live connections."""

from __future__ import annotations

import asyncio
import base64
import binascii
import logging
import re
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from urllib.parse import unquote

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.datastructures import Headers
from websockets.http11 import Request, Response
from websockets.typing import Subprotocol

from csms.domain.events import Registration
from csms.domain.station_access import UnknownStationPolicy, decide_handshake
from csms.protocol.connection import ConnectionInfo, StationConnection
from csms.protocol.router import Router
from csms.services.container import Services
from ocppj import schemas
from ocppj.versions import SUBPROTOCOLS

log = logging.getLogger(__name__)

_STATION_ID = re.compile(r"^[A-Za-z0-9*\-_=+|@.:]{1,48}$")


@dataclass(frozen=True, slots=True)
class Listener:
    """One port: ``profile`` 1 is plain WebSocket, 2 TLS, 3 TLS with client certificates."""

    host: str
    port: int
    profile: int
    ssl_context: ssl.SSLContext | None = None


LISTEN_BACKLOG = 4096  # the kernel caps it at net.core.somaxconn


def offered_subprotocols(headers: Headers) -> list[str]:
    return [
        p.strip()
        for value in headers.get_all("Sec-WebSocket-Protocol")
        for p in value.split(",")
        if p.strip()
    ]


def basic_credentials(headers: Headers) -> tuple[str, str] | None:
    value = headers.get("Authorization", "")
    scheme, _, encoded = value.partition(" ")
    if scheme.lower() != "basic" or not encoded:
        return None
    try:
        user, sep, password = base64.b64decode(encoded, validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return (user, password) if sep else None


def certificate_names(connection: ServerConnection) -> set[str]:
    ssl_object = connection.transport.get_extra_info("ssl_object")
    cert = ssl_object.getpeercert() if ssl_object else None
    if not cert:
        return set()
    return {value for rdn in cert.get("subject", ()) for key, value in rdn if key == "commonName"}


class OcppServer:
    """Accepts stations on one or more listeners and keeps the live connection per station."""

    def __init__(
        self,
        services: Services,
        router: Router,
        *,
        path_prefix: str = "/ocpp/",
        unknown_stations: UnknownStationPolicy = UnknownStationPolicy.REJECT,
        allow_passwordless: bool = False,
        validation: schemas.ValidationPolicy = schemas.ValidationPolicy.FULL,
        ping_interval: float | None = 60.0,
        compression: bool = False,
        open_timeout: float = 60.0,
    ):
        self.services = services
        self.router = router
        self.path_prefix = path_prefix
        self.unknown_stations = unknown_stations
        self.allow_passwordless = allow_passwordless
        self.validation = validation
        self.ping_interval = ping_interval
        self.compression = compression
        # The opening handshake includes the PBKDF2 password check (~30 ms of CPU each). When a
        # fleet connects at once (first start, CSMS restart) the checks queue: 300 stations
        # take ~10 s on 2 cores, and websockets' default of 10 s silently aborted the last ones.
        self.open_timeout = open_timeout
        self.connections: dict[str, StationConnection] = {}
        self._servers: list[Server] = []
        self._closing: set[asyncio.Task[None]] = set()

    def connection(self, station_id: str) -> StationConnection | None:
        return self.connections.get(station_id)

    async def start(self, listeners: Sequence[Listener]) -> list[int]:
        """Listen on every listener; returns the bound ports (useful with port 0)."""
        ports = []
        for listener in listeners:
            server = await serve(
                self._serve,
                listener.host,
                listener.port,
                ssl=listener.ssl_context,
                process_request=self._handshake_for(listener.profile),
                select_subprotocol=self._select_subprotocol,
                compression="deflate" if self.compression else None,
                ping_interval=self.ping_interval,
                open_timeout=self.open_timeout,
                max_size=2**20,
                # A reboot storm opens thousands of connections in the same second; the
                # default backlog (100) drops SYNs, and a dropped SYN waits 1 s, then 3 s...
                backlog=LISTEN_BACKLOG,
            )
            self._servers.append(server)
            ports.append(server.sockets[0].getsockname()[1])
        return ports

    async def stop(self) -> None:
        for server in self._servers:
            server.close()
        for server in self._servers:
            await server.wait_closed()
        self._servers.clear()

    @staticmethod
    def _select_subprotocol(
        _conn: ServerConnection, offered: Sequence[Subprotocol]
    ) -> Subprotocol | None:
        return next((p for p in offered if p in SUBPROTOCOLS), None)

    def _handshake_for(self, profile: int):
        async def handshake(connection: ServerConnection, request: Request) -> Response | None:
            return await self._handshake(connection, request, profile)

        return handshake

    async def _handshake(
        self, connection: ServerConnection, request: Request, profile: int
    ) -> Response | None:
        path = request.path.split("?", 1)[0]
        if not path.startswith(self.path_prefix):
            return connection.respond(
                HTTPStatus.NOT_FOUND, f"OCPP endpoint is {self.path_prefix}{{station_id}}\n"
            )
        station_id = unquote(path[len(self.path_prefix) :].rstrip("/"))
        if not _STATION_ID.match(station_id):
            return connection.respond(HTTPStatus.BAD_REQUEST, "invalid charging station identity\n")
        offered = offered_subprotocols(request.headers)
        version = next((SUBPROTOCOLS[p] for p in offered if p in SUBPROTOCOLS), None)
        if version is None:
            return connection.respond(
                HTTPStatus.BAD_REQUEST,
                f"no supported OCPP subprotocol offered ({', '.join(SUBPROTOCOLS)})\n",
            )
        credentials = basic_credentials(request.headers)
        if credentials is not None and credentials[0] != station_id:
            return self._unauthorized(connection, "Basic auth user must be the station identity")
        station = await self.services.stations.lookup(station_id)
        decision = decide_handshake(
            station,
            connection_profile=profile,
            presented_password=credentials is not None,
            client_cert_matches=station_id in certificate_names(connection),
            unknown_policy=self.unknown_stations,
            allow_passwordless=self.allow_passwordless,
        )
        if decision.accepted and decision.check_password:
            assert credentials is not None
            if not await self.services.stations.check_password(station_id, credentials[1]):
                log.warning("%s: wrong password", station_id)
                return self._unauthorized(connection, "invalid credentials")
        if not decision.accepted:
            log.info("%s: handshake refused (%s)", station_id, decision.reason)
            if decision.status == HTTPStatus.UNAUTHORIZED:
                return self._unauthorized(connection, decision.reason)
            return connection.respond(decision.status, decision.reason + "\n")
        if decision.register_as_pending:
            await self.services.stations.register_pending(station_id)
        # ServerConnection declares no such attribute; it carries the handshake's findings to
        # _serve, which websockets calls with the same connection object.
        connection.evh_info = ConnectionInfo(  # type: ignore[attr-defined]  # see above
            station_id=station_id,
            version=version,
            security_profile=profile,
            registration=station.registration if station else Registration.PENDING,
            remote=str(connection.remote_address[0]) if connection.remote_address else "",
        )
        return None

    @staticmethod
    def _unauthorized(connection: ServerConnection, reason: str) -> Response:
        response = connection.respond(HTTPStatus.UNAUTHORIZED, reason + "\n")
        response.headers["WWW-Authenticate"] = 'Basic realm="ocpp", charset="UTF-8"'
        return response

    async def _serve(self, ws: ServerConnection) -> None:
        info: ConnectionInfo = ws.evh_info  # type: ignore[attr-defined]  # ours, set by _handshake
        info.connected_at = datetime.now(UTC)
        conn = StationConnection(ws, info, self.router, self.services, validation=self.validation)
        previous = self.connections.get(info.station_id)
        self.connections[info.station_id] = conn
        if previous is not None:
            log.info("%s: new connection replaces the previous one", info.station_id)
            task = asyncio.create_task(previous.close(4000, "replaced by a new connection"))
            self._closing.add(task)
            task.add_done_callback(self._closing.discard)
        log.info(
            "%s: connected (OCPP %s, profile %d)",
            info.station_id,
            info.version,
            info.security_profile,
        )
        try:
            await conn.serve()
        finally:
            if self.connections.get(info.station_id) is conn:
                del self.connections[info.station_id]
            self.services.stations.seen(info.station_id)
            log.info("%s: disconnected", info.station_id)
