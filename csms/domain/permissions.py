"""Who may do what: one pure check used by every API route.

A principal holds grants (a role, scoped to its tenant, one account or one operator). A
resource says which tenant, account and operator it belongs to. The account tree says which
accounts an account administers: itself, its connected accounts, its sub-accounts and its
employees, and theirs in turn (CA-2), never its primary account or its siblings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    PLATFORM_ADMIN = "platform_admin"
    TENANT_ADMIN = "tenant_admin"
    SUPPORT = "customer_support"
    ACCOUNT_ADMIN = "account_admin"
    INSTALLER = "installer"
    DRIVER = "driver"
    EMPLOYEE = "employee"
    OPERATOR_USER = "operator_user"


class Area(StrEnum):
    """What a route touches."""

    TENANT = "tenant"  # the tenant's own settings (support links...)
    ACCOUNTS = "accounts"  # customers, users, invitations
    NETWORK = "network"  # operators, locations, stations, grids, charge groups
    CARDS = "cards"
    SESSIONS = "sessions"
    TICKETS = "tickets"
    PRIVATE_NETWORK = "private_network"
    AUDIT = "audit"
    TARIFFS = "tariffs"  # tariffs, home reimbursement settings
    BILLING = "billing"  # CDRs, invoices, plans, statements
    REPORTS = "reports"  # energy and revenue reports


class Action(StrEnum):
    READ = "read"
    WRITE = "write"
    COMMAND = "command"  # operate a station (remote start, reset...)


@dataclass(frozen=True, slots=True)
class Grant:
    role: Role
    account_id: int | None = None
    operator_id: int | None = None


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is asking. ``acting_for`` is the customer whose view a system user switched to
    (CUS-8): the grants are then that customer's, and ``user_id`` stays the real user."""

    user_id: int | None
    tenant_id: int | None
    grants: frozenset[Grant]
    acting_for: int | None = None

    def has(self, *roles: Role) -> bool:
        return any(g.role in roles for g in self.grants)

    @property
    def platform_admin(self) -> bool:
        return self.has(Role.PLATFORM_ADMIN)


@dataclass(frozen=True, slots=True)
class Resource:
    tenant_id: int | None
    account_id: int | None = None
    operator_id: int | None = None


@dataclass(frozen=True, slots=True)
class AccountTree:
    """account id -> the accounts directly under it (connected, sub-accounts, employees)."""

    children: Mapping[int, frozenset[int]] = field(default_factory=dict)

    def administered_by(self, account_id: int) -> frozenset[int]:
        seen = {account_id}
        todo = [account_id]
        while todo:
            for child in self.children.get(todo.pop(), frozenset()):
                if child not in seen:
                    seen.add(child)
                    todo.append(child)
        return frozenset(seen)


_ADMIN_ROLES = (Role.ACCOUNT_ADMIN, Role.INSTALLER)
_DRIVER_ROLES = (Role.DRIVER, Role.EMPLOYEE)
_SUPPORT_WRITES = {Area.ACCOUNTS, Area.TICKETS}
_DRIVER_READS = {
    Area.ACCOUNTS,
    Area.CARDS,
    Area.SESSIONS,
    Area.TICKETS,
    Area.NETWORK,
    Area.BILLING,
    Area.REPORTS,
}
_OPERATOR_READS = {Area.NETWORK, Area.SESSIONS, Area.PRIVATE_NETWORK, Area.BILLING, Area.REPORTS}


def can(
    principal: Principal, action: Action, area: Area, resource: Resource, tree: AccountTree
) -> bool:
    """Whether ``principal`` may do ``action`` on ``resource`` in ``area``."""
    if principal.platform_admin:
        return True
    if resource.tenant_id is None or resource.tenant_id != principal.tenant_id:
        return False
    return any(_grant_allows(g, action, area, resource, tree) for g in principal.grants)


def _grant_allows(
    grant: Grant, action: Action, area: Area, resource: Resource, tree: AccountTree
) -> bool:
    role = grant.role
    if role is Role.TENANT_ADMIN:
        return True
    if role is Role.SUPPORT:
        return action is Action.READ or (action is Action.WRITE and area in _SUPPORT_WRITES)
    if role in _ADMIN_ROLES and grant.account_id is not None:
        if area in (Area.TENANT, Area.AUDIT, Area.PRIVATE_NETWORK):
            return False
        return resource.account_id is not None and resource.account_id in tree.administered_by(
            grant.account_id
        )
    if role in _DRIVER_ROLES and grant.account_id is not None:
        if resource.account_id != grant.account_id:
            return False
        return (action is Action.READ and area in _DRIVER_READS) or (
            action is Action.WRITE and area is Area.TICKETS
        )
    if role is Role.OPERATOR_USER and grant.operator_id is not None:
        if resource.operator_id != grant.operator_id:
            return False
        return (action is Action.READ and area in _OPERATOR_READS) or (
            action is Action.WRITE and area is Area.PRIVATE_NETWORK
        )
    return False


@dataclass(frozen=True, slots=True)
class Visibility:
    """What a principal may list in an area: everything in its tenant, or only resources of
    these accounts or operators. Used to filter queries the way ``can`` checks one item."""

    everything: bool = False
    tenant_id: int | None = None
    tenant_wide: bool = False
    account_ids: frozenset[int] = frozenset()
    operator_ids: frozenset[int] = frozenset()


def visibility(principal: Principal, area: Area, tree: AccountTree) -> Visibility:
    """The filter for listing ``area``: derived from the same grants as ``can``."""
    if principal.platform_admin:
        return Visibility(everything=True)
    if principal.has(Role.TENANT_ADMIN, Role.SUPPORT):
        return Visibility(tenant_id=principal.tenant_id, tenant_wide=True)
    accounts: set[int] = set()
    operators: set[int] = set()
    for grant in principal.grants:
        probe = Resource(principal.tenant_id, grant.account_id, grant.operator_id)
        if not _grant_allows(grant, Action.READ, area, probe, tree):
            continue
        if grant.role in _ADMIN_ROLES and grant.account_id is not None:
            accounts |= tree.administered_by(grant.account_id)
        elif grant.account_id is not None:
            accounts.add(grant.account_id)
        if grant.operator_id is not None:
            operators.add(grant.operator_id)
    return Visibility(
        tenant_id=principal.tenant_id,
        account_ids=frozenset(accounts),
        operator_ids=frozenset(operators),
    )
