"""Checks across a whole world file: every reference names something the file declares, and no
natural key is declared twice. Each problem comes with the location of the offending key."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

from csms.world.schema import (
    AccountFields,
    LocationSpec,
    StationSpec,
    SubAccountSpec,
    TenantSpec,
    WorldFile,
)

Loc = tuple[str | int, ...]  # where in the file: keys and list indexes
LineOf = Callable[[Loc], "int | None"]


@dataclass(frozen=True)
class FlatAccount:
    """An account of the tree, with where it hangs: ``parent`` is the ref of the account it
    is nested under, ``relation`` the parent's list that holds it."""

    spec: AccountFields
    loc: Loc
    parent: str | None = None
    relation: Literal["connected_accounts", "sub_accounts", "employees"] | None = None

    @property
    def kind(self) -> str:
        return {"connected_accounts": "connected", "sub_accounts": "sub_account"}.get(
            self.relation or "", "standard"
        )

    @property
    def sub_account_type(self) -> str | None:
        return self.spec.sub_account_type if isinstance(self.spec, SubAccountSpec) else None


def flat_accounts(tenant: TenantSpec, tenant_loc: Loc) -> Iterator[FlatAccount]:
    """Every account of the tenant, parents before their children."""

    def walk(flat: FlatAccount) -> Iterator[FlatAccount]:
        yield flat
        for relation in ("connected_accounts", "sub_accounts", "employees"):
            for i, child in enumerate(getattr(flat.spec, relation)):
                yield from walk(
                    FlatAccount(child, (*flat.loc, relation, i), flat.spec.ref, relation)
                )

    for i, account in enumerate(tenant.accounts):
        yield from walk(FlatAccount(account, (*tenant_loc, "accounts", i)))


def located_stations(
    tenant: TenantSpec, tenant_loc: Loc
) -> Iterator[tuple[Loc, LocationSpec, StationSpec]]:
    """Every station of the tenant, with where it is in the file and its location."""
    for li, location in enumerate(tenant.locations):
        for si, station in enumerate(location.stations):
            yield (*tenant_loc, "locations", li, "stations", si), location, station


def check_references(world: WorldFile, line_of: LineOf = lambda _: None) -> list[tuple[Loc, str]]:
    """(location, reason) for every dangling reference and duplicate natural key."""
    check = _Checker(line_of)
    station_tenant: dict[str, str] = {}  # the whole file's station ids -> tenant slug
    for t, tenant in enumerate(world.tenants):
        tloc: Loc = ("tenants", t)
        check.unique("tenant slug", tenant.slug, (*tloc, "slug"))
        for sloc, _, station in located_stations(tenant, tloc):
            if check.unique("station id", station.id, (*sloc, "id")):
                station_tenant[station.id] = tenant.slug
        for c, card in enumerate(tenant.cards):
            check.unique("card value", card.value, (*tloc, "cards", c, "value"))
    for t, tenant in enumerate(world.tenants):
        check.tenant(tenant, ("tenants", t), station_tenant)
    return check.problems


class _Checker:
    def __init__(self, line_of: LineOf):
        self.line_of = line_of
        self.problems: list[tuple[Loc, str]] = []
        self._seen: dict[tuple[str, str], Loc] = {}

    def unique(self, what: str, key: str, loc: Loc, scope: str = "") -> bool:
        """Declare a natural key; a second declaration is a problem at its key."""
        if (what, scope + key) in self._seen:
            line = self.line_of(self._seen[(what, scope + key)])
            first = f" (first at line {line})" if line else ""
            self.problems.append((loc, f"duplicate {what} '{key}'{first}"))
            return False
        self._seen[(what, scope + key)] = loc
        return True

    def known(self, what: str, key: str | None, known: set[str], loc: Loc, tenant: str) -> None:
        if key is not None and key not in known:
            self.problems.append((loc, f"unknown {what} '{key}' in tenant '{tenant}'"))

    def tenant(self, tenant: TenantSpec, tloc: Loc, station_tenant: dict[str, str]) -> None:
        slug = tenant.slug
        scope = f"{slug}\0"
        accounts: set[str] = set()
        for flat in flat_accounts(tenant, tloc):
            if self.unique("account ref", flat.spec.ref, (*flat.loc, "ref"), scope):
                accounts.add(flat.spec.ref)
        operators: set[str] = set()
        for o, operator in enumerate(tenant.operators):
            if self.unique("operator code", operator.code, (*tloc, "operators", o, "code"), scope):
                operators.add(operator.code)
        locations: set[str] = set()
        for li, location in enumerate(tenant.locations):
            if self.unique("location ref", location.ref, (*tloc, "locations", li, "ref"), scope):
                locations.add(location.ref)

        def account(key: str | None, loc: Loc) -> None:
            self.known("account", key, accounts, loc, slug)

        for o, operator in enumerate(tenant.operators):
            oloc = (*tloc, "operators", o, "private_network")
            for m, member in enumerate(operator.private_network):
                account(member, (*oloc, m))
                self.unique("private network member", member, (*oloc, m), f"{scope}{o}\0")
        for li, location in enumerate(tenant.locations):
            lloc = (*tloc, "locations", li)
            account(location.account, (*lloc, "account"))
            self.known("operator", location.operator, operators, (*lloc, "operator"), slug)
        for sloc, _, station in located_stations(tenant, tloc):
            account(station.customer, (*sloc, "customer"))
        for g, grid in enumerate(tenant.grids):
            gloc = (*tloc, "grids", g)
            self.unique("grid name", grid.name, (*gloc, "name"), scope)
            self.known("location", grid.location, locations, (*gloc, "location"), slug)
            account(grid.customer, (*gloc, "customer"))
        for c, card in enumerate(tenant.cards):
            account(card.account, (*tloc, "cards", c, "account"))
        self.tariffs(tenant, tloc, accounts)
        grouped: dict[str, tuple[str, Loc]] = {}  # station id -> group name, where
        for g, group in enumerate(tenant.charge_groups):
            gloc = (*tloc, "charge_groups", g)
            self.unique("charge group name", group.name, (*gloc, "name"), scope)
            account(group.account, (*gloc, "account"))
            for s, station_id in enumerate(group.stations):
                sloc = (*gloc, "stations", s)
                owner = station_tenant.get(station_id)
                if owner is None:
                    self.problems.append((sloc, f"unknown station '{station_id}'"))
                elif owner != slug:
                    self.problems.append(
                        (sloc, f"station '{station_id}' belongs to tenant '{owner}'")
                    )
                elif station_id in grouped:
                    other, first = grouped[station_id]
                    self.problems.append(
                        (
                            sloc,
                            f"station '{station_id}' is already in charge group '{other}' "
                            f"(line {self.line_of(first)}); a station is in one group at most",
                        )
                    )
                else:
                    grouped[station_id] = (group.name, sloc)
            for c, customer in enumerate(group.customers):
                cloc = (*gloc, "customers", c)
                account(customer.account, cloc)
                self.unique("group customer", customer.account, cloc, f"{scope}{g}\0")
        for u, user in enumerate(tenant.users):
            uloc = (*tloc, "users", u)
            self.unique("user email", user.email, (*uloc, "email"), scope)
            account(user.account, (*uloc, "account"))
            for r, role in enumerate(user.roles):
                rloc = (*uloc, "roles", r)
                account(role.account, (*rloc, "account"))
                self.known("operator", role.operator, operators, (*rloc, "operator"), slug)
                within = f"{scope}{u}\0{role.account}\0{role.operator}\0"
                self.unique("role", role.role, rloc, within)

    def tariffs(self, tenant: TenantSpec, tloc: Loc, accounts: set[str]) -> None:
        """Tariff refs are unique in the tenant. A tenant that declares tariffs declares
        every tariff its locations, operators, stations and charge groups use, each a
        charging tariff; a file without ``tariffs`` names refs as free text, as before."""
        scope = f"{tenant.slug}\0"
        purposes: dict[str, str] = {}
        for i, tariff in enumerate(tenant.tariffs):
            iloc = (*tloc, "tariffs", i)
            if self.unique("tariff ref", tariff.ref, (*iloc, "ref"), scope):
                purposes[tariff.ref] = tariff.purpose
            self.known("account", tariff.owner, accounts, (*iloc, "owner"), tenant.slug)
        if not tenant.tariffs:
            return
        uses: list[tuple[str | None, Loc]] = []
        for o, operator in enumerate(tenant.operators):
            uses.append((operator.tariff, (*tloc, "operators", o, "tariff")))
        for li, location in enumerate(tenant.locations):
            uses.append((location.tariff, (*tloc, "locations", li, "tariff")))
        for sloc, _, station in located_stations(tenant, tloc):
            uses.append((station.tariff, (*sloc, "tariff")))
        for g, group in enumerate(tenant.charge_groups):
            gloc = (*tloc, "charge_groups", g)
            uses.append((group.tariff, (*gloc, "tariff")))
            uses += [(c.tariff, (*gloc, "customers", i)) for i, c in enumerate(group.customers)]
        for ref, loc in uses:
            if ref is None:
                continue
            if ref not in purposes:
                self.problems.append((loc, f"unknown tariff '{ref}' in tenant '{tenant.slug}'"))
            elif purposes[ref] != "charging":
                self.problems.append((loc, f"tariff '{ref}' is a {purposes[ref]} tariff"))
