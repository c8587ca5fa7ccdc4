"""Bodies of the tariff routes: tariffs and their versions, quotes, tariff assignment and
home reimbursement settings.

Elements and min/max prices are OCPI 2.2.1 JSON, taken as plain objects and checked by
csms.domain.tariff_json, so that a mistake is answered with its JSON path
(``elements[1].price_components[0].price: must be >= 0``). Amounts are strings in answers.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, Field

from csms.api.schemas_base import FromRow

TariffRefStr = Annotated[
    str,
    Field(
        min_length=1,
        max_length=64,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
        description="letters, digits, '.', '_' and '-'",
    ),
]
Purpose = Literal["charging", "reimbursement"]

_ELEMENTS_EXAMPLE = [
    {
        "price_components": [{"type": "ENERGY", "price": "0.30", "vat": "21", "step_size": 1}],
        "restrictions": {"start_time": "07:00", "end_time": "23:00"},
    },
    {"price_components": [{"type": "ENERGY", "price": "0.22", "vat": "21", "step_size": 1}]},
]
Elements = Field(
    min_length=1,
    description="OCPI 2.2.1 TariffElement objects; prices as strings or numbers. Per "
    "dimension, the first element whose restrictions hold applies.",
    examples=[_ELEMENTS_EXAMPLE],
)
PriceBound = Field(
    None,
    description='OCPI Price: {"excl_vat": "1.00", "incl_vat": "1.21"}',
    examples=[{"excl_vat": "1.00", "incl_vat": "1.21"}],
)


class TariffCreate(BaseModel):
    ref: TariffRefStr
    name: str | None = Field(None, max_length=100)
    purpose: Purpose = Field(
        "charging", description="charging: drivers pay it; reimbursement: an employer pays it"
    )
    account_id: int | None = Field(
        None, description="the owner account that controls the tariff; null: the tenant"
    )
    tenant_id: int | None = Field(None, description="platform admins only; others: their own")
    currency: str | None = Field(
        None, pattern=r"^[A-Z]{3}$", description="ISO 4217; default: the tenant's currency"
    )
    elements: list[dict[str, Any]] = Elements
    min_price: dict[str, Any] | None = PriceBound
    max_price: dict[str, Any] | None = PriceBound
    valid_from: AwareDatetime | None = Field(
        None, description="version 1 is valid from this instant; null: always"
    )


class TariffVersionCreate(BaseModel):
    """A new version; what is left out is taken from the current version."""

    name: str | None = Field(None, max_length=100)
    currency: str | None = Field(None, pattern=r"^[A-Z]{3}$")
    elements: list[dict[str, Any]] = Elements
    min_price: dict[str, Any] | None = PriceBound
    max_price: dict[str, Any] | None = PriceBound
    valid_from: AwareDatetime | None = Field(
        None,
        description="default now; not before the current version's valid_from. The "
        "current version ends at this instant.",
    )


class PricePublic(BaseModel):
    excl_vat: Decimal
    incl_vat: Decimal | None = None


class TariffVersionSummary(FromRow):
    version: int
    valid_from: datetime | None
    valid_until: datetime | None
    created_at: datetime


class TariffPublic(BaseModel):
    """One version of a tariff."""

    ref: str
    version: int
    tenant_id: int
    name: str | None
    purpose: Purpose
    account_id: int | None = Field(description="the owner account; null: the tenant")
    currency: str
    elements: list[dict[str, Any]]
    min_price: PricePublic | None
    max_price: PricePublic | None
    valid_from: datetime | None
    valid_until: datetime | None
    created_at: datetime


class TariffDetail(TariffPublic):
    """The latest version, and every version's validity window."""

    versions: list[TariffVersionSummary]


class QuoteRequest(BaseModel):
    """A made-up session, charged at constant power, then parked."""

    start: AwareDatetime | None = Field(None, description="default: now")
    energy_kwh: Decimal = Field(ge=0, max_digits=12, decimal_places=6)
    duration_minutes: Decimal = Field(
        ge=0, le=100_000, max_digits=12, decimal_places=4, description="charging time"
    )
    parking_minutes: Decimal = Field(
        Decimal(0),
        ge=0,
        le=100_000,
        max_digits=12,
        decimal_places=4,
        description="connected, not charging, after charging",
    )
    power_kw: Decimal | None = Field(
        None, ge=0, max_digits=12, decimal_places=4, description="default: the average power"
    )
    timezone: str | None = Field(
        None, max_length=64, description="IANA zone of the location; default: the tenant's"
    )
    version: int | None = Field(None, ge=1, description="default: the version valid at start")


class QuoteLine(BaseModel):
    dimension: str
    unit: str
    volume: Decimal
    billed_volume: Decimal
    step_size: int | None
    cost_excl_vat: Decimal
    cost_incl_vat: Decimal | None


class QuotePeriod(BaseModel):
    start: datetime
    end: datetime
    energy_kwh: Decimal
    charging_hours: Decimal
    parking_hours: Decimal
    prices: dict[str, Decimal | None] = Field(
        description="price per unit excl. VAT of the component used, per dimension"
    )


class QuotePublic(BaseModel):
    tariff: str
    version: int
    currency: str
    timezone: str
    start: datetime
    end: datetime
    lines: list[QuoteLine]
    periods: list[QuotePeriod]
    total_excl_vat: Decimal
    total_incl_vat: Decimal | None
    min_price_applied: bool
    max_price_applied: bool
    worked: list[str] = Field(description="the arithmetic, line by line")


class TariffAssign(BaseModel):
    tariff: TariffRefStr | None = Field(
        None, description="a charging tariff's ref; null or left out: none"
    )


class TariffAssignment(BaseModel):
    """What is now assigned to a location, operator or station."""

    kind: Literal["location", "operator", "station"]
    id: str
    tariff: str | None


class HomeReimbursementSet(BaseModel):
    employer_account_id: int
    employee_account_id: int
    tariff: TariffRefStr = Field(description="a reimbursement tariff owned by the employer")


class HomeReimbursementPublic(FromRow):
    station_id: str
    employer_account_id: int
    employee_account_id: int
    tariff: str = Field(validation_alias="tariff_ref")
    created_at: datetime
