"""UPDATE and DELETE statements that answer how many rows they changed."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, Delete, Update
from sqlalchemy.ext.asyncio import AsyncSession


async def rows_changed(session: AsyncSession, statement: Update | Delete) -> int:
    """Run ``statement`` and answer how many rows it matched."""
    # An UPDATE or DELETE always yields a CursorResult; execute() is typed as the wider Result.
    result = cast(CursorResult[Any], await session.execute(statement))
    return result.rowcount
