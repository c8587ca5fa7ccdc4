"""Tariffs through the admin API over real HTTP: create, version, quote, assign, and the
home reimbursement that stays under the employer's control (CA-4, CA-5, CA-6)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import httpx

from csms.db.models import Location, Operator, Station
from csms.domain.permissions import Role
from tests.groups.network import a_location, a_station, an_operator
from tests.support.bench import Bench
from tests.support.people import Person, a_tenant, a_user, an_account

TARIFFS = "/api/v1/tariffs"
DAY_NIGHT = [
    {
        "price_components": [{"type": "ENERGY", "price": "0.30", "vat": "21", "step_size": 1}],
        "restrictions": {"start_time": "07:00", "end_time": "23:00"},
    },
    {"price_components": [{"type": "ENERGY", "price": "0.20", "vat": "21", "step_size": 1}]},
    {"price_components": [{"type": "PARKING_TIME", "price": "6.00", "vat": "21", "step_size": 60}]},
]


async def ok(response: httpx.Response, code: int = 200) -> Any:
    assert response.status_code == code, f"{response.status_code}: {response.text}"
    return response.json() if response.content else None


@dataclass
class Acme:
    """A tenant with an employer, its employee (with a home charger) and their admins."""

    id: int
    admin: Person
    employer: int
    employee: int
    employer_admin: Person
    employee_admin: Person
    operator_id: int
    location_id: int
    home_station: str = "HOME-1"


async def acme(bench: Bench) -> Acme:
    tenant = await a_tenant(bench, "acme", timezone="Europe/Amsterdam")
    admin = await a_user(bench, tenant, "admin@acme.test", Role.TENANT_ADMIN)
    employer = await an_account(bench, tenant, "employer", customer_type="company")
    employee = await an_account(
        bench, tenant, "employee", customer_type="employee", employer_id=employer
    )
    employer_admin = await a_user(
        bench, tenant, "boss@acme.test", (Role.ACCOUNT_ADMIN, employer, None), account_id=employer
    )
    # CA-5: the employee acts from an account of their own, where they are the admin.
    employee_admin = await a_user(
        bench, tenant, "emp@acme.test", (Role.ACCOUNT_ADMIN, employee, None), account_id=employee
    )
    operator_id = await an_operator(bench, tenant, "ACME-OP")
    location_id = await a_location(bench, tenant, "hq", operator_id=operator_id)
    home = await a_location(bench, tenant, "home", account_id=employee)
    await a_station(bench, tenant, "HOME-1", location_id=home, customer_id=employee)
    return Acme(
        tenant,
        admin,
        employer,
        employee,
        employer_admin,
        employee_admin,
        operator_id,
        location_id,
    )


def tariff_body(ref: str, elements: list[dict[str, Any]] | None = None, **fields: Any) -> dict:
    return {"ref": ref, "name": ref.title(), "elements": elements or DAY_NIGHT, **fields}


async def test_a_tariff_is_created_read_listed_and_its_ref_is_unique(bench: Bench) -> None:
    a = await acme(bench)
    async with a.admin.client(bench) as admin:
        created = await ok(
            await admin.post(
                TARIFFS,
                json=tariff_body("public", min_price={"excl_vat": 1, "incl_vat": "1.21"}),
            ),
            201,
        )
        detail = await ok(await admin.get(f"{TARIFFS}/public"))
        listed = await ok(await admin.get(TARIFFS))
        again = await admin.post(TARIFFS, json=tariff_body("public"))
    assert (created["ref"], created["version"], created["purpose"]) == ("public", 1, "charging")
    assert created["currency"] == "EUR" and created["account_id"] is None
    assert created["elements"][0]["price_components"][0] == {
        "type": "ENERGY",
        "price": "0.30",
        "vat": "21",
        "step_size": 1,
    }
    assert created["min_price"] == {"excl_vat": "1", "incl_vat": "1.21"}
    assert created["valid_from"] is None and created["valid_until"] is None
    assert detail["version"] == 1 and [v["version"] for v in detail["versions"]] == [1]
    assert [t["ref"] for t in listed["items"]] == ["public"] and listed["total"] == 1
    assert again.status_code == 409


async def test_bad_element_json_is_refused_with_its_path(bench: Bench) -> None:
    a = await acme(bench)
    elements = [
        DAY_NIGHT[0],
        {"price_components": [{"type": "ENERGY", "price": "-0.10", "step_size": 1}]},
    ]
    async with a.admin.client(bench) as admin:
        refused = await admin.post(TARIFFS, json=tariff_body("bad", elements))
        gone = await admin.get(f"{TARIFFS}/bad")
    assert refused.status_code == 422
    assert refused.json()["detail"] == "elements[1].price_components[0].price: must be >= 0"
    assert gone.status_code == 404


async def test_a_new_version_ends_the_current_one_and_quotes_follow_the_session_start(
    bench: Bench,
) -> None:
    a = await acme(bench)
    raised = [{"price_components": [{"type": "ENERGY", "price": "0.40", "step_size": 1}]}]
    async with a.admin.client(bench) as admin:
        await ok(
            await admin.post(
                TARIFFS, json=tariff_body("public", valid_from="2026-01-01T00:00:00Z")
            ),
            201,
        )
        v2 = await ok(
            await admin.post(
                f"{TARIFFS}/public/versions",
                json={"elements": raised, "valid_from": "2026-07-01T00:00:00+02:00"},
            ),
            201,
        )
        too_early = await admin.post(
            f"{TARIFFS}/public/versions",
            json={"elements": raised, "valid_from": "2026-06-30T22:00:00Z"},
        )
        v1 = await ok(await admin.get(f"{TARIFFS}/public/versions/1"))
        detail = await ok(await admin.get(f"{TARIFFS}/public"))
        missing = await admin.get(f"{TARIFFS}/public/versions/3")

        async def total(start: str) -> tuple[int, str]:
            body = {"start": start, "energy_kwh": "10", "duration_minutes": 60}
            q = await ok(await admin.post(f"{TARIFFS}/public/quote", json=body))
            return q["version"], q["total_excl_vat"]

        before, after = await total("2026-06-30T12:00:00Z"), await total("2026-07-01T12:00:00Z")
        not_yet = await admin.post(
            f"{TARIFFS}/public/quote",
            json={"start": "2025-01-01T12:00:00Z", "energy_kwh": "1", "duration_minutes": 1},
        )
    assert (v2["version"], v2["valid_from"], v2["valid_until"]) == (
        2,
        "2026-06-30T22:00:00Z",
        None,
    )
    assert v2["name"] == "Public" and v2["currency"] == "EUR"
    assert too_early.status_code == 422
    assert (v1["valid_from"], v1["valid_until"]) == ("2026-01-01T00:00:00Z", "2026-06-30T22:00:00Z")
    assert v1["elements"][0]["price_components"][0]["price"] == "0.30"
    assert detail["version"] == 2 and [v["version"] for v in detail["versions"]] == [1, 2]
    assert missing.status_code == 404
    # 10 kWh in the day at 0.30 with version 1, at 0.40 with version 2.
    assert before == (1, "3.00") and after == (2, "4.00")
    assert not_yet.status_code == 422


async def test_a_quote_shows_the_worked_numbers(bench: Bench) -> None:
    """22:30-23:30 local: half an hour at the day price, half at the night price, then 30
    minutes parked (billed per started minute)."""
    a = await acme(bench)
    async with a.admin.client(bench) as admin:
        await ok(await admin.post(TARIFFS, json=tariff_body("public")), 201)
        quote = await ok(
            await admin.post(
                f"{TARIFFS}/public/quote",
                json={
                    "start": "2026-03-02T21:30:00Z",  # 22:30 in Amsterdam (CET)
                    "energy_kwh": "10",
                    "duration_minutes": 60,
                    "parking_minutes": "29.5",
                },
            )
        )
    lines = {line["dimension"]: line for line in quote["lines"]}
    # 5 kWh x 0.30 + 5 kWh x 0.20 = 2.50; 29.5 min parked, billed 30 min x 6.00/h = 3.00.
    assert Decimal(lines["ENERGY"]["cost_excl_vat"]) == Decimal("2.5")
    assert Decimal(lines["PARKING_TIME"]["billed_volume"]) == Decimal("0.5")
    assert Decimal(lines["PARKING_TIME"]["cost_excl_vat"]) == Decimal("3")
    assert quote["total_excl_vat"] == "5.50" and quote["total_incl_vat"] == "6.66"
    assert quote["timezone"] == "Europe/Amsterdam" and quote["end"] == "2026-03-02T22:59:30Z"
    assert [p["prices"]["ENERGY"] for p in quote["periods"][:2]] == ["0.30", "0.20"]
    worked = "\n".join(quote["worked"])
    assert "Mon 22:30-23:00 ENERGY: 5.0000 kWh x 0.30 EUR = 1.5000 EUR" in worked
    assert "Mon 23:00-23:30 ENERGY: 5.0000 kWh x 0.20 EUR = 1.0000 EUR" in worked
    assert "billed 0.5000 h (step size 60)" in worked
    assert "total: 5.50 EUR excl. VAT, 6.66 EUR incl. VAT" in worked


async def test_charging_tariffs_are_assigned_to_locations_operators_and_stations(
    bench: Bench,
) -> None:
    a = await acme(bench)
    async with a.admin.client(bench) as admin:
        await ok(await admin.post(TARIFFS, json=tariff_body("public")), 201)
        await ok(
            await admin.post(
                TARIFFS,
                json=tariff_body("refund", purpose="reimbursement", account_id=a.employer),
            ),
            201,
        )
        put = {"tariff": "public"}
        location = await ok(await admin.put(f"/api/v1/locations/{a.location_id}/tariff", json=put))
        operator = await ok(await admin.put(f"/api/v1/operators/{a.operator_id}/tariff", json=put))
        station = await ok(await admin.put(f"/api/v1/stations/{a.home_station}/tariff", json=put))
        unknown = await admin.put(
            f"/api/v1/locations/{a.location_id}/tariff", json={"tariff": "nope"}
        )
        refund = await admin.put(
            f"/api/v1/locations/{a.location_id}/tariff", json={"tariff": "refund"}
        )
        cleared = await ok(
            await admin.put(f"/api/v1/operators/{a.operator_id}/tariff", json={"tariff": None})
        )
    assert location == {"kind": "location", "id": str(a.location_id), "tariff": "public"}
    assert operator["tariff"] == "public" and station["tariff"] == "public"
    assert unknown.status_code == 422 and "unknown tariff 'nope'" in unknown.text
    assert refund.status_code == 422 and "not a charging tariff" in refund.text
    assert cleared["tariff"] is None
    async with bench.csms.db.read() as session:
        assert (await session.get(Location, a.location_id)).tariff_ref == "public"  # type: ignore[union-attr]  # made above
        assert (await session.get(Operator, a.operator_id)).tariff_ref is None  # type: ignore[union-attr]  # made above
        assert (await session.get(Station, a.home_station)).tariff_ref == "public"  # type: ignore[union-attr]  # made above


async def test_the_employer_controls_the_home_reimbursement_and_the_employee_the_tariff(
    bench: Bench,
) -> None:
    """CA-4: the employer sets a reimbursement tariff on the employee's home charger.
    CA-5: the employee sets the charger's tariff for other drivers. CA-6: the employee can
    neither change nor remove the reimbursement, nor the employer's tariff."""
    a = await acme(bench)
    url = f"/api/v1/stations/{a.home_station}/home-reimbursement"
    setting = {
        "employer_account_id": a.employer,
        "employee_account_id": a.employee,
        "tariff": "refund",
    }
    refund = [{"price_components": [{"type": "ENERGY", "price": "0.35", "step_size": 1}]}]
    async with a.employer_admin.client(bench) as employer:
        await ok(
            await employer.post(
                TARIFFS,
                json=tariff_body("refund", refund, purpose="reimbursement", account_id=a.employer),
            ),
            201,
        )
        await ok(
            await employer.post(TARIFFS, json=tariff_body("boss-rate", account_id=a.employer)),
            201,
        )
        wrong_purpose = await employer.put(url, json={**setting, "tariff": "boss-rate"})
        set_ = await ok(await employer.put(url, json=setting))
    async with a.employee_admin.client(bench) as employee:
        await ok(
            await employee.post(TARIFFS, json=tariff_body("my-charger", account_id=a.employee)),
            201,
        )
        seen = await ok(await employee.get(url))
        own_tariff = await ok(
            await employee.put(
                f"/api/v1/stations/{a.home_station}/tariff", json={"tariff": "my-charger"}
            )
        )
        change = await employee.put(url, json={**setting, "tariff": "my-charger"})
        remove = await employee.delete(url)
        new_version = await employee.post(f"{TARIFFS}/refund/versions", json={"elements": refund})
        employer_tariff = await employee.put(
            f"/api/v1/stations/{a.home_station}/tariff", json={"tariff": "boss-rate"}
        )
        still = await ok(await employee.get(url))
        mine = await ok(await employee.get(TARIFFS))
    async with a.employer_admin.client(bench) as employer:
        versioned = await ok(
            await employer.post(f"{TARIFFS}/refund/versions", json={"elements": refund}), 201
        )
        removed = await employer.delete(url)
        gone = await employer.get(url)
    assert wrong_purpose.status_code == 422 and "not a reimbursement tariff" in wrong_purpose.text
    assert set_ == {**seen, "station_id": a.home_station} and seen["tariff"] == "refund"
    assert (seen["employer_account_id"], seen["employee_account_id"]) == (a.employer, a.employee)
    assert own_tariff["tariff"] == "my-charger"
    assert change.status_code == 403 and remove.status_code == 403
    assert new_version.status_code == 404  # the employer's tariff is not even visible
    assert employer_tariff.status_code == 422  # nor usable on the employee's own charger
    assert still == seen
    assert [t["ref"] for t in mine["items"]] == ["my-charger"]
    assert versioned["version"] == 2
    assert removed.status_code == 204 and gone.status_code == 404
    async with bench.csms.db.read() as session:
        station = await session.get(Station, a.home_station)
        assert station is not None and station.tariff_ref == "my-charger"


async def test_home_reimbursement_rules(bench: Bench) -> None:
    a = await acme(bench)
    stranger = await an_account(bench, a.id, "stranger")
    url = f"/api/v1/stations/{a.home_station}/home-reimbursement"
    async with a.admin.client(bench) as admin:
        await ok(
            await admin.post(
                TARIFFS,
                json=tariff_body("refund", purpose="reimbursement", account_id=a.employer),
            ),
            201,
        )
        await ok(
            await admin.post(TARIFFS, json=tariff_body("tenant-refund", purpose="reimbursement")),
            201,
        )
        base = {"employer_account_id": a.employer, "employee_account_id": a.employee}
        not_theirs = await admin.put(url, json={**base, "tariff": "tenant-refund"})
        not_employee = await admin.put(
            url, json={**base, "employee_account_id": stranger, "tariff": "refund"}
        )
        no_account = await admin.put(
            url, json={**base, "employer_account_id": 9999, "tariff": "refund"}
        )
        none_yet = await admin.get(url)
    assert not_theirs.status_code == 422 and "must be a tariff of account" in not_theirs.text
    assert not_employee.status_code == 422 and "is not an employee" in not_employee.text
    assert no_account.status_code == 404
    assert none_yet.status_code == 404


async def test_another_tenants_admin_finds_nothing(bench: Bench) -> None:
    a = await acme(bench)
    async with a.admin.client(bench) as admin:
        await ok(await admin.post(TARIFFS, json=tariff_body("public")), 201)
    other = await a_tenant(bench, "other")
    intruder = await a_user(bench, other, "admin@other.test", Role.TENANT_ADMIN)
    quote = {"start": "2026-03-02T12:00:00Z", "energy_kwh": "1", "duration_minutes": 10}
    async with intruder.client(bench) as b:
        listed = await ok(await b.get(TARIFFS))
        answers = [
            await b.get(f"{TARIFFS}/public"),
            await b.get(f"{TARIFFS}/public/versions/1"),
            await b.post(f"{TARIFFS}/public/versions", json={"elements": DAY_NIGHT}),
            await b.post(f"{TARIFFS}/public/quote", json=quote),
            await b.put(f"/api/v1/stations/{a.home_station}/tariff", json={"tariff": None}),
            await b.get(f"/api/v1/stations/{a.home_station}/home-reimbursement"),
        ]
        # Its own tariff of the same ref is its own business.
        mine = await ok(await b.post(TARIFFS, json=tariff_body("public")), 201)
    assert listed["items"] == []
    assert [r.status_code for r in answers] == [404] * len(answers)
    assert mine["tenant_id"] == other
