"""INV-1: customers sign up themselves, only once the tenant has both support links, and
signing up records that they accepted both."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from csms.db.models import User
from tests.accounts.given import PASSWORD, PRIVACY, TERMS, a_tenant_with_links, anonymous, bearer
from tests.support.bench import Bench
from tests.support.people import a_tenant

COMPANY = {"company_name": "Fleet BV", "vat_number": "NL001", "company_address": "Dam 1"}


def form(**fields: Any) -> dict[str, Any]:
    return {
        "tenant": "acme",
        "email": "me@example.com",
        "password": PASSWORD,
        "name": "Me Myself",
        "accept_terms": True,
        "accept_privacy": True,
        **fields,
    }


async def sign_up(bench: Bench, **fields: Any) -> Any:
    async with anonymous(bench) as client:
        return await client.post("/api/v1/auth/signup", json=form(**fields))


async def test_sign_up_records_acceptance_of_both_links_and_signs_in(bench: Bench) -> None:
    await a_tenant_with_links(bench)
    before = bench.csms.clock.now()
    response = await sign_up(bench)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["account"]["customer_type"] == "private"
    assert body["account"]["account_type"] == "consumer"
    for field in ("terms_accepted_at", "privacy_accepted_at"):
        assert datetime.fromisoformat(body["user"][field]) >= before
    async with bench.csms.db.read() as session:
        row = await session.get(User, body["user"]["id"])
        assert row is not None and row.terms_accepted_at and row.privacy_accepted_at
        assert row.status == "active"

    async with bearer(bench, body["token"]) as client:
        me = (await client.get("/api/v1/me")).json()
    assert me["user"]["email"] == "me@example.com"
    assert me["tenant"]["terms_url"] == TERMS and me["tenant"]["privacy_url"] == PRIVACY
    assert me["grants"] == [
        {"role": "driver", "account_id": body["account"]["id"], "operator_id": None}
    ]
    async with anonymous(bench) as client:
        again = await client.post(
            "/api/v1/auth/login",
            json={"tenant": "acme", "email": "me@example.com", "password": PASSWORD},
        )
    assert again.status_code == 200


@pytest.mark.parametrize(
    ("links", "missing"),
    [({}, "Terms of Use and Privacy policy"), ({"terms_url": TERMS}, "Privacy policy")],
)
async def test_sign_up_is_refused_until_both_links_exist(
    bench: Bench, links: dict[str, str], missing: str
) -> None:
    await a_tenant(bench, "acme", **links)
    refused = await sign_up(bench)
    assert refused.status_code == 409
    assert f"missing: {missing}" in refused.json()["detail"]
    async with bench.csms.db.read() as session:
        assert await session.scalar(select(func.count()).select_from(User)) == 0


@pytest.mark.parametrize(
    ("accepted", "named"),
    [
        ({"accept_terms": False}, "Terms of Use"),
        ({"accept_privacy": False}, "Privacy policy"),
    ],
)
async def test_sign_up_is_refused_without_accepting_both(
    bench: Bench, accepted: dict[str, bool], named: str
) -> None:
    await a_tenant_with_links(bench)
    refused = await sign_up(bench, **accepted)
    assert refused.status_code == 422
    assert named in refused.json()["detail"] and "accept" in refused.json()["detail"]
    assert (await sign_up(bench)).status_code == 201


async def test_a_company_signs_up_with_its_details_and_administers_its_account(
    bench: Bench,
) -> None:
    await a_tenant_with_links(bench)
    refused = await sign_up(bench, customer_type="company", company_name="Fleet BV")
    assert refused.status_code == 422
    assert "vat_number" in refused.text and "company_address" in refused.text

    response = await sign_up(bench, customer_type="company", **COMPANY)
    assert response.status_code == 201, response.text
    account = response.json()["account"]
    assert account["customer_type"] == "company" and account["account_type"] == "business"
    assert account["name"] == "Fleet BV" and account["vat_number"] == "NL001"
    async with bearer(bench, response.json()["token"]) as client:
        me = (await client.get("/api/v1/me")).json()
    assert me["grants"][0]["role"] == "account_admin"


async def test_sign_up_refuses_a_known_email_an_unknown_tenant_and_a_short_password(
    bench: Bench,
) -> None:
    await a_tenant_with_links(bench)
    assert (await sign_up(bench)).status_code == 201
    twice = await sign_up(bench, email="ME@example.com")
    assert twice.status_code == 409 and "already exists" in twice.json()["detail"]
    unknown = await sign_up(bench, tenant="nope")
    assert unknown.status_code == 404 and "unknown tenant" in unknown.json()["detail"]
    short = await sign_up(bench, email="short@example.com", password="short-pass")
    assert short.status_code == 422
