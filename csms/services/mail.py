"""Outgoing mail. Every message is written to the outbox table first, in the caller's unit of
work (so an invitation and its mail are stored together or not at all), then handed to the
SMTP server after the commit, and the outbox row records ``sent_at`` or ``error``.

Decisions:
- Without an SMTP server configured the mail stays in the outbox with neither ``sent_at`` nor
  ``error``: it is not lost and not a failure; GET /api/v1/outbox shows it (status
  ``outbox_only``), which is how a bench without SMTP reads its activation links.
- A failing SMTP server never fails the API call that caused the mail: the error is recorded
  on the outbox row (and logged); the caller sees it as the mail's status.
- Delivery runs inline, after the commit and outside the database write lock, with a timeout,
  so a test that invites someone finds the mail at the SMTP server when the call returns.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

import aiosmtplib
from sqlalchemy.ext.asyncio import AsyncSession

from csms.db.database import Database
from csms.db.models import OutboxMail
from csms.db.repositories.invitations import OutboxRepository
from csms.domain.permissions import Action, Area, Resource, Role
from csms.services.access import Access
from csms.services.clock import Clock
from csms.services.errors import Forbidden

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SmtpConfig:
    host: str
    port: int = 25
    timeout: float = 10.0


class MailService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        smtp: SmtpConfig | None,
        sender: str = "evharness <no-reply@evharness.invalid>",
    ):
        self.db = db
        self.clock = clock
        self.smtp = smtp
        self.sender = sender

    def record(
        self, session: AsyncSession, *, tenant_id: int | None, to: str, subject: str, body: str
    ) -> OutboxMail:
        """Put a mail in the outbox within the caller's unit of work; ``deliver`` it after."""
        row = OutboxMail(
            tenant_id=tenant_id, to=to, subject=subject, body=body, created_at=self.clock.now()
        )
        OutboxRepository(session).add(row)
        return row

    async def deliver(self, mail: OutboxMail) -> None:
        """Hand a recorded (committed) mail to the SMTP server and record the outcome.
        Never raises: a failure is the mail's ``error``."""
        if self.smtp is None:
            return
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = mail.to
        message["Subject"] = mail.subject
        message["Date"] = format_datetime(self.clock.now())
        message["Message-ID"] = make_msgid(domain="evharness.invalid")
        message.set_content(mail.body)
        sent_at, error = None, None
        try:
            await aiosmtplib.send(
                message,
                hostname=self.smtp.host,
                port=self.smtp.port,
                timeout=self.smtp.timeout,
            )
            sent_at = self.clock.now()
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"[:500]
            log.warning("mail %s to %s not sent: %s", mail.id, mail.to, error)
        async with self.db.write() as session:
            await OutboxRepository(session).record_result(mail.id, sent_at=sent_at, error=error)
        mail.sent_at, mail.error = sent_at, error

    async def send(self, *, tenant_id: int | None, to: str, subject: str, body: str) -> OutboxMail:
        """Record and deliver in one go, for mail that belongs to no other unit of work."""
        async with self.db.write() as session:
            mail = self.record(session, tenant_id=tenant_id, to=to, subject=subject, body=body)
        await self.deliver(mail)
        return mail

    async def outbox(
        self,
        access: Access,
        *,
        offset: int,
        limit: int,
        to: str | None = None,
        tenant_id: int | None = None,
    ) -> tuple[Sequence[OutboxMail], int]:
        """Newest first. It shows mail bodies, activation links included (what a bench
        without an SMTP server reads), so only tenant admins and support read their tenant's
        mail, platform admins all (or one tenant's)."""
        principal = access.principal
        if not principal.has(Role.PLATFORM_ADMIN, Role.TENANT_ADMIN, Role.SUPPORT):
            raise Forbidden("only tenant admins and customer support read the outbox")
        tid = access.own_tenant(tenant_id)
        if tid is not None:
            await access.require(Action.READ, Area.ACCOUNTS, Resource(tid), "outbox")
        async with self.db.read() as session:
            return await OutboxRepository(session).page(
                offset=offset,
                limit=limit,
                tenant_id=tid,
                everything=principal.platform_admin,
                to=to,
            )
