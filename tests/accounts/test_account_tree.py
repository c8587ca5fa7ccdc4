"""Accounts and their tree: standard accounts, connected accounts (CA-1), sub-accounts with
their invitation (INV-4), employees of a company (CUS-1), and who may change what."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from csms.db.models import Account
from csms.domain.permissions import Role
from tests.accounts.given import a_tenant_with_links, activate, bearer, login, staff
from tests.support.bench import Bench
from tests.support.mailbox import Mailbox
from tests.support.people import a_tenant, a_user, an_account

COMPANY = {"company_name": "Fleet BV", "vat_number": "NL001", "company_address": "Dam 1, Amsterdam"}


def sub_account(**fields: Any) -> dict[str, Any]:
    return {
        "type": "employee",
        "name": "Kim at home",
        "email": "kim@example.com",
        "account_type": "consumer",
        "reimbursement_rate": "0.275",
        **fields,
    }


async def test_a_business_sub_account_needs_company_details(bench: Bench, mailbox: Mailbox) -> None:
    tid = await a_tenant_with_links(bench)
    parent = await an_account(bench, tid, "fleet", customer_type="company")
    async with (await staff(bench, tid)).client(bench) as client:
        url = f"/api/v1/accounts/{parent}/sub-accounts"
        refused = await client.post(
            url, json=sub_account(type="subsidiary", account_type="business", vat_number="NL9")
        )
        assert refused.status_code == 422
        assert refused.json()["detail"] == (
            "a business account needs company details; missing: company_name, company_address"
        )
        assert mailbox.received == []
        listed = (await client.get(url)).json()
        assert listed["total"] == 0

        created = await client.post(
            url, json=sub_account(type="subsidiary", account_type="business", **COMPANY)
        )
        assert created.status_code == 201, created.text
    account = created.json()["account"]
    assert account["kind"] == "sub_account" and account["sub_account_type"] == "subsidiary"
    assert account["customer_type"] == "company" and account["company_name"] == "Fleet BV"
    assert created.json()["user"]["status"] == "invited"
    assert len(mailbox.to("kim@example.com")) == 1


async def test_an_employee_sub_account_stores_its_reimbursement_rate_as_a_decimal(
    bench: Bench, mailbox: Mailbox
) -> None:
    tid = await a_tenant_with_links(bench)
    parent = await an_account(bench, tid, "fleet", customer_type="company")
    async with (await staff(bench, tid)).client(bench) as client:
        created = await client.post(
            f"/api/v1/accounts/{parent}/sub-accounts", json=sub_account(user_name="Kim")
        )
        assert created.status_code == 201, created.text
        negative = await client.post(
            f"/api/v1/accounts/{parent}/sub-accounts",
            json=sub_account(email="neg@example.com", reimbursement_rate="-0.01"),
        )
        assert negative.status_code == 422
    body = created.json()
    assert body["account"]["reimbursement_rate"] == "0.2750"
    assert body["account"]["parent_account_id"] == parent
    assert body["account"]["sub_account_type"] == "employee"
    async with bench.csms.db.read() as session:
        row = await session.get(Account, body["account"]["id"])
        assert row is not None
        assert isinstance(row.reimbursement_rate, Decimal)
        assert row.reimbursement_rate == Decimal("0.275")

    mail = mailbox.last_to("kim@example.com")
    assert (await activate(bench, mail.token)).status_code == 200
    signed_in = await login(bench, "acme", "kim@example.com")
    async with bearer(bench, signed_in.json()["token"]) as client:
        me = (await client.get("/api/v1/me")).json()
        assert me["grants"] == [
            {"role": "driver", "account_id": body["account"]["id"], "operator_id": None}
        ]
        own = await client.get(f"/api/v1/accounts/{body['account']['id']}")
        assert own.status_code == 200
        assert (await client.get(f"/api/v1/accounts/{parent}")).status_code == 404


async def test_sub_accounts_need_the_support_links_too(bench: Bench, mailbox: Mailbox) -> None:
    tid = await a_tenant(bench, "bare")
    parent = await an_account(bench, tid, "fleet")
    async with (await staff(bench, tid)).client(bench) as client:
        refused = await client.post(f"/api/v1/accounts/{parent}/sub-accounts", json=sub_account())
        assert refused.status_code == 409 and "support links" in refused.json()["detail"]
        assert (await client.get(f"/api/v1/accounts/{parent}/sub-accounts")).json()["total"] == 0


async def test_connected_accounts_are_listed_under_their_primary(
    bench: Bench, mailbox: Mailbox
) -> None:
    """CA-1: any number of connected accounts, each with exactly one primary."""
    tid = await a_tenant_with_links(bench)
    installer_account = await an_account(bench, tid, "installer", customer_type="company")
    elsewhere = await an_account(bench, tid, "elsewhere", customer_type="company")
    installer = await a_user(
        bench, tid, "inst@example.com", (Role.INSTALLER, installer_account, None)
    )
    async with installer.client(bench) as client:
        url = f"/api/v1/accounts/{installer_account}/connected-accounts"
        first = await client.post(url, json={"name": "Hotel A", **COMPANY})
        assert first.status_code == 201, first.text
        assert first.json()["invited"] is None
        second = await client.post(
            url,
            json={
                "name": "Home of Sam",
                "customer_type": "private",
                "admin_email": "sam@example.com",
                "admin_name": "Sam",
            },
        )
        assert second.status_code == 201, second.text
        listed = (await client.get(url)).json()
        assert not (await client.get(f"/api/v1/accounts/{elsewhere}")).is_success
        refused = await client.post(
            f"/api/v1/accounts/{elsewhere}/connected-accounts", json={"name": "X", **COMPANY}
        )
        assert refused.status_code == 404
    assert listed["total"] == 2
    assert {a["name"] for a in listed["items"]} == {"Hotel A", "Home of Sam"}
    assert {a["primary_account_id"] for a in listed["items"]} == {installer_account}
    assert {a["kind"] for a in listed["items"]} == {"connected"}

    other = await bench.api.post(
        f"/api/v1/accounts/{elsewhere}/connected-accounts", json={"name": "Not mine", **COMPANY}
    )
    assert other.status_code == 201
    assert (await bench.api.get(url)).json()["total"] == 2

    invited = second.json()["invited"]
    assert invited["user"]["email"] == "sam@example.com"
    mail = mailbox.last_to("sam@example.com")
    assert (await activate(bench, mail.token)).status_code == 200
    signed_in = await login(bench, "acme", "sam@example.com")
    sam_account = second.json()["account"]["id"]
    async with bearer(bench, signed_in.json()["token"]) as client:
        me = (await client.get("/api/v1/me")).json()
        assert me["grants"] == [
            {"role": "account_admin", "account_id": sam_account, "operator_id": None}
        ]
        # the connected account's admin administers it, never its primary (CA-2)
        assert (await client.get(f"/api/v1/accounts/{sam_account}")).status_code == 200
        assert (await client.get(f"/api/v1/accounts/{installer_account}")).status_code == 404
        assert (await client.get(url)).status_code == 404


async def test_a_company_adds_employees_and_only_a_company_has_them(
    bench: Bench, mailbox: Mailbox
) -> None:
    tid = await a_tenant_with_links(bench)
    company = await an_account(bench, tid, "fleet", customer_type="company", **COMPANY)
    private = await an_account(bench, tid, "solo")
    admin = await a_user(bench, tid, "boss@example.com", (Role.ACCOUNT_ADMIN, company, None))
    async with admin.client(bench) as client:
        created = await client.post(
            f"/api/v1/accounts/{company}/employees",
            json={"name": "Eva", "email": "eva@example.com"},
        )
        assert created.status_code == 201, created.text
        listed = (await client.get(f"/api/v1/accounts/{company}/employees")).json()
    employee = created.json()["account"]
    assert employee["customer_type"] == "employee" and employee["employer_id"] == company
    assert [a["id"] for a in listed["items"]] == [employee["id"]]
    assert created.json()["user"]["email"] == "eva@example.com"
    token = (mailbox.last_to("eva@example.com")).token
    assert (await activate(bench, token)).status_code == 200
    signed_in = await login(bench, "acme", "eva@example.com")
    async with bearer(bench, signed_in.json()["token"]) as client:
        me = (await client.get("/api/v1/me")).json()
    assert me["grants"][0] == {
        "role": "employee",
        "account_id": employee["id"],
        "operator_id": None,
    }

    async with (await staff(bench, tid)).client(bench) as client:
        refused = await client.post(
            f"/api/v1/accounts/{private}/employees", json={"name": "X", "email": "x@example.com"}
        )
    assert refused.status_code == 422 and "only a company" in refused.json()["detail"]


@pytest.mark.parametrize("role", [Role.DRIVER, Role.EMPLOYEE])
async def test_drivers_do_not_add_to_their_account(
    bench: Bench, mailbox: Mailbox, role: Role
) -> None:
    tid = await a_tenant_with_links(bench)
    account = await an_account(bench, tid, "mine", customer_type="company", **COMPANY)
    driver = await a_user(bench, tid, "d@example.com", (role, account, None))
    async with driver.client(bench) as client:
        assert (await client.get(f"/api/v1/accounts/{account}")).status_code == 200
        for path, body in (
            ("sub-accounts", sub_account()),
            ("connected-accounts", {"name": "C", **COMPANY}),
            ("employees", {"name": "E", "email": "e@example.com"}),
        ):
            refused = await client.post(f"/api/v1/accounts/{account}/{path}", json=body)
            assert refused.status_code == 403, (path, refused.text)
        patched = await client.patch(f"/api/v1/accounts/{account}", json={"name": "Hacked"})
        assert patched.status_code == 403
    assert mailbox.received == []


async def test_only_the_account_above_changes_the_reimbursement_rate(
    bench: Bench, mailbox: Mailbox
) -> None:
    """CA-6: the rate stays under the parent's control."""
    tid = await a_tenant_with_links(bench)
    parent = await an_account(bench, tid, "fleet", customer_type="company", **COMPANY)
    parent_admin = await a_user(bench, tid, "boss@example.com", (Role.ACCOUNT_ADMIN, parent, None))
    async with parent_admin.client(bench) as client:
        created = await client.post(
            f"/api/v1/accounts/{parent}/sub-accounts",
            json=sub_account(type="subsidiary", account_type="business", **COMPANY),
        )
        assert created.status_code == 201, created.text
    sub = created.json()["account"]["id"]
    sub_admin = await a_user(bench, tid, "sub@example.com", (Role.ACCOUNT_ADMIN, sub, None))
    async with sub_admin.client(bench) as client:
        renamed = await client.patch(f"/api/v1/accounts/{sub}", json={"name": "Fleet South"})
        assert renamed.status_code == 200 and renamed.json()["name"] == "Fleet South"
        refused = await client.patch(f"/api/v1/accounts/{sub}", json={"reimbursement_rate": "9"})
        assert refused.status_code == 403 and "account above" in refused.json()["detail"]
        refused = await client.patch(f"/api/v1/accounts/{sub}", json={"status": "blocked"})
        assert refused.status_code == 403
        dropped = await client.patch(f"/api/v1/accounts/{sub}", json={"vat_number": None})
        assert dropped.status_code == 422 and "vat_number" in dropped.json()["detail"]
    async with parent_admin.client(bench) as client:
        changed = await client.patch(f"/api/v1/accounts/{sub}", json={"reimbursement_rate": "0.31"})
        assert changed.status_code == 200 and changed.json()["reimbursement_rate"] == "0.3100"
        assert changed.json()["name"] == "Fleet South"


async def test_accounts_are_searched_and_filtered(bench: Bench, mailbox: Mailbox) -> None:
    tid = await a_tenant_with_links(bench)
    support = await staff(bench, tid, Role.SUPPORT)
    async with support.client(bench) as client:
        made = await client.post(
            "/api/v1/accounts",
            json={"name": "Fleet BV", "ref": "FLEET-1", "customer_type": "company", **COMPANY},
        )
        assert made.status_code == 201, made.text
        assert made.json()["account_type"] == "business"
        private = await client.post(
            "/api/v1/accounts", json={"name": "Jo Private", "email": "jo@example.com"}
        )
        assert private.status_code == 201 and private.json()["ref"].startswith("acc-")
        duplicate = await client.post("/api/v1/accounts", json={"name": "X", "ref": "FLEET-1"})
        assert duplicate.status_code == 409
        no_details = await client.post(
            "/api/v1/accounts", json={"name": "Y", "customer_type": "company"}
        )
        assert no_details.status_code == 422

        async def names(**params: Any) -> list[str]:
            page = (await client.get("/api/v1/accounts", params=params)).json()
            return sorted(a["name"] for a in page["items"])

        assert await names(search="fleet-1") == ["Fleet BV"]
        assert await names(search="JO@EXAMPLE") == ["Jo Private"]
        assert await names(search="bv") == ["Fleet BV"]
        assert await names(customer_type="private") == ["Jo Private"]
        assert await names(kind="standard") == ["Fleet BV", "Jo Private"]
        assert await names(kind="connected") == []
        page = (await client.get("/api/v1/accounts", params={"limit": 1, "offset": 1})).json()
        assert page["total"] == 2 and len(page["items"]) == 1

    account_admin = await a_user(
        bench, tid, "aa@example.com", (Role.ACCOUNT_ADMIN, made.json()["id"], None)
    )
    async with account_admin.client(bench) as client:
        refused = await client.post("/api/v1/accounts", json={"name": "Mine"})
        assert refused.status_code == 403
        seen = (await client.get("/api/v1/accounts")).json()
    assert [a["name"] for a in seen["items"]] == ["Fleet BV"]
