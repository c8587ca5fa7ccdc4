"""CDRs: the priced records of a session, in sequence."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from csms.db.models import Cdr


class CdrRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def of_transaction(self, transaction_id: int) -> Sequence[Cdr]:
        rows = await self.session.scalars(
            select(Cdr).where(Cdr.transaction_id == transaction_id).order_by(Cdr.seq)
        )
        return rows.all()

    async def next_seq(self, transaction_id: int) -> int:
        last = await self.session.scalar(
            select(func.max(Cdr.seq)).where(Cdr.transaction_id == transaction_id)
        )
        return (last or 0) + 1

    async def add(self, row: Cdr) -> Cdr:
        self.session.add(row)
        await self.session.flush()
        return row
