"""Customer tickets and their answers (CUS-4): a customer opens a ticket, the tenant's system
administrators (its tenant admins) are told by mail, support answers, the customer reads the
answer. Each method is one unit of work; the caller's rights are checked inside it."""

from __future__ import annotations

from collections.abc import Sequence

from csms.db.database import Database
from csms.db.models import Ticket, TicketMessage
from csms.db.repositories.accounts import AccountRepository
from csms.db.repositories.tickets import TicketRepository
from csms.domain.permissions import Action, Area, Resource, Role
from csms.services.access import Access
from csms.services.errors import Invalid, NotFound
from csms.services.mail import MailService

SYSTEM = (Role.PLATFORM_ADMIN, Role.TENANT_ADMIN, Role.SUPPORT)


def _own_account(access: Access, requested: int | None) -> int | None:
    """The account a ticket is opened for: the customer's own, or (system users) the one
    given or whose view they took."""
    principal = access.principal
    if principal.acting_for is not None:
        return principal.acting_for
    if principal.has(*SYSTEM):
        return requested
    own = sorted(g.account_id for g in principal.grants if g.account_id is not None)
    if requested is not None and requested in own:
        return requested
    return own[0] if own else None


class TicketService:
    def __init__(self, db: Database, mail: MailService) -> None:
        self.db = db
        self.mail = mail

    async def open(self, access: Access, account_id: int | None, subject: str, body: str) -> Ticket:
        """The ticket and its first message; every tenant admin is told by mail."""
        account_id = _own_account(access, account_id)
        if account_id is None:
            raise Invalid("account_id is required")
        async with self.db.write() as session:
            accounts = AccountRepository(session)
            account = await accounts.account(account_id)
            if account is None:
                raise NotFound(f"account {account_id} not found")
            await access.require(
                Action.WRITE, Area.TICKETS, Resource(account.tenant_id, account.id), "tickets"
            )
            repo = TicketRepository(session)
            ticket = Ticket(
                tenant_id=account.tenant_id,
                account_id=account.id,
                author_id=access.principal.user_id,
                subject=subject,
            )
            repo.add(ticket)
            await session.flush()
            repo.add(TicketMessage(ticket_id=ticket.id, author_id=ticket.author_id, body=body))
            admins = await accounts.with_role(account.tenant_id, Role.TENANT_ADMIN)
            mails = [
                self.mail.record(
                    session,
                    tenant_id=account.tenant_id,
                    to=admin.email,
                    subject=f"New ticket #{ticket.id}: {subject}"[:200],
                    body=f"{account.name} opened ticket #{ticket.id}.\n\n{body}\n",
                )
                for admin in admins
            ]
        for mail in mails:  # after the commit: the ticket exists before anyone is told of it
            await self.mail.deliver(mail)
        return ticket

    async def page(
        self, access: Access, *, offset: int, limit: int, status: str | None = None
    ) -> tuple[Sequence[Ticket], int]:
        seen = await access.visibility(Area.TICKETS)
        async with self.db.read() as session:
            return await TicketRepository(session).page(
                offset=offset, limit=limit, seen=seen, status=status
            )

    async def get(self, access: Access, ticket_id: int) -> tuple[Ticket, Sequence[TicketMessage]]:
        """The ticket and its messages, oldest first."""
        async with self.db.read() as session:
            repo = TicketRepository(session)
            ticket = await _visible(repo, access, ticket_id, Action.READ)
            return ticket, await repo.messages(ticket_id)

    async def answer(self, access: Access, ticket_id: int, body: str) -> TicketMessage:
        """An answer from support (the ticket becomes answered) or a follow-up from the
        customer (it is open again)."""
        async with self.db.write() as session:
            repo = TicketRepository(session)
            ticket = await _visible(repo, access, ticket_id, Action.WRITE)
            principal = access.principal
            message = TicketMessage(ticket_id=ticket.id, author_id=principal.user_id, body=body)
            repo.add(message)
            system = principal.acting_for is None and principal.has(*SYSTEM)
            ticket.status = "answered" if system else "open"
            await session.flush()
        return message

    async def set_status(self, access: Access, ticket_id: int, status: str) -> Ticket:
        async with self.db.write() as session:
            ticket = await _visible(TicketRepository(session), access, ticket_id, Action.WRITE)
            ticket.status = status
        return ticket


async def _visible(
    repo: TicketRepository, access: Access, ticket_id: int, action: Action
) -> Ticket:
    ticket = await repo.get(ticket_id)
    if ticket is None:
        raise NotFound(f"ticket {ticket_id} not found")
    resource = Resource(ticket.tenant_id, ticket.account_id)
    await access.require(action, Area.TICKETS, resource, f"ticket {ticket_id}")
    return ticket
