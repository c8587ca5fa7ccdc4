"""Charge groups with their stations and customers, and what is attached to a customer."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from csms.db.models import (
    Account,
    ChargeGroup,
    ChargeGroupCustomer,
    ChargeGroupStation,
    Grid,
    IdTokenRow,
    Location,
    Station,
)
from csms.db.repositories.changes import rows_changed
from csms.db.repositories.paging import owned_by, paginate
from csms.domain.permissions import Visibility


class GroupRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def get(self, group_id: int) -> ChargeGroup | None:
        return await self.session.get(ChargeGroup, group_id)

    def add(self, group: ChargeGroup) -> None:
        self.session.add(group)

    async def delete(self, group: ChargeGroup) -> None:
        # Explicit, so no engine has to be trusted with ON DELETE CASCADE.
        await self.session.execute(
            delete(ChargeGroupStation).where(ChargeGroupStation.group_id == group.id)
        )
        await self.session.execute(
            delete(ChargeGroupCustomer).where(ChargeGroupCustomer.group_id == group.id)
        )
        await self.session.delete(group)

    async def named(self, tenant_id: int, name: str) -> ChargeGroup | None:
        return await self.session.scalar(
            select(ChargeGroup).where(ChargeGroup.tenant_id == tenant_id, ChargeGroup.name == name)
        )

    async def page(
        self,
        *,
        offset: int,
        limit: int,
        seen: Visibility,
        search: str | None = None,
        type_: str | None = None,
    ) -> tuple[Sequence[ChargeGroup], int]:
        """Groups the caller may list: its tenant's, or those of the accounts it sees.
        Groups have no operator, so an operator user's listing is empty."""
        query = owned_by(select(ChargeGroup), ChargeGroup, seen)
        if search:
            like = f"%{search}%"
            query = query.where(or_(ChargeGroup.name.ilike(like), ChargeGroup.info.ilike(like)))
        if type_:
            query = query.where(ChargeGroup.type == type_)
        return await paginate(
            self.session, query, ChargeGroup.name, ChargeGroup.id, offset=offset, limit=limit
        )

    # Stations

    async def group_of_station(self, station_id: str) -> ChargeGroup | None:
        return await self.session.scalar(
            select(ChargeGroup)
            .join(ChargeGroupStation, ChargeGroupStation.group_id == ChargeGroup.id)
            .where(ChargeGroupStation.station_id == station_id)
        )

    def attach_station(self, group_id: int, station_id: str) -> None:
        self.session.add(ChargeGroupStation(group_id=group_id, station_id=station_id))

    async def detach_station(self, group_id: int, station_id: str) -> bool:
        deleted = delete(ChargeGroupStation).where(
            ChargeGroupStation.group_id == group_id,
            ChargeGroupStation.station_id == station_id,
        )
        return bool(await rows_changed(self.session, deleted))

    async def stations(self, group_id: int) -> Sequence[Station]:
        rows = await self.session.scalars(
            select(Station)
            .join(ChargeGroupStation, ChargeGroupStation.station_id == Station.id)
            .where(ChargeGroupStation.group_id == group_id)
            .order_by(Station.id)
        )
        return rows.all()

    # Customers

    async def customer(self, group_id: int, account_id: int) -> ChargeGroupCustomer | None:
        return await self.session.get(ChargeGroupCustomer, (group_id, account_id))

    def add_customer(self, row: ChargeGroupCustomer) -> None:
        self.session.add(row)

    async def remove_customer(self, row: ChargeGroupCustomer) -> None:
        await self.session.delete(row)

    async def customers(self, group_id: int) -> Sequence[tuple[ChargeGroupCustomer, Account]]:
        rows = await self.session.execute(
            select(ChargeGroupCustomer, Account)
            .join(Account, Account.id == ChargeGroupCustomer.account_id)
            .where(ChargeGroupCustomer.group_id == group_id)
            .order_by(Account.name, Account.id)
        )
        return [(link, account) for link, account in rows]

    async def customer_tariffs(self, group_id: int) -> dict[int, str | None]:
        rows = await self.session.execute(
            select(ChargeGroupCustomer.account_id, ChargeGroupCustomer.tariff_ref).where(
                ChargeGroupCustomer.group_id == group_id
            )
        )
        return {account_id: tariff for account_id, tariff in rows}

    async def set_customer_tariffs(
        self, group_id: int, account_ids: Iterable[int], tariff: str | None
    ) -> None:
        await self.session.execute(
            update(ChargeGroupCustomer)
            .where(
                ChargeGroupCustomer.group_id == group_id,
                ChargeGroupCustomer.account_id.in_(list(account_ids)),
            )
            .values(tariff_ref=tariff)
        )


class AttachmentRepository:
    """What is attached to one customer (CUS-2)."""

    def __init__(self, session: AsyncSession):
        self.session = session

    async def stations(self, account_id: int) -> Sequence[Station]:
        rows = await self.session.scalars(
            select(Station).where(Station.customer_id == account_id).order_by(Station.id)
        )
        return rows.all()

    async def grids(self, account_id: int) -> Sequence[Grid]:
        rows = await self.session.scalars(
            select(Grid).where(Grid.customer_id == account_id).order_by(Grid.name, Grid.id)
        )
        return rows.all()

    async def groups(self, account_id: int) -> Sequence[tuple[ChargeGroup, str | None]]:
        """The groups the customer is attached to, with its own tariff in each."""
        rows = await self.session.execute(
            select(ChargeGroup, ChargeGroupCustomer.tariff_ref)
            .join(ChargeGroupCustomer, ChargeGroupCustomer.group_id == ChargeGroup.id)
            .where(ChargeGroupCustomer.account_id == account_id)
            .order_by(ChargeGroup.name, ChargeGroup.id)
        )
        return [(group, tariff) for group, tariff in rows]

    async def cards(self, account_id: int) -> Sequence[IdTokenRow]:
        rows = await self.session.scalars(
            select(IdTokenRow).where(IdTokenRow.account_id == account_id).order_by(IdTokenRow.id)
        )
        return rows.all()

    async def employees(self, account_id: int) -> Sequence[Account]:
        rows = await self.session.scalars(
            select(Account).where(Account.employer_id == account_id).order_by(Account.id)
        )
        return rows.all()

    async def tenant_stations(self, tenant_id: int) -> Sequence[tuple[Station, Location | None]]:
        """Every station of the tenant with its location: the candidates for a driver map."""
        rows = await self.session.execute(
            select(Station, Location)
            .outerjoin(Location, Location.id == Station.location_id)
            .where(Station.tenant_id == tenant_id)
            .order_by(Station.id)
        )
        return [(station, location) for station, location in rows]
