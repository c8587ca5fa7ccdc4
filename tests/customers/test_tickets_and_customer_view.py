"""Tickets (CUS-4) and a system user's switch to a customer's view (CUS-8), through the API
with each person's own token."""

from __future__ import annotations

import pytest

from csms.domain.permissions import Role
from tests.support.bench import Bench, running_bench
from tests.support.mailbox import smtp_server
from tests.support.people import Person, a_tenant, a_user, an_account


@pytest.fixture
async def acme(bench: Bench) -> dict[str, object]:
    tenant = await a_tenant(bench, "acme")
    jane = await an_account(bench, tenant, "jane", customer_type="private")
    john = await an_account(bench, tenant, "john", customer_type="private")
    people = {
        "tenant": tenant,
        "jane_account": jane,
        "john_account": john,
        "admin": await a_user(bench, tenant, "admin@acme.test", Role.TENANT_ADMIN),
        "support": await a_user(bench, tenant, "help@acme.test", Role.SUPPORT),
        "jane": await a_user(
            bench, tenant, "jane@acme.test", (Role.DRIVER, jane, None), account_id=jane
        ),
        "john": await a_user(
            bench, tenant, "john@acme.test", (Role.DRIVER, john, None), account_id=john
        ),
    }
    for value, account in (("JANE-CARD", jane), ("JOHN-CARD", john)):
        await bench.api.post(
            "/api/v1/tokens", json={"value": value, "tenant_id": tenant, "account_id": account}
        )
    return people


def person(world: dict[str, object], name: str) -> Person:
    found = world[name]
    assert isinstance(found, Person)
    return found


async def test_cus4_a_customer_opens_a_ticket_support_answers_the_customer_reads_it(
    bench: Bench, acme: dict[str, object]
) -> None:
    async with (
        person(acme, "jane").client(bench) as jane,
        person(acme, "support").client(bench) as support,
    ):
        opened = await jane.post(
            "/api/v1/tickets", json={"subject": "Card refused", "body": "At the bakery"}
        )
        assert opened.status_code == 201, opened.text
        ticket = opened.json()
        assert ticket["account_id"] == acme["jane_account"] and ticket["status"] == "open"
        queue = (await support.get("/api/v1/tickets", params={"status": "open"})).json()
        assert [t["id"] for t in queue["items"]] == [ticket["id"]]
        answer = await support.post(
            f"/api/v1/tickets/{ticket['id']}/messages", json={"body": "Fixed it"}
        )
        assert answer.status_code == 201
        seen = (await jane.get(f"/api/v1/tickets/{ticket['id']}")).json()
    assert seen["status"] == "answered"
    assert [m["body"] for m in seen["messages"]] == ["At the bakery", "Fixed it"]


async def test_cus4_customers_never_see_each_others_tickets(
    bench: Bench, acme: dict[str, object]
) -> None:
    async with (
        person(acme, "jane").client(bench) as jane,
        person(acme, "john").client(bench) as john,
    ):
        ticket = (await jane.post("/api/v1/tickets", json={"subject": "s", "body": "b"})).json()
        assert (await john.get(f"/api/v1/tickets/{ticket['id']}")).status_code == 404
        assert (
            await john.post(f"/api/v1/tickets/{ticket['id']}/messages", json={"body": "x"})
        ).status_code == 404
        assert (await john.get("/api/v1/tickets")).json()["total"] == 0
        foreign = await john.post(
            "/api/v1/tickets",
            json={"subject": "s", "body": "b", "account_id": acme["jane_account"]},
        )
    assert foreign.json()["account_id"] == acme["john_account"]


@pytest.mark.parametrize(
    "path", ["/api/v1/tokens", "/api/v1/transactions", "/api/v1/stations", "/api/v1/tickets"]
)
async def test_cus8_the_customer_view_shows_exactly_what_the_customer_sees(
    bench: Bench, acme: dict[str, object], path: str
) -> None:
    view = {"X-Act-As-Account": str(acme["jane_account"])}
    async with (
        person(acme, "jane").client(bench) as jane,
        person(acme, "admin").client(bench, **view) as admin,
    ):
        assert (await admin.get(path)).json() == (await jane.get(path)).json()


async def test_cus8_no_more_than_the_customer_and_every_action_is_on_record(
    bench: Bench, acme: dict[str, object]
) -> None:
    view = {"X-Act-As-Account": str(acme["jane_account"])}
    admin = person(acme, "admin")
    async with admin.client(bench, **view) as as_jane, admin.client(bench) as as_admin:
        cards = (await as_jane.get("/api/v1/tokens")).json()
        assert [c["value"] for c in cards["items"]] == ["JANE-CARD"]
        assert (await as_jane.get("/api/v1/tokens/JOHN-CARD")).status_code == 404
        assert (
            await as_jane.patch("/api/v1/tokens/JANE-CARD", json={"label": "x"})
        ).status_code == 403
        opened = await as_jane.post(
            "/api/v1/tickets", json={"subject": "On her behalf", "body": "b"}
        )
        assert opened.status_code == 201
        trail = (
            await as_admin.get("/api/v1/audit", params={"on_behalf_of": acme["jane_account"]})
        ).json()
    assert [(e["actor_user_id"], e["action"], e["target"]) for e in trail["items"]] == [
        (admin.user_id, "open_ticket", "POST /api/v1/tickets")
    ]
    assert opened.json()["author_id"] == admin.user_id


async def test_cus8_only_system_users_switch_views(bench: Bench, acme: dict[str, object]) -> None:
    view = {"X-Act-As-Account": str(acme["john_account"])}
    async with person(acme, "jane").client(bench, **view) as jane:
        assert (await jane.get("/api/v1/tokens")).status_code == 403
    other = await a_tenant(bench, "other")
    outsider = await a_user(bench, other, "admin@other.test", Role.TENANT_ADMIN)
    async with outsider.client(bench, **view) as foreign:
        assert (await foreign.get("/api/v1/tokens")).status_code == 404


async def test_the_audit_trail_is_for_system_users_only(
    bench: Bench, acme: dict[str, object]
) -> None:
    async with person(acme, "jane").client(bench) as jane:
        assert (await jane.get("/api/v1/audit")).status_code == 403


async def test_cus4_the_tenant_admins_are_told_of_a_new_ticket_by_mail(db_url: str) -> None:
    with smtp_server() as mailbox:
        async with running_bench(db_url, smtp_host="127.0.0.1", smtp_port=mailbox.port) as bench:
            tenant = await a_tenant(bench, "acme")
            other = await a_tenant(bench, "other")
            jane = await an_account(bench, tenant, "jane", name="Jane Doe")
            await a_user(bench, tenant, "boss@acme.test", Role.TENANT_ADMIN)
            await a_user(bench, tenant, "help@acme.test", Role.SUPPORT)
            await a_user(bench, other, "boss@other.test", Role.TENANT_ADMIN)
            driver = await a_user(bench, tenant, "jane@acme.test", (Role.DRIVER, jane, None))
            async with driver.client(bench) as client:
                ticket = (
                    await client.post(
                        "/api/v1/tickets", json={"subject": "Broken cable", "body": "Bay 3"}
                    )
                ).json()
    told = mailbox.last_to("boss@acme.test")
    assert told.subject == f"New ticket #{ticket['id']}: Broken cable"
    assert "Jane Doe" in told.text and "Bay 3" in told.text
    assert not mailbox.to("boss@other.test")
    assert not mailbox.to("help@acme.test")
