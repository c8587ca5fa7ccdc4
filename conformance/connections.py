"""The two ends the harness can play: a station dialling a CSMS (:class:`CsmsTarget`), and
the test system a charger dials (:class:`ChargerListener`)."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import ssl
from dataclasses import dataclass, field

import websockets
from websockets.asyncio.server import Server, ServerConnection
from websockets.exceptions import InvalidHandshake, InvalidStatus
from websockets.typing import Subprotocol

from conformance.peer import Answerer, Peer
from conformance.wire import WireLog
from ocppj.versions import OcppVersion


class Refused(Exception):
    """The CSMS refused the WebSocket handshake."""

    def __init__(self, reason: str, status: int | None = None) -> None:
        super().__init__(reason)
        self.status = status


@dataclass
class CsmsTarget:
    """Where the CSMS under test listens: ``url`` + ``/`` + station id. Over ``wss://`` the
    CSMS's certificate is checked against ``ca_file`` (else the system's CAs), and the
    station presents ``cert_file``/``key_file`` when it has them (security profile 3)."""

    url: str
    version: OcppVersion
    station_id: str
    password: str | bytes | None = None
    ca_file: str | None = None
    cert_file: str | None = None
    key_file: str | None = None

    async def open(
        self,
        wire: WireLog,
        answerer: Answerer,
        *,
        password: str | bytes | bool | None = True,
        subprotocols: list[str] | None = None,
        url: str | None = None,
        client_certificate: bool = True,
        user: str | None = None,
        legacy_tls: bool = False,
    ) -> Peer:
        """Connect as the station. ``password=True`` uses the configured one, a string (or
        the raw bytes of a binary password) that one, ``None`` no credentials. ``url``
        replaces the configured one (another endpoint of the same CSMS, e.g. its TLS port);
        ``client_certificate=False`` keeps the station's certificate back; ``user`` replaces
        the station id as the HTTP Basic user name; ``legacy_tls`` offers TLS 1.1 at most,
        which a CSMS must refuse. Raises Refused when the CSMS says no."""
        secret = self.password if password is True else password
        headers = {}
        if secret:
            raw = secret if isinstance(secret, bytes) else str(secret).encode()
            name = (user if user is not None else self.station_id).encode()
            token = base64.b64encode(name + b":" + raw).decode()
            headers["Authorization"] = f"Basic {token}"
        names = subprotocols if subprotocols is not None else [self.version.subprotocol]
        offered = [Subprotocol(name) for name in names]
        base = url or self.url
        url = f"{base.rstrip('/')}/{self.station_id}"
        tls = self.tls_context(client_certificate, legacy_tls) if url.startswith("wss://") else None
        shown = f"connect {url} subprotocols={offered} credentials={'yes' if secret else 'no'}"
        if tls is not None:
            presented = self._presented(client_certificate) is not None
            shown += f" client certificate={'yes' if presented else 'no'}"
        wire.note(shown)
        try:
            ws = await websockets.connect(
                url,
                subprotocols=offered,
                additional_headers=headers,
                open_timeout=15,
                ping_interval=None,
                max_size=2**22,
                ssl=tls,
            )
        except InvalidStatus as exc:
            wire.note(f"refused: HTTP {exc.response.status_code}")
            raise Refused(f"HTTP {exc.response.status_code}", exc.response.status_code) from None
        except (InvalidHandshake, OSError, TimeoutError) as exc:
            wire.note(f"refused: {type(exc).__name__}: {exc}")
            raise Refused(str(exc)) from None
        wire.note(f"connected, subprotocol {ws.subprotocol}")
        if tls is not None:
            session = ws.transport.get_extra_info("ssl_object")
            if session is not None:
                wire.note(f"TLS {session.version()}, cipher {session.cipher()[0]}")
        if ws.subprotocol is None and offered:
            await ws.close()
            wire.note("refused: the CSMS chose no subprotocol")
            raise Refused("the CSMS chose no subprotocol")
        peer = Peer(ws, self.version, wire, answerer)
        peer.start()
        return peer

    def tls_context(self, client_certificate: bool = True, legacy: bool = False) -> ssl.SSLContext:
        """TLS 1.2 or above, the CSMS's certificate checked (against ``ca_file`` when set),
        and the station's own certificate when it has one and ``client_certificate``.
        ``legacy``: TLS 1.0-1.1 only, as an outdated station would offer."""
        context = ssl.create_default_context(cafile=self.ca_file)
        if legacy:
            # OpenSSL 3 offers TLS 1.1 only at security level 0
            context.set_ciphers("DEFAULT:@SECLEVEL=0")
            context.minimum_version = ssl.TLSVersion.TLSv1
            context.maximum_version = ssl.TLSVersion.TLSv1_1
        else:
            context.minimum_version = ssl.TLSVersion.TLSv1_2
        cert_file = self._presented(client_certificate)
        if cert_file is not None:
            context.load_cert_chain(cert_file, self.key_file)
        return context

    def _presented(self, client_certificate: bool) -> str | None:
        """The certificate file the station presents, if any."""
        return self.cert_file if client_certificate else None


@dataclass
class Arrival:
    """One charger connection: the socket, what it asked for, and when it ends."""

    ws: ServerConnection
    path: str
    credentials: tuple[str, str] | None
    done: asyncio.Future[None]


@dataclass
class ChargerListener:
    """The test system's WebSocket server: every charger connection is queued for the cases
    to take, and lives until the case that took it lets go (or the charger hangs up)."""

    host: str
    port: int
    version: OcppVersion
    arrivals: asyncio.Queue[Arrival] = field(default_factory=asyncio.Queue)
    _server: Server | None = None

    async def start(self) -> int:
        self._server = await websockets.serve(
            self._handle,
            self.host,
            self.port,
            subprotocols=[Subprotocol(self.version.subprotocol)],
            ping_interval=None,
            max_size=2**22,
        )
        # --listen 0: from now on ``port`` is the one the system gave
        self.port = int(next(iter(self._server.sockets)).getsockname()[1])
        return self.port

    async def stop(self) -> None:
        if self._server:
            self._server.close()
            with contextlib.suppress(Exception):
                await self._server.wait_closed()

    async def next_arrival(self, timeout: float) -> Arrival:
        async with asyncio.timeout(timeout):
            while True:
                arrival = await self.arrivals.get()
                if not arrival.done.done():
                    return arrival

    async def _handle(self, ws: ServerConnection) -> None:
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        path = ws.request.path if ws.request else "/"
        await self.arrivals.put(Arrival(ws, path, _credentials(ws), done))
        closed = asyncio.ensure_future(ws.wait_closed())
        await asyncio.wait({done, closed}, return_when=asyncio.FIRST_COMPLETED)
        if not done.done():
            done.set_result(None)


def _credentials(ws: ServerConnection) -> tuple[str, str] | None:
    header = ws.request.headers.get("Authorization") if ws.request else None
    if not header or not header.startswith("Basic "):
        return None
    try:
        user, _, password = base64.b64decode(header[6:]).decode().partition(":")
    except ValueError:
        return None
    return user, password
