"""Steps about the charging network through the admin API: charge groups, the driver map,
operators and their private networks, locations, stations and connected accounts.

Every ``When "<person>" ...`` step is one API request with that person's login; the answer
is kept for the outcome steps of :mod:`tests.behaviours.steps.common`.
"""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from typing import Any

from pytest_bdd import given, then, when

from tests.behaviours.steps.common import (
    PLATFORM_ADMIN,
    World,
    a_location_with,
    an_operator_with,
    company_details,
    email_of,
    group_url,
    phrase,
)


def names(text: str) -> list[str]:
    """ "A, B, C" -> ["A", "B", "C"]; empty text -> []."""
    return [part.strip() for part in text.split(",") if part.strip()]


def ok(world: World) -> Any:
    """The last answer's body; it must have succeeded."""
    assert world.response is not None and world.response.is_success, (
        world.response and world.response.text
    )
    return world.response.json() if world.response.content else None


def vertical(datatable: list[list[str]]) -> dict[str, str]:
    """A two-column table (field | value) as a dict."""
    return {row[0].strip(): row[1].strip() for row in datatable}


def yes(text: str) -> bool:
    assert text in ("yes", "no"), text
    return text == "yes"


# --- charge groups -------------------------------------------------------------------------

_GROUP_FIELDS = {
    "name": ("name", str),
    "additional information": ("info", str),
    "type": ("type", str.lower),
    "tariff": ("tariff", str),
    "all customers": ("all_customers", yes),
    "accessible for roaming": ("roaming", yes),
}


@when(phrase('"{person}" creates a charge group with:'))
def creates_group(world: World, person: str, datatable: list[list[str]]) -> None:
    body = {_GROUP_FIELDS[k][0]: _GROUP_FIELDS[k][1](v) for k, v in vertical(datatable).items()}
    answer = world.call(person, "POST", "/api/v1/charge-groups", json=body)
    if answer.status_code == 201:
        world.groups[body["name"]] = answer.json()


@then(phrase('charge group "{group}" reads:'))
def group_reads(world: World, group: str, datatable: list[list[str]]) -> None:
    shown = world.setup("GET", group_url(world, group), expect=200)
    for label, value in vertical(datatable).items():
        field, convert = _GROUP_FIELDS[label]
        assert shown[field] == convert(value), (label, shown)


@when(phrase('"{person}" detaches "{customer}" from charge group "{group}"'))
def detaches_customer(world: World, person: str, customer: str, group: str) -> None:
    url = f"{group_url(world, group)}/customers/{world.account_id(customer)}"
    world.call(person, "DELETE", url)
    assert world.response is not None and world.response.status_code == 204, world.response


@when(phrase('"{person}" makes charge group "{group}" accessible for roaming'))
def opens_to_roaming(world: World, person: str, group: str) -> None:
    world.call(person, "PATCH", group_url(world, group), json={"roaming": True})
    ok(world)


@when(phrase('"{person}" makes charge group "{group}" closed to roaming'))
def closes_to_roaming(world: World, person: str, group: str) -> None:
    world.call(person, "PATCH", group_url(world, group), json={"roaming": False})
    ok(world)


@when(phrase('"{person}" attaches station "{station}" to charge group "{group}"'))
def attaches_station(world: World, person: str, station: str, group: str) -> None:
    world.call(person, "PUT", f"{group_url(world, group)}/stations/{station}")


@when(phrase('"{person}" attaches "{customer}" to charge group "{group}"'))
def attaches_customer(world: World, person: str, customer: str, group: str) -> None:
    url = f"{group_url(world, group)}/customers/{world.account_id(customer)}"
    world.call(person, "PUT", url)


@when(
    phrase(
        '"{person}" changes the tariff of the selected customers "{customers}" '
        'in charge group "{group}" to "{tariff}"'
    )
)
def changes_customer_tariffs(
    world: World, person: str, customers: str, group: str, tariff: str
) -> None:
    body = {"account_ids": [world.account_id(c) for c in names(customers)], "tariff": tariff}
    world.call(person, "POST", f"{group_url(world, group)}/customers/tariff", json=body)


@then(phrase('charge group "{group}" has the stations "{stations}"'))
def group_stations(world: World, group: str, stations: str) -> None:
    shown = world.setup("GET", f"{group_url(world, group)}/stations", expect=200)
    assert sorted(s["station_id"] for s in shown) == sorted(names(stations)), shown


@then(phrase('charge group "{group}" lists its customers and their tariffs:'))
def group_customers(world: World, group: str, datatable: list[list[str]]) -> None:
    shown = world.setup("GET", f"{group_url(world, group)}/customers", expect=200)
    header, *rows = datatable
    assert header == ["customer", "own tariff", "pays"], header
    expected = sorted((name, own or None, pays or None) for name, own, pays in rows)
    listed = sorted((c["name"], c["tariff"], c["effective_tariff"]) for c in shown)
    assert listed == expected


# --- the driver map ------------------------------------------------------------------------


@when(phrase('"{person}" opens the driver map'))
def opens_map(world: World, person: str) -> None:
    world.call(person, "GET", "/api/v1/map")


@then(phrase('the map shows exactly "{stations}"'))
def map_shows(world: World, stations: str) -> None:
    shown = sorted(s["id"] for s in ok(world)["stations"])
    assert shown == sorted(names(stations)), shown


@then("the map shows no station")
def map_empty(world: World) -> None:
    assert ok(world)["stations"] == []


# --- operators -----------------------------------------------------------------------------

_OPERATOR_FIELDS: dict[str, tuple[str, Any]] = {
    "name": ("name", str),
    "code": ("code", str),
    "status": ("status", str),
    "organisation name": ("organisation_name", str),
    "address": ("address", str),
    "phone": ("phone", str),
    "country": ("country", str),
    "state": ("state", str),
    "city": ("city", str),
    "zip": ("zip", str),
    "timezone": ("timezone", str),
    "session rating": ("session_rating", json.loads),
    "idle minutes": ("idle_timeout_minutes", int),
    "step delta Wh": ("energy_step_delta_wh", Decimal),
    "session limit EUR": ("monetary_session_limit", Decimal),
}


def operator_body(datatable: list[list[str]]) -> dict[str, Any]:
    body = {}
    for label, value in vertical(datatable).items():
        field, convert = _OPERATOR_FIELDS[label]
        converted = convert(value)
        body[field] = str(converted) if isinstance(converted, Decimal) else converted
    return body


def operator_url(world: World, operator: str) -> str:
    return f"/api/v1/operators/{world.operators[operator]['id']}"


@given(phrase('an operator "{operator}" with code "{code}" in time zone "{zone}"'))
def an_operator_in_zone(world: World, operator: str, code: str, zone: str) -> None:
    an_operator_with(world, operator, code, timezone=zone)


@when(phrase('"{person}" creates an operator with:'))
def creates_operator(world: World, person: str, datatable: list[list[str]]) -> None:
    body = operator_body(datatable)
    answer = world.call(person, "POST", "/api/v1/operators", json=body)
    if answer.status_code == 201:
        world.operators[body["name"]] = answer.json()


@when(phrase('"{person}" updates operator "{operator}" with:'))
def updates_operator(world: World, person: str, operator: str, datatable: list[list[str]]) -> None:
    world.call(person, "PATCH", operator_url(world, operator), json=operator_body(datatable))


@then(phrase('operator "{operator}" reads:'))
def operator_reads(world: World, operator: str, datatable: list[list[str]]) -> None:
    shown = world.setup("GET", operator_url(world, operator), expect=200)
    for label, value in vertical(datatable).items():
        field, convert = _OPERATOR_FIELDS[label]
        got = shown[field]
        expected = convert(value)
        if isinstance(expected, Decimal):
            got = Decimal(got)
        assert got == expected, (label, shown)


@then(phrase('integrations find operator "{operator}" by its code "{code}"'))
def found_by_code(world: World, operator: str, code: str) -> None:
    url = f"/api/v1/operators/by-code/{code}"
    found = world.loop.run(world.bench.api.get(url, params={"tenant_id": world.tenant_id}))
    assert found.status_code == 200, found.text
    assert found.json()["id"] == world.operators[operator]["id"], found.json()


@when(phrase('"{person}" lists the operators, {size:d} per page, page {page:d}'))
def lists_operators(world: World, person: str, size: int, page: int) -> None:
    params = {"limit": size, "offset": (page - 1) * size}
    world.call(person, "GET", "/api/v1/operators", params=params)


@then(phrase('the page shows operators "{operators}" of {total:d}'))
def page_shows(world: World, operators: str, total: int) -> None:
    page = ok(world)
    assert [o["name"] for o in page["items"]] == names(operators), page
    assert page["total"] == total, page


@when(phrase('"{person}" deletes operator "{operator}"'))
def deletes_operator(world: World, person: str, operator: str) -> None:
    world.call(person, "DELETE", operator_url(world, operator))


@then(phrase('operator "{operator}" no longer exists'))
def operator_gone(world: World, operator: str) -> None:
    world.setup("GET", operator_url(world, operator), expect=404)


@when(phrase('"{person}" removes the operator from location "{location}"'))
def removes_operator_from_location(world: World, person: str, location: str) -> None:
    url = f"/api/v1/locations/{world.locations[location]['id']}"
    world.call(person, "PATCH", url, json={"operator_id": None})
    ok(world)


@then(phrase('locations "{locations}" are run by operator "{operator}"'))
def locations_run_by(world: World, locations: str, operator: str) -> None:
    for location in names(locations):
        shown = world.setup(
            "GET", f"/api/v1/locations/{world.locations[location]['id']}", None, 200
        )
        assert shown["operator_id"] == world.operators[operator]["id"], shown


@when(phrase('"{person}" lists the stations of operator "{operator}"'))
def lists_operator_stations(world: World, person: str, operator: str) -> None:
    world.call(person, "GET", f"{operator_url(world, operator)}/stations")


@when(phrase('"{person}" lists the session history of operator "{operator}"'))
def lists_operator_sessions(world: World, person: str, operator: str) -> None:
    world.call(person, "GET", f"{operator_url(world, operator)}/sessions")


@then(phrase('the sessions listed are those at stations "{stations}"'))
def sessions_at(world: World, stations: str) -> None:
    items = ok(world)["items"]
    assert items, "no session listed"
    assert sorted({s["station_id"] for s in items}) == sorted(names(stations)), items


@then(phrase("their times are shown in {zone} time, UTC{offset}"))
def times_in_zone(world: World, zone: str, offset: str) -> None:
    """Each time carries the zone's offset and is the same instant as the UTC record."""
    page = ok(world)
    assert page["timezone"] == zone, page
    for item in page["items"]:
        utc = world.setup("GET", f"/api/v1/transactions/{item['id']}", None, 200)
        for field in ("started_at", "ended_at"):
            shown = item[field]
            assert shown.endswith(offset), (field, shown)
            assert _instant(shown) == _instant(utc[field]), (shown, utc[field])


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@given(phrase('"{customer}" is a member of the private network of operator "{operator}"'))
def a_member(world: World, customer: str, operator: str) -> None:
    url = f"{operator_url(world, operator)}/private-network/{world.account_id(customer)}"
    world.setup("PUT", url, expect=201)


@when(
    phrase('"{person}" grants "{customer}" access to the private network of operator "{operator}"')
)
def grants_membership(world: World, person: str, customer: str, operator: str) -> None:
    url = f"{operator_url(world, operator)}/private-network/{world.account_id(customer)}"
    world.call(person, "PUT", url)


@when(
    phrase(
        '"{person}" revokes the membership of "{customer}" '
        'in the private network of operator "{operator}"'
    )
)
def revokes_membership(world: World, person: str, customer: str, operator: str) -> None:
    url = f"{operator_url(world, operator)}/private-network/{world.account_id(customer)}"
    world.call(person, "DELETE", url)


# --- logins for operators ------------------------------------------------------------------


@then(phrase('nobody has a login for operator "{operator}"'))
def no_operator_login(world: World, operator: str) -> None:
    """Creating the operator made no user: the tenant's users are the people the scenario
    made, none of them for the operator."""
    users = world.setup("GET", f"/api/v1/users?tenant_id={world.tenant_id}", None, 200)
    known = {p.email for p in world.people.values()}
    assert {u["email"] for u in users["items"]} == known, users


@when(phrase('"{person}" invites "{invitee}" as a user of operator "{operator}"'))
def invites_operator_user(world: World, person: str, invitee: str, operator: str) -> None:
    body = {
        "email": email_of(world, invitee),
        "name": invitee,
        "role": "operator_user",
        "operator_id": world.operators[operator]["id"],
    }
    world.call(person, "POST", "/api/v1/users/invite", json=body)


@when(phrase('"{person}" activates her account from the invitation mail'))
@when(phrase('"{person}" activates his account from the invitation mail'))
def activates(world: World, person: str) -> None:
    token = world.mailbox.last_to(email_of(world, person)).token
    body = {"token": token, "password": "correct-horse-battery-staple"}
    world.call(
        PLATFORM_ADMIN,
        "POST",
        "/api/v1/auth/activate",
        json={**body, "accept_terms": True, "accept_privacy": True},
    )
    ok(world)


@then(phrase('"{person}" has a login for operator "{operator}"'))
def has_operator_login(world: World, person: str, operator: str) -> None:
    token = ok(world)["token"]
    me = world.loop.run(
        world.bench.api.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    )
    grants = me.json()["grants"]
    expected = {"role": "operator_user", "account_id": None}
    assert grants == [{**expected, "operator_id": world.operators[operator]["id"]}], grants


# --- locations and stations ----------------------------------------------------------------


@given(phrase('a location "{location}" published to roaming partners'))
def a_published_location(world: World, location: str) -> None:
    a_location_with(world, location, publish_to_roaming=True)


@when(phrase('"{person}" renames location "{location}" to "{name}"'))
def renames_location(world: World, person: str, location: str, name: str) -> None:
    url = f"/api/v1/locations/{world.locations[location]['id']}"
    world.call(person, "PATCH", url, json={"name": name})


@then(phrase('location "{location}" is called "{name}"'))
def location_called(world: World, location: str, name: str) -> None:
    shown = world.setup("GET", f"/api/v1/locations/{world.locations[location]['id']}", None, 200)
    assert shown["name"] == name, shown


@when(phrase('"{person}" lists the stations'))
def lists_stations(world: World, person: str) -> None:
    world.call(person, "GET", "/api/v1/stations")


@then(phrase('the list shows exactly the stations "{stations}"'))
def list_shows_stations(world: World, stations: str) -> None:
    shown = sorted(s["id"] for s in ok(world)["items"])
    assert shown == sorted(names(stations)), shown


@when(phrase('"{person}" looks at station "{station}"'))
def looks_at_station(world: World, person: str, station: str) -> None:
    world.call(person, "GET", f"/api/v1/stations/{station}")


@when(phrase('"{person}" makes station "{station}" invisible'))
def makes_invisible(world: World, person: str, station: str) -> None:
    world.call(person, "PATCH", f"/api/v1/stations/{station}", json={"visible": False})


# --- connected accounts --------------------------------------------------------------------


def connect(world: World, person: str, customer: str, primary: str, **extra: Any) -> None:
    url = f"/api/v1/accounts/{world.account_id(primary)}/connected-accounts"
    body = {"name": customer, **company_details(customer), **extra}
    answer = world.call(person, "POST", url, json=body)
    if answer.status_code == 201:
        world.accounts[customer] = answer.json()["account"]


@when(phrase('"{person}" connects a new account "{customer}" to "{primary}"'))
def connects(world: World, person: str, customer: str, primary: str) -> None:
    connect(world, person, customer, primary)


@then(phrase('the connected accounts of "{primary}" are "{customers}"'))
def connected_accounts_are(world: World, primary: str, customers: str) -> None:
    url = f"/api/v1/accounts/{world.account_id(primary)}/connected-accounts"
    page = world.setup("GET", url, expect=200)
    assert sorted(a["name"] for a in page["items"]) == sorted(names(customers)), page


@then(phrase('each connected account of "{primary}" has "{primary2}" as its primary account'))
def each_has_primary(world: World, primary: str, primary2: str) -> None:
    url = f"/api/v1/accounts/{world.account_id(primary)}/connected-accounts"
    page = world.setup("GET", url, expect=200)
    assert page["items"], "no connected account"
    for account in page["items"]:
        assert account["kind"] == "connected", account
        assert account["primary_account_id"] == world.account_id(primary2), account


@then(phrase('"{customer}" has "{primary}" as its primary account'))
def has_primary(world: World, customer: str, primary: str) -> None:
    shown = world.setup("GET", f"/api/v1/accounts/{world.account_id(customer)}", expect=200)
    assert shown["primary_account_id"] == world.account_id(primary), shown


@when(phrase('"{person}" moves "{customer}" under "{primary}"'))
def moves_account(world: World, person: str, customer: str, primary: str) -> None:
    url = f"/api/v1/accounts/{world.account_id(customer)}"
    world.call(person, "PATCH", url, json={"primary_account_id": world.account_id(primary)})
