"""The operator's side of the station registry: register, accept or reject, set a password,
remove, and read what a station reported. Each method is one unit of work; the caller's
rights are checked inside it (csms.services.access). The OCPP side of stations (handshakes,
boots, heartbeats) is csms.services.stations."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from csms.db.database import Database
from csms.db.models import Connector, MeterValueRow, Station, StationEvent, StatusHistory
from csms.db.repositories.stations import StationRepository, station_resources
from csms.db.repositories.transactions import TransactionRepository
from csms.domain.credentials import hash_password, new_password
from csms.domain.permissions import Action, Area, Resource
from csms.services.access import Access
from csms.services.errors import Conflict, NotFound


async def visible_station(
    repo: StationRepository, access: Access, station_id: str, action: Action = Action.READ
) -> Station:
    """The station, if the caller may ``action`` it; NotFound when it does not exist or is not
    visible to the caller (another tenant), Forbidden when visible but not for ``action``."""
    row = await repo.get(station_id)
    if row is None:
        raise NotFound(f"station {station_id!r} not found")
    resources = await station_resources(repo.session, row)
    await access.require(action, Area.NETWORK, resources, f"station {station_id!r}")
    return row


async def _hashed(password: str | None) -> tuple[str, str | None]:
    """The hash to store, and the password if it was generated (shown to the caller once).
    Hashed before the unit of work: PBKDF2 must not hold a write transaction open."""
    chosen = password or new_password()
    return await asyncio.to_thread(hash_password, chosen), None if password else chosen


class StationRegistryService:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def page(
        self, access: Access, *, offset: int, limit: int, search: str | None = None
    ) -> tuple[Sequence[Station], int]:
        seen = await access.visibility(Area.NETWORK)
        async with self.db.read() as session:
            return await StationRepository(session).page(
                offset=offset, limit=limit, seen=seen, search=search
            )

    async def register(
        self, access: Access, tenant_id: int | None, fields: dict[str, Any], password: str | None
    ) -> tuple[Station, str | None]:
        """A new station at the caller's own tenant; answers it with its generated password
        (None when the caller chose one)."""
        hashed, generated = await _hashed(password)
        tenant_id = access.own_tenant(tenant_id)
        location_id, customer_id = fields.get("location_id"), fields.get("customer_id")
        async with self.db.write() as session:
            repo = StationRepository(session)
            location = await repo.location(location_id) if location_id is not None else None
            if location_id is not None and (location is None or location.tenant_id != tenant_id):
                raise NotFound(f"location {location_id} not found")
            owner = location.account_id if location else customer_id
            operator = location.operator_id if location else None
            await access.require(
                Action.WRITE, Area.NETWORK, Resource(tenant_id, owner, operator), "stations"
            )
            if await repo.get(fields["id"]) is not None:
                raise Conflict(f"station {fields['id']!r} already exists")
            row = Station(**fields, password_hash=hashed, tenant_id=tenant_id)
            repo.add(row)
        return row, generated

    async def get(self, access: Access, station_id: str) -> Station:
        async with self.db.read() as session:
            return await visible_station(StationRepository(session), access, station_id)

    async def update(self, access: Access, station_id: str, changes: dict[str, Any]) -> Station:
        async with self.db.write() as session:
            repo = StationRepository(session)
            row = await visible_station(repo, access, station_id, Action.WRITE)
            for name, value in changes.items():
                setattr(row, name, value)
        return row

    async def set_password(
        self, access: Access, station_id: str, password: str | None
    ) -> tuple[Station, str | None]:
        """A new HTTP Basic password; answers the station with the password if generated."""
        hashed, generated = await _hashed(password)
        async with self.db.write() as session:
            repo = StationRepository(session)
            row = await visible_station(repo, access, station_id, Action.WRITE)
            row.password_hash = hashed
        return row, generated

    async def delete(self, access: Access, station_id: str) -> None:
        async with self.db.write() as session:
            repo = StationRepository(session)
            await repo.delete(await visible_station(repo, access, station_id, Action.WRITE))

    @asynccontextmanager
    async def _reading(self, access: Access, station_id: str) -> AsyncIterator[AsyncSession]:
        """A read of what the station reported, once the caller may see the station."""
        async with self.db.read() as session:
            await visible_station(StationRepository(session), access, station_id)
            yield session

    async def connectors(self, access: Access, station_id: str) -> Sequence[Connector]:
        async with self._reading(access, station_id) as session:
            return await StationRepository(session).connectors(station_id)

    async def status_history(
        self, access: Access, station_id: str, *, limit: int
    ) -> Sequence[StatusHistory]:
        async with self._reading(access, station_id) as session:
            return await StationRepository(session).status_history(station_id, limit=limit)

    async def events(
        self, access: Access, station_id: str, *, kind: str | None, limit: int
    ) -> Sequence[StationEvent]:
        async with self._reading(access, station_id) as session:
            return await StationRepository(session).events(station_id, kind=kind, limit=limit)

    async def meter_values(
        self,
        access: Access,
        station_id: str,
        *,
        limit: int,
        evse_id: int | None,
        outside_transactions: bool,
    ) -> Sequence[MeterValueRow]:
        """The station's latest samples, newest first, in and outside transactions."""
        async with self._reading(access, station_id) as session:
            return await TransactionRepository(session).station_samples(
                station_id, limit=limit, evse_id=evse_id, outside_transactions=outside_transactions
            )
