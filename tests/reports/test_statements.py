"""CA-3 and OP-9 through the API: a service plan set when a connected account is created and
edited later, operator commission, statements per period to the cent, a repeated run that
writes nothing, and who may see and change what."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from tests.reports.world import MoneyWorld
from tests.support.bench import Bench

API = "/api/v1"


def money(body: dict[str, Any], *names: str) -> tuple[Decimal, ...]:
    return tuple(Decimal(body[n]) for n in names)


async def test_ca3_plan_set_at_creation_edited_and_settled_to_the_cent(
    bench: Bench, world: MoneyWorld
) -> None:
    async with world.installer_admin.client(bench) as installer:
        created = await installer.post(
            f"{API}/accounts/{world.installer}/connected-accounts",
            json={"ref": "florist", "name": "Florist", "customer_type": "private"},
        )
        assert created.status_code == 201, created.text
        florist = created.json()["account"]["id"]
        # At creation: the plan right after the account; later: the bakery's, then edited.
        first = await installer.put(
            f"{API}/accounts/{florist}/service-plan", json={"fixed_fee": "15"}
        )
        assert first.status_code == 201, first.text
        assert money(first.json(), "revenue_share_pct", "fixed_fee") == (0, 15)
        put = await installer.put(
            f"{API}/accounts/{world.bakery}/service-plan",
            json={"revenue_share_pct": "10", "fixed_fee": "20"},
        )
        assert put.status_code == 201, put.text
        edited = await installer.put(
            f"{API}/accounts/{world.bakery}/service-plan",
            json={"revenue_share_pct": "12.5", "fixed_fee": "25.00"},
        )
        assert edited.status_code == 200, edited.text
        plan = (await installer.get(f"{API}/accounts/{world.bakery}/service-plan")).json()
        assert money(plan, "revenue_share_pct", "fixed_fee") == (Decimal("12.5"), 25)
        assert plan["primary_account_id"] == world.installer and plan["currency"] == "EUR"

    async with world.tenant_admin.client(bench) as admin:
        run = await admin.post(f"{API}/statements/runs", json={"period": "2026-11"})
        assert run.status_code == 201, run.text
        assert run.json()["created"] == 2
        by_subject = {s["subject"]: s for s in run.json()["statements"]}
        bakery = by_subject[f"account:{world.bakery}"]
        # 5.00 + 10.33 (the annex, under the bakery) + 2.50 (Nov 1st locally) - 5.00 + 4.00;
        # not December's 4.00, not the hotel's, not the reimbursement.
        assert bakery["kind"] == "service_plan" and bakery["period"] == "2026-11"
        assert bakery["sessions"] == 3
        assert money(bakery, "energy_kwh", "revenue_excl_vat") == (35, Decimal("16.83"))
        # 12.5 % of 16.83 = 2.10375 -> 2.10, plus the fixed 25.00.
        assert money(bakery, "share_pct", "share_amount", "fees", "total_excl_vat") == (
            Decimal("12.5"),
            Decimal("2.10"),
            Decimal("25.00"),
            Decimal("27.10"),
        )
        florist = by_subject[f"account:{florist}"]
        assert florist["sessions"] == 0
        assert money(florist, "revenue_excl_vat", "share_amount", "total_excl_vat") == (0, 0, 15)

        again = await admin.post(f"{API}/statements/runs", json={"period": "2026-11"})
        assert again.status_code == 200, again.text
        assert again.json()["created"] == 0
        assert again.json()["statements"] == run.json()["statements"]
        listed = (await admin.get(f"{API}/statements", params={"period": "2026-11"})).json()
        assert listed["total"] == 2

        one = await admin.get(f"{API}/statements/{bakery['id']}")
        assert one.json() == bakery
        for answer in (
            await admin.get(f"{API}/statements/{bakery['id']}.csv"),
            await admin.get(f"{API}/statements/{bakery['id']}", params={"format": "csv"}),
        ):
            assert answer.status_code == 200, answer.text
            assert answer.headers["content-type"].startswith("text/csv")
            assert "attachment" in answer.headers["content-disposition"]
            rows = list(csv.DictReader(io.StringIO(answer.text)))
            assert len(rows) == 1 and Decimal(rows[0]["total_excl_vat"]) == Decimal("27.10")


async def test_op9_commission_statement_per_operator_and_period(
    bench: Bench, world: MoneyWorld
) -> None:
    async with world.tenant_admin.client(bench) as admin:
        put = await admin.put(
            f"{API}/operators/{world.opa}/commission",
            json={
                "commission_pct": "5",
                "commission_fixed_fee": "10",
                "commission_per_kwh": "0.0123",
            },
        )
        assert put.status_code == 200, put.text
        run = (await admin.post(f"{API}/statements/runs", json={"period": "2026-11"})).json()
    [statement] = run["statements"]  # OPB has no commission settings: no statement
    assert (statement["kind"], statement["subject"]) == ("commission", f"operator:{world.opa}")
    assert statement["sessions"] == 3
    # 5 % of 16.83 = 0.8415 -> 0.84; 10.00 + 35 kWh x 0.0123 = 0.4305 -> 0.43.
    assert money(statement, "revenue_excl_vat", "share_amount", "fees", "total_excl_vat") == (
        Decimal("16.83"),
        Decimal("0.84"),
        Decimal("10.43"),
        Decimal("11.27"),
    )

    async with world.opa_user.client(bench) as opa:
        seen = (await opa.get(f"{API}/operators/{world.opa}/commission")).json()
        assert money(seen, "commission_pct", "commission_per_kwh") == (5, Decimal("0.0123"))
        assert seen["commission_fixed_fee"] is not None
        refused = await opa.put(
            f"{API}/operators/{world.opa}/commission", json={"commission_pct": "0"}
        )
        assert refused.status_code == 403
        assert (await opa.get(f"{API}/operators/{world.opb}/commission")).status_code == 404
        listed = (await opa.get(f"{API}/statements")).json()
        assert [s["id"] for s in listed["items"]] == [statement["id"]]
        assert (await opa.get(f"{API}/statements/{statement['id']}")).status_code == 200
        assert (
            await opa.post(f"{API}/statements/runs", json={"period": "2026-11"})
        ).status_code == 403


async def test_ca3_who_sees_and_changes_a_plan(bench: Bench, world: MoneyWorld) -> None:
    plan = f"{API}/accounts/{world.bakery}/service-plan"
    async with world.installer_admin.client(bench) as installer:
        assert (await installer.put(plan, json={"revenue_share_pct": "10"})).status_code == 201
        standard = await installer.put(
            f"{API}/accounts/{world.installer}/service-plan", json={"fixed_fee": "1"}
        )
        assert standard.status_code == 422
        assert (await installer.put(plan, json={"revenue_share_pct": "100.5"})).status_code == 422
        assert (await installer.put(plan, json={"fixed_fee": "-1"})).status_code == 422
    async with world.tenant_admin.client(bench) as admin:
        assert (
            await admin.post(f"{API}/statements/runs", json={"period": "2026-11"})
        ).status_code == 201
        [statement] = (await admin.get(f"{API}/statements")).json()["items"]

    async with world.bakery_admin.client(bench) as bakery:
        # The connected account reads what it owes its installer, and cannot change it.
        assert (await bakery.get(plan)).status_code == 200
        assert (await bakery.put(plan, json={"revenue_share_pct": "0"})).status_code == 403
        assert (await bakery.delete(plan)).status_code == 403
        assert [s["id"] for s in (await bakery.get(f"{API}/statements")).json()["items"]] == [
            statement["id"]
        ]
        assert (
            await bakery.post(f"{API}/statements/runs", json={"period": "2026-11"})
        ).status_code == 403
    async with world.installer_admin.client(bench) as installer:
        listed = (await installer.get(f"{API}/statements", params={"kind": "service_plan"})).json()
        assert [s["id"] for s in listed["items"]] == [statement["id"]]
        hotel = f"{API}/accounts/{world.hotel}/service-plan"
        assert (await installer.get(hotel)).status_code == 404  # no plan yet
    async with world.fleet_admin.client(bench) as stranger:
        assert (await stranger.get(plan)).status_code == 404
        assert (await stranger.put(plan, json={"fixed_fee": "0"})).status_code == 404
        assert (await stranger.get(f"{API}/statements")).json()["total"] == 0
        assert (await stranger.get(f"{API}/statements/{statement['id']}")).status_code == 404

    async with world.installer_admin.client(bench) as installer:
        assert (await installer.delete(plan)).status_code == 204
        assert (await installer.get(plan)).status_code == 404
        # Statements already run keep their amounts.
        assert (await installer.get(f"{API}/statements/{statement['id']}")).status_code == 200


async def test_another_tenants_admin_gets_404(bench: Bench, world: MoneyWorld) -> None:
    async with world.installer_admin.client(bench) as installer:
        await installer.put(f"{API}/accounts/{world.bakery}/service-plan", json={"fixed_fee": "5"})
    async with world.tenant_admin.client(bench) as admin:
        await admin.put(f"{API}/operators/{world.opa}/commission", json={"commission_pct": "1"})
        run = (await admin.post(f"{API}/statements/runs", json={"period": "2026-11"})).json()
    ids = [s["id"] for s in run["statements"]]
    async with world.rival_admin.client(bench) as rival:
        plan = f"{API}/accounts/{world.bakery}/service-plan"
        commission = f"{API}/operators/{world.opa}/commission"
        answers = [
            await rival.get(plan),
            await rival.put(plan, json={"fixed_fee": "0"}),
            await rival.delete(plan),
            await rival.get(commission),
            await rival.put(commission, json={"commission_pct": "0"}),
            *[await rival.get(f"{API}/statements/{i}") for i in ids],
            *[await rival.get(f"{API}/statements/{i}.csv") for i in ids],
        ]
        assert [a.status_code for a in answers] == [404] * len(answers)
        assert (await rival.get(f"{API}/statements")).json()["total"] == 0
        # Its own run settles its own (empty) tenant only.
        own = await rival.post(
            f"{API}/statements/runs", json={"period": "2026-11", "tenant_id": world.tenant}
        )
        assert own.status_code == 200 and own.json()["statements"] == []
