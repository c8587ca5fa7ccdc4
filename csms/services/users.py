"""Users: inviting and finding them (INV-2, INV-6), sign-up and login (INV-1), and who is
calling (the bearer token behind every API request). Each method is one unit of work.

Decisions where the product text is vague:
- INV-2: only tenant admins and customer support (and platform admins) invite, whatever
  else the caller may do; staff roles are granted by tenant admins only. Without an account
  a customer role gets a new standard private account named after the invitee.
- "Resend invitation" (INV-6) is allowed to whoever may change the user's account (tenant
  staff; account admins for their own tree) and only while the user has not activated.
- Sign-up makes an active user at once and returns a login token; the bench has no separate
  e-mail verification step for self sign-up.
- Login answers the same 401 for an unknown tenant, an unknown user, a user who has not
  activated, a blocked user and a wrong password, after the same password-hashing work.
- A system user acting as a customer (CUS-8) gets exactly the customer's rights; the real
  user stays on record for the audit trail.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from csms.db.database import Database
from csms.db.models import Account, ApiToken, Invitation, RoleGrant, Tenant, User
from csms.db.repositories.accounts import AccountRepository
from csms.db.repositories.api_tokens import ApiTokenRepository
from csms.db.repositories.invitations import InvitationRepository
from csms.db.repositories.operators import OperatorRepository
from csms.domain.credentials import api_token_hash, hash_password, new_api_token, verify_password
from csms.domain.permissions import Action, Area, Grant, Principal, Resource, Role
from csms.services.access import Access
from csms.services.accounts import (
    STAFF,
    new_account,
    require_company_details,
    role_for,
    visible_account,
)
from csms.services.clock import Clock
from csms.services.errors import Conflict, Forbidden, Invalid, NotFound, Unauthenticated
from csms.services.invitations import InvitationService, Issued
from csms.services.tenants import existing_tenant, require_acceptance, require_support_links

LOGIN_TTL = timedelta(hours=12)
LOGIN_REFUSED = "wrong tenant, email or password"
PLATFORM_ADMIN = frozenset({Grant(Role.PLATFORM_ADMIN)})


@cache
def _dummy_hash() -> str:
    """Checked against when there is no user, so an unknown user costs the same work."""
    return hash_password(secrets.token_urlsafe(16))


@dataclass(slots=True)
class UserView:
    """A user with its account and, while it has not activated, its current link."""

    user: User
    account: Account | None
    link: Invitation | None


@dataclass(slots=True)
class Identity:
    """Who the caller is: its user, that user's account, its tenant, and the customer whose
    view it took (CUS-8); all None for the bootstrap admin token."""

    user: User | None
    account: Account | None
    tenant: Tenant | None
    acting_for: Account | None


async def _visible_user(
    repo: AccountRepository, access: Access, user_id: int, action: Action = Action.READ
) -> User:
    row = await repo.user(user_id)
    if row is None:
        raise NotFound(f"user {user_id} not found")
    await access.require(
        action, Area.ACCOUNTS, Resource(row.tenant_id, row.account_id), f"user {user_id}"
    )
    return row


class UserService:
    def __init__(self, db: Database, clock: Clock, invitations: InvitationService) -> None:
        self.db = db
        self.clock = clock
        self.invitations = invitations

    # --- finding users -------------------------------------------------------------------

    async def page(
        self,
        access: Access,
        *,
        offset: int,
        limit: int,
        search: str | None = None,
        status: str | None = None,
        account_id: int | None = None,
        tenant_id: int | None = None,
    ) -> tuple[list[UserView], int]:
        """By name, email or account name, with each user's current link."""
        seen = await access.visibility(Area.ACCOUNTS)
        async with self.db.read() as session:
            rows, total = await AccountRepository(session).users(
                offset=offset,
                limit=limit,
                seen=seen,
                search=search,
                status=status,
                account_id=account_id,
                tenant_id=tenant_id,
            )
            links = await InvitationRepository(session).open_of_users(u.id for u, _ in rows)
        return [UserView(u, a, links.get(u.id)) for u, a in rows], total

    async def get(self, access: Access, user_id: int) -> UserView:
        async with self.db.read() as session:
            repo = AccountRepository(session)
            row = await _visible_user(repo, access, user_id)
            account = await repo.account(row.account_id or 0)
            links = await InvitationRepository(session).open_of_users([row.id])
        return UserView(row, account, links.get(row.id))

    async def invitations_of(self, access: Access, user_id: int) -> Sequence[Invitation]:
        """Newest first."""
        async with self.db.read() as session:
            await _visible_user(AccountRepository(session), access, user_id)
            return await InvitationRepository(session).of_user(user_id)

    # --- inviting ------------------------------------------------------------------------

    async def invite(
        self,
        access: Access,
        *,
        email: str,
        name: str | None,
        role: Role | None,
        account_id: int | None,
        operator_id: int | None,
        tenant_id: int | None,
    ) -> tuple[Issued, Account | None]:
        """INV-2/INV-3: the user, its role and a 24-hour activation link, mailed; refused
        while the tenant lacks either support link (INV-1) or when the email has a user."""
        principal = access.principal
        if not principal.has(*STAFF):
            raise Forbidden("only a tenant admin or customer support can invite customers")
        staff_role = role in (Role.TENANT_ADMIN, Role.SUPPORT)
        if staff_role and not principal.has(Role.PLATFORM_ADMIN, Role.TENANT_ADMIN):
            raise Forbidden("only a tenant admin can invite tenant admins or support")
        if (staff_role or role is Role.OPERATOR_USER) and account_id is not None:
            raise Invalid(f"a {role} belongs to no customer account")
        if (role is Role.OPERATOR_USER) != (operator_id is not None):
            raise Invalid("operator_id goes with the operator_user role, and only with it")
        async with self.db.write() as session:
            repo = AccountRepository(session)
            account: Account | None = None
            if account_id is not None:
                account = await visible_account(repo, access, account_id, Action.WRITE)
                tid = account.tenant_id
            else:
                tid = access.tenant_for(tenant_id)
                await access.require(Action.WRITE, Area.ACCOUNTS, Resource(tid), "users")
            tenant = await existing_tenant(repo, tid)
            if operator_id is not None:
                operator = await OperatorRepository(session).get(operator_id)
                if operator is None or operator.tenant_id != tid:
                    raise NotFound(f"operator {operator_id} not found")
            if account is None and not staff_role and role is not Role.OPERATOR_USER:
                account = await new_account(
                    session,
                    self.clock.now(),
                    tid,
                    None,
                    name=name or email,
                    kind="standard",
                    customer_type="private",
                    account_type="consumer",
                    email=email,
                )
            if role is None:
                # Only a customer is invited without a role, and it has an account by now.
                assert account is not None
                role = role_for(account)
            issued = await self.invitations.invite(
                session,
                tenant=tenant,
                email=email,
                name=name,
                account=account,
                role=role,
                operator_id=operator_id,
                created_by=principal.user_id,
            )
        await self.invitations.mail.deliver(issued.mail)
        return issued, account

    async def resend(self, access: Access, user_id: int) -> tuple[Issued, Account | None]:
        """INV-3/INV-6: a fresh 24 h link; the old one stops working."""
        async with self.db.write() as session:
            repo = AccountRepository(session)
            user = await _visible_user(repo, access, user_id, Action.WRITE)
            account = await repo.account(user.account_id or 0)
            issued = await self.invitations.resend(session, user, access.principal.user_id)
        await self.invitations.mail.deliver(issued.mail)
        return issued, account

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
        require_company_details(customer_type == "company", company)
        hashed = await asyncio.to_thread(hash_password, password)
        token = new_api_token()
        async with self.db.write() as session:
            repo = AccountRepository(session)
            tenant = await repo.tenant_by_slug(tenant_slug)
            if tenant is None:
                raise NotFound(f"unknown tenant {tenant_slug!r}")
            require_support_links(tenant, "signing up")
            require_acceptance(accept_terms, accept_privacy, "sign up")
            if await repo.user_by_email(tenant.id, email) is not None:
                raise Conflict(
                    f"an account with email {email} already exists; sign in or ask for a new "
                    "invitation",
                )
            now = self.clock.now()
            company_fields = company if customer_type == "company" else {}
            account = await new_account(
                session,
                now,
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
            expires_at = _add_login(
                ApiTokenRepository(session), f"sign-up {email}", user, token, now
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
        async with self.db.write() as session:
            expires_at = _add_login(ApiTokenRepository(session), f"login {email}", user, token, now)
        return token, expires_at

    # --- who is calling ------------------------------------------------------------------

    async def principal_for(self, token: str, act_as: int | None = None) -> Principal:
        """The caller behind a bearer token, or Unauthenticated; with ``act_as`` a system
        user takes that customer's view (CUS-8)."""
        async with self.db.read() as session:
            row = await ApiTokenRepository(session).by_hash(api_token_hash(token))
            # The services' clock, which also stamped the token's end (a moved test clock too).
            now = self.clock.now()
            if row is None or (row.expires_at is not None and row.expires_at <= now):
                raise Unauthenticated("invalid, expired or revoked token")
            repo = AccountRepository(session)
            if row.user_id is None:
                principal = Principal(None, None, PLATFORM_ADMIN)
            else:
                user = await repo.user(row.user_id)
                if user is None or user.status != "active":
                    raise Unauthenticated("user is not active")
                principal = Principal(user.id, user.tenant_id, await repo.grants(user.id))
            if act_as is None:
                return principal
            return await _acting_as(repo, principal, act_as)

    async def identity(self, principal: Principal) -> Identity:
        async with self.db.read() as session:
            repo = AccountRepository(session)
            user = await repo.user(principal.user_id) if principal.user_id is not None else None
            account = await repo.account(user.account_id) if user and user.account_id else None
            tenant = await repo.tenant(principal.tenant_id) if principal.tenant_id else None
            acting = await repo.account(principal.acting_for) if principal.acting_for else None
        return Identity(user, account, tenant, acting)


def _add_login(
    repo: ApiTokenRepository, name: str, user: User, token: str, now: datetime
) -> datetime:
    """Store a login token's hash; answers when it expires."""
    expires_at = now + LOGIN_TTL
    repo.add(
        ApiToken(
            name=name,
            token_hash=api_token_hash(token),
            user_id=user.id,
            expires_at=expires_at,
            created_at=now,
        )
    )
    return expires_at


async def _acting_as(repo: AccountRepository, principal: Principal, account_id: int) -> Principal:
    """CUS-8: a tenant admin or support user takes a customer's view, with exactly the
    customer's rights; the real user stays on record for the audit trail."""
    if not principal.has(*STAFF):
        raise Forbidden("only system users can act as a customer")
    account = await repo.account(account_id)
    if account is None or not (
        principal.platform_admin or account.tenant_id == principal.tenant_id
    ):
        raise NotFound(f"account {account_id} not found")
    return Principal(
        principal.user_id,
        account.tenant_id,
        frozenset({Grant(role_for(account), account.id)}),
        acting_for=account.id,
    )
