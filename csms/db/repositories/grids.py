"""Grids: attached to a customer and a location."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from csms.db.models import Grid, Location
from csms.db.repositories.paging import like_pattern, paginate
from csms.domain.permissions import Visibility


class GridRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def get(self, grid_id: int) -> Grid | None:
        return await self.session.get(Grid, grid_id)

    async def by_name(self, tenant_id: int, name: str) -> Grid | None:
        return await self.session.scalar(
            select(Grid).where(Grid.tenant_id == tenant_id, Grid.name == name)
        )

    def add(self, row: Grid) -> None:
        self.session.add(row)

    async def delete(self, row: Grid) -> None:
        await self.session.delete(row)

    async def page(
        self,
        *,
        offset: int,
        limit: int,
        seen: Visibility,
        search: str | None = None,
        location_id: int | None = None,
    ) -> tuple[Sequence[Grid], int]:
        query = select(Grid)
        if not seen.everything:
            query = query.where(Grid.tenant_id == seen.tenant_id)
            if not seen.tenant_wide:
                query = query.outerjoin(Location, Location.id == Grid.location_id)
                conditions = []
                if seen.account_ids:
                    conditions += [
                        Grid.customer_id.in_(seen.account_ids),
                        Location.account_id.in_(seen.account_ids),
                    ]
                if seen.operator_ids:
                    conditions.append(Location.operator_id.in_(seen.operator_ids))
                query = query.where(or_(*conditions)) if conditions else query.where(false())
        if search:
            query = query.where(Grid.name.ilike(like_pattern(search), escape="\\"))
        if location_id is not None:
            query = query.where(Grid.location_id == location_id)
        return await paginate(self.session, query, Grid.name, Grid.id, offset=offset, limit=limit)
