"""The card/token registry."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from csms.db.models import IdTokenRow
from csms.db.repositories.paging import owned_by, paginate
from csms.domain.authorization import TokenRecord
from csms.domain.events import TokenStatus
from csms.domain.permissions import Visibility


class TokenRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def get(self, value: str) -> IdTokenRow | None:
        return await self.session.scalar(select(IdTokenRow).where(IdTokenRow.value == value))

    async def by_values(self, values: Iterable[str]) -> dict[str, IdTokenRow]:
        rows = await self.session.scalars(
            select(IdTokenRow).where(IdTokenRow.value.in_(list(values)))
        )
        return {row.value: row for row in rows}

    async def record(self, value: str) -> TokenRecord | None:
        row = await self.get(value)
        if row is None:
            return None
        return TokenRecord(
            value=row.value,
            status=TokenStatus(row.status),
            expires_at=row.expires_at,
            group_id=row.group_id,
            allow_concurrent=row.allow_concurrent,
            tenant_id=row.tenant_id,
            account_id=row.account_id,
            provider=row.provider,
        )

    def add(self, row: IdTokenRow) -> None:
        self.session.add(row)

    async def delete(self, row: IdTokenRow) -> None:
        await self.session.delete(row)

    async def page(
        self,
        *,
        offset: int,
        limit: int,
        seen: Visibility,
        search: str | None = None,
        status: str | None = None,
    ) -> tuple[Sequence[IdTokenRow], int]:
        query = owned_by(select(IdTokenRow), IdTokenRow, seen)
        if search:
            like = f"%{search}%"
            query = query.where(IdTokenRow.value.ilike(like) | IdTokenRow.label.ilike(like))
        if status:
            query = query.where(IdTokenRow.status == status)
        return await paginate(self.session, query, IdTokenRow.id, offset=offset, limit=limit)
