"""Migrations upgrade a database that already holds data, on both engines."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from csms.db.database import Database
from csms.db.migrate import alembic_config
from tests.support.postgres import fresh_database


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'old.db'}"
        return
    async with fresh_database() as fresh:
        yield fresh


async def test_upgrade_from_the_first_schema_keeps_stations_and_tokens(url: str) -> None:
    db = Database(url)
    try:
        async with db.engine.begin() as conn:
            await conn.run_sync(lambda c: command.upgrade(alembic_config(c), "0002"))
            await conn.execute(
                text(
                    "INSERT INTO stations (id, registration, security_profile, "
                    "created_at) VALUES ('OLD-1', 'Accepted', 1, CURRENT_TIMESTAMP)"
                )
            )
            await conn.execute(
                text(
                    "INSERT INTO id_tokens (value, type, status, allow_concurrent, "
                    "created_at) VALUES ('CARD', 'ISO14443', 'Accepted', false, "
                    "CURRENT_TIMESTAMP)"
                )
            )
        await db.migrate()
        async with db.engine.connect() as conn:
            station = (
                await conn.execute(
                    text("SELECT visible, tenant_id FROM stations WHERE id = 'OLD-1'")
                )
            ).one()
            token = (
                await conn.execute(
                    text("SELECT provider, account_id FROM id_tokens WHERE value = 'CARD'")
                )
            ).one()
        assert bool(station.visible) is True and station.tenant_id is None
        assert token.provider is None and token.account_id is None
    finally:
        await db.close()


async def test_every_migration_downgrades_and_upgrades_again(url: str) -> None:
    db = Database(url)
    try:
        async with db.engine.begin() as conn:
            await conn.run_sync(lambda c: command.upgrade(alembic_config(c), "head"))
        async with db.engine.begin() as conn:
            await conn.run_sync(lambda c: command.downgrade(alembic_config(c), "base"))
        await db.migrate()
    finally:
        await db.close()
