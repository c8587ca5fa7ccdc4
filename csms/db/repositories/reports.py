"""What energy and revenue reports read: the CDR columns they sum, and the names and time
zones of the operators, locations and companies they group by."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from csms.db.models import Account, Cdr, Location, Operator
from csms.db.repositories.paging import reached_by
from csms.domain.permissions import Visibility


class ReportLine(NamedTuple):
    """The columns of one CDR a report reads."""

    kind: str
    purpose: str
    operator_id: int | None
    location_id: int | None
    payer_account_id: int | None
    energy_kwh: Decimal
    total_excl_vat: Decimal
    total_incl_vat: Decimal
    ended_at: datetime


class AccountLink(NamedTuple):
    """An account and the accounts above it: its employer, its parent."""

    id: int
    employer_id: int | None
    parent_account_id: int | None
    name: str | None


class ReportRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def lines(
        self,
        tenant_id: int,
        seen: Visibility,
        *,
        start: datetime | None = None,
        end: datetime | None = None,
        operator_id: int | None = None,
        location_id: int | None = None,
        account_ids: frozenset[int] | None = None,
    ) -> list[ReportLine]:
        """The tenant's CDRs the caller may report on (payer, payee or operator within its
        grants) that ended in [start, end), narrowed to an operator, a location, and CDRs
        that ``account_ids`` pay or earn; in id order."""
        # Summed in Python, not SQL: SQLite would add NUMERIC columns as floats.
        query = reached_by(
            select(*(getattr(Cdr, name) for name in ReportLine._fields)).where(
                Cdr.tenant_id == tenant_id
            ),
            Cdr.tenant_id,
            seen,
            accounts=[Cdr.payer_account_id, Cdr.payee_account_id],
            operators=[Cdr.operator_id],
        )
        if start is not None:
            query = query.where(Cdr.ended_at >= start)
        if end is not None:
            query = query.where(Cdr.ended_at < end)
        if operator_id is not None:
            query = query.where(Cdr.operator_id == operator_id)
        if location_id is not None:
            query = query.where(Cdr.location_id == location_id)
        if account_ids is not None:
            query = query.where(
                or_(Cdr.payer_account_id.in_(account_ids), Cdr.payee_account_id.in_(account_ids))
            )
        rows = await self.session.execute(query.order_by(Cdr.id))
        return [ReportLine(*row) for row in rows.all()]

    async def operators(self, ids: Iterable[int]) -> Sequence[Operator]:
        rows = await self.session.scalars(select(Operator).where(Operator.id.in_(list(ids))))
        return rows.all()

    async def locations(self, ids: Iterable[int]) -> Sequence[Location]:
        rows = await self.session.scalars(select(Location).where(Location.id.in_(list(ids))))
        return rows.all()

    async def account_links(self, tenant_id: int) -> list[AccountLink]:
        rows = await self.session.execute(
            select(*(getattr(Account, name) for name in AccountLink._fields)).where(
                Account.tenant_id == tenant_id
            )
        )
        return [AccountLink(*row) for row in rows.all()]
