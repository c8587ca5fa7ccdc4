"""Operators, their private networks, and the stations and sessions an operator user sees."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import false, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from csms.db.models import (
    Account,
    Base,
    Location,
    Operator,
    PrivateNetworkMember,
    RoleGrant,
    Station,
    Transaction,
    User,
)
from csms.db.repositories.paging import like_pattern, paginate, paginate_rows
from csms.domain.permissions import Visibility

# References to an operator the delete check names one by one; any other foreign key to
# operators.id (a report or commission setting added later) is counted generically.
NAMED_REFERENCES = frozenset({"locations", "role_grants", "private_network_members"})


class OperatorRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def get(self, operator_id: int) -> Operator | None:
        return await self.session.get(Operator, operator_id)

    async def by_code(self, tenant_id: int, code: str) -> Operator | None:
        return await self.session.scalar(
            select(Operator).where(Operator.tenant_id == tenant_id, Operator.code == code)
        )

    def add(self, row: Operator) -> None:
        self.session.add(row)

    async def delete(self, row: Operator) -> None:
        await self.session.delete(row)

    async def page(
        self, *, offset: int, limit: int, seen: Visibility, search: str | None = None
    ) -> tuple[Sequence[Operator], int]:
        query = select(Operator)
        if not seen.everything:
            query = query.where(Operator.tenant_id == seen.tenant_id)
            if not seen.tenant_wide:
                query = (
                    query.where(Operator.id.in_(seen.operator_ids))
                    if seen.operator_ids
                    else query.where(false())
                )
        if search:
            like = like_pattern(search)
            query = query.where(
                or_(Operator.name.ilike(like, escape="\\"), Operator.code.ilike(like, escape="\\"))
            )
        return await paginate(
            self.session, query, Operator.name, Operator.id, offset=offset, limit=limit
        )

    # What still references an operator (OP-3).

    async def location_names(self, operator_id: int) -> Sequence[str]:
        rows = await self.session.scalars(
            select(Location.name).where(Location.operator_id == operator_id).order_by(Location.name)
        )
        return rows.all()

    async def user_emails(self, operator_id: int) -> Sequence[str]:
        rows = await self.session.scalars(
            select(User.email)
            .join(RoleGrant, RoleGrant.user_id == User.id)
            .where(RoleGrant.operator_id == operator_id)
            .distinct()
            .order_by(User.email)
        )
        return rows.all()

    async def member_names(self, operator_id: int) -> Sequence[str]:
        rows = await self.session.scalars(
            select(Account.name)
            .join(PrivateNetworkMember, PrivateNetworkMember.account_id == Account.id)
            .where(PrivateNetworkMember.operator_id == operator_id)
            .order_by(Account.name)
        )
        return rows.all()

    async def other_references(self, operator_id: int) -> dict[str, int]:
        """Rows of any other table with a foreign key to operators.id, per table."""
        counts: dict[str, int] = {}
        for table in Base.metadata.sorted_tables:
            if table.name in NAMED_REFERENCES:
                continue
            for fk in table.foreign_keys:
                if fk.column.table.name != "operators" or fk.column.name != "id":
                    continue
                count = await self.session.scalar(
                    select(func.count()).select_from(table).where(fk.parent == operator_id)
                )
                if count:
                    counts[table.name] = counts.get(table.name, 0) + count
        return counts

    # The private network (OP-8).

    async def assigned_locations(self, operator_id: int) -> int:
        return (
            await self.session.scalar(
                select(func.count()).where(Location.operator_id == operator_id)
            )
            or 0
        )

    async def member(self, operator_id: int, account_id: int) -> PrivateNetworkMember | None:
        return await self.session.get(PrivateNetworkMember, (operator_id, account_id))

    def add_member(self, row: PrivateNetworkMember) -> None:
        self.session.add(row)

    async def remove_member(self, row: PrivateNetworkMember) -> None:
        await self.session.delete(row)

    async def members(
        self, operator_id: int, *, offset: int, limit: int, search: str | None = None
    ) -> tuple[Sequence[tuple[PrivateNetworkMember, Account]], int]:
        query = (
            select(PrivateNetworkMember, Account)
            .join(Account, Account.id == PrivateNetworkMember.account_id)
            .where(PrivateNetworkMember.operator_id == operator_id)
        )
        if search:
            query = query.where(_account_matches(search))
        return await paginate_rows(
            self.session, query, Account.name, Account.id, offset=offset, limit=limit
        )

    async def candidates(
        self, operator: Operator, *, offset: int, limit: int, search: str | None = None
    ) -> tuple[Sequence[Account], int]:
        """Active customers of the operator's tenant not yet in its private network."""
        members = select(PrivateNetworkMember.account_id).where(
            PrivateNetworkMember.operator_id == operator.id
        )
        query = select(Account).where(
            Account.tenant_id == operator.tenant_id,
            Account.status == "active",
            Account.id.not_in(members),
        )
        if search:
            query = query.where(_account_matches(search))
        return await paginate(
            self.session, query, Account.name, Account.id, offset=offset, limit=limit
        )

    # What an operator user sees (OP-5).

    async def stations(
        self, operator_id: int, *, offset: int, limit: int, search: str | None = None
    ) -> tuple[Sequence[Station], int]:
        query = (
            select(Station)
            .join(Location, Location.id == Station.location_id)
            .where(Location.operator_id == operator_id)
        )
        if search:
            query = query.where(Station.id.ilike(like_pattern(search), escape="\\"))
        return await paginate(self.session, query, Station.id, offset=offset, limit=limit)

    async def sessions(
        self,
        operator_id: int,
        *,
        offset: int,
        limit: int,
        station_id: str | None = None,
        active: bool | None = None,
    ) -> tuple[Sequence[Transaction], int]:
        query = (
            select(Transaction)
            .join(Station, Station.id == Transaction.station_id)
            .join(Location, Location.id == Station.location_id)
            .where(Location.operator_id == operator_id)
        )
        if station_id:
            query = query.where(Transaction.station_id == station_id)
        if active is not None:
            query = query.where(
                Transaction.ended_at.is_(None) if active else Transaction.ended_at.is_not(None)
            )
        order = (Transaction.started_at.desc(), Transaction.id.desc())
        return await paginate(self.session, query, *order, offset=offset, limit=limit)


def _account_matches(search: str) -> Any:
    like = like_pattern(search)
    return or_(
        Account.name.ilike(like, escape="\\"),
        Account.ref.ilike(like, escape="\\"),
        Account.email.ilike(like, escape="\\"),
    )
