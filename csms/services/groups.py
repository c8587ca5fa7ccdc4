"""Charge groups (CG-1..6) and the customer's view (CUS-2, driver map): the rules the routes
apply inside one unit of work, apart from the permission checks, which stay in the routes.

Decisions where the product text is vague:

- A station is in at most one charge group. Attaching it to a second group is refused
  (409, naming the group it is in); it has to be detached first, so a station never
  silently changes its access policy.
- Attaching a customer again replaces its own tariff (PUT semantics): without a tariff it
  pays the group tariff.
- "Change tariff of selected customers" is all or nothing: when one selected account is not
  attached to the group, nothing changes and the answer names the ones that are not.
- CG-6: the Account model has no prepaid flag, so a prepaid (direct payment) driver is a
  customer attached to the group with a tariff of its own (csms.domain.tariff_choice).
- The driver map shows the Accepted stations of the customer's own tenant that
  ``visible_on_map`` lets it see over the same Site the access decision uses (``site_for``):
  Home groups never, Other groups to the customers they admit, invisible stations only to
  the operator's private network. Pending or rejected stations are not on the map.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from csms.db.models import Account, ChargeGroup, ChargeGroupCustomer, Location, Station
from csms.db.repositories.groups import AttachmentRepository, GroupRepository
from csms.db.repositories.network import site_for
from csms.domain.authorization import GroupPolicy, GroupType, visible_on_map
from csms.domain.tariff_choice import TariffChoice, tariff_for


class StationInAnotherGroup(Exception):
    def __init__(self, station_id: str, group: ChargeGroup | None):
        self.station_id = station_id
        self.group = group
        where = f"charge group {group.name!r} (id {group.id})" if group else "another group"
        super().__init__(f"station {station_id!r} is already in {where}; detach it there first")


class NotAttached(Exception):
    def __init__(self, group_id: int, account_ids: Sequence[int]):
        self.account_ids = list(account_ids)
        super().__init__(
            f"not attached to charge group {group_id}: accounts {', '.join(map(str, account_ids))}"
        )


def policy(group: ChargeGroup, customers: frozenset[int]) -> GroupPolicy:
    return GroupPolicy(
        type=GroupType(group.type),
        all_customers=group.all_customers,
        roaming=group.roaming,
        customers=customers,
    )


async def attach_station(session: AsyncSession, group: ChargeGroup, station_id: str) -> bool:
    """Put the station into ``group``; True when it was not there yet."""
    repo = GroupRepository(session)
    current = await repo.group_of_station(station_id)
    if current is not None:
        if current.id == group.id:
            return False
        raise StationInAnotherGroup(station_id, current)
    repo.attach_station(group.id, station_id)
    try:
        await session.flush()
    except IntegrityError as exc:  # attached elsewhere in the meantime
        raise StationInAnotherGroup(station_id, None) from exc
    return True


async def attach_customer(
    session: AsyncSession, group: ChargeGroup, account_id: int, tariff: str | None
) -> bool:
    """Attach the customer with its own tariff (None: the group tariff); True when new."""
    repo = GroupRepository(session)
    row = await repo.customer(group.id, account_id)
    if row is not None:
        row.tariff_ref = tariff
        return False
    repo.add_customer(
        ChargeGroupCustomer(group_id=group.id, account_id=account_id, tariff_ref=tariff)
    )
    await session.flush()
    return True


async def set_customer_tariffs(
    session: AsyncSession, group: ChargeGroup, account_ids: Sequence[int], tariff: str | None
) -> None:
    """Change tariff of selected customers, all of them or none."""
    repo = GroupRepository(session)
    attached = await repo.customer_tariffs(group.id)
    missing = sorted({a for a in account_ids if a not in attached})
    if missing:
        raise NotAttached(group.id, missing)
    await repo.set_customer_tariffs(group.id, account_ids, tariff)


@dataclass(frozen=True, slots=True)
class GroupCustomer:
    account: Account
    tariff: str | None
    effective: TariffChoice


async def customers(session: AsyncSession, group: ChargeGroup) -> list[GroupCustomer]:
    rows = await GroupRepository(session).customers(group.id)
    tariffs = {link.account_id: link.tariff_ref for link, _ in rows}
    return [
        GroupCustomer(account, link.tariff_ref, tariff_for(group.tariff_ref, tariffs, account.id))
        for link, account in rows
    ]


@dataclass(frozen=True, slots=True)
class TariffAnswer:
    choice: TariffChoice
    attached: bool
    admitted: bool


async def tariff_answer(session: AsyncSession, group: ChargeGroup, account_id: int) -> TariffAnswer:
    """Which tariff applies to the customer at the group's stations, and whether the group's
    access policy lets it charge there at all (with an own card)."""
    tariffs = await GroupRepository(session).customer_tariffs(group.id)
    return TariffAnswer(
        choice=tariff_for(group.tariff_ref, tariffs, account_id),
        attached=account_id in tariffs,
        admitted=policy(group, frozenset(tariffs)).admits_customer(account_id),
    )


async def driver_map(
    session: AsyncSession, account: Account
) -> list[tuple[Station, Location | None]]:
    """The stations the customer sees in the driver app (CG-2, OP-8)."""
    shown = []
    for station, location in await AttachmentRepository(session).tenant_stations(account.tenant_id):
        if station.registration != "Accepted":
            continue
        if visible_on_map(account.id, await site_for(session, station.id)):
            shown.append((station, location))
    return shown
