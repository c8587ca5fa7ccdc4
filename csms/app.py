"""Composition root: builds the database, services, OCPP server and admin API, and runs them
on one event loop. Nothing else constructs its own dependencies."""

from __future__ import annotations

import asyncio
import logging
import ssl
from dataclasses import dataclass, field

import uvicorn

from csms.api.app import create_api
from csms.config import Settings
from csms.db.database import Database
from csms.db.models import ApiToken
from csms.db.repositories.api_tokens import ApiTokenRepository
from csms.domain.credentials import api_token_hash, new_api_token
from csms.protocol.commands import Commands
from csms.protocol.handlers import build_router
from csms.protocol.server import Listener, OcppServer
from csms.services.clock import Clock
from csms.services.commands import CommandService
from csms.services.container import Services
from csms.services.mail import SmtpConfig
from csms.world import LoadSummary, load_world

log = logging.getLogger(__name__)


def _local_url(host: str, port: int) -> str:
    """Where the admin API answers on this machine (links in mails when public_url is unset)."""
    if host in ("", "0.0.0.0", "::"):
        host = "127.0.0.1"
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


@dataclass
class Ports:
    ocpp: int
    http: int
    tls: int | None = None
    mtls: int | None = None


@dataclass
class Csms:
    """A running CSMS. ``start()`` binds every port and returns; ``stop()`` releases them."""

    settings: Settings
    clock: Clock = field(default_factory=Clock)
    db: Database = field(init=False)
    services: Services = field(init=False)
    ocpp: OcppServer = field(init=False)
    ports: Ports = field(init=False)
    first_admin_token: str | None = field(init=False, default=None)
    world: LoadSummary | None = field(init=False, default=None)
    _http: uvicorn.Server = field(init=False)
    _tasks: list[asyncio.Task[None]] = field(init=False, default_factory=list)

    async def start(self) -> Ports:
        s = self.settings
        self.db = Database(s.db, sqlite_synchronous=s.sqlite_synchronous.upper())
        await self.db.migrate()
        self.first_admin_token = await self._ensure_admin_token()
        if s.world is not None:
            try:
                self.world = await load_world(self.db, s.world)
            except BaseException:
                await self.db.close()
                raise
        self.services = Services.build(
            self.db,
            self.clock,
            heartbeat_interval=s.heartbeat_interval,
            boot_retry_interval=s.boot_retry_interval,
            smtp=SmtpConfig(s.smtp_host, s.smtp_port) if s.smtp_host else None,
            mail_from=s.smtp_from,
        )
        self.ocpp = OcppServer(
            self.services,
            build_router(),
            path_prefix=s.ocpp_path,
            unknown_stations=s.unknown_stations,
            allow_passwordless=s.allow_passwordless,
            validation=s.validation,
            ping_interval=s.ws_ping_interval,
            compression=s.ws_compression,
            open_timeout=s.ws_open_timeout,
        )
        listeners = [Listener(s.host, s.ocpp_port, 1)]
        if s.tls_cert is not None:
            listeners.append(Listener(s.host, s.tls_port, 2, self._tls_context(client_certs=False)))
            if s.tls_client_ca is not None:
                listeners.append(
                    Listener(s.host, s.mtls_port, 3, self._tls_context(client_certs=True))
                )
        bound = await self.ocpp.start(listeners)
        commands = CommandService(self.services.db, Commands(self.ocpp, timeout=s.call_timeout))
        api = create_api(self.services, self.ocpp, commands)
        config = uvicorn.Config(
            api, host=s.host, port=s.http_port, log_level="warning", lifespan="off"
        )
        self._http = uvicorn.Server(config)
        self._tasks.append(asyncio.create_task(self._http.serve()))
        self._tasks.append(asyncio.create_task(self.services.stations.run_flusher()))
        self._tasks.append(
            asyncio.create_task(
                self.services.transactions.run_idle_sweeper(self.settings.idle_sweep_interval)
            )
        )
        while not self._http.started:
            if self._tasks[0].done():
                self._tasks[0].result()
                raise RuntimeError(f"admin API could not listen on {s.host}:{s.http_port}")
            await asyncio.sleep(0.01)
        http_port = self._http.servers[0].sockets[0].getsockname()[1]
        self.ports = Ports(bound[0], http_port, *bound[1:3])
        self.services.invitations.public_url = s.public_url or _local_url(s.host, http_port)
        return self.ports

    async def stop(self) -> None:
        self._http.should_exit = True
        await self.ocpp.stop()
        for task in self._tasks[1:]:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.services.stations.flush_seen()
        await self.db.close()

    async def _ensure_admin_token(self) -> str | None:
        """Store EVH_ADMIN_TOKEN if given; otherwise make one at first start and return it once."""
        async with self.db.write() as session:
            repo = ApiTokenRepository(session)
            wanted = self.settings.admin_token
            if wanted is not None:
                if await repo.by_hash(api_token_hash(wanted)) is None:
                    repo.add(
                        ApiToken(name="admin (EVH_ADMIN_TOKEN)", token_hash=api_token_hash(wanted))
                    )
                return None
            if await repo.count() > 0:
                return None
            token = new_api_token()
            repo.add(ApiToken(name="first admin", token_hash=api_token_hash(token)))
            return token

    def _tls_context(self, *, client_certs: bool) -> ssl.SSLContext:
        s = self.settings
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.minimum_version = ssl.TLSVersion.TLSv1_2  # OCPP security: TLS 1.2 or higher
        context.load_cert_chain(str(s.tls_cert), str(s.tls_key))
        if client_certs:
            context.verify_mode = ssl.CERT_REQUIRED
            context.load_verify_locations(str(s.tls_client_ca))
        return context
