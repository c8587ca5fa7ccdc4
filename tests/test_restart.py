"""The CSMS is killed (SIGKILL) in the middle of a session and started again on the same
database: everything it acknowledged must still be there, the station reconnects without
rebooting, a message that was in flight when it died is sent again and stored once, and the
session ends with the right energy. Runs the CSMS as a real process, on SQLite and PostgreSQL."""

from __future__ import annotations

import signal
from collections.abc import AsyncIterator
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.support.bench import PASSWORD
from tests.support.postgres import fresh_database
from tests.support.process import CsmsProcess
from tests.support.rawstation import RawStation, energy_sample, ts

STATION = "CP-RESTART"
TOKEN = "RFID-RESTART"
METER_START = 1000
STEP_WH = 250
BEFORE_KILL = 3  # samples acknowledged by the first process
IN_FLIGHT = BEFORE_KILL + 1  # sent, then the process is killed before anyone reads the answer
LAST = BEFORE_KILL + 2  # sampled after the restart


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def engine_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'csms.db'}"
        return
    async with fresh_database() as url:
        yield url


@pytest.fixture
async def csms_process(engine_url: str, tmp_path: Path) -> AsyncIterator[CsmsProcess]:
    process = CsmsProcess(engine_url, tmp_path)
    try:
        yield process
    finally:
        await process.kill()


def instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def wh(n: int) -> int:
    return METER_START + n * STEP_WH


class Session16:
    version = "1.6"

    def __init__(self) -> None:
        self.transaction_id: int | None = None

    def boot(self) -> tuple[str, dict[str, Any]]:
        return "BootNotification", {"chargePointVendor": "Restart", "chargePointModel": "K-16"}

    async def start(self, station: RawStation) -> None:
        answer = await station.call(
            "StartTransaction",
            {
                "connectorId": 1,
                "idTag": TOKEN,
                "meterStart": METER_START,
                "timestamp": ts(0),
            },
        )
        assert answer["idTagInfo"]["status"] == "Accepted", answer
        self.transaction_id = answer["transactionId"]

    def sample(self, n: int) -> tuple[str, dict[str, Any]]:
        return "MeterValues", {
            "connectorId": 1,
            "transactionId": self.transaction_id,
            "meterValue": [energy_sample(wh(n), ts(60 * n), "Sample.Periodic", "1.6")],
        }

    def stop(self) -> tuple[str, dict[str, Any]]:
        return "StopTransaction", {
            "transactionId": self.transaction_id,
            "idTag": TOKEN,
            "meterStop": wh(LAST),
            "timestamp": ts(60 * (LAST + 1)),
            "reason": "EVDisconnected",
        }

    @staticmethod
    def stop_status(answer: dict[str, Any]) -> str:
        return answer["idTagInfo"]["status"]


class Session201:
    version = "2.0.1"
    ref = "TX-RESTART-201"

    def boot(self) -> tuple[str, dict[str, Any]]:
        return "BootNotification", {
            "reason": "PowerUp",
            "chargingStation": {"vendorName": "Restart", "model": "K-201"},
        }

    async def start(self, station: RawStation) -> None:
        answer = await station.call(
            "TransactionEvent",
            {
                "eventType": "Started",
                "timestamp": ts(0),
                "triggerReason": "Authorized",
                "seqNo": 0,
                "transactionInfo": {"transactionId": self.ref, "chargingState": "Charging"},
                "evse": {"id": 1, "connectorId": 1},
                "idToken": {"idToken": TOKEN, "type": "ISO14443"},
                "meterValue": [energy_sample(METER_START, ts(0), "Transaction.Begin", "2.0.1")],
            },
        )
        assert answer["idTokenInfo"]["status"] == "Accepted", answer

    def sample(self, n: int) -> tuple[str, dict[str, Any]]:
        return "TransactionEvent", {
            "eventType": "Updated",
            "timestamp": ts(60 * n),
            "triggerReason": "MeterValuePeriodic",
            "seqNo": n,
            "transactionInfo": {"transactionId": self.ref, "chargingState": "Charging"},
            "meterValue": [energy_sample(wh(n), ts(60 * n), "Sample.Periodic", "2.0.1")],
        }

    def stop(self) -> tuple[str, dict[str, Any]]:
        return "TransactionEvent", {
            "eventType": "Ended",
            "timestamp": ts(60 * (LAST + 1)),
            "triggerReason": "StopAuthorized",
            "seqNo": LAST + 1,
            "transactionInfo": {"transactionId": self.ref, "stoppedReason": "EVDisconnected"},
            "idToken": {"idToken": TOKEN, "type": "ISO14443"},
            "meterValue": [
                energy_sample(wh(LAST), ts(60 * (LAST + 1)), "Transaction.End", "2.0.1")
            ],
        }

    @staticmethod
    def stop_status(answer: dict[str, Any]) -> str:
        return answer["idTokenInfo"]["status"]


@pytest.mark.slow
@pytest.mark.timeout(120)
@pytest.mark.parametrize("session", [Session16(), Session201()], ids=["1.6", "2.0.1"])
async def test_a_session_survives_a_sigkill_of_the_csms(
    csms_process: CsmsProcess, session: Session16 | Session201
) -> None:
    csms = csms_process
    await csms.start()
    async with csms.api() as api:
        created = await api.post("/api/v1/stations", json={"id": STATION, "password": PASSWORD})
        assert created.status_code == 201, created.text
        created = await api.post("/api/v1/tokens", json={"value": TOKEN})
        assert created.status_code == 201, created.text

    station = RawStation(csms.ocpp_url, STATION, session.version, PASSWORD)
    await station.connect()
    try:
        action, payload = session.boot()
        assert (await station.call(action, payload))["status"] == "Accepted"
        await session.start(station)
        for n in range(1, BEFORE_KILL + 1):
            assert await station.call(*session.sample(n)) == {}
        in_flight = session.sample(IN_FLIGHT)
        await station.send_call(*in_flight)
        await csms.kill()
        assert csms.proc is not None
        assert csms.proc.returncode == -signal.SIGKILL
    finally:
        await station.close()

    await csms.start()
    # Reconnect without rebooting, as a station does when only its connection dropped; resend
    # the message whose answer never came, then carry on.
    station = RawStation(csms.ocpp_url, STATION, session.version, PASSWORD)
    await station.connect()
    try:
        assert await station.call(*in_flight) == {}
        assert await station.call(*session.sample(LAST)) == {}
        stopped = await station.call(*session.stop())
        assert session.stop_status(stopped) == "Accepted"
    finally:
        await station.close()

    async with csms.api() as api:
        listing = (await api.get("/api/v1/transactions", params={"station_id": STATION})).json()
        assert listing["total"] == 1, listing
        tx = listing["items"][0]
        detail = (await api.get(f"/api/v1/transactions/{tx['id']}")).json()
        boot = (await api.get(f"/api/v1/stations/{STATION}")).json()

    if isinstance(session, Session16):
        assert tx["id"] == session.transaction_id
    else:
        assert tx["ref"] == session.ref
        assert tx["last_seq_no"] == LAST + 1
    assert detail["ended_at"] is not None
    assert detail["stop_reason"] == "EVDisconnected"
    assert Decimal(detail["meter_start_wh"]) == METER_START
    assert Decimal(detail["meter_stop_wh"]) == wh(LAST)
    assert Decimal(detail["energy_wh"]) == LAST * STEP_WH
    # Every acknowledged sample, the one in flight at the kill and the one after it: once each.
    periodic = [
        (instant(m["timestamp"]), Decimal(m["value"]))
        for m in detail["meter_values"]
        if m["context"] == "Sample.Periodic"
    ]
    assert periodic == [(instant(ts(60 * n)), Decimal(wh(n))) for n in range(1, LAST + 1)]
    contexts = sorted(m["context"] for m in detail["meter_values"])
    extra = ["Transaction.Begin", "Transaction.End"] if session.version == "2.0.1" else []
    assert contexts == sorted(["Sample.Periodic"] * LAST + extra)
    assert boot["vendor"] == "Restart"  # the boot was stored before it was answered
