"""The shared step vocabulary of the behaviour scenarios.

Everything is set up the way a customer of the platform would: through the admin API, as
the platform admin (``bench.api``), or as a person who logged in. People get their login
from the real invitation mail (SMTP on loopback): invited, activated from the mailed link,
logged in. Nothing is written to the database behind the API's back.

Names in quotes are the business names; steps look the ids up in :class:`World`.

Given (setup, as the platform admin)
    a tenant "Acme"                          both support links set: invitations open
    a tenant "Acme" without support links
    a customer "Bakery"                      a private customer (standard account)
    a company "Employer Ltd"                 a company customer, company details filled in
    "Bakery" is a connected account of "Installer"
    "Tom" is a tenant admin / "Sue" is customer support
    "Ann" is an account admin of "Bakery" / "Dan" is a driver of "Bakery"
    "Eve" is an employee of company "Employer Ltd"   (an employee account named "Eve")
    "Olga" is a user of operator "Hotel Group"
    an operator "Hotel Group" [with code "HOTEL"]
    a location "Harbour" [run by operator "Hotel Group" | owned by "Bakery"]
    a 1.6 station "ST-1" at "Harbour"        (1.6 or 2.0.1: the version it speaks)
    an invisible 2.0.1 station "ST-2" at "Harbour"
    a 2.0.1 station "HOME-1" of "Eve"        a station attached to a customer (home charger)
    card "CARD-1" of "Bakery" / a blocked card "CARD-2" of "Bakery"
    a roaming card "ROAM-1" from provider "DE-ABC"
    a tariff "STD-030" of 0.30 EUR per kWh [owned by "Bakery"]
    a reimbursement tariff "EMP-025" of 0.25 EUR per kWh owned by "Employer Ltd"
    a Home charge group "Garage" [with tariff "HOME-025"] / an Other charge group "Staff"
    charge group "Staff" is open to all customers / is accessible for roaming
    station "ST-1" is in charge group "Staff"
    "Bakery" is attached to charge group "Staff" [with tariff "VIP-020"]

When
    "Ann" logs in

Then (about the last API answer)
    the request succeeds
    the request is refused with 403
    the answer says "cannot be changed"

Tariffs have no VAT unless said, so an amount reads as energy times price.

More vocabulary: charging with virtual stations in :mod:`.charging`; charge groups, the
driver map, operators, locations and connected accounts in :mod:`.network`; tariffs on the
network, CDRs, billing, statements, reports and session settings in :mod:`.money`.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

import httpx
import pytest
from parse import with_pattern
from pytest_bdd import given, parsers, then, when

from ocppj.versions import OcppVersion
from tests.behaviours.loop import LoopThread
from tests.support.bench import Bench
from tests.support.mailbox import Mailbox

PASSWORD = "correct-horse-battery-staple"
TERMS, PRIVACY = "https://example.com/terms", "https://example.com/privacy"
PLATFORM_ADMIN = "the platform admin"


@with_pattern(r'[^"]*')
def _quoted(text: str) -> str:
    return text


@with_pattern(r"1\.6|2\.0\.1")
def _version(text: str) -> OcppVersion:
    return OcppVersion.parse(text)


@with_pattern(r"\d+(?:\.\d+)?")
def _amount(text: str) -> Decimal:
    return Decimal(text)


@with_pattern(
    r"(?:January|February|March|April|May|June|July|August|September|October"
    r"|November|December) \d{4}"
)
def _month(text: str) -> str:
    """ "November 2026" -> "2026-11", the period the API speaks."""
    return datetime.strptime(text, "%B %Y").strftime("%Y-%m")


TYPES = {"Q": _quoted, "Version": _version, "Amount": _amount, "Month": _month}
_FIELD = re.compile(r"\{(\w+)\}")


def phrase(text: str) -> parsers.parse:
    """A step pattern: ``{name}`` is a quoted value (no quotes inside), typed fields keep
    their type (``{version:Version}``, ``{price:Amount}``, ``{period:Month}``, ``{code:d}``)."""
    return parsers.parse(_FIELD.sub(r"{\1:Q}", text), extra_types=TYPES)


def slug_of(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def code_of(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", name.upper()).strip("-")


@dataclass
class Person:
    name: str
    email: str
    tenant: str
    user_id: int
    token: str


@dataclass
class World:
    """What a scenario made, by business name, and the last API answer."""

    bench: Bench
    loop: LoopThread
    mailbox: Mailbox
    tenant: str = ""  # the tenant new things go to: the last one given
    tenants: dict[str, dict[str, Any]] = field(default_factory=dict)
    accounts: dict[str, dict[str, Any]] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    operators: dict[str, dict[str, Any]] = field(default_factory=dict)
    locations: dict[str, dict[str, Any]] = field(default_factory=dict)
    stations: dict[str, OcppVersion] = field(default_factory=dict)
    groups: dict[str, dict[str, Any]] = field(default_factory=dict)
    response: httpx.Response | None = None

    @property
    def tenant_id(self) -> int:
        return int(self.tenants[self.tenant]["id"])

    def account_id(self, name: str) -> int:
        return int(self.accounts[name]["id"])

    def call(
        self,
        who: str,
        method: str,
        url: str,
        *,
        json: Any = None,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        """One API request by ``who`` (a person's name, or the platform admin); the answer is
        kept for the outcome steps."""
        sent = dict(headers or {})
        if who != PLATFORM_ADMIN:
            sent["Authorization"] = f"Bearer {self.people[who].token}"
        request = self.bench.api.request(method, url, json=json, params=params, headers=sent)
        self.response = self.loop.run(request)
        return self.response

    def setup(self, method: str, url: str, json: Any = None, expect: int = 201) -> Any:
        """A setup request as the platform admin that must succeed with ``expect``."""
        answer = self.loop.run(self.bench.api.request(method, url, json=json))
        assert answer.status_code == expect, (method, url, answer.status_code, answer.text)
        return answer.json() if answer.content else None

    def answer(self) -> Any:
        assert self.response is not None, "no request was made"
        return self.response.json()


@pytest.fixture
def world(bench: Bench, loop: LoopThread, mailbox: Mailbox, ctx: dict[str, Any]) -> World:
    """The scenario's world, also at ``ctx["world"]``."""
    ctx["world"] = World(bench, loop, mailbox)
    return ctx["world"]


# --- tenants and customers -----------------------------------------------------------------


def _tenant(world: World, name: str, links: bool) -> None:
    body: dict[str, Any] = {"name": name, "slug": slug_of(name), "currency": "EUR"}
    if links:
        body |= {"terms_url": TERMS, "privacy_url": PRIVACY}
    world.tenants[name] = world.setup("POST", "/api/v1/tenants", body)
    world.tenant = name


@given(phrase('a tenant "{tenant}"'))
def a_tenant(world: World, tenant: str) -> None:
    _tenant(world, tenant, links=True)


@given(phrase('a tenant "{tenant}" without support links'))
def a_tenant_without_links(world: World, tenant: str) -> None:
    _tenant(world, tenant, links=False)


def company_details(name: str) -> dict[str, str]:
    return {
        "company_name": name,
        "vat_number": f"NL{zlib.crc32(name.encode()) % 10**9:09d}B01",
        "company_address": "1 Main Street, Utrecht",
    }


@given(phrase('a customer "{customer}"'))
def a_customer(world: World, customer: str) -> None:
    body = {"name": customer, "customer_type": "private", "tenant_id": world.tenant_id}
    world.accounts[customer] = world.setup("POST", "/api/v1/accounts", body)


@given(phrase('a company "{customer}"'))
def a_company(world: World, customer: str) -> None:
    body = {
        "name": customer,
        "customer_type": "company",
        "tenant_id": world.tenant_id,
        **company_details(customer),
    }
    world.accounts[customer] = world.setup("POST", "/api/v1/accounts", body)


@given(phrase('"{customer}" is a connected account of "{primary}"'))
def a_connected_account(world: World, customer: str, primary: str) -> None:
    url = f"/api/v1/accounts/{world.account_id(primary)}/connected-accounts"
    body = {"name": customer, **company_details(customer)}
    world.accounts[customer] = world.setup("POST", url, body)["account"]


# --- people --------------------------------------------------------------------------------


def email_of(world: World, person: str) -> str:
    return f"{slug_of(person)}@{world.tenants[world.tenant]['slug']}.test"


def activate_and_log_in(world: World, person: str, email: str, user_id: int) -> Person:
    """Follow the link in the newest invitation mail to ``email``, then log in."""
    token = world.mailbox.last_to(email).token
    body = {"token": token, "password": PASSWORD, "accept_terms": True, "accept_privacy": True}
    world.setup("POST", "/api/v1/auth/activate", body, expect=200)
    slug = world.tenants[world.tenant]["slug"]
    login = {"tenant": slug, "email": email, "password": PASSWORD}
    logged_in = world.setup("POST", "/api/v1/auth/login", login, expect=200)
    world.people[person] = Person(person, email, world.tenant, user_id, logged_in["token"])
    return world.people[person]


def a_person(world: World, person: str, role: str, **where: int) -> Person:
    """Invite ``person`` with ``role`` (scoped by account_id or operator_id), then activate
    from the mailed link and log in."""
    email = email_of(world, person)
    body = {"email": email, "name": person, "role": role, "tenant_id": world.tenant_id, **where}
    invited = world.setup("POST", "/api/v1/users/invite", body)
    return activate_and_log_in(world, person, email, invited["user"]["id"])


@given(phrase('"{person}" is a tenant admin'))
def a_tenant_admin(world: World, person: str) -> None:
    a_person(world, person, "tenant_admin")


@given(phrase('"{person}" is customer support'))
def a_support_user(world: World, person: str) -> None:
    a_person(world, person, "customer_support")


@given(phrase('"{person}" is an account admin of "{customer}"'))
def an_account_admin(world: World, person: str, customer: str) -> None:
    a_person(world, person, "account_admin", account_id=world.account_id(customer))


@given(phrase('"{person}" is a driver of "{customer}"'))
def a_driver(world: World, person: str, customer: str) -> None:
    a_person(world, person, "driver", account_id=world.account_id(customer))


@given(phrase('"{person}" is an employee of company "{company}"'))
def an_employee(world: World, person: str, company: str) -> None:
    """The company adds an employee account named after the person; they are invited."""
    email = email_of(world, person)
    url = f"/api/v1/accounts/{world.account_id(company)}/employees"
    invited = world.setup("POST", url, {"name": person, "email": email})
    world.accounts[person] = invited["account"]
    activate_and_log_in(world, person, email, invited["user"]["id"])


@given(phrase('"{person}" is a user of operator "{operator}"'))
def an_operator_user(world: World, person: str, operator: str) -> None:
    a_person(world, person, "operator_user", operator_id=world.operators[operator]["id"])


@when(phrase('"{person}" logs in'))
def logs_in(world: World, person: str) -> None:
    slug = world.tenants[world.tenant]["slug"]
    body = {"tenant": slug, "email": email_of(world, person), "password": PASSWORD}
    world.call(PLATFORM_ADMIN, "POST", "/api/v1/auth/login", json=body)


# --- operators, locations, stations, cards -------------------------------------------------


def an_operator_with(world: World, operator: str, code: str, **fields: Any) -> dict[str, Any]:
    body = {"name": operator, "code": code, "tenant_id": world.tenant_id, **fields}
    world.operators[operator] = world.setup("POST", "/api/v1/operators", body)
    return world.operators[operator]


@given(phrase('an operator "{operator}"'))
def an_operator(world: World, operator: str) -> None:
    an_operator_with(world, operator, code_of(operator))


@given(phrase('an operator "{operator}" with code "{code}"'))
def an_operator_coded(world: World, operator: str, code: str) -> None:
    an_operator_with(world, operator, code)


def a_location_with(world: World, location: str, **fields: Any) -> None:
    body = {"ref": code_of(location), "name": location, "tenant_id": world.tenant_id, **fields}
    world.locations[location] = world.setup("POST", "/api/v1/locations", body)


@given(phrase('a location "{location}"'))
def a_location(world: World, location: str) -> None:
    a_location_with(world, location)


@given(phrase('a location "{location}" run by operator "{operator}"'))
def a_location_run_by(world: World, location: str, operator: str) -> None:
    a_location_with(world, location, operator_id=world.operators[operator]["id"])


@given(phrase('a location "{location}" owned by "{customer}"'))
def a_location_owned_by(world: World, location: str, customer: str) -> None:
    a_location_with(world, location, account_id=world.account_id(customer))


def register_station(world: World, station: str, version: OcppVersion, **fields: Any) -> None:
    body = {"id": station, "password": PASSWORD, "tenant_id": world.tenant_id, **fields}
    world.setup("POST", "/api/v1/stations", body)
    world.stations[station] = version


@given(phrase('a {version:Version} station "{station}" at "{location}"'))
def a_station_at(world: World, version: OcppVersion, station: str, location: str) -> None:
    register_station(world, station, version, location_id=world.locations[location]["id"])


@given(phrase('an invisible {version:Version} station "{station}" at "{location}"'))
def an_invisible_station_at(
    world: World, version: OcppVersion, station: str, location: str
) -> None:
    location_id = world.locations[location]["id"]
    register_station(world, station, version, location_id=location_id, visible=False)


@given(phrase('a {version:Version} station "{station}" of "{customer}"'))
def a_station_of(world: World, version: OcppVersion, station: str, customer: str) -> None:
    register_station(world, station, version, customer_id=world.account_id(customer))


def a_card_with(world: World, card: str, **fields: Any) -> None:
    world.setup("POST", "/api/v1/tokens", {"value": card, **fields})


@given(phrase('card "{card}" of "{customer}"'))
def a_card(world: World, card: str, customer: str) -> None:
    account = world.accounts[customer]
    a_card_with(world, card, tenant_id=account["tenant_id"], account_id=account["id"])


@given(phrase('a blocked card "{card}" of "{customer}"'))
def a_blocked_card(world: World, card: str, customer: str) -> None:
    account = world.accounts[customer]
    a_card_with(
        world, card, tenant_id=account["tenant_id"], account_id=account["id"], status="Blocked"
    )


@given(phrase('a roaming card "{card}" from provider "{provider}"'))
def a_roaming_card(world: World, card: str, provider: str) -> None:
    a_card_with(world, card, tenant_id=world.tenant_id, provider=provider)


# --- tariffs -------------------------------------------------------------------------------


def per_kwh(price: Decimal, vat: str = "0") -> list[dict[str, Any]]:
    component = {"type": "ENERGY", "price": str(price), "vat": vat, "step_size": 1}
    return [{"price_components": [component]}]


def a_tariff_with(world: World, tariff: str, price: Decimal, **fields: Any) -> None:
    body = {
        "ref": tariff,
        "currency": "EUR",
        "tenant_id": world.tenant_id,
        "elements": per_kwh(price),
        **fields,
    }
    world.setup("POST", "/api/v1/tariffs", body)


@given(phrase('a tariff "{tariff}" of {price:Amount} EUR per kWh'))
def a_tariff(world: World, tariff: str, price: Decimal) -> None:
    a_tariff_with(world, tariff, price)


@given(phrase('a tariff "{tariff}" of {price:Amount} EUR per kWh owned by "{customer}"'))
def a_tariff_owned(world: World, tariff: str, price: Decimal, customer: str) -> None:
    a_tariff_with(world, tariff, price, account_id=world.account_id(customer))


@given(
    phrase('a reimbursement tariff "{tariff}" of {price:Amount} EUR per kWh owned by "{customer}"')
)
def a_reimbursement_tariff(world: World, tariff: str, price: Decimal, customer: str) -> None:
    a_tariff_with(
        world, tariff, price, account_id=world.account_id(customer), purpose="reimbursement"
    )


# --- charge groups -------------------------------------------------------------------------

_GROUP = r'an? (?P<kind>Home|Other) charge group "(?P<group>[^"]+)"'


def a_group_with(world: World, group: str, kind: str, **fields: Any) -> None:
    body = {"name": group, "type": kind.lower(), "tenant_id": world.tenant_id, **fields}
    world.groups[group] = world.setup("POST", "/api/v1/charge-groups", body)


@given(parsers.re(_GROUP))
def a_group(world: World, kind: str, group: str) -> None:
    a_group_with(world, group, kind)


@given(parsers.re(_GROUP + r' with tariff "(?P<tariff>[^"]+)"'))
def a_group_with_tariff(world: World, kind: str, group: str, tariff: str) -> None:
    a_group_with(world, group, kind, tariff=tariff)


def group_url(world: World, group: str) -> str:
    return f"/api/v1/charge-groups/{world.groups[group]['id']}"


@given(phrase('charge group "{group}" is open to all customers'))
def group_open_to_all(world: World, group: str) -> None:
    world.setup("PATCH", group_url(world, group), {"all_customers": True}, expect=200)


@given(phrase('charge group "{group}" is accessible for roaming'))
def group_open_to_roaming(world: World, group: str) -> None:
    world.setup("PATCH", group_url(world, group), {"roaming": True}, expect=200)


@given(phrase('station "{station}" is in charge group "{group}"'))
def station_in_group(world: World, station: str, group: str) -> None:
    world.setup("PUT", f"{group_url(world, group)}/stations/{station}", expect=200)


@given(phrase('"{customer}" is attached to charge group "{group}"'))
def customer_in_group(world: World, customer: str, group: str) -> None:
    url = f"{group_url(world, group)}/customers/{world.account_id(customer)}"
    world.setup("PUT", url, expect=200)


@given(phrase('"{customer}" is attached to charge group "{group}" with tariff "{tariff}"'))
def customer_in_group_with_tariff(world: World, customer: str, group: str, tariff: str) -> None:
    url = f"{group_url(world, group)}/customers/{world.account_id(customer)}"
    world.setup("PUT", url, {"tariff": tariff}, expect=200)


# --- outcomes of the last request ----------------------------------------------------------


@then("the request succeeds")
def request_succeeds(world: World) -> None:
    assert world.response is not None, "no request was made"
    assert world.response.is_success, (world.response.status_code, world.response.text)


@then(phrase("the request is refused with {status:d}"))
def request_refused(world: World, status: int) -> None:
    assert world.response is not None, "no request was made"
    assert world.response.status_code == status, (world.response.status_code, world.response.text)


@then(phrase('the answer says "{text}"'))
def answer_says(world: World, text: str) -> None:
    assert world.response is not None, "no request was made"
    detail = world.response.json().get("detail")
    shown = detail if isinstance(detail, str) else str(detail)
    assert text.lower() in shown.lower(), shown
