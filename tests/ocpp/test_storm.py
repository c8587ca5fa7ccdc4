"""A storm: a few hundred stations boot, start, meter and stop at the same moment, on SQLite and
on PostgreSQL. Every CALL must be answered (no CALLERROR, no timeout), every start must get its
own transaction, and afterwards the database must hold exactly what was acknowledged."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from csms.db.models import MeterValueRow, Station
from tests.support.bench import PASSWORD, Bench, running_bench
from tests.support.rawstation import RawStation, energy_sample, ts

STATIONS = 300  # half OCPP 1.6, half OCPP 2.0.1
SAMPLES = 3  # meter samples sent per session after its start
METER_START = 1000
STEP_WH = 250
REGISTER_CONCURRENCY = 8  # the API hashes each password with PBKDF2 on a thread


class Session:
    """What one storm station sends, and what it was told."""

    def __init__(self, station: RawStation):
        self.station = station
        self.token = f"TAG-{station.station_id}"
        self.ref = f"TX-{station.station_id}"  # the 2.0.1 transactionId
        self.transaction_id: int | str | None = None

    @property
    def name(self) -> str:
        return self.station.station_id

    @property
    def v16(self) -> bool:
        return self.station.version == "1.6"

    @property
    def expected_samples(self) -> int:
        # 2.0.1 carries the start register in its Started event; 1.6 sends meterStart instead.
        return SAMPLES if self.v16 else SAMPLES + 1

    @property
    def stop_wh(self) -> int:
        return METER_START + SAMPLES * STEP_WH

    def boot(self) -> tuple[str, dict[str, Any]]:
        if self.v16:
            return "BootNotification", {"chargePointVendor": "Storm", "chargePointModel": "S-16"}
        return "BootNotification", {
            "reason": "PowerUp",
            "chargingStation": {"vendorName": "Storm", "model": "S-201"},
        }

    def start(self) -> tuple[str, dict[str, Any]]:
        if self.v16:
            return "StartTransaction", {
                "connectorId": 1,
                "idTag": self.token,
                "meterStart": METER_START,
                "timestamp": ts(0),
            }
        return "TransactionEvent", {
            "eventType": "Started",
            "timestamp": ts(0),
            "triggerReason": "Authorized",
            "seqNo": 0,
            "transactionInfo": {"transactionId": self.ref, "chargingState": "Charging"},
            "evse": {"id": 1, "connectorId": 1},
            "idToken": {"idToken": self.token, "type": "ISO14443"},
            "meterValue": [energy_sample(METER_START, ts(0), "Transaction.Begin", "2.0.1")],
        }

    def meter(self, n: int) -> tuple[str, dict[str, Any]]:
        wh, at = METER_START + n * STEP_WH, ts(60 * n)
        if self.v16:
            return "MeterValues", {
                "connectorId": 1,
                "transactionId": self.transaction_id,
                "meterValue": [energy_sample(wh, at, "Sample.Periodic", "1.6")],
            }
        return "TransactionEvent", {
            "eventType": "Updated",
            "timestamp": at,
            "triggerReason": "MeterValuePeriodic",
            "seqNo": n,
            "transactionInfo": {"transactionId": self.ref, "chargingState": "Charging"},
            "meterValue": [energy_sample(wh, at, "Sample.Periodic", "2.0.1")],
        }

    def stop(self) -> tuple[str, dict[str, Any]]:
        at = ts(60 * (SAMPLES + 1))
        if self.v16:
            return "StopTransaction", {
                "transactionId": self.transaction_id,
                "idTag": self.token,
                "meterStop": self.stop_wh,
                "timestamp": at,
                "reason": "EVDisconnected",
            }
        # No register in Ended: the CSMS must take the last stored one.
        return "TransactionEvent", {
            "eventType": "Ended",
            "timestamp": at,
            "triggerReason": "StopAuthorized",
            "seqNo": SAMPLES + 1,
            "transactionInfo": {"transactionId": self.ref, "stoppedReason": "EVDisconnected"},
            "idToken": {"idToken": self.token, "type": "ISO14443"},
        }

    def token_status(self, answer: dict[str, Any]) -> str | None:
        info = answer.get("idTagInfo" if self.v16 else "idTokenInfo") or {}
        return info.get("status")


async def bounded(limit: int, jobs: Sequence[Callable[[], Awaitable[Any]]]) -> list[Any]:
    gate = asyncio.Semaphore(limit)

    async def run(job: Callable[[], Awaitable[Any]]) -> Any:
        async with gate:
            return await job()

    return await asyncio.gather(*(run(j) for j in jobs))


async def burst(
    sessions: Sequence[Session], message: Callable[[Session], tuple[str, dict[str, Any]]]
) -> list[dict[str, Any]]:
    """Every session sends its message at the same moment: each task builds its frame, then
    waits at a barrier that opens when the last one is ready. Fails on any CALLERROR,
    timeout or dropped connection, naming how many and the first few."""
    go = asyncio.Event()
    waiting = 0

    async def one(session: Session) -> dict[str, Any]:
        nonlocal waiting
        action, payload = message(session)
        waiting += 1
        if waiting == len(sessions):
            go.set()
        await go.wait()
        return await session.station.call(action, payload, timeout=60)

    results = await asyncio.gather(*(one(s) for s in sessions), return_exceptions=True)
    failures = [
        (s.station.station_id, r)
        for s, r in zip(sessions, results, strict=True)
        if isinstance(r, BaseException)
    ]
    assert not failures, f"{len(failures)} of {len(sessions)} calls failed, e.g. {failures[:5]!r}"
    return results  # type: ignore[return-value]  # no exceptions: asserted above


@pytest.mark.slow
@pytest.mark.timeout(240)
async def test_storm_of_simultaneous_sessions_loses_nothing(db_url: str) -> None:
    timings: dict[str, float] = {}

    def lap(name: str, since: float) -> float:
        now = time.perf_counter()
        timings[name] = round(now - since, 2)
        return now

    async with running_bench(db_url) as bench:
        t = time.perf_counter()
        ids = [f"STORM-{n:03d}" for n in range(STATIONS)]
        await register_all(bench, ids)
        t = lap("register", t)

        sessions = [
            Session(RawStation(bench.ocpp_url, sid, "1.6" if n % 2 == 0 else "2.0.1", PASSWORD))
            for n, sid in enumerate(ids)
        ]
        try:
            await asyncio.gather(*(s.station.connect(open_timeout=60) for s in sessions))
            t = lap("connect", t)

            boots = await burst(sessions, Session.boot)
            t = lap("boot", t)
            assert [b.get("status") for b in boots] == ["Accepted"] * STATIONS

            starts = await burst(sessions, Session.start)
            t = lap("start", t)
            for session, answer in zip(sessions, starts, strict=True):
                assert session.token_status(answer) == "Accepted", (session.name, answer)
                if session.v16:
                    session.transaction_id = answer["transactionId"]
            ids_16 = [s.transaction_id for s in sessions if s.v16]
            assert all(isinstance(i, int) for i in ids_16)
            assert len(set(ids_16)) == len(ids_16), "two starts got the same transactionId"

            for n in range(1, SAMPLES + 1):
                answers = await burst(sessions, lambda s, n=n: s.meter(n))
                assert answers == [{}] * STATIONS
            t = lap("meter", t)

            stops = await burst(sessions, Session.stop)
            t = lap("stop", t)
            for session, answer in zip(sessions, stops, strict=True):
                assert session.token_status(answer) == "Accepted", (session.name, answer)
        finally:
            await asyncio.gather(*(s.station.close() for s in sessions), return_exceptions=True)

        await check_stored(bench, sessions)
        lap("check", t)
    print(f"storm timings ({bench.csms.db.url.get_backend_name()}): {timings}")


async def register_all(bench: Bench, ids: Sequence[str]) -> None:
    jobs = [lambda sid=sid: bench.register(sid) for sid in ids]
    jobs += [lambda sid=sid: bench.add_token(f"TAG-{sid}") for sid in ids]
    await bounded(REGISTER_CONCURRENCY, jobs)


async def check_stored(bench: Bench, sessions: Sequence[Session]) -> None:
    listing = (await bench.api.get("/api/v1/transactions", params={"limit": 500})).json()
    assert listing["total"] == STATIONS
    by_station = {tx["station_id"]: tx for tx in listing["items"]}
    assert len(by_station) == STATIONS, "a station has more than one transaction"
    assert len({tx["id"] for tx in listing["items"]}) == STATIONS
    for session in sessions:
        tx = by_station[session.station.station_id]
        if session.v16:
            assert tx["id"] == session.transaction_id
            assert tx["ref"] == str(session.transaction_id)
        else:
            assert tx["ref"] == session.ref
        assert tx["ended_at"] is not None, tx
        assert tx["stop_reason"] == "EVDisconnected"
        assert tx["token_status"] == "Accepted"
        assert Decimal(tx["meter_start_wh"]) == METER_START, tx
        assert Decimal(tx["meter_stop_wh"]) == session.stop_wh, tx
        assert Decimal(tx["energy_wh"]) == SAMPLES * STEP_WH, tx

    async with bench.csms.db.read() as db:
        counts = select(MeterValueRow.transaction_id, func.count())
        per_tx = dict((await db.execute(counts.group_by(MeterValueRow.transaction_id))).all())
        booted = await db.scalar(select(func.count()).where(Station.last_boot_at.is_not(None)))
    assert None not in per_tx, f"{per_tx[None]} meter values are not linked to their transaction"
    expected = {by_station[s.station.station_id]["id"]: s.expected_samples for s in sessions}
    assert per_tx == expected
    assert sum(per_tx.values()) == sum(s.expected_samples for s in sessions)
    assert booted == STATIONS
