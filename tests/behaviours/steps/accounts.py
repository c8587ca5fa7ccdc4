"""Steps about platform accounts (INV-1, INV-2, INV-3, INV-6): sign-up, invitations by real
mail and the activation link in it, signing in, and support's search. Also the customer's
view a system user switches to (CUS-8), which the invitation rules use too. Sub-accounts and
billing plans (INV-4, INV-5) are in :mod:`tests.behaviours.steps.subaccounts`.

Everything goes through the API: a person's request carries that person's login (and the
customer's view they switched to, if any); sign-up, activation and login carry no login at
all, like a browser on the login screen. Invitation mail is read from the real SMTP server.
Time moves on the CSMS's settable clock, measured from when the invitation was sent.

Given
    a tenant "Acme" with only a Terms of Use link / ... with only a Privacy policy link
    "Ivan" is an installer of "Bakery"
    "Sue" has invited "Kim" by email [to the account "Bakery"]
    "Kim" has activated the account from the link
    "Kim" has signed up at "Acme" as a private customer
When
    "Sue" switches to the view of "Pia" / "Sue" leaves the customer's view
    "Sue" invites "Kim" by email / "Tom" invites "Max" as customer support
    it is 24 hours and 1 minute after "Kim" was invited
    "Kim" activates the account from the link
Then
    "Kim" receives an invitation mail from "Acme"
    no mail was sent to "Kim"
    "Kim" signs in as the driver of "Kim"
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from pytest_bdd import given, parsers, then, when

from tests.behaviours.steps.common import (
    PASSWORD,
    PRIVACY,
    TERMS,
    Person,
    World,
    a_person,
    company_details,
    email_of,
    phrase,
    slug_of,
)
from tests.support.mailbox import Received

LINKS = {"Terms of Use": "terms_url", "Privacy policy": "privacy_url"}
_LINK = r"(?P<link>Terms of Use|Privacy policy)"
_NAME = r'"(?P<{}>[^"]+)"'
ROLES = {"driver": "driver", "account admin": "account_admin", "employee": "employee"}
_ROLE = r"(?P<role>driver|account admin|employee)"
VIEW = "X-Act-As-Account"


def quoted(name: str) -> str:
    """A regex group for a quoted business name."""
    return _NAME.format(name)


def day_of(text: str) -> datetime:
    """ "16 November 2026" -> midnight UTC that day (the tenants here keep UTC)."""
    return datetime.strptime(text, "%d %B %Y").replace(tzinfo=UTC)


@dataclass
class Desk:
    """What the account and customer steps remember besides the world: when each person was
    first invited, their user ids, whose view a system user took, and tickets by subject."""

    invited_at: dict[str, datetime] = field(default_factory=dict)
    user_ids: dict[str, int] = field(default_factory=dict)
    views: dict[str, int] = field(default_factory=dict)  # person -> customer account id
    tickets: dict[str, int] = field(default_factory=dict)  # subject -> ticket id
    # (station, configuration key) -> (its value before a change was asked, the value asked)
    asked: dict[tuple[str, str], tuple[str | None, str]] = field(default_factory=dict)
    browser: httpx.AsyncClient | None = None  # no login: the login screen, a mailed link


@pytest.fixture
def desk(world: World) -> Iterator[Desk]:
    """The scenario's desk; its login-less client is closed before the CSMS stops."""
    desk = Desk()
    yield desk
    if desk.browser is not None:
        world.loop.run(desk.browser.aclose())


def act(
    world: World,
    desk: Desk,
    person: str,
    method: str,
    url: str,
    *,
    json: Any = None,
    params: dict[str, Any] | None = None,
) -> httpx.Response:
    """One request by ``person``, in the customer's view they switched to if they did."""
    headers = {VIEW: str(desk.views[person])} if person in desk.views else None
    return world.call(person, method, url, json=json, params=params, headers=headers)


def anonymous(
    world: World,
    desk: Desk,
    method: str,
    url: str,
    *,
    json: Any = None,
    params: dict[str, Any] | None = None,
) -> httpx.Response:
    """A request without any login (the login screen, the link in a mail); kept as the last
    answer for the outcome steps. One client per scenario: making one costs ~0.1 s."""
    if desk.browser is None:
        desk.browser = httpx.AsyncClient(base_url=str(world.bench.api.base_url), timeout=30)
    world.response = world.loop.run(desk.browser.request(method, url, json=json, params=params))
    return world.response


def body_of(response: httpx.Response) -> Any:
    assert response.is_success, (response.status_code, response.text)
    return response.json()


def last(world: World) -> Any:
    """The body of the last answer, which must have succeeded."""
    assert world.response is not None, "no request was made"
    return body_of(world.response)


def user_of(world: World, desk: Desk, person: str) -> int:
    if person in world.people:
        return world.people[person].user_id
    return desk.user_ids[person]


def admin_get(world: World, url: str, **params: Any) -> Any:
    """A read as the platform admin, to check what a step did; it must succeed."""
    answer = world.loop.run(world.bench.api.get(url, params=params))
    return body_of(answer)


def found_user(world: World, person: str) -> dict[str, Any] | None:
    """The user with ``person``'s e-mail address in the current tenant, as the platform
    admin finds it; None if there is none."""
    page = admin_get(
        world, "/api/v1/users", search=email_of(world, person), tenant_id=world.tenant_id
    )
    assert page["total"] <= 1, page
    return page["items"][0] if page["items"] else None


# --- tenants and their support links ------------------------------------------------------


@given(parsers.re(r"a tenant " + quoted("tenant") + r" with only a " + _LINK + " link"))
def a_tenant_with_one_link(world: World, tenant: str, link: str) -> None:
    url = TERMS if link == "Terms of Use" else PRIVACY
    body = {"name": tenant, "slug": slug_of(tenant), LINKS[link]: url}
    world.tenants[tenant] = world.setup("POST", "/api/v1/tenants", body)
    world.tenant = tenant


@given(parsers.re(quoted("person") + r" has removed the " + _LINK + " link"))
@when(parsers.re(quoted("person") + r" removes the " + _LINK + " link"))
def removes_link(world: World, person: str, link: str) -> None:
    world.call(person, "PATCH", "/api/v1/tenant/settings", json={LINKS[link]: None})
    assert last(world)["support_links_complete"] is False


@when(phrase('"{person}" sets the Terms of Use and Privacy policy links'))
def sets_links(world: World, person: str) -> None:
    body = {"terms_url": TERMS, "privacy_url": PRIVACY}
    assert body_of(world.call(person, "PATCH", "/api/v1/tenant/settings", json=body))[
        "support_links_complete"
    ]


# --- sign-up -------------------------------------------------------------------------------


def sign_up(world: World, desk: Desk, person: str, tenant: str, **fields: Any) -> httpx.Response:
    body = {
        "tenant": world.tenants[tenant]["slug"],
        "email": email_of(world, person),
        "password": PASSWORD,
        "name": person,
        "accept_terms": True,
        "accept_privacy": True,
        **fields,
    }
    answer = anonymous(world, desk, "POST", "/api/v1/auth/signup", json=body)
    if answer.status_code == 201:
        signed = answer.json()
        world.accounts[signed["account"]["name"]] = signed["account"]
        user = signed["user"]
        world.people[person] = Person(person, user["email"], tenant, user["id"], signed["token"])
    return answer


@given(phrase('"{person}" has signed up at "{tenant}" as a private customer'))
@when(phrase('"{person}" signs up at "{tenant}" as a private customer'))
def signs_up(world: World, desk: Desk, person: str, tenant: str) -> None:
    sign_up(world, desk, person, tenant)


@when(
    parsers.re(
        quoted("person")
        + " signs up at "
        + quoted("tenant")
        + " as a private customer without accepting the "
        + _LINK
    )
)
def signs_up_refusing(world: World, desk: Desk, person: str, tenant: str, link: str) -> None:
    refused = "accept_terms" if link == "Terms of Use" else "accept_privacy"
    sign_up(world, desk, person, tenant, **{refused: False})


@when(
    phrase('"{person}" signs up at "{tenant}" for the company "{company}" with its company details')
)
def signs_up_company(world: World, desk: Desk, person: str, tenant: str, company: str) -> None:
    sign_up(world, desk, person, tenant, customer_type="company", **company_details(company))


@when(
    phrase(
        '"{person}" signs up at "{tenant}" for the company "{company}" without its company details'
    )
)
def signs_up_company_bare(world: World, desk: Desk, person: str, tenant: str, company: str) -> None:
    sign_up(world, desk, person, tenant, customer_type="company")


def accepted_now(world: World, user: dict[str, Any]) -> None:
    """Both acceptances recorded, at the moment of the request (the CSMS's clock)."""
    now = world.bench.csms.services.clock.now()
    for name in ("terms_accepted_at", "privacy_accepted_at"):
        assert user[name] is not None, user
        assert abs(datetime.fromisoformat(user[name]) - now) < timedelta(minutes=1), user


@then(phrase('"{person}" accepted the Terms of Use and the Privacy policy when signing up'))
def accepted_at_sign_up(world: World, person: str) -> None:
    user = world.answer()["user"]
    assert user["email"] == email_of(world, person), user
    accepted_now(world, user)


@then(phrase('"{person}" accepted the Terms of Use and the Privacy policy when activating'))
def accepted_at_activation(world: World, person: str) -> None:
    user = world.answer()
    assert (user["email"], user["status"]) == (email_of(world, person), "active"), user
    accepted_now(world, user)


@then(phrase('"{company}" is a company with its company details'))
def is_company(world: World, company: str) -> None:
    account = world.setup("GET", f"/api/v1/accounts/{world.account_id(company)}", None, 200)
    details = company_details(company)
    assert (account["customer_type"], account["account_type"]) == ("company", "business"), account
    assert {k: account[k] for k in details} == details, account


@then(phrase('"{tenant}" has no user "{person}"'))
def no_user(world: World, tenant: str, person: str) -> None:
    assert world.tenant == tenant, (world.tenant, tenant)
    assert found_user(world, person) is None


# --- signing in ----------------------------------------------------------------------------


def log_in(world: World, desk: Desk, person: str, password: str = PASSWORD) -> httpx.Response:
    body = {
        "tenant": world.tenants[world.tenant]["slug"],
        "email": email_of(world, person),
        "password": password,
    }
    return anonymous(world, desk, "POST", "/api/v1/auth/login", json=body)


def grants_of(world: World, person: str) -> list[dict[str, Any]]:
    me = body_of(world.call(person, "GET", "/api/v1/me"))
    assert me["user"]["email"] == email_of(world, person), me
    return list(me["grants"])


def holds_role(world: World, person: str, role: str, customer: str) -> None:
    expected = {"role": ROLES[role], "account_id": world.account_id(customer), "operator_id": None}
    assert grants_of(world, person) == [expected]


@then(parsers.re(quoted("person") + " is signed in as the " + _ROLE + " of " + quoted("customer")))
def is_signed_in_as(world: World, person: str, role: str, customer: str) -> None:
    holds_role(world, person, role, customer)


def signs_in(world: World, desk: Desk, person: str) -> None:
    """Log in with the password set at activation; the new token is the person's login."""
    token = body_of(log_in(world, desk, person))["token"]
    user_id = user_of(world, desk, person)
    world.people[person] = Person(person, email_of(world, person), world.tenant, user_id, token)


@when(parsers.re(quoted("person") + " signs in as the " + _ROLE + " of " + quoted("customer")))
@then(parsers.re(quoted("person") + " signs in as the " + _ROLE + " of " + quoted("customer")))
def signs_in_as(world: World, desk: Desk, person: str, role: str, customer: str) -> None:
    signs_in(world, desk, person)
    holds_role(world, person, role, customer)


@when(phrase('"{person}" signs in again'))
def signs_in_again(world: World, desk: Desk, person: str) -> None:
    signs_in(world, desk, person)


@then(phrase('"{person}" can sign in to "{tenant}"'))
def can_sign_in(world: World, desk: Desk, person: str, tenant: str) -> None:
    assert world.tenant == tenant
    body_of(log_in(world, desk, person))


@then(phrase('"{person}" cannot sign in to "{tenant}"'))
def cannot_sign_in(world: World, desk: Desk, person: str, tenant: str) -> None:
    assert world.tenant == tenant
    assert log_in(world, desk, person).status_code == 401


@then(phrase('signing in to "{tenant}" as "{person}" with the password "{password}" is refused'))
def sign_in_refused(world: World, desk: Desk, tenant: str, person: str, password: str) -> None:
    assert world.tenant == tenant
    assert log_in(world, desk, person, password).status_code == 401


# --- people and views ----------------------------------------------------------------------


@given(phrase('"{person}" is an installer of "{customer}"'))
def an_installer(world: World, person: str, customer: str) -> None:
    a_person(world, person, "installer", account_id=world.account_id(customer))


@when(phrase('"{person}" switches to the view of "{customer}"'))
def switches_view(world: World, desk: Desk, person: str, customer: str) -> None:
    """CUS-8: the system user's requests from now on carry the customer's view; the answer
    to "who am I" in it is kept for the outcome steps."""
    desk.views[person] = world.account_id(customer)
    act(world, desk, person, "GET", "/api/v1/me")


@when(phrase('"{person}" leaves the customer\'s view'))
def leaves_view(desk: Desk, person: str) -> None:
    del desk.views[person]


# --- invitations ---------------------------------------------------------------------------


def invite(world: World, desk: Desk, person: str, invitee: str, **fields: Any) -> httpx.Response:
    body = {"email": email_of(world, invitee), "name": invitee, **fields}
    answer = act(world, desk, person, "POST", "/api/v1/users/invite", json=body)
    if answer.status_code == 201:
        invited = answer.json()
        desk.user_ids[invitee] = invited["user"]["id"]
        desk.invited_at[invitee] = datetime.fromisoformat(invited["invitation"]["created_at"])
        if invited["account"] and invited["account"]["name"] not in world.accounts:
            world.accounts[invited["account"]["name"]] = invited["account"]
    return answer


@given(phrase('"{person}" has invited "{invitee}" by email'))
def has_invited(world: World, desk: Desk, person: str, invitee: str) -> None:
    body_of(invite(world, desk, person, invitee))


@when(phrase('"{person}" invites "{invitee}" by email'))
def invites(world: World, desk: Desk, person: str, invitee: str) -> None:
    invite(world, desk, person, invitee)


@given(phrase('"{person}" has invited "{invitee}" by email to the account "{customer}"'))
def has_invited_to(world: World, desk: Desk, person: str, invitee: str, customer: str) -> None:
    body_of(invite(world, desk, person, invitee, account_id=world.account_id(customer)))


@when(phrase('"{person}" invites "{invitee}" by email to the account "{customer}"'))
def invites_to(world: World, desk: Desk, person: str, invitee: str, customer: str) -> None:
    invite(world, desk, person, invitee, account_id=world.account_id(customer))


@when(
    parsers.re(
        quoted("person")
        + " invites "
        + quoted("invitee")
        + " as (?P<role>customer support|a tenant admin)"
    )
)
def invites_staff(world: World, desk: Desk, person: str, invitee: str, role: str) -> None:
    staff = "customer_support" if role == "customer support" else "tenant_admin"
    invite(world, desk, person, invitee, role=staff)


def mails_to(world: World, person: str) -> list[Received]:
    return world.mailbox.to(email_of(world, person))


@then(phrase('"{person}" receives an invitation mail from "{tenant}"'))
def receives_invitation(world: World, person: str, tenant: str) -> None:
    (mail,) = mails_to(world, person)
    assert mail.subject == f"Activate your {tenant} account", mail.subject
    assert mail.link.startswith(f"{world.bench.api.base_url}/activate?token="), mail.link


@then("the mail says the link is valid for 24 hours and names both support links")
def mail_says(world: World) -> None:
    mail = world.mailbox.received[-1]
    assert "valid for 24 hours" in mail.text, mail.text
    assert TERMS in mail.text and PRIVACY in mail.text, mail.text


@then(phrase('"{person}" receives a new invitation mail with a new link'))
def receives_new_invitation(world: World, person: str) -> None:
    mails = mails_to(world, person)
    assert len(mails) == 2, [m.subject for m in mails]
    assert mails[1].token != mails[0].token


@then(parsers.re(quoted("person") + r" received (?P<count>\d+) invitation mails?"))
def received_count(world: World, person: str, count: str) -> None:
    assert len(mails_to(world, person)) == int(count)


@then(phrase('no mail was sent to "{person}"'))
def no_mail(world: World, person: str) -> None:
    assert mails_to(world, person) == [], [m.subject for m in mails_to(world, person)]


@then(phrase('"{person}" is waiting to activate the private customer account "{customer}"'))
def waiting(world: World, person: str, customer: str) -> None:
    user = found_user(world, person)
    assert user is not None
    assert (user["status"], user["activated"], user["account_name"]) == ("invited", False, customer)
    account = world.setup("GET", f"/api/v1/accounts/{user['account_id']}", None, 200)
    assert (account["customer_type"], account["kind"]) == ("private", "standard"), account


# --- the activation link -------------------------------------------------------------------


def newest_link(world: World, person: str) -> Received:
    mails = mails_to(world, person)
    assert mails, f"no mail to {person}"
    return mails[-1]


@when(phrase('"{person}" opens the activation link'))
def opens_link(world: World, desk: Desk, person: str) -> None:
    anonymous(world, desk, "GET", newest_link(world, person).link)


@then(
    phrase('the link is for "{person}" and shows the Terms of Use and Privacy policy of "{tenant}"')
)
def link_shows(world: World, person: str, tenant: str) -> None:
    shown = last(world)
    assert (shown["email"], shown["name"]) == (email_of(world, person), person), shown
    assert shown["tenant"] == {
        "slug": world.tenants[tenant]["slug"],
        "name": tenant,
        "terms_url": TERMS,
        "privacy_url": PRIVACY,
    }, shown


def activate(
    world: World, desk: Desk, person: str, password: str = PASSWORD, **fields: Any
) -> httpx.Response:
    body = {
        "token": newest_link(world, person).token,
        "password": password,
        "accept_terms": True,
        "accept_privacy": True,
        **fields,
    }
    return anonymous(world, desk, "POST", "/api/v1/auth/activate", json=body)


@given(phrase('"{person}" has activated the account from the link'))
def has_activated(world: World, desk: Desk, person: str) -> None:
    body_of(activate(world, desk, person))


@when(phrase('"{person}" activates the account from the link'))
def activates_from_link(world: World, desk: Desk, person: str) -> None:
    activate(world, desk, person)


@when(
    parsers.re(
        quoted("person") + " activates the account from the link without accepting the " + _LINK
    )
)
def activates_refusing(world: World, desk: Desk, person: str, link: str) -> None:
    refused = "accept_terms" if link == "Terms of Use" else "accept_privacy"
    activate(world, desk, person, **{refused: False})


@when(phrase('"{person}" activates the account from the link with the password "{password}"'))
def activates_with_password(world: World, desk: Desk, person: str, password: str) -> None:
    activate(world, desk, person, password)


@when(phrase('someone uses the activation link of "{person}" again with the password "{password}"'))
def uses_again(world: World, desk: Desk, person: str, password: str) -> None:
    activate(world, desk, person, password)


@when("someone opens an activation link that was never sent")
def opens_unknown_link(world: World, desk: Desk) -> None:
    anonymous(world, desk, "GET", "/activate", params={"token": "never-sent-0123456789abcdef"})


@when(
    parsers.re(
        r"it is (?P<hours>\d+) hours?(?: and (?P<minutes>\d+) minutes?)? after "
        + quoted("person")
        + " was invited"
    )
)
def time_after_invitation(
    world: World, desk: Desk, hours: str, minutes: str | None, person: str
) -> None:
    """The CSMS's clock set to that long after the first invitation mail to ``person``."""
    later = timedelta(hours=int(hours), minutes=int(minutes or 0))
    world.bench.csms.services.clock.set(desk.invited_at[person] + later)


@then(phrase('the activation link of "{person}" still works'))
def link_works(world: World, desk: Desk, person: str) -> None:
    shown = body_of(anonymous(world, desk, "GET", newest_link(world, person).link))
    assert shown["email"] == email_of(world, person), shown


@then(phrase('the activation link of "{person}" is refused with {status:d}'))
def link_refused(world: World, desk: Desk, person: str, status: int) -> None:
    answer = anonymous(world, desk, "GET", newest_link(world, person).link)
    assert answer.status_code == status, (answer.status_code, answer.text)


@then(phrase('the first activation link of "{person}" is refused with {status:d}'))
def first_link_refused(world: World, desk: Desk, person: str, status: int) -> None:
    answer = anonymous(world, desk, "GET", mails_to(world, person)[0].link)
    assert answer.status_code == status, (answer.status_code, answer.text)


@when(phrase('"{person}" resends the invitation to "{invitee}"'))
def resends(world: World, desk: Desk, person: str, invitee: str) -> None:
    url = f"/api/v1/users/{user_of(world, desk, invitee)}/resend-invitation"
    act(world, desk, person, "POST", url)


# --- support's search (INV-6) --------------------------------------------------------------


@when(phrase('"{person}" searches the customers for "{text}"'))
def searches(world: World, desk: Desk, person: str, text: str) -> None:
    act(world, desk, person, "GET", "/api/v1/users", params={"search": text})


@when(phrase('"{person}" lists the customers who have not activated'))
def lists_waiting(world: World, desk: Desk, person: str) -> None:
    act(world, desk, person, "GET", "/api/v1/users", params={"status": "invited"})


def found(world: World) -> list[dict[str, Any]]:
    return list(last(world)["items"])


@then(phrase('the search finds exactly "{names}"'))
def finds_exactly(world: World, names: str) -> None:
    wanted = sorted(n.strip() for n in names.split(","))
    assert sorted(u["name"] for u in found(world)) == wanted, found(world)


@then("the search finds nobody")
def finds_nobody(world: World) -> None:
    assert found(world) == []


def shown_user(world: World, person: str) -> dict[str, Any]:
    (user,) = [u for u in found(world) if u["name"] == person]
    return user


@then(
    phrase(
        '"{person}" is shown as not activated, with a link valid until {hours:d} hours after '
        "the invitation"
    )
)
def shown_waiting(world: World, desk: Desk, person: str, hours: int) -> None:
    user = shown_user(world, person)
    assert (user["activated"], user["invitation_expired"]) == (False, False), user
    until = datetime.fromisoformat(user["invitation_expires_at"])
    # A resent link counts from the moment of the resend, a running clock: to the minute.
    expected = desk.invited_at[person] + timedelta(hours=hours)
    assert abs(until - expected) < timedelta(minutes=1), (until, expected)


@then(phrase('"{person}" is shown as not activated, with an expired link'))
def shown_expired(world: World, person: str) -> None:
    user = shown_user(world, person)
    assert (user["activated"], user["invitation_expired"]) == (False, True), user


@then(phrase('"{person}" is shown as activated'))
def shown_active(world: World, person: str) -> None:
    user = shown_user(world, person)
    assert (user["activated"], user["status"], user["invitation_expires_at"]) == (
        True,
        "active",
        None,
    )
