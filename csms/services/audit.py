"""The audit trail: every change made through the API, who really acted and, when a system
user had switched to a customer's view, on whose behalf (CUS-8)."""

from __future__ import annotations

from collections.abc import Sequence

from csms.db.database import Database
from csms.db.models import AuditEntry
from csms.db.repositories.audit import AuditRepository
from csms.domain.permissions import Action, Area, Principal, Resource
from csms.services.access import Access
from csms.services.errors import Forbidden


class AuditService:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def record(self, principal: Principal, action: str, target: str) -> None:
        async with self.db.write() as session:
            AuditRepository(session).add(
                AuditEntry(
                    tenant_id=principal.tenant_id,
                    actor_user_id=principal.user_id,
                    on_behalf_of=principal.acting_for,
                    action=action[:60],
                    target=target[:200],
                )
            )

    async def page(
        self,
        access: Access,
        *,
        offset: int,
        limit: int,
        on_behalf_of: int | None = None,
        actor_user_id: int | None = None,
    ) -> tuple[Sequence[AuditEntry], int]:
        """Newest first. Tenant administrators see their tenant's trail, platform admins all."""
        principal = access.principal
        if not principal.platform_admin and not await access.allows(
            Action.READ, Area.AUDIT, Resource(principal.tenant_id)
        ):
            raise Forbidden("only tenant administrators read the audit trail")
        async with self.db.read() as session:
            return await AuditRepository(session).page(
                offset=offset,
                limit=limit,
                tenant_id=principal.tenant_id,
                everything=principal.platform_admin,
                on_behalf_of=on_behalf_of,
                actor_user_id=actor_user_id,
            )
