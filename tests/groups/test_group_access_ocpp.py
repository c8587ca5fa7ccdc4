"""Charge groups decide who may charge (CG-3, CG-4) and invisible stations admit only their
operator's private network (OP-8), as a charger sees it: the status the CSMS answers to
Authorize and to the transaction start, over a real WebSocket, in 1.6 and 2.0.1.

1.6 has no NotAtThisLocation: a card the station's rules refuse is Invalid there.
Groups are configured through the admin API by the tenant admin; a change applies to the
next Authorize at once (nothing is cached)."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
import pytest

from csms.domain.permissions import Role
from tests.groups.network import (
    REFUSED,
    ROAMING_PROVIDER,
    V16,
    V201,
    a_card,
    a_group,
    a_location,
    a_member,
    a_station,
    an_operator,
    authorize,
    boot,
    not_a_member,
    ok,
    start,
)
from tests.support.bench import Bench
from tests.support.people import a_tenant, a_user, an_account

VERSIONS = pytest.mark.parametrize("version", [V16, V201])


@dataclass
class Tenant:
    id: int
    admin: httpx.AsyncClient
    location_id: int
    customers: dict[str, int]  # name -> account id; each has the card NAME-1


async def a_tenant_with_customers(bench: Bench, *names: str, slug: str = "acme") -> Tenant:
    tenant_id = await a_tenant(bench, slug)
    admin = await a_user(bench, tenant_id, f"admin@{slug}.test", Role.TENANT_ADMIN)
    customers = {}
    for name in names:
        customers[name] = await an_account(bench, tenant_id, f"{slug}-{name}")
        await a_card(bench, tenant_id, f"{name.upper()}-1", account_id=customers[name])
    location_id = await a_location(bench, tenant_id, f"{slug}-HQ")
    return Tenant(tenant_id, admin.client(bench), location_id, customers)


@VERSIONS
async def test_a_token_accepted_at_one_station_is_refused_at_another_by_the_groups_rules(
    bench: Bench, version: str
) -> None:
    acme = await a_tenant_with_customers(bench, "alice", "bob")
    for station in ("CP-OPEN", "CP-GROUP"):
        await a_station(bench, acme.id, station, location_id=acme.location_id)
    async with acme.admin as admin:
        group = await a_group(admin, "Staff car park")
        await ok(await admin.put(f"/api/v1/charge-groups/{group['id']}/stations/CP-GROUP"))
        await ok(
            await admin.put(
                f"/api/v1/charge-groups/{group['id']}/customers/{acme.customers['alice']}"
            )
        )
    async with (
        bench.station("CP-OPEN", version, register=False) as open_cp,
        bench.station("CP-GROUP", version, register=False) as group_cp,
    ):
        await boot(open_cp, version)
        await boot(group_cp, version)
        bob_open = await authorize(open_cp, version, "BOB-1")
        bob_group = await authorize(group_cp, version, "BOB-1")
        alice_group = await authorize(group_cp, version, "ALICE-1")
        bob_started = await start(group_cp, version, "BOB-1", "TX-BOB", connector=1)
        alice_started = await start(group_cp, version, "ALICE-1", "TX-ALICE", connector=2)
    assert bob_open == "Accepted"
    assert bob_group == REFUSED[version]
    assert alice_group == "Accepted"
    assert bob_started == REFUSED[version]
    assert alice_started == "Accepted"


@VERSIONS
async def test_all_customers_ticked_admits_every_customer_unticked_only_the_attached(
    bench: Bench, version: str
) -> None:
    """CG-3, and the product text's warning: with no customer attached and the flag
    unticked, nobody can charge. A card of another tenant stays refused whatever the flag."""
    acme = await a_tenant_with_customers(bench, "alice", "bob", "carol")
    other = await a_tenant(bench, "other")
    await a_card(bench, other, "STRANGER-1", account_id=await an_account(bench, other, "x"))
    await a_station(bench, acme.id, "CP-CG3", location_id=acme.location_id)
    cards = ("ALICE-1", "BOB-1", "CAROL-1", "STRANGER-1")
    refused = REFUSED[version]
    async with acme.admin as admin, bench.station("CP-CG3", version, register=False) as cp:
        group = await a_group(admin, "Closed")
        url = f"/api/v1/charge-groups/{group['id']}"
        await ok(await admin.put(f"{url}/stations/CP-CG3"))
        await boot(cp, version)

        async def answers() -> dict[str, str]:
            return {card: await authorize(cp, version, card) for card in cards}

        closed_and_empty = await answers()
        await ok(await admin.put(f"{url}/customers/{acme.customers['alice']}"))
        alice_attached = await answers()
        await ok(await admin.patch(url, json={"all_customers": True}))
        all_customers = await answers()
        await ok(await admin.patch(url, json={"all_customers": False}))
        await ok(await admin.delete(f"{url}/customers/{acme.customers['alice']}"), 204)
        closed_again = await answers()
        unknown = await authorize(cp, version, "NOBODY")
    assert closed_and_empty == dict.fromkeys(cards, refused)
    assert alice_attached == {
        "ALICE-1": "Accepted",
        "BOB-1": refused,
        "CAROL-1": refused,
        "STRANGER-1": refused,
    }
    assert all_customers == {**dict.fromkeys(cards[:3], "Accepted"), "STRANGER-1": refused}
    assert closed_again == dict.fromkeys(cards, refused)
    assert unknown == "Invalid"


@VERSIONS
async def test_a_roaming_card_flips_with_the_roaming_flag(bench: Bench, version: str) -> None:
    """CG-4. Ticking "accessible for roaming" gives "all your customers and all roaming
    customers access" (the product text), so an unattached own customer flips with it."""
    acme = await a_tenant_with_customers(bench, "alice", "carol")
    await a_card(bench, acme.id, "ROAM-1", provider=ROAMING_PROVIDER)
    await a_station(bench, acme.id, "CP-CG4", location_id=acme.location_id)
    refused = REFUSED[version]
    async with acme.admin as admin, bench.station("CP-CG4", version, register=False) as cp:
        group = await a_group(admin, "Roaming", all_customers=False)
        url = f"/api/v1/charge-groups/{group['id']}"
        await ok(await admin.put(f"{url}/stations/CP-CG4"))
        await ok(await admin.put(f"{url}/customers/{acme.customers['alice']}"))
        await boot(cp, version)
        seen = []
        for roaming in (False, True, False, True):
            await ok(await admin.patch(url, json={"roaming": roaming}))
            seen.append(
                (
                    roaming,
                    await authorize(cp, version, "ROAM-1"),
                    await authorize(cp, version, "CAROL-1"),
                    await authorize(cp, version, "ALICE-1"),
                )
            )
        started = await start(cp, version, "ROAM-1", "TX-ROAM")
    assert seen == [
        (False, refused, refused, "Accepted"),
        (True, "Accepted", "Accepted", "Accepted"),
        (False, refused, refused, "Accepted"),
        (True, "Accepted", "Accepted", "Accepted"),
    ]
    assert started == "Accepted"


@VERSIONS
async def test_a_roaming_card_is_refused_when_all_customers_is_ticked_but_roaming_is_not(
    bench: Bench, version: str
) -> None:
    acme = await a_tenant_with_customers(bench, "alice")
    await a_card(bench, acme.id, "ROAM-2", provider=ROAMING_PROVIDER)
    await a_station(bench, acme.id, "CP-ALL", location_id=acme.location_id)
    async with acme.admin as admin, bench.station("CP-ALL", version, register=False) as cp:
        group = await a_group(admin, "Everyone of ours", all_customers=True)
        await ok(await admin.put(f"/api/v1/charge-groups/{group['id']}/stations/CP-ALL"))
        await boot(cp, version)
        roaming = await authorize(cp, version, "ROAM-2")
        own = await authorize(cp, version, "ALICE-1")
        started = await start(cp, version, "ROAM-2", "TX-ROAM-2")
    assert (roaming, own, started) == (REFUSED[version], "Accepted", REFUSED[version])


@VERSIONS
async def test_an_invisible_station_admits_only_its_operators_private_network(
    bench: Bench, version: str
) -> None:
    """OP-8: the same operator's visible station admits everyone; the invisible one only
    members, and a revoked member is refused at the next Authorize."""
    acme = await a_tenant_with_customers(bench, "alice", "bob")
    operator = await an_operator(bench, acme.id, "hotel")
    hotel = await a_location(bench, acme.id, "HOTEL", operator_id=operator)
    await a_station(bench, acme.id, "CP-HIDDEN", location_id=hotel, visible=False)
    await a_station(bench, acme.id, "CP-LOBBY", location_id=hotel, visible=True)
    await a_member(bench, operator, acme.customers["alice"])
    refused = REFUSED[version]
    async with (
        bench.station("CP-HIDDEN", version, register=False) as hidden,
        bench.station("CP-LOBBY", version, register=False) as lobby,
    ):
        await boot(hidden, version)
        await boot(lobby, version)
        member = await authorize(hidden, version, "ALICE-1")
        stranger = await authorize(hidden, version, "BOB-1")
        stranger_in_lobby = await authorize(lobby, version, "BOB-1")
        stranger_started = await start(hidden, version, "BOB-1", "TX-BOB")
        await not_a_member(bench, operator, acme.customers["alice"])
        revoked = await authorize(hidden, version, "ALICE-1")
    assert (member, stranger, stranger_in_lobby) == ("Accepted", refused, "Accepted")
    assert stranger_started == refused
    assert revoked == refused


async def test_the_refused_start_is_recorded_with_its_status(bench: Bench) -> None:
    """The transaction a station starts anyway carries the status the CSMS answered."""
    acme = await a_tenant_with_customers(bench, "bob")
    await a_station(bench, acme.id, "CP-REC", location_id=acme.location_id)
    async with acme.admin as admin, bench.station("CP-REC", V201, register=False) as cp:
        group = await a_group(admin, "Nobody")
        await ok(await admin.put(f"/api/v1/charge-groups/{group['id']}/stations/CP-REC"))
        await boot(cp, V201)
        assert await start(cp, V201, "BOB-1", "TX-REC") == "NotAtThisLocation"
    listing = await ok(await bench.api.get("/api/v1/transactions", params={"station_id": "CP-REC"}))
    assert [(t["ref"], t["token_status"]) for t in listing["items"]] == [
        ("TX-REC", "NotAtThisLocation")
    ]
