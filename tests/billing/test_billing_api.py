"""Billing through the admin API (CUS-3, CUS-5, INV-4, INV-5): the monthly run, invoices per
customer with number, date, amount and status, PDFs, credit notes, gap-free numbers,
reimbursement approval, subscriptions pro-rated by day, and other tenants kept out."""

from __future__ import annotations

import asyncio
import re
import zlib
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import httpx

from csms.domain.permissions import Role
from tests.billing.given import a_cdr, a_station
from tests.support.bench import Bench
from tests.support.people import Person, a_tenant, a_user, an_account

OCT = datetime(2026, 10, 14, 18, tzinfo=UTC)


# The CSMS's clock is set to one of these where a test compares a date with what it computes
# (a run refused as "not over", an invoice's date, a credit note's year): on any wall clock.
NOVEMBER = datetime(2026, 11, 20, 12, tzinfo=UTC)  # October is over, November is not
DECEMBER = datetime(2026, 12, 1, 8, tzinfo=UTC)  # November is over in Amsterdam


async def a_billing_tenant(bench: Bench, slug: str = "ams") -> tuple[int, Person, str]:
    tenant = await a_tenant(bench, slug, timezone="Europe/Amsterdam", currency="EUR")
    admin = await a_user(bench, tenant, f"admin@{slug}.test", Role.TENANT_ADMIN)
    station = await a_station(bench.csms.db, tenant, f"{slug.upper()}-ST1")
    return tenant, admin, station


async def run(client: httpx.AsyncClient, period: str, **body: Any) -> httpx.Response:
    return await client.post("/api/v1/billing/runs", json={"period": period, **body})


async def invoices(client: httpx.AsyncClient, **params: Any) -> list[dict[str, Any]]:
    response = await client.get("/api/v1/invoices", params=params)
    assert response.status_code == 200, response.text
    return response.json()["items"]


def pdf_text(document: bytes) -> bytes:
    """The page contents of an fpdf2 document (its streams are deflated)."""
    streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", document, re.S)
    text = b""
    for stream in streams:
        try:
            text += zlib.decompress(stream)
        except zlib.error:
            text += stream
    return text


async def test_a_run_invoices_each_customer_once_with_pdf_and_credit_note(bench: Bench) -> None:
    """CUS-3 / CUS-5: after the run each customer lists its monthly invoice with number,
    date, amount and status; the PDF shows it; a credit note references it."""
    tenant, admin, station = await a_billing_tenant(bench)
    alice = await an_account(bench, tenant, "alice", name="Alice")
    bob = await an_account(bench, tenant, "bob", name="Bob")
    db = bench.csms.db
    first = await a_cdr(db, tenant, station, OCT, "10.00", "2.10", payer=alice)
    await a_cdr(db, tenant, station, OCT.replace(day=20), "3.33", "0.70", payer=alice)
    # Corrected: the credit CDR negates it and a new debit replaces it.
    await a_cdr(db, tenant, station, OCT, "10.00", "2.10", payer=alice, corrects=first)
    await a_cdr(db, tenant, station, OCT.replace(day=21), "8.00", "1.68", payer=alice)
    await a_cdr(db, tenant, station, OCT, "5.55", "1.17", payer=bob)
    roaming = await a_cdr(db, tenant, station, OCT, "7.00", "1.47", payer=None)
    # 2026-10-31 23:30 UTC is already November in Amsterdam: not this period.
    november = await a_cdr(
        db, tenant, station, datetime(2026, 10, 31, 23, 30, tzinfo=UTC), "1.00", "0.21", payer=bob
    )
    alice_driver = await a_user(
        bench, tenant, "alice@ams.test", (Role.DRIVER, alice, None), account_id=alice
    )

    bench.csms.services.clock.set(NOVEMBER)
    async with admin.client(bench) as as_admin, alice_driver.client(bench) as as_alice:
        made = await run(as_admin, "2026-10")
        assert made.status_code == 201, made.text
        assert made.json() | {"id": 0, "started_at": ""} == {
            "id": 0,
            "tenant_id": tenant,
            "period": "2026-10",
            "started_at": "",
            "invoices": 2,
            "cdrs": 5,
            "total_excl_vat": "16.88",
        }
        again = await run(as_admin, "2026-10")
        assert again.status_code == 200 and again.json() == made.json()
        assert len(await invoices(as_admin)) == 2

        (mine,) = await invoices(as_alice)
        assert mine["account_id"] == alice and mine["kind"] == "debit"
        assert mine["number"] == "INV-2026-000001" and mine["status"] == "issued"
        assert mine["date"] == "2026-11-20"
        assert mine["period"] == "2026-10"
        # 10.00 - 10.00 + 3.33 + 8.00, VAT 2.10 - 2.10 + 0.70 + 1.68: the sums of the lines.
        assert (mine["total_excl_vat"], mine["total_vat"], mine["total_incl_vat"]) == (
            "11.33",
            "2.38",
            "13.71",
        )
        detail = (await as_alice.get(f"/api/v1/invoices/{mine['id']}")).json()
        assert [line["kind"] for line in detail["lines"]] == [
            "session",
            "correction",
            "session",
            "session",
        ]
        assert detail["lines"][1]["amount_incl_vat"] == "-12.10"
        (bobs,) = await invoices(as_admin, account_id=bob)
        assert bobs["number"] == "INV-2026-000002" and bobs["total_excl_vat"] == "5.55"

        pdf = await as_alice.get(f"/api/v1/invoices/{mine['id']}/pdf")
        assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
        assert pdf.content.startswith(b"%PDF")
        text = pdf_text(pdf.content)
        for expected in (b"INV-2026-000001", b"Alice", b"2026-10", b"13.71 EUR", b"Ams"):
            assert expected in text, expected

        assert (await as_alice.post(f"/api/v1/invoices/{mine['id']}/credit")).status_code == 403
        credited = await as_admin.post(f"/api/v1/invoices/{mine['id']}/credit")
        assert credited.status_code == 201, credited.text
        note = credited.json()
        assert note["kind"] == "credit_note" and note["number"] == "CN-2026-000001"
        assert note["corrects_invoice_id"] == mine["id"]
        assert note["corrects_number"] == "INV-2026-000001"
        assert note["total_incl_vat"] == "-13.71" and len(note["lines"]) == 4
        note_pdf = await as_alice.get(f"/api/v1/invoices/{note['id']}/pdf")
        assert b"INV-2026-000001" in pdf_text(note_pdf.content)
        assert (await as_alice.get(f"/api/v1/invoices/{mine['id']}")).json()["status"] == (
            "credited"
        )
        again = await as_admin.post(f"/api/v1/invoices/{mine['id']}/credit")
        assert again.status_code == 409

        paid = await as_admin.post(f"/api/v1/invoices/{bobs['id']}/pay")
        assert paid.json()["status"] == "paid" and paid.json()["paid_at"]

        report = (await as_admin.get("/api/v1/billing/reconciliation?period=2026-10")).json()
        assert report["reconciled"] is True and report["billed_cdrs"] == 5
        assert report["cdrs_total"] == report["lines_total"]
        assert report["lines_total"]["excl_vat"] == "16.88"  # alice 11.33 + bob 5.55
        assert [u["cdr_id"] for u in report["unbilled"]] == [roaming]
        assert november not in {u["cdr_id"] for u in report["unbilled"]}
        assert (
            await as_alice.get("/api/v1/billing/reconciliation?period=2026-10")
        ).status_code in (
            403,
            404,
        )
        runs = (await as_admin.get("/api/v1/billing/runs")).json()
        assert [r["period"] for r in runs["items"]] == ["2026-10"]


async def test_bad_input_is_refused_with_a_clear_message(bench: Bench) -> None:
    _, admin, _ = await a_billing_tenant(bench)
    async with admin.client(bench) as as_admin:
        for period in ("2026-13", "october", "2026-1"):
            refused = await run(as_admin, period)
            assert refused.status_code == 422 and "period" in refused.text
        bad = await as_admin.get("/api/v1/billing/reconciliation", params={"period": "x"})
        assert bad.status_code == 422
        assert (await as_admin.get("/api/v1/invoices", params={"kind": "bogus"})).status_code == 422
        assert (await as_admin.post("/api/v1/invoices/999/issue")).status_code == 404


async def test_numbers_are_gap_free_across_runs_and_unissued_drafts(bench: Bench) -> None:
    """Numbers are taken when an invoice is issued, not when it is drafted: a draft left
    unissued holds no number, and a session reported late is billed by the next run."""
    tenant, admin, station = await a_billing_tenant(bench)
    alice = await an_account(bench, tenant, "alice")
    bob = await an_account(bench, tenant, "bob")
    db = bench.csms.db
    await a_cdr(db, tenant, station, OCT, "1.00", "0.21", payer=alice)
    await a_cdr(db, tenant, station, OCT, "2.00", "0.42", payer=bob)
    bench.csms.services.clock.set(NOVEMBER)
    async with admin.client(bench) as as_admin:
        assert (await run(as_admin, "2026-10", issue=False)).status_code == 201
        drafts = await invoices(as_admin, status="draft")
        assert len(drafts) == 2 and all(d["number"] is None for d in drafts)
        (bobs,) = [d for d in drafts if d["account_id"] == bob]
        issued = await as_admin.post(f"/api/v1/invoices/{bobs['id']}/issue")
        assert issued.json()["number"] == "INV-2026-000001"
        assert (await as_admin.post(f"/api/v1/invoices/{bobs['id']}/issue")).status_code == 409

        late = await a_cdr(db, tenant, station, OCT.replace(day=30), "4.00", "0.84", payer=alice)
        await a_cdr(db, tenant, station, OCT.replace(month=11), "3.00", "0.63", payer=bob)
        open_month = await run(as_admin, "2026-11")
        assert open_month.status_code == 409 and "not over" in open_month.json()["detail"]
        bench.csms.services.clock.set(DECEMBER)
        assert (await run(as_admin, "2026-11")).status_code == 201
        november = await invoices(as_admin, period="2026-11")
        assert sorted(i["number"] for i in november) == ["INV-2026-000002", "INV-2026-000003"]
        (alices,) = [i for i in november if i["account_id"] == alice]
        lines = (await as_admin.get(f"/api/v1/invoices/{alices['id']}")).json()["lines"]
        assert [line["cdr_id"] for line in lines] == [late]

        (left,) = await invoices(as_admin, status="draft")
        issued = await as_admin.post(f"/api/v1/invoices/{left['id']}/issue")
        assert issued.json()["number"] == "INV-2026-000004"

        october = (await as_admin.get("/api/v1/billing/reconciliation?period=2026-10")).json()
        assert october["reconciled"] and october["billed_cdrs"] == 2
        assert october["unbilled"] == [{"cdr_id": late, "reason": "billed by the 2026-11 run"}]
        nov_report = (await as_admin.get("/api/v1/billing/reconciliation?period=2026-11")).json()
        assert nov_report["reconciled"] and nov_report["billed_cdrs"] == 2
        never = (await as_admin.get("/api/v1/billing/reconciliation?period=2026-09")).json()
        assert never["reconciled"] is False


async def test_reimbursements_employee_at_once_subsidiary_after_the_parents_approval(
    bench: Bench,
) -> None:
    """INV-4: an employee sub-account's reimbursement is issued by the run; a subsidiary's
    waits as a draft until an administrator of the parent approves it, which the
    subsidiary's own administrator cannot do."""
    tenant, admin, station = await a_billing_tenant(bench)
    parent = await an_account(bench, tenant, "holding", customer_type="company")
    subsidiary = await an_account(
        bench,
        tenant,
        "daughter",
        kind="sub_account",
        sub_account_type="subsidiary",
        parent_account_id=parent,
    )
    employee = await an_account(
        bench,
        tenant,
        "emma",
        kind="sub_account",
        sub_account_type="employee",
        parent_account_id=parent,
    )
    db = bench.csms.db
    for payee, amount in ((subsidiary, "20.00"), (employee, "6.25")):
        await a_cdr(
            db,
            tenant,
            station,
            OCT,
            amount,
            "0.00",
            payer=parent,
            payee=payee,
            purpose="reimbursement",
        )
    parent_admin = await a_user(bench, tenant, "boss@h.test", (Role.ACCOUNT_ADMIN, parent, None))
    sub_admin = await a_user(bench, tenant, "sub@h.test", (Role.ACCOUNT_ADMIN, subsidiary, None))
    async with (
        admin.client(bench) as as_admin,
        parent_admin.client(bench) as as_parent,
        sub_admin.client(bench) as as_sub,
    ):
        assert (await run(as_admin, "2026-10")).status_code == 201
        (emmas,) = await invoices(as_parent, account_id=employee)
        assert emmas["kind"] == "credit" and emmas["status"] == "issued"
        assert emmas["number"] == "CRE-2026-000001" and emmas["total_incl_vat"] == "6.25"
        (subs,) = await invoices(as_sub)
        assert subs["status"] == "draft" and subs["requires_approval"] is True
        assert subs["number"] is None and subs["total_excl_vat"] == "20.00"
        lines = (await as_sub.get(f"/api/v1/invoices/{subs['id']}")).json()["lines"]
        assert [line["kind"] for line in lines] == ["reimbursement"]

        assert (await as_sub.post(f"/api/v1/invoices/{subs['id']}/approve")).status_code == 403
        assert (await as_sub.post(f"/api/v1/invoices/{subs['id']}/issue")).status_code == 403
        assert (await as_admin.post(f"/api/v1/invoices/{subs['id']}/issue")).status_code == 409
        approved = await as_parent.post(f"/api/v1/invoices/{subs['id']}/approve")
        assert approved.status_code == 200, approved.text
        assert approved.json()["status"] == "issued"
        assert approved.json()["number"] == "CRE-2026-000002"
        again = await as_admin.post(f"/api/v1/invoices/{subs['id']}/approve")
        assert again.status_code == 409


async def test_subscriptions_are_prorated_per_day_to_the_cent(bench: Bench) -> None:
    """INV-5: a plan per activated asset, pro-rated per day in the tenant's time zone; an
    enterprise plan bills one price per asset instead."""
    tenant, admin, _ = await a_billing_tenant(bench)
    home = await an_account(bench, tenant, "home")
    fleet = await an_account(bench, tenant, "fleet", customer_type="company")
    db = bench.csms.db
    await a_station(db, tenant, "HOME-1", customer_id=home)
    await a_station(db, tenant, "FLEET-1", customer_id=fleet)
    await a_station(db, tenant, "FLEET-2", customer_id=fleet)
    fleet_admin = await a_user(bench, tenant, "fleet@f.test", (Role.ACCOUNT_ADMIN, fleet, None))
    async with admin.client(bench) as as_admin, fleet_admin.client(bench) as as_fleet:
        plan = await as_admin.post(
            "/api/v1/billing-plans",
            json={"ref": "home", "name": "Home charger", "monthly_price": "9.99"},
        )
        assert plan.status_code == 201, plan.text
        assert (await as_fleet.get("/api/v1/billing-plans")).json()["total"] == 1
        assert (
            await as_fleet.post(
                "/api/v1/billing-plans", json={"ref": "x", "name": "x", "monthly_price": "1"}
            )
        ).status_code in (403, 404)

        # 2026-11-16 00:00 in Amsterdam: days 16..30 of 30.
        sub = await as_admin.post(
            f"/api/v1/accounts/{home}/subscriptions",
            json={
                "plan": "home",
                "asset_kind": "station",
                "asset_ref": "HOME-1",
                "activated_at": "2026-11-16T00:00:00+01:00",
            },
        )
        assert sub.status_code == 201, sub.text
        duplicate = await as_admin.post(
            f"/api/v1/accounts/{home}/subscriptions",
            json={"plan": "home", "asset_kind": "station", "asset_ref": "HOME-1"},
        )
        assert duplicate.status_code == 409
        wrong_kind = await as_admin.post(
            f"/api/v1/accounts/{home}/subscriptions",
            json={"plan": "home", "asset_kind": "card", "asset_ref": "C-1"},
        )
        assert wrong_kind.status_code == 422 and "for stations" in wrong_kind.text
        not_theirs = await as_fleet.post(
            f"/api/v1/accounts/{fleet}/subscriptions",
            json={"plan": "home", "asset_kind": "station", "asset_ref": "HOME-1"},
        )
        assert not_theirs.status_code == 422
        for ref, when in (("FLEET-1", "2026-11-01T00:00:00+01:00"), ("FLEET-2", None)):
            made = await as_fleet.post(
                f"/api/v1/accounts/{fleet}/subscriptions",
                json={"plan": "home", "asset_kind": "station", "asset_ref": ref}
                | ({"activated_at": when} if when else {}),
            )
            assert made.status_code == 201, made.text
        fleet_2 = made.json()["id"]
        stop = await as_fleet.post(
            f"/api/v1/subscriptions/{fleet_2}/deactivate",
            json={"deactivated_at": "2026-11-11T00:00:00+01:00"},
        )
        assert stop.status_code == 422  # before it was activated (now)
        gone = await as_fleet.post(f"/api/v1/subscriptions/{fleet_2}/deactivate")
        assert gone.status_code == 200 and gone.json()["deactivated_at"]

        put = await as_fleet.put(
            f"/api/v1/accounts/{fleet}/enterprise-plan", json={"price_per_asset": "6.00"}
        )
        assert put.status_code == 403
        put = await as_admin.put(
            f"/api/v1/accounts/{fleet}/enterprise-plan",
            json={"price_per_asset": "6.00", "vat_rate": "9", "public_charging": True},
        )
        assert put.status_code == 200, put.text
        got = (await as_fleet.get(f"/api/v1/accounts/{fleet}/enterprise-plan")).json()
        assert Decimal(got["price_per_asset"]) == Decimal(6) and got["public_charging"] is True
        listed = (await as_fleet.get(f"/api/v1/accounts/{fleet}/subscriptions")).json()
        assert [s["asset_ref"] for s in listed] == ["FLEET-1", "FLEET-2"]

        bench.csms.services.clock.set(DECEMBER)
        assert (await run(as_admin, "2026-11")).status_code == 201
        (homes,) = await invoices(as_admin, account_id=home)
        # 9.99 x 15 / 30 = 4.995 -> 5.00; VAT 21 % = 1.05.
        assert (homes["total_excl_vat"], homes["total_vat"], homes["total_incl_vat"]) == (
            "5.00",
            "1.05",
            "6.05",
        )
        (fleets,) = await invoices(as_fleet)
        lines = (await as_fleet.get(f"/api/v1/invoices/{fleets['id']}")).json()["lines"]
        # FLEET-1: the whole month at the enterprise price instead of the plan's 9.99;
        # FLEET-2 was deactivated the day it was activated: no day billed, no line.
        assert [(x["amount_excl_vat"], x["vat"]) for x in lines] == [("6.00", "0.54")]
        assert lines[0]["description"].startswith("Enterprise plan: station FLEET-1")

        assert (
            await as_admin.delete(f"/api/v1/accounts/{fleet}/enterprise-plan")
        ).status_code == 204
        assert (await as_fleet.get(f"/api/v1/accounts/{fleet}/enterprise-plan")).status_code == 404


async def test_another_tenants_admin_finds_nothing(bench: Bench) -> None:
    tenant, admin, station = await a_billing_tenant(bench)
    alice = await an_account(bench, tenant, "alice", name="Alice")
    await a_station(bench.csms.db, tenant, "ALICE-1", customer_id=alice)
    await a_cdr(bench.csms.db, tenant, station, OCT, "1.00", "0.21", payer=alice)
    other_tenant = await a_tenant(bench, "other")
    intruder = await a_user(bench, other_tenant, "admin@other.test", Role.TENANT_ADMIN)
    async with admin.client(bench) as as_admin, intruder.client(bench) as as_other:
        await as_admin.post(
            "/api/v1/billing-plans", json={"ref": "p", "name": "Plan", "monthly_price": "5"}
        )
        sub = await as_admin.post(
            f"/api/v1/accounts/{alice}/subscriptions",
            json={"plan": "p", "asset_kind": "station", "asset_ref": "ALICE-1"},
        )
        await as_admin.put(
            f"/api/v1/accounts/{alice}/enterprise-plan", json={"price_per_asset": "1"}
        )
        await run(as_admin, "2026-10")
        (invoice,) = await invoices(as_admin)
        refused = [
            await as_other.get(f"/api/v1/invoices/{invoice['id']}"),
            await as_other.get(f"/api/v1/invoices/{invoice['id']}/pdf"),
            *[
                await as_other.post(f"/api/v1/invoices/{invoice['id']}/{op}")
                for op in ("issue", "approve", "pay", "credit")
            ],
            await as_other.get(f"/api/v1/accounts/{alice}/subscriptions"),
            await as_other.post(
                f"/api/v1/accounts/{alice}/subscriptions",
                json={"plan": "p", "asset_kind": "station", "asset_ref": "ALICE-1"},
            ),
            await as_other.post(f"/api/v1/subscriptions/{sub.json()['id']}/deactivate"),
            await as_other.get(f"/api/v1/accounts/{alice}/enterprise-plan"),
            await as_other.put(
                f"/api/v1/accounts/{alice}/enterprise-plan", json={"price_per_asset": "0"}
            ),
            await as_other.delete(f"/api/v1/accounts/{alice}/enterprise-plan"),
        ]
        assert [r.status_code for r in refused] == [404] * len(refused)
        assert await invoices(as_other) == []
        assert await invoices(as_other, account_id=alice) == []
        assert (await as_other.get("/api/v1/billing/runs")).json()["items"] == []
        assert (await as_other.get("/api/v1/billing-plans")).json()["items"] == []
        # Its own run bills its own (empty) tenant, whatever tenant_id it names.
        own = await run(as_other, "2026-10", tenant_id=tenant)
        assert own.status_code == 201 and own.json()["tenant_id"] == other_tenant
        assert own.json()["invoices"] == 0
        report = (
            await as_other.get(
                "/api/v1/billing/reconciliation", params={"period": "2026-10", "tenant_id": tenant}
            )
        ).json()
        assert report["billed_cdrs"] == 0 and report["unbilled"] == []


async def test_concurrent_runs_and_issues_still_number_without_gaps(bench: Bench) -> None:
    """The same period run three times at once makes one run; drafts issued at once get
    distinct consecutive numbers (PostgreSQL: the counter row is locked)."""
    tenant, admin, station = await a_billing_tenant(bench)
    for n in range(6):
        account = await an_account(bench, tenant, f"c{n}")
        await a_cdr(bench.csms.db, tenant, station, OCT, "1.00", "0.21", payer=account)
    async with admin.client(bench) as as_admin:
        runs = await asyncio.gather(*(run(as_admin, "2026-10", issue=False) for _ in range(3)))
        assert sorted(r.status_code for r in runs) == [200, 200, 201]
        assert len({r.json()["id"] for r in runs}) == 1
        drafts = await invoices(as_admin)
        issued = await asyncio.gather(
            *(as_admin.post(f"/api/v1/invoices/{d['id']}/issue") for d in drafts)
        )
        numbers = sorted(r.json()["number"] for r in issued)
        assert numbers == [f"INV-2026-{n:06d}" for n in range(1, 7)]
