"""Charging sessions as operators and customers read them: listed, exported, or one with its
meter values (CUS-5). Each method is one unit of work; the caller sees the sessions at
stations it may see or charged with its cards. Recording sessions is
csms.services.transactions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime

from csms.db.database import Database
from csms.db.models import MeterValueRow, Transaction
from csms.db.repositories.stations import StationRepository, station_resources
from csms.db.repositories.tokens import TokenRepository
from csms.db.repositories.transactions import TransactionRepository
from csms.domain.permissions import Action, Area, Resource
from csms.services.access import Access
from csms.services.errors import Invalid, NotFound


@dataclass(frozen=True, slots=True)
class SessionFilter:
    """Which sessions a listing keeps; None keeps all."""

    station_id: str | None = None
    active: bool | None = None
    id_token: str | None = None
    started_from: datetime | None = None
    started_before: datetime | None = None

    def __post_init__(self) -> None:
        for name, bound in (
            ("started_from", self.started_from),
            ("started_before", self.started_before),
        ):
            if bound is not None and bound.utcoffset() is None:
                raise Invalid(f"{name} needs a UTC offset")


class TransactionHistoryService:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def page(
        self, access: Access, where: SessionFilter, *, offset: int, limit: int
    ) -> tuple[Sequence[Transaction], int]:
        """One page of the matching sessions, newest first, and how many there are."""
        seen = await access.visibility(Area.SESSIONS)
        async with self.db.read() as session:
            repo = TransactionRepository(session)
            return await repo.page(repo.matching(seen, **asdict(where)), offset=offset, limit=limit)

    async def every(self, access: Access, where: SessionFilter) -> Sequence[Transaction]:
        """All the matching sessions, newest first (an export)."""
        seen = await access.visibility(Area.SESSIONS)
        async with self.db.read() as session:
            repo = TransactionRepository(session)
            return await repo.every(repo.matching(seen, **asdict(where)))

    async def detail(
        self, access: Access, transaction_id: int
    ) -> tuple[Transaction, Sequence[MeterValueRow]]:
        """The session and its meter values, if the caller may see it: at a station it
        sees, or charged with a card of its account."""
        async with self.db.read() as session:
            repo = TransactionRepository(session)
            row = await repo.get(transaction_id)
            if row is None:
                raise NotFound(f"transaction {transaction_id} not found")
            station = await StationRepository(session).get(row.station_id)
            resources = await station_resources(session, station) if station else []
            card = await TokenRepository(session).get(row.id_token) if row.id_token else None
            if card is not None and card.account_id is not None:
                resources.append(Resource(card.tenant_id, card.account_id))
            await access.require(
                Action.READ, Area.SESSIONS, resources, f"transaction {transaction_id}"
            )
            return row, await repo.samples(transaction_id)
