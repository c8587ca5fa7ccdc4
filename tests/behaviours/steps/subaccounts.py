"""Steps about sub-accounts and what they are paid (INV-4) and billing plans (INV-5).

Credits are checked against the stations' own meters: the registers in their OCPP 1.6
StartTransaction and StopTransaction, times the sub-account's rate.

Given
    "Fleet Ltd" has a Consumer Employee sub-account "Kim at home" for "Kim" with a
        reimbursement rate of 0.25 EUR        (the user activated and signed in)
    the tenant offers the billing plan "Smart charger" for charge points at 9.99 EUR a month
When
    "Ann" adds a sub-account under "Fleet Ltd":    (a two-column table of the form's fields)
    "Ann" activates charge point "FLEET-1" on the billing plan "Smart charger" from 16 November 2026
Then
    "Kim at home" has an issued credit of 0.25 EUR per kWh charged with card "KIM-1"
    "Fleet Ltd" is invoiced 5.00 EUR for charge point "FLEET-1" on "Smart charger" in November 2026
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import httpx
from pytest_bdd import given, parsers, then, when

from tests.behaviours.steps.accounts import (
    Desk,
    act,
    admin_get,
    body_of,
    day_of,
    grants_of,
    quoted,
)
from tests.behaviours.steps.charging import Fleet
from tests.behaviours.steps.common import (
    PLATFORM_ADMIN,
    World,
    activate_and_log_in,
    company_details,
    email_of,
    phrase,
    slug_of,
)
from tests.behaviours.steps.money import cents

# --- sub-accounts (INV-4) ------------------------------------------------------------------

_SUB_FIELDS = {
    "who will use it": ("type", str.lower),
    "account name": ("name", str),
    "account type": ("account_type", str.lower),
    "reimbursement rate": ("reimbursement_rate", lambda v: v.removesuffix(" EUR")),
    "company name": ("company_name", str),
    "VAT number": ("vat_number", str),
    "company address": ("company_address", str),
}


def sub_account_body(world: World, datatable: list[list[str]]) -> dict[str, Any]:
    body: dict[str, Any] = {}
    for label, value in ((r[0].strip(), r[1].strip()) for r in datatable):
        if label == "user":
            body |= {"email": email_of(world, value), "user_name": value}
        else:
            name, convert = _SUB_FIELDS[label]
            body[name] = convert(value)
    return body


def add_sub_account(
    world: World, desk: Desk, person: str, parent: str, body: dict[str, Any]
) -> httpx.Response:
    url = f"/api/v1/accounts/{world.account_id(parent)}/sub-accounts"
    answer = act(world, desk, person, "POST", url, json=body)
    if answer.status_code == 201:
        made = answer.json()
        world.accounts[made["account"]["name"]] = made["account"]
        desk.user_ids[body["user_name"]] = made["user"]["id"]
        desk.invited_at[body["user_name"]] = datetime.fromisoformat(
            made["invitation"]["created_at"]
        )
    return answer


@when(phrase('"{person}" adds a sub-account under "{parent}":'))
def adds_sub_account(
    world: World, desk: Desk, person: str, parent: str, datatable: list[list[str]]
) -> None:
    add_sub_account(world, desk, person, parent, sub_account_body(world, datatable))


@given(
    parsers.re(
        quoted("parent")
        + r" has an? (?P<kind>Business|Consumer) (?P<use>Employee|Subsidiary) sub-account "
        + quoted("name")
        + " for "
        + quoted("person")
        + r" with a reimbursement rate of (?P<rate>\d+(?:\.\d+)?) EUR"
    )
)
def has_sub_account(
    world: World, desk: Desk, parent: str, kind: str, use: str, name: str, person: str, rate: str
) -> None:
    """Added by the platform admin; its user activates from the mail and signs in."""
    body = {
        "type": use.lower(),
        "name": name,
        "email": email_of(world, person),
        "user_name": person,
        "account_type": kind.lower(),
        "reimbursement_rate": rate,
    }
    if kind == "Business":
        body |= company_details(name)
    made = body_of(add_sub_account(world, desk, PLATFORM_ADMIN, parent, body))
    activate_and_log_in(world, person, email_of(world, person), made["user"]["id"])


def sub_accounts(world: World, parent: str) -> list[dict[str, Any]]:
    url = f"/api/v1/accounts/{world.account_id(parent)}/sub-accounts"
    return list(world.setup("GET", url, None, 200)["items"])


@then(phrase('the sub-accounts of "{parent}" are "{names}"'))
def sub_accounts_are(world: World, parent: str, names: str) -> None:
    listed = sub_accounts(world, parent)
    assert sorted(a["name"] for a in listed) == sorted(n.strip() for n in names.split(","))
    assert {a["parent_account_id"] for a in listed} == {world.account_id(parent)}


@then(phrase('"{parent}" has no sub-accounts'))
def no_sub_accounts(world: World, parent: str) -> None:
    assert sub_accounts(world, parent) == []


@then(phrase('the account "{account}" reads:'))
def account_reads(world: World, account: str, datatable: list[list[str]]) -> None:
    shown = world.setup("GET", f"/api/v1/accounts/{world.account_id(account)}", None, 200)
    assert shown["kind"] == "sub_account", shown
    for label, value in ((r[0].strip(), r[1].strip()) for r in datatable):
        name, convert = _SUB_FIELDS[label]
        expected = convert(value)
        if name == "type":
            assert shown["sub_account_type"] == expected, shown
        elif name == "reimbursement_rate":
            assert Decimal(shown[name]) == Decimal(expected), shown
        else:
            assert shown[name] == expected, shown


# --- reimbursement credits -----------------------------------------------------------------


def metered_wh(fleet: Fleet, card: str) -> int:
    """The energy of ``card``'s one session as the station's own meter counted it: the
    register in its StopTransaction minus the one in its StartTransaction (OCPP 1.6)."""
    sessions = []
    for station in fleet.running.values():
        assert station.spec.version == "1.6", "metered sessions are read from 1.6 messages"
        start: dict[str, Any] | None = None
        for action, payload in station.sent:
            if action == "StartTransaction":
                start = payload
            elif action == "StopTransaction" and start is not None:
                if start["idTag"] == card:
                    sessions.append(int(payload["meterStop"]) - int(start["meterStart"]))
                start = None
    assert len(sessions) == 1, (card, sessions)
    return sessions[0]


def credits_of(world: World, account: str) -> list[dict[str, Any]]:
    page = admin_get(world, "/api/v1/invoices", account_id=world.account_id(account), kind="credit")
    return list(page["items"])


def one_credit(
    world: World, fleet: Fleet, account: str, rate: Decimal, card: str
) -> dict[str, Any]:
    """The account's one credit invoice, for ``card``'s session at ``rate`` per kWh."""
    (credit,) = credits_of(world, account)
    expected = cents(Decimal(metered_wh(fleet, card)) / 1000 * rate)
    assert expected > 0
    assert Decimal(credit["total_incl_vat"]) == expected, (credit, expected)
    detail = world.setup("GET", f"/api/v1/invoices/{credit['id']}", None, 200)
    assert [line["kind"] for line in detail["lines"]] == ["reimbursement"], detail
    return credit


_CREDIT = r"of (?P<rate>\d+(?:\.\d+)?) EUR per kWh charged with card " + quoted("card")


@then(parsers.re(quoted("account") + " has an issued credit " + _CREDIT))
def has_issued_credit(world: World, fleet: Fleet, account: str, rate: str, card: str) -> None:
    credit = one_credit(world, fleet, account, Decimal(rate), card)
    assert credit["status"] == "issued" and credit["number"].startswith("CRE-"), credit


@then(parsers.re(quoted("account") + " has a credit " + _CREDIT + " awaiting approval"))
def has_waiting_credit(world: World, fleet: Fleet, account: str, rate: str, card: str) -> None:
    credit = one_credit(world, fleet, account, Decimal(rate), card)
    assert (credit["status"], credit["requires_approval"], credit["number"]) == (
        "draft",
        True,
        None,
    )


@when(phrase('"{person}" approves the credit of "{account}"'))
def approves(world: World, desk: Desk, person: str, account: str) -> None:
    (credit,) = credits_of(world, account)
    act(world, desk, person, "POST", f"/api/v1/invoices/{credit['id']}/approve")


# --- billing plans and enterprise plans (INV-5) --------------------------------------------

ASSETS = {"charge points": "station", "charge cards": "card", "point": "station", "card": "card"}


@given(
    parsers.re(
        r"the tenant offers the billing plan "
        + quoted("plan")
        + r" for (?P<kind>charge points|charge cards) at (?P<price>\d+(?:\.\d+)?) EUR a month"
    )
)
def offers_plan(world: World, plan: str, kind: str, price: str) -> None:
    body = {
        "ref": slug_of(plan),
        "name": plan,
        "asset_kind": ASSETS[kind],
        "monthly_price": price,
        "tenant_id": world.tenant_id,
    }
    world.setup("POST", "/api/v1/billing-plans", body)


def subscribe(
    world: World,
    desk: Desk,
    person: str,
    customer: str,
    asset: str,
    ref: str,
    plan: str,
    day: str | None,
) -> httpx.Response:
    body = {"plan": slug_of(plan), "asset_kind": ASSETS[asset], "asset_ref": ref}
    if day is not None:
        body["activated_at"] = day_of(day).isoformat()
    url = f"/api/v1/accounts/{world.account_id(customer)}/subscriptions"
    return act(world, desk, person, "POST", url, json=body)


def own_account(world: World, person: str) -> str:
    """The name of the one customer account ``person`` is scoped to."""
    (grant,) = grants_of(world, person)
    (name,) = [n for n, a in world.accounts.items() if a["id"] == grant["account_id"]]
    return name


_ACTIVATES = (
    r" charge (?P<asset>point|card) "
    + quoted("ref")
    + " on the billing plan "
    + quoted("plan")
    + r" from (?P<day>\d{1,2} [A-Z][a-z]+ \d{4})"
)


@given(parsers.re(quoted("person") + " has activated" + _ACTIVATES))
def has_subscribed(
    world: World, desk: Desk, person: str, asset: str, ref: str, plan: str, day: str
) -> None:
    body_of(subscribe(world, desk, person, own_account(world, person), asset, ref, plan, day))


@when(parsers.re(quoted("person") + " activates" + _ACTIVATES))
def subscribes(
    world: World, desk: Desk, person: str, asset: str, ref: str, plan: str, day: str
) -> None:
    subscribe(world, desk, person, own_account(world, person), asset, ref, plan, day)


@when(
    parsers.re(
        quoted("person")
        + r" activates charge (?P<asset>point|card) "
        + quoted("ref")
        + " on the billing plan "
        + quoted("plan")
        + " for "
        + quoted("customer")
    )
)
def subscribes_for(
    world: World, desk: Desk, person: str, asset: str, ref: str, plan: str, customer: str
) -> None:
    subscribe(world, desk, person, customer, asset, ref, plan, None)


@then(
    parsers.re(
        quoted("customer")
        + r" is invoiced (?P<amount>\d+\.\d\d) EUR for charge (?P<asset>point|card) "
        + quoted("ref")
        + " on "
        + quoted("plan")
        + r" in (?P<month>[A-Z][a-z]+ \d{4})"
    )
)
def invoiced_for_asset(
    world: World, customer: str, amount: str, asset: str, ref: str, plan: str, month: str
) -> None:
    period = datetime.strptime(month, "%B %Y").strftime("%Y-%m")
    account = world.account_id(customer)
    page = admin_get(world, "/api/v1/invoices", account_id=account, kind="debit", period=period)
    (invoice,) = page["items"]
    lines = world.setup("GET", f"/api/v1/invoices/{invoice['id']}", None, 200)["lines"]
    wanted = f"{plan}: {ASSETS[asset]} {ref} ("
    (line,) = [x for x in lines if x["description"].startswith(wanted)]
    assert line["kind"] == "subscription", line
    assert Decimal(line["amount_excl_vat"]) == Decimal(amount), line


def enterprise_plan(price: str) -> dict[str, Any]:
    return {"price_per_asset": price, "public_charging": True}


_ENTERPRISE = (
    r" an enterprise plan for "
    + quoted("customer")
    + r" of (?P<price>\d+\.\d\d) EUR per activated asset with public charging"
)


@when(parsers.re(quoted("person") + " sets" + _ENTERPRISE))
def sets_enterprise(world: World, desk: Desk, person: str, customer: str, price: str) -> None:
    url = f"/api/v1/accounts/{world.account_id(customer)}/enterprise-plan"
    act(world, desk, person, "PUT", url, json=enterprise_plan(price))


@when(parsers.re("the tenant sets" + _ENTERPRISE))
def tenant_sets_enterprise(world: World, customer: str, price: str) -> None:
    url = f"/api/v1/accounts/{world.account_id(customer)}/enterprise-plan"
    world.call(PLATFORM_ADMIN, "PUT", url, json=enterprise_plan(price))


@then(
    parsers.re(
        quoted("person")
        + " reads the enterprise plan of "
        + quoted("customer")
        + r": (?P<price>\d+\.\d\d) EUR per activated asset with public charging"
    )
)
def reads_enterprise(world: World, desk: Desk, person: str, customer: str, price: str) -> None:
    url = f"/api/v1/accounts/{world.account_id(customer)}/enterprise-plan"
    shown = body_of(act(world, desk, person, "GET", url))
    assert Decimal(shown["price_per_asset"]) == Decimal(price), shown
    assert shown["public_charging"] is True, shown
