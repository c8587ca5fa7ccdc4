"""Tenant isolation: the staff of tenant B neither see nor change tenant A's tenant,
accounts, users, invitations or mail. Every route answers 404 for A's resources (so nobody
learns they exist) and every list leaves them out."""

from __future__ import annotations

import pytest

from csms.db.models import Account
from csms.domain.permissions import Role
from tests.accounts.given import a_tenant_with_links, invite, staff
from tests.support.bench import Bench
from tests.support.mailbox import Mailbox
from tests.support.people import an_account

COMPANY = {"company_name": "A BV", "vat_number": "NL1", "company_address": "Dam 1"}


@pytest.mark.parametrize("role", [Role.TENANT_ADMIN, Role.SUPPORT])
async def test_tenant_b_staff_get_404_for_everything_of_tenant_a(
    bench: Bench, mailbox: Mailbox, role: Role
) -> None:
    a = await a_tenant_with_links(bench, "tenant-a")
    b = await a_tenant_with_links(bench, "tenant-b")
    account = await an_account(bench, a, "a1", name="A One", customer_type="company", **COMPANY)
    async with (await staff(bench, a)).client(bench) as client:
        user = (await invite(client, "a-customer@example.com", account_id=account))["user"]["id"]
    mails_before = len(mailbox.received)

    sub = {
        "type": "employee",
        "name": "S",
        "email": "s@example.com",
        "account_type": "consumer",
        "reimbursement_rate": "0.1",
    }
    attempts = [
        ("GET", f"/api/v1/tenants/{a}", None),
        ("PATCH", f"/api/v1/tenants/{a}", {"name": "Taken over"}),
        ("GET", f"/api/v1/accounts/{account}", None),
        ("PATCH", f"/api/v1/accounts/{account}", {"name": "Taken over"}),
        ("GET", f"/api/v1/accounts/{account}/connected-accounts", None),
        ("POST", f"/api/v1/accounts/{account}/connected-accounts", {"name": "C", **COMPANY}),
        ("GET", f"/api/v1/accounts/{account}/sub-accounts", None),
        ("POST", f"/api/v1/accounts/{account}/sub-accounts", sub),
        ("GET", f"/api/v1/accounts/{account}/employees", None),
        ("POST", f"/api/v1/accounts/{account}/employees", {"name": "E", "email": "e@x.com"}),
        ("POST", "/api/v1/users/invite", {"email": "intruder@example.com", "account_id": account}),
        ("GET", f"/api/v1/users/{user}", None),
        ("GET", f"/api/v1/users/{user}/invitations", None),
        ("POST", f"/api/v1/users/{user}/resend-invitation", None),
    ]
    other = await staff(bench, b, role)
    async with other.client(bench) as client:
        for method, path, body in attempts:
            response = await client.request(method, path, json=body)
            assert response.status_code == 404, (method, path, response.status_code)
            assert "not found" in response.json()["detail"]

        for path, params in (
            ("/api/v1/accounts", {}),
            ("/api/v1/accounts", {"tenant_id": a}),
            ("/api/v1/accounts", {"search": "A One"}),
            ("/api/v1/users", {}),
            ("/api/v1/users", {"tenant_id": a}),
            ("/api/v1/users", {"search": "a-customer"}),
            ("/api/v1/outbox", {}),
            ("/api/v1/outbox", {"tenant_id": a}),
        ):
            page = (await client.get(path, params=params)).json()
            tenants = {item.get("tenant_id") for item in page["items"]}
            assert tenants <= {b}, (path, params, page)
            assert "a-customer@example.com" not in str(page)

        settings = await client.get("/api/v1/tenant/settings", params={"tenant_id": a})
        assert settings.status_code == 200  # its own tenant's: tenant_id is for platform admins
        acting = await client.get("/api/v1/me", headers={"X-Act-As-Account": str(account)})
        assert acting.status_code == 404

    assert len(mailbox.received) == mails_before
    async with bench.csms.db.read() as session:
        row = await session.get(Account, account)
        assert row is not None and row.name == "A One"
    history = (await bench.api.get(f"/api/v1/users/{user}/invitations")).json()
    assert [i["state"] for i in history] == ["open"]
    tenant_a = (await bench.api.get(f"/api/v1/tenants/{a}")).json()
    assert tenant_a["name"] != "Taken over"
