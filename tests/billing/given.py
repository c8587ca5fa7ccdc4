"""Billing test data: stations written straight to the database (setup only); CDRs come
from tests.support.cdrs."""

from __future__ import annotations

from typing import Any

from csms.db.database import Database
from csms.db.models import Station
from tests.support.cdrs import a_cdr

__all__ = ["a_cdr", "a_station"]


async def a_station(db: Database, tenant_id: int, station_id: str, **fields: Any) -> str:
    async with db.write() as session:
        session.add(Station(id=station_id, tenant_id=tenant_id, **fields))
    return station_id
