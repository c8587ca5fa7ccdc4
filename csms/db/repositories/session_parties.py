"""The parties of the tariff rule for a session: the card's account, the station's owner,
its home-charger arrangement, charge group, location and operator."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from csms.db.models import (
    Account,
    ChargeGroup,
    ChargeGroupCustomer,
    ChargeGroupStation,
    HomeReimbursement,
    IdTokenRow,
    Location,
    Operator,
    Station,
)
from csms.domain.tariff_choice import HomeCharger, SessionParties


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
