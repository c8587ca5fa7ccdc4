"""A session priced as a charger and a driver see it: a real station over OCPP (1.6 and
2.0.1), a tariff set up through the admin API, the running cost told to a 2.0.1 station with
CostUpdated and the total in the answer to its Ended event, the CDR read back through the
API to the cent, and the operator's session settings (OP-10) applied.

Worked numbers of the standard tariff (ENERGY 0.30/kWh + FLAT 0.50, both at 21 % VAT):
12.345 kWh -> 3.7035 + 0.50 = 4.2035 excl. VAT -> 4.20; incl. 4.2035 * 1.21 = 5.086235 -> 5.09.
At 5 kWh the running cost is 2.00 excl., 2.42 incl.
"""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import Any

import httpx
import pytest
from ocpp.v16 import call as call16
from ocpp.v201 import call as call201

from csms.domain.permissions import Role
from tests.groups.network import V16, V201, a_card, a_location, a_station, boot, ok
from tests.support.bench import Bench
from tests.support.payloads import at, sampled, send, ts
from tests.support.people import Person, a_tenant, a_user, an_account

VERSIONS = pytest.mark.parametrize("version", [V16, V201])
STANDARD = [
    {
        "price_components": [
            {"type": "ENERGY", "price": "0.30", "vat": "21", "step_size": 1},
            {"type": "FLAT", "price": "0.50", "vat": "21", "step_size": 1},
        ]
    }
]


class Session:
    """One charging session in either version, at explicit station times (minutes after
    10:00 UTC on 2026-11-21)."""

    def __init__(self, cp: Any, version: str, tag: str, tx: str = "TX-1") -> None:
        self.cp, self.version, self.tag, self.tx = cp, version, tag, tx
        self.seq = 0

    def _next(self) -> int:
        self.seq += 1
        return self.seq - 1

    async def start(self, minute: float, wh: int) -> None:
        if self.version == V16:
            answer = await send(
                self.cp,
                call16.StartTransaction(
                    connector_id=1, id_tag=self.tag, meter_start=wh, timestamp=ts(minute)
                ),
            )
            self.tx = str(answer.transaction_id)
            return
        await send(
            self.cp,
            call201.TransactionEvent(
                event_type="Started",
                timestamp=ts(minute),
                trigger_reason="Authorized",
                seq_no=self._next(),
                transaction_info={"transactionId": self.tx},
                evse={"id": 1, "connectorId": 1},
                id_token={"idToken": self.tag, "type": "ISO14443"},
                meter_value=[{"timestamp": ts(minute), "sampledValue": [sampled(wh)]}],
            ),
        )

    async def meter(self, minute: float, wh: int, watts: int = 11000) -> None:
        if self.version == V16:
            values = [
                {"value": str(wh), "measurand": "Energy.Active.Import.Register", "unit": "Wh"},
                {"value": str(watts), "measurand": "Power.Active.Import", "unit": "W"},
            ]
            await send(
                self.cp,
                call16.MeterValues(
                    connector_id=1,
                    transaction_id=int(self.tx),
                    meter_value=[{"timestamp": ts(minute), "sampledValue": values}],
                ),
            )
            return
        await send(
            self.cp,
            call201.TransactionEvent(
                event_type="Updated",
                timestamp=ts(minute),
                trigger_reason="MeterValuePeriodic",
                seq_no=self._next(),
                transaction_info={"transactionId": self.tx, "chargingState": "Charging"},
                meter_value=[
                    {
                        "timestamp": ts(minute),
                        "sampledValue": [
                            sampled(wh),
                            sampled(watts, "Power.Active.Import", "W"),
                        ],
                    }
                ],
            ),
        )

    async def stop(self, minute: float, wh: int) -> Any:
        if self.version == V16:
            return await send(
                self.cp,
                call16.StopTransaction(
                    meter_stop=wh, timestamp=ts(minute), transaction_id=int(self.tx)
                ),
            )
        return await send(
            self.cp,
            call201.TransactionEvent(
                event_type="Ended",
                timestamp=ts(minute),
                trigger_reason="StopAuthorized",
                seq_no=self._next(),
                transaction_info={"transactionId": self.tx, "stoppedReason": "Local"},
                evse={"id": 1, "connectorId": 1},
                meter_value=[
                    {
                        "timestamp": ts(minute),
                        "sampledValue": [sampled(wh, context="Transaction.End")],
                    }
                ],
            ),
        )


async def a_priced_site(
    bench: Bench, station_id: str, *, operator: dict[str, Any] | None = None
) -> tuple[Person, int]:
    """Tenant ACME with the standard tariff as its operator's default, a location of that
    operator with ``station_id``, and Alice's card ALICE-1. Returns the admin client and
    Alice's account."""
    tenant = await a_tenant(bench, "acme", timezone="Europe/Amsterdam")
    person = await a_user(bench, tenant, "admin@acme.test", Role.TENANT_ADMIN)
    async with person.client(bench) as admin:
        alice = await _setup(bench, admin, tenant, station_id, operator or {})
    return person, alice


async def _setup(
    bench: Bench, admin: httpx.AsyncClient, tenant: int, station_id: str, operator: dict[str, Any]
) -> int:
    alice = await an_account(bench, tenant, "alice")
    await a_card(bench, tenant, "ALICE-1", account_id=alice)
    await ok(
        await admin.post(
            "/api/v1/tariffs",
            json={"ref": "STANDARD", "currency": "EUR", "elements": STANDARD},
        ),
        201,
    )
    op = await ok(
        await admin.post("/api/v1/operators", json={"code": "HOTEL", "name": "Hotel", **operator}),
        201,
    )
    await ok(await admin.put(f"/api/v1/operators/{op['id']}/tariff", json={"tariff": "STANDARD"}))
    location = await a_location(
        bench, tenant, "LOBBY", operator_id=op["id"], timezone="Europe/Amsterdam"
    )
    await a_station(bench, tenant, station_id, location_id=location)
    return alice


async def the_cdr(admin: httpx.AsyncClient, station_id: str) -> dict[str, Any]:
    page = await ok(await admin.get("/api/v1/cdrs", params={"station_id": station_id}))
    assert page["total"] == 1, page
    return await ok(await admin.get(f"/api/v1/cdrs/{page['items'][0]['id']}"))


async def eventually(check: Any, timeout: float = 5.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.02)


@VERSIONS
async def test_a_session_is_priced_to_the_cent_and_its_cdr_is_readable(
    bench: Bench, version: str
) -> None:
    person, alice = await a_priced_site(bench, "CP-1")
    async with person.client(bench) as admin, bench.station("CP-1", version, register=False) as cp:
        await boot(cp, version)
        session = Session(cp, version, "ALICE-1")
        await session.start(0, 0)
        await session.meter(30, 5000)
        answer = await session.stop(60, 12345)
        cdr = await the_cdr(admin, "CP-1")
        transaction = await ok(await admin.get(f"/api/v1/transactions/{cdr['transaction_id']}"))

    assert Decimal(cdr["total_excl_vat"]) == Decimal("4.20")
    assert Decimal(cdr["total_incl_vat"]) == Decimal("5.09")
    assert Decimal(cdr["total_vat"]) == Decimal("0.89")
    assert Decimal(cdr["energy_kwh"]) == Decimal("12.345")
    assert (cdr["tariff_ref"], cdr["tariff_version"], cdr["tariff_source"]) == (
        "STANDARD",
        1,
        "operator",
    )
    assert cdr["payer_account_id"] == alice and cdr["kind"] == "debit"
    assert cdr["timezone"] == "Europe/Amsterdam"
    assert {d["type"] for d in cdr["dimensions"]} >= {"ENERGY", "FLAT"}
    assert Decimal(transaction["running_cost"]) == Decimal("5.09")
    if version == V201:
        assert answer.total_cost == pytest.approx(5.09)
        costs = [p["total_cost"] for action, p in cp.received if action == "CostUpdated"]
        assert costs == [pytest.approx(2.42)]


@VERSIONS
async def test_the_csms_stops_a_session_that_reaches_the_monetary_limit(
    bench: Bench, version: str
) -> None:
    await a_priced_site(bench, "CP-1", operator={"monetary_session_limit": "2.00"})
    stop = "RemoteStopTransaction" if version == V16 else "RequestStopTransaction"
    async with bench.station("CP-1", version, register=False) as cp:
        await boot(cp, version)
        session = Session(cp, version, "ALICE-1")
        await session.start(0, 0)
        await session.meter(10, 1000)  # 0.80 excl., 0.97 incl.: below the limit
        await asyncio.sleep(0.2)
        assert not [a for a, _ in cp.received if a == stop]
        await session.meter(30, 5000)  # 2.42 incl.: the limit is reached
        await eventually(lambda: any(a == stop for a, _ in cp.received))
        await session.meter(31, 5100)  # still charging: asked once, not again
        await asyncio.sleep(0.2)

    stops = [p for a, p in cp.received if a == stop]
    assert len(stops) == 1
    assert str(stops[0]["transaction_id"]) == session.tx


async def stored_registers(
    admin: httpx.AsyncClient, station_id: str
) -> tuple[dict[str, Any], list[Decimal]]:
    """The CDR of the station's one session and the energy registers stored for it."""
    cdr = await the_cdr(admin, station_id)
    detail = await ok(await admin.get(f"/api/v1/transactions/{cdr['transaction_id']}"))
    return cdr, [
        Decimal(v["value"])
        for v in detail["meter_values"]
        if v["measurand"] == "Energy.Active.Import.Register"
    ]


async def test_samples_closer_than_the_energy_step_delta_are_not_stored(bench: Bench) -> None:
    person, _ = await a_priced_site(bench, "CP-1", operator={"energy_step_delta_wh": "500"})
    async with person.client(bench) as admin, bench.station("CP-1", V201, register=False) as cp:
        await boot(cp, V201)
        session = Session(cp, V201, "ALICE-1")
        await session.start(0, 0)
        for minute, wh in ((1, 100), (2, 300), (3, 600), (4, 700), (5, 1200)):
            await session.meter(minute, wh)
        await session.stop(6, 1250)
        cdr, registers = await stored_registers(admin, "CP-1")

    # 100 and 300 are within 500 Wh of 0, 700 within 500 of 600; the end is always kept.
    assert registers == [0, 600, 1200, 1250]
    assert Decimal(cdr["energy_kwh"]) == Decimal("1.25")


async def test_an_energy_step_delta_set_mid_session_applies_to_the_next_sample(
    bench: Bench,
) -> None:
    """The CSMS keeps each station's operator settings in memory between meter values; an
    admin change must reach the next sample, not the next expiry of that memory."""
    person, _ = await a_priced_site(bench, "CP-1")
    async with person.client(bench) as admin, bench.station("CP-1", V201, register=False) as cp:
        await boot(cp, V201)
        session = Session(cp, V201, "ALICE-1")
        await session.start(0, 0)
        await session.meter(1, 100)  # no delta yet: stored
        operator = await ok(await admin.get("/api/v1/operators/by-code/HOTEL"))
        await ok(
            await admin.patch(
                f"/api/v1/operators/{operator['id']}", json={"energy_step_delta_wh": "500"}
            )
        )
        await session.meter(2, 300)  # within 500 Wh of 100: dropped
        await session.meter(3, 700)
        await session.stop(4, 750)
        _, registers = await stored_registers(admin, "CP-1")

    assert registers == [0, 100, 700, 750]


async def test_a_session_without_meter_progress_stops_being_tracked_as_active(
    bench: Bench,
) -> None:
    person, _ = await a_priced_site(bench, "CP-1", operator={"idle_timeout_minutes": 15})
    async with person.client(bench) as admin, bench.station("CP-1", V201, register=False) as cp:
        await boot(cp, V201)
        session = Session(cp, V201, "ALICE-1")
        await session.start(0, 0)
        await session.meter(5, 2000)
        bench.csms.services.clock.set(at(15))  # 10 minutes after the last progress
        assert await bench.csms.services.transactions.sweep_idle() == 0
        active = await ok(await admin.get("/api/v1/transactions", params={"active": True}))
        assert active["total"] == 1
        bench.csms.services.clock.set(at(21))  # 16 minutes
        assert await bench.csms.services.transactions.sweep_idle() == 1
        active = await ok(await admin.get("/api/v1/transactions", params={"active": True}))
        idle = await ok(await admin.get("/api/v1/transactions", params={"active": False}))
        await session.meter(22, 2500)  # progress again: tracked again
        again = await ok(await admin.get("/api/v1/transactions", params={"active": True}))

    assert active["total"] == 0
    assert idle["items"][0]["idle_at"] is not None
    assert again["total"] == 1


async def test_a_session_keeps_the_tariff_version_valid_at_its_start(bench: Bench) -> None:
    person, _ = await a_priced_site(bench, "CP-1")
    async with person.client(bench) as admin, bench.station("CP-1", V201, register=False) as cp:
        await boot(cp, V201)
        session = Session(cp, V201, "ALICE-1")
        await session.start(0, 0)
        dearer = [
            {"price_components": [{"type": "ENERGY", "price": "0.60", "vat": "21", "step_size": 1}]}
        ]
        await ok(
            await admin.post(
                "/api/v1/tariffs/STANDARD/versions",
                json={"elements": dearer, "valid_from": at(30).isoformat()},
            ),
            201,
        )
        await session.meter(45, 5000)
        await session.stop(60, 12345)
        later = Session(cp, V201, "ALICE-1", tx="TX-2")
        await later.start(61, 12345)
        await later.stop(90, 22345)
        cdrs = await ok(await admin.get("/api/v1/cdrs", params={"station_id": "CP-1"}))

    first, second = sorted(cdrs["items"], key=lambda c: c["started_at"])
    assert (first["tariff_version"], Decimal(first["total_excl_vat"])) == (1, Decimal("4.20"))
    assert (second["tariff_version"], Decimal(second["total_excl_vat"])) == (2, Decimal("6.00"))


async def test_a_correction_credits_the_cdr_and_issues_a_new_one(bench: Bench) -> None:
    person, _ = await a_priced_site(bench, "CP-1")
    cheap = [
        {"price_components": [{"type": "ENERGY", "price": "0.10", "vat": "21", "step_size": 1}]}
    ]
    async with person.client(bench) as admin, bench.station("CP-1", V16, register=False) as cp:
        await boot(cp, V16)
        session = Session(cp, V16, "ALICE-1")
        await session.start(0, 0)
        await session.stop(60, 10000)
        original = await the_cdr(admin, "CP-1")
        await ok(
            await admin.post(
                "/api/v1/tariffs", json={"ref": "GOODWILL", "currency": "EUR", "elements": cheap}
            ),
            201,
        )
        credit, new = await ok(
            await admin.post(
                f"/api/v1/cdrs/{original['id']}/corrections",
                json={"reason": "goodwill", "tariff": "GOODWILL"},
            ),
            201,
        )
        unknown = await admin.post(
            f"/api/v1/cdrs/{original['id']}/corrections",
            json={"reason": "typo", "tariff": "NO-SUCH"},
        )
        again = await ok(await admin.get(f"/api/v1/cdrs/{original['id']}"))

    assert Decimal(original["total_excl_vat"]) == Decimal("3.50")
    assert (credit["kind"], credit["corrects_id"]) == ("credit", original["id"])
    assert Decimal(credit["total_excl_vat"]) == Decimal("-3.50")
    assert (new["kind"], new["tariff_ref"], Decimal(new["total_excl_vat"])) == (
        "debit",
        "GOODWILL",
        Decimal("1.00"),
    )
    assert unknown.status_code == 422 and "NO-SUCH" in unknown.json()["detail"]
    assert again == original  # never edited
