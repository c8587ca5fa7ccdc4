"""Statements, the service plans of connected accounts they settle (CA-3), the operators with
commission settings (OP-9), and the charging CDRs a period settles."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from csms.db.models import Account, Cdr, Operator, ServicePlan, Statement
from csms.db.repositories.paging import paginate, reached_by
from csms.domain.permissions import Visibility


class ChargingLine(NamedTuple):
    """The columns of one CDR that settlement reads."""

    kind: str
    operator_id: int | None
    payee_account_id: int | None
    energy_kwh: Decimal
    total_excl_vat: Decimal


class StatementRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    # --- statements -----------------------------------------------------------------------

    async def get(self, statement_id: int) -> Statement | None:
        return await self.session.get(Statement, statement_id)

    async def of_period(self, tenant_id: int, period: str) -> Sequence[Statement]:
        rows = await self.session.scalars(
            select(Statement).where(Statement.tenant_id == tenant_id, Statement.period == period)
        )
        return rows.all()

    def add(self, row: Statement | ServicePlan) -> None:
        self.session.add(row)

    async def flush(self) -> None:
        await self.session.flush()

    async def page(
        self,
        *,
        offset: int,
        limit: int,
        seen: Visibility,
        period: str | None = None,
        kind: str | None = None,
    ) -> tuple[Sequence[Statement], int]:
        """The statements whose subject the caller may read, newest period first."""
        query = reached_by(
            select(Statement),
            Statement.tenant_id,
            seen,
            accounts=[Statement.account_id],
            operators=[Statement.operator_id],
        )
        if period is not None:
            query = query.where(Statement.period == period)
        if kind is not None:
            query = query.where(Statement.kind == kind)
        return await paginate(
            self.session, query, Statement.period.desc(), Statement.id, offset=offset, limit=limit
        )

    # --- what a period settles ------------------------------------------------------------

    async def service_plan(self, account_id: int) -> ServicePlan | None:
        return await self.session.scalar(
            select(ServicePlan).where(ServicePlan.account_id == account_id)
        )

    async def delete_service_plan(self, plan: ServicePlan) -> None:
        await self.session.delete(plan)

    async def connected_plans(self, tenant_id: int) -> Sequence[ServicePlan]:
        """The service plans of the tenant's connected accounts."""
        rows = await self.session.scalars(
            select(ServicePlan)
            .join(Account, Account.id == ServicePlan.account_id)
            .where(ServicePlan.tenant_id == tenant_id, Account.kind == "connected")
            .order_by(ServicePlan.account_id)
        )
        return rows.all()

    async def commissioned_operators(self, tenant_id: int) -> Sequence[Operator]:
        """The tenant's operators with any commission setting."""
        rows = await self.session.scalars(
            select(Operator)
            .where(
                Operator.tenant_id == tenant_id,
                or_(
                    Operator.commission_pct.is_not(None),
                    Operator.commission_fixed_fee.is_not(None),
                    Operator.commission_per_kwh.is_not(None),
                ),
            )
            .order_by(Operator.id)
        )
        return rows.all()

    async def charging_lines(
        self, tenant_id: int, start: datetime, end: datetime
    ) -> list[ChargingLine]:
        """The tenant's charging CDRs that ended in [start, end)."""
        # Summed in Python, not SQL: SQLite would add NUMERIC columns as floats.
        rows = await self.session.execute(
            select(
                Cdr.kind, Cdr.operator_id, Cdr.payee_account_id, Cdr.energy_kwh, Cdr.total_excl_vat
            ).where(
                Cdr.tenant_id == tenant_id,
                Cdr.purpose == "charging",
                Cdr.ended_at >= start,
                Cdr.ended_at < end,
            )
        )
        return [ChargingLine(*row) for row in rows.all()]
