"""The audit trail: who really did what, on whose behalf."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, status
from sqlalchemy import select

from csms.api.deps import AccessDep, ServicesDep
from csms.api.schemas import Page
from csms.api.schemas_tickets import AuditEntryPublic
from csms.db.models import AuditEntry
from csms.db.repositories.paging import paginate
from csms.domain.permissions import Action, Area, Resource

router = APIRouter(prefix="/audit", tags=["audit"])


@router.get("", response_model=Page[AuditEntryPublic])
async def audit_trail(
    access: AccessDep,
    services: ServicesDep,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    on_behalf_of: int | None = None,
    actor_user_id: int | None = None,
) -> Page[AuditEntryPublic]:
    """Newest first. Tenant administrators see their tenant's trail."""
    principal = access.principal
    if not principal.platform_admin and not await access.allows(
        Action.READ, Area.AUDIT, Resource(principal.tenant_id)
    ):
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, "only tenant administrators read the audit trail"
        )
    query = select(AuditEntry)
    if not principal.platform_admin:
        query = query.where(AuditEntry.tenant_id == principal.tenant_id)
    if on_behalf_of is not None:
        query = query.where(AuditEntry.on_behalf_of == on_behalf_of)
    if actor_user_id is not None:
        query = query.where(AuditEntry.actor_user_id == actor_user_id)
    async with services.db.read() as session:
        rows, total = await paginate(
            session, query, AuditEntry.id.desc(), offset=offset, limit=limit
        )
        items = [AuditEntryPublic.model_validate(r) for r in rows]
    return Page(items=items, total=total, offset=offset, limit=limit)
