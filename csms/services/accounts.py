"""Customers and their users: invitations and activation links (INV-1/2/3/6), sub-accounts
(INV-4), sign-up and login. Who may call what is checked by the routes (csms.api.deps.Access);
this service holds the rules that do not depend on the caller.

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
- Sign-up and invitations (including the invitation sent with a sub-account or an employee)
  are refused with 409 while the tenant lacks either support link (INV-1); activation is
  refused the same way if a link was removed after the invitation went out, since activating
  records acceptance of both.
- Sign-up makes an active user at once and returns a login token; the bench has no separate
  e-mail verification step for self sign-up.
- Login answers the same 401 for an unknown tenant, an unknown user, a user who has not
  activated, a blocked user and a wrong password, after the same password-hashing work.
- A user's role on its account follows the account's customer type, the way a system user's
  view of a customer does (CUS-8): company -> account_admin, employee -> employee, private ->
  driver.
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from csms.db.database import Database
from csms.db.models import Account, ApiToken, Invitation, OutboxMail, RoleGrant, Tenant, User
from csms.db.repositories.accounts import AccountRepository
from csms.db.repositories.api_tokens import ApiTokenRepository
from csms.db.repositories.invitations import InvitationRepository
from csms.domain.credentials import api_token_hash, hash_password, new_api_token, verify_password
from csms.domain.permissions import Role
from csms.services.clock import Clock
from csms.services.errors import Conflict, Gone, Invalid, NotFound, Unauthenticated
from csms.services.mail import MailService

INVITATION_TTL = timedelta(hours=24)
LOGIN_TTL = timedelta(hours=12)
ACTIVATION_PATH = "/activate"
LOGIN_REFUSED = "wrong tenant, email or password"


@cache
def _dummy_hash() -> str:
    """Checked against when there is no user, so an unknown user costs the same work."""
    return hash_password(secrets.token_urlsafe(16))


def link_token() -> str:
    """A 256-bit random activation token, URL-safe."""
    return secrets.token_urlsafe(32)


def link_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def missing_support_links(tenant: Tenant) -> list[str]:
    return [
        label
        for label, value in (
            ("Terms of Use", tenant.terms_url),
            ("Privacy policy", tenant.privacy_url),
        )
        if not value
    ]


def require_support_links(tenant: Tenant, what: str) -> None:
    """INV-1: nothing that makes a customer accept the links before both exist."""
    missing = missing_support_links(tenant)
    if missing:
        raise Conflict(
            f"{what} is not possible until the tenant sets its support links "
            f"(Settings -> Support links); missing: {' and '.join(missing)}",
        )


def role_for(account: Account) -> Role:
    return {"company": Role.ACCOUNT_ADMIN, "employee": Role.EMPLOYEE}.get(
        account.customer_type, Role.DRIVER
    )


def link_state(invitation: Invitation, now: datetime) -> str:
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


class AccountService:
    def __init__(
        self, db: Database, clock: Clock, mail: MailService, public_url: str = "http://127.0.0.1"
    ):
        self.db = db
        self.clock = clock
        self.mail = mail
        self.public_url = public_url

    # --- accounts ------------------------------------------------------------------------

    async def new_account(
        self, session: AsyncSession, tenant_id: int, ref: str | None, **fields: Any
    ) -> Account:
        """An account in the caller's unit of work; ``ref`` generated when not given."""
        repo = AccountRepository(session)
        if ref is not None and await repo.account_by_ref(tenant_id, ref) is not None:
            raise Conflict(f"account ref {ref!r} already exists")
        while ref is None:
            candidate = f"acc-{secrets.token_hex(5)}"
            if await repo.account_by_ref(tenant_id, candidate) is None:
                ref = candidate
        account = Account(tenant_id=tenant_id, ref=ref, created_at=self.clock.now(), **fields)
        repo.add(account)
        await session.flush()
        return account

    # --- invitations ---------------------------------------------------------------------

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
        the outbox; the caller delivers it after its unit of work commits."""
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
        """INV-3/INV-6: retire the user's unused links and issue a fresh one (fresh 24 h)."""
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
            _require_acceptance(accept_terms, accept_privacy, "activate the account")
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

    # --- sign-up and login ---------------------------------------------------------------

    async def signup(
        self,
        *,
        tenant_slug: str,
        email: str,
        password: str,
        name: str,
        accept_terms: bool,
        accept_privacy: bool,
        customer_type: str,
        company: dict[str, str | None],
    ) -> tuple[User, Account, str, datetime]:
        """INV-1: a customer signs up: its account, an active user, and a login token."""
        hashed = await asyncio.to_thread(hash_password, password)
        token = new_api_token()
        async with self.db.write() as session:
            repo = AccountRepository(session)
            tenant = await repo.tenant_by_slug(tenant_slug)
            if tenant is None:
                raise NotFound(f"unknown tenant {tenant_slug!r}")
            require_support_links(tenant, "signing up")
            _require_acceptance(accept_terms, accept_privacy, "sign up")
            if await repo.user_by_email(tenant.id, email) is not None:
                raise Conflict(
                    f"an account with email {email} already exists; sign in or ask for a new "
                    "invitation",
                )
            now = self.clock.now()
            company_fields = company if customer_type == "company" else {}
            account = await self.new_account(
                session,
                tenant.id,
                None,
                name=company_fields.get("company_name") or name,
                email=email,
                kind="standard",
                customer_type=customer_type,
                account_type="business" if customer_type == "company" else "consumer",
                **company_fields,
            )
            user = User(
                tenant_id=tenant.id,
                account_id=account.id,
                email=email,
                name=name,
                password_hash=hashed,
                status="active",
                terms_accepted_at=now,
                privacy_accepted_at=now,
                created_at=now,
            )
            repo.add(user)
            await session.flush()
            repo.add(
                RoleGrant(user_id=user.id, role=role_for(account).value, account_id=account.id)
            )
            expires_at = now + LOGIN_TTL
            ApiTokenRepository(session).add(
                ApiToken(
                    name=f"sign-up {email}",
                    token_hash=api_token_hash(token),
                    user_id=user.id,
                    expires_at=expires_at,
                    created_at=now,
                )
            )
        return user, account, token, expires_at

    async def login(self, *, tenant_slug: str, email: str, password: str) -> tuple[str, datetime]:
        """A bearer token valid for 12 hours; one refusal message for every failure."""
        async with self.db.read() as session:
            repo = AccountRepository(session)
            tenant = await repo.tenant_by_slug(tenant_slug)
            user = await repo.user_by_email(tenant.id, email) if tenant is not None else None
        stored = user.password_hash if user is not None and user.password_hash else _dummy_hash()
        matches = await asyncio.to_thread(verify_password, password, stored)
        if user is None or not user.password_hash or not matches or user.status != "active":
            raise Unauthenticated(LOGIN_REFUSED)
        token = new_api_token()
        now = self.clock.now()
        expires_at = now + LOGIN_TTL
        async with self.db.write() as session:
            ApiTokenRepository(session).add(
                ApiToken(
                    name=f"login {email}",
                    token_hash=api_token_hash(token),
                    user_id=user.id,
                    expires_at=expires_at,
                    created_at=now,
                )
            )
        return token, expires_at


def _require_acceptance(accept_terms: bool, accept_privacy: bool, what: str) -> None:
    missing = [
        label
        for label, accepted in (("Terms of Use", accept_terms), ("Privacy policy", accept_privacy))
        if not accepted
    ]
    if missing:
        raise Invalid(
            f"to {what} you must accept the {' and the '.join(missing)}",
        )
