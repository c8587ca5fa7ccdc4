"""The world file format: what a whole environment (tenants, customers, users, operators,
locations, stations, grids, cards, tariffs, charge groups) looks like in YAML.

Every model forbids unknown keys. Natural keys identify rows across loads: a tenant's
``slug``; within a tenant an account's ``ref``, a user's ``email``, an operator's ``code``, a
location's ``ref``, a grid's and a charge group's ``name``; globally a station's ``id`` and a
card's ``value``; a tariff's ``ref`` within its tenant. Checks that need the whole file
(references, duplicates) live in ``csms.world.references``.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from typing import Annotated, Any, Literal
from zoneinfo import available_timezones

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from csms.domain.credentials import MIN_PASSWORD_LENGTH
from csms.domain.tariff_json import TariffFormatError, tariff_from_ocpi
from csms.domain.tariffs import Tariff


@cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


def _timezone(value: str) -> str:
    zones = _zones()
    if value != "UTC" and zones and value not in zones:
        raise ValueError(f"'{value}' is not an IANA time zone (like Europe/Amsterdam or UTC)")
    return value


Ref = Annotated[
    str,
    Field(
        min_length=1,
        max_length=64,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
        description="letters, digits, '.', '_' and '-'",
    ),
]
OperatorCode = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[A-Z0-9][A-Z0-9_-]*$")]
StationId = Annotated[str, Field(pattern=r"^[A-Za-z0-9*\-_=+|@.:]{1,48}$")]
Email = Annotated[
    str,
    Field(max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$"),
    AfterValidator(str.lower),
]
Url = Annotated[str, Field(max_length=500, pattern=r"^https?://\S+$")]
Country = Annotated[str, Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2")]
TimeZone = Annotated[str, Field(max_length=64), AfterValidator(_timezone)]
Text16 = Annotated[str, Field(min_length=1, max_length=16)]
Text20 = Annotated[str, Field(min_length=1, max_length=20)]
Text40 = Annotated[str, Field(min_length=1, max_length=40)]
Text60 = Annotated[str, Field(min_length=1, max_length=60)]
Text100 = Annotated[str, Field(min_length=1, max_length=100)]
Text200 = Annotated[str, Field(min_length=1, max_length=200)]
TariffRef = Annotated[str, Field(min_length=1, max_length=64)]
Role = Literal[
    "tenant_admin",
    "customer_support",
    "account_admin",
    "installer",
    "driver",
    "employee",
    "operator_user",
]
TENANT_ROLES = {"tenant_admin", "customer_support"}
ACCOUNT_ROLES = {"account_admin", "installer", "driver", "employee"}
TokenType = Literal[
    "Central",
    "DirectPayment",
    "eMAID",
    "EVCCID",
    "ISO14443",
    "ISO15693",
    "KeyCode",
    "Local",
    "MacAddress",
    "NoAuthorization",
    "VIN",
]


def _refuse(kind: str, message: str, at: str) -> PydanticCustomError:
    """An error about the key ``at`` of the model being checked."""
    return PydanticCustomError(f"world_{kind}", message, {"at": at})


class Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AccountFields(Spec):
    ref: Ref
    name: Text100
    customer_type: Literal["private", "company", "employee"] = "private"
    account_type: Literal["business", "consumer"] = "consumer"
    email: Email | None = None
    company_name: Text100 | None = None
    vat_number: Text20 | None = None
    company_address: Text200 | None = None
    reimbursement_rate: Annotated[Decimal, Field(ge=0, max_digits=10, decimal_places=4)] | None = (
        Field(None, description="EUR per kWh")
    )
    connected_accounts: list[AccountSpec] = []
    sub_accounts: list[SubAccountSpec] = []
    employees: list[EmployeeSpec] = []

    @model_validator(mode="after")
    def _consistent(self) -> AccountFields:
        if self.account_type == "business" and not self.company_name:
            raise _refuse("business", "a business account needs company_name", at="account_type")
        if self.employees and self.customer_type != "company":
            raise _refuse(
                "employer",
                "only a company (customer_type: company) has employees",
                at="employees",
            )
        return self


class AccountSpec(AccountFields):
    """A standard account, or (under ``connected_accounts``) a connected account."""


class SubAccountSpec(AccountFields):
    sub_account_type: Literal["employee", "subsidiary"]


class EmployeeSpec(AccountFields):
    customer_type: Literal["employee"] = "employee"


class RoleSpec(Spec):
    role: Role
    account: Ref | None = None
    operator: OperatorCode | None = None

    @model_validator(mode="after")
    def _scope(self) -> RoleSpec:
        if self.role in TENANT_ROLES and (self.account or self.operator):
            where = "account" if self.account else "operator"
            raise _refuse("scope", f"{self.role} is tenant-wide: remove '{where}'", at=where)
        if self.role in ACCOUNT_ROLES:
            if self.account is None:
                raise _refuse("scope", f"{self.role} needs 'account'", at="role")
            if self.operator is not None:
                raise _refuse("scope", f"{self.role} is scoped to an account", at="operator")
        if self.role == "operator_user":
            if self.operator is None:
                raise _refuse("scope", "operator_user needs 'operator'", at="role")
            if self.account is not None:
                raise _refuse("scope", "operator_user is scoped to an operator", at="account")
        return self


class UserSpec(Spec):
    email: Email
    name: Text100 | None = None
    password: Annotated[str, Field(min_length=8, max_length=128)] | None = Field(
        None, description="stored hashed; a user with a password is active, without invited"
    )
    account: Ref | None = None
    roles: list[RoleSpec] = []


class OperatorSpec(Spec):
    code: OperatorCode
    name: Text100
    organisation_name: Text100 | None = None
    address: Text200 | None = None
    phone: Text40 | None = None
    country: Country | None = None
    state: Text60 | None = None
    city: Text60 | None = None
    zip: Text16 | None = None
    timezone: TimeZone = "UTC"
    idle_timeout_minutes: Annotated[int, Field(ge=0, le=10_080)] | None = None
    energy_step_delta_wh: (
        Annotated[Decimal, Field(ge=0, max_digits=18, decimal_places=3)] | None
    ) = None
    monetary_session_limit: (
        Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=4)] | None
    ) = None
    security_key: Text100 | None = None
    private_network: list[Ref] = Field([], description="account refs")
    tariff: TariffRef | None = Field(None, description="default charging tariff; absent: as is")


class StationSpec(Spec):
    id: StationId
    password: Annotated[str, Field(min_length=MIN_PASSWORD_LENGTH, max_length=40)] | None = Field(
        None, description="HTTP Basic password, stored hashed"
    )
    security_profile: Annotated[int, Field(ge=1, le=3)] = 1
    visible: bool = True
    customer: Ref | None = None
    tariff: TariffRef | None = Field(None, description="for other drivers; absent: as is")


class LocationSpec(Spec):
    ref: Ref
    name: Text100
    address: Text200 | None = None
    city: Text60 | None = None
    country: Country | None = None
    timezone: TimeZone = "UTC"
    account: Ref | None = None
    operator: OperatorCode | None = None
    publish_to_roaming: bool = False
    tariff: TariffRef | None = Field(None, description="default charging tariff; absent: as is")
    stations: list[StationSpec] = []


class GridSpec(Spec):
    name: Text100
    location: Ref | None = None
    max_current_a: Annotated[Decimal, Field(gt=0, max_digits=18, decimal_places=3)] | None = None
    customer: Ref | None = None


class CardSpec(Spec):
    value: Annotated[str, Field(min_length=1, max_length=255, pattern=r"^\S+$")]
    type: TokenType = "ISO14443"
    account: Ref | None = None
    provider: Annotated[str, Field(min_length=1, max_length=20)] | None = Field(
        None, description="None is this platform; anything else (DE-ABC) a roaming card"
    )
    status: Literal["Accepted", "Blocked"] = "Accepted"
    expires_at: AwareDatetime | None = None
    label: Text100 | None = None


class TariffSpec(Spec):
    """A tariff in OCPI 2.2.1 shape. The file holds its current definition: a load that finds
    different prices adds a version (from ``valid_from`` if later than the current one's,
    else from the moment of loading) and never edits a stored version."""

    ref: Ref
    name: Text100 | None = None
    purpose: Literal["charging", "reimbursement"] = "charging"
    owner: Ref | None = Field(None, description="the account that controls it; none: the tenant")
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] | None = Field(
        None, description="default: the tenant's"
    )
    elements: list[dict[str, Any]] = Field(min_length=1, description="OCPI TariffElement objects")
    min_price: dict[str, Any] | None = None
    max_price: dict[str, Any] | None = None
    valid_from: AwareDatetime | None = None

    @model_validator(mode="after")
    def _ocpi(self) -> TariffSpec:
        try:
            self.domain("EUR")
        except TariffFormatError as exc:
            at = exc.path.split(".")[0].split("[")[0] or "elements"
            raise _refuse("tariff", str(exc), at=at) from None
        return self

    def document(self, currency: str) -> dict[str, Any]:
        """The OCPI JSON of the prices, in ``currency`` unless the tariff names its own."""
        return {
            "currency": self.currency or currency,
            "elements": self.elements,
            "min_price": self.min_price,
            "max_price": self.max_price,
        }

    def domain(self, currency: str) -> Tariff:
        return tariff_from_ocpi(self.document(currency), id=self.ref)


class GroupCustomerSpec(Spec):
    account: Ref
    tariff: TariffRef | None = None

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, data: Any) -> Any:
        return {"account": data} if isinstance(data, str) else data


class ChargeGroupSpec(Spec):
    name: Text100
    info: Annotated[str, Field(max_length=10_000)] | None = None
    type: Literal["home", "other"] = "other"
    tariff: TariffRef | None = None
    all_customers: bool = False
    roaming: bool = False
    account: Ref | None = None
    stations: list[StationId] = []
    customers: list[GroupCustomerSpec] = Field(
        [], description="account refs, or {account: ref, tariff: ref}"
    )


class TenantSpec(Spec):
    slug: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")]
    name: Text100
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] = "EUR"
    timezone: TimeZone = "UTC"
    terms_url: Url | None = None
    privacy_url: Url | None = None
    accounts: list[AccountSpec] = []
    users: list[UserSpec] = []
    operators: list[OperatorSpec] = []
    locations: list[LocationSpec] = []
    grids: list[GridSpec] = []
    cards: list[CardSpec] = []
    tariffs: list[TariffSpec] = []
    charge_groups: list[ChargeGroupSpec] = []


class WorldFile(Spec):
    tenants: list[TenantSpec] = []


for _model in (AccountFields, AccountSpec, SubAccountSpec, EmployeeSpec):
    _model.model_rebuild()
