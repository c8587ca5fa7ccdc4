"""Charging: stations, connectors and their status, tokens, transactions, meter values."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from csms.db.models.base import Base, utcnow


class Station(Base):
    __tablename__ = "stations"

    id: Mapped[str] = mapped_column(String(48), primary_key=True)
    registration: Mapped[str] = mapped_column(String(16), default="Accepted")
    password_hash: Mapped[str | None] = mapped_column(String(200))
    security_profile: Mapped[int] = mapped_column(Integer, default=1)
    ocpp_version: Mapped[str | None] = mapped_column(String(8))
    vendor: Mapped[str | None] = mapped_column(String(50))
    model: Mapped[str | None] = mapped_column(String(50))
    serial_number: Mapped[str | None] = mapped_column(String(50))
    firmware_version: Mapped[str | None] = mapped_column(String(50))
    iccid: Mapped[str | None] = mapped_column(String(20))
    imsi: Mapped[str | None] = mapped_column(String(20))
    meter_type: Mapped[str | None] = mapped_column(String(50))
    meter_serial_number: Mapped[str | None] = mapped_column(String(50))
    boot_reason: Mapped[str | None] = mapped_column(String(40))
    tenant_id: Mapped[int | None] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id", ondelete="SET NULL"))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    visible: Mapped[bool] = mapped_column(Boolean, default=True)
    # The owner's regular tariff for other drivers (CA-5), below the charge group's.
    tariff_ref: Mapped[str | None] = mapped_column(String(64))
    last_boot_at: Mapped[datetime | None]
    last_seen_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Connector(Base):
    """Latest status per (EVSE, connector).

    1.6 connector N is EVSE N, connector 1; 1.6 connector 0 (the station) is EVSE 0, connector 0.
    """

    __tablename__ = "connectors"
    __table_args__ = (UniqueConstraint("station_id", "evse_id", "connector_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    station_id: Mapped[str] = mapped_column(ForeignKey("stations.id", ondelete="CASCADE"))
    evse_id: Mapped[int]
    connector_id: Mapped[int]
    status: Mapped[str] = mapped_column(String(16))
    error_code: Mapped[str | None] = mapped_column(String(50))
    info: Mapped[str | None] = mapped_column(String(50))
    vendor_error_code: Mapped[str | None] = mapped_column(String(50))
    status_at: Mapped[datetime]


class StatusHistory(Base):
    __tablename__ = "status_history"
    __table_args__ = (Index("ix_status_history_station", "station_id", "id"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    station_id: Mapped[str] = mapped_column(ForeignKey("stations.id", ondelete="CASCADE"))
    evse_id: Mapped[int]
    connector_id: Mapped[int]
    status: Mapped[str] = mapped_column(String(16))
    error_code: Mapped[str | None] = mapped_column(String(50))
    info: Mapped[str | None] = mapped_column(String(50))
    vendor_error_code: Mapped[str | None] = mapped_column(String(50))
    timestamp: Mapped[datetime]
    received_at: Mapped[datetime] = mapped_column(default=utcnow)


class IdTokenRow(Base):
    """The card/token registry. ``status`` is Accepted or Blocked; expiry is computed."""

    __tablename__ = "id_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[str] = mapped_column(String(255), unique=True)
    type: Mapped[str] = mapped_column(String(20), default="ISO14443")
    status: Mapped[str] = mapped_column(String(16), default="Accepted")
    expires_at: Mapped[datetime | None]
    group_id: Mapped[str | None] = mapped_column(String(255))
    allow_concurrent: Mapped[bool] = mapped_column(Boolean, default=False)
    label: Mapped[str | None] = mapped_column(String(100))
    tenant_id: Mapped[int | None] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    # The provider that issued the token; None is this platform, anything else is roaming.
    provider: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Transaction(Base):
    """A charging session. ``id`` is the 1.6 transactionId; ``ref`` the 2.x one (or str(id))."""

    __tablename__ = "transactions"
    __table_args__ = (
        UniqueConstraint("station_id", "ref"),
        Index("ix_transactions_active", "station_id", "ended_at"),
        Index("ix_transactions_token", "id_token", "ended_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ref: Mapped[str] = mapped_column(String(64))
    station_id: Mapped[str] = mapped_column(ForeignKey("stations.id", ondelete="CASCADE"))
    evse_id: Mapped[int]
    connector_id: Mapped[int]
    id_token: Mapped[str | None] = mapped_column(String(255))
    id_token_type: Mapped[str | None] = mapped_column(String(20))
    token_status: Mapped[str | None] = mapped_column(String(20))  # "NotAtThisLocation"
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    meter_start_wh: Mapped[Decimal | None]
    meter_stop_wh: Mapped[Decimal | None]
    energy_wh: Mapped[Decimal | None]
    charging_state: Mapped[str | None] = mapped_column(String(16))
    stop_reason: Mapped[str | None] = mapped_column(String(40))
    reservation_id: Mapped[int | None]
    remote_start_id: Mapped[int | None]
    last_seq_no: Mapped[int | None]
    offline: Mapped[bool] = mapped_column(Boolean, default=False)
    # Pricing while it runs: the tariff version chosen at the start, the running cost
    # incl. VAT and when the CSMS last told the station (2.x CostUpdated).
    tariff_ref: Mapped[str | None] = mapped_column(String(64))
    tariff_version: Mapped[int | None]
    running_cost: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    # OP-10: set when the session made no meter progress for the operator's idle time.
    idle_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class MeterValueRow(Base):
    """One sampled value. The unique key makes a replayed MeterValues a no-op."""

    __tablename__ = "meter_values"
    __table_args__ = (
        UniqueConstraint(
            "station_id",
            "evse_id",
            "timestamp",
            "measurand",
            "phase",
            "location",
            "context",
            name="uq_meter_values_sample",
        ),
        Index("ix_meter_values_transaction", "transaction_id", "timestamp"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    station_id: Mapped[str] = mapped_column(ForeignKey("stations.id", ondelete="CASCADE"))
    evse_id: Mapped[int]
    transaction_id: Mapped[int | None] = mapped_column(
        ForeignKey("transactions.id", ondelete="CASCADE")
    )
    timestamp: Mapped[datetime]
    measurand: Mapped[str] = mapped_column(String(50))
    phase: Mapped[str] = mapped_column(String(8), default="")
    location: Mapped[str] = mapped_column(String(8), default="")
    context: Mapped[str] = mapped_column(String(24), default="")
    unit: Mapped[str] = mapped_column(String(20), default="")  # 2.x unitOfMeasure.unit: 20
    value: Mapped[Decimal] = mapped_column(Numeric(20, 4))


class StationEvent(Base):
    """Everything else a station reports (firmware, logs, security events, data transfer...)."""

    __tablename__ = "station_events"
    __table_args__ = (Index("ix_station_events_station", "station_id", "kind", "id"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    station_id: Mapped[str] = mapped_column(ForeignKey("stations.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    status: Mapped[str | None] = mapped_column(String(50))
    data: Mapped[dict[str, Any]]
    timestamp: Mapped[datetime | None]
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
