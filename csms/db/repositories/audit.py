"""The audit trail: who really did what, on whose behalf."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from csms.db.models import AuditEntry
from csms.db.repositories.paging import paginate


class AuditRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    def add(self, row: AuditEntry) -> None:
        self.session.add(row)

    async def page(
        self,
        *,
        offset: int,
        limit: int,
        tenant_id: int | None,
        everything: bool,
        on_behalf_of: int | None = None,
        actor_user_id: int | None = None,
    ) -> tuple[Sequence[AuditEntry], int]:
        """Newest first; ``everything`` (platform admins) ignores ``tenant_id``."""
        query = select(AuditEntry)
        if not everything:
            query = query.where(AuditEntry.tenant_id == tenant_id)
        if on_behalf_of is not None:
            query = query.where(AuditEntry.on_behalf_of == on_behalf_of)
        if actor_user_id is not None:
            query = query.where(AuditEntry.actor_user_id == actor_user_id)
        return await paginate(self.session, query, AuditEntry.id.desc(), offset=offset, limit=limit)
