"""Request and response bodies of the charge group and customer routes."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from csms.api.schemas_base import Changes, FromRow

GroupType = Literal["home", "other"]
TariffRef = Field(None, max_length=64, description="tariff reference; null: none")


class ChargeGroupCreate(BaseModel):
    name: str = Field(min_length=1, max_length=100, description="unique within the tenant")
    info: str | None = Field(None, max_length=2000, description="additional information")
    type: GroupType = Field(
        "other",
        description="home: never shown in the driver app; other: shown to attached customers",
    )
    tariff: str | None = TariffRef
    all_customers: bool = Field(False, description="every customer of the tenant may charge")
    roaming: bool = Field(
        False, description="roaming customers (and every own customer) may charge as well"
    )
    account_id: int | None = Field(None, description="the customer account owning the group")
    tenant_id: int | None = Field(None, description="platform admins only; others: their own")


class ChargeGroupUpdate(Changes):
    """Only the fields sent change; ``info``, ``tariff`` and ``account_id`` may be null."""

    name: str | None = Field(None, min_length=1, max_length=100)
    info: str | None = Field(None, max_length=2000)
    type: GroupType | None = None
    tariff: str | None = TariffRef
    all_customers: bool | None = None
    roaming: bool | None = None
    account_id: int | None = None

    kept = ("name", "type", "all_customers", "roaming")


class ChargeGroupPublic(FromRow):
    id: int
    tenant_id: int
    name: str
    info: str | None
    type: str
    tariff: str | None = Field(validation_alias="tariff_ref")
    all_customers: bool
    roaming: bool
    account_id: int | None
    created_at: datetime


class GroupStationPublic(FromRow):
    """A station attached to a charge group."""

    station_id: str = Field(validation_alias="id")
    location_id: int | None
    customer_id: int | None
    visible: bool
    registration: str


class CustomerAttach(BaseModel):
    tariff: str | None = Field(
        None, max_length=64, description="the customer's own tariff; null: the group tariff"
    )


class GroupCustomerPublic(BaseModel):
    """A customer attached to a charge group, with the tariff it pays there."""

    account_id: int
    ref: str
    name: str
    customer_type: str
    tariff: str | None = Field(description="the customer's own tariff, overriding the group's")
    effective_tariff: str | None = Field(description="the tariff that prices its sessions")


class CustomersTariffSet(BaseModel):
    """Change tariff of selected customers: every one must be attached to the group."""

    account_ids: list[int] = Field(min_length=1, max_length=1000)
    tariff: str | None = Field(
        None, max_length=64, description="their own tariff; null: back to the group tariff"
    )


class TariffForPublic(BaseModel):
    group_id: int
    account_id: int
    tariff: str | None = Field(description="the tariff ref that applies; null: none")
    source: Literal["customer", "group", "none"]
    attached: bool = Field(description="the customer is attached to the group")
    admitted: bool = Field(description="the group's access policy lets the customer charge")


class AttachedStation(FromRow):
    id: str
    location_id: int | None
    visible: bool
    registration: str


class AttachedGrid(FromRow):
    id: int
    name: str
    location_id: int | None


class AttachedGroup(BaseModel):
    id: int
    name: str
    type: str
    tariff: str | None = Field(description="the customer's own tariff in the group")
    effective_tariff: str | None


class AttachedCard(FromRow):
    value: str
    type: str
    status: str
    label: str | None
    provider: str | None


class AttachedAccount(FromRow):
    id: int
    ref: str
    name: str
    customer_type: str


class Attachments(BaseModel):
    """Everything attached to one customer (CUS-2)."""

    account_id: int
    charge_points: list[AttachedStation]
    grids: list[AttachedGrid]
    charge_groups: list[AttachedGroup]
    charge_cards: list[AttachedCard]
    employees: list[AttachedAccount] = Field(description="a company's employees; else empty")


class MapStation(BaseModel):
    """A station on the driver map."""

    id: str
    location_id: int | None
    location_name: str | None
    address: str | None
    city: str | None
    country: str | None


class DriverMap(BaseModel):
    account_id: int
    stations: list[MapStation]
