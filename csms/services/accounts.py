"""Accounts (customers) and their hierarchy: standard accounts, connected accounts (CA-1),
sub-accounts (INV-4) and employees (CUS-1). Each method is one unit of work; the caller's
rights are checked inside it (csms.services.access).

Decisions where the product text is vague:
- Tenant staff create standard accounts; an account admin adds connected accounts,
  sub-accounts and employees under the accounts it administers, and creating a sub-account
  or an employee invites its user (INV-1 still applies: csms.services.invitations).
- An account's reimbursement rate and status are changed only from above it: by admins of
  its primary/parent/employer account or tenant staff (CA-6), never by its own admins.
- A business account (or a company) needs all company details: 422 naming the missing ones,
  checked after the permission check so a caller who may not touch the account learns
  nothing from validation.
- A sub-account is a company (business) or private (consumer) customer; its type is its
  sub-account type. An employee is a standard account of customer type employee linked to
  its company (``employer_id``); only a company has employees.
- A user's role on its account follows the account's customer type, the way a system user's
  view of a customer does (CUS-8): company -> account_admin, employee -> employee, private ->
  driver.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from csms.db.database import Database
from csms.db.models import Account, ServicePlan, Tenant
from csms.db.repositories.accounts import AccountRepository
from csms.domain.permissions import Action, Area, Resource, Role
from csms.services.access import Access
from csms.services.clock import Clock
from csms.services.errors import Conflict, Forbidden, Invalid, NotFound
from csms.services.invitations import InvitationService, Issued
from csms.services.tenants import existing_tenant

COMPANY_FIELDS = ("company_name", "vat_number", "company_address")
STAFF = (Role.PLATFORM_ADMIN, Role.TENANT_ADMIN, Role.SUPPORT)


def role_for(account: Account) -> Role:
    return {"company": Role.ACCOUNT_ADMIN, "employee": Role.EMPLOYEE}.get(
        account.customer_type, Role.DRIVER
    )


def require_company_details(business: bool, fields: Mapping[str, Any]) -> None:
    """A business account (or company) needs all company details."""
    missing = [name for name in COMPANY_FIELDS if not fields.get(name)]
    if business and missing:
        raise Invalid(f"a business account needs company details; missing: {', '.join(missing)}")


async def new_account(
    session: AsyncSession, now: datetime, tenant_id: int, ref: str | None, **fields: Any
) -> Account:
    """An account in the caller's unit of work; ``ref`` generated when not given."""
    repo = AccountRepository(session)
    if ref is not None and await repo.account_by_ref(tenant_id, ref) is not None:
        raise Conflict(f"account ref {ref!r} already exists")
    while ref is None:
        candidate = f"acc-{secrets.token_hex(5)}"
        if await repo.account_by_ref(tenant_id, candidate) is None:
            ref = candidate
    account = Account(tenant_id=tenant_id, ref=ref, created_at=now, **fields)
    repo.add(account)
    await session.flush()
    return account


async def visible_account(
    repo: AccountRepository, access: Access, account_id: int, action: Action = Action.READ
) -> Account:
    row = await repo.account(account_id)
    if row is None:
        raise NotFound(f"account {account_id} not found")
    await access.require(
        action, Area.ACCOUNTS, Resource(row.tenant_id, row.id), f"account {account_id}"
    )
    return row


@dataclass(slots=True)
class Connected:
    """A connected account just made, the invitation of its admin and its service plan."""

    account: Account
    tenant: Tenant
    issued: Issued | None
    plan: ServicePlan | None


class AccountService:
    def __init__(self, db: Database, clock: Clock, invitations: InvitationService) -> None:
        self.db = db
        self.clock = clock
        self.invitations = invitations

    async def create(
        self, access: Access, tenant_id: int | None, ref: str | None, fields: dict[str, Any]
    ) -> Account:
        """A standard account; nobody is invited."""
        tid = access.tenant_for(tenant_id)
        if not await access.allows(Action.WRITE, Area.ACCOUNTS, Resource(tid)):
            raise Forbidden(
                "only tenant staff create standard accounts; account admins add connected "
                "accounts, sub-accounts or employees under their own account",
            )
        company = fields.get("customer_type") == "company"
        require_company_details(company, fields)
        async with self.db.write() as session:
            await existing_tenant(AccountRepository(session), tid)
            return await new_account(
                session,
                self.clock.now(),
                tid,
                ref,
                kind="standard",
                account_type="business" if company else "consumer",
                **fields,
            )

    async def page(
        self, access: Access, *, offset: int, limit: int, **filters: Any
    ) -> tuple[Sequence[Account], int]:
        """The accounts the caller may see: tenant staff the whole tenant, an account admin
        its account tree, a driver its own account (filters: AccountRepository.accounts)."""
        seen = await access.visibility(Area.ACCOUNTS)
        async with self.db.read() as session:
            return await AccountRepository(session).accounts(
                offset=offset, limit=limit, seen=seen, **filters
            )

    async def children(
        self,
        access: Access,
        account_id: int,
        relation: str,
        *,
        offset: int,
        limit: int,
        search: str | None = None,
    ) -> tuple[Sequence[Account], int]:
        """The accounts under ``account_id`` by ``relation`` (primary_account_id,
        parent_account_id or employer_id) the caller may see."""
        seen = await access.visibility(Area.ACCOUNTS)
        async with self.db.read() as session:
            repo = AccountRepository(session)
            await visible_account(repo, access, account_id)
            # relation names one of accounts()' id filters, which mypy cannot tell from a str.
            under: dict[str, Any] = {relation: account_id}
            return await repo.accounts(
                offset=offset, limit=limit, seen=seen, search=search, **under
            )

    async def get(self, access: Access, account_id: int) -> Account:
        async with self.db.read() as session:
            return await visible_account(AccountRepository(session), access, account_id)

    async def update(self, access: Access, account_id: int, changes: dict[str, Any]) -> Account:
        """A business account keeps its company details. The reimbursement rate and status
        change only from above the account (CA-6)."""
        async with self.db.write() as session:
            row = await visible_account(
                AccountRepository(session), access, account_id, Action.WRITE
            )
            changes = {
                name: value
                for name, value in changes.items()
                if value is not None or name not in ("name", "account_type", "status")
            }
            for guarded in ("reimbursement_rate", "status"):
                if guarded in changes:
                    await _require_above(access, row, guarded.replace("_", " "))
            merged = {name: changes.get(name, getattr(row, name)) for name in COMPANY_FIELDS}
            business = changes.get("account_type", row.account_type) == "business"
            require_company_details(business or row.customer_type == "company", merged)
            for name, value in changes.items():
                setattr(row, name, value)
        return row

    async def connect(
        self,
        access: Access,
        primary_id: int,
        *,
        ref: str | None,
        name: str,
        customer_type: str,
        company: Mapping[str, Any],
        admin_email: str | None,
        admin_name: str | None,
        plan: tuple[Decimal, Decimal] | None,
    ) -> Connected:
        """CA-1: a connected account under ``primary_id``; its admin invited when
        ``admin_email`` is given, its service plan (revenue share %, fixed fee; CA-3) set
        when given, which needs the right to set the primary's service plans (billing)."""
        issued = service_plan = None
        async with self.db.write() as session:
            repo = AccountRepository(session)
            primary = await visible_account(repo, access, primary_id, Action.WRITE)
            if plan is not None and not await access.allows(
                Action.WRITE, Area.BILLING, Resource(primary.tenant_id, primary.id)
            ):
                # The same right as setting a service plan later asks for.
                raise Forbidden("not allowed to set service plans")
            is_company = customer_type == "company"
            require_company_details(is_company, company)
            now = self.clock.now()
            row = await new_account(
                session,
                now,
                primary.tenant_id,
                ref,
                name=name,
                kind="connected",
                primary_account_id=primary.id,
                customer_type=customer_type,
                account_type="business" if is_company else "consumer",
                email=admin_email,
                **company,
            )
            tenant = await existing_tenant(repo, primary.tenant_id)
            if plan is not None:
                revenue_share_pct, fixed_fee = plan
                service_plan = ServicePlan(
                    tenant_id=row.tenant_id,
                    account_id=row.id,
                    revenue_share_pct=revenue_share_pct,
                    fixed_fee=fixed_fee,
                    updated_at=now,
                )
                session.add(service_plan)  # a plan belongs to its account's unit of work
            if admin_email is not None:
                issued = await self.invitations.invite(
                    session,
                    tenant=tenant,
                    email=admin_email,
                    name=admin_name,
                    account=row,
                    role=Role.ACCOUNT_ADMIN,
                    created_by=access.principal.user_id,
                )
        if issued is not None:
            await self.invitations.mail.deliver(issued.mail)
        return Connected(row, tenant, issued, service_plan)

    async def add_sub_account(
        self,
        access: Access,
        parent_id: int,
        *,
        ref: str | None,
        email: str,
        user_name: str | None,
        fields: dict[str, Any],
    ) -> tuple[Account, Issued]:
        """INV-4: a sub-account (``fields``: name, type, account_type, reimbursement_rate and
        the company details) and its invited user, whose role follows the customer type."""
        fields = dict(fields)
        sub_account_type = fields.pop("type")
        business = fields["account_type"] == "business"

        async def make(session: AsyncSession, parent: Account) -> Account:
            require_company_details(business, fields)
            return await new_account(
                session,
                self.clock.now(),
                parent.tenant_id,
                ref,
                kind="sub_account",
                parent_account_id=parent.id,
                sub_account_type=sub_account_type,
                customer_type="company" if business else "private",
                email=email,
                **fields,
            )

        return await self._add_invited(access, parent_id, make, email, user_name, None)

    async def add_employee(
        self, access: Access, employer_id: int, *, ref: str | None, name: str, email: str
    ) -> tuple[Account, Issued]:
        """CUS-1: an employee account of a company and its user, invited as employee."""

        async def make(session: AsyncSession, employer: Account) -> Account:
            if employer.customer_type != "company":
                raise Invalid(
                    f"account {employer_id} is a {employer.customer_type} customer; only a "
                    "company has employees",
                )
            return await new_account(
                session,
                self.clock.now(),
                employer.tenant_id,
                ref,
                name=name,
                kind="standard",
                customer_type="employee",
                account_type="consumer",
                employer_id=employer.id,
                email=email,
            )

        return await self._add_invited(access, employer_id, make, email, name, Role.EMPLOYEE)

    async def _add_invited(
        self,
        access: Access,
        above_id: int,
        make: Callable[[AsyncSession, Account], Awaitable[Account]],
        email: str,
        user_name: str | None,
        role: Role | None,
    ) -> tuple[Account, Issued]:
        """An account made by ``make`` under ``above_id``, and its user invited."""
        async with self.db.write() as session:
            repo = AccountRepository(session)
            above = await visible_account(repo, access, above_id, Action.WRITE)
            row = await make(session, above)
            issued = await self.invitations.invite(
                session,
                tenant=await existing_tenant(repo, above.tenant_id),
                email=email,
                name=user_name,
                account=row,
                role=role or role_for(row),
                created_by=access.principal.user_id,
            )
        await self.invitations.mail.deliver(issued.mail)
        return row, issued


async def _require_above(access: Access, row: Account, what: str) -> None:
    """CA-6: only the admins of the account above ``row`` (or tenant staff) change ``what``."""
    if access.principal.has(*STAFF):
        return
    above = row.primary_account_id or row.parent_account_id or row.employer_id
    if above is not None and await access.allows(
        Action.WRITE, Area.ACCOUNTS, Resource(row.tenant_id, above)
    ):
        return
    raise Forbidden(
        f"only the administrators of the account above account {row.id}, or tenant staff, "
        f"can change its {what}",
    )
