"""The charging network as the access rules see it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from csms.db.models import (
    ChargeGroup,
    ChargeGroupCustomer,
    ChargeGroupStation,
    Location,
    PrivateNetworkMember,
    Station,
)
from csms.domain.authorization import PUBLIC, GroupPolicy, GroupType, Site


async def site_for(session: AsyncSession, station_id: str) -> Site:
    """The station's tenant, charge group policy, visibility and private network."""
    station = await session.get(Station, station_id)
    if station is None:
        return PUBLIC
    location = await session.get(Location, station.location_id) if station.location_id else None
    group = await session.scalar(
        select(ChargeGroup)
        .join(ChargeGroupStation, ChargeGroupStation.group_id == ChargeGroup.id)
        .where(ChargeGroupStation.station_id == station_id)
    )
    policy = None
    if group is not None:
        customers = await session.scalars(
            select(ChargeGroupCustomer.account_id).where(ChargeGroupCustomer.group_id == group.id)
        )
        policy = GroupPolicy(
            type=GroupType(group.type),
            all_customers=group.all_customers,
            roaming=group.roaming,
            customers=frozenset(customers),
        )
    members = None
    if location is not None and location.operator_id is not None:
        rows = await session.scalars(
            select(PrivateNetworkMember.account_id).where(
                PrivateNetworkMember.operator_id == location.operator_id
            )
        )
        members = frozenset(rows)
    return Site(
        tenant_id=station.tenant_id,
        group=policy,
        visible=station.visible,
        private_members=members,
        roaming_published=location.publish_to_roaming if location else False,
    )
