"""Customer tickets and their answers (CUS-4): a customer opens a ticket, the tenant's
system administrators (its tenant admins) are told by mail, support answers, the customer
reads the answer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from csms.api.deps import AccessDep, PagingDep, ServicesDep
from csms.api.schemas import Page
from csms.api.schemas_tickets import (
    TicketCreate,
    TicketDetail,
    TicketMessageCreate,
    TicketMessagePublic,
    TicketPublic,
    TicketUpdate,
)

router = APIRouter(prefix="/tickets", tags=["tickets"])


@router.post("", status_code=status.HTTP_201_CREATED, response_model=TicketPublic)
async def open_ticket(body: TicketCreate, access: AccessDep, services: ServicesDep) -> TicketPublic:
    ticket = await services.tickets.open(access, body.account_id, body.subject, body.body)
    return TicketPublic.model_validate(ticket)


@router.get("", response_model=Page[TicketPublic])
async def list_tickets(
    access: AccessDep,
    services: ServicesDep,
    paging: PagingDep,
    ticket_status: Annotated[str | None, Query(alias="status", max_length=16)] = None,
) -> Page[TicketPublic]:
    rows, total = await services.tickets.page(
        access, offset=paging.offset, limit=paging.limit, status=ticket_status
    )
    return paging.page([TicketPublic.model_validate(r) for r in rows], total)


@router.get("/{ticket_id}", response_model=TicketDetail)
async def get_ticket(ticket_id: int, access: AccessDep, services: ServicesDep) -> TicketDetail:
    ticket, messages = await services.tickets.get(access, ticket_id)
    return TicketDetail(
        **TicketPublic.model_validate(ticket).model_dump(),
        messages=[TicketMessagePublic.model_validate(m) for m in messages],
    )


@router.post("/{ticket_id}/messages", status_code=201, response_model=TicketMessagePublic)
async def add_message(
    ticket_id: int, body: TicketMessageCreate, access: AccessDep, services: ServicesDep
) -> TicketMessagePublic:
    """An answer from support (the ticket becomes answered) or a follow-up from the customer
    (it is open again)."""
    message = await services.tickets.answer(access, ticket_id, body.body)
    return TicketMessagePublic.model_validate(message)


@router.patch("/{ticket_id}", response_model=TicketPublic)
async def update_ticket(
    ticket_id: int, body: TicketUpdate, access: AccessDep, services: ServicesDep
) -> TicketPublic:
    ticket = await services.tickets.set_status(access, ticket_id, body.status)
    return TicketPublic.model_validate(ticket)
