"""The audit trail: who really did what, on whose behalf."""

from __future__ import annotations

from fastapi import APIRouter

from csms.api.deps import AccessDep, PagingDep, ServicesDep
from csms.api.schemas import Page
from csms.api.schemas_tickets import AuditEntryPublic

router = APIRouter(prefix="/audit", tags=["audit"])


@router.get("", response_model=Page[AuditEntryPublic])
async def audit_trail(
    access: AccessDep,
    services: ServicesDep,
    paging: PagingDep,
    on_behalf_of: int | None = None,
    actor_user_id: int | None = None,
) -> Page[AuditEntryPublic]:
    """Newest first. Tenant administrators see their tenant's trail."""
    rows, total = await services.audit.page(
        access,
        offset=paging.offset,
        limit=paging.limit,
        on_behalf_of=on_behalf_of,
        actor_user_id=actor_user_id,
    )
    return paging.page([AuditEntryPublic.model_validate(r) for r in rows], total)
