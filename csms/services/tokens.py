"""Cards and tokens: the registry Authorize and transaction starts answer from. Each method is
one unit of work; the caller's rights are checked inside it (csms.services.access)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from csms.db.database import Database
from csms.db.models import IdTokenRow
from csms.db.repositories.tokens import TokenRepository
from csms.domain.authorization import TokenRecord, decide_access
from csms.domain.events import TokenStatus
from csms.domain.permissions import Action, Area, Resource
from csms.services.access import Access
from csms.services.clock import Clock
from csms.services.errors import Conflict, NotFound


class TokenService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    def effective_status(self, row: IdTokenRow) -> str:
        """What a station would be told for this card now (an expired card is Expired)."""
        record = TokenRecord(row.value, TokenStatus(row.status), row.expires_at, row.group_id)
        return decide_access(record, self.clock.now()).status.value

    async def page(
        self,
        access: Access,
        *,
        offset: int,
        limit: int,
        search: str | None = None,
        status: str | None = None,
    ) -> tuple[Sequence[IdTokenRow], int]:
        seen = await access.visibility(Area.CARDS)
        async with self.db.read() as session:
            return await TokenRepository(session).page(
                offset=offset, limit=limit, seen=seen, search=search, status=status
            )

    async def create(
        self, access: Access, tenant_id: int | None, fields: dict[str, Any]
    ) -> IdTokenRow:
        tenant_id = access.own_tenant(tenant_id)
        await access.require(
            Action.WRITE, Area.CARDS, Resource(tenant_id, fields.get("account_id")), "tokens"
        )
        async with self.db.write() as session:
            repo = TokenRepository(session)
            if await repo.get(fields["value"]) is not None:
                raise Conflict(f"token {fields['value']!r} already exists", field="value")
            row = IdTokenRow(**fields, tenant_id=tenant_id)
            repo.add(row)
            await session.flush()
        return row

    async def get(self, access: Access, value: str) -> IdTokenRow:
        async with self.db.read() as session:
            return await _visible(TokenRepository(session), access, value, Action.READ)

    async def update(self, access: Access, value: str, changes: dict[str, Any]) -> IdTokenRow:
        async with self.db.write() as session:
            row = await _visible(TokenRepository(session), access, value, Action.WRITE)
            for name, new in changes.items():
                setattr(row, name, new)
        return row

    async def delete(self, access: Access, value: str) -> None:
        async with self.db.write() as session:
            repo = TokenRepository(session)
            await repo.delete(await _visible(repo, access, value, Action.WRITE))


async def _visible(repo: TokenRepository, access: Access, value: str, action: Action) -> IdTokenRow:
    row = await repo.get(value)
    if row is None:
        raise NotFound(f"token {value!r} not found")
    await access.require(
        action, Area.CARDS, Resource(row.tenant_id, row.account_id), f"token {value!r}"
    )
    return row
