"""Tenants, accounts (customers) and their hierarchy, users, invitations and the mail outbox.

Every route goes through the one permission check (``Access.require`` / ``visibility``):
a resource of another tenant answers 404. Decisions where the product text is vague:

- Tenants (POST/GET/PATCH /tenants) are the platform admin's; a tenant's own staff read
  their tenant (GET /tenants/{id}) and change its support links, currency and time zone
  through /tenant/settings. The slug never changes: sign-in and world files use it.
- INV-2 guards POST /users/invite: only tenant admins and customer support (and platform
  admins) invite, whatever else the caller may do; staff roles are granted by tenant admins
  only. Creating a sub-account or an employee invites its user too; that is part of
  administering one's own account tree, so an account admin may do it for accounts it
  administers (INV-1 still applies).
- "Resend invitation" (INV-6) is allowed to whoever may change the user's account (tenant
  staff; account admins for their own tree) and only while the user has not activated.
- Support searches customers with GET /users?search=&status= (not /customers, which is the
  customer-view router): by name, email or account name, showing ``activated`` and the
  current link's expiry.
- An account's reimbursement rate and status are changed only from above it: by admins of
  its primary/parent/employer account or tenant staff (CA-6), never by its own admins.
- A sub-account is a company (business) or private (consumer) customer; ``type`` is its
  sub-account type. An employee (CUS-1) is a standard account of customer type employee
  linked to its company (``employer_id``); only a company has employees.
- The outbox shows mail bodies, activation links included: it is what a bench without an
  SMTP server reads, so only tenant admins, support and platform admins see it.
"""

from __future__ import annotations

from datetime import datetime
from http import HTTPStatus
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, status
from sqlalchemy.ext.asyncio import AsyncSession

from csms.api.deps import Access, AccessDep, ServicesDep
from csms.api.schemas import Page
from csms.api.schemas_accounts import (
    COMPANY_FIELDS,
    AccountCreate,
    AccountPublic,
    AccountUpdate,
    ConnectedAccountCreate,
    ConnectedAccountCreated,
    EmployeeCreate,
    InvitationPublic,
    InviteCreate,
    Invited,
    MailPublic,
    SubAccountCreate,
    SubAccountCreated,
    TenantCreate,
    TenantPublic,
    TenantSettingsPublic,
    TenantSettingsUpdate,
    TenantUpdate,
    UserPublic,
)
from csms.api.schemas_reports import ServicePlanPublic
from csms.db.models import Account, Invitation, Operator, OutboxMail, ServicePlan, Tenant, User
from csms.db.repositories.accounts import AccountRepository
from csms.db.repositories.invitations import InvitationRepository, OutboxRepository
from csms.domain.permissions import Action, Area, Resource, Role
from csms.services.accounts import Issued, link_state, missing_support_links, role_for

router = APIRouter(tags=["accounts"])

Offset = Annotated[int, Query(ge=0)]
Limit = Annotated[int, Query(ge=1, le=500)]
Search = Annotated[str | None, Query(max_length=100)]
STAFF = (Role.PLATFORM_ADMIN, Role.TENANT_ADMIN, Role.SUPPORT)


# --- presentation --------------------------------------------------------------------------


def tenant_public(row: Tenant) -> TenantPublic:
    out = TenantPublic.model_validate(row)
    out.support_links_complete = not missing_support_links(row)
    return out


def settings_public(row: Tenant) -> TenantSettingsPublic:
    out = TenantSettingsPublic.model_validate(row)
    out.support_links_complete = not missing_support_links(row)
    return out


def account_public(row: Account) -> AccountPublic:
    return AccountPublic.model_validate(row)


def mail_public(row: OutboxMail) -> MailPublic:
    out = MailPublic.model_validate(row)
    out.status = "sent" if row.sent_at else "failed" if row.error else "outbox_only"
    return out


def invitation_public(row: Invitation, now: datetime) -> InvitationPublic:
    out = InvitationPublic.model_validate(row)
    out.state = link_state(row, now)  # type: ignore[assignment]
    return out


def user_public(
    row: User, account: Account | None, link: Invitation | None, now: datetime
) -> UserPublic:
    out = UserPublic.model_validate(row)
    out.activated = row.status == "active"
    out.account_name = account.name if account else None
    if link is not None and row.status == "invited":
        out.invitation_expires_at = link.expires_at
        out.invitation_expired = now >= link.expires_at
    return out


def issued_public(issued: Issued, now: datetime, account: Account | None = None) -> Invited:
    return Invited(
        user=user_public(issued.user, account, issued.invitation, now),
        account=account_public(account) if account else None,
        invitation=invitation_public(issued.invitation, now),
        mail=mail_public(issued.mail),
    )


# --- lookups behind the permission check ---------------------------------------------------


def _only_platform_admin(access: Access, what: str) -> None:
    if not access.principal.platform_admin:
        raise HTTPException(status.HTTP_403_FORBIDDEN, f"only platform administrators {what}")


async def _tenant(session: AsyncSession, tenant_id: int | None) -> Tenant:
    tenant = await AccountRepository(session).tenant(tenant_id) if tenant_id else None
    if tenant is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"tenant {tenant_id} not found")
    return tenant


async def _account(
    session: AsyncSession, access: Access, account_id: int, action: Action = Action.READ
) -> Account:
    row = await AccountRepository(session).account(account_id)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"account {account_id} not found")
    await access.require(
        action, Area.ACCOUNTS, Resource(row.tenant_id, row.id), f"account {account_id}"
    )
    return row


async def _user(
    session: AsyncSession, access: Access, user_id: int, action: Action = Action.READ
) -> User:
    row = await AccountRepository(session).user(user_id)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"user {user_id} not found")
    await access.require(
        action, Area.ACCOUNTS, Resource(row.tenant_id, row.account_id), f"user {user_id}"
    )
    return row


async def _require_above(access: Access, row: Account, what: str) -> None:
    """CA-6: only the admins of the account above ``row`` (or tenant staff) change ``what``."""
    if access.principal.has(*STAFF):
        return
    above = row.primary_account_id or row.parent_account_id or row.employer_id
    if above is not None and await access.allows(
        Action.WRITE, Area.ACCOUNTS, Resource(row.tenant_id, above)
    ):
        return
    raise HTTPException(
        status.HTTP_403_FORBIDDEN,
        f"only the administrators of the account above account {row.id}, or tenant staff, "
        f"can change its {what}",
    )


def company_check(business: bool, fields: dict[str, Any]) -> None:
    """A business account (or company) needs all company details: 422 naming the missing."""
    missing = [name for name in COMPANY_FIELDS if not fields.get(name)]
    if business and missing:
        raise HTTPException(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            f"a business account needs company details; missing: {', '.join(missing)}",
        )


# --- tenants -------------------------------------------------------------------------------


@router.post(
    "/tenants",
    status_code=status.HTTP_201_CREATED,
    response_model=TenantPublic,
    summary="Create a tenant (platform admin)",
)
async def create_tenant(
    body: TenantCreate, access: AccessDep, services: ServicesDep
) -> TenantPublic:
    _only_platform_admin(access, "create tenants")
    async with services.db.write() as session:
        repo = AccountRepository(session)
        if await repo.tenant_by_slug(body.slug) is not None:
            raise HTTPException(status.HTTP_409_CONFLICT, f"tenant slug {body.slug!r} is taken")
        row = Tenant(**body.model_dump(), created_at=services.clock.now())
        repo.add(row)
        await session.flush()
    return tenant_public(row)


@router.get("/tenants", response_model=Page[TenantPublic], summary="List tenants (platform admin)")
async def list_tenants(
    access: AccessDep,
    services: ServicesDep,
    offset: Offset = 0,
    limit: Limit = 50,
    search: Search = None,
) -> Page[TenantPublic]:
    """Search by name or slug."""
    _only_platform_admin(access, "list tenants")
    async with services.db.read() as session:
        rows, total = await AccountRepository(session).tenants(
            offset=offset, limit=limit, search=search
        )
    return Page(items=[tenant_public(r) for r in rows], total=total, offset=offset, limit=limit)


@router.get("/tenants/{tenant_id}", response_model=TenantPublic, summary="One tenant")
async def get_tenant(tenant_id: int, access: AccessDep, services: ServicesDep) -> TenantPublic:
    """Platform admins: any tenant; tenant staff: their own."""
    await access.require(Action.READ, Area.TENANT, Resource(tenant_id), f"tenant {tenant_id}")
    async with services.db.read() as session:
        return tenant_public(await _tenant(session, tenant_id))


@router.patch("/tenants/{tenant_id}", response_model=TenantPublic, summary="Change a tenant")
async def update_tenant(
    tenant_id: int, body: TenantUpdate, access: AccessDep, services: ServicesDep
) -> TenantPublic:
    """Platform admins only (tenant admins use /tenant/settings); the slug never changes."""
    await access.require(Action.WRITE, Area.TENANT, Resource(tenant_id), f"tenant {tenant_id}")
    _only_platform_admin(access, "change tenants; tenant admins use /tenant/settings")
    async with services.db.write() as session:
        row = await _tenant(session, tenant_id)
        for name, value in body.model_dump(exclude_unset=True).items():
            setattr(row, name, value)
    return tenant_public(row)


@router.get(
    "/tenant/settings",
    response_model=TenantSettingsPublic,
    summary="The tenant's support links, currency and time zone",
)
async def get_settings(
    access: AccessDep, services: ServicesDep, tenant_id: int | None = None
) -> TenantSettingsPublic:
    """``tenant_id`` is for platform admins; everyone else gets their own tenant."""
    tid = access.tenant_for(tenant_id)
    await access.require(Action.READ, Area.TENANT, Resource(tid), "tenant settings")
    async with services.db.read() as session:
        return settings_public(await _tenant(session, tid))


@router.patch(
    "/tenant/settings",
    response_model=TenantSettingsPublic,
    summary="Set support links (Terms of Use, Privacy policy), currency, time zone",
)
async def update_settings(
    body: TenantSettingsUpdate,
    access: AccessDep,
    services: ServicesDep,
    tenant_id: int | None = None,
) -> TenantSettingsPublic:
    """INV-1: sign-up and invitations open once both support links are set."""
    tid = access.tenant_for(tenant_id)
    await access.require(Action.WRITE, Area.TENANT, Resource(tid), "tenant settings")
    async with services.db.write() as session:
        row = await _tenant(session, tid)
        for name, value in body.model_dump(exclude_unset=True).items():
            setattr(row, name, value)
    return settings_public(row)


# --- accounts ------------------------------------------------------------------------------


@router.post(
    "/accounts",
    status_code=status.HTTP_201_CREATED,
    response_model=AccountPublic,
    summary="Create a standard account (customer)",
)
async def create_account(
    body: AccountCreate, access: AccessDep, services: ServicesDep
) -> AccountPublic:
    """Tenant staff create standard accounts; nobody is invited (use /users/invite with the
    account id, or without one to create the account and invite in one step)."""
    tid = access.tenant_for(body.tenant_id)
    if not await access.allows(Action.WRITE, Area.ACCOUNTS, Resource(tid)):
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            "only tenant staff create standard accounts; account admins add connected "
            "accounts, sub-accounts or employees under their own account",
        )
    company = body.customer_type == "company"
    company_check(company, body.company())
    async with services.db.write() as session:
        await _tenant(session, tid)
        fields = body.model_dump(exclude={"tenant_id", "ref"})
        row = await services.accounts.new_account(
            session,
            tid,
            body.ref,
            kind="standard",
            account_type="business" if company else "consumer",
            **fields,
        )
    return account_public(row)


@router.get("/accounts", response_model=Page[AccountPublic], summary="List and search accounts")
async def list_accounts(
    access: AccessDep,
    services: ServicesDep,
    offset: Offset = 0,
    limit: Limit = 50,
    search: Annotated[str | None, Query(max_length=100, description="name, email or ref")] = None,
    kind: Literal["standard", "connected", "sub_account"] | None = None,
    customer_type: Literal["private", "company", "employee"] | None = None,
    tenant_id: Annotated[int | None, Query(description="platform admins: one tenant")] = None,
) -> Page[AccountPublic]:
    """The accounts the caller may see: tenant staff the whole tenant, an account admin its
    account tree, a driver its own account."""
    async with services.db.read() as session:
        rows, total = await AccountRepository(session).accounts(
            offset=offset,
            limit=limit,
            seen=await access.visibility(Area.ACCOUNTS),
            search=search,
            kind=kind,
            customer_type=customer_type,
            tenant_id=tenant_id,
        )
    return Page(items=[account_public(r) for r in rows], total=total, offset=offset, limit=limit)


@router.get("/accounts/{account_id}", response_model=AccountPublic, summary="One account")
async def get_account(account_id: int, access: AccessDep, services: ServicesDep) -> AccountPublic:
    async with services.db.read() as session:
        return account_public(await _account(session, access, account_id))


@router.patch("/accounts/{account_id}", response_model=AccountPublic, summary="Change an account")
async def update_account(
    account_id: int, body: AccountUpdate, access: AccessDep, services: ServicesDep
) -> AccountPublic:
    """A business account keeps its company details (422 otherwise). The reimbursement rate
    and status change only from above the account (CA-6)."""
    async with services.db.write() as session:
        row = await _account(session, access, account_id, Action.WRITE)
        changes = body.model_dump(exclude_unset=True)
        for required in ("name", "account_type", "status"):
            if required in changes and changes[required] is None:
                del changes[required]
        for guarded in ("reimbursement_rate", "status"):
            if guarded in changes:
                await _require_above(access, row, guarded.replace("_", " "))
        merged = {name: changes.get(name, getattr(row, name)) for name in COMPANY_FIELDS}
        business = changes.get("account_type", row.account_type) == "business"
        company_check(business or row.customer_type == "company", merged)
        for name, value in changes.items():
            setattr(row, name, value)
    return account_public(row)


async def _children(
    access: Access,
    services: ServicesDep,
    account_id: int,
    relation: str,
    offset: int,
    limit: int,
    search: str | None,
) -> Page[AccountPublic]:
    async with services.db.read() as session:
        await _account(session, access, account_id)
        rows, total = await AccountRepository(session).accounts(
            offset=offset,
            limit=limit,
            seen=await access.visibility(Area.ACCOUNTS),
            search=search,
            **{relation: account_id},
        )
    return Page(items=[account_public(r) for r in rows], total=total, offset=offset, limit=limit)


@router.post(
    "/accounts/{account_id}/connected-accounts",
    status_code=status.HTTP_201_CREATED,
    response_model=ConnectedAccountCreated,
    summary="Connect a new account under this primary account (CA-1)",
)
async def create_connected_account(
    account_id: int, body: ConnectedAccountCreate, access: AccessDep, services: ServicesDep
) -> ConnectedAccountCreated:
    """The admins of the primary account and of the connected account both administer it
    (CA-2). With ``admin_email`` that person is invited as the connected account's account
    admin. With ``service_plan`` its service plan is set at once (CA-3); that needs the right
    PUT /accounts/{id}/service-plan needs (billing on the primary account), else 403."""
    now = services.clock.now()
    issued = plan = None
    async with services.db.write() as session:
        primary = await _account(session, access, account_id, Action.WRITE)
        plan_of_primary = Resource(primary.tenant_id, primary.id)
        if body.service_plan is not None and not await access.allows(
            Action.WRITE, Area.BILLING, plan_of_primary
        ):
            # The same right as PUT /accounts/{id}/service-plan asks for.
            raise HTTPException(status.HTTP_403_FORBIDDEN, "not allowed to set service plans")
        company = body.customer_type == "company"
        company_check(company, body.company())
        row = await services.accounts.new_account(
            session,
            primary.tenant_id,
            body.ref,
            name=body.name,
            kind="connected",
            primary_account_id=primary.id,
            customer_type=body.customer_type,
            account_type="business" if company else "consumer",
            email=body.admin_email,
            company_name=body.company_name,
            vat_number=body.vat_number,
            company_address=body.company_address,
        )
        tenant = await _tenant(session, primary.tenant_id)
        if body.service_plan is not None:
            plan = ServicePlan(
                tenant_id=row.tenant_id,
                account_id=row.id,
                revenue_share_pct=body.service_plan.revenue_share_pct,
                fixed_fee=body.service_plan.fixed_fee,
                updated_at=now,
            )
            session.add(plan)
        if body.admin_email is not None:
            issued = await services.accounts.invite(
                session,
                tenant=tenant,
                email=body.admin_email,
                name=body.admin_name,
                account=row,
                role=Role.ACCOUNT_ADMIN,
                created_by=access.principal.user_id,
            )
    if issued is not None:
        await services.mail.deliver(issued.mail)
    return ConnectedAccountCreated(
        account=account_public(row),
        invited=issued_public(issued, now, row) if issued else None,
        service_plan=ServicePlanPublic(
            account_id=row.id,
            primary_account_id=primary.id,
            revenue_share_pct=plan.revenue_share_pct,
            fixed_fee=plan.fixed_fee,
            currency=tenant.currency,
            updated_at=plan.updated_at,
        )
        if plan is not None
        else None,
    )


@router.get(
    "/accounts/{account_id}/connected-accounts",
    response_model=Page[AccountPublic],
    summary="The account's connected accounts",
)
async def list_connected_accounts(
    account_id: int,
    access: AccessDep,
    services: ServicesDep,
    offset: Offset = 0,
    limit: Limit = 50,
    search: Search = None,
) -> Page[AccountPublic]:
    return await _children(
        access, services, account_id, "primary_account_id", offset, limit, search
    )


@router.post(
    "/accounts/{account_id}/sub-accounts",
    status_code=status.HTTP_201_CREATED,
    response_model=SubAccountCreated,
    summary="Add a sub-account and invite its user (INV-4)",
)
async def create_sub_account(
    account_id: int, body: SubAccountCreate, access: AccessDep, services: ServicesDep
) -> SubAccountCreated:
    """Employee or Subsidiary, account name, the user's email, Business (company details
    required, else 422) or Consumer, and the reimbursement rate in EUR (a decimal >= 0):
    paid automatically for an employee sub-account, after an admin's approval for a
    subsidiary. The user is invited by email (24 h link); refused (409) while the tenant
    lacks its support links. The user's role follows the customer type: business ->
    account_admin, consumer -> driver."""
    now = services.clock.now()
    async with services.db.write() as session:
        parent = await _account(session, access, account_id, Action.WRITE)
        business = body.account_type == "business"
        company_check(business, body.company())
        row = await services.accounts.new_account(
            session,
            parent.tenant_id,
            body.ref,
            name=body.name,
            kind="sub_account",
            parent_account_id=parent.id,
            sub_account_type=body.type,
            account_type=body.account_type,
            customer_type="company" if business else "private",
            email=body.email,
            company_name=body.company_name,
            vat_number=body.vat_number,
            company_address=body.company_address,
            reimbursement_rate=body.reimbursement_rate,
        )
        issued = await services.accounts.invite(
            session,
            tenant=await _tenant(session, parent.tenant_id),
            email=body.email,
            name=body.user_name,
            account=row,
            role=role_for(row),
            created_by=access.principal.user_id,
        )
    await services.mail.deliver(issued.mail)
    return SubAccountCreated(
        account=account_public(row),
        user=user_public(issued.user, row, issued.invitation, now),
        invitation=invitation_public(issued.invitation, now),
        mail=mail_public(issued.mail),
    )


@router.get(
    "/accounts/{account_id}/sub-accounts",
    response_model=Page[AccountPublic],
    summary="The account's sub-accounts",
)
async def list_sub_accounts(
    account_id: int,
    access: AccessDep,
    services: ServicesDep,
    offset: Offset = 0,
    limit: Limit = 50,
    search: Search = None,
) -> Page[AccountPublic]:
    return await _children(access, services, account_id, "parent_account_id", offset, limit, search)


@router.post(
    "/accounts/{account_id}/employees",
    status_code=status.HTTP_201_CREATED,
    response_model=Invited,
    summary="Add an employee to a company and invite them (CUS-1)",
)
async def create_employee(
    account_id: int, body: EmployeeCreate, access: AccessDep, services: ServicesDep
) -> Invited:
    """An employee is a private user linked to one company: an account of customer type
    employee with ``employer_id``, its user invited with the employee role. Only a company
    (customer type company) has employees (422 otherwise)."""
    now = services.clock.now()
    async with services.db.write() as session:
        employer = await _account(session, access, account_id, Action.WRITE)
        if employer.customer_type != "company":
            raise HTTPException(
                HTTPStatus.UNPROCESSABLE_ENTITY,
                f"account {account_id} is a {employer.customer_type} customer; only a company "
                "has employees",
            )
        row = await services.accounts.new_account(
            session,
            employer.tenant_id,
            body.ref,
            name=body.name,
            kind="standard",
            customer_type="employee",
            account_type="consumer",
            employer_id=employer.id,
            email=body.email,
        )
        issued = await services.accounts.invite(
            session,
            tenant=await _tenant(session, employer.tenant_id),
            email=body.email,
            name=body.name,
            account=row,
            role=Role.EMPLOYEE,
            created_by=access.principal.user_id,
        )
    await services.mail.deliver(issued.mail)
    return issued_public(issued, now, row)


@router.get(
    "/accounts/{account_id}/employees",
    response_model=Page[AccountPublic],
    summary="A company's employees",
)
async def list_employees(
    account_id: int,
    access: AccessDep,
    services: ServicesDep,
    offset: Offset = 0,
    limit: Limit = 50,
    search: Search = None,
) -> Page[AccountPublic]:
    return await _children(access, services, account_id, "employer_id", offset, limit, search)


# --- users and invitations -----------------------------------------------------------------


@router.post(
    "/users/invite",
    status_code=status.HTTP_201_CREATED,
    response_model=Invited,
    summary="Invite a customer by email (INV-2: tenant admin or customer support)",
)
async def invite_user(body: InviteCreate, access: AccessDep, services: ServicesDep) -> Invited:
    """Sends an activation link valid for 24 hours (INV-3). Refused with 403 for any role but
    tenant admin and customer support (INV-2), with 409 while the tenant lacks either
    support link (INV-1) or when the email already has a user. Without ``account_id`` a
    customer role gets a new standard private account named after the invitee."""
    principal = access.principal
    if not principal.has(*STAFF):
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            "only a tenant admin or customer support can invite customers",
        )
    role = Role(body.role) if body.role else None
    staff_role = role in (Role.TENANT_ADMIN, Role.SUPPORT)
    if staff_role and not principal.has(Role.PLATFORM_ADMIN, Role.TENANT_ADMIN):
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, "only a tenant admin can invite tenant admins or support"
        )
    if (staff_role or role is Role.OPERATOR_USER) and body.account_id is not None:
        raise HTTPException(
            HTTPStatus.UNPROCESSABLE_ENTITY, f"a {role} belongs to no customer account"
        )
    if (role is Role.OPERATOR_USER) != (body.operator_id is not None):
        raise HTTPException(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            "operator_id goes with the operator_user role, and only with it",
        )
    now = services.clock.now()
    async with services.db.write() as session:
        if body.account_id is not None:
            account: Account | None = await _account(session, access, body.account_id, Action.WRITE)
            tid = account.tenant_id  # type: ignore[union-attr]
        else:
            account = None
            tid = access.tenant_for(body.tenant_id)
            await access.require(Action.WRITE, Area.ACCOUNTS, Resource(tid), "users")
        tenant = await _tenant(session, tid)
        if body.operator_id is not None:
            operator = await session.get(Operator, body.operator_id)
            if operator is None or operator.tenant_id != tid:
                raise HTTPException(
                    status.HTTP_404_NOT_FOUND, f"operator {body.operator_id} not found"
                )
        if account is None and not staff_role and role is not Role.OPERATOR_USER:
            account = await services.accounts.new_account(
                session,
                tid,
                None,
                name=body.name or body.email,
                kind="standard",
                customer_type="private",
                account_type="consumer",
                email=body.email,
            )
        issued = await services.accounts.invite(
            session,
            tenant=tenant,
            email=body.email,
            name=body.name,
            account=account,
            role=role or role_for(account),  # type: ignore[arg-type]
            operator_id=body.operator_id,
            created_by=principal.user_id,
        )
    await services.mail.deliver(issued.mail)
    return issued_public(issued, now, account)


@router.get(
    "/users",
    response_model=Page[UserPublic],
    summary="Search users and customers (INV-6): by name or email, with activation status",
)
async def list_users(
    access: AccessDep,
    services: ServicesDep,
    offset: Offset = 0,
    limit: Limit = 50,
    search: Annotated[
        str | None, Query(max_length=100, description="name, email or account name")
    ] = None,
    user_status: Annotated[
        Literal["invited", "active"] | None,
        Query(alias="status", description="invited: has not activated yet"),
    ] = None,
    account_id: int | None = None,
    tenant_id: Annotated[int | None, Query(description="platform admins: one tenant")] = None,
) -> Page[UserPublic]:
    now = services.clock.now()
    async with services.db.read() as session:
        rows, total = await AccountRepository(session).users(
            offset=offset,
            limit=limit,
            seen=await access.visibility(Area.ACCOUNTS),
            search=search,
            status=user_status,
            account_id=account_id,
            tenant_id=tenant_id,
        )
        links = await InvitationRepository(session).open_of_users(u.id for u, _ in rows)
    items = [user_public(u, a, links.get(u.id), now) for u, a in rows]
    return Page(items=items, total=total, offset=offset, limit=limit)


@router.get("/users/{user_id}", response_model=UserPublic, summary="One user")
async def get_user(user_id: int, access: AccessDep, services: ServicesDep) -> UserPublic:
    async with services.db.read() as session:
        row = await _user(session, access, user_id)
        account = await AccountRepository(session).account(row.account_id or 0)
        links = await InvitationRepository(session).open_of_users([row.id])
    return user_public(row, account, links.get(row.id), services.clock.now())


@router.get(
    "/users/{user_id}/invitations",
    response_model=list[InvitationPublic],
    summary="A user's activation links, newest first (never the tokens)",
)
async def list_invitations(
    user_id: int, access: AccessDep, services: ServicesDep
) -> list[InvitationPublic]:
    now = services.clock.now()
    async with services.db.read() as session:
        await _user(session, access, user_id)
        rows = await InvitationRepository(session).of_user(user_id)
    return [invitation_public(r, now) for r in rows]


@router.post(
    "/users/{user_id}/resend-invitation",
    status_code=status.HTTP_201_CREATED,
    response_model=Invited,
    summary="Resend an invitation: a fresh 24 h link; the old one stops working (INV-3, INV-6)",
)
async def resend_invitation(user_id: int, access: AccessDep, services: ServicesDep) -> Invited:
    """Only while the user has not activated (409 otherwise)."""
    now = services.clock.now()
    async with services.db.write() as session:
        user = await _user(session, access, user_id, Action.WRITE)
        account = await AccountRepository(session).account(user.account_id or 0)
        issued = await services.accounts.resend(session, user, access.principal.user_id)
    await services.mail.deliver(issued.mail)
    return issued_public(issued, now, account)


# --- outbox --------------------------------------------------------------------------------


@router.get(
    "/outbox",
    response_model=Page[MailPublic],
    tags=["mail"],
    summary="Mail the CSMS sent or recorded, newest first",
)
async def list_outbox(
    access: AccessDep,
    services: ServicesDep,
    offset: Offset = 0,
    limit: Limit = 50,
    to: Annotated[str | None, Query(max_length=254, description="part of the address")] = None,
    tenant_id: Annotated[int | None, Query(description="platform admins: one tenant")] = None,
) -> Page[MailPublic]:
    """Tenant admins and support see their tenant's mail; platform admins all (or one
    tenant's). ``status``: sent, failed (``error`` says why) or outbox_only (no SMTP server
    configured)."""
    principal = access.principal
    if not principal.has(*STAFF):
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, "only tenant admins and customer support read the outbox"
        )
    tid = access.own_tenant(tenant_id)
    if tid is not None:
        await access.require(Action.READ, Area.ACCOUNTS, Resource(tid), "outbox")
    async with services.db.read() as session:
        rows, total = await OutboxRepository(session).page(
            offset=offset, limit=limit, tenant_id=tid, everything=principal.platform_admin, to=to
        )
    return Page(items=[mail_public(r) for r in rows], total=total, offset=offset, limit=limit)
