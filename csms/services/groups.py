"""Charge groups (CG-1..6) and the customer's view (CUS-2, driver map). Each GroupService
method is one unit of work; the caller's rights are checked inside it (csms.services.access):
a group belongs to its tenant and optionally to a customer account (its owner), permission
area network; attaching a station also needs the right to change that station, attaching a
customer the right to see that customer.

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
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from csms.db.database import Database
from csms.db.models import Account, ChargeGroup, ChargeGroupCustomer, Location, Station
from csms.db.repositories.accounts import AccountRepository
from csms.db.repositories.groups import AttachmentRepository, GroupRepository
from csms.db.repositories.network import site_for
from csms.db.repositories.stations import StationRepository, station_resources
from csms.domain.authorization import GroupPolicy, GroupType, visible_on_map
from csms.domain.permissions import Action, Area, Resource
from csms.domain.tariff_choice import TariffChoice, tariff_for
from csms.services.access import Access
from csms.services.errors import Conflict, Forbidden, Invalid, NotFound


class StationInAnotherGroup(Conflict):
    def __init__(self, station_id: str, group: ChargeGroup | None):
        where = f"charge group {group.name!r} (id {group.id})" if group else "another group"
        super().__init__(f"station {station_id!r} is already in {where}; detach it there first")


class NotAttached(Invalid):
    def __init__(self, group_id: int, account_ids: Sequence[int]):
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


@dataclass(frozen=True, slots=True)
class GroupCustomer:
    account: Account
    tariff: str | None
    effective: TariffChoice


@dataclass(frozen=True, slots=True)
class TariffAnswer:
    choice: TariffChoice
    attached: bool
    admitted: bool


async def _group(
    repo: GroupRepository, access: Access, group_id: int, action: Action = Action.READ
) -> ChargeGroup:
    """The group if the caller may ``action`` it: NotFound when missing or in another
    tenant, Forbidden when visible but not for ``action``."""
    group = await repo.get(group_id)
    if group is None:
        raise NotFound(f"charge group {group_id} not found")
    resource = Resource(group.tenant_id, group.account_id)
    await access.require(action, Area.NETWORK, resource, f"charge group {group_id}")
    return group


async def _account(
    session: AsyncSession, tenant_id: int, account_id: int, access: Access | None = None
) -> Account:
    """A customer of ``tenant_id`` (NotFound otherwise); with ``access``, one the caller
    sees."""
    account = await AccountRepository(session).account(account_id)
    if account is None or account.tenant_id != tenant_id:
        raise NotFound(f"account {account_id} not found")
    if access is not None:
        resource = Resource(account.tenant_id, account.id)
        await access.require(Action.READ, Area.ACCOUNTS, resource, f"account {account_id}")
    return account


async def _unique_name(repo: GroupRepository, tenant_id: int, name: str, group_id: int = 0) -> None:
    other = await repo.named(tenant_id, name)
    if other is not None and other.id != group_id:
        raise Conflict(f"a charge group named {name!r} exists (id {other.id})")


async def _customers(repo: GroupRepository, group: ChargeGroup) -> list[GroupCustomer]:
    rows = await repo.customers(group.id)
    tariffs = {link.account_id: link.tariff_ref for link, _ in rows}
    return [
        GroupCustomer(account, link.tariff_ref, tariff_for(group.tariff_ref, tariffs, account.id))
        for link, account in rows
    ]


class GroupService:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def page(
        self,
        access: Access,
        *,
        offset: int,
        limit: int,
        search: str | None = None,
        type_: str | None = None,
    ) -> tuple[Sequence[ChargeGroup], int]:
        seen = await access.visibility(Area.NETWORK)
        async with self.db.read() as session:
            return await GroupRepository(session).page(
                offset=offset, limit=limit, seen=seen, search=search, type_=type_
            )

    async def create(
        self, access: Access, tenant_id: int | None, fields: dict[str, Any]
    ) -> ChargeGroup:
        """``fields`` are the ChargeGroup's columns. Forbidden, not NotFound, to whoever may
        not create: refusing says nothing about an existing group."""
        tenant_id = access.tenant_for(tenant_id)
        owner = fields.get("account_id")
        if not await access.allows(Action.WRITE, Area.NETWORK, Resource(tenant_id, owner)):
            raise Forbidden("not allowed to create charge groups")
        async with self.db.write() as session:
            if owner is not None:
                await _account(session, tenant_id, owner)
            repo = GroupRepository(session)
            await _unique_name(repo, tenant_id, fields["name"])
            group = ChargeGroup(tenant_id=tenant_id, **fields)
            repo.add(group)
            try:
                await session.flush()
            except IntegrityError as exc:  # the same name created concurrently
                raise Conflict(f"a charge group named {fields['name']!r} exists") from exc
        return group

    async def get(self, access: Access, group_id: int) -> ChargeGroup:
        async with self.db.read() as session:
            return await _group(GroupRepository(session), access, group_id)

    async def update(self, access: Access, group_id: int, changes: dict[str, Any]) -> ChargeGroup:
        """Only the columns in ``changes`` change; a new owner needs the right to write the
        group as that owner's."""
        async with self.db.write() as session:
            repo = GroupRepository(session)
            group = await _group(repo, access, group_id, Action.WRITE)
            if "account_id" in changes and changes["account_id"] != group.account_id:
                owner = changes["account_id"]
                if owner is not None:
                    await _account(session, group.tenant_id, owner)
                if not await access.allows(
                    Action.WRITE, Area.NETWORK, Resource(group.tenant_id, owner)
                ):
                    raise Forbidden(f"not allowed to give the group to {owner}")
            if "name" in changes:
                await _unique_name(repo, group.tenant_id, changes["name"], group.id)
            for name, value in changes.items():
                setattr(group, name, value)
        return group

    async def delete(self, access: Access, group_id: int) -> None:
        async with self.db.write() as session:
            repo = GroupRepository(session)
            await repo.delete(await _group(repo, access, group_id, Action.WRITE))

    # Stations

    async def stations(self, access: Access, group_id: int) -> Sequence[Station]:
        async with self.db.read() as session:
            repo = GroupRepository(session)
            await _group(repo, access, group_id)
            return await repo.stations(group_id)

    async def attach_station(self, access: Access, group_id: int, station_id: str) -> Station:
        """A station is in at most one group: one in another group is refused, naming that
        group; attaching it to its own group again changes nothing."""
        async with self.db.write() as session:
            repo = GroupRepository(session)
            group = await _group(repo, access, group_id, Action.WRITE)
            station = await StationRepository(session).get(station_id)
            if station is None or station.tenant_id != group.tenant_id:
                raise NotFound(f"station {station_id!r} not found")
            await access.require(
                Action.WRITE,
                Area.NETWORK,
                await station_resources(session, station),
                f"station {station_id!r}",
            )
            current = await repo.group_of_station(station_id)
            if current is not None:
                if current.id == group.id:
                    return station
                raise StationInAnotherGroup(station_id, current)
            repo.attach_station(group.id, station_id)
            try:
                await session.flush()
            except IntegrityError as exc:  # attached elsewhere in the meantime
                raise StationInAnotherGroup(station_id, None) from exc
        return station

    async def detach_station(self, access: Access, group_id: int, station_id: str) -> None:
        async with self.db.write() as session:
            repo = GroupRepository(session)
            await _group(repo, access, group_id, Action.WRITE)
            if not await repo.detach_station(group_id, station_id):
                raise NotFound(f"station {station_id!r} is not in charge group {group_id}")

    # Customers and tariffs

    async def customers(self, access: Access, group_id: int) -> list[GroupCustomer]:
        """Every attached customer with its own tariff and the one that applies to it."""
        async with self.db.read() as session:
            repo = GroupRepository(session)
            return await _customers(repo, await _group(repo, access, group_id))

    async def attach_customer(
        self, access: Access, group_id: int, account_id: int, tariff: str | None
    ) -> GroupCustomer:
        """Attach the customer with its own tariff (None: the group tariff); attaching again
        replaces it."""
        async with self.db.write() as session:
            repo = GroupRepository(session)
            group = await _group(repo, access, group_id, Action.WRITE)
            await _account(session, group.tenant_id, account_id, access)
            row = await repo.customer(group.id, account_id)
            if row is not None:
                row.tariff_ref = tariff
            else:
                repo.add_customer(
                    ChargeGroupCustomer(group_id=group.id, account_id=account_id, tariff_ref=tariff)
                )
            await session.flush()
            found = [c for c in await _customers(repo, group) if c.account.id == account_id]
        return found[0]

    async def detach_customer(self, access: Access, group_id: int, account_id: int) -> None:
        async with self.db.write() as session:
            repo = GroupRepository(session)
            await _group(repo, access, group_id, Action.WRITE)
            row = await repo.customer(group_id, account_id)
            if row is None:
                raise NotFound(f"account {account_id} is not attached to charge group {group_id}")
            await repo.remove_customer(row)

    async def set_customer_tariffs(
        self, access: Access, group_id: int, account_ids: Sequence[int], tariff: str | None
    ) -> list[GroupCustomer]:
        """Change tariff of selected customers, all of them or none; answers every customer
        of the group."""
        async with self.db.write() as session:
            repo = GroupRepository(session)
            group = await _group(repo, access, group_id, Action.WRITE)
            attached = await repo.customer_tariffs(group.id)
            missing = sorted({a for a in account_ids if a not in attached})
            if missing:
                raise NotAttached(group.id, missing)
            await repo.set_customer_tariffs(group.id, account_ids, tariff)
            return await _customers(repo, group)

    async def tariff_for(self, access: Access, group_id: int, account_id: int) -> TariffAnswer:
        """Which tariff applies to the customer at the group's stations, and whether the
        group's access policy lets it charge there at all (with an own card)."""
        async with self.db.read() as session:
            repo = GroupRepository(session)
            group = await _group(repo, access, group_id)
            await _account(session, group.tenant_id, account_id)
            tariffs = await repo.customer_tariffs(group.id)
        return TariffAnswer(
            choice=tariff_for(group.tariff_ref, tariffs, account_id),
            attached=account_id in tariffs,
            admitted=policy(group, frozenset(tariffs)).admits_customer(account_id),
        )


async def driver_map(
    session: AsyncSession, account: Account
) -> list[tuple[Station, Location | None]]:
    """The stations the customer sees in the driver app (CG-2, OP-8). Takes the session of
    the customer view's unit of work, which checks the caller's rights."""
    shown = []
    for station, location in await AttachmentRepository(session).tenant_stations(account.tenant_id):
        if station.registration != "Accepted":
            continue
        if visible_on_map(account.id, await site_for(session, station.id)):
            shown.append((station, location))
    return shown
