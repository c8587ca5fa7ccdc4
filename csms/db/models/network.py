"""The charging network: operators, locations, grids, charge groups, private networks,
and customer tickets."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from csms.db.models.base import Base, utcnow


class Operator(Base):
    """A company that owns chargers (a hotel, a restaurant chain). ``code`` never changes."""

    __tablename__ = "operators"
    __table_args__ = (UniqueConstraint("tenant_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(16), default="active")
    organisation_name: Mapped[str | None] = mapped_column(String(100))
    address: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    country: Mapped[str | None] = mapped_column(String(2))
    state: Mapped[str | None] = mapped_column(String(60))
    city: Mapped[str | None] = mapped_column(String(60))
    zip: Mapped[str | None] = mapped_column(String(16))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    session_rating: Mapped[dict[str, Any]] = mapped_column(default=dict)
    idle_timeout_minutes: Mapped[int | None]
    energy_step_delta_wh: Mapped[Decimal | None]
    security_key: Mapped[str | None] = mapped_column(String(100))
    monetary_session_limit: Mapped[Decimal | None] = mapped_column(Numeric(12, 4))
    # The operator's default tariff, and its commission settings (OP-9): a share of the
    # revenue at its locations, a fixed fee per period and a fee per kWh.
    tariff_ref: Mapped[str | None] = mapped_column(String(64))
    commission_pct: Mapped[Decimal | None] = mapped_column(Numeric(7, 4))
    commission_fixed_fee: Mapped[Decimal | None] = mapped_column(Numeric(12, 4))
    commission_per_kwh: Mapped[Decimal | None] = mapped_column(Numeric(12, 4))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Location(Base):
    """A charging area. Owned by an account (whose admins administer it), optionally run by
    an operator; roaming publication is set here, not on charge groups."""

    __tablename__ = "locations"
    __table_args__ = (UniqueConstraint("tenant_id", "ref"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    ref: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(100))
    address: Mapped[str | None] = mapped_column(String(200))
    city: Mapped[str | None] = mapped_column(String(60))
    country: Mapped[str | None] = mapped_column(String(2))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    publish_to_roaming: Mapped[bool] = mapped_column(Boolean, default=False)
    tariff_ref: Mapped[str | None] = mapped_column(String(64))  # the location's default
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Grid(Base):
    """An electrical grid connection stations share; attachable to a customer."""

    __tablename__ = "grids"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id", ondelete="SET NULL"))
    max_current_a: Mapped[Decimal | None]
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))


class ChargeGroup(Base):
    """Who may charge at a set of stations, and at which tariff (CG-1..6)."""

    __tablename__ = "charge_groups"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    info: Mapped[str | None] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(8), default="other")
    tariff_ref: Mapped[str | None] = mapped_column(String(64))
    all_customers: Mapped[bool] = mapped_column(Boolean, default=False)
    roaming: Mapped[bool] = mapped_column(Boolean, default=False)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ChargeGroupStation(Base):
    """A station belongs to at most one charge group."""

    __tablename__ = "charge_group_stations"

    station_id: Mapped[str] = mapped_column(
        ForeignKey("stations.id", ondelete="CASCADE"), primary_key=True
    )
    group_id: Mapped[int] = mapped_column(ForeignKey("charge_groups.id", ondelete="CASCADE"))


class ChargeGroupCustomer(Base):
    """A customer attached to a group, with an optional tariff of their own (CG-5)."""

    __tablename__ = "charge_group_customers"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("charge_groups.id", ondelete="CASCADE"), primary_key=True
    )
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    tariff_ref: Mapped[str | None] = mapped_column(String(64))


class PrivateNetworkMember(Base):
    """A customer the operator let into its private network (OP-8)."""

    __tablename__ = "private_network_members"

    operator_id: Mapped[int] = mapped_column(
        ForeignKey("operators.id", ondelete="CASCADE"), primary_key=True
    )
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)


class Ticket(Base):
    __tablename__ = "tickets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    subject: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class TicketMessage(Base):
    __tablename__ = "ticket_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
