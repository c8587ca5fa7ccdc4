"""OP-7 and CUS-6 through the API: consumption and revenue per operator, location, company
and local day, as JSON and CSV, each caller seeing only what its grants reach."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

import httpx

from tests.reports.world import MoneyWorld
from tests.support.bench import Bench

REPORT = "/api/v1/reports/energy-revenue"
NOVEMBER = {"period": "2026-11"}


async def report(client: httpx.AsyncClient, **params: Any) -> dict[str, Any]:
    query = {k: v for k, v in {**NOVEMBER, **params}.items() if v is not None}
    answer = await client.get(REPORT, params=query)
    assert answer.status_code == 200, answer.text
    return answer.json()


def figures(row: dict[str, Any]) -> tuple[Any, ...]:
    return (
        row["sessions"],
        Decimal(row["energy_kwh"]),
        Decimal(row["revenue_excl_vat"]),
        Decimal(row["revenue_incl_vat"]),
    )


def by_group(body: dict[str, Any]) -> dict[Any, tuple[Any, ...]]:
    return {row["group_name"]: figures(row) for row in body["rows"]}


# Op A: 5.00 + 10.33 + 2.50 - 5.00 + 4.00 excl.; VAT 1.05 + 2.17 + 0.53 - 1.05 + 0.84.
OPA = (3, Decimal(35), Decimal("16.83"), Decimal("20.37"))
OPB = (1, Decimal(7), Decimal("3.00"), Decimal("3.63"))
HOME = (1, Decimal(4), Decimal(0), Decimal(0))  # a reimbursement: energy, no revenue


async def test_op7_per_operator_location_and_company(bench: Bench, world: MoneyWorld) -> None:
    async with world.tenant_admin.client(bench) as admin:
        operators = await report(admin, group_by="operator")
        locations = await report(admin, group_by="location")
        companies = await report(admin, group_by="company")
    assert operators["timezone"] == "Europe/Amsterdam" and operators["currency"] == "EUR"
    assert operators["start"] == "2026-11-01T00:00:00+01:00"
    assert by_group(operators) == {"Op A": OPA, "Op B": OPB, None: HOME}
    assert [r["group_id"] for r in operators["rows"]] == [world.opa, world.opb, None]
    assert figures(operators["total"]) == (5, Decimal(46), Decimal("19.83"), Decimal("24.00"))
    assert by_group(locations) == {"Bakery": OPA, "Hotel": OPB, None: HOME}
    # The payer's company: Emma's sessions are her employer's.
    assert by_group(companies) == {
        "fleet": (4, Decimal(39), Decimal("16.83"), Decimal("20.37")),
        "visitor": OPB,
    }


async def test_cus6_per_local_day_in_the_zone_of_the_report(
    bench: Bench, world: MoneyWorld
) -> None:
    async with world.tenant_admin.client(bench) as admin:
        days = await report(admin)  # group_by=interval, per day, by default
        per_operator_day = await report(admin, group_by="operator", interval="day")
        window = await report(
            admin,
            group_by="interval",
            interval="month",
            **{"period": None, "from": "2026-11-10", "to": "2026-11-21"},
        )
    assert days["group_by"] == "interval" and days["interval"] == "day"
    assert {r["period_start"]: r["sessions"] for r in days["rows"]} == {
        "2026-11-01T00:00:00+01:00": 1,  # 23:30Z on October 31st
        "2026-11-10T00:00:00+01:00": 1,
        "2026-11-12T00:00:00+01:00": 1,
        "2026-11-15T00:00:00+01:00": 1,
        "2026-11-20T00:00:00+01:00": 1,
        "2026-11-25T00:00:00+01:00": 0,  # a credit and its re-issue
    }
    assert Decimal(days["rows"][-1]["revenue_excl_vat"]) == Decimal("-1.00")
    hotel_day = [r for r in per_operator_day["rows"] if r["group_id"] == world.opb]
    assert [(r["period_start"], r["timezone"]) for r in hotel_day] == [
        ("2026-11-12T00:00:00-05:00", "America/New_York")
    ]
    [month] = window["rows"]
    assert month["period_start"] == "2026-11-01T00:00:00+01:00" and month["sessions"] == 4


async def test_csv_by_parameter_or_accept_header(bench: Bench, world: MoneyWorld) -> None:
    async with world.tenant_admin.client(bench) as admin:
        by_param = await admin.get(
            REPORT, params={**NOVEMBER, "group_by": "location", "format": "csv"}
        )
        by_header = await admin.get(
            REPORT, params={**NOVEMBER, "group_by": "location"}, headers={"Accept": "text/csv"}
        )
    for answer in (by_param, by_header):
        assert answer.status_code == 200, answer.text
        assert answer.headers["content-type"].startswith("text/csv")
        assert 'filename="energy-revenue-location.csv"' in answer.headers["content-disposition"]
        lines = list(csv.reader(io.StringIO(answer.text)))
        assert lines[0] == [
            "group_id",
            "group_name",
            "period_start",
            "timezone",
            "sessions",
            "energy_kwh",
            "revenue_excl_vat",
            "revenue_incl_vat",
            "currency",
        ]
        bakery = next(line for line in lines[1:] if line[1] == "Bakery")
        assert bakery[4] == "3" and Decimal(bakery[6]) == Decimal("16.83") and bakery[8] == "EUR"


async def test_each_caller_sees_only_its_own(bench: Bench, world: MoneyWorld) -> None:
    async with world.opa_user.client(bench) as opa:
        assert by_group(await report(opa, group_by="operator")) == {"Op A": OPA}
        own = await report(opa, group_by="interval", operator_id=world.opa)
        assert own["timezone"] == "Europe/Amsterdam" and figures(own["total"]) == OPA
        assert (await opa.get(REPORT, params={"operator_id": world.opb})).status_code == 404
        hotel = await opa.get(REPORT, params={"location_id": world.hotel_location})
        assert hotel.status_code == 404
    async with world.fleet_admin.client(bench) as fleet:
        mine = await report(fleet, group_by="company")
        assert by_group(mine) == {"fleet": (4, Decimal(39), Decimal("16.83"), Decimal("20.37"))}
        assert (await fleet.get(REPORT, params={"operator_id": world.opa})).status_code == 404
        employee = await report(fleet, group_by="operator", account_id=world.emma)
        assert figures(employee["total"])[:2] == (4, Decimal(39))
    async with world.bakery_admin.client(bench) as bakery:
        # It earns from Emma's sessions but may not see her company's name.
        assert by_group(await report(bakery, group_by="company")) == {None: OPA}
        assert (await bakery.get(REPORT, params={"account_id": world.fleet})).status_code == 404
    async with world.visitor_driver.client(bench) as visitor:
        assert by_group(await report(visitor, group_by="operator")) == {"Op B": OPB}
    async with world.rival_admin.client(bench) as rival:
        assert figures((await report(rival))["total"]) == (0, 0, 0, 0)
        for name, value in (
            ("operator_id", world.opa),
            ("location_id", world.bakery_location),
            ("account_id", world.fleet),
        ):
            assert (await rival.get(REPORT, params={name: value})).status_code == 404
        assert (await rival.get(REPORT, params={"tenant_id": world.tenant})).json()["total"][
            "sessions"
        ] == 0
