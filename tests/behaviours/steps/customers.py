"""Steps about customers and what they see (CUS-1..CUS-8): customer types and employees,
attachments, payments, tickets, the usage overview, transactions, profile, charge cards and
charge points, and a system user's switch to a customer's view.

Energies are checked against the stations' own meters (the registers in their OCPP 1.6
StartTransaction and StopTransaction), and amounts against those energies times the price,
so no expected number is copied from a run.

Given
    a grid "Basement feed" of "Fleet Ltd"
    "Pia" has opened a ticket "Card refused" saying "..."
When
    "Tom" adds the private customer "Pia" / the company "Fleet Ltd" with its company details
    "Ann" adds "Eve" as an employee of "Fleet Ltd"
    "Ann" opens the attachments of "Fleet Ltd" / the overview of "Fleet Ltd"
    "Pia" lists the transactions [at charge point "X" | with card "X" | started on <day>]
    "Pia" exports the transactions [with card "X"]
    "Ann" sets "MeterValueSampleInterval" to "30" on charge point "HQ-1"
Then
    the transactions are the sessions of cards "PIA-1, PIA-2"
    "Sue" sees exactly what "Pia" sees on these pages: (a one-column table of pages)
"""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta
from decimal import Decimal
from typing import Any

from pytest_bdd import given, parsers, then, when

from tests.behaviours.steps.accounts import (
    Desk,
    act,
    admin_get,
    body_of,
    day_of,
    last,
    quoted,
)
from tests.behaviours.steps.charging import Fleet
from tests.behaviours.steps.common import (
    PLATFORM_ADMIN,
    World,
    company_details,
    email_of,
    phrase,
)
from tests.behaviours.steps.money import cents
from tests.behaviours.steps.subaccounts import metered_wh

_DAY = r"(?P<day>\d{1,2} [A-Z][a-z]+ \d{4})"


def names(text: str) -> list[str]:
    """ "A, B" -> ["A", "B"]; "" -> []."""
    return [part.strip() for part in text.split(",") if part.strip()]


def person_of(world: World, user_id: int | None) -> str:
    (name,) = [p.name for p in world.people.values() if p.user_id == user_id]
    return name


def cdr_id(world: World, card: str) -> int:
    """The one charge detail record of ``card``'s one session."""
    (cdr,) = [
        c for c in admin_get(world, "/api/v1/cdrs", limit=500)["items"] if c["id_token"] == card
    ]
    return int(cdr["id"])


# --- customer types and employees (CUS-1, CUS-6) -------------------------------------------


@when(phrase('"{person}" adds the private customer "{customer}"'))
def adds_private(world: World, desk: Desk, person: str, customer: str) -> None:
    answer = act(world, desk, person, "POST", "/api/v1/accounts", json={"name": customer})
    world.accounts[customer] = body_of(answer)


@when(phrase('"{person}" adds the company "{customer}" with its company details'))
def adds_company(world: World, desk: Desk, person: str, customer: str) -> None:
    body = {"name": customer, "customer_type": "company", **company_details(customer)}
    world.accounts[customer] = body_of(
        act(world, desk, person, "POST", "/api/v1/accounts", json=body)
    )


@when(phrase('"{person}" adds the company "{customer}" without a VAT number'))
def adds_company_without_vat(world: World, desk: Desk, person: str, customer: str) -> None:
    details = company_details(customer)
    del details["vat_number"]
    body = {"name": customer, "customer_type": "company", **details}
    act(world, desk, person, "POST", "/api/v1/accounts", json=body)


@when(phrase('"{person}" adds "{employee}" as an employee of "{company}"'))
def adds_employee(world: World, desk: Desk, person: str, employee: str, company: str) -> None:
    url = f"/api/v1/accounts/{world.account_id(company)}/employees"
    body = {"name": employee, "email": email_of(world, employee)}
    answer = act(world, desk, person, "POST", url, json=body)
    if answer.status_code == 201:
        made = answer.json()
        world.accounts[employee] = made["account"]
        desk.user_ids[employee] = made["user"]["id"]


@then(phrase('"{person}" finds these customers:'))
def finds_customers(world: World, desk: Desk, person: str, datatable: list[list[str]]) -> None:
    page = body_of(act(world, desk, person, "GET", "/api/v1/accounts"))
    by_id = {a["id"]: a["name"] for a in page["items"]}
    shown = sorted(
        (a["name"], a["customer_type"], by_id.get(a["employer_id"], "")) for a in page["items"]
    )
    expected = sorted(tuple(cell.strip() for cell in row) for row in datatable[1:])
    assert shown == expected, shown


def employees(world: World, company: str) -> list[str]:
    page = admin_get(world, f"/api/v1/accounts/{world.account_id(company)}/employees")
    assert all(a["employer_id"] == world.account_id(company) for a in page["items"]), page
    return sorted(a["name"] for a in page["items"])


@then(phrase('the employees of "{company}" are "{employees_}"'))
def employees_are(world: World, company: str, employees_: str) -> None:
    assert employees(world, company) == sorted(names(employees_))


@then(phrase('"{company}" has no employees'))
def no_employees(world: World, company: str) -> None:
    assert employees(world, company) == []


@when(phrase('"{person}" lists the employees of "{company}"'))
def lists_employees(world: World, desk: Desk, person: str, company: str) -> None:
    act(world, desk, person, "GET", f"/api/v1/accounts/{world.account_id(company)}/employees")


@when(phrase('"{person}" renames the employee "{employee}" to "{name}"'))
def renames_employee(world: World, desk: Desk, person: str, employee: str, name: str) -> None:
    url = f"/api/v1/accounts/{world.account_id(employee)}"
    answer = act(world, desk, person, "PATCH", url, json={"name": name})
    if answer.is_success:
        world.accounts[name] = answer.json()


# --- attachments (CUS-2) -------------------------------------------------------------------


@given(phrase('a grid "{grid}" of "{customer}"'))
def a_grid(world: World, grid: str, customer: str) -> None:
    body = {"name": grid, "customer_id": world.account_id(customer), "tenant_id": world.tenant_id}
    world.setup("POST", "/api/v1/grids", body)


@when(phrase('"{person}" opens the attachments of "{customer}"'))
def opens_attachments(world: World, desk: Desk, person: str, customer: str) -> None:
    act(world, desk, person, "GET", f"/api/v1/customers/{world.account_id(customer)}/attachments")


_ATTACHED = {
    "charge points": ("charge_points", "id"),
    "grids": ("grids", "name"),
    "charge groups": ("charge_groups", "name"),
    "charge cards": ("charge_cards", "value"),
    "employees": ("employees", "name"),
}


@then("the attachments are:")
def attachments_are(world: World, datatable: list[list[str]]) -> None:
    shown = last(world)
    expected = {row[0].strip(): sorted(names(row[1])) for row in datatable}
    assert set(expected) == set(_ATTACHED), expected
    for label, (key, attribute) in _ATTACHED.items():
        assert sorted(item[attribute] for item in shown[key]) == expected[label], (label, shown)


# --- payments (CUS-3) ----------------------------------------------------------------------

_AMOUNT = re.compile(r'(?P<price>\d+(?:\.\d+)?) EUR per kWh charged with "(?P<card>[^"]+)"')


@then(phrase('"{person}" sees these payments:'))
def sees_payments(
    world: World, fleet: Fleet, desk: Desk, person: str, datatable: list[list[str]]
) -> None:
    """Number, date, amount and status of each invoice, as the customer's own list shows
    them; an amount is the energy the card's session metered times the price."""
    page = body_of(act(world, desk, person, "GET", "/api/v1/invoices"))
    shown = sorted(
        (i["kind"], i["number"], i["date"], Decimal(i["total_incl_vat"]), i["status"])
        for i in page["items"]
    )
    expected = []
    for kind, number, date, amount, status in (
        [cell.strip() for cell in row] for row in datatable[1:]
    ):
        found = _AMOUNT.fullmatch(amount)
        assert found is not None, amount
        energy = Decimal(metered_wh(fleet, found["card"])) / 1000
        expected.append((kind, number, date, cents(energy * Decimal(found["price"])), status))
    assert shown == sorted(expected), (shown, expected)


def invoice_numbered(world: World, number: str) -> dict[str, Any]:
    (invoice,) = [i for i in admin_get(world, "/api/v1/invoices")["items"] if i["number"] == number]
    return invoice


@when(phrase('the tenant records that invoice "{number}" is paid'))
def records_paid(world: World, number: str) -> None:
    world.call(
        PLATFORM_ADMIN, "POST", f"/api/v1/invoices/{invoice_numbered(world, number)['id']}/pay"
    )
    last(world)


@then(phrase('"{person}" opens invoice "{number}" and finds the session of card "{card}" on it'))
def invoice_has_session(world: World, desk: Desk, person: str, number: str, card: str) -> None:
    url = f"/api/v1/invoices/{invoice_numbered(world, number)['id']}"
    detail = body_of(act(world, desk, person, "GET", url))
    assert [(x["kind"], x["cdr_id"]) for x in detail["lines"]] == [("session", cdr_id(world, card))]


@then(phrase('"{person}" sees only her own invoice, for the session of card "{card}"'))
def only_own_invoice(world: World, desk: Desk, person: str, card: str) -> None:
    (invoice,) = body_of(act(world, desk, person, "GET", "/api/v1/invoices"))["items"]
    assert invoice["account_id"] == world.account_id(person), invoice
    detail = body_of(act(world, desk, person, "GET", f"/api/v1/invoices/{invoice['id']}"))
    assert [x["cdr_id"] for x in detail["lines"]] == [cdr_id(world, card)], detail


@when(phrase('"{person}" opens the invoice of "{customer}"'))
def opens_invoice_of(world: World, desk: Desk, person: str, customer: str) -> None:
    (invoice,) = admin_get(world, "/api/v1/invoices", account_id=world.account_id(customer))[
        "items"
    ]
    act(world, desk, person, "GET", f"/api/v1/invoices/{invoice['id']}")


# --- tickets (CUS-4) -----------------------------------------------------------------------


def open_ticket(world: World, desk: Desk, person: str, subject: str, text: str) -> None:
    body = {"subject": subject, "body": text}
    answer = act(world, desk, person, "POST", "/api/v1/tickets", json=body)
    if answer.status_code == 201:
        desk.tickets[subject] = answer.json()["id"]


@given(phrase('"{person}" has opened a ticket "{subject}" saying "{text}"'))
def has_opened_ticket(world: World, desk: Desk, person: str, subject: str, text: str) -> None:
    open_ticket(world, desk, person, subject, text)
    last(world)


@when(phrase('"{person}" opens a ticket "{subject}" saying "{text}"'))
def opens_ticket(world: World, desk: Desk, person: str, subject: str, text: str) -> None:
    open_ticket(world, desk, person, subject, text)


@then(
    phrase(
        '"{person}" receives a mail about the ticket "{subject}" of "{customer}" saying "{text}"'
    )
)
def told_of_ticket(
    world: World, desk: Desk, person: str, subject: str, customer: str, text: str
) -> None:
    mail = world.mailbox.last_to(email_of(world, person))
    assert mail.subject == f"New ticket #{desk.tickets[subject]}: {subject}", mail.subject
    assert customer in mail.text and text in mail.text, mail.text


@then(phrase('"{person}" finds the ticket "{subject}" among the open tickets'))
def finds_open_ticket(world: World, desk: Desk, person: str, subject: str) -> None:
    page = body_of(act(world, desk, person, "GET", "/api/v1/tickets", params={"status": "open"}))
    assert desk.tickets[subject] in [t["id"] for t in page["items"]], page


@given(phrase('"{person}" has answered the ticket "{subject}" with "{text}"'))
def has_answered(world: World, desk: Desk, person: str, subject: str, text: str) -> None:
    answers(world, desk, person, subject, text)
    last(world)


@when(phrase('"{person}" answers the ticket "{subject}" with "{text}"'))
def answers(world: World, desk: Desk, person: str, subject: str, text: str) -> None:
    url = f"/api/v1/tickets/{desk.tickets[subject]}/messages"
    act(world, desk, person, "POST", url, json={"body": text})


@when(phrase('"{person}" reads the ticket "{subject}"'))
def reads_ticket(world: World, desk: Desk, person: str, subject: str) -> None:
    act(world, desk, person, "GET", f"/api/v1/tickets/{desk.tickets[subject]}")


@then(
    parsers.re(
        quoted("person")
        + " reads the ticket "
        + quoted("subject")
        + r" as (?P<state>answered|open):"
    )
)
def ticket_reads(
    world: World, desk: Desk, person: str, subject: str, state: str, datatable: list[list[str]]
) -> None:
    shown = body_of(act(world, desk, person, "GET", f"/api/v1/tickets/{desk.tickets[subject]}"))
    assert shown["account_id"] == world.account_id(person), shown
    assert shown["status"] == state, shown
    conversation = [(person_of(world, m["author_id"]), m["body"]) for m in shown["messages"]]
    assert conversation == [(row[0].strip(), row[1].strip()) for row in datatable[1:]]


@when(phrase('"{person}" lists his tickets'))
@when(phrase('"{person}" lists her tickets'))
def lists_tickets(world: World, desk: Desk, person: str) -> None:
    act(world, desk, person, "GET", "/api/v1/tickets")


@then("no ticket is listed")
def no_ticket(world: World) -> None:
    assert last(world)["items"] == []


# --- the usage overview (CUS-5, CUS-6) -----------------------------------------------------


@when(phrase('"{person}" opens the overview of "{customer}"'))
def opens_overview(world: World, desk: Desk, person: str, customer: str) -> None:
    url = f"/api/v1/customers/{world.account_id(customer)}/dashboard"
    act(world, desk, person, "GET", url, params={"interval": "day"})


def energy_shown(world: World, series: str, fleet: Fleet, cards: str, day: str) -> None:
    """The series' total and its one day are the cards' metered sessions, in Wh."""
    shown = last(world)[series]
    wanted = sum(metered_wh(fleet, card) for card in names(cards))
    assert wanted > 0
    assert Decimal(shown["total_wh"]) == wanted, shown
    points = [(p["period"], Decimal(p["energy_wh"])) for p in shown["per_interval"]]
    assert points == [(day_of(day).date().isoformat(), wanted)], points


@then(
    parsers.re(
        r'the overview shows the energy used with cards "(?P<cards>[^"]*)" on '
        + _DAY
        + " and in total"
    )
)
def energy_used(world: World, fleet: Fleet, cards: str, day: str) -> None:
    energy_shown(world, "energy_used", fleet, cards, day)


@then(
    parsers.re(
        r'the overview shows the energy its charge points delivered to cards "(?P<cards>[^"]*)" on '
        + _DAY
        + " and in total"
    )
)
def energy_delivered(world: World, fleet: Fleet, cards: str, day: str) -> None:
    energy_shown(world, "energy_delivered", fleet, cards, day)


@then(phrase('the latest card transactions are those of cards "{cards}"'))
def latest_card(world: World, cards: str) -> None:
    shown = last(world)["latest_card_transactions"]
    assert [t["id_token"] for t in shown] == names(cards), shown


@then(phrase('the latest charge point transactions are those of cards "{cards}"'))
def latest_station(world: World, cards: str) -> None:
    shown = last(world)["latest_charge_point_transactions"]
    assert [t["id_token"] for t in shown] == names(cards), shown


@then(phrase('the overview lists the charge points "{stations}"'))
def overview_stations(world: World, stations: str) -> None:
    shown = last(world)["stations"]
    assert sorted(s["id"] for s in shown) == sorted(names(stations)), shown


@then("the overview lists no charge points")
def overview_no_stations(world: World) -> None:
    assert last(world)["stations"] == []


# --- transactions, profile, cards (CUS-5) --------------------------------------------------


def list_transactions(world: World, desk: Desk, person: str, **params: Any) -> None:
    act(world, desk, person, "GET", "/api/v1/transactions", params=params)


@when(phrase('"{person}" lists the transactions'))
def lists_transactions(world: World, desk: Desk, person: str) -> None:
    list_transactions(world, desk, person)


@when(phrase('"{person}" lists the transactions at charge point "{station}"'))
def lists_at_station(world: World, desk: Desk, person: str, station: str) -> None:
    list_transactions(world, desk, person, station_id=station)


@when(phrase('"{person}" lists the transactions with card "{card}"'))
def lists_with_card(world: World, desk: Desk, person: str, card: str) -> None:
    list_transactions(world, desk, person, id_token=card)


@when(parsers.re(quoted("person") + " lists the transactions started on " + _DAY))
def lists_started_on(world: World, desk: Desk, person: str, day: str) -> None:
    start = day_of(day)
    list_transactions(
        world,
        desk,
        person,
        started_from=start.isoformat(),
        started_before=(start + timedelta(days=1)).isoformat(),
    )


def sessions_are(fleet: Fleet, rows: list[tuple[str, str]], cards: str) -> None:
    """(card, energy in Wh) rows are exactly the cards' metered sessions."""
    expected = sorted((card, str(metered_wh(fleet, card))) for card in names(cards))
    assert sorted((card, str(int(Decimal(wh)))) for card, wh in rows) == expected, rows


@then(phrase('the transactions are the sessions of cards "{cards}"'))
def transactions_are(world: World, fleet: Fleet, cards: str) -> None:
    page = last(world)
    assert page["total"] == len(names(cards)), page
    sessions_are(fleet, [(t["id_token"], t["energy_wh"]) for t in page["items"]], cards)


@then("no transaction is listed")
def no_transaction(world: World) -> None:
    page = last(world)
    assert (page["total"], page["items"]) == (0, []), page


@when(phrase('"{person}" exports the transactions'))
def exports(world: World, desk: Desk, person: str) -> None:
    list_transactions(world, desk, person, format="csv")


@when(phrase('"{person}" exports the transactions with card "{card}"'))
def exports_with_card(world: World, desk: Desk, person: str, card: str) -> None:
    list_transactions(world, desk, person, format="csv", id_token=card)


@then(phrase('the export is a CSV file of the sessions of cards "{cards}"'))
def export_is(world: World, fleet: Fleet, cards: str) -> None:
    answer = world.response
    assert answer is not None and answer.is_success, answer and answer.text
    assert answer.headers["content-type"].startswith("text/csv"), answer.headers
    assert "attachment" in answer.headers["content-disposition"], answer.headers
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    sessions_are(fleet, [(r["id_token"], r["energy_wh"]) for r in rows], cards)


@when(phrase('"{person}" opens the profile'))
def opens_profile(world: World, desk: Desk, person: str) -> None:
    act(world, desk, person, "GET", "/api/v1/me")


@then(
    parsers.re(
        r"the profile shows "
        + quoted("person")
        + r", (?:her|his) e-mail address and the customer "
        + quoted("customer")
    )
)
def profile_shows(world: World, person: str, customer: str) -> None:
    user = last(world)["user"]
    assert (user["name"], user["email"]) == (person, email_of(world, person)), user
    assert (user["account_id"], user["account_name"]) == (world.account_id(customer), customer)


@when(phrase('"{person}" lists the charge cards'))
def lists_cards(world: World, desk: Desk, person: str) -> None:
    act(world, desk, person, "GET", "/api/v1/tokens")


@then(phrase('the charge cards are "{cards}"'))
def cards_are(world: World, cards: str) -> None:
    shown = last(world)["items"]
    assert sorted(c["value"] for c in shown) == sorted(names(cards)), shown


@when(phrase('"{person}" looks at card "{card}"'))
def looks_at_card(world: World, desk: Desk, person: str, card: str) -> None:
    act(world, desk, person, "GET", f"/api/v1/tokens/{card}")


@when(phrase('"{person}" relabels card "{card}" as "{label}"'))
def relabels_card(world: World, desk: Desk, person: str, card: str, label: str) -> None:
    act(world, desk, person, "PATCH", f"/api/v1/tokens/{card}", json={"label": label})


# --- configuring charge points (CUS-7) -----------------------------------------------------


def commands_url(station: str, command: str) -> str:
    return f"/api/v1/stations/{station}/commands/{command}"


@when(phrase('"{person}" sets "{key}" to "{value}" on charge point "{station}"'))
def sets_configuration(
    world: World, fleet: Fleet, desk: Desk, person: str, key: str, value: str, station: str
) -> None:
    if station in world.stations:
        cp = fleet.station(station)  # online, so a command could reach it
        desk.asked[(station, key)] = (cp.adapter.config.value(key), value)  # type: ignore[attr-defined]  # a 1.6 station's adapter
    body = {"key": key, "value": value}
    act(world, desk, person, "POST", commands_url(station, "change-configuration"), json=body)


@then("the charge point accepted the change")
def change_accepted(world: World) -> None:
    assert last(world)["status"] == "Accepted"


@then(phrase('charge point "{station}" now has "{key}" set to "{value}"'))
def station_has(fleet: Fleet, station: str, key: str, value: str) -> None:
    assert fleet.station(station).adapter.config.value(key) == value  # type: ignore[attr-defined]  # a 1.6 station's adapter


@then(phrase('charge point "{station}" still has "{key}" as before'))
def station_unchanged(fleet: Fleet, desk: Desk, station: str, key: str) -> None:
    before, asked = desk.asked[(station, key)]
    assert before != asked, (before, asked)  # else the check below proves nothing
    assert fleet.station(station).adapter.config.value(key) == before  # type: ignore[attr-defined]  # a 1.6 station's adapter


@when(phrase('"{person}" reads "{key}" of charge point "{station}"'))
def reads_configuration(
    world: World, fleet: Fleet, desk: Desk, person: str, key: str, station: str
) -> None:
    fleet.station(station)
    act(
        world,
        desk,
        person,
        "POST",
        commands_url(station, "get-configuration"),
        json={"keys": [key]},
    )


@then(phrase('the charge point reports "{key}" as "{value}"'))
def reports_configuration(world: World, key: str, value: str) -> None:
    shown = last(world)
    assert [(k["key"], k["value"]) for k in shown] == [(key, value)], shown


# --- the customer's view (CUS-8) -----------------------------------------------------------

PAGES = {
    "overview": "/api/v1/customers/{account}/dashboard",
    "transactions": "/api/v1/transactions",
    "invoices": "/api/v1/invoices",
    "charge cards": "/api/v1/tokens",
    "charge points": "/api/v1/stations",
    "attachments": "/api/v1/customers/{account}/attachments",
    "tickets": "/api/v1/tickets",
    "driver map": "/api/v1/map",
    "account": "/api/v1/accounts/{account}",
}
# What a charger reports on its own (last seen, connection) moves between two requests while
# stations run; it says nothing about who may see the station, so it is left out.
LIVE = {"last_seen_at", "connected", "connection"}


def without_live(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: without_live(v) for k, v in value.items() if k not in LIVE}
    if isinstance(value, list):
        return [without_live(v) for v in value]
    return value


@then(phrase('"{person}" sees exactly what "{customer_person}" sees on these pages:'))
def sees_exactly(
    world: World, desk: Desk, person: str, customer_person: str, datatable: list[list[str]]
) -> None:
    account = desk.views[person]
    for page in (row[0].strip() for row in datatable):
        url = PAGES[page].format(account=account)
        theirs = body_of(world.call(customer_person, "GET", url))
        in_view = body_of(act(world, desk, person, "GET", url))
        assert without_live(in_view) == without_live(theirs), (page, in_view, theirs)


@then(phrase('in the view, "{person}" sees the charge cards "{cards}" and the tickets "{tickets}"'))
def view_shows(world: World, desk: Desk, person: str, cards: str, tickets: str) -> None:
    shown = body_of(act(world, desk, person, "GET", "/api/v1/tokens"))["items"]
    assert sorted(c["value"] for c in shown) == sorted(names(cards)), shown
    shown = body_of(act(world, desk, person, "GET", "/api/v1/tickets"))["items"]
    assert sorted(t["subject"] for t in shown) == sorted(names(tickets)), shown


@when(phrase('"{person}" reads the mail outbox'))
def reads_outbox(world: World, desk: Desk, person: str) -> None:
    act(world, desk, person, "GET", "/api/v1/outbox")


@when(phrase('"{person}" reads the audit trail'))
def reads_audit(world: World, desk: Desk, person: str) -> None:
    act(world, desk, person, "GET", "/api/v1/audit")


DID = {"opened a ticket": "open_ticket"}


@then(phrase('the audit trail on behalf of "{customer}" reads:'))
def audit_reads(world: World, customer: str, datatable: list[list[str]]) -> None:
    page = admin_get(world, "/api/v1/audit", on_behalf_of=world.account_id(customer))
    shown = [(person_of(world, e["actor_user_id"]), e["action"]) for e in page["items"]]
    assert shown == [(row[0].strip(), DID[row[1].strip()]) for row in datatable[1:]], page
