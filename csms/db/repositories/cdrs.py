"""CDRs: one per priced session, and the corrections that negate and replace them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from csms.db.models import Cdr
from csms.db.repositories.paging import paginate
from csms.domain.permissions import Visibility


class CdrRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def get(self, cdr_id: int) -> Cdr | None:
        return await self.session.get(Cdr, cdr_id)

    async def by_seq(self, transaction_id: int, seq: int) -> Cdr | None:
        return await self.session.scalar(
            select(Cdr).where(Cdr.transaction_id == transaction_id, Cdr.seq == seq)
        )

    async def page(
        self,
        *,
        offset: int,
        limit: int,
        seen: Visibility,
        transaction_id: int | None = None,
        account_id: int | None = None,
        station_id: str | None = None,
        ended_from: datetime | None = None,
        ended_before: datetime | None = None,
    ) -> tuple[Sequence[Cdr], int]:
        """The CDRs the caller may list, by id; ``account_id`` is the payer or the payee,
        the ends are ``[ended_from, ended_before)``."""
        query = _seen(select(Cdr), seen)
        if transaction_id is not None:
            query = query.where(Cdr.transaction_id == transaction_id)
        if account_id is not None:
            query = query.where(
                or_(Cdr.payer_account_id == account_id, Cdr.payee_account_id == account_id)
            )
        if station_id is not None:
            query = query.where(Cdr.station_id == station_id)
        if ended_from is not None:
            query = query.where(Cdr.ended_at >= ended_from)
        if ended_before is not None:
            query = query.where(Cdr.ended_at < ended_before)
        return await paginate(self.session, query, Cdr.id, offset=offset, limit=limit)

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


def _seen(query: Select[Any], seen: Visibility) -> Select[Any]:
    """CDRs the caller may list: paid or earned by its accounts, or at its operator's."""
    if seen.everything:
        return query
    query = query.where(Cdr.tenant_id == seen.tenant_id)
    if seen.tenant_wide:
        return query
    return query.where(
        or_(
            Cdr.payer_account_id.in_(seen.account_ids),
            Cdr.payee_account_id.in_(seen.account_ids),
            Cdr.operator_id.in_(seen.operator_ids),
        )
    )
