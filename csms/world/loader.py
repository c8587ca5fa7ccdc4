"""Loading a world file into the database.

Everything is checked before anything is written (``read_world``). The file is then applied
in one unit of work: each row is found by its natural key and created, or updated only where
it differs from the file, so a second load of the same file writes nothing. The attachments a
file lists (a group's stations, a group's customers and their tariffs, an operator's private
network) are made to match the file. A tariff is versioned: different prices in the file add a
version, stored versions are never edited (csms.world.schema.TariffSpec). If anything fails,
the unit of work rolls back and nothing of the file stays.

What a load never does: delete rows the file does not mention, revoke role grants, or change
an operator's code (it is the operator's natural key: a new code is a new operator). A
password left out of the file leaves the stored one as it is.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

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
from csms.db.repositories.accounts import AccountRepository
from csms.db.repositories.tokens import TokenRepository
from csms.db.repositories.world import WorldRepository
from csms.domain.credentials import hash_password, verify_password
from csms.domain.tariff_json import tariff_to_ocpi
from csms.world.references import Loc, flat_accounts, located_stations
from csms.world.schema import TariffSpec, TenantSpec, WorldFile
from csms.world.source import Lines, WorldError, read_world

Row = TypeVar("Row")

KINDS = (
    "tenants",
    "accounts",
    "operators",
    "locations",
    "stations",
    "grids",
    "cards",
    "tariffs",
    "charge_groups",
    "group_stations",
    "group_customers",
    "users",
    "role_grants",
    "private_network_members",
)


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.removed


@dataclass
class LoadSummary:
    """Rows created, updated, left unchanged and (attachments only) removed, per kind."""

    source: str
    world: WorldFile
    counts: dict[str, Counts] = field(default_factory=lambda: {k: Counts() for k in KINDS})

    @property
    def total(self) -> Counts:
        total = Counts()
        for c in self.counts.values():
            total.created += c.created
            total.updated += c.updated
            total.unchanged += c.unchanged
            total.removed += c.removed
        return total

    @property
    def changed(self) -> bool:
        return self.total.changed > 0


async def load_world(
    db: Database, source: Path | str, *, name: str | None = None, now: datetime | None = None
) -> LoadSummary:
    """Load a world file (a path, or YAML text when ``source`` is a str). ``now`` (default the
    wall clock) dates the new version of a tariff whose prices changed.

    Raises WorldError, and writes nothing, when the file is invalid or the database refuses
    part of it (a station of another tenant, a constraint).
    """
    world, lines = read_world(source, name=name)
    summary = LoadSummary(lines.file, world)
    async with db.write() as session:
        loader = _Loader(session, lines, summary, now or datetime.now(UTC))
        try:
            for t, tenant in enumerate(world.tenants):
                await loader.tenant(tenant, ("tenants", t))
        except (IntegrityError, DataError) as exc:
            reason = f"the database refused {loader.what}: {exc.orig}"
            raise WorldError([lines.problem(loader.at, reason)]) from exc
        loader.finish()
    return summary


def _assign(row: Any, values: Mapping[str, Any]) -> bool:
    """Set the values that differ; whether any did."""
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


def _new_secret(password: str, stored: str | None) -> str | None:
    """A new hash for ``password``, or None when the stored hash already verifies it."""
    if stored is not None and verify_password(password, stored):
        return None
    return hash_password(password)


async def _secrets(pairs: Iterable[tuple[str, str | None]]) -> list[str | None]:
    """``_new_secret`` for many passwords at once (PBKDF2 runs in threads, ~30 ms each)."""
    return list(await asyncio.gather(*(asyncio.to_thread(_new_secret, p, h) for p, h in pairs)))


class _Loader:
    def __init__(
        self, session: AsyncSession, lines: Lines, summary: LoadSummary, now: datetime
    ) -> None:
        self.session = session
        self.now = now
        self.accounts_repo = AccountRepository(session)
        self.world = WorldRepository(session)
        self.lines = lines
        self.summary = summary
        self.at: Loc = ()
        self.what = "the world"
        self._status: dict[str, dict[Any, str]] = {k: {} for k in KINDS}

    # -- bookkeeping ---------------------------------------------------------------------

    def note(self, kind: str, key: Any, *, created: bool = False, changed: bool = False) -> None:
        status = "created" if created else "updated" if changed else "unchanged"
        before = self._status[kind].get(key)
        if before == "created" or (before == "updated" and status == "unchanged"):
            return
        self._status[kind][key] = status

    def removed(self, kind: str) -> None:
        self.summary.counts[kind].removed += 1

    def finish(self) -> None:
        for kind, rows in self._status.items():
            counts = self.summary.counts[kind]
            for status in rows.values():
                setattr(counts, status, getattr(counts, status) + 1)

    async def upsert(
        self,
        kind: str,
        key: Any,
        row: Row | None,
        make: Callable[[], Row],
        values: Mapping[str, Any],
        *,
        loc: Loc,
        what: str,
    ) -> Row:
        """Create ``row`` or update what differs, and flush so a refusal points at ``loc``."""
        self.at, self.what = loc, what
        if row is None:
            row = make()
            _assign(row, values)
            self.session.add(row)
            await self.session.flush()
            self.note(kind, key, created=True)
            return row
        changed = _assign(row, values)
        if changed:
            await self.session.flush()
        self.note(kind, key, changed=changed)
        return row

    def refuse(self, loc: Loc, reason: str) -> WorldError:
        return WorldError([self.lines.problem(loc, reason)])

    # -- one tenant ----------------------------------------------------------------------

    async def tenant(self, spec: TenantSpec, tloc: Loc) -> None:
        tenant = await self.upsert(
            "tenants",
            spec.slug,
            await self.accounts_repo.tenant_by_slug(spec.slug),
            lambda: Tenant(slug=spec.slug),
            dict(
                name=spec.name,
                currency=spec.currency,
                timezone=spec.timezone,
                terms_url=spec.terms_url,
                privacy_url=spec.privacy_url,
            ),
            loc=(*tloc, "slug"),
            what=f"tenant '{spec.slug}'",
        )
        tid = tenant.id
        accounts = await self.accounts(spec, tloc, tid)
        operators = await self.operators(spec, tloc, tid)
        locations = await self.locations(spec, tloc, tid, accounts, operators)
        await self.stations(spec, tloc, tid, accounts, locations)
        await self.grids(spec, tloc, tid, accounts, locations)
        await self.cards(spec, tloc, tid, accounts)
        await self.tariffs(spec, tloc, tenant, accounts)
        await self.charge_groups(spec, tloc, tid, accounts)
        await self.users(spec, tloc, tid, accounts, operators)
        await self.private_networks(spec, tloc, accounts, operators)

    async def _owner(self, tenant_id: int | None) -> str:
        """The tenant a station or card already belongs to, named in a refusal."""
        owner = await self.accounts_repo.tenant(tenant_id) if tenant_id is not None else None
        return owner.slug if owner else str(tenant_id)

    async def accounts(self, spec: TenantSpec, tloc: Loc, tid: int) -> dict[str, int]:
        existing = await self.accounts_repo.accounts_by_ref(tid)
        flat = list(flat_accounts(spec, tloc))
        rows: dict[str, Account] = {}
        for f in flat:
            a = f.spec
            rows[a.ref] = await self.upsert(
                "accounts",
                (tid, a.ref),
                existing.get(a.ref),
                partial(Account, tenant_id=tid, ref=a.ref),
                dict(
                    name=a.name,
                    kind=f.kind,
                    sub_account_type=f.sub_account_type,
                    customer_type=a.customer_type,
                    account_type=a.account_type,
                    email=a.email,
                    company_name=a.company_name,
                    vat_number=a.vat_number,
                    company_address=a.company_address,
                    reimbursement_rate=a.reimbursement_rate,
                ),
                loc=(*f.loc, "ref"),
                what=f"account '{a.ref}'",
            )
        for f in flat:  # the hierarchy, once every account has an id
            parent = rows[f.parent].id if f.parent is not None else None
            await self.upsert(
                "accounts",
                (tid, f.spec.ref),
                rows[f.spec.ref],
                Account,
                dict(
                    primary_account_id=parent if f.relation == "connected_accounts" else None,
                    parent_account_id=parent if f.relation == "sub_accounts" else None,
                    employer_id=parent if f.relation == "employees" else None,
                ),
                loc=(*f.loc, "ref"),
                what=f"account '{f.spec.ref}'",
            )
        return {ref: row.id for ref, row in rows.items()}

    async def operators(self, spec: TenantSpec, tloc: Loc, tid: int) -> dict[str, int]:
        existing = await self.world.operators(tid)
        ids: dict[str, int] = {}
        for o, op in enumerate(spec.operators):
            row = await self.upsert(
                "operators",
                (tid, op.code),
                existing.get(op.code),
                partial(Operator, tenant_id=tid, code=op.code),
                {**op.model_dump(include=_OPERATOR_FIELDS), **_tariff(op)},
                loc=(*tloc, "operators", o, "code"),
                what=f"operator '{op.code}'",
            )
            ids[op.code] = row.id
        return ids

    async def locations(
        self,
        spec: TenantSpec,
        tloc: Loc,
        tid: int,
        accounts: dict[str, int],
        operators: dict[str, int],
    ) -> dict[str, int]:
        existing = await self.world.locations(tid)
        ids: dict[str, int] = {}
        for li, loc in enumerate(spec.locations):
            row = await self.upsert(
                "locations",
                (tid, loc.ref),
                existing.get(loc.ref),
                partial(Location, tenant_id=tid, ref=loc.ref),
                dict(
                    name=loc.name,
                    address=loc.address,
                    city=loc.city,
                    country=loc.country,
                    timezone=loc.timezone,
                    account_id=_id(accounts, loc.account),
                    operator_id=_id(operators, loc.operator),
                    publish_to_roaming=loc.publish_to_roaming,
                    **_tariff(loc),
                ),
                loc=(*tloc, "locations", li, "ref"),
                what=f"location '{loc.ref}'",
            )
            ids[loc.ref] = row.id
        return ids

    async def stations(
        self,
        spec: TenantSpec,
        tloc: Loc,
        tid: int,
        accounts: dict[str, int],
        locations: dict[str, int],
    ) -> None:
        placed = [
            (sloc, station, location.ref)
            for sloc, location, station in located_stations(spec, tloc)
        ]
        existing = await self.world.stations(st.id for _, st, _ in placed)
        for sloc, station, _ in placed:
            row = existing.get(station.id)
            if row is not None and row.tenant_id not in (None, tid):
                raise self.refuse(
                    (*sloc, "id"),
                    f"station '{station.id}' already exists in tenant "
                    f"'{await self._owner(row.tenant_id)}'",
                )
        with_password = [(sloc, st) for sloc, st, _ in placed if st.password is not None]
        hashes = await _secrets(
            (st.password or "", getattr(existing.get(st.id), "password_hash", None))
            for _, st in with_password
        )
        new_hash = {st.id: h for (_, st), h in zip(with_password, hashes, strict=True)}
        for sloc, station, location_ref in placed:
            values: dict[str, Any] = dict(
                tenant_id=tid,
                location_id=locations[location_ref],
                customer_id=_id(accounts, station.customer),
                visible=station.visible,
                security_profile=station.security_profile,
                **_tariff(station),
            )
            if new_hash.get(station.id) is not None:
                values["password_hash"] = new_hash[station.id]
            await self.upsert(
                "stations",
                station.id,
                existing.get(station.id),
                partial(Station, id=station.id),
                values,
                loc=(*sloc, "id"),
                what=f"station '{station.id}'",
            )

    async def grids(
        self,
        spec: TenantSpec,
        tloc: Loc,
        tid: int,
        accounts: dict[str, int],
        locations: dict[str, int],
    ) -> None:
        existing = await self.world.grids(tid)
        for g, grid in enumerate(spec.grids):
            await self.upsert(
                "grids",
                (tid, grid.name),
                existing.get(grid.name),
                partial(Grid, tenant_id=tid, name=grid.name),
                dict(
                    location_id=_id(locations, grid.location),
                    max_current_a=grid.max_current_a,
                    customer_id=_id(accounts, grid.customer),
                ),
                loc=(*tloc, "grids", g, "name"),
                what=f"grid '{grid.name}'",
            )

    async def cards(self, spec: TenantSpec, tloc: Loc, tid: int, accounts: dict[str, int]) -> None:
        existing = await TokenRepository(self.session).by_values(card.value for card in spec.cards)
        for c, card in enumerate(spec.cards):
            cloc = (*tloc, "cards", c, "value")
            row = existing.get(card.value)
            if row is not None and row.tenant_id not in (None, tid):
                raise self.refuse(
                    cloc,
                    f"card '{card.value}' already exists in tenant "
                    f"'{await self._owner(row.tenant_id)}'",
                )
            await self.upsert(
                "cards",
                card.value,
                row,
                partial(IdTokenRow, value=card.value),
                dict(
                    type=card.type,
                    status=card.status,
                    expires_at=card.expires_at,
                    label=card.label,
                    tenant_id=tid,
                    account_id=_id(accounts, card.account),
                    provider=card.provider,
                ),
                loc=cloc,
                what=f"card '{card.value}'",
            )

    async def tariffs(
        self, spec: TenantSpec, tloc: Loc, tenant: Tenant, accounts: dict[str, int]
    ) -> None:
        latest = await self.world.latest_tariffs(tenant.id)
        now = self.now
        for i, spec_ in enumerate(spec.tariffs):
            iloc = (*tloc, "tariffs", i)
            self.at, self.what = (*iloc, "ref"), f"tariff '{spec_.ref}'"
            key = (tenant.id, spec_.ref)
            prices = _tariff_prices(spec_, tenant.currency)
            control = {
                "name": spec_.name,
                "purpose": spec_.purpose,
                "owner_account_id": _id(accounts, spec_.owner),
            }
            row = latest.get(spec_.ref)
            if row is None:
                values = {**prices, **control, "valid_from": spec_.valid_from}
                self.session.add(TariffRow(tenant_id=tenant.id, ref=spec_.ref, version=1, **values))
                await self.session.flush()
                self.note("tariffs", key, created=True)
                continue
            if all(getattr(row, name) == value for name, value in prices.items()):
                # Same prices: who controls it and its name are not priced, so they change
                # on the current version.
                changed = _assign(row, control)
                if changed:
                    await self.session.flush()
                self.note("tariffs", key, changed=changed)
                continue
            after_current = row.valid_from is None or (
                spec_.valid_from is not None and spec_.valid_from > row.valid_from
            )
            starts = spec_.valid_from if after_current and spec_.valid_from else now
            if row.valid_from is not None and starts <= row.valid_from:
                raise self.refuse(
                    (*iloc, "valid_from"),
                    f"tariff '{spec_.ref}' has a version from {row.valid_from.isoformat()}; "
                    "new prices need a later valid_from",
                )
            row.valid_until = starts
            self.session.add(
                TariffRow(
                    tenant_id=tenant.id,
                    ref=spec_.ref,
                    version=row.version + 1,
                    valid_from=starts,
                    **prices,
                    **control,
                )
            )
            await self.session.flush()
            self.note("tariffs", key, changed=True)

    async def charge_groups(
        self, spec: TenantSpec, tloc: Loc, tid: int, accounts: dict[str, int]
    ) -> None:
        s = self.session
        existing = await self.world.charge_groups(tid)
        groups: dict[str, int] = {}
        for g, group in enumerate(spec.charge_groups):
            gloc = (*tloc, "charge_groups", g)
            row = await self.upsert(
                "charge_groups",
                (tid, group.name),
                existing.get(group.name),
                partial(ChargeGroup, tenant_id=tid, name=group.name),
                dict(
                    info=group.info,
                    type=group.type,
                    tariff_ref=group.tariff,
                    all_customers=group.all_customers,
                    roaming=group.roaming,
                    account_id=_id(accounts, group.account),
                ),
                loc=(*gloc, "name"),
                what=f"charge group '{group.name}'",
            )
            groups[group.name] = row.id
            await self.group_customers(row.id, group.customers, gloc, accounts)

        # A station is in one group at most: the file's groups get exactly their stations,
        # taking a station over from any other group it was in.
        wanted: dict[str, tuple[int, Loc]] = {}
        for g, group in enumerate(spec.charge_groups):
            for i, station_id in enumerate(group.stations):
                wanted[station_id] = (
                    groups[group.name],
                    (*tloc, "charge_groups", g, "stations", i),
                )
        self.at, self.what = (*tloc, "charge_groups"), "the charge groups' stations"
        present = await self.world.group_stations(groups.values(), wanted)
        for station_id, member in present.items():
            if station_id not in wanted:
                await s.delete(member)
                self.removed("group_stations")
        await s.flush()
        for station_id, (group_id, loc) in wanted.items():
            await self.upsert(
                "group_stations",
                station_id,
                present.get(station_id),
                partial(ChargeGroupStation, station_id=station_id),
                {"group_id": group_id},
                loc=loc,
                what=f"station '{station_id}' in its charge group",
            )

    async def group_customers(
        self, group_id: int, customers: Iterable[Any], gloc: Loc, accounts: dict[str, int]
    ) -> None:
        s = self.session
        present = await self.world.group_customers(group_id)
        wanted = {accounts[c.account]: (i, c) for i, c in enumerate(customers)}
        for account_id, row in present.items():
            if account_id not in wanted:
                await s.delete(row)
                self.removed("group_customers")
        for account_id, (i, customer) in wanted.items():
            await self.upsert(
                "group_customers",
                (group_id, account_id),
                present.get(account_id),
                partial(ChargeGroupCustomer, group_id=group_id, account_id=account_id),
                {"tariff_ref": customer.tariff},
                loc=(*gloc, "customers", i),
                what=f"customer '{customer.account}' of the charge group",
            )

    async def users(
        self,
        spec: TenantSpec,
        tloc: Loc,
        tid: int,
        accounts: dict[str, int],
        operators: dict[str, int],
    ) -> None:
        existing = await self.accounts_repo.users_by_email(tid)
        with_password = [u for u in spec.users if u.password is not None]
        hashes = await _secrets(
            (u.password or "", getattr(existing.get(u.email), "password_hash", None))
            for u in with_password
        )
        new_hash = {u.email: h for u, h in zip(with_password, hashes, strict=True)}
        for i, user in enumerate(spec.users):
            uloc = (*tloc, "users", i)
            row = existing.get(user.email)
            values: dict[str, Any] = {
                "name": user.name,
                "account_id": _id(accounts, user.account),
            }
            if user.password is not None:
                values["status"] = "active"
                if new_hash[user.email] is not None:
                    values["password_hash"] = new_hash[user.email]
            elif row is None:
                values["status"] = "invited"
            saved = await self.upsert(
                "users",
                (tid, user.email),
                row,
                partial(User, tenant_id=tid, email=user.email),
                values,
                loc=(*uloc, "email"),
                what=f"user '{user.email}'",
            )
            grants = await self.accounts_repo.grants(saved.id)
            held = {(g.role.value, g.account_id, g.operator_id) for g in grants}
            for r, role in enumerate(user.roles):
                grant = (role.role, _id(accounts, role.account), _id(operators, role.operator))
                key = (saved.id, *grant)
                if grant in held:
                    self.note("role_grants", key)
                    continue
                await self.upsert(
                    "role_grants",
                    key,
                    None,
                    partial(
                        RoleGrant,
                        user_id=saved.id,
                        role=grant[0],
                        account_id=grant[1],
                        operator_id=grant[2],
                    ),
                    {},
                    loc=(*uloc, "roles", r),
                    what=f"role {role.role} of user '{user.email}'",
                )
                held.add(grant)

    async def private_networks(
        self, spec: TenantSpec, tloc: Loc, accounts: dict[str, int], operators: dict[str, int]
    ) -> None:
        s = self.session
        for o, op in enumerate(spec.operators):
            oid = operators[op.code]
            present = await self.world.network_members(oid)
            wanted = {accounts[ref]: m for m, ref in enumerate(op.private_network)}
            for account_id, row in present.items():
                if account_id not in wanted:
                    await s.delete(row)
                    self.removed("private_network_members")
            for account_id, m in wanted.items():
                await self.upsert(
                    "private_network_members",
                    (oid, account_id),
                    present.get(account_id),
                    partial(PrivateNetworkMember, operator_id=oid, account_id=account_id),
                    {},
                    loc=(*tloc, "operators", o, "private_network", m),
                    what=f"private network member '{op.private_network[m]}' of '{op.code}'",
                )
            await s.flush()


_OPERATOR_FIELDS = {
    "name",
    "organisation_name",
    "address",
    "phone",
    "country",
    "state",
    "city",
    "zip",
    "timezone",
    "idle_timeout_minutes",
    "energy_step_delta_wh",
    "monetary_session_limit",
    "security_key",
}


def _tariff(spec: Any) -> dict[str, Any]:
    """``tariff_ref`` when the file names the key (null clears it); a file that leaves it
    out leaves a tariff assigned through the API as it is."""
    return {"tariff_ref": spec.tariff} if "tariff" in spec.model_fields_set else {}


def _tariff_prices(spec: TariffSpec, currency: str) -> dict[str, Any]:
    """The priced columns of a tariff version, normalised as the API stores them."""
    tariff = spec.domain(currency)
    low, high = tariff.min_price, tariff.max_price
    return {
        "currency": tariff.currency,
        "elements": tariff_to_ocpi(tariff)["elements"],
        "min_price_excl_vat": low and low.excl_vat,
        "min_price_incl_vat": low and low.incl_vat,
        "max_price_excl_vat": high and high.excl_vat,
        "max_price_incl_vat": high and high.incl_vat,
    }


def _id(ids: Mapping[str, int], ref: str | None) -> int | None:
    return None if ref is None else ids[ref]
