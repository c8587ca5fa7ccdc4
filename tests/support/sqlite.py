"""SQLite databases for tests: one migrated template per process, a copy of it per test."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

from csms.db.database import Database


def migrated_template(path: Path) -> Path:
    """Apply every migration to a new SQLite file at ``path`` (outside any event loop)."""

    async def migrate() -> None:
        database = Database(f"sqlite+aiosqlite:///{path}")
        await database.migrate()
        await database.close()

    asyncio.run(migrate())
    return path


def migrated_sqlite(template: Path, tmp_path: Path) -> str:
    """The URL of a fresh copy of ``template`` in ``tmp_path``: the CSMS's own migrate finds
    it at head (0.04 s instead of about 0.5 s for every migration)."""
    shutil.copyfile(template, tmp_path / "csms.db")
    return f"sqlite+aiosqlite:///{tmp_path / 'csms.db'}"
