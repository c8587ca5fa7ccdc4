"""Charging sessions and their meter values."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import Boolean, Integer, Select, String, bindparam, case, false, func, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from csms.db.database import StatementRows
from csms.db.models import (
    IdTokenRow,
    Location,
    MeterValueRow,
    Operator,
    Station,
    Transaction,
)
from csms.db.repositories.paging import paginate
from csms.domain.events import MeasuredValue
from csms.domain.permissions import Visibility
from csms.domain.session_timeline import CURRENT, ENERGY_REGISTER, POWER, Reading

PRICED_MEASURANDS = (ENERGY_REGISTER, POWER, CURRENT)
_SAMPLE_KEY = ["station_id", "evse_id", "timestamp", "measurand", "phase", "location", "context"]
# On the table, not the mapped class: the ORM's bulk-insert bookkeeping cost more than the
# insert itself, and nothing reads the rows back as objects in the same unit of work.
_INSERTS = {
    "postgresql": pg_insert(MeterValueRow.__table__).on_conflict_do_nothing(
        index_elements=_SAMPLE_KEY
    ),
    "sqlite": sqlite_insert(MeterValueRow.__table__).on_conflict_do_nothing(
        index_elements=_SAMPLE_KEY
    ),
}


def sample_rows(
    dialect: str,
    station_id: str,
    evse_id: int,
    transaction_id: int | None,
    samples: Iterable[MeasuredValue],
) -> StatementRows:
    """Samples as rows of ``meter_values`` with the statement that stores them (an
    executemany); a sample already stored (same instant, measurand, phase...) is skipped.
    One statement object per dialect, compiled once: a ``.values(rows)`` statement is
    compiled anew for every message, which measured at half the cost of storing a
    ten-sample MeterValues."""
    return _INSERTS[dialect], [
        {
            "station_id": station_id,
            "evse_id": evse_id,
            "transaction_id": transaction_id,
            "timestamp": s.timestamp,
            "measurand": s.measurand,
            "phase": s.phase,
            "location": s.location,
            "context": s.context,
            "unit": s.unit,
            "value": s.value,
        }
        for s in samples
    ]


def _progress_update(greatest: Any) -> Any:
    table = Transaction.__table__
    seq_no = bindparam("seq_no", type_=Integer)
    return (
        table.update()
        .where(table.c.id == bindparam("transaction", type_=Integer))
        .values(
            last_seq_no=case(
                (seq_no.is_(None), table.c.last_seq_no),
                else_=greatest(func.coalesce(table.c.last_seq_no, 0), seq_no),
            ),
            offline=or_(table.c.offline, bindparam("now_offline", type_=Boolean)),
            charging_state=func.coalesce(
                bindparam("now_charging_state", type_=String), table.c.charging_state
            ),
        )
    )


# Two-argument max() is SQLite's greatest().
_PROGRESS = {"sqlite": _progress_update(func.max), "postgresql": _progress_update(func.greatest)}


def progress_rows(
    dialect: str,
    transaction_id: int,
    *,
    seq_no: int | None,
    offline: bool,
    charging_state: str | None,
) -> StatementRows:
    """What an update event changes on a running session, without loading it, as a
    statement for the group commit: the highest sequence number, the offline flag, the
    charging state if given. One statement compiled once; a batch's updates go in one
    executemany."""
    return _PROGRESS[dialect], [
        {
            "transaction": transaction_id,
            "seq_no": seq_no,
            "now_offline": offline,
            "now_charging_state": charging_state,
        }
    ]


def visible_sessions(query: Select[Any], seen: Visibility) -> Select[Any]:
    """Sessions the caller may list: at stations it may see, or charged with its cards."""
    if seen.everything:
        return query
    query = query.join(Station, Station.id == Transaction.station_id).where(
        Station.tenant_id == seen.tenant_id
    )
    if seen.tenant_wide:
        return query
    query = query.outerjoin(Location, Location.id == Station.location_id).outerjoin(
        IdTokenRow, IdTokenRow.value == Transaction.id_token
    )
    conditions = []
    if seen.account_ids:
        conditions += [
            Location.account_id.in_(seen.account_ids),
            Station.customer_id.in_(seen.account_ids),
            IdTokenRow.account_id.in_(seen.account_ids),
        ]
    if seen.operator_ids:
        conditions.append(Location.operator_id.in_(seen.operator_ids))
    return query.where(or_(*conditions)) if conditions else query.where(false())


class TransactionRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def by_ref(self, station_id: str, ref: str) -> Transaction | None:
        return await self.session.scalar(
            select(Transaction).where(Transaction.station_id == station_id, Transaction.ref == ref)
        )

    async def get(self, transaction_id: int) -> Transaction | None:
        return await self.session.get(Transaction, transaction_id)

    async def same_start(
        self, station_id: str, evse_id: int, started_at: object, meter_start: Decimal | None
    ) -> Transaction | None:
        """A 1.6 StartTransaction sent again (retry, offline replay) matches its first copy."""
        return await self.session.scalar(
            select(Transaction).where(
                Transaction.station_id == station_id,
                Transaction.evse_id == evse_id,
                Transaction.started_at == started_at,
                Transaction.meter_start_wh == meter_start,
            )
        )

    async def active_on(self, station_id: str, evse_id: int) -> Transaction | None:
        return await self.session.scalar(
            select(Transaction)
            .where(
                Transaction.station_id == station_id,
                Transaction.evse_id == evse_id,
                Transaction.ended_at.is_(None),
                Transaction.idle_at.is_(None),
            )
            .order_by(Transaction.id.desc())
            .limit(1)
        )

    async def active_count_for_token(self, token: str, *, excluding: int | None = None) -> int:
        query = select(func.count()).where(
            Transaction.id_token == token,
            Transaction.ended_at.is_(None),
            Transaction.idle_at.is_(None),
        )
        if excluding is not None:
            query = query.where(Transaction.id != excluding)
        return await self.session.scalar(query) or 0

    async def add(self, row: Transaction) -> Transaction:
        self.session.add(row)
        await self.session.flush()
        return row

    async def add_samples(
        self,
        station_id: str,
        evse_id: int,
        transaction_id: int | None,
        samples: Iterable[MeasuredValue],
    ) -> None:
        """Store samples; one already stored (same instant, measurand, phase...) is skipped."""
        dialect = self.session.get_bind().dialect.name
        statement, rows = sample_rows(dialect, station_id, evse_id, transaction_id, samples)
        if rows:
            await self.session.execute(statement, rows)

    async def last_register(self, transaction_id: int) -> Decimal | None:
        return await self.session.scalar(
            select(func.max(MeterValueRow.value)).where(
                MeterValueRow.transaction_id == transaction_id,
                MeterValueRow.measurand == ENERGY_REGISTER,
                MeterValueRow.phase == "",
            )
        )

    async def idle_candidates(self) -> list[tuple[Transaction, int, datetime | None]]:
        """Tracked sessions at stations whose operator has an idle time (OP-10), each with
        that time in minutes and the instant its register last reached a new high."""
        register = (MeterValueRow.measurand == ENERGY_REGISTER) & (MeterValueRow.phase == "")
        top = aliased(MeterValueRow)
        high = (
            select(func.max(top.value))
            .where(
                top.transaction_id == Transaction.id,
                top.measurand == ENERGY_REGISTER,
                top.phase == "",
            )
            .correlate(Transaction)
            .scalar_subquery()
        )
        progress = (
            select(func.min(MeterValueRow.timestamp))
            .where(
                MeterValueRow.transaction_id == Transaction.id,
                register,
                MeterValueRow.value >= high,
            )
            .correlate(Transaction)
            .scalar_subquery()
        )
        rows = await self.session.execute(
            select(Transaction, Operator.idle_timeout_minutes, progress)
            .join(Station, Station.id == Transaction.station_id)
            .join(Location, Location.id == Station.location_id)
            .join(Operator, Operator.id == Location.operator_id)
            .where(
                Transaction.ended_at.is_(None),
                Transaction.idle_at.is_(None),
                Operator.idle_timeout_minutes.is_not(None),
            )
        )
        # The query keeps only operators with an idle time: minutes is never NULL here.
        return [(tx, cast(int, minutes), at) for tx, minutes, at in rows]

    async def readings(self, transaction_id: int) -> list[Reading]:
        """The samples pricing looks at: register, power and current."""
        rows = await self.session.execute(
            select(
                MeterValueRow.timestamp,
                MeterValueRow.measurand,
                MeterValueRow.value,
                MeterValueRow.phase,
            ).where(
                MeterValueRow.transaction_id == transaction_id,
                MeterValueRow.measurand.in_(PRICED_MEASURANDS),
            )
        )
        return [Reading(at, measurand, value, phase) for at, measurand, value, phase in rows]

    async def samples(self, transaction_id: int) -> Sequence[MeterValueRow]:
        rows = await self.session.scalars(
            select(MeterValueRow)
            .where(MeterValueRow.transaction_id == transaction_id)
            .order_by(MeterValueRow.timestamp, MeterValueRow.id)
        )
        return rows.all()

    async def station_samples(
        self, station_id: str, *, limit: int, evse_id: int | None, outside_transactions: bool
    ) -> Sequence[MeterValueRow]:
        """A station's latest samples, newest first."""
        query = select(MeterValueRow).where(MeterValueRow.station_id == station_id)
        if evse_id is not None:
            query = query.where(MeterValueRow.evse_id == evse_id)
        if outside_transactions:
            query = query.where(MeterValueRow.transaction_id.is_(None))
        rows = await self.session.scalars(
            query.order_by(MeterValueRow.timestamp.desc(), MeterValueRow.id.desc()).limit(limit)
        )
        return rows.all()

    async def latest(
        self,
        *,
        cards: Iterable[str] = (),
        stations: Iterable[str] = (),
        since: datetime | None = None,
        limit: int | None = None,
    ) -> Sequence[Transaction]:
        """Sessions charged with these cards or at these stations, newest first."""
        cards, stations = list(cards), list(stations)
        if not cards and not stations:
            return []
        query = select(Transaction).where(
            or_(Transaction.id_token.in_(cards), Transaction.station_id.in_(stations))
        )
        if since is not None:
            query = query.where(Transaction.started_at >= since)
        rows = await self.session.scalars(
            query.order_by(Transaction.started_at.desc()).limit(limit)
        )
        return rows.all()

    def matching(
        self,
        seen: Visibility,
        *,
        station_id: str | None = None,
        active: bool | None = None,
        id_token: str | None = None,
        started_from: datetime | None = None,
        started_before: datetime | None = None,
    ) -> Select[Any]:
        """The sessions the caller may list, narrowed by the filters given (CUS-5)."""
        query = visible_sessions(select(Transaction), seen)
        if station_id:
            query = query.where(Transaction.station_id == station_id)
        if id_token:
            query = query.where(Transaction.id_token == id_token)
        if started_from is not None:
            query = query.where(Transaction.started_at >= started_from)
        if started_before is not None:
            query = query.where(Transaction.started_at < started_before)
        if active is not None:
            # OP-10: an idle session is no longer tracked as active.
            tracked = Transaction.ended_at.is_(None) & Transaction.idle_at.is_(None)
            query = query.where(tracked if active else ~tracked)
        return query

    async def page(
        self, query: Select[Any], *, offset: int, limit: int
    ) -> tuple[Sequence[Transaction], int]:
        """One page of ``matching`` sessions, newest first, and how many there are."""
        return await paginate(
            self.session, query, Transaction.id.desc(), offset=offset, limit=limit
        )

    async def every(self, query: Select[Any]) -> Sequence[Transaction]:
        """All ``matching`` sessions, newest first (an export)."""
        return (await self.session.scalars(query.order_by(Transaction.id.desc()))).all()
