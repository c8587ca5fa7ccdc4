"""CDRs, and the money facts of a station a session needs: its tenant, location, operator,
time zone, the operator's session settings (OP-10) and the parties of the tariff rule."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from csms.db.models import (
    Account,
    Cdr,
    ChargeGroup,
    ChargeGroupCustomer,
    ChargeGroupStation,
    HomeReimbursement,
    IdTokenRow,
    Location,
    Operator,
    Station,
    Tenant,
)
from csms.db.repositories.paging import paginate
from csms.domain.permissions import Visibility
from csms.domain.tariff_choice import HomeCharger, SessionParties


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


async def session_parties(
    session: AsyncSession, station_id: str, id_token: str | None
) -> SessionParties:
    """What :func:`csms.domain.tariff_choice.resolve_tariff` needs for a session at
    ``station_id`` with card ``id_token``."""
    card_account = None
    if id_token is not None:
        card_account = await session.scalar(
            select(IdTokenRow.account_id).where(IdTokenRow.value == id_token)
        )
    station = await session.get(Station, station_id)
    if station is None:
        return SessionParties(card_account=card_account)
    owner = await session.get(Account, station.customer_id) if station.customer_id else None
    location = await session.get(Location, station.location_id) if station.location_id else None
    operator_tariff = None
    if location is not None and location.operator_id is not None:
        operator_tariff = await session.scalar(
            select(Operator.tariff_ref).where(Operator.id == location.operator_id)
        )
    home_row = await session.scalar(
        select(HomeReimbursement).where(HomeReimbursement.station_id == station_id)
    )
    group = await session.scalar(
        select(ChargeGroup)
        .join(ChargeGroupStation, ChargeGroupStation.group_id == ChargeGroup.id)
        .where(ChargeGroupStation.station_id == station_id)
    )
    customer_tariffs: dict[int, str | None] = {}
    if group is not None and card_account is not None:
        own = await session.scalar(
            select(ChargeGroupCustomer.tariff_ref).where(
                ChargeGroupCustomer.group_id == group.id,
                ChargeGroupCustomer.account_id == card_account,
            )
        )
        customer_tariffs[card_account] = own
    return SessionParties(
        card_account=card_account,
        station_owner=owner.id if owner else None,
        owner_kind=owner.kind if owner else None,
        owner_parent=owner.parent_account_id if owner else None,
        owner_rate=owner.reimbursement_rate if owner else None,
        home=_home(home_row),
        group_tariff=group.tariff_ref if group else None,
        customer_tariffs=customer_tariffs,
        station_tariff=station.tariff_ref,
        location_account=location.account_id if location else None,
        location_tariff=location.tariff_ref if location else None,
        operator_tariff=operator_tariff,
    )


def _home(row: HomeReimbursement | None) -> HomeCharger | None:
    if row is None:
        return None
    return HomeCharger(row.employer_account_id, row.employee_account_id, row.tariff_ref)


class CdrRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def get(self, cdr_id: int) -> Cdr | None:
        return await self.session.get(Cdr, cdr_id)

    async def by_seq(self, transaction_id: int, seq: int) -> Cdr | None:
        return await self.session.scalar(
            select(Cdr).where(Cdr.transaction_id == transaction_id, Cdr.seq == seq)
        )

    async def page(
        self,
        *,
        offset: int,
        limit: int,
        seen: Visibility,
        transaction_id: int | None = None,
        account_id: int | None = None,
        station_id: str | None = None,
        ended_from: datetime | None = None,
        ended_before: datetime | None = None,
    ) -> tuple[Sequence[Cdr], int]:
        """The CDRs the caller may list, by id; ``account_id`` is the payer or the payee,
        the ends are ``[ended_from, ended_before)``."""
        query = _seen(select(Cdr), seen)
        if transaction_id is not None:
            query = query.where(Cdr.transaction_id == transaction_id)
        if account_id is not None:
            query = query.where(
                or_(Cdr.payer_account_id == account_id, Cdr.payee_account_id == account_id)
            )
        if station_id is not None:
            query = query.where(Cdr.station_id == station_id)
        if ended_from is not None:
            query = query.where(Cdr.ended_at >= ended_from)
        if ended_before is not None:
            query = query.where(Cdr.ended_at < ended_before)
        return await paginate(self.session, query, Cdr.id, offset=offset, limit=limit)

    async def of_transaction(self, transaction_id: int) -> Sequence[Cdr]:
        rows = await self.session.scalars(
            select(Cdr).where(Cdr.transaction_id == transaction_id).order_by(Cdr.seq)
        )
        return rows.all()

    async def next_seq(self, transaction_id: int) -> int:
        last = await self.session.scalar(
            select(func.max(Cdr.seq)).where(Cdr.transaction_id == transaction_id)
        )
        return (last or 0) + 1

    async def add(self, row: Cdr) -> Cdr:
        self.session.add(row)
        await self.session.flush()
        return row


def _seen(query: Select[Any], seen: Visibility) -> Select[Any]:
    """CDRs the caller may list: paid or earned by its accounts, or at its operator's."""
    if seen.everything:
        return query
    query = query.where(Cdr.tenant_id == seen.tenant_id)
    if seen.tenant_wide:
        return query
    return query.where(
        or_(
            Cdr.payer_account_id.in_(seen.account_ids),
            Cdr.payee_account_id.in_(seen.account_ids),
            Cdr.operator_id.in_(seen.operator_ids),
        )
    )
