"""TariffRepository: the version valid at a session's start, one version, existence."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from csms.db.database import Database
from csms.db.models import Tenant
from csms.db.models.billing import TariffRow
from csms.db.repositories.tariffs import TariffRepository

JAN, JUL = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 7, 1, tzinfo=UTC)


@pytest.fixture
async def db(db_url: str) -> AsyncIterator[Database]:
    database = Database(db_url)
    await database.migrate()
    yield database
    await database.close()


def version(
    tenant_id: int, n: int, price: str, start: datetime | None, end: datetime | None
) -> TariffRow:
    return TariffRow(
        tenant_id=tenant_id,
        ref="public",
        version=n,
        currency="EUR",
        elements=[{"price_components": [{"type": "ENERGY", "price": price, "step_size": 1}]}],
        valid_from=start,
        valid_until=end,
    )


async def test_the_version_valid_at_a_session_start(db: Database) -> None:
    async with db.write() as session:
        tenant = Tenant(slug="acme", name="Acme")
        session.add(tenant)
        await session.flush()
        tid = tenant.id
        session.add_all([version(tid, 1, "0.30", JAN, JUL), version(tid, 2, "0.40", JUL, None)])
    async with db.read() as session:
        repo = TariffRepository(session)
        before = await repo.version_at(tid, "public", datetime(2025, 12, 31, tzinfo=UTC))
        first = await repo.version_at(tid, "public", datetime(2026, 6, 30, 23, 59, tzinfo=UTC))
        second = await repo.version_at(tid, "public", JUL)
        unknown = await repo.version_at(tid, "other", JUL)
        v1 = await repo.get_version(tid, "public", 1)
        v3 = await repo.get_version(tid, "public", 3)
        found, missing = await repo.exists(tid, "public"), await repo.exists(tid, "nope")
        other_tenant = await repo.exists(tid + 1, "public")
        versions = [r.version for r in await repo.versions(tid, "public")]
    assert before is None and unknown is None and v3 is None
    assert first is not None and first.version == 1
    assert second is not None and second.version == 2
    assert second.elements[0].price_components[0].price == Decimal("0.40")
    assert v1 is not None and (v1.valid_from, v1.valid_until) == (JAN, JUL)
    assert (found, missing, other_tenant) == (True, False, False)
    assert versions == [1, 2]
