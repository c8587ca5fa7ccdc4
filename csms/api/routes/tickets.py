"""Customer tickets and their answers (CUS-4): a customer opens a ticket, the tenant's
system administrators (its tenant admins) are told by mail, support answers, the customer
reads the answer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, status
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from csms.api.deps import Access, AccessDep, ServicesDep
from csms.api.schemas import Page
from csms.api.schemas_tickets import (
    TicketCreate,
    TicketDetail,
    TicketMessageCreate,
    TicketMessagePublic,
    TicketPublic,
    TicketUpdate,
)
from csms.db.models import Account, Ticket, TicketMessage
from csms.db.repositories.accounts import AccountRepository
from csms.db.repositories.paging import owned_by, paginate
from csms.domain.permissions import Action, Area, Resource, Role

router = APIRouter(prefix="/tickets", tags=["tickets"])


def _own_account(access: Access, requested: int | None) -> int | None:
    """The account a ticket is opened for: the customer's own, or (system users) the one
    given or whose view they took."""
    principal = access.principal
    if principal.acting_for is not None:
        return principal.acting_for
    if principal.has(Role.PLATFORM_ADMIN, Role.TENANT_ADMIN, Role.SUPPORT):
        return requested
    own = sorted(g.account_id for g in principal.grants if g.account_id is not None)
    if requested is not None and requested in own:
        return requested
    return own[0] if own else None


async def _ticket(access: Access, session: AsyncSession, ticket_id: int, action: Action) -> Ticket:
    ticket = await session.get(Ticket, ticket_id)
    if ticket is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"ticket {ticket_id} not found")
    resource = Resource(ticket.tenant_id, ticket.account_id)
    await access.require(action, Area.TICKETS, resource, f"ticket {ticket_id}")
    return ticket


@router.post("", status_code=status.HTTP_201_CREATED, response_model=TicketPublic)
async def open_ticket(body: TicketCreate, access: AccessDep, services: ServicesDep) -> TicketPublic:
    account_id = _own_account(access, body.account_id)
    if account_id is None:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "account_id is required")
    async with services.db.write() as session:
        account = await session.get(Account, account_id)
        if account is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"account {account_id} not found")
        await access.require(
            Action.WRITE, Area.TICKETS, Resource(account.tenant_id, account.id), "tickets"
        )
        ticket = Ticket(
            tenant_id=account.tenant_id,
            account_id=account.id,
            author_id=access.principal.user_id,
            subject=body.subject,
        )
        session.add(ticket)
        await session.flush()
        session.add(TicketMessage(ticket_id=ticket.id, author_id=ticket.author_id, body=body.body))
        admins = await AccountRepository(session).with_role(account.tenant_id, Role.TENANT_ADMIN)
        mails = [
            services.mail.record(
                session,
                tenant_id=account.tenant_id,
                to=admin.email,
                subject=f"New ticket #{ticket.id}: {body.subject}"[:200],
                body=f"{account.name} opened ticket #{ticket.id}.\n\n{body.body}\n",
            )
            for admin in admins
        ]
    for mail in mails:  # after the commit: the ticket exists before anyone is told of it
        await services.mail.deliver(mail)
    return TicketPublic.model_validate(ticket)


@router.get("", response_model=Page[TicketPublic])
async def list_tickets(
    access: AccessDep,
    services: ServicesDep,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    ticket_status: Annotated[str | None, Query(alias="status", max_length=16)] = None,
) -> Page[TicketPublic]:
    seen = await access.visibility(Area.TICKETS)
    query = owned_by(select(Ticket), Ticket, seen)
    if ticket_status:
        query = query.where(Ticket.status == ticket_status)
    async with services.db.read() as session:
        rows, total = await paginate(session, query, Ticket.id.desc(), offset=offset, limit=limit)
        items = [TicketPublic.model_validate(r) for r in rows]
    return Page(items=items, total=total, offset=offset, limit=limit)


@router.get("/{ticket_id}", response_model=TicketDetail)
async def get_ticket(ticket_id: int, access: AccessDep, services: ServicesDep) -> TicketDetail:
    async with services.db.read() as session:
        ticket = await _ticket(access, session, ticket_id, Action.READ)
        messages = await session.scalars(
            select(TicketMessage)
            .where(TicketMessage.ticket_id == ticket_id)
            .order_by(TicketMessage.id)
        )
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
    async with services.db.write() as session:
        ticket = await _ticket(access, session, ticket_id, Action.WRITE)
        message = TicketMessage(
            ticket_id=ticket.id, author_id=access.principal.user_id, body=body.body
        )
        session.add(message)
        system = access.principal.acting_for is None and access.principal.has(
            Role.PLATFORM_ADMIN, Role.TENANT_ADMIN, Role.SUPPORT
        )
        ticket.status = "answered" if system else "open"
        await session.flush()
    return TicketMessagePublic.model_validate(message)


@router.patch("/{ticket_id}", response_model=TicketPublic)
async def update_ticket(
    ticket_id: int, body: TicketUpdate, access: AccessDep, services: ServicesDep
) -> TicketPublic:
    async with services.db.write() as session:
        ticket = await _ticket(access, session, ticket_id, Action.WRITE)
        ticket.status = body.status
    return TicketPublic.model_validate(ticket)
