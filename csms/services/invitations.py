"""Invitations and activation links (INV-1/2/3/6).

Decisions where the product text is vague:
- An activation link is a 256-bit random token; only its SHA-256 is stored. It is valid for
  24 hours from when it was issued (services.clock), used once, and "Resend invitation"
  retires (supersedes) every unused link of the user before issuing a fresh one.
- A refused link says why: unknown (404), already used (409), replaced by a newer
  invitation or expired (410 Gone), each with a message a person can act on.
- The link in the mail is ``{public_url}/activate?token=...`` (public_url defaults to the
  bound HTTP port on 127.0.0.1). Until a web front end exists the HTTP server answers it
  itself: GET tells whether it is valid and for whom, POST /api/v1/auth/activate sets the
  password and records acceptance of both support links.
- Invitations (including the invitation sent with a sub-account or an employee) are refused
  with 409 while the tenant lacks either support link (INV-1); activation is refused the same
  way if a link was removed after the invitation went out, since activating records
  acceptance of both.
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from csms.db.database import Database
from csms.db.models import Account, Invitation, OutboxMail, RoleGrant, Tenant, User
from csms.db.repositories.accounts import AccountRepository
from csms.db.repositories.invitations import InvitationRepository
from csms.domain.credentials import hash_password
from csms.domain.permissions import Role
from csms.services.clock import Clock
from csms.services.errors import Conflict, Gone, NotFound
from csms.services.mail import MailService
from csms.services.tenants import require_acceptance, require_support_links

INVITATION_TTL = timedelta(hours=24)
ACTIVATION_PATH = "/activate"


def link_token() -> str:
    """A 256-bit random activation token, URL-safe."""
    return secrets.token_urlsafe(32)


def link_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


LinkState = Literal["open", "used", "superseded", "expired"]


def link_state(invitation: Invitation, now: datetime) -> LinkState:
    """open, used, superseded or expired (valid while now < expires_at)."""
    if invitation.used_at is not None:
        return "used"
    if invitation.superseded_at is not None:
        return "superseded"
    if now >= invitation.expires_at:
        return "expired"
    return "open"


@dataclass(slots=True)
class Issued:
    """An invitation just issued: the user, the link's row and the mail that carries it."""

    user: User
    invitation: Invitation
    mail: OutboxMail


@dataclass(slots=True)
class Link:
    invitation: Invitation
    user: User
    tenant: Tenant


class InvitationService:
    def __init__(
        self, db: Database, clock: Clock, mail: MailService, public_url: str = "http://127.0.0.1"
    ):
        self.db = db
        self.clock = clock
        self.mail = mail
        self.public_url = public_url

    async def invite(
        self,
        session: AsyncSession,
        *,
        tenant: Tenant,
        email: str,
        name: str | None,
        account: Account | None,
        role: Role,
        operator_id: int | None = None,
        created_by: int | None,
    ) -> Issued:
        """Create the user (invited), its role and an activation link, and put the mail in
        the outbox, in the caller's unit of work; the caller delivers it after the commit."""
        require_support_links(tenant, "inviting a customer")
        repo = AccountRepository(session)
        existing = await repo.user_by_email(tenant.id, email)
        if existing is not None:
            hint = "resend the invitation" if existing.status == "invited" else "they can sign in"
            raise Conflict(
                f"a user with email {email} already exists in this tenant ({existing.status}); "
                f"{hint}",
            )
        user = User(
            tenant_id=tenant.id,
            account_id=account.id if account else None,
            email=email,
            name=name,
            status="invited",
            created_at=self.clock.now(),
        )
        repo.add(user)
        await session.flush()
        repo.add(
            RoleGrant(
                user_id=user.id,
                role=role.value,
                account_id=account.id if account else None,
                operator_id=operator_id,
            )
        )
        invitation, mail = await self._issue(session, tenant, user, created_by)
        return Issued(user, invitation, mail)

    async def resend(self, session: AsyncSession, user: User, created_by: int | None) -> Issued:
        """INV-3/INV-6: retire the user's unused links and issue a fresh one (fresh 24 h),
        in the caller's unit of work."""
        if user.status != "invited":
            raise Conflict(f"user {user.id} has already activated; nothing to resend")
        tenant = await AccountRepository(session).tenant(user.tenant_id or 0)
        if tenant is None:
            raise NotFound(f"user {user.id} has no tenant to invite to")
        require_support_links(tenant, "resending an invitation")
        await InvitationRepository(session).supersede_open(user.id, self.clock.now())
        invitation, mail = await self._issue(session, tenant, user, created_by)
        return Issued(user, invitation, mail)

    async def _issue(
        self, session: AsyncSession, tenant: Tenant, user: User, created_by: int | None
    ) -> tuple[Invitation, OutboxMail]:
        token = link_token()
        now = self.clock.now()
        invitation = Invitation(
            tenant_id=tenant.id,
            user_id=user.id,
            token_hash=link_hash(token),
            expires_at=now + INVITATION_TTL,
            created_by=created_by,
            created_at=now,
        )
        InvitationRepository(session).add(invitation)
        await session.flush()
        link = f"{self.public_url.rstrip('/')}{ACTIVATION_PATH}?token={token}"
        expires = invitation.expires_at.strftime("%Y-%m-%d %H:%M UTC")
        body = (
            f"Hello {user.name or user.email},\n\n"
            f"You are invited to activate your account at {tenant.name}.\n"
            f"Open this link to set your password and activate the account:\n\n"
            f"{link}\n\n"
            f"The link works once and is valid for 24 hours, until {expires}.\n"
            f"Activating means you accept the Terms of Use ({tenant.terms_url}) and the "
            f"Privacy policy ({tenant.privacy_url}).\n\n"
            f"If the link has expired, ask {tenant.name} to resend the invitation.\n"
        )
        mail = self.mail.record(
            session,
            tenant_id=tenant.id,
            to=user.email,
            subject=f"Activate your {tenant.name} account",
            body=body,
        )
        await session.flush()
        return invitation, mail

    # --- activation ----------------------------------------------------------------------

    async def link(self, token: str) -> Link:
        """Whether an activation link is valid, and for whom; a service error says why not."""
        async with self.db.read() as session:
            return await self._valid_link(session, token, self.clock.now())

    async def activate(
        self,
        *,
        token: str,
        password: str,
        name: str | None,
        accept_terms: bool,
        accept_privacy: bool,
    ) -> User:
        """Set the password, record acceptance of both links, activate; the link is spent."""
        hashed = await asyncio.to_thread(hash_password, password)
        async with self.db.write() as session:
            now = self.clock.now()
            link = await self._valid_link(session, token, now)
            require_support_links(link.tenant, "activating an account")
            require_acceptance(accept_terms, accept_privacy, "activate the account")
            if not await InvitationRepository(session).use(link.invitation.id, now):
                raise Conflict("this activation link was already used")
            user = link.user
            user.password_hash = hashed
            user.status = "active"
            user.name = name or user.name
            user.terms_accepted_at = now
            user.privacy_accepted_at = now
            await session.flush()
            return user

    async def _valid_link(self, session: AsyncSession, token: str, now: datetime) -> Link:
        invitation = await InvitationRepository(session).by_hash(link_hash(token))
        if invitation is None:
            raise NotFound("unknown activation link; check the link in the mail")
        repo = AccountRepository(session)
        user = await repo.user(invitation.user_id)
        tenant = await repo.tenant(invitation.tenant_id)
        if user is None or tenant is None:
            raise NotFound("unknown activation link; check the link in the mail")
        state = link_state(invitation, now)
        if state == "used" or user.status != "invited":
            raise Conflict(
                "this activation link was already used; the account is active, sign in instead",
            )
        if state == "superseded":
            raise Gone(
                "this activation link was replaced by a newer invitation; use the link in the "
                "latest mail",
            )
        if state == "expired":
            raise Gone(
                f"this activation link expired at "
                f"{invitation.expires_at.strftime('%Y-%m-%d %H:%M:%S UTC')} (links are valid "
                f"for 24 hours); ask {tenant.name} to resend the invitation",
            )
        return Link(invitation, user, tenant)
