"""Request and response bodies of tenants, accounts, users, invitations, sign-up and login."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, ClassVar, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    field_serializer,
)

from csms.api.schemas_base import Changes, FromRow, StrictBody
from csms.api.schemas_reports import ServicePlanBody, ServicePlanPublic
from csms.services.accounts import COMPANY_FIELDS

USER_PASSWORD_MIN = 12
RATE_STEP = Decimal("0.0001")


def _lower(value: str) -> str:
    return value.strip().lower()


def _timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"'{value}' is not an IANA time zone (like Europe/Amsterdam or UTC)"
        ) from None
    return value


Email = Annotated[
    str,
    Field(
        max_length=254, pattern=r"^\s*[^@\s]+@[^@\s]+\.[^@\s]+\s*$", examples=["kim@example.com"]
    ),
    AfterValidator(_lower),
]
Url = Annotated[str, Field(max_length=500, pattern=r"^https?://\S+$")]
Slug = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[a-z0-9][a-z0-9-]*$")]
Ref = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$", description="ISO 4217, like EUR")]
TimeZone = Annotated[str, Field(max_length=64), AfterValidator(_timezone)]
Name = Annotated[str, Field(min_length=1, max_length=100)]
Password = Annotated[
    str,
    Field(
        min_length=USER_PASSWORD_MIN,
        max_length=128,
        description=f"at least {USER_PASSWORD_MIN} characters",
    ),
]
Rate = Annotated[
    Decimal,
    Field(ge=0, max_digits=10, decimal_places=4, description="EUR per kWh, like 0.25"),
]
AccountType = Literal["business", "consumer"]
InvitableRole = Literal[
    "tenant_admin",
    "customer_support",
    "account_admin",
    "installer",
    "driver",
    "employee",
    "operator_user",
]


# --- tenants -------------------------------------------------------------------------------


class TenantCreate(StrictBody):
    name: Name
    slug: Slug = Field(description="used to sign in and sign up; never changes")
    currency: Currency = "EUR"
    timezone: TimeZone = "UTC"
    terms_url: Url | None = None
    privacy_url: Url | None = None


class TenantSettingsUpdate(StrictBody, Changes):
    """Support links, currency and time zone. A link set to null is removed (and sign-up and
    invitations stop until it is set again, INV-1)."""

    terms_url: Url | None = None
    privacy_url: Url | None = None
    currency: Currency | None = None
    timezone: TimeZone | None = None

    kept: ClassVar[tuple[str, ...]] = ("currency", "timezone")
    kept_refusal = "cannot be removed, only changed"


class TenantUpdate(TenantSettingsUpdate):
    """Everything but the slug, which sign-in and world files use as the tenant's key."""

    name: Name | None = None

    kept = (*TenantSettingsUpdate.kept, "name")


class TenantSettingsPublic(FromRow):
    terms_url: str | None
    privacy_url: str | None
    currency: str
    timezone: str
    support_links_complete: bool = Field(
        False, description="both links set: sign-up and invitations are open (INV-1)"
    )


class TenantPublic(TenantSettingsPublic):
    id: int
    slug: str
    name: str
    created_at: datetime


# --- accounts ------------------------------------------------------------------------------


class CompanyDetails(BaseModel):
    """Company name, VAT number and address: required for a business account. Checked by the
    service after the permission check (422 naming what is missing), so a caller who may not
    touch the account learns nothing from validation."""

    company_name: str | None = Field(None, min_length=1, max_length=100)
    vat_number: str | None = Field(None, min_length=1, max_length=20)
    company_address: str | None = Field(None, min_length=1, max_length=200)

    def company(self) -> dict[str, str | None]:
        return {name: getattr(self, name) for name in COMPANY_FIELDS}


class AccountCreate(CompanyDetails):
    """A standard account (a customer). A company (customer_type company) is a business
    account and needs company details; a private customer is a consumer account."""

    model_config = ConfigDict(extra="forbid")

    name: Name
    ref: Ref | None = Field(None, description="unique in the tenant; generated when left out")
    email: Email | None = Field(None, description="contact address; nobody is invited")
    customer_type: Literal["private", "company"] = "private"
    tenant_id: int | None = Field(None, description="platform admins only; others: their own")


class ConnectedAccountCreate(CompanyDetails):
    """CA-1: a connected account under the primary account in the path. With
    ``admin_email``, that person is invited as the connected account's administrator; with
    ``service_plan``, its service plan is set at once (CA-3)."""

    model_config = ConfigDict(extra="forbid")

    name: Name
    ref: Ref | None = None
    admin_email: Email | None = Field(
        None, description="invite this person as the connected account's account admin"
    )
    admin_name: Name | None = None
    customer_type: Literal["private", "company"] = "company"
    service_plan: ServicePlanBody | None = Field(
        None, description="CA-3: the plan can be given at creation (or set later)"
    )


class SubAccountCreate(CompanyDetails):
    """INV-4: an Employee or Subsidiary sub-account, its user invited by email. Business
    requires company details. The reimbursement rate (EUR) is paid automatically for an
    employee sub-account and after an admin's approval for a subsidiary."""

    model_config = ConfigDict(extra="forbid")

    type: Literal["employee", "subsidiary"] = Field(description="who will use this account")
    name: Name = Field(description="account name")
    email: Email = Field(description="the sub-account user, invited by email")
    user_name: Name | None = None
    account_type: AccountType
    reimbursement_rate: Rate
    ref: Ref | None = None


class EmployeeCreate(StrictBody):
    """CUS-1: an employee is a private user linked to one company; invited by email."""

    name: Name
    email: Email
    ref: Ref | None = None


class AccountUpdate(CompanyDetails):
    """Status and reimbursement rate are changed only from above the account: by the admins
    of its primary/parent/employer account or by tenant staff (CA-6)."""

    model_config = ConfigDict(extra="forbid")

    name: Name | None = None
    email: Email | None = None
    account_type: AccountType | None = None
    reimbursement_rate: Rate | None = None
    status: Literal["active", "blocked"] | None = None


class AccountPublic(FromRow):
    id: int
    tenant_id: int
    ref: str
    name: str
    kind: str
    primary_account_id: int | None
    parent_account_id: int | None
    sub_account_type: str | None
    account_type: str
    customer_type: str
    employer_id: int | None
    email: str | None
    company_name: str | None
    vat_number: str | None
    company_address: str | None
    reimbursement_rate: Decimal | None = Field(description="EUR, a decimal string")
    status: str
    created_at: datetime

    @field_serializer("reimbursement_rate")
    def _rate(self, rate: Decimal | None) -> str | None:
        """As stored: four decimals (Numeric(10, 4)), whether just written or read back."""
        return None if rate is None else str(rate.quantize(RATE_STEP))


# --- users and invitations -----------------------------------------------------------------


class InviteCreate(StrictBody):
    """Invite someone by email (INV-2: tenant admins and customer support only). Without
    ``account_id`` a customer gets a new standard private account named after them; staff
    roles (tenant_admin, customer_support) get no account, and only a tenant admin grants
    them; an operator user needs ``operator_id``."""

    email: Email
    name: Name | None = None
    account_id: int | None = None
    role: InvitableRole | None = Field(
        None,
        description="default: what the account's customer type implies (company: "
        "account_admin, employee: employee, private: driver)",
    )
    operator_id: int | None = None
    tenant_id: int | None = Field(None, description="platform admins only; others: their own")


class MailPublic(FromRow):
    id: int
    tenant_id: int | None
    to: str
    subject: str
    body: str
    created_at: datetime
    sent_at: datetime | None
    error: str | None
    status: Literal["sent", "failed", "outbox_only"] = "outbox_only"


class InvitationPublic(FromRow):
    id: int
    user_id: int
    expires_at: datetime
    used_at: datetime | None
    superseded_at: datetime | None
    created_by: int | None
    created_at: datetime
    state: Literal["open", "expired", "used", "superseded"] = "open"


class GrantPublic(BaseModel):
    role: str
    account_id: int | None = None
    operator_id: int | None = None


class UserPublic(FromRow):
    id: int
    tenant_id: int | None
    account_id: int | None
    email: str
    name: str | None
    status: str = Field(description="invited | active")
    activated: bool = False
    terms_accepted_at: datetime | None
    privacy_accepted_at: datetime | None
    created_at: datetime
    account_name: str | None = None
    invitation_expires_at: datetime | None = Field(
        None, description="the current activation link, while the user has not activated"
    )
    invitation_expired: bool | None = None


class Invited(BaseModel):
    user: UserPublic
    account: AccountPublic | None = None
    invitation: InvitationPublic
    mail: MailPublic


class SubAccountCreated(BaseModel):
    account: AccountPublic
    user: UserPublic
    invitation: InvitationPublic
    mail: MailPublic


class ConnectedAccountCreated(BaseModel):
    account: AccountPublic
    invited: Invited | None = None
    service_plan: ServicePlanPublic | None = None


# --- activation, sign-up, login ------------------------------------------------------------


class LinkTenant(BaseModel):
    slug: str
    name: str
    terms_url: str | None
    privacy_url: str | None


class ActivationLink(BaseModel):
    """A valid activation link: who it is for, until when, and what they accept."""

    email: str
    name: str | None
    expires_at: datetime
    tenant: LinkTenant


class Acceptance(BaseModel):
    accept_terms: bool = Field(description="accepts the tenant's Terms of Use; must be true")
    accept_privacy: bool = Field(description="accepts the tenant's Privacy policy; must be true")


class Activate(Acceptance):
    model_config = ConfigDict(extra="forbid")

    token: str = Field(min_length=1, max_length=200)
    password: Password
    name: Name | None = Field(None, description="default: the name given in the invitation")


class Signup(Acceptance, CompanyDetails):
    """INV-1 sign-up: a private or company customer and its first user (active at once; a
    company's user is its account admin, a private user a driver)."""

    model_config = ConfigDict(extra="forbid")

    tenant: Slug
    email: Email
    password: Password
    name: Name
    customer_type: Literal["private", "company"] = "private"


class Login(StrictBody):
    tenant: Slug
    email: Email
    password: str = Field(min_length=1, max_length=128)


class LoginToken(BaseModel):
    token: str = Field(description="send as 'Authorization: Bearer <token>'")
    expires_at: datetime


class SignedUp(LoginToken):
    user: UserPublic
    account: AccountPublic


class Me(BaseModel):
    user: UserPublic | None = Field(description="null for the bootstrap admin token")
    tenant: TenantPublic | None
    grants: list[GrantPublic]
    acting_for: AccountPublic | None = Field(
        None, description="the customer whose view a system user took (X-Act-As-Account)"
    )
