"""What a customer's usage is counted from: the cards and the charge points of its accounts
(CUS-5, CUS-6)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from csms.db.models import IdTokenRow, Station
from csms.db.repositories.stations import visible_stations
from csms.domain.permissions import Visibility


class CustomerRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def card_values(self, account_ids: Iterable[int]) -> list[str]:
        rows = await self.session.scalars(
            select(IdTokenRow.value).where(IdTokenRow.account_id.in_(list(account_ids)))
        )
        return list(rows)

    async def stations(self, tenant_id: int, account_ids: Iterable[int]) -> Sequence[Station]:
        """The tenant's stations at the accounts' locations or with them as customer."""
        seen = Visibility(tenant_id=tenant_id, account_ids=frozenset(account_ids))
        rows = await self.session.scalars(visible_stations(select(Station), seen))
        return rows.all()
