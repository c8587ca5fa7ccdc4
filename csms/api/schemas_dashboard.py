"""A customer's usage dashboard."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel

from csms.api.schemas import TransactionPublic
from csms.api.schemas_base import FromRow
from csms.domain.reporting import Interval


class EnergyPoint(BaseModel):
    period: date
    energy_wh: Decimal


class EnergySeries(BaseModel):
    total_wh: Decimal
    per_interval: list[EnergyPoint]


class DashboardStation(FromRow):
    id: str
    location_id: int | None
    customer_id: int | None
    registration: str
    last_seen_at: datetime | None = None


class CustomerDashboard(BaseModel):
    account_id: int
    timezone: str
    interval: Interval
    energy_used: EnergySeries
    energy_delivered: EnergySeries
    latest_card_transactions: list[TransactionPublic]
    latest_charge_point_transactions: list[TransactionPublic]
    stations: list[DashboardStation]
