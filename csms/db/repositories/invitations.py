"""Activation links (invitations, stored as hashes) and the mail outbox that carries them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from csms.db.models import Invitation, OutboxMail
from csms.db.repositories.changes import rows_changed
from csms.db.repositories.paging import paginate


class InvitationRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    def add(self, row: Invitation) -> None:
        self.session.add(row)

    async def by_hash(self, token_hash: str) -> Invitation | None:
        return await self.session.scalar(
            select(Invitation).where(Invitation.token_hash == token_hash)
        )

    async def of_user(self, user_id: int) -> Sequence[Invitation]:
        """Newest first."""
        rows = await self.session.scalars(
            select(Invitation).where(Invitation.user_id == user_id).order_by(Invitation.id.desc())
        )
        return rows.all()

    async def open_of_users(self, user_ids: Iterable[int]) -> dict[int, Invitation]:
        """Each user's current link: the newest one neither used nor superseded."""
        ids = list(user_ids)
        if not ids:
            return {}
        rows = await self.session.scalars(
            select(Invitation)
            .where(
                Invitation.user_id.in_(ids),
                Invitation.used_at.is_(None),
                Invitation.superseded_at.is_(None),
            )
            .order_by(Invitation.id)
        )
        return {row.user_id: row for row in rows}

    async def supersede_open(self, user_id: int, at: datetime) -> int:
        """Retire every link of the user not used yet; answers how many."""
        return await rows_changed(
            self.session,
            update(Invitation)
            .where(
                Invitation.user_id == user_id,
                Invitation.used_at.is_(None),
                Invitation.superseded_at.is_(None),
            )
            .values(superseded_at=at),
        )

    async def use(self, invitation_id: int, at: datetime) -> bool:
        """Mark the link used, once: False if someone else used or retired it first."""
        changed = await rows_changed(
            self.session,
            update(Invitation)
            .where(
                Invitation.id == invitation_id,
                Invitation.used_at.is_(None),
                Invitation.superseded_at.is_(None),
            )
            .values(used_at=at),
        )
        return changed == 1


class OutboxRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    def add(self, row: OutboxMail) -> None:
        self.session.add(row)

    async def record_result(
        self, mail_id: int, *, sent_at: datetime | None, error: str | None
    ) -> None:
        await self.session.execute(
            update(OutboxMail).where(OutboxMail.id == mail_id).values(sent_at=sent_at, error=error)
        )

    async def page(
        self,
        *,
        offset: int,
        limit: int,
        tenant_id: int | None,
        everything: bool,
        to: str | None = None,
    ) -> tuple[Sequence[OutboxMail], int]:
        """Newest first. ``everything`` (platform admins) ignores ``tenant_id`` unless given."""
        query = select(OutboxMail)
        if not everything or tenant_id is not None:
            query = query.where(OutboxMail.tenant_id == tenant_id)
        if to:
            query = query.where(OutboxMail.to.ilike(f"%{to}%"))
        return await paginate(self.session, query, OutboxMail.id.desc(), offset=offset, limit=limit)
