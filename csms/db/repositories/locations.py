"""Locations (charging areas): who owns them, which operator runs them, their stations."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from csms.db.models import Location, Station
from csms.db.repositories.paging import like_pattern, paginate
from csms.domain.permissions import Visibility


class LocationRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def get(self, location_id: int) -> Location | None:
        return await self.session.get(Location, location_id)

    async def by_ref(self, tenant_id: int, ref: str) -> Location | None:
        return await self.session.scalar(
            select(Location).where(Location.tenant_id == tenant_id, Location.ref == ref)
        )

    def add(self, row: Location) -> None:
        self.session.add(row)

    async def delete(self, row: Location) -> None:
        await self.session.delete(row)

    async def page(
        self,
        *,
        offset: int,
        limit: int,
        seen: Visibility,
        search: str | None = None,
        operator_id: int | None = None,
        account_id: int | None = None,
    ) -> tuple[Sequence[Location], int]:
        query = select(Location)
        if not seen.everything:
            query = query.where(Location.tenant_id == seen.tenant_id)
            if not seen.tenant_wide:
                conditions = []
                if seen.account_ids:
                    conditions.append(Location.account_id.in_(seen.account_ids))
                if seen.operator_ids:
                    conditions.append(Location.operator_id.in_(seen.operator_ids))
                query = query.where(or_(*conditions)) if conditions else query.where(false())
        if search:
            like = like_pattern(search)
            query = query.where(
                or_(Location.name.ilike(like, escape="\\"), Location.ref.ilike(like, escape="\\"))
            )
        if operator_id is not None:
            query = query.where(Location.operator_id == operator_id)
        if account_id is not None:
            query = query.where(Location.account_id == account_id)
        return await paginate(
            self.session, query, Location.name, Location.id, offset=offset, limit=limit
        )

    async def stations(
        self, location_id: int, *, offset: int, limit: int
    ) -> tuple[Sequence[Station], int]:
        query = select(Station).where(Station.location_id == location_id)
        return await paginate(self.session, query, Station.id, offset=offset, limit=limit)
