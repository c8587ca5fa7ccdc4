"""Admin API bearer tokens (hashes only)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from csms.db.models import ApiToken


class ApiTokenRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def by_hash(self, token_hash: str) -> ApiToken | None:
        return await self.session.scalar(
            select(ApiToken).where(ApiToken.token_hash == token_hash, ApiToken.revoked_at.is_(None))
        )

    async def count(self) -> int:
        return await self.session.scalar(select(func.count()).select_from(ApiToken)) or 0

    def add(self, row: ApiToken) -> None:
        self.session.add(row)
