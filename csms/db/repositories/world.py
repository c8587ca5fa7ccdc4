"""What a world load compares a file with: the rows of the network, tariffs and charge groups
a tenant already has, each by its natural key (csms.world.loader). Accounts, users, tenants
and cards come from their own repositories."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from csms.db.models import (
    ChargeGroup,
    ChargeGroupCustomer,
    ChargeGroupStation,
    Grid,
    Location,
    Operator,
    PrivateNetworkMember,
    Station,
)
from csms.db.models.billing import TariffRow


class WorldRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def operators(self, tenant_id: int) -> dict[str, Operator]:
        """By code."""
        rows = await self.session.scalars(select(Operator).where(Operator.tenant_id == tenant_id))
        return {row.code: row for row in rows}

    async def locations(self, tenant_id: int) -> dict[str, Location]:
        """By ref."""
        rows = await self.session.scalars(select(Location).where(Location.tenant_id == tenant_id))
        return {row.ref: row for row in rows}

    async def grids(self, tenant_id: int) -> dict[str, Grid]:
        """By name."""
        rows = await self.session.scalars(select(Grid).where(Grid.tenant_id == tenant_id))
        return {row.name: row for row in rows}

    async def charge_groups(self, tenant_id: int) -> dict[str, ChargeGroup]:
        """By name."""
        rows = await self.session.scalars(
            select(ChargeGroup).where(ChargeGroup.tenant_id == tenant_id)
        )
        return {row.name: row for row in rows}

    async def stations(self, station_ids: Iterable[str]) -> dict[str, Station]:
        """The stations with these ids, of any tenant."""
        rows = await self.session.scalars(select(Station).where(Station.id.in_(list(station_ids))))
        return {row.id: row for row in rows}

    async def latest_tariffs(self, tenant_id: int) -> dict[str, TariffRow]:
        """The last version of each of the tenant's tariffs, by ref."""
        rows = await self.session.scalars(
            select(TariffRow)
            .where(TariffRow.tenant_id == tenant_id)
            .order_by(TariffRow.ref, TariffRow.version)
        )
        return {row.ref: row for row in rows}  # the last version of each ref wins

    async def group_stations(
        self, group_ids: Iterable[int], station_ids: Iterable[str]
    ) -> dict[str, ChargeGroupStation]:
        """The memberships of these groups and of these stations, by station id."""
        rows = await self.session.scalars(
            select(ChargeGroupStation).where(
                or_(
                    ChargeGroupStation.group_id.in_(list(group_ids)),
                    ChargeGroupStation.station_id.in_(list(station_ids)),
                )
            )
        )
        return {row.station_id: row for row in rows}

    async def group_customers(self, group_id: int) -> dict[int, ChargeGroupCustomer]:
        """By account id."""
        rows = await self.session.scalars(
            select(ChargeGroupCustomer).where(ChargeGroupCustomer.group_id == group_id)
        )
        return {row.account_id: row for row in rows}

    async def network_members(self, operator_id: int) -> dict[int, PrivateNetworkMember]:
        """The operator's private network, by account id."""
        rows = await self.session.scalars(
            select(PrivateNetworkMember).where(PrivateNetworkMember.operator_id == operator_id)
        )
        return {row.account_id: row for row in rows}
