"""Request and response bodies of the network API: operators, their private networks,
locations (charging areas) and grids.

Request bodies refuse unknown fields (422), so a misspelt field is never silently ignored.
In an update, a field left out is unchanged; ``null`` clears an optional field, and is
refused for a field that cannot be empty (name, timezone...).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, Field

from csms.api.schemas import Page, StationPublic, TransactionPublic
from csms.api.schemas_base import Changes, FromRow, StrictBody
from csms.services.network import check_timezone

T = TypeVar("T")

TimeZone = Annotated[
    str,
    Field(max_length=64, description="IANA time zone", examples=["Europe/Amsterdam"]),
    AfterValidator(check_timezone),
]
Country = Annotated[
    str, Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2", examples=["NL"])
]
OperatorCode = Annotated[
    str,
    Field(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,39}$",
        description="unique in the tenant, never changes; integrations look operators up by it",
        examples=["HOTEL-NH"],
    ),
]
Name = Annotated[str, Field(min_length=1, max_length=100)]
OperatorStatus = Literal["active", "inactive"]


class OperatorFields(StrictBody):
    name: Name
    status: OperatorStatus = "active"
    organisation_name: str | None = Field(None, max_length=100)
    address: str | None = Field(None, max_length=200)
    phone: str | None = Field(None, max_length=40)
    country: Country | None = None
    state: str | None = Field(None, max_length=60)
    city: str | None = Field(None, max_length=60)
    zip: str | None = Field(None, max_length=16)
    timezone: TimeZone = Field(
        "UTC", description="every time an operator user sees is shown in this zone (OP-5)"
    )
    session_rating: dict[str, Any] = Field(
        default_factory=dict,
        description="session rating settings, a free-form JSON object kept as given",
    )
    idle_timeout_minutes: int | None = Field(
        None,
        ge=1,
        le=7 * 24 * 60,
        description="idle session setting: minutes without meter progress after which a "
        "session is no longer tracked as active",
    )
    energy_step_delta_wh: Decimal | None = Field(
        None, ge=0, description="meter samples closer than this (Wh) are not stored as new points"
    )
    security_key: str | None = Field(None, max_length=100)
    monetary_session_limit: Decimal | None = Field(
        None, ge=0, description="running cost at which the CSMS stops a session remotely"
    )


class OperatorCreate(OperatorFields):
    code: OperatorCode
    tenant_id: int | None = Field(None, description="platform admins only; others: their own")


class OperatorUpdate(StrictBody, Changes):
    """Every field of the operator except its code (OP-2): a ``code`` equal to the current
    one is accepted and changes nothing, any other is refused with 422."""

    code: str | None = Field(None, description="cannot change; only the current code is accepted")
    name: Name | None = None
    status: OperatorStatus | None = None
    organisation_name: str | None = Field(None, max_length=100)
    address: str | None = Field(None, max_length=200)
    phone: str | None = Field(None, max_length=40)
    country: Country | None = None
    state: str | None = Field(None, max_length=60)
    city: str | None = Field(None, max_length=60)
    zip: str | None = Field(None, max_length=16)
    timezone: TimeZone | None = None
    session_rating: dict[str, Any] | None = None
    idle_timeout_minutes: int | None = Field(None, ge=1, le=7 * 24 * 60)
    energy_step_delta_wh: Decimal | None = Field(None, ge=0)
    security_key: str | None = Field(None, max_length=100)
    monetary_session_limit: Decimal | None = Field(None, ge=0)

    kept = ("name", "status", "timezone", "session_rating")


class OperatorSummary(FromRow):
    """One row of the operator list."""

    id: int
    tenant_id: int
    code: str
    name: str
    status: str
    city: str | None
    country: str | None
    timezone: str


class OperatorPublic(OperatorSummary):
    """The operator's details page."""

    organisation_name: str | None
    address: str | None
    phone: str | None
    state: str | None
    zip: str | None
    session_rating: dict[str, Any]
    idle_timeout_minutes: int | None
    energy_step_delta_wh: Decimal | None
    security_key: str | None
    monetary_session_limit: Decimal | None
    created_at: datetime


class MemberPublic(BaseModel):
    """A customer in an operator's private network."""

    operator_id: int
    account_id: int
    ref: str
    name: str
    email: str | None
    granted_at: datetime


class CandidatePublic(FromRow):
    """A customer who could be let into the private network."""

    id: int
    ref: str
    name: str


class ZonedPage(Page[T], Generic[T]):
    """A page whose times are shown in ``timezone``, with that zone's UTC offset."""

    timezone: str


class OperatorStations(ZonedPage[StationPublic]):
    pass


class OperatorSessions(ZonedPage[TransactionPublic]):
    pass


class LocationCreate(StrictBody):
    ref: str = Field(min_length=1, max_length=64, description="unique in the tenant")
    name: Name
    address: str | None = Field(None, max_length=200)
    city: str | None = Field(None, max_length=60)
    country: Country | None = None
    timezone: TimeZone = "UTC"
    account_id: int | None = Field(None, description="the customer owning the location")
    operator_id: int | None = Field(
        None, description="the operator running it; one operator may run many locations"
    )
    publish_to_roaming: bool = False
    tenant_id: int | None = Field(None, description="platform admins only; others: their own")


class LocationUpdate(StrictBody, Changes):
    ref: str | None = Field(None, min_length=1, max_length=64)
    name: Name | None = None
    address: str | None = Field(None, max_length=200)
    city: str | None = Field(None, max_length=60)
    country: Country | None = None
    timezone: TimeZone | None = None
    account_id: int | None = None
    operator_id: int | None = None
    publish_to_roaming: bool | None = None

    kept = ("ref", "name", "timezone", "publish_to_roaming")


class LocationPublic(FromRow):
    id: int
    tenant_id: int
    ref: str
    name: str
    address: str | None
    city: str | None
    country: str | None
    timezone: str
    account_id: int | None
    operator_id: int | None
    publish_to_roaming: bool
    created_at: datetime


class GridCreate(StrictBody):
    name: Name = Field(description="unique in the tenant")
    location_id: int | None = None
    max_current_a: Decimal | None = Field(None, ge=0, description="the connection's limit, A")
    customer_id: int | None = Field(None, description="the customer the grid is attached to")
    tenant_id: int | None = Field(None, description="platform admins only; others: their own")


class GridUpdate(StrictBody, Changes):
    name: Name | None = None
    location_id: int | None = None
    max_current_a: Decimal | None = Field(None, ge=0)
    customer_id: int | None = None

    kept = ("name",)


class GridPublic(FromRow):
    id: int
    tenant_id: int
    name: str
    location_id: int | None
    max_current_a: Decimal | None
    customer_id: int | None
