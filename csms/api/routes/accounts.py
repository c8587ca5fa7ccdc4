"""Tenants, accounts (customers) and their hierarchy, users, invitations and the mail outbox:
the routes translate, call one service and answer. The rules and the decisions where the
product text is vague live with the services: csms.services.tenants, .accounts, .users,
.invitations and .mail. Support searches customers with GET /users?search=&status= (not
/customers, which is the customer-view router)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query, status

from csms.api.deps import AccessDep, PagingDep, ServicesDep
from csms.api.schemas import Page
from csms.api.schemas_accounts import (
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
from csms.db.models import Account, Invitation, OutboxMail, Tenant, User
from csms.domain.permissions import Role
from csms.services.accounts import COMPANY_FIELDS
from csms.services.invitations import Issued, link_state
from csms.services.tenants import missing_support_links
from csms.services.users import UserView

router = APIRouter(tags=["accounts"])

Search = Annotated[str | None, Query(max_length=100)]


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
    out.state = link_state(row, now)
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


def view_public(view: UserView, now: datetime) -> UserPublic:
    return user_public(view.user, view.account, view.link, now)


def issued_public(issued: Issued, now: datetime, account: Account | None = None) -> Invited:
    return Invited(
        user=user_public(issued.user, account, issued.invitation, now),
        account=account_public(account) if account else None,
        invitation=invitation_public(issued.invitation, now),
        mail=mail_public(issued.mail),
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
    return tenant_public(await services.tenants.create(access, body.model_dump()))


@router.get("/tenants", response_model=Page[TenantPublic], summary="List tenants (platform admin)")
async def list_tenants(
    access: AccessDep, services: ServicesDep, paging: PagingDep, search: Search = None
) -> Page[TenantPublic]:
    """Search by name or slug."""
    rows, total = await services.tenants.page(
        access, offset=paging.offset, limit=paging.limit, search=search
    )
    return paging.page([tenant_public(r) for r in rows], total)


@router.get("/tenants/{tenant_id}", response_model=TenantPublic, summary="One tenant")
async def get_tenant(tenant_id: int, access: AccessDep, services: ServicesDep) -> TenantPublic:
    """Platform admins: any tenant; tenant staff: their own."""
    return tenant_public(await services.tenants.get(access, tenant_id))


@router.patch("/tenants/{tenant_id}", response_model=TenantPublic, summary="Change a tenant")
async def update_tenant(
    tenant_id: int, body: TenantUpdate, access: AccessDep, services: ServicesDep
) -> TenantPublic:
    """Platform admins only (tenant admins use /tenant/settings); the slug never changes."""
    changes = body.model_dump(exclude_unset=True)
    return tenant_public(await services.tenants.update(access, tenant_id, changes))


@router.get(
    "/tenant/settings",
    response_model=TenantSettingsPublic,
    summary="The tenant's support links, currency and time zone",
)
async def get_settings(
    access: AccessDep, services: ServicesDep, tenant_id: int | None = None
) -> TenantSettingsPublic:
    """``tenant_id`` is for platform admins; everyone else gets their own tenant."""
    return settings_public(await services.tenants.settings(access, tenant_id))


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
    changes = body.model_dump(exclude_unset=True)
    return settings_public(await services.tenants.update_settings(access, tenant_id, changes))


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
    fields = body.model_dump(exclude={"tenant_id", "ref"})
    return account_public(await services.accounts.create(access, body.tenant_id, body.ref, fields))


@router.get("/accounts", response_model=Page[AccountPublic], summary="List and search accounts")
async def list_accounts(
    access: AccessDep,
    services: ServicesDep,
    paging: PagingDep,
    search: Annotated[str | None, Query(max_length=100, description="name, email or ref")] = None,
    kind: Literal["standard", "connected", "sub_account"] | None = None,
    customer_type: Literal["private", "company", "employee"] | None = None,
    tenant_id: Annotated[int | None, Query(description="platform admins: one tenant")] = None,
) -> Page[AccountPublic]:
    """The accounts the caller may see: tenant staff the whole tenant, an account admin its
    account tree, a driver its own account."""
    rows, total = await services.accounts.page(
        access,
        offset=paging.offset,
        limit=paging.limit,
        search=search,
        kind=kind,
        customer_type=customer_type,
        tenant_id=tenant_id,
    )
    return paging.page([account_public(r) for r in rows], total)


@router.get("/accounts/{account_id}", response_model=AccountPublic, summary="One account")
async def get_account(account_id: int, access: AccessDep, services: ServicesDep) -> AccountPublic:
    return account_public(await services.accounts.get(access, account_id))


@router.patch("/accounts/{account_id}", response_model=AccountPublic, summary="Change an account")
async def update_account(
    account_id: int, body: AccountUpdate, access: AccessDep, services: ServicesDep
) -> AccountPublic:
    """A business account keeps its company details (422 otherwise). The reimbursement rate
    and status change only from above the account (CA-6)."""
    changes = body.model_dump(exclude_unset=True)
    return account_public(await services.accounts.update(access, account_id, changes))


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
    plan = body.service_plan
    made = await services.accounts.connect(
        access,
        account_id,
        ref=body.ref,
        name=body.name,
        customer_type=body.customer_type,
        company=body.company(),
        admin_email=body.admin_email,
        admin_name=body.admin_name,
        plan=(plan.revenue_share_pct, plan.fixed_fee) if plan is not None else None,
    )
    row, issued = made.account, made.issued
    return ConnectedAccountCreated(
        account=account_public(row),
        invited=issued_public(issued, now, row) if issued else None,
        service_plan=ServicePlanPublic(
            account_id=row.id,
            primary_account_id=row.primary_account_id,
            revenue_share_pct=made.plan.revenue_share_pct,
            fixed_fee=made.plan.fixed_fee,
            currency=made.tenant.currency,
            updated_at=made.plan.updated_at,
        )
        if made.plan is not None
        else None,
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
    fields = body.model_dump(
        include={"name", "type", "account_type", "reimbursement_rate", *COMPANY_FIELDS}
    )
    row, issued = await services.accounts.add_sub_account(
        access, account_id, ref=body.ref, email=body.email, user_name=body.user_name, fields=fields
    )
    # The same parts as any invitation, the account always there.
    return SubAccountCreated.model_validate(issued_public(issued, now, row), from_attributes=True)


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
    row, issued = await services.accounts.add_employee(
        access, account_id, ref=body.ref, name=body.name, email=body.email
    )
    return issued_public(issued, now, row)


def _children(relation: str) -> Callable[..., Awaitable[Page[AccountPublic]]]:
    """The listing of the accounts under one account by ``relation``."""

    async def list_children(
        account_id: int,
        access: AccessDep,
        services: ServicesDep,
        paging: PagingDep,
        search: Search = None,
    ) -> Page[AccountPublic]:
        rows, total = await services.accounts.children(
            access, account_id, relation, offset=paging.offset, limit=paging.limit, search=search
        )
        return paging.page([account_public(r) for r in rows], total)

    return list_children


# The accounts under an account: path, relation, route name, summary.
for path, relation, name, summary in (
    (
        "connected-accounts",
        "primary_account_id",
        "list_connected_accounts",
        "The account's connected accounts",
    ),
    ("sub-accounts", "parent_account_id", "list_sub_accounts", "The account's sub-accounts"),
    ("employees", "employer_id", "list_employees", "A company's employees"),
):
    router.add_api_route(
        f"/accounts/{{account_id}}/{path}",
        _children(relation),
        methods=["GET"],
        response_model=Page[AccountPublic],
        name=name,
        summary=summary,
    )


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
    now = services.clock.now()
    issued, account = await services.users.invite(
        access,
        email=body.email,
        name=body.name,
        role=Role(body.role) if body.role else None,
        account_id=body.account_id,
        operator_id=body.operator_id,
        tenant_id=body.tenant_id,
    )
    return issued_public(issued, now, account)


@router.get(
    "/users",
    response_model=Page[UserPublic],
    summary="Search users and customers (INV-6): by name or email, with activation status",
)
async def list_users(
    access: AccessDep,
    services: ServicesDep,
    paging: PagingDep,
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
    views, total = await services.users.page(
        access,
        offset=paging.offset,
        limit=paging.limit,
        search=search,
        status=user_status,
        account_id=account_id,
        tenant_id=tenant_id,
    )
    return paging.page([view_public(v, now) for v in views], total)


@router.get("/users/{user_id}", response_model=UserPublic, summary="One user")
async def get_user(user_id: int, access: AccessDep, services: ServicesDep) -> UserPublic:
    return view_public(await services.users.get(access, user_id), services.clock.now())


@router.get(
    "/users/{user_id}/invitations",
    response_model=list[InvitationPublic],
    summary="A user's activation links, newest first (never the tokens)",
)
async def list_invitations(
    user_id: int, access: AccessDep, services: ServicesDep
) -> list[InvitationPublic]:
    now = services.clock.now()
    rows = await services.users.invitations_of(access, user_id)
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
    issued, account = await services.users.resend(access, user_id)
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
    paging: PagingDep,
    to: Annotated[str | None, Query(max_length=254, description="part of the address")] = None,
    tenant_id: Annotated[int | None, Query(description="platform admins: one tenant")] = None,
) -> Page[MailPublic]:
    """Tenant admins and support see their tenant's mail; platform admins all (or one
    tenant's). ``status``: sent, failed (``error`` says why) or outbox_only (no SMTP server
    configured)."""
    rows, total = await services.mail.outbox(
        access, offset=paging.offset, limit=paging.limit, to=to, tenant_id=tenant_id
    )
    return paging.page([mail_public(r) for r in rows], total)
