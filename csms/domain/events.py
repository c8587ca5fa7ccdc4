"""One event model for every OCPP version.

The version adapters in ``csms.protocol`` turn 1.6, 2.0.1 and 2.1 messages into these
events; services, billing and reporting only ever see these types.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any


class ConnectorStatus(StrEnum):
    """Union of the 1.6 ChargePointStatus and the 2.x ConnectorStatusEnumType."""

    AVAILABLE = "Available"
    PREPARING = "Preparing"
    CHARGING = "Charging"
    SUSPENDED_EV = "SuspendedEV"
    SUSPENDED_EVSE = "SuspendedEVSE"
    FINISHING = "Finishing"
    OCCUPIED = "Occupied"
    RESERVED = "Reserved"
    UNAVAILABLE = "Unavailable"
    FAULTED = "Faulted"


class TokenStatus(StrEnum):
    """Authorization answers. The values are the wire strings of 1.6 and 2.x alike."""

    ACCEPTED = "Accepted"
    BLOCKED = "Blocked"
    EXPIRED = "Expired"
    INVALID = "Invalid"
    CONCURRENT_TX = "ConcurrentTx"
    NOT_AT_THIS_LOCATION = "NotAtThisLocation"
    UNKNOWN = "Unknown"


class Registration(StrEnum):
    """Registration state of a station, answered in BootNotification."""

    ACCEPTED = "Accepted"
    PENDING = "Pending"
    REJECTED = "Rejected"


@dataclass(frozen=True, slots=True)
class IdToken:
    """A token as presented by a station. 1.6 idTags carry no type; they arrive as ``Central``."""

    value: str
    type: str = "Central"


@dataclass(frozen=True, slots=True)
class MeasuredValue:
    """One sampled value, normalised: energy in Wh, power in W, whatever unit the station used."""

    timestamp: datetime
    measurand: str
    value: Decimal
    unit: str = ""
    phase: str = ""
    location: str = ""
    context: str = ""


@dataclass(frozen=True, slots=True)
class StationBooted:
    station_id: str
    vendor: str
    model: str
    serial_number: str | None = None
    firmware_version: str | None = None
    reason: str | None = None
    iccid: str | None = None
    imsi: str | None = None
    meter_type: str | None = None
    meter_serial_number: str | None = None


@dataclass(frozen=True, slots=True)
class ConnectorStatusChanged:
    station_id: str
    evse_id: int
    connector_id: int
    status: ConnectorStatus
    timestamp: datetime
    error_code: str | None = None
    info: str | None = None
    vendor_error_code: str | None = None


@dataclass(frozen=True, slots=True)
class SessionStarted:
    """A transaction began.

    ``transaction_ref`` is the station's id in 2.x, None in 1.6 where the CSMS allocates it.
    """

    station_id: str
    evse_id: int
    connector_id: int
    timestamp: datetime
    id_token: IdToken | None
    meter_start_wh: Decimal | None = None
    transaction_ref: str | None = None
    reservation_id: int | None = None
    remote_start_id: int | None = None
    seq_no: int | None = None
    offline: bool = False
    samples: tuple[MeasuredValue, ...] = ()


@dataclass(frozen=True, slots=True)
class SessionUpdated:
    """A 2.x TransactionEvent(Updated): late authorisation, charging state, meter samples."""

    station_id: str
    transaction_ref: str
    timestamp: datetime
    seq_no: int | None = None
    id_token: IdToken | None = None
    charging_state: str | None = None
    evse_id: int | None = None
    connector_id: int | None = None
    offline: bool = False
    samples: tuple[MeasuredValue, ...] = ()


@dataclass(frozen=True, slots=True)
class MeterSampled:
    """MeterValues outside a transaction event (1.6 MeterValues, 2.x MeterValuesRequest)."""

    station_id: str
    evse_id: int
    samples: tuple[MeasuredValue, ...]
    transaction_ref: str | None = None


@dataclass(frozen=True, slots=True)
class SessionEnded:
    """A transaction ended. ``evse_id`` is known in 2.x, where a session whose start was lost
    can still be recorded from its end; a 1.6 stop does not say where it happened."""

    station_id: str
    transaction_ref: str
    timestamp: datetime
    evse_id: int | None = None
    connector_id: int | None = None
    meter_stop_wh: Decimal | None = None
    reason: str | None = None
    id_token: IdToken | None = None
    seq_no: int | None = None
    offline: bool = False
    samples: tuple[MeasuredValue, ...] = ()


@dataclass(frozen=True, slots=True)
class StationReported:
    """Everything else a station tells: firmware, diagnostics and log status, security events,
    data transfer, device-model reports, monitoring events, charging limits, and so on.

    ``kind`` is a version-neutral name (``firmware_status``, ``security_event``...);
    ``data`` keeps the payload as received so nothing the station said is lost.
    """

    station_id: str
    kind: str
    data: dict[str, Any] = field(default_factory=dict)
    status: str | None = None
    timestamp: datetime | None = None
