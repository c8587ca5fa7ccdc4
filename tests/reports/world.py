"""The "Given" of the money tests: a tenant in Amsterdam with an installer and its connected
accounts, two operators, a company with an employee, a visitor, and November's CDRs written
straight into the database (the way the CSMS writes them at session end).

November 2026 in Amsterdam (all amounts excl. VAT):

=====  ==========  ========  ========  ============  ========  ==========================
CDR    ended (Z)   location  operator  payee         kWh       excl. VAT
=====  ==========  ========  ========  ============  ========  ==========================
b1     11-10 10:00 bakery    OPA       bakery        10        5.00
b2     11-20 10:00 bakery    OPA       annex (sub)   20        10.33
b3     10-31 23:30 bakery    OPA       bakery        5         2.50  (Nov 1st locally)
b1-    11-25 09:00 bakery    OPA       bakery        -10       -5.00 (credit of b1)
b1+    11-25 09:00 bakery    OPA       bakery        10        4.00  (re-issue of b1)
dec    11-30 23:30 bakery    OPA       bakery        8         4.00  (Dec 1st locally)
h1     11-12 12:00 hotel     OPB       hotel         7         3.00  (paid by the visitor)
home   11-15 20:00 -         -         emma          4         1.20  (reimbursement)
=====  ==========  ========  ========  ============  ========  ==========================

Bakery's November: 3 sessions, 35 kWh, 16.83 revenue; OPA's the same; OPB's 1, 7, 3.00.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from csms.db.models import Location, Operator
from csms.domain.permissions import Role
from tests.support.bench import Bench
from tests.support.cdrs import a_cdr as support_cdr
from tests.support.people import Person, a_tenant, a_user, an_account

VAT = Decimal("0.21")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@dataclass
class MoneyWorld:
    tenant: int
    installer: int
    bakery: int
    annex: int
    hotel: int
    fleet: int
    emma: int
    visitor: int
    opa: int
    opb: int
    bakery_location: int
    hotel_location: int
    tenant_admin: Person
    installer_admin: Person
    bakery_admin: Person
    opa_user: Person
    fleet_admin: Person
    visitor_driver: Person
    rival_admin: Person

    @classmethod
    async def build(cls, bench: Bench) -> MoneyWorld:
        tenant = await a_tenant(bench, "tap", timezone="Europe/Amsterdam", currency="EUR")
        installer = await an_account(bench, tenant, "installer", customer_type="company")
        connected = {"kind": "connected", "primary_account_id": installer}
        bakery = await an_account(bench, tenant, "bakery", **connected)
        annex = await an_account(
            bench, tenant, "annex", kind="sub_account", parent_account_id=bakery
        )
        hotel = await an_account(bench, tenant, "hotel", **connected)
        fleet = await an_account(bench, tenant, "fleet", customer_type="company")
        emma = await an_account(bench, tenant, "emma", customer_type="employee", employer_id=fleet)
        visitor = await an_account(bench, tenant, "visitor")
        async with bench.csms.db.write() as session:
            opa = Operator(tenant_id=tenant, code="OPA", name="Op A", timezone="Europe/Amsterdam")
            opb = Operator(tenant_id=tenant, code="OPB", name="Op B", timezone="America/New_York")
            session.add_all([opa, opb])
            await session.flush()
            bakery_loc = Location(
                tenant_id=tenant,
                ref="bakery",
                name="Bakery",
                account_id=bakery,
                operator_id=opa.id,
                timezone="Europe/Amsterdam",
            )
            hotel_loc = Location(
                tenant_id=tenant,
                ref="hotel",
                name="Hotel",
                account_id=hotel,
                operator_id=opb.id,
                timezone="America/New_York",
            )
            session.add_all([bakery_loc, hotel_loc])
            await session.flush()
            ids = (opa.id, opb.id, bakery_loc.id, hotel_loc.id)
        rival = await a_tenant(bench, "rival")
        world = cls(
            tenant=tenant,
            installer=installer,
            bakery=bakery,
            annex=annex,
            hotel=hotel,
            fleet=fleet,
            emma=emma,
            visitor=visitor,
            opa=ids[0],
            opb=ids[1],
            bakery_location=ids[2],
            hotel_location=ids[3],
            tenant_admin=await a_user(bench, tenant, "admin@tap.test", Role.TENANT_ADMIN),
            installer_admin=await a_user(
                bench, tenant, "admin@installer.test", (Role.ACCOUNT_ADMIN, installer, None)
            ),
            bakery_admin=await a_user(
                bench, tenant, "admin@bakery.test", (Role.ACCOUNT_ADMIN, bakery, None)
            ),
            opa_user=await a_user(
                bench, tenant, "ops@opa.test", (Role.OPERATOR_USER, None, ids[0])
            ),
            fleet_admin=await a_user(
                bench, tenant, "admin@fleet.test", (Role.ACCOUNT_ADMIN, fleet, None)
            ),
            visitor_driver=await a_user(
                bench, tenant, "me@visitor.test", (Role.DRIVER, visitor, None)
            ),
            rival_admin=await a_user(bench, rival, "admin@rival.test", Role.TENANT_ADMIN),
        )
        await world.november(bench)
        return world

    async def november(self, bench: Bench) -> None:
        bakery = {
            "station": "BAKERY-1",
            "location_id": self.bakery_location,
            "operator_id": self.opa,
            "payer_account_id": self.emma,
        }
        await a_cdr(
            bench, self.tenant, "2026-11-10T10:00", "10", "5.00", payee=self.bakery, **bakery
        )
        await a_cdr(
            bench, self.tenant, "2026-11-20T10:00", "20", "10.33", payee=self.annex, **bakery
        )
        await a_cdr(
            bench, self.tenant, "2026-10-31T23:30", "5", "2.50", payee=self.bakery, **bakery
        )
        await a_cdr(
            bench,
            self.tenant,
            "2026-11-25T09:00",
            "-10",
            "-5.00",
            payee=self.bakery,
            kind="credit",
            **bakery,
        )
        await a_cdr(
            bench, self.tenant, "2026-11-25T09:00", "10", "4.00", payee=self.bakery, **bakery
        )
        await a_cdr(
            bench, self.tenant, "2026-11-30T23:30", "8", "4.00", payee=self.bakery, **bakery
        )
        await a_cdr(
            bench,
            self.tenant,
            "2026-11-12T12:00",
            "7",
            "3.00",
            payee=self.hotel,
            station="HOTEL-1",
            location_id=self.hotel_location,
            operator_id=self.opb,
            payer_account_id=self.visitor,
        )
        await a_cdr(
            bench,
            self.tenant,
            "2026-11-15T20:00",
            "4",
            "1.20",
            payee=self.emma,
            station="HOME-1",
            payer_account_id=self.fleet,
            purpose="reimbursement",
        )


async def a_cdr(
    bench: Bench,
    tenant: int,
    ended: str,
    kwh: str,
    excl: str,
    *,
    station: str,
    payee: int,
    kind: str = "debit",
    payer_account_id: int | None = None,
    **fields: Any,
) -> int:
    """One priced session at 21 % VAT, with the station and transaction it comes from."""
    total = Decimal(excl)
    return await support_cdr(
        bench.csms.db,
        tenant,
        station,
        at(ended),
        total,
        (total * VAT).quantize(Decimal("0.01"), ROUND_HALF_UP),
        payer=payer_account_id,
        payee=payee,
        kind=kind,
        energy=kwh,
        **fields,
    )
