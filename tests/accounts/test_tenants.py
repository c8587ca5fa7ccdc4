"""Tenants belong to the platform admin; a tenant's own staff set its support links,
currency and time zone (the links INV-1 waits for)."""

from __future__ import annotations

from csms.domain.permissions import Role
from tests.accounts.given import PRIVACY, TERMS, staff
from tests.support.bench import Bench
from tests.support.people import a_tenant, a_user, an_account


async def test_the_platform_admin_creates_lists_and_changes_tenants(bench: Bench) -> None:
    me = (await bench.api.get("/api/v1/me")).json()
    assert me == {
        "user": None,
        "tenant": None,
        "grants": [{"role": "platform_admin", "account_id": None, "operator_id": None}],
        "acting_for": None,
    }
    created = await bench.api.post(
        "/api/v1/tenants",
        json={"name": "Acme", "slug": "acme", "currency": "SEK", "timezone": "Europe/Stockholm"},
    )
    assert created.status_code == 201, created.text
    tenant = created.json()
    assert tenant["currency"] == "SEK" and tenant["support_links_complete"] is False
    taken = await bench.api.post("/api/v1/tenants", json={"name": "Other", "slug": "acme"})
    assert taken.status_code == 409 and "taken" in taken.json()["detail"]
    bad = await bench.api.post(
        "/api/v1/tenants", json={"name": "X", "slug": "x", "timezone": "Mars/Olympus"}
    )
    assert bad.status_code == 422 and "IANA" in bad.text
    await bench.api.post("/api/v1/tenants", json={"name": "Zeta", "slug": "zeta"})

    listed = (await bench.api.get("/api/v1/tenants", params={"search": "acm"})).json()
    assert [t["slug"] for t in listed["items"]] == ["acme"] and listed["total"] == 1
    changed = await bench.api.patch(
        f"/api/v1/tenants/{tenant['id']}",
        json={"name": "Acme Charging", "terms_url": TERMS, "privacy_url": PRIVACY},
    )
    assert changed.status_code == 200 and changed.json()["support_links_complete"] is True
    assert changed.json()["slug"] == "acme"
    slug = await bench.api.patch(f"/api/v1/tenants/{tenant['id']}", json={"slug": "new"})
    assert slug.status_code == 422


async def test_tenant_staff_manage_their_own_settings_only(bench: Bench) -> None:
    tid = await a_tenant(bench, "acme")
    admin = await staff(bench, tid)
    support = await staff(bench, tid, Role.SUPPORT)
    account = await an_account(bench, tid, "c1", customer_type="company")
    account_admin = await a_user(bench, tid, "aa@example.com", (Role.ACCOUNT_ADMIN, account, None))

    async with admin.client(bench) as client:
        assert (
            await client.post("/api/v1/tenants", json={"name": "X", "slug": "x"})
        ).status_code == 403
        assert (await client.get("/api/v1/tenants")).status_code == 403
        own = await client.get(f"/api/v1/tenants/{tid}")
        assert own.status_code == 200 and own.json()["slug"] == "acme"
        renamed = await client.patch(f"/api/v1/tenants/{tid}", json={"name": "Mine now"})
        assert renamed.status_code == 403 and "/tenant/settings" in renamed.json()["detail"]

        saved = await client.patch(
            "/api/v1/tenant/settings",
            json={"terms_url": TERMS, "privacy_url": PRIVACY, "currency": "GBP"},
        )
        assert saved.status_code == 200, saved.text
        assert saved.json() == {
            "terms_url": TERMS,
            "privacy_url": PRIVACY,
            "currency": "GBP",
            "timezone": "UTC",
            "support_links_complete": True,
        }
        not_a_url = await client.patch("/api/v1/tenant/settings", json={"terms_url": "terms"})
        assert not_a_url.status_code == 422
        no_currency = await client.patch("/api/v1/tenant/settings", json={"currency": None})
        assert no_currency.status_code == 422

    async with support.client(bench) as client:
        assert (await client.get("/api/v1/tenant/settings")).json()["currency"] == "GBP"
        refused = await client.patch("/api/v1/tenant/settings", json={"currency": "EUR"})
        assert refused.status_code == 403
    async with account_admin.client(bench) as client:
        assert (await client.get("/api/v1/tenant/settings")).status_code == 404
        assert (
            await client.patch("/api/v1/tenant/settings", json={"currency": "EUR"})
        ).status_code == 404
    settings = await bench.api.get("/api/v1/tenant/settings", params={"tenant_id": tid})
    assert settings.json()["currency"] == "GBP"
    assert (await bench.api.get("/api/v1/tenant/settings")).status_code == 422
