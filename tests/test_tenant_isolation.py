"""Tenant isolation, tried the way an attacker would: an administrator of tenant B calls
every route of the API with tenant A's identifiers, and is refused every time.

The routes come from the OpenAPI document, so a route added later is walked too; a path
parameter this test does not know how to fill fails the test instead of being skipped.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import httpx
import pytest
from ocpp.v16 import call

from csms.db.models import (
    BillingPlan,
    ChargeGroup,
    Grid,
    Invoice,
    Location,
    Operator,
    Subscription,
)
from csms.db.models.billing import Statement, TariffRow
from csms.domain.permissions import Role
from tests.support.bench import PASSWORD, Bench
from tests.support.people import Person, a_tenant, a_user, an_account
from tests.support.stations import connected

MARK = "tenantA-secret"
PUBLIC = {
    "/health",
    "/activate",
    "/api/v1/auth/login",
    "/api/v1/auth/signup",
    "/api/v1/auth/activate",
}
REFUSED = {401, 403, 404}


async def tenant_a(bench: Bench) -> dict[str, Any]:
    """A populated tenant A: every kind of object a route may name, marked so that any leak
    into an answer can be spotted."""
    tenant = await a_tenant(bench, "tenant-a", name=f"{MARK} platform")
    account = await an_account(bench, tenant, "a-customer", name=f"{MARK} customer")
    driver = await a_user(
        bench, tenant, "driver@a.test", (Role.DRIVER, account, None), account_id=account
    )
    async with bench.csms.db.write() as session:
        operator = Operator(tenant_id=tenant, code="A-OP", name=f"{MARK} operator")
        session.add(operator)
        await session.flush()
        location = Location(
            tenant_id=tenant,
            ref="a-loc",
            name=f"{MARK} location",
            account_id=account,
            operator_id=operator.id,
        )
        session.add(location)
        await session.flush()
        grid = Grid(tenant_id=tenant, name=f"{MARK} grid", location_id=location.id)
        group = ChargeGroup(tenant_id=tenant, name=f"{MARK} group", all_customers=True)
        tariff = TariffRow(
            tenant_id=tenant,
            ref="a-tariff",
            name=f"{MARK} tariff",
            owner_account_id=account,
            currency="EUR",
            elements=[{"price_components": [{"type": "ENERGY", "price": "0.3", "step_size": 1}]}],
        )
        session.add_all([grid, group, tariff])
        await session.flush()
        plan = BillingPlan(tenant_id=tenant, ref="a-plan", name=MARK, monthly_price=1)
        session.add(plan)
        await session.flush()
        subscription = Subscription(
            tenant_id=tenant,
            account_id=account,
            plan_id=plan.id,
            asset_kind="card",
            asset_ref=MARK,
            activated_at=datetime(2026, 11, 1, tzinfo=UTC),
        )
        invoice = Invoice(
            tenant_id=tenant, account_id=account, kind="debit", series="INV-2026", currency="EUR"
        )
        statement = Statement(
            tenant_id=tenant,
            kind="commission",
            subject=f"operator:{operator.id}",
            operator_id=operator.id,
            period="2026-11",
            currency="EUR",
            sessions=0,
            energy_kwh=Decimal(0),
            revenue_excl_vat=Decimal(0),
            share_pct=Decimal(0),
            share_amount=Decimal(0),
            fees=Decimal(0),
            total_excl_vat=Decimal(0),
        )
        session.add_all([subscription, invoice, statement])
        await session.flush()
        ids = {
            "operator_id": operator.id,
            "location_id": location.id,
            "grid_id": grid.id,
            "group_id": group.id,
            "invoice_id": invoice.id,
            "subscription_id": subscription.id,
            "statement_id": statement.id,
        }
    station = await bench.api.post(
        "/api/v1/stations",
        json={
            "id": "A-STATION",
            "password": PASSWORD,
            "tenant_id": tenant,
            "location_id": ids["location_id"],
        },
    )
    assert station.status_code == 201, station.text
    card = await bench.api.post(
        "/api/v1/tokens",
        json={"value": "A-CARD", "tenant_id": tenant, "account_id": account, "label": MARK},
    )
    assert card.status_code == 201, card.text
    async with connected(bench.ocpp_url, "A-STATION", "1.6", PASSWORD) as cp:
        await cp.call(call.BootNotification(charge_point_vendor="V", charge_point_model="M"))
        started = await cp.call(
            call.StartTransaction(
                connector_id=1, id_tag="A-CARD", meter_start=0, timestamp="2026-11-21T10:00:00Z"
            )
        )
        await cp.call(
            call.StopTransaction(
                meter_stop=1000,
                timestamp="2026-11-21T10:30:00Z",
                transaction_id=started.transaction_id,
            )
        )
    cdrs = await bench.api.get("/api/v1/cdrs", params={"transaction_id": started.transaction_id})
    assert cdrs.json()["total"] == 1, cdrs.text
    async with driver.client(bench) as as_driver:
        ticket = await as_driver.post("/api/v1/tickets", json={"subject": MARK, "body": MARK})
        assert ticket.status_code == 201, ticket.text
    return {
        **ids,
        "tenant_id": tenant,
        "account_id": account,
        "user_id": driver.user_id,
        "station_id": "A-STATION",
        "value": "A-CARD",
        "transaction_id": started.transaction_id,
        "cdr_id": cdrs.json()["items"][0]["id"],
        "ticket_id": ticket.json()["id"],
        "code": "A-OP",
        "member_id": account,
        "tariff_ref": "a-tariff",
        "version": 1,
    }


def body_for(spec: dict[str, Any], operation: dict[str, Any], a: dict[str, Any]) -> Any:
    """A plausible body: required fields filled, ids pointing at tenant A, so the request
    reaches the handler instead of stopping at validation."""
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if not content:
        return None
    return example(spec, content["schema"], a, "")


def example(spec: dict[str, Any], schema: dict[str, Any], a: dict[str, Any], name: str) -> Any:
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [s for s in schema[key] if s.get("type") != "null"]
            return example(spec, options[0], a, name)
    wanted = {"integer": int, "string": str}.get(schema.get("type", ""))
    # Point references at tenant A; natural keys (codes, card values) stay made up, or the
    # intruder would just create its own object under A's name and find it again.
    is_reference = name.endswith("_id")
    if is_reference and name in a and wanted is not None and isinstance(a[name], wanted):
        return a[name]
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        props = schema.get("properties", {})
        return {
            k: example(spec, v, a, k)
            for k, v in props.items()
            if k in schema.get("required", []) or k in a
        }
    if kind == "array":
        return [example(spec, schema.get("items", {}), a, name)]
    if kind == "integer":
        return max(1, schema.get("minimum", 1))
    if kind == "number":
        return 1
    if kind == "boolean":
        return True
    length = max(schema.get("minLength", 1), 16 if "password" in name else 1)
    return ("x" * length)[: schema.get("maxLength", length)] if "email" not in name else "b@b.test"


async def test_an_admin_of_another_tenant_is_refused_everywhere(bench: Bench) -> None:
    a = await tenant_a(bench)
    tenant_b = await a_tenant(bench, "tenant-b")
    intruder: Person = await a_user(bench, tenant_b, "admin@b.test", Role.TENANT_ADMIN)
    spec = (await bench.api.get("/openapi.json")).json()
    unknown: set[str] = set()
    leaks: list[str] = []
    walked = 0
    async with intruder.client(bench) as b:
        for path, item in spec["paths"].items():
            if path in PUBLIC:
                continue
            for method, operation in item.items():
                params = [p["name"] for p in operation.get("parameters", []) if p["in"] == "path"]
                unknown |= {p for p in params if p not in a}
                if any(p not in a for p in params):
                    continue
                url = path.format(**{p: a[p] for p in params})
                query = {
                    p["name"]: a[p["name"]]
                    for p in operation.get("parameters", [])
                    if p["in"] == "query" and p["name"] in a
                }
                response = await b.request(
                    method.upper(), url, params=query, json=body_for(spec, operation, a)
                )
                walked += 1
                if MARK in response.text:
                    leaks.append(
                        f"{method.upper()} {url} -> {response.status_code} shows tenant A data"
                    )
                elif params and response.status_code not in REFUSED:
                    leaks.append(
                        f"{method.upper()} {url} -> {response.status_code}: {response.text[:120]}"
                    )
    assert not unknown, f"path parameters this walk cannot fill yet: {sorted(unknown)}"
    assert walked >= 30
    assert not leaks, "\n".join(leaks)
    await assert_tenant_a_untouched(bench.api, a)


async def assert_tenant_a_untouched(api: httpx.AsyncClient, a: dict[str, Any]) -> None:
    station = (await api.get(f"/api/v1/stations/{a['station_id']}")).json()
    assert station["tenant_id"] == a["tenant_id"] and station["location_id"] == a["location_id"]
    card = (await api.get(f"/api/v1/tokens/{a['value']}")).json()
    assert card["label"] == MARK and card["status"] == "Accepted"
    tx = (await api.get(f"/api/v1/transactions/{a['transaction_id']}")).json()
    assert tx["ended_at"] == "2026-11-21T10:30:00Z"
    cdrs = (await api.get("/api/v1/cdrs", params={"transaction_id": a["transaction_id"]})).json()
    assert [c["id"] for c in cdrs["items"]] == [a["cdr_id"]]  # never corrected by tenant B


@pytest.mark.parametrize("role", [Role.SUPPORT, Role.DRIVER])
async def test_other_roles_of_another_tenant_see_nothing_either(bench: Bench, role: Role) -> None:
    a = await tenant_a(bench)
    tenant_b = await a_tenant(bench, "tenant-b")
    b_account = await an_account(bench, tenant_b, "b-customer")
    grant = role if role is Role.SUPPORT else (role, b_account, None)
    intruder = await a_user(bench, tenant_b, "x@b.test", grant)
    async with intruder.client(bench) as b:
        for path in (
            "/api/v1/stations",
            "/api/v1/tokens",
            "/api/v1/transactions",
            "/api/v1/tickets",
        ):
            response = await b.get(path)
            assert (
                response.status_code == 200
                and MARK not in response.text
                and "A-" not in response.text
            )
        assert (await b.get(f"/api/v1/stations/{a['station_id']}")).status_code == 404
