"""The money facts of a station a session needs: its tenant, location, operator, time zone
and the operator's session settings (OP-10)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from csms.db.models import Location, Operator, Station, Tenant


@dataclass(frozen=True, slots=True)
class StationMoney:
    """Where a station is, for pricing and the operator's session settings (OP-10)."""

    tenant_id: int | None
    location_id: int | None
    operator_id: int | None
    timezone: str
    currency: str
    monetary_limit: Decimal | None = None
    idle_minutes: int | None = None
    step_delta_wh: Decimal | None = None


UNPLACED = StationMoney(None, None, None, "UTC", "EUR")


async def station_money(session: AsyncSession, station_id: str) -> StationMoney:
    """One query: the station with its location, operator and tenant."""
    row = (
        await session.execute(
            select(
                Station.tenant_id,
                Station.location_id,
                Location.operator_id,
                Location.timezone,
                Operator.timezone,
                Tenant.timezone,
                Tenant.currency,
                Operator.monetary_session_limit,
                Operator.idle_timeout_minutes,
                Operator.energy_step_delta_wh,
            )
            .select_from(Station)
            .outerjoin(Location, Location.id == Station.location_id)
            .outerjoin(Operator, Operator.id == Location.operator_id)
            .outerjoin(Tenant, Tenant.id == Station.tenant_id)
            .where(Station.id == station_id)
        )
    ).one_or_none()
    if row is None:
        return UNPLACED
    tenant, location, operator, loc_tz, op_tz, tenant_tz, currency, limit, idle, delta = row
    return StationMoney(
        tenant_id=tenant,
        location_id=location,
        operator_id=operator,
        # The location's zone prices the session (OCPI: restrictions are in local time).
        timezone=loc_tz or op_tz or tenant_tz or "UTC",
        currency=currency or "EUR",
        monetary_limit=limit,
        idle_minutes=idle,
        step_delta_wh=delta,
    )
