"""Stations, their connectors and status history, and everything else they report."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Select, bindparam, false, insert, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from csms.db.database import StatementRows
from csms.db.models import Connector, Location, Station, StationEvent, StatusHistory
from csms.db.models.base import utcnow
from csms.db.repositories.paging import paginate
from csms.domain.events import ConnectorStatusChanged, StationBooted, StationReported
from csms.domain.permissions import Resource, Visibility

_BOOT_FIELDS = (
    "vendor",
    "model",
    "serial_number",
    "firmware_version",
    "iccid",
    "imsi",
    "meter_type",
    "meter_serial_number",
)
_BOOT_COLUMNS = (*_BOOT_FIELDS, "boot_reason", "ocpp_version", "last_boot_at", "last_seen_at")
# Parameters are named new_<column>: a bound parameter may not bear its column's name.
_BOOT_UPDATE = (
    update(Station.__table__)
    .where(Station.__table__.c.id == bindparam("station"))
    .values({name: bindparam(f"new_{name}") for name in _BOOT_COLUMNS})
)
_TOUCH = (
    update(Station.__table__)
    .where(Station.__table__.c.id == bindparam("station"))
    .values(last_seen_at=bindparam("at"))
)


def boot_update(event: StationBooted, ocpp_version: str, now: datetime) -> StatementRows:
    """What a booting station says of itself, as a statement for the group commit: the boots
    of a storm go in one executemany."""
    values = {f"new_{name}": getattr(event, name) for name in _BOOT_FIELDS}
    values |= {
        "station": event.station_id,
        "new_boot_reason": event.reason,
        "new_ocpp_version": ocpp_version,
        "new_last_boot_at": now,
        "new_last_seen_at": now,
    }
    return _BOOT_UPDATE, [values]


_STATUS_FIELDS = ("status", "error_code", "info", "vendor_error_code")


def _status_upsert(insert: Any) -> Any:
    statement = insert(Connector.__table__)
    new = statement.excluded
    return statement.on_conflict_do_update(
        index_elements=["station_id", "evse_id", "connector_id"],
        set_={name: new[name] for name in (*_STATUS_FIELDS, "status_at")},
        # A status queued offline and replayed late must not overwrite a newer one.
        where=Connector.__table__.c.status_at <= new.status_at,
    )


_STATUS_UPSERTS = {"sqlite": _status_upsert(sqlite_insert), "postgresql": _status_upsert(pg_insert)}
_HISTORY_INSERT = insert(StatusHistory.__table__)


def status_rows(dialect: str, event: ConnectorStatusChanged) -> list[StatementRows]:
    """A status notification as statements for the group commit: the connector's latest
    status (kept if newer) and a line of its history. Plain rows, no objects: a reboot storm
    is thousands of them, and executemany takes them all at once."""
    fields = {
        "station_id": event.station_id,
        "evse_id": event.evse_id,
        "connector_id": event.connector_id,
        "status": event.status.value,
        "error_code": event.error_code,
        "info": event.info,
        "vendor_error_code": event.vendor_error_code,
    }
    return [
        (_STATUS_UPSERTS[dialect], [{**fields, "status_at": event.timestamp}]),
        (_HISTORY_INSERT, [{**fields, "timestamp": event.timestamp, "received_at": utcnow()}]),
    ]


class StationCredentials(NamedTuple):
    registration: str
    password_hash: str | None
    security_profile: int


class StationRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def get(self, station_id: str) -> Station | None:
        return await self.session.get(Station, station_id)

    def add(self, station: Station) -> None:
        self.session.add(station)

    async def location(self, location_id: int) -> Location | None:
        """The location a station is placed at."""
        return await self.session.get(Location, location_id)

    async def credentials(self, station_ids: Sequence[str]) -> dict[str, StationCredentials]:
        """What a handshake needs of each station, for many stations in one query."""
        rows = await self.session.execute(
            select(
                Station.id, Station.registration, Station.password_hash, Station.security_profile
            ).where(Station.id.in_(station_ids))
        )
        return {row[0]: StationCredentials(*row[1:]) for row in rows}

    async def delete(self, station: Station) -> None:
        await self.session.delete(station)

    async def page(
        self, *, offset: int, limit: int, seen: Visibility, search: str | None = None
    ) -> tuple[Sequence[Station], int]:
        query = visible_stations(select(Station), seen)
        if search:
            query = query.where(Station.id.ilike(f"%{search}%"))
        return await paginate(self.session, query, Station.id, offset=offset, limit=limit)

    async def touch(self, seen: Iterable[tuple[str, datetime]]) -> None:
        """Last-seen times, many stations in one executemany."""
        rows = [{"station": station_id, "at": at} for station_id, at in seen]
        if rows:
            await self.session.execute(_TOUCH, rows)

    async def connectors(self, station_id: str) -> Sequence[Connector]:
        rows = await self.session.scalars(
            select(Connector)
            .where(Connector.station_id == station_id)
            .order_by(Connector.evse_id, Connector.connector_id)
        )
        return rows.all()

    async def status_history(self, station_id: str, *, limit: int) -> Sequence[StatusHistory]:
        rows = await self.session.scalars(
            select(StatusHistory)
            .where(StatusHistory.station_id == station_id)
            .order_by(StatusHistory.id.desc())
            .limit(limit)
        )
        return rows.all()

    def add_event(self, event: StationReported) -> None:
        self.session.add(
            StationEvent(
                station_id=event.station_id,
                kind=event.kind,
                status=event.status,
                data=event.data,
                timestamp=event.timestamp,
            )
        )

    async def events(
        self, station_id: str, *, kind: str | None, limit: int
    ) -> Sequence[StationEvent]:
        query = select(StationEvent).where(StationEvent.station_id == station_id)
        if kind:
            query = query.where(StationEvent.kind == kind)
        rows = await self.session.scalars(query.order_by(StationEvent.id.desc()).limit(limit))
        return rows.all()


async def station_resources(session: AsyncSession, station: Station) -> list[Resource]:
    """What a station belongs to, for the permission check: its location's owner and
    operator, and the customer it is attached to (CUS-7)."""
    location = await session.get(Location, station.location_id) if station.location_id else None
    operator = location.operator_id if location else None
    owners = {location.account_id if location else None, station.customer_id}
    return [Resource(station.tenant_id, owner, operator) for owner in owners]


def visible_stations(query: Select[Any], seen: Visibility) -> Select[Any]:
    """Filter a query over Station by what the caller may list (the same grants as can())."""
    if seen.everything:
        return query
    query = query.where(Station.tenant_id == seen.tenant_id)
    if seen.tenant_wide:
        return query
    query = query.outerjoin(Location, Location.id == Station.location_id)
    conditions = []
    if seen.account_ids:
        conditions += [
            Location.account_id.in_(seen.account_ids),
            Station.customer_id.in_(seen.account_ids),
        ]
    if seen.operator_ids:
        conditions.append(Location.operator_id.in_(seen.operator_ids))
    return query.where(or_(*conditions)) if conditions else query.where(false())
