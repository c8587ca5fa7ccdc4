"""What keeps a storm of messages from queueing on the database, on a real SQLite file and
on the local PostgreSQL server: the group commit (units queued together share one commit,
every caller returns only after its unit is on disk, a bad unit fails alone) and the
station lookups of concurrent handshakes sharing a query."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, event, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from csms.db.database import Database
from csms.db.models import Station, Transaction
from csms.db.repositories.transactions import progress_rows
from csms.domain.credentials import hash_password, verify_password
from csms.services.clock import Clock
from csms.services.stations import StationService
from tests.support.postgres import both_engines  # noqa: F401  (db_url on both engines)

metadata = MetaData()
notes = Table(
    "group_commit_notes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("text", String(20), nullable=False, unique=True),
)


@pytest.fixture
async def db(db_url: str) -> AsyncIterator[Database]:
    database = Database(db_url)
    async with database.engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    yield database
    await database.close()


def _count_commits(db: Database) -> list[int]:
    commits: list[int] = []
    event.listen(db.engine.sync_engine, "commit", lambda _conn: commits.append(1))
    return commits


async def _texts(db: Database) -> list[str]:
    async with db.read() as session:
        return sorted((await session.scalars(select(notes.c.text))).all())


def _note(text: str) -> Any:
    async def work(session: AsyncSession) -> str:
        await session.execute(insert(notes).values(text=text))
        return text

    return work


async def test_units_queued_together_share_one_commit(db: Database) -> None:
    commits = _count_commits(db)
    results = await asyncio.gather(*(db.batched(_note(f"n{i}")) for i in range(50)))
    assert results == [f"n{i}" for i in range(50)]
    assert len(commits) == 1
    assert len(await _texts(db)) == 50


async def test_a_caller_returns_only_once_its_unit_is_committed(db: Database) -> None:
    await db.batched(_note("first"))
    # A fresh connection sees it: the answer to the station follows the commit.
    other = Database(str(db.url))
    try:
        async with other.read() as session:
            assert (await session.scalars(select(notes.c.text))).all() == ["first"]
    finally:
        await other.close()


async def test_a_bad_unit_fails_alone(db: Database) -> None:
    await db.batched(_note("taken"))
    units = [_note("a"), _note("taken"), _note("b")]  # the second breaks the unique key
    results = await asyncio.gather(*(db.batched(u) for u in units), return_exceptions=True)
    assert results[0] == "a" and results[2] == "b"
    assert isinstance(results[1], IntegrityError)
    assert await _texts(db) == ["a", "b", "taken"]


async def test_queued_rows_of_all_units_go_in_one_statement(db: Database) -> None:
    statements: list[str] = []
    event.listen(
        db.engine.sync_engine,
        "before_cursor_execute",
        lambda _c, _cur, sql, _params, _ctx, many: statements.append(sql) if many else None,
    )
    stmt = insert(notes)
    await asyncio.gather(
        *(db.batched(rows=[(stmt, [{"text": f"r{i}a"}, {"text": f"r{i}b"}])]) for i in range(10))
    )
    assert len(statements) == 1
    assert len(await _texts(db)) == 20


async def test_a_unit_queued_while_a_batch_commits_lands_in_the_next(db: Database) -> None:
    commits = _count_commits(db)

    async def slow(session: AsyncSession) -> str:
        await session.execute(insert(notes).values(text="slow"))
        late.append(asyncio.ensure_future(db.batched(_note("late"))))
        return "slow"

    late: list[asyncio.Future[str]] = []
    assert await db.batched(slow) == "slow"
    assert await late[0] == "late"
    assert len(commits) == 2
    assert await _texts(db) == ["late", "slow"]


async def test_handshakes_of_one_moment_share_one_station_query(db_url: str) -> None:
    """A reboot storm: thousands of handshakes look up their station at once. They share a
    query (one read each exhausted the connection pool and timed out), and each still gets
    its own answer, a wrong password refused."""
    database = Database(db_url)
    await database.migrate()
    try:
        async with database.write() as session:
            for i in range(600):
                session.add(
                    Station(
                        id=f"STORM-{i:04d}",
                        registration="Accepted",
                        password_hash=hash_password(f"station-password-{i:04d}", iterations=1000),
                    )
                )
        service = StationService(database, Clock())
        selects: list[str] = []
        event.listen(
            database.engine.sync_engine,
            "before_cursor_execute",
            lambda _c, _cur, sql, *_: selects.append(sql) if "FROM stations" in sql else None,
        )
        ids = [f"STORM-{i:04d}" for i in range(600)] + ["NOBODY"]
        found = await asyncio.gather(*(service.lookup(sid) for sid in ids))
        assert [s.station_id if s else None for s in found] == [*ids[:-1], None]
        assert len(selects) == 2  # 600 ids in chunks of 500
        checks = await asyncio.gather(
            service.check_password("STORM-0001", "station-password-0001"),
            service.check_password("STORM-0002", "station-password-0001"),
        )
        assert checks == [True, False]
    finally:
        await database.close()


async def test_a_station_retrying_during_its_password_check_joins_it(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a cold storm a station whose handshake timed out reconnects while its PBKDF2 check
    still runs; the retry waits for that check instead of queueing another. A different
    password is checked on its own."""
    database = Database(db_url)
    await database.migrate()
    try:
        async with database.write() as session:
            session.add(
                Station(
                    id="RETRY-1",
                    registration="Accepted",
                    password_hash=hash_password("station-password-0001", iterations=1000),
                )
            )
        checks: list[str] = []

        def counting(password: str, hashed: str) -> bool:
            checks.append(password)
            return verify_password(password, hashed)

        monkeypatch.setattr("csms.services.stations.verify_password", counting)
        service = StationService(database, Clock())
        results = await asyncio.gather(
            *(service.check_password("RETRY-1", "station-password-0001") for _ in range(5)),
            service.check_password("RETRY-1", "station-password-9999"),
        )
        assert results == [True] * 5 + [False]
        assert sorted(checks) == ["station-password-0001", "station-password-9999"]
    finally:
        await database.close()


async def test_session_updates_queued_as_rows_keep_the_highest_seq_no(db_url: str) -> None:
    """TransactionEvent Updated of a running session is an UPDATE row in the group commit,
    with no read first. Replayed or reordered events must not lower the sequence number,
    clear the offline flag, or blank the charging state; an event without them keeps them."""
    database = Database(db_url)
    await database.migrate()
    try:
        async with database.write() as session:
            session.add(Station(id="SEQ-1", registration="Accepted"))
            await session.flush()
            row = Transaction(
                ref="T-1",
                station_id="SEQ-1",
                evse_id=1,
                connector_id=1,
                started_at=datetime(2026, 11, 22, 8, tzinfo=UTC),
            )
            session.add(row)
        updates: list[tuple[int | None, bool, str | None]] = [
            (None, False, None),  # nothing said: nothing changes, last_seq_no stays NULL
            (3, False, "Charging"),
            (2, True, None),  # late: seqNo kept at 3; offline sticks; state kept
            (None, False, "SuspendedEV"),
            (5, False, None),
        ]
        seen = []
        for seq_no, offline, state in updates:
            rows = progress_rows(
                database.dialect, row.id, seq_no=seq_no, offline=offline, charging_state=state
            )
            await database.batched(rows=[rows])
            async with database.read() as session:
                got = await session.get(Transaction, row.id, populate_existing=True)
                assert got is not None
                seen.append((got.last_seq_no, got.offline, got.charging_state))
        assert seen == [
            (None, False, None),
            (3, False, "Charging"),
            (3, True, "Charging"),
            (3, True, "SuspendedEV"),
            (5, True, "SuspendedEV"),
        ]
    finally:
        await database.close()
