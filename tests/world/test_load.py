"""Loading world files: the demo world's rows, idempotence proved on a full snapshot, updates
that touch only what changed, and refusals that leave nothing behind."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from csms.db.database import Database
from csms.db.models import (
    Account,
    ChargeGroup,
    ChargeGroupCustomer,
    ChargeGroupStation,
    Grid,
    IdTokenRow,
    Location,
    Operator,
    PrivateNetworkMember,
    RoleGrant,
    Station,
    Tenant,
    User,
)
from csms.db.models.billing import TariffRow
from csms.domain.credentials import verify_password
from csms.world import WorldError, load_world, read_world
from tests.support.postgres import fresh_database
from tests.world.conftest import DEMO, snapshot, writes

DEMO_ROWS = {
    Tenant: 1,
    Account: 12,
    Operator: 1,
    Location: 8,
    Station: 13,
    Grid: 2,
    IdTokenRow: 8,
    ChargeGroup: 5,
    ChargeGroupStation: 12,
    ChargeGroupCustomer: 5,
    User: 5,
    RoleGrant: 5,
    PrivateNetworkMember: 2,
    TariffRow: 6,
}


async def count(db: Database, model: type) -> int:
    async with db.read() as session:
        return await session.scalar(select(func.count()).select_from(model)) or 0


async def test_the_demo_world_creates_its_situations(db: Database) -> None:
    summary = await load_world(db, DEMO)

    assert {model: await count(db, model) for model in DEMO_ROWS} == DEMO_ROWS
    assert summary.counts["stations"].created == 13 and summary.total.updated == 0
    assert summary.total.created == sum(DEMO_ROWS.values())
    world, _ = read_world(DEMO)
    spec = world.tenants[0]
    async with db.read() as s:
        tenant = await s.scalar(select(Tenant))
        assert tenant.terms_url and tenant.privacy_url
        accounts = {a.ref: a for a in await s.scalars(select(Account))}
        installer, employer = accounts["installer"], accounts["employer"]
        connected = [a for a in accounts.values() if a.primary_account_id == installer.id]
        assert len(connected) == 3 and all(a.kind == "connected" for a in connected)
        employees = [a for a in accounts.values() if a.employer_id == employer.id]
        assert len(employees) == 3 and all(a.customer_type == "employee" for a in employees)
        assert accounts["employer-services"].parent_account_id == employer.id

        groups = {g.name: g for g in await s.scalars(select(ChargeGroup))}
        homes = [g for g in groups.values() if g.type == "home"]
        assert len(homes) == 3 and all(g.roaming and not g.all_customers for g in homes)
        assert groups["Public charging"].all_customers
        others = [g for g in groups.values() if g.type == "other" and not g.all_customers]
        assert len(others) == 1 and not others[0].roaming
        attached = await s.scalars(
            select(ChargeGroupCustomer.account_id).where(
                ChargeGroupCustomer.group_id == others[0].id
            )
        )
        assert len(attached.all()) == 2

        invisible = (await s.scalars(select(Station).where(Station.visible.is_(False)))).all()
        assert len(invisible) == 1
        location = await s.get(Location, invisible[0].location_id)
        assert location.operator_id is not None
        members = await s.scalars(select(PrivateNetworkMember))
        assert len(members.all()) == 2

        roaming = (await s.scalars(select(IdTokenRow).where(IdTokenRow.provider.isnot(None)))).all()
        assert len(roaming) == 1
        for station_spec in (st for loc in spec.locations for st in loc.stations):
            station = await s.get(Station, station_spec.id)
            assert station.tenant_id == tenant.id
            assert station_spec.password and verify_password(
                station_spec.password, station.password_hash
            )
        users = {u.email: u for u in await s.scalars(select(User))}
        for user_spec in spec.users:
            user = users[user_spec.email]
            assert user.status == "active"
            assert verify_password(user_spec.password, user.password_hash)
        roles = set((await s.scalars(select(RoleGrant.role))).all())
        assert roles == {
            "tenant_admin",
            "customer_support",
            "installer",
            "account_admin",
            "operator_user",
        }


async def test_loading_twice_writes_nothing(db: Database) -> None:
    await load_world(db, DEMO)
    before = await snapshot(db)
    with writes(db) as sent:
        summary = await load_world(db, DEMO)
    assert sent == []
    assert await snapshot(db) == before
    assert not summary.changed
    assert summary.total.unchanged == sum(DEMO_ROWS.values())


@pytest.mark.postgres
async def test_the_demo_world_on_postgresql() -> None:
    async with fresh_database() as url:
        db = Database(url)
        try:
            await db.migrate()
            await load_world(db, DEMO)
            assert {model: await count(db, model) for model in DEMO_ROWS} == DEMO_ROWS
            before = await snapshot(db)
            with writes(db) as sent:
                assert not (await load_world(db, DEMO)).changed
            assert sent == []
            assert await snapshot(db) == before
        finally:
            await db.close()


SMALL = """\
tenants:
  - slug: acme
    name: ACME Charging
    accounts:
      - ref: voltfix
        name: VoltFix
        customer_type: company
        account_type: business
        company_name: VoltFix B.V.
        employees:
          - ref: piet
            name: Piet Jansen
      - ref: jan
        name: Jan de Vries
    users:
      - email: admin@acme.example
        password: first-password
        roles:
          - {role: tenant_admin}
    operators:
      - code: HOTEL1
        name: Grand Hotel Group
        private_network: [piet, jan]
    locations:
      - ref: depot
        name: Depot
        account: voltfix
        operator: HOTEL1
        stations:
          - id: ACME-01
            password: sixteen-chars-or-more
          - id: ACME-02
    cards:
      - value: CARD-1
        account: piet
    charge_groups:
      - name: Depot
        stations: [ACME-01, ACME-02]
        customers:
          - piet
          - {account: jan, tariff: staff}
"""


async def test_a_changed_file_updates_only_what_changed(db: Database) -> None:
    await load_world(db, SMALL)
    async with db.read() as s:
        operator_id = await s.scalar(select(Operator.id))
        old_hash = await s.scalar(select(User.password_hash))
    changed = (
        SMALL.replace("name: Grand Hotel Group", "name: Grand Hotels")
        .replace("private_network: [piet, jan]", "private_network: [piet]")
        .replace("stations: [ACME-01, ACME-02]", "stations: [ACME-01]")
        .replace("{account: jan, tariff: staff}", "{account: jan, tariff: guest}")
        .replace("password: first-password", "password: second-password")
    )
    summary = await load_world(db, changed)
    c = summary.counts
    assert (c["operators"].updated, c["operators"].created) == (1, 0)
    assert c["private_network_members"].removed == 1
    assert c["group_stations"].removed == 1 and c["group_stations"].unchanged == 1
    assert c["group_customers"].updated == 1 and c["group_customers"].unchanged == 1
    assert c["users"].updated == 1
    assert c["accounts"].updated == 0 and c["stations"].updated == 0
    async with db.read() as s:
        operator = await s.scalar(select(Operator))
        assert (operator.id, operator.code, operator.name) == (
            operator_id,
            "HOTEL1",
            "Grand Hotels",
        )
        user = await s.scalar(select(User))
        assert user.password_hash != old_hash
        assert verify_password("second-password", user.password_hash)
        tariffs = dict(
            (
                await s.execute(
                    select(Account.ref, ChargeGroupCustomer.tariff_ref).join(
                        Account, Account.id == ChargeGroupCustomer.account_id
                    )
                )
            ).all()
        )
        assert tariffs == {"piet": None, "jan": "guest"}

    # A new code is a new operator: the code is the natural key and never changes.
    renamed = changed.replace("code: HOTEL1", "code: HOTEL2").replace(
        "operator: HOTEL1", "operator: HOTEL2"
    )
    assert (await load_world(db, renamed)).counts["operators"].created == 1
    async with db.read() as s:
        assert sorted((await s.scalars(select(Operator.code))).all()) == ["HOTEL1", "HOTEL2"]


INVALID = [
    pytest.param(
        "        company_name: VoltFix B.V.\n",
        "        company_name: VoltFix B.V.\n        colour: red\n",
        10,
        "unknown key 'colour'",
        id="unknown-key",
    ),
    pytest.param(
        "customer_type: company",
        "customer_type: firm",
        7,
        "customer_type: Input should be 'private', 'company' or 'employee'",
        id="wrong-enum",
    ),
    pytest.param(
        "account: piet\n",
        "account: pete\n",
        35,
        "unknown account 'pete' in tenant 'acme'",
        id="unknown-account",
    ),
    pytest.param(
        "operator: HOTEL1",
        "operator: HOTEL9",
        28,
        "unknown operator 'HOTEL9' in tenant 'acme'",
        id="unknown-operator",
    ),
    pytest.param(
        "stations: [ACME-01, ACME-02]",
        "stations: [ACME-01, ACME-03]",
        38,
        "unknown station 'ACME-03'",
        id="unknown-station",
    ),
    pytest.param(
        "          - id: ACME-02",
        "          - id: ACME-01",
        32,
        "duplicate station id 'ACME-01' (first at line 30)",
        id="duplicate-station",
    ),
    pytest.param(
        "      - ref: jan\n",
        "      - ref: piet\n",
        13,
        "duplicate account ref 'piet' (first at line 11)",
        id="duplicate-account",
    ),
    pytest.param(
        "        name: Jan de Vries\n",
        "        name: Jan de Vries\n        name: Jan\n",
        15,
        "duplicate key 'name' (first at line 14)",
        id="duplicate-yaml-key",
    ),
    pytest.param(
        "        company_name: VoltFix B.V.\n",
        "",
        8,
        "a business account needs company_name",
        id="business-without-company-name",
    ),
    pytest.param(
        "password: sixteen-chars-or-more",
        "password: too-short",
        31,
        "password: String should have at least 16 characters",
        id="station-password-too-short",
    ),
    pytest.param(
        "{role: tenant_admin}",
        "{role: driver}",
        19,
        "driver needs 'account'",
        id="role-without-account",
    ),
    pytest.param(
        "        name: Depot\n        account",
        "        name: [Depot\n        account",
        27,
        "invalid YAML: while parsing a flow sequence (from line 26): expected ',' or ']'",
        id="yaml-syntax",
    ),
]


@pytest.mark.parametrize(("old", "new", "line", "reason"), INVALID)
async def test_an_invalid_file_is_refused_with_its_line_and_leaves_nothing(
    db: Database, tmp_path: Path, old: str, new: str, line: int, reason: str
) -> None:
    assert old in SMALL
    path = tmp_path / "world.yaml"
    path.write_text(SMALL.replace(old, new, 1))
    empty = await snapshot(db)
    with pytest.raises(WorldError) as refused:
        await load_world(db, path)
    expected = f"{path}:{line}: {reason}"
    assert any(str(p).startswith(expected) for p in refused.value.problems), str(refused.value)
    assert await snapshot(db) == empty


async def test_every_problem_is_reported_at_once(db: Database) -> None:
    bad = SMALL.replace("customer_type: company", "customer_type: firm").replace(
        "password: sixteen-chars-or-more", "password: short"
    )
    with pytest.raises(WorldError) as refused:
        await load_world(db, bad, name="bad.yaml")
    assert str(refused.value).splitlines() == [
        "bad.yaml:7: customer_type: Input should be 'private', 'company' or 'employee'",
        "bad.yaml:31: password: String should have at least 16 characters",
    ]


async def test_a_station_of_another_tenant_is_refused_late_and_nothing_stays(
    db: Database,
) -> None:
    await load_world(db, SMALL.replace("slug: acme", "slug: other").replace("CARD-1", "CARD-9"))
    before = await snapshot(db)
    with pytest.raises(WorldError) as refused:
        await load_world(db, SMALL, name="acme.yaml")
    assert [str(p) for p in refused.value.problems] == [
        "acme.yaml:30: station 'ACME-01' already exists in tenant 'other'"
    ]
    assert await snapshot(db) == before  # the tenant, accounts... made before it are gone


async def test_a_refusal_by_the_database_points_at_the_line_and_nothing_stays(
    db: Database,
) -> None:
    async with db.write() as session:
        await session.execute(
            text(
                "CREATE TRIGGER refuse_groups BEFORE INSERT ON charge_groups "
                "BEGIN SELECT RAISE(ABORT, 'no charge groups today'); END"
            )
        )
    empty = await snapshot(db)
    with pytest.raises(WorldError) as refused:
        await load_world(db, SMALL, name="acme.yaml")
    (problem,) = refused.value.problems
    assert problem.line == 37
    assert "the database refused charge group 'Depot'" in problem.reason
    assert "no charge groups today" in problem.reason
    assert await snapshot(db) == empty
