"""Request and response bodies, one family per resource (Create, Update, Public)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, Field

from csms.api.schemas_base import FromRow
from csms.domain.credentials import MIN_PASSWORD_LENGTH

T = TypeVar("T")
StationId = Field(pattern=r"^[A-Za-z0-9*\-_=+|@.:]{1,48}$")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    offset: int
    limit: int


class StationCreate(BaseModel):
    id: str = StationId
    password: str | None = Field(
        None,
        min_length=MIN_PASSWORD_LENGTH,
        max_length=40,
        description="HTTP Basic password; omit to have one generated and returned once",
    )
    security_profile: int = Field(1, ge=1, le=3)
    registration: Literal["Accepted", "Pending", "Rejected"] = "Accepted"
    tenant_id: int | None = Field(None, description="platform admins only; others: their own")
    location_id: int | None = None
    customer_id: int | None = Field(None, description="the customer the station is attached to")
    visible: bool = Field(True, description="invisible: only the operator's private network")


class StationUpdate(BaseModel):
    security_profile: int | None = Field(None, ge=1, le=3)
    registration: Literal["Accepted", "Pending", "Rejected"] | None = None
    visible: bool | None = Field(None, description="invisible: only the operator's private network")


class PasswordSet(BaseModel):
    password: str | None = Field(
        None, min_length=MIN_PASSWORD_LENGTH, max_length=40, description="omit to generate one"
    )


class StationPublic(FromRow):
    id: str
    registration: str
    security_profile: int
    tenant_id: int | None
    location_id: int | None
    customer_id: int | None
    visible: bool
    has_password: bool = False
    ocpp_version: str | None
    vendor: str | None
    model: str | None
    serial_number: str | None
    firmware_version: str | None
    boot_reason: str | None
    iccid: str | None
    imsi: str | None
    meter_type: str | None
    meter_serial_number: str | None
    last_boot_at: datetime | None
    last_seen_at: datetime | None
    connected: bool = False
    connection: dict[str, Any] | None = None


class StationCreated(StationPublic):
    password: str | None = Field(None, description="shown once, when it was generated")


class ConnectorPublic(FromRow):
    evse_id: int
    connector_id: int
    status: str
    error_code: str | None
    info: str | None
    vendor_error_code: str | None
    status_at: datetime


class StatusHistoryPublic(ConnectorPublic):
    status_at: datetime = Field(validation_alias="timestamp")
    received_at: datetime


class StationEventPublic(FromRow):
    id: int
    kind: str
    status: str | None
    data: dict[str, Any]
    timestamp: datetime | None
    received_at: datetime


class TokenCreate(BaseModel):
    value: str = Field(min_length=1, max_length=255)
    type: str = Field("ISO14443", max_length=20)
    status: Literal["Accepted", "Blocked"] = "Accepted"
    expires_at: datetime | None = None
    group_id: str | None = Field(None, max_length=255)
    allow_concurrent: bool = False
    label: str | None = Field(None, max_length=100)
    tenant_id: int | None = Field(None, description="platform admins only; others: their own")
    account_id: int | None = Field(None, description="the customer the card belongs to")
    provider: str | None = Field(
        None, max_length=20, description="issuing provider; empty for this platform's own cards"
    )


class TokenUpdate(BaseModel):
    type: str | None = Field(None, max_length=20)
    status: Literal["Accepted", "Blocked"] | None = None
    expires_at: datetime | None = None
    group_id: str | None = Field(None, max_length=255)
    allow_concurrent: bool | None = None
    label: str | None = Field(None, max_length=100)


class TokenPublic(FromRow):
    id: int
    value: str
    type: str
    status: str
    effective_status: str = Field("", description="status as an Authorize would answer it now")
    expires_at: datetime | None
    group_id: str | None
    allow_concurrent: bool
    label: str | None
    tenant_id: int | None
    account_id: int | None
    provider: str | None
    created_at: datetime


class MeterValuePublic(FromRow):
    timestamp: datetime
    measurand: str
    value: Decimal
    unit: str
    phase: str
    location: str
    context: str


class StationMeterValuePublic(MeterValuePublic):
    evse_id: int
    transaction_id: int | None


class TransactionPublic(FromRow):
    id: int
    ref: str
    station_id: str
    evse_id: int
    connector_id: int
    id_token: str | None
    token_status: str | None
    started_at: datetime
    ended_at: datetime | None
    meter_start_wh: Decimal | None
    meter_stop_wh: Decimal | None
    energy_wh: Decimal | None
    charging_state: str | None
    stop_reason: str | None
    offline: bool
    last_seq_no: int | None
    tariff_ref: str | None = None
    tariff_version: int | None = None
    running_cost: Decimal | None = Field(
        None, description="cost so far incl. VAT (the CDR total once ended)"
    )
    idle_at: datetime | None = Field(
        None, description="when the session stopped being tracked as active (OP-10)"
    )


class TransactionDetail(TransactionPublic):
    meter_values: list[MeterValuePublic]


class RemoteStart(BaseModel):
    id_token: str = Field(min_length=1, max_length=255)
    id_token_type: str = "Central"
    evse_id: int | None = Field(None, ge=1)


class RemoteStop(BaseModel):
    transaction_id: str = Field(min_length=1, max_length=36, description="the transaction ref")


class ResetCommand(BaseModel):
    type: Literal["Hard", "Soft", "Immediate", "OnIdle"] = "Soft"
    evse_id: int | None = Field(None, ge=1)


class UnlockCommand(BaseModel):
    evse_id: int = Field(ge=1)
    connector_id: int = Field(1, ge=1)


class AvailabilityCommand(BaseModel):
    operative: bool
    evse_id: int = Field(0, ge=0)
    connector_id: int | None = Field(None, ge=1)


class TriggerCommand(BaseModel):
    message: str = Field(min_length=1, max_length=50)
    evse_id: int | None = Field(None, ge=0)


class ConfigurationGet(BaseModel):
    keys: list[str] = Field(default_factory=list)


class ConfigurationSet(BaseModel):
    key: str = Field(min_length=1, max_length=100)
    value: str = Field(max_length=1000)


class CommandAnswer(BaseModel):
    status: str | None
    response: dict[str, Any]


class GenericCall(BaseModel):
    action: str = Field(min_length=1, max_length=50)
    payload: dict[str, Any] = Field(default_factory=dict)
    timeout: float | None = Field(
        None, gt=0, le=300, description="seconds; default: the call_timeout setting"
    )
    validate_payload: bool = Field(True, description="check payload and answer against the schemas")


class GenericAnswer(BaseModel):
    result: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
