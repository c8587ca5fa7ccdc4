"""Operators and their private networks: real time zones, times shown in an operator's zone
(OP-5), what still references an operator before it can go (OP-3), and when an operator's
private network may take members (OP-8). Each OperatorService method is one unit of work;
the caller's rights are checked inside it (csms.services.access)."""

from __future__ import annotations

import functools
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError

from csms.db.database import Database
from csms.db.models import Account, Operator, PrivateNetworkMember, Station, Transaction
from csms.db.repositories.accounts import AccountRepository
from csms.db.repositories.operators import OperatorRepository
from csms.domain.permissions import Action, Area, Resource
from csms.services.access import Access
from csms.services.errors import Conflict, Forbidden, Invalid, NotFound


@functools.cache
def _zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def check_timezone(name: str) -> str:
    """``name`` if it is a zone of the IANA tz database ("Europe/Amsterdam", "UTC"); a
    fixed offset such as "+01:00" or a made-up name is refused."""
    if name not in _zones():
        raise ValueError(f"{name!r} is not an IANA time zone such as 'Europe/Amsterdam'")
    return name


def in_zone(moment: datetime | None, zone: str) -> datetime | None:
    """``moment`` as wall-clock time in ``zone``, carrying that zone's UTC offset then
    (daylight saving included): 10:00Z is 11:00+01:00 in Amsterdam in winter."""
    return None if moment is None else moment.astimezone(zoneinfo.ZoneInfo(zone))


@dataclass(frozen=True, slots=True)
class References:
    """Everything that still points at an operator."""

    locations: tuple[str, ...] = ()
    users: tuple[str, ...] = ()
    members: tuple[str, ...] = ()
    other: tuple[tuple[str, int], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.locations or self.users or self.members or self.other)

    def describe(self) -> str:
        parts = []
        if self.locations:
            parts.append("locations (charging areas): " + ", ".join(self.locations))
        if self.users:
            parts.append("users: " + ", ".join(self.users))
        if self.members:
            parts.append("private network members: " + ", ".join(self.members))
        parts += [f"{count} {table} row(s)" for table, count in self.other]
        return "; ".join(parts)


async def _references(repo: OperatorRepository, operator_id: int) -> References:
    return References(
        locations=tuple(await repo.location_names(operator_id)),
        users=tuple(await repo.user_emails(operator_id)),
        members=tuple(await repo.member_names(operator_id)),
        other=tuple(sorted((await repo.other_references(operator_id)).items())),
    )


async def _visible(
    repo: OperatorRepository,
    access: Access,
    operator_id: int,
    action: Action = Action.READ,
    area: Area = Area.NETWORK,
) -> Operator:
    """The operator, if the caller may ``action`` it in ``area``: NotFound when it does not
    exist or the caller cannot see it, Forbidden when it can see it but not ``action`` it."""
    row = await repo.get(operator_id)
    if row is None:
        raise NotFound(f"operator {operator_id} not found")
    await access.require(action, area, _resource(row), f"operator {operator_id}")
    return row


def _resource(row: Operator) -> Resource:
    return Resource(row.tenant_id, None, row.id)


class OperatorService:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def page(
        self, access: Access, *, offset: int, limit: int, search: str | None = None
    ) -> tuple[Sequence[Operator], int]:
        seen = await access.visibility(Area.NETWORK)
        async with self.db.read() as session:
            return await OperatorRepository(session).page(
                offset=offset, limit=limit, seen=seen, search=search
            )

    async def create(
        self, access: Access, tenant_id: int | None, fields: dict[str, Any]
    ) -> Operator:
        """Creates the operator only: no user and no login (OP-6). Refused with Forbidden
        (not NotFound) to whoever may not create: no existing operator is at stake."""
        tenant_id = access.tenant_for(tenant_id)
        if not await access.allows(Action.WRITE, Area.NETWORK, Resource(tenant_id)):
            raise Forbidden("not allowed to create operators")
        taken = Conflict(f"operator code {fields['code']!r} is already in use")
        try:
            async with self.db.write() as session:
                if await AccountRepository(session).tenant(tenant_id) is None:
                    raise NotFound(f"tenant {tenant_id} not found")
                repo = OperatorRepository(session)
                if await repo.by_code(tenant_id, fields["code"]) is not None:
                    raise taken
                row = Operator(**fields, tenant_id=tenant_id)
                repo.add(row)
                await session.flush()
        except IntegrityError as exc:  # the same code created concurrently
            raise taken from exc
        return row

    async def by_code(self, access: Access, tenant_id: int | None, code: str) -> Operator:
        tenant = access.tenant_for(tenant_id)
        async with self.db.read() as session:
            row = await OperatorRepository(session).by_code(tenant, code)
            if row is None:
                raise NotFound(f"operator {code!r} not found")
            await access.require(Action.READ, Area.NETWORK, _resource(row), f"operator {code!r}")
        return row

    async def get(self, access: Access, operator_id: int) -> Operator:
        async with self.db.read() as session:
            return await _visible(OperatorRepository(session), access, operator_id)

    async def update(self, access: Access, operator_id: int, changes: dict[str, Any]) -> Operator:
        """Every field can change except the code (OP-2): the current code is accepted and
        changes nothing; any other (or null) is Invalid."""
        async with self.db.write() as session:
            repo = OperatorRepository(session)
            row = await _visible(repo, access, operator_id, Action.WRITE)
            if "code" in changes and changes.pop("code") != row.code:
                raise Invalid(f"the operator code cannot be changed (it is {row.code!r})")
            for name, value in changes.items():
                setattr(row, name, value)
            await session.flush()
        return row

    async def delete(self, access: Access, operator_id: int) -> None:
        """Delete the operator unless anything still references it (OP-3), naming what.

        User grants and private network members would be removed with the operator by the
        database (ON DELETE CASCADE); they are refused here all the same, so that deleting an
        operator never silently takes a user's access or a customer's membership with it.
        """
        try:
            async with self.db.write() as session:
                repo = OperatorRepository(session)
                row = await _visible(repo, access, operator_id, Action.WRITE)
                references = await _references(repo, row.id)
                if references:
                    raise Conflict(
                        f"operator {row.code!r} is still referenced by "
                        f"{references.describe()}; remove these references first"
                    )
                await repo.delete(row)
                await session.flush()
        except IntegrityError as exc:
            raise Conflict(
                f"operator {operator_id} became referenced while being deleted; try again"
            ) from exc

    # The private network (OP-8).

    async def members(
        self,
        access: Access,
        operator_id: int,
        *,
        offset: int,
        limit: int,
        search: str | None = None,
    ) -> tuple[Sequence[tuple[PrivateNetworkMember, Account]], int]:
        """The customers who may use the operator's invisible stations."""
        async with self.db.read() as session:
            repo = OperatorRepository(session)
            await _visible(repo, access, operator_id, Action.READ, Area.PRIVATE_NETWORK)
            return await repo.members(operator_id, offset=offset, limit=limit, search=search)

    async def candidates(
        self,
        access: Access,
        operator_id: int,
        *,
        offset: int,
        limit: int,
        search: str | None = None,
    ) -> tuple[Sequence[Account], int]:
        """Active customers of the tenant not yet members, for whoever manages the network."""
        async with self.db.read() as session:
            repo = OperatorRepository(session)
            row = await _visible(repo, access, operator_id, Action.WRITE, Area.PRIVATE_NETWORK)
            return await repo.candidates(row, offset=offset, limit=limit, search=search)

    async def grant(
        self, access: Access, operator_id: int, account_id: int
    ) -> tuple[PrivateNetworkMember, Account, bool]:
        """Let the customer into the private network; True when it is new. Needs a location
        (charging area) with this operator assigned. Granting twice keeps the first grant."""
        try:
            async with self.db.write() as session:
                repo = OperatorRepository(session)
                row = await _visible(repo, access, operator_id, Action.WRITE, Area.PRIVATE_NETWORK)
                account = await AccountRepository(session).account(account_id)
                if account is None or account.tenant_id != row.tenant_id:
                    raise NotFound(f"account {account_id} not found")
                if not await repo.assigned_locations(row.id):
                    raise Conflict(
                        f"operator {row.code!r} has no location (charging area) assigned: "
                        "assign it to a location before adding private network members"
                    )
                existing = await repo.member(row.id, account.id)
                if existing is not None:
                    return existing, account, False
                member = PrivateNetworkMember(operator_id=row.id, account_id=account.id)
                repo.add_member(member)
                await session.flush()
        except IntegrityError as exc:  # a concurrent grant of the same member, or a deletion
            raise Conflict("the private network changed meanwhile; try again") from exc
        return member, account, True

    async def revoke(self, access: Access, operator_id: int, account_id: int) -> None:
        async with self.db.write() as session:
            repo = OperatorRepository(session)
            await _visible(repo, access, operator_id, Action.WRITE, Area.PRIVATE_NETWORK)
            member = await repo.member(operator_id, account_id)
            if member is None:
                raise NotFound(
                    f"account {account_id} is not a member of operator {operator_id}'s network"
                )
            await repo.remove_member(member)

    # What an operator user sees (OP-5).

    async def stations(
        self,
        access: Access,
        operator_id: int,
        *,
        offset: int,
        limit: int,
        search: str | None = None,
    ) -> tuple[Operator, Sequence[Station], int]:
        """Stations at every location the operator runs, with the operator (its zone)."""
        async with self.db.read() as session:
            repo = OperatorRepository(session)
            row = await _visible(repo, access, operator_id)
            rows, total = await repo.stations(
                operator_id, offset=offset, limit=limit, search=search
            )
        return row, rows, total

    async def sessions(
        self,
        access: Access,
        operator_id: int,
        *,
        offset: int,
        limit: int,
        station_id: str | None = None,
        active: bool | None = None,
    ) -> tuple[Operator, Sequence[Transaction], int]:
        """Sessions at the operator's stations, newest first, with the operator (its zone)."""
        async with self.db.read() as session:
            repo = OperatorRepository(session)
            row = await _visible(repo, access, operator_id, Action.READ, Area.SESSIONS)
            rows, total = await repo.sessions(
                operator_id, offset=offset, limit=limit, station_id=station_id, active=active
            )
        return row, rows, total
