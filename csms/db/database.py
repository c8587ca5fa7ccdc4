"""The database handle: engine, one session per unit of work, migrations at start."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, TypeVar, overload

from sqlalchemy import Executable, event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

T = TypeVar("T")
Work = Callable[[AsyncSession], Awaitable[Any]]
StatementRows = tuple[Executable, list[dict[str, Any]]]  # a statement and its rows
BATCH_LIMIT = 500  # units of work per group commit: bounds a batch's latency and size


@dataclass(frozen=True, slots=True)
class _Unit:
    work: Work | None
    rows: tuple[StatementRows, ...]
    future: asyncio.Future[Any]


async def _apply(session: AsyncSession, units: Sequence[_Unit]) -> list[Any]:
    """Run the units' work in order, then each statement once with everyone's rows."""
    results = [await u.work(session) if u.work is not None else None for u in units]
    rows: dict[Executable, list[dict[str, Any]]] = {}
    for unit in units:
        for statement, values in unit.rows:
            rows.setdefault(statement, []).extend(values)
    for statement, values in rows.items():
        if values:
            await session.execute(statement, values)
    return results


def _settle(
    future: asyncio.Future[Any], result: Any = None, *, error: Exception | None = None
) -> None:
    if future.done():  # the caller went away (its station disconnected)
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)


class Database:
    """Owns the engine. ``write()`` is a unit of work that commits; ``read()`` never writes.

    SQLite allows one writer at a time; rather than let concurrent writers fight over the
    file lock (and time out under a storm), writes queue on an asyncio lock. PostgreSQL
    writes run concurrently from the pool.

    ``batched(work)`` is a group commit for the busiest messages (meter values, status,
    boot): units of work queued together share one transaction and one commit, and each
    caller returns only once its unit is on disk, so a station is never answered for less.
    """

    def __init__(self, url: str, *, sqlite_synchronous: str = "FULL", echo: bool = False):
        self.url = make_url(url)
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        # 20 kept connections, also on SQLite: there each one is a thread plus its pragmas,
        # and with the default 5 a busy fleet's concurrent reads opened and closed overflow
        # connections all the time (seen in a profile of a 6,000-station hold).
        kwargs: dict[str, Any] = {"echo": echo}
        if self.url.database not in (None, "", ":memory:"):
            kwargs.update(pool_size=20, max_overflow=20)
        if self.is_sqlite:
            kwargs["connect_args"] = {"timeout": 30}
        else:
            kwargs["pool_pre_ping"] = True
        self.engine: AsyncEngine = create_async_engine(self.url, **kwargs)
        if self.is_sqlite:
            _sqlite_pragmas(self.engine, sqlite_synchronous)
        self._sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self._write_lock = asyncio.Lock() if self.is_sqlite else None
        self.dialect: str = self.engine.dialect.name
        self._queued: list[_Unit] = []
        self._committer: asyncio.Task[None] | None = None

    @asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncSession]:
        """One unit of work: commits when the block ends, rolls back if it raises."""
        if self._write_lock is None:
            async with self._sessions() as session, session.begin():
                yield session
            return
        async with self._write_lock, self._sessions() as session, session.begin():
            yield session

    @overload
    async def batched(
        self, work: Callable[[AsyncSession], Awaitable[T]], *, rows: Sequence[StatementRows] = ()
    ) -> T: ...

    @overload
    async def batched(self, work: None = None, *, rows: Sequence[StatementRows] = ()) -> None: ...

    async def batched(
        self,
        work: Callable[[AsyncSession], Awaitable[T]] | None = None,
        *,
        rows: Sequence[StatementRows] = (),
    ) -> T | None:
        """Run ``work`` and queue ``rows`` (statement, rows) in a unit of work shared
        with the others queued at the same moment; returns ``work``'s result once the shared
        transaction committed. The rows of every unit for the same statement go in one
        executemany after the units' work. If the batch fails, each unit is run again on its
        own, so one bad unit fails alone."""
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._queued.append(_Unit(work, tuple(rows), future))
        if self._committer is None or self._committer.done():
            self._committer = asyncio.create_task(self._commit_queued())
        return await future

    async def _commit_queued(self) -> None:
        while self._queued:
            batch, self._queued = self._queued[:BATCH_LIMIT], self._queued[BATCH_LIMIT:]
            try:
                async with self.write() as session:
                    results = await _apply(session, batch)
            except Exception as error:
                if len(batch) == 1:
                    _settle(batch[0].future, error=error)
                    continue
                for unit in batch:
                    await self._run_alone(unit)
                continue
            for unit, result in zip(batch, results, strict=True):
                _settle(unit.future, result)

    async def _run_alone(self, unit: _Unit) -> None:
        try:
            async with self.write() as session:
                (result,) = await _apply(session, [unit])
        except Exception as error:
            _settle(unit.future, error=error)
        else:
            _settle(unit.future, result)

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        async with self._sessions() as session:
            yield session

    async def migrate(self) -> None:
        """Bring the schema to the latest Alembic revision."""
        from csms.db.migrate import upgrade

        async with self.engine.begin() as conn:
            await conn.run_sync(upgrade)

    async def close(self) -> None:
        if self._committer is not None:
            await asyncio.wait([self._committer])  # finish what was queued
        await self.engine.dispose()


def _sqlite_pragmas(engine: AsyncEngine, synchronous: str) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA synchronous={synchronous}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()
