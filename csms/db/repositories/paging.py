"""Pages of a query, and the tenant/owner filter a listing applies for the caller."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeAlias

from sqlalchemy import Select, false, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from csms.domain.permissions import Visibility

# A query selecting any number of entities or columns: Select[Any] means exactly one.
AnySelect: TypeAlias = Select[*tuple[Any, ...]]


async def count(session: AsyncSession, query: AnySelect) -> int:
    return await session.scalar(select(func.count()).select_from(query.subquery())) or 0


async def paginate(
    session: AsyncSession, query: Select[Any], *order: Any, offset: int, limit: int
) -> tuple[Sequence[Any], int]:
    """One page of ``query`` in ``order``, and how many rows it has in all."""
    rows = await session.scalars(query.order_by(*order).offset(offset).limit(limit))
    return rows.all(), await count(session, query)


async def paginate_rows(
    session: AsyncSession, query: AnySelect, *order: Any, offset: int, limit: int
) -> tuple[list[tuple[Any, ...]], int]:
    """``paginate`` for queries selecting several entities per row."""
    rows = await session.execute(query.order_by(*order).offset(offset).limit(limit))
    return [tuple(row) for row in rows.all()], await count(session, query)


def like_pattern(text: str) -> str:
    """``text`` anywhere, its LIKE wildcards taken literally (use with ``escape="\\"``)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def owned_by(query: Select[Any], model: Any, seen: Visibility) -> Select[Any]:
    """Keep the rows of ``model`` (with tenant_id and account_id) the caller may list."""
    if seen.everything:
        return query
    query = query.where(model.tenant_id == seen.tenant_id)
    if seen.tenant_wide:
        return query
    return query.where(model.account_id.in_(seen.account_ids))


def reached_by(
    query: Select[Any],
    tenant: Any,
    seen: Visibility,
    *,
    accounts: Iterable[Any] = (),
    operators: Iterable[Any] = (),
) -> Select[Any]:
    """Keep the rows in the caller's tenant (column ``tenant``) that name one of its accounts
    in any of the ``accounts`` columns or one of its operators in any of ``operators``: the
    same grants as can(). Tenant staff keep the whole tenant."""
    if seen.everything:
        return query
    query = query.where(tenant == seen.tenant_id)
    if seen.tenant_wide:
        return query
    reach = []
    if seen.account_ids:
        reach += [column.in_(seen.account_ids) for column in accounts]
    if seen.operator_ids:
        reach += [column.in_(seen.operator_ids) for column in operators]
    return query.where(or_(*reach)) if reach else query.where(false())
