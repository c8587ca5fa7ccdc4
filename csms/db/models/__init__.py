"""All tables, importable from one place."""

from csms.db.models.accounts import (
    Account,
    ApiToken,
    AuditEntry,
    Invitation,
    OutboxMail,
    RoleGrant,
    Tenant,
    User,
)
from csms.db.models.base import Base, UTCDateTime, utcnow
from csms.db.models.charging import (
    Connector,
    IdTokenRow,
    MeterValueRow,
    Station,
    StationEvent,
    StatusHistory,
    Transaction,
)
from csms.db.models.network import (
    ChargeGroup,
    ChargeGroupCustomer,
    ChargeGroupStation,
    Grid,
    Location,
    Operator,
    PrivateNetworkMember,
    Ticket,
    TicketMessage,
)

__all__ = [
    "Account",
    "ApiToken",
    "AuditEntry",
    "Base",
    "ChargeGroup",
    "ChargeGroupCustomer",
    "ChargeGroupStation",
    "Connector",
    "Grid",
    "IdTokenRow",
    "Invitation",
    "Location",
    "MeterValueRow",
    "Operator",
    "OutboxMail",
    "PrivateNetworkMember",
    "RoleGrant",
    "Station",
    "StationEvent",
    "StatusHistory",
    "Tenant",
    "Ticket",
    "TicketMessage",
    "Transaction",
    "UTCDateTime",
    "User",
    "utcnow",
]
