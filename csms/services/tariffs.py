"""Tariffs (OCPI 2.2.1, versioned), quotes, tariff assignment and home reimbursement. Each
method is one unit of work; the caller's rights are checked inside it (csms.services.access).

A tariff belongs to its tenant and to the owner account that controls it (``account_id``;
null: the tenant). Permission area: tariffs, on ``Resource(tenant, owner)``: tenant admins
manage every tariff of their tenant, account admins the tariffs of the accounts they
administer, support reads; nobody outside the tenant learns a tariff exists (NotFound).

Decisions where the behaviours leave room:

- Versions are never edited. A change adds the next version valid from an instant (default
  now) and ends the current one there, so a session is always priced with the version valid
  at its start (csms.domain.tariffs.tariff_version_at).
- Assigning a tariff (to a location, operator or station) needs the right to see the object
  (network) and to write its tariffs (tariffs, on the same owners). The ref must name a
  charging tariff of the tenant that is the tenant's or one the caller may read; anything
  else is Invalid ``unknown tariff`` (whether another account's tariff exists is not told).
  A station's tariff is for other drivers, set by whoever administers the station's
  customer (CA-5).
- Home reimbursement (CA-4, CA-6) is controlled by the employer: setting or removing it
  needs the right to write the *employer's* tariffs, so the employee, who administers the
  station, can see the setting but not change it (Forbidden), while still setting the
  station's own tariff. The tariff must be a reimbursement tariff owned by the employer, the
  employee one of the employer's employees, sub-accounts or connected accounts, and the
  station the employee's.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from csms.db.database import Database
from csms.db.models import Account, Location, Operator, Station
from csms.db.models.billing import HomeReimbursement, TariffRow
from csms.db.repositories.accounts import AccountRepository
from csms.db.repositories.locations import LocationRepository
from csms.db.repositories.operators import OperatorRepository
from csms.db.repositories.stations import StationRepository, station_resources
from csms.db.repositories.tariffs import (
    HomeReimbursementRepository,
    TariffRepository,
    tariff_from_row,
    tariff_row,
)
from csms.domain.permissions import Action, Area, Resource
from csms.domain.pricing import PricedSession, price_session
from csms.domain.quotes import QuotedSession, quoted_samples
from csms.domain.tariff_json import TariffFormatError, tariff_from_ocpi
from csms.domain.tariffs import Tariff, tariff_version_at
from csms.services.access import Access
from csms.services.clock import Clock
from csms.services.errors import Conflict, Forbidden, Invalid, NotFound

AssigneeKind = Literal["location", "operator", "station"]


@dataclass(frozen=True, slots=True)
class Quote:
    """A made-up session priced with one version of a tariff, in ``zone``."""

    tariff: Tariff
    priced: PricedSession
    zone: str
    tz: ZoneInfo
    start: datetime
    end: datetime


class TariffService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    # Tariffs and their versions.

    async def page(
        self,
        access: Access,
        *,
        offset: int,
        limit: int,
        search: str | None = None,
        purpose: str | None = None,
        account_id: int | None = None,
    ) -> tuple[Sequence[TariffRow], int]:
        """The latest version of every tariff the caller may see, by ref."""
        seen = await access.visibility(Area.TARIFFS)
        async with self.db.read() as session:
            return await TariffRepository(session).page(
                offset=offset,
                limit=limit,
                seen=seen,
                purpose=purpose,
                owner_account_id=account_id,
                search=search,
            )

    async def create(
        self,
        access: Access,
        tenant_id: int | None,
        *,
        ref: str,
        name: str | None,
        purpose: str,
        account_id: int | None,
        prices: dict[str, Any],
        valid_from: datetime | None,
    ) -> TariffRow:
        """Version 1 of ``ref``. ``prices``: the OCPI ``currency`` (None: the tenant's),
        ``elements``, ``min_price`` and ``max_price``."""
        tenant_id = access.tenant_for(tenant_id)
        conflict = Conflict(f"tariff ref {ref!r} is in use")
        async with self.db.write() as session:
            accounts = AccountRepository(session)
            tenant = await accounts.tenant(tenant_id)
            if tenant is None:
                raise NotFound(f"tenant {tenant_id} not found")
            if account_id is not None:
                await _account(accounts, tenant_id, account_id)
            await _may(access, Resource(tenant_id, account_id), "tariffs")
            tariff = _parse(
                {**prices, "currency": prices.get("currency") or tenant.currency},
                ref,
                1,
                valid_from and valid_from.astimezone(UTC),
            )
            repo = TariffRepository(session)
            if await repo.exists(tenant_id, ref):
                raise conflict
            row = tariff_row(tariff, tenant_id, name, purpose, account_id)
            repo.add(row)
            try:
                await session.flush()
            except IntegrityError as exc:  # the same ref created concurrently
                raise conflict from exc
        return row

    async def versions(
        self, access: Access, tenant_id: int | None, ref: str
    ) -> Sequence[TariffRow]:
        """Every version of ``ref``, oldest first."""
        async with self.db.read() as session:
            return await _versions(session, access, tenant_id, ref, Action.READ)

    async def version(
        self, access: Access, tenant_id: int | None, ref: str, version: int
    ) -> TariffRow:
        for row in await self.versions(access, tenant_id, ref):
            if row.version == version:
                return row
        raise NotFound(f"tariff {ref!r} has no version {version}")

    async def add_version(
        self,
        access: Access,
        tenant_id: int | None,
        ref: str,
        *,
        name: str | None,
        prices: dict[str, Any],
        valid_from: datetime | None,
    ) -> TariffRow:
        """The current version ends where the new one starts (``valid_from``, default now),
        so sessions that started before keep their version. Only whoever may write the owner
        account's tariffs may do this (CA-6: an employer's tariff stays the employer's).
        ``prices`` as for :meth:`create`; a currency left out is the current one's."""
        async with self.db.write() as session:
            rows = await _versions(session, access, tenant_id, ref, Action.WRITE)
            current = rows[-1]
            starts = (valid_from or self.clock.now()).astimezone(UTC)
            if current.valid_from is not None and starts <= current.valid_from:
                raise Invalid(
                    "valid_from must be after the current version's "
                    f"({current.valid_from.isoformat()})"
                )
            tariff = _parse(
                {**prices, "currency": prices.get("currency") or current.currency},
                current.ref,
                current.version + 1,
                starts,
            )
            current.valid_until = starts
            row = tariff_row(
                tariff,
                current.tenant_id,
                name if name is not None else current.name,
                current.purpose,
                current.owner_account_id,
            )
            TariffRepository(session).add(row)
            try:
                await session.flush()
            except IntegrityError as exc:
                raise Conflict("the tariff changed meanwhile; try again") from exc
        return row

    async def quote(
        self,
        access: Access,
        tenant_id: int | None,
        ref: str,
        made_up: QuotedSession,
        *,
        start: datetime | None = None,
        version: int | None = None,
        timezone: str | None = None,
    ) -> Quote:
        """``made_up`` from ``start`` (default now), priced with the version valid at
        ``start`` (or ``version``) in ``timezone`` (default: the tenant's). Nothing is
        stored."""
        async with self.db.read() as session:
            rows = await _versions(session, access, tenant_id, ref, Action.READ)
            tenant = await AccountRepository(session).tenant(rows[-1].tenant_id)
        zone = timezone or (tenant.timezone if tenant else "UTC")
        try:
            tz = ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise Invalid(f"unknown time zone {zone!r}") from None
        versions = [tariff_from_row(r) for r in rows]
        start = (start or self.clock.now()).astimezone(UTC)
        if version is not None:
            chosen = [v for v in versions if v.version == version]
            if not chosen:
                raise Invalid(f"tariff {ref!r} has no version {version}")
            tariff = chosen[0]
        else:
            try:
                tariff = tariff_version_at(versions, start)
            except LookupError as exc:
                raise Invalid(str(exc)) from None
        samples = quoted_samples(made_up, start)
        priced = price_session(tariff, samples, tz)
        return Quote(tariff, priced, zone, tz, samples[0].at, samples[-1].at)

    # Assigning a charging tariff to a location, an operator or a station.

    async def assign(
        self, access: Access, kind: AssigneeKind, key: int | str, ref: str | None
    ) -> None:
        """Set (``ref``) or clear (None) the charging tariff of a location, an operator or a
        station. A home reimbursement on a station is a separate setting and stays as it is
        (CA-6)."""
        async with self.db.write() as session:
            row, resources, what = await _assignee(session, kind, key)
            await access.require(Action.READ, Area.NETWORK, resources, what)
            await _may(access, resources, f"the tariff of {what}")
            await _charging_tariff(session, access, row.tenant_id, ref)
            row.tariff_ref = ref

    # Home reimbursement (CA-4, CA-6).

    async def home_reimbursement(self, access: Access, station_id: str) -> HomeReimbursement:
        """Whoever may see the station sees the setting: the employee too, who cannot change
        it (CA-6)."""
        async with self.db.read() as session:
            await _station(session, access, station_id)
            row = await HomeReimbursementRepository(session).for_station(station_id)
        if row is None:
            raise NotFound(f"no home reimbursement at station {station_id!r}")
        return row

    async def set_home_reimbursement(
        self, access: Access, station_id: str, *, employer_id: int, employee_id: int, tariff: str
    ) -> HomeReimbursement:
        """Needs the right to write the employer's tariffs (the employee's own admins do not
        have it: CA-6). Replaces the station's setting; taking a station over from another
        employer needs that employer's right too."""
        async with self.db.write() as session:
            station = await _station(session, access, station_id)
            tenant_id = station.tenant_id
            if tenant_id is None:
                raise Invalid(f"station {station_id!r} belongs to no tenant")
            accounts = AccountRepository(session)
            employer = await _account(accounts, tenant_id, employer_id)
            employee = await _account(accounts, tenant_id, employee_id)
            what = f"the home reimbursement settings of account {employer.id}"
            await _may(access, Resource(tenant_id, employer.id), what)
            repo = HomeReimbursementRepository(session)
            row = await repo.for_station(station_id)
            if row is not None and row.employer_account_id != employer.id:
                previous = Resource(tenant_id, row.employer_account_id)
                await _may(access, previous, f"station {station_id!r}'s")
            if not _under(employee, employer.id):
                raise Invalid(
                    f"account {employee.id} is not an employee, sub-account or connected "
                    f"account of account {employer.id}"
                )
            if station.customer_id != employee.id:
                raise Invalid(f"station {station_id!r} is not account {employee.id}'s")
            found = await TariffRepository(session).latest(tenant_id, tariff)
            if found is None or found.owner_account_id != employer.id:
                raise Invalid(
                    f"unknown tariff {tariff!r}: it must be a tariff of account {employer.id}"
                )
            if found.purpose != "reimbursement":
                raise Invalid(f"tariff {tariff!r} is not a reimbursement tariff")
            if row is None:
                row = HomeReimbursement(tenant_id=tenant_id, station_id=station_id)
                repo.add(row)
            row.employer_account_id = employer.id
            row.employee_account_id = employee.id
            row.tariff_ref = tariff
            await session.flush()
        return row

    async def delete_home_reimbursement(self, access: Access, station_id: str) -> None:
        """The employer only (CA-6)."""
        async with self.db.write() as session:
            station = await _station(session, access, station_id)
            repo = HomeReimbursementRepository(session)
            row = await repo.for_station(station_id)
            if row is None:
                raise NotFound(f"no home reimbursement at station {station_id!r}")
            employer = Resource(station.tenant_id, row.employer_account_id)
            what = f"the home reimbursement settings of account {row.employer_account_id}"
            await _may(access, employer, what)
            await repo.delete(row)


def _resource(row: TariffRow) -> Resource:
    return Resource(row.tenant_id, row.owner_account_id)


async def _may(access: Access, resources: Resource | Iterable[Resource], what: str) -> None:
    """Forbidden unless one of ``resources`` allows writing tariffs: for objects the caller
    was already shown, so refusing says nothing new."""
    items = [resources] if isinstance(resources, Resource) else list(resources)
    for resource in items:
        if await access.allows(Action.WRITE, Area.TARIFFS, resource):
            return
    raise Forbidden(f"not allowed to change {what}")


def _parse(prices: dict[str, Any], ref: str, version: int, valid_from: datetime | None) -> Tariff:
    """The domain tariff of OCPI prices; Invalid naming the JSON path of a mistake."""
    try:
        return tariff_from_ocpi(prices, id=ref, version=version, valid_from=valid_from)
    except TariffFormatError as exc:
        raise Invalid(str(exc)) from None


async def _account(accounts: AccountRepository, tenant_id: int, account_id: int) -> Account:
    account = await accounts.account(account_id)
    if account is None or account.tenant_id != tenant_id:
        raise NotFound(f"account {account_id} not found")
    return account


async def _versions(
    session: AsyncSession, access: Access, tenant: int | None, ref: str, action: Action
) -> list[TariffRow]:
    """Every version of the caller's tenant's tariff ``ref``, if it may ``action`` it."""
    tenant_id = access.tenant_for(tenant)
    rows = await TariffRepository(session).versions(tenant_id, ref)
    if not rows:
        raise NotFound(f"tariff {ref!r} not found")
    await access.require(action, Area.TARIFFS, _resource(rows[-1]), f"tariff {ref!r}")
    return rows


async def _charging_tariff(
    session: AsyncSession, access: Access, tenant_id: int | None, ref: str | None
) -> None:
    """Invalid unless ``ref`` (None: no tariff) is a charging tariff of the tenant that the
    caller may use: the tenant's own, or one it may read."""
    if ref is None:
        return
    row = None if tenant_id is None else await TariffRepository(session).latest(tenant_id, ref)
    usable = row is not None and (
        row.owner_account_id is None
        or await access.allows(Action.READ, Area.TARIFFS, _resource(row))
    )
    if row is None or not usable:
        raise Invalid(f"unknown tariff {ref!r}")
    if row.purpose != "charging":
        raise Invalid(f"tariff {ref!r} is a {row.purpose} tariff, not a charging tariff")


async def _assignee(
    session: AsyncSession, kind: AssigneeKind, key: int | str
) -> tuple[Location | Operator | Station, list[Resource], str]:
    """The object whose tariff is set, what it belongs to, and how a message names it."""
    if kind == "location":
        location = await LocationRepository(session).get(int(key))
        if location is None:
            raise NotFound(f"location {key} not found")
        resource = Resource(location.tenant_id, location.account_id, location.operator_id)
        return location, [resource], f"location {key}"
    if kind == "operator":
        operator = await OperatorRepository(session).get(int(key))
        if operator is None:
            raise NotFound(f"operator {key} not found")
        return operator, [Resource(operator.tenant_id, None, operator.id)], f"operator {key}"
    station = await StationRepository(session).get(str(key))
    if station is None:
        raise NotFound(f"station {key!r} not found")
    return station, await station_resources(session, station), f"station {key!r}"


async def _station(session: AsyncSession, access: Access, station_id: str) -> Station:
    """A station the caller may see (NotFound otherwise)."""
    station = await StationRepository(session).get(station_id)
    if station is None:
        raise NotFound(f"station {station_id!r} not found")
    what = f"station {station_id!r}"
    await access.require(Action.READ, Area.NETWORK, await station_resources(session, station), what)
    return station


def _under(employee: Account, employer_id: int) -> bool:
    """The employee is the employer's employee, sub-account or connected account."""
    return employer_id in (
        employee.employer_id,
        employee.parent_account_id,
        employee.primary_account_id,
    )
