"""Tariffs in world files: created before the charge groups that name them, a second load
writes nothing, new prices become a new version, and mistakes point at their line."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from csms.db.database import Database
from csms.db.models import Station
from csms.db.models.billing import TariffRow
from csms.world import WorldError, load_world
from tests.world.conftest import snapshot, writes

WORLD = """
tenants:
  - slug: acme
    name: Acme
    currency: EUR
    accounts:
      - ref: hotels
        name: Hotels
    locations:
      - ref: hq
        name: HQ
        tariff: public
        stations:
          - id: ACME-01
            tariff: public
          - id: ACME-02
    tariffs:
      - ref: public
        name: Public
        elements:
          - price_components:
              - {type: ENERGY, price: "0.30", vat: "21", step_size: 1}
            restrictions: {start_time: "07:00", end_time: "23:00"}
          - price_components:
              - {type: ENERGY, price: 0.2, vat: 21, step_size: 1}
      - ref: guest
        owner: hotels
        elements:
          - price_components: [{type: FLAT, price: "2.00"}]
        max_price: {excl_vat: "20"}
    charge_groups:
      - name: Depot
        tariff: public
        customers:
          - {account: hotels, tariff: guest}
"""


@pytest.fixture
async def db(db_url: str) -> AsyncIterator[Database]:
    database = Database(db_url)
    await database.migrate()
    yield database
    await database.close()


async def rows(db: Database) -> list[TariffRow]:
    async with db.read() as session:
        return list(
            await session.scalars(select(TariffRow).order_by(TariffRow.ref, TariffRow.version))
        )


async def test_tariffs_load_once_and_a_second_load_writes_nothing(db: Database) -> None:
    summary = await load_world(db, WORLD)
    before = await snapshot(db)
    with writes(db) as sent:
        again = await load_world(db, WORLD)
    stored = await rows(db)
    assert summary.counts["tariffs"].created == 2
    assert sent == [] and await snapshot(db) == before and not again.changed
    guest, public = stored
    assert (public.ref, public.version, public.currency, public.owner_account_id) == (
        "public",
        1,
        "EUR",
        None,
    )
    assert public.elements[1]["price_components"][0] == {
        "type": "ENERGY",
        "price": "0.2",
        "vat": "21",
        "step_size": 1,
    }
    assert guest.owner_account_id is not None and guest.max_price_excl_vat == 20
    async with db.read() as session:
        station = await session.get(Station, "ACME-01")
        assert station is not None and station.tariff_ref == "public"


async def test_new_prices_are_a_new_version_and_a_new_name_is_not(db: Database) -> None:
    await load_world(db, WORLD)
    renamed = WORLD.replace("name: Public", "name: Public charging")
    summary = await load_world(db, renamed)
    assert summary.counts["tariffs"].updated == 1
    assert [(r.ref, r.version, r.name) for r in await rows(db)][1] == (
        "public",
        1,
        "Public charging",
    )
    dearer = renamed.replace('price: "0.30"', 'price: "0.35"')
    changed_at = datetime(2026, 3, 1, 9, tzinfo=UTC)
    await load_world(db, dearer, now=changed_at)
    v1, v2 = [r for r in await rows(db) if r.ref == "public"]
    assert v1.valid_until is not None and v1.valid_until == v2.valid_from
    assert v2.version == 2 and v2.elements[0]["price_components"][0]["price"] == "0.35"
    assert v2.valid_from == changed_at
    again = await load_world(db, dearer)
    assert not again.changed


async def test_a_station_tariff_left_out_of_the_file_is_left_as_it_is(db: Database) -> None:
    await load_world(db, WORLD)
    async with db.write() as session:
        station = await session.get(Station, "ACME-02")
        assert station is not None
        station.tariff_ref = "guest"  # as if set through the API
    await load_world(db, WORLD)
    async with db.read() as session:
        station = await session.get(Station, "ACME-02")
        assert station is not None and station.tariff_ref == "guest"


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (
            "price: 0.2,",
            "price: -0.2,",
            "elements[1].price_components[0].price: must be >= 0",
        ),
        ("tariff: guest}", "tariff: nope}", "unknown tariff 'nope' in tenant 'acme'"),
        ("owner: hotels", "owner: nobody", "unknown account 'nobody' in tenant 'acme'"),
        (
            "      - ref: guest\n        owner: hotels",
            "      - ref: guest\n        purpose: reimbursement\n        owner: hotels",
            "tariff 'guest' is a reimbursement tariff",
        ),
    ],
)
async def test_a_mistake_points_at_its_line_and_nothing_is_written(
    db: Database, old: str, new: str, problem: str
) -> None:
    assert old in WORLD
    empty = await snapshot(db)
    with pytest.raises(WorldError) as refused:
        await load_world(db, WORLD.replace(old, new), name="acme.yaml")
    assert problem in str(refused.value), str(refused.value)
    assert str(refused.value).startswith("acme.yaml:")
    assert await snapshot(db) == empty
