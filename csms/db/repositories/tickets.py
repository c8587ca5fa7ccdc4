"""Customer tickets and their messages."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from csms.db.models import Ticket, TicketMessage
from csms.db.repositories.paging import owned_by, paginate
from csms.domain.permissions import Visibility


class TicketRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def get(self, ticket_id: int) -> Ticket | None:
        return await self.session.get(Ticket, ticket_id)

    def add(self, row: Ticket | TicketMessage) -> None:
        self.session.add(row)

    async def page(
        self, *, offset: int, limit: int, seen: Visibility, status: str | None = None
    ) -> tuple[Sequence[Ticket], int]:
        """The tickets the caller may list, newest first."""
        query = owned_by(select(Ticket), Ticket, seen)
        if status:
            query = query.where(Ticket.status == status)
        return await paginate(self.session, query, Ticket.id.desc(), offset=offset, limit=limit)

    async def messages(self, ticket_id: int) -> Sequence[TicketMessage]:
        """Oldest first."""
        rows = await self.session.scalars(
            select(TicketMessage)
            .where(TicketMessage.ticket_id == ticket_id)
            .order_by(TicketMessage.id)
        )
        return rows.all()
