"""Station registration, handshake credentials, boot, heartbeat, status, reports."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from csms.db.database import Database
from csms.db.models import Station
from csms.db.repositories.stations import (
    StationCredentials,
    StationRepository,
    boot_update,
    status_rows,
)
from csms.domain.credentials import hash_password, verify_password
from csms.domain.events import ConnectorStatusChanged, Registration, StationBooted, StationReported
from csms.domain.station_access import KnownStation
from csms.services.clock import Clock
from ocppj.versions import OcppVersion

log = logging.getLogger(__name__)
LOOKUP_CHUNK = 500  # station ids per query (SQLite allows 32766 parameters)


class StationService:
    """Heartbeats and "last seen" stay in memory and are flushed in batches: OCPP asks nothing
    durable of them, and a write per heartbeat would be the busiest query of the CSMS. Boots,
    status changes and reports are written with the database's group commit: a reboot storm
    is thousands of them at once."""

    def __init__(self, db: Database, clock: Clock, *, flush_interval: float = 5.0):
        self.db = db
        self.clock = clock
        self.flush_interval = flush_interval
        self._seen: dict[str, datetime] = {}
        self._verified: dict[str, tuple[str, bytes]] = {}
        self._wanted: dict[str, list[asyncio.Future[StationCredentials | None]]] = {}
        self._checking: dict[tuple[str, str, bytes], asyncio.Future[bool]] = {}
        self._loader: asyncio.Task[None] | None = None

    async def _credentials(self, station_id: str) -> StationCredentials | None:
        """The station's handshake data. The handshakes of one moment share a query: in a
        reboot storm thousands arrive at once, and a read each would exhaust the pool."""
        future: asyncio.Future[StationCredentials | None] = (
            asyncio.get_running_loop().create_future()
        )
        self._wanted.setdefault(station_id, []).append(future)
        if self._loader is None or self._loader.done():
            self._loader = asyncio.create_task(self._load_wanted())
        return await future

    async def _load_wanted(self) -> None:
        while self._wanted:
            wanted, self._wanted = self._wanted, {}
            ids = list(wanted)
            found: dict[str, StationCredentials] = {}
            try:
                async with self.db.read() as session:
                    repo = StationRepository(session)
                    for i in range(0, len(ids), LOOKUP_CHUNK):
                        found.update(await repo.credentials(ids[i : i + LOOKUP_CHUNK]))
            except Exception as error:
                for futures in wanted.values():
                    for future in futures:
                        if not future.done():
                            future.set_exception(error)
                continue
            for station_id, futures in wanted.items():
                for future in futures:
                    if not future.done():
                        future.set_result(found.get(station_id))

    async def lookup(self, station_id: str) -> KnownStation | None:
        row = await self._credentials(station_id)
        if row is None:
            return None
        return KnownStation(
            station_id=station_id,
            registration=Registration(row.registration),
            has_password=row.password_hash is not None,
            security_profile=row.security_profile,
        )

    async def check_password(self, station_id: str, password: str) -> bool:
        """Verify against the stored hash; a verified (hash, password) pair is remembered so a
        reconnecting fleet does not pay PBKDF2 again on every reconnect."""
        row = await self._credentials(station_id)
        if row is None or row.password_hash is None:
            return False
        fingerprint = hashlib.sha256(password.encode()).digest()
        known = (row.password_hash, fingerprint)
        if self._verified.get(station_id) == known:
            return True
        # A station that gave up waiting reconnects while its first check still runs: the
        # retry joins that check rather than queueing another PBKDF2 behind it.
        key = (station_id, *known)
        check = self._checking.get(key)
        if check is None:
            check = asyncio.ensure_future(
                asyncio.to_thread(verify_password, password, row.password_hash)
            )
            self._checking[key] = check
            check.add_done_callback(lambda _: self._checking.pop(key, None))
        ok = await asyncio.shield(check)
        if ok:
            self._verified[station_id] = known
        return ok

    async def set_password(self, station_id: str, password: str) -> bool:
        """Store a new HTTP Basic password for the station (A01: once the station accepted it);
        False when the station is not registered."""
        hashed = await asyncio.to_thread(hash_password, password)
        async with self.db.write() as session:
            row = await StationRepository(session).get(station_id)
            if row is None:
                return False
            row.password_hash = hashed
        self._verified.pop(station_id, None)
        return True

    async def register_pending(self, station_id: str) -> None:
        async with self.db.write() as session:
            repo = StationRepository(session)
            if await repo.get(station_id) is None:
                repo.add(Station(id=station_id, registration=Registration.PENDING.value))

    async def boot(self, event: StationBooted, ocpp_version: OcppVersion) -> Registration:
        """Store what the station says of itself before it is answered."""
        now = self.clock.now()
        known = await self._credentials(event.station_id)
        if known is None:
            return Registration.REJECTED
        await self.db.batched(rows=[boot_update(event, ocpp_version, now)])
        return Registration(known.registration)

    def seen(self, station_id: str) -> None:
        self._seen[station_id] = self.clock.now()

    def last_seen(self, station_id: str) -> datetime | None:
        return self._seen.get(station_id)

    async def flush_seen(self) -> None:
        if not self._seen:
            return
        batch, self._seen = self._seen, {}
        async with self.db.write() as session:
            await StationRepository(session).touch(batch.items())

    async def run_flusher(self) -> None:
        while True:
            await asyncio.sleep(self.flush_interval)
            try:
                await self.flush_seen()
            except Exception:
                log.exception("flushing last-seen times failed")

    async def status_changed(self, event: ConnectorStatusChanged) -> None:
        await self.db.batched(rows=status_rows(self.db.dialect, event))

    async def reported(self, event: StationReported) -> None:
        async def apply(session: AsyncSession) -> None:
            StationRepository(session).add_event(event)

        await self.db.batched(apply)
