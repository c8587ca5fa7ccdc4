"""Rules of the charging network the admin API enforces: real time zones, times shown in an
operator's zone (OP-5), what still references an operator before it can go (OP-3), and when
an operator's private network may take members (OP-8).

The routes map the errors raised here to HTTP answers; nothing here knows about HTTP.
"""

from __future__ import annotations

import functools
import zoneinfo
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from csms.db.models import Account, Operator, PrivateNetworkMember
from csms.db.repositories.operators import OperatorRepository


class StillReferenced(Exception):
    """The operator is still used somewhere; the message names where."""


class NoAssignedLocation(Exception):
    """The operator runs no location (charging area) yet, so it has no stations to open."""


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


async def operator_references(session: AsyncSession, operator_id: int) -> References:
    repo = OperatorRepository(session)
    return References(
        locations=tuple(await repo.location_names(operator_id)),
        users=tuple(await repo.user_emails(operator_id)),
        members=tuple(await repo.member_names(operator_id)),
        other=tuple(sorted((await repo.other_references(operator_id)).items())),
    )


async def delete_operator(session: AsyncSession, operator: Operator) -> None:
    """Delete ``operator`` unless anything still references it (OP-3).

    User grants and private network members would be removed with the operator by the
    database (ON DELETE CASCADE); they are refused here all the same, so that deleting an
    operator never silently takes a user's access or a customer's membership with it.
    """
    references = await operator_references(session, operator.id)
    if references:
        raise StillReferenced(
            f"operator {operator.code!r} is still referenced by {references.describe()}; "
            "remove these references first"
        )
    await OperatorRepository(session).delete(operator)
    await session.flush()


async def grant_membership(
    session: AsyncSession, operator: Operator, account: Account
) -> tuple[PrivateNetworkMember, bool]:
    """Let ``account`` into the operator's private network; True when it is new. Needs a
    location (charging area) with this operator assigned (OP-8). Granting twice keeps the
    first grant."""
    repo = OperatorRepository(session)
    if not await repo.assigned_locations(operator.id):
        raise NoAssignedLocation(
            f"operator {operator.code!r} has no location (charging area) assigned: assign it "
            "to a location before adding private network members"
        )
    existing = await repo.member(operator.id, account.id)
    if existing is not None:
        return existing, False
    row = PrivateNetworkMember(operator_id=operator.id, account_id=account.id)
    repo.add_member(row)
    await session.flush()
    return row, True
