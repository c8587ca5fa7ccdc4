"""Money end to end, the way the product is used: tariffs and the home reimbursement set up
through the admin API, real sessions from `ocpp`-library stations (1.6 at a public charger,
2.0.1 at an employee's home charger), the monthly billing run, and the invoices read back
through the API to the cent, then reconciled against the CDRs (CA-4, CA-5, INV-4, CUS-3).

Worked numbers:
* STANDARD (operator default): ENERGY 0.30/kWh + FLAT 0.50, 21 % VAT.
  Alice 12.345 kWh: 4.2035 -> 4.20 excl., 5.086235 -> 5.09 incl.
  Alice 7.5 kWh: 2.75 excl., 3.3275 -> 3.33 incl.
* EMP-REIMB (the employer's reimbursement tariff on the home charger): 0.25/kWh, no VAT.
  The employee's own card, 20 kWh: 5.00 credited to the employee.
* EMP-OWN (the employee's regular tariff on the same charger): 0.40/kWh, 21 % VAT.
  The spouse's third-party card, 10 kWh: 4.00 excl., 4.84 incl., billed to the spouse.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from csms.domain.permissions import Role
from tests.cdrs.test_session_cost import STANDARD, Session
from tests.groups.network import V16, V201, a_card, a_location, a_station, boot, ok
from tests.support.bench import Bench
from tests.support.people import a_tenant, a_user, an_account

DECEMBER = datetime(2026, 12, 1, 8, tzinfo=UTC)


def energy(price: str, vat: str) -> list[dict[str, Any]]:
    component = {"type": "ENERGY", "price": price, "vat": vat, "step_size": 1}
    return [{"price_components": [component]}]


async def charge(bench: Bench, station: str, version: str, card: str, kwh: str, hour: int) -> None:
    """An hour's session starting ``hour`` hours after 10:00 UTC, from a zero register."""
    async with bench.station(station, version, register=False) as cp:
        await boot(cp, version)
        session = Session(cp, version, card, tx=f"{card}-{kwh}")
        await session.start(60 * hour, 0)
        await session.meter(60 * hour + 30, int(Decimal(kwh) * 500))
        await session.stop(60 * hour + 60, int(Decimal(kwh) * 1000))


async def test_sessions_through_ocpp_are_invoiced_to_the_cent(bench: Bench) -> None:
    tenant = await a_tenant(bench, "acme", timezone="Europe/Amsterdam", currency="EUR")
    admin = await a_user(bench, tenant, "admin@acme.test", Role.TENANT_ADMIN)
    employer = await an_account(bench, tenant, "employer", customer_type="company")
    employee = await an_account(
        bench,
        tenant,
        "employee",
        kind="sub_account",
        sub_account_type="employee",
        parent_account_id=employer,
        employer_id=employer,
        customer_type="employee",
    )
    alice = await an_account(bench, tenant, "alice")
    spouse = await an_account(bench, tenant, "spouse")
    for card, account in (("ALICE-1", alice), ("EMP-1", employee), ("SPOUSE-1", spouse)):
        await a_card(bench, tenant, card, account_id=account)
    alice_user = await a_user(
        bench, tenant, "alice@acme.test", (Role.DRIVER, alice, None), account_id=alice
    )

    async with admin.client(bench) as api:
        for body in (
            {"ref": "STANDARD", "elements": STANDARD},
            {
                "ref": "EMP-REIMB",
                "purpose": "reimbursement",
                "account_id": employer,
                "elements": energy("0.25", "0"),
            },
            {"ref": "EMP-OWN", "account_id": employee, "elements": energy("0.40", "21")},
        ):
            await ok(await api.post("/api/v1/tariffs", json={"currency": "EUR", **body}), 201)
        operator = await ok(
            await api.post("/api/v1/operators", json={"code": "MALL", "name": "Mall"}), 201
        )
        await ok(
            await api.put(f"/api/v1/operators/{operator['id']}/tariff", json={"tariff": "STANDARD"})
        )
        mall = await a_location(
            bench, tenant, "MALL", operator_id=operator["id"], timezone="Europe/Amsterdam"
        )
        home = await a_location(
            bench, tenant, "HOME", account_id=employee, timezone="Europe/Amsterdam"
        )
        await a_station(bench, tenant, "CP-MALL", location_id=mall)
        await a_station(bench, tenant, "CP-HOME", location_id=home, customer_id=employee)
        await ok(await api.put("/api/v1/stations/CP-HOME/tariff", json={"tariff": "EMP-OWN"}))
        await ok(
            await api.put(
                "/api/v1/stations/CP-HOME/home-reimbursement",
                json={
                    "employer_account_id": employer,
                    "employee_account_id": employee,
                    "tariff": "EMP-REIMB",
                },
            )
        )

        await charge(bench, "CP-MALL", V16, "ALICE-1", "12.345", hour=0)
        await charge(bench, "CP-MALL", V16, "ALICE-1", "7.5", hour=2)
        await charge(bench, "CP-HOME", V201, "EMP-1", "20", hour=0)
        await charge(bench, "CP-HOME", V201, "SPOUSE-1", "10", hour=2)

        bench.csms.services.clock.set(DECEMBER)
        await ok(await api.post("/api/v1/billing/runs", json={"period": "2026-11"}), 201)
        listed = await ok(await api.get("/api/v1/invoices", params={"period": "2026-11"}))
        by_account = {i["account_id"]: i for i in listed["items"]}
        details = {
            account: await ok(await api.get(f"/api/v1/invoices/{i['id']}"))
            for account, i in by_account.items()
        }
        report = await ok(
            await api.get("/api/v1/billing/reconciliation", params={"period": "2026-11"})
        )
        cdrs = await ok(await api.get("/api/v1/cdrs"))
        pdf = await api.get(f"/api/v1/invoices/{by_account[alice]['id']}/pdf")

    assert set(by_account) == {alice, spouse, employee}
    alices = details[alice]
    assert (alices["kind"], alices["status"]) == ("debit", "issued")
    assert [Decimal(line["amount_incl_vat"]) for line in alices["lines"]] == [
        Decimal("5.09"),
        Decimal("3.33"),
    ]
    assert Decimal(alices["total_excl_vat"]) == Decimal("6.95")
    assert Decimal(alices["total_incl_vat"]) == Decimal("8.42")
    spouses = details[spouse]
    assert (Decimal(spouses["total_excl_vat"]), Decimal(spouses["total_incl_vat"])) == (
        Decimal("4.00"),
        Decimal("4.84"),
    )
    credit = details[employee]
    assert (credit["kind"], credit["status"]) == ("credit", "issued")  # employee: automatic
    assert credit["number"].startswith("CRE-2026-")
    assert Decimal(credit["total_incl_vat"]) == Decimal("5.00")
    assert [line["kind"] for line in credit["lines"]] == ["reimbursement"]

    # Every CDR of the month is on exactly one line, with its own amounts.
    assert report["reconciled"] is True and report["unbilled"] == []
    cdr_total = sum(Decimal(c["total_incl_vat"]) for c in cdrs["items"])
    line_total = sum(
        Decimal(line["amount_incl_vat"])
        for invoice in details.values()
        for line in invoice["lines"]
        if line["cdr_id"] is not None
    )
    assert cdr_total == line_total == Decimal("18.26")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    # CUS-3: Alice lists her own invoices, with number, date, amount and status, and no one
    # else's.
    async with alice_user.client(bench) as as_alice:
        mine = await ok(await as_alice.get("/api/v1/invoices"))
        theirs = await as_alice.get(f"/api/v1/invoices/{by_account[spouse]['id']}")
    assert [i["id"] for i in mine["items"]] == [by_account[alice]["id"]]
    only = mine["items"][0]
    assert only["number"].startswith("INV-2026-") and only["issued_at"] and only["status"]
    assert theirs.status_code in (403, 404)


async def test_the_employee_cannot_touch_the_reimbursement_but_sets_their_own_tariff(
    bench: Bench,
) -> None:
    """CA-5 / CA-6 as the employee sees it, through the API with their own login."""
    tenant = await a_tenant(bench, "acme")
    employer = await an_account(bench, tenant, "employer", customer_type="company")
    employee = await an_account(
        bench, tenant, "employee", kind="sub_account", sub_account_type="employee",
        parent_account_id=employer, employer_id=employer,
    )  # fmt: skip
    boss = await a_user(bench, tenant, "boss@acme.test", (Role.ACCOUNT_ADMIN, employer, None))
    worker = await a_user(
        bench, tenant, "me@acme.test", (Role.ACCOUNT_ADMIN, employee, None), account_id=employee
    )
    await a_station(bench, tenant, "CP-HOME", customer_id=employee)
    setting = {
        "employer_account_id": employer,
        "employee_account_id": employee,
        "tariff": "EMP-REIMB",
    }
    async with boss.client(bench) as as_boss, worker.client(bench) as as_worker:
        await ok(
            await as_boss.post(
                "/api/v1/tariffs",
                json={
                    "ref": "EMP-REIMB",
                    "purpose": "reimbursement",
                    "account_id": employer,
                    "currency": "EUR",
                    "elements": energy("0.25", "0"),
                },
            ),
            201,
        )
        await ok(await as_boss.put("/api/v1/stations/CP-HOME/home-reimbursement", json=setting))
        await ok(
            await as_worker.post(
                "/api/v1/tariffs",
                json={
                    "ref": "MINE",
                    "account_id": employee,
                    "currency": "EUR",
                    "elements": energy("0.40", "21"),
                },
            ),
            201,
        )
        own = await as_worker.put("/api/v1/stations/CP-HOME/tariff", json={"tariff": "MINE"})
        change = await as_worker.put(
            "/api/v1/stations/CP-HOME/home-reimbursement", json={**setting, "tariff": "MINE"}
        )
        remove = await as_worker.delete("/api/v1/stations/CP-HOME/home-reimbursement")
        reprice = await as_worker.post(
            "/api/v1/tariffs/EMP-REIMB/versions", json={"elements": energy("0.01", "0")}
        )
        still = await ok(await as_boss.get("/api/v1/stations/CP-HOME/home-reimbursement"))

    assert own.status_code == 200, own.text
    assert change.status_code in (403, 404) and remove.status_code in (403, 404)
    assert reprice.status_code in (403, 404)
    assert still["tariff"] == "EMP-REIMB"
