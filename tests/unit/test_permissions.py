"""Administration rights: one check for every route (CA-2, OP-5, CUS-7, tenant isolation)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from csms.domain.permissions import (
    AccountTree,
    Action,
    Area,
    Grant,
    Principal,
    Resource,
    Role,
    can,
    visibility,
)

# Tenant 1: installer account 10 with connected accounts 11 and 12; 11 has sub-account 13.
TREE = AccountTree({10: frozenset({11, 12}), 11: frozenset({13})})


def who(
    role: Role, account: int | None = None, operator: int | None = None, tenant: int = 1
) -> Principal:
    return Principal(1, tenant, frozenset({Grant(role, account, operator)}))


def allowed(
    p: Principal,
    action: Action,
    area: Area,
    account: int | None = None,
    operator: int | None = None,
    tenant: int = 1,
) -> bool:
    return can(p, action, area, Resource(tenant, account, operator), TREE)


def test_ca2_primary_and_connected_admins_both_administer_the_connected_account() -> None:
    primary, connected = who(Role.ACCOUNT_ADMIN, 10), who(Role.ACCOUNT_ADMIN, 11)
    for p in (primary, connected):
        assert allowed(p, Action.WRITE, Area.NETWORK, account=11)
        assert allowed(p, Action.COMMAND, Area.NETWORK, account=13)


def test_ca2_nobody_else() -> None:
    connected, sibling = who(Role.ACCOUNT_ADMIN, 11), who(Role.ACCOUNT_ADMIN, 12)
    assert not allowed(sibling, Action.READ, Area.NETWORK, account=11)
    assert not allowed(connected, Action.WRITE, Area.NETWORK, account=10)
    assert not allowed(connected, Action.READ, Area.NETWORK, account=12)


def test_op5_operator_users_read_only_their_operator() -> None:
    op = who(Role.OPERATOR_USER, operator=7)
    assert allowed(op, Action.READ, Area.NETWORK, operator=7)
    assert allowed(op, Action.READ, Area.SESSIONS, operator=7)
    assert not allowed(op, Action.READ, Area.NETWORK, operator=8)
    assert not allowed(op, Action.WRITE, Area.NETWORK, operator=7)
    assert not allowed(op, Action.COMMAND, Area.NETWORK, operator=7)
    assert allowed(op, Action.WRITE, Area.PRIVATE_NETWORK, operator=7)


def test_support_reads_everything_but_writes_only_customers_and_tickets() -> None:
    support = who(Role.SUPPORT)
    assert allowed(support, Action.READ, Area.NETWORK, account=12)
    assert allowed(support, Action.WRITE, Area.ACCOUNTS, account=12)
    assert allowed(support, Action.WRITE, Area.TICKETS, account=12)
    assert not allowed(support, Action.WRITE, Area.NETWORK, account=12)
    assert not allowed(support, Action.COMMAND, Area.NETWORK, account=12)
    assert not allowed(support, Action.WRITE, Area.TENANT)


def test_drivers_read_their_own_and_open_tickets() -> None:
    driver = who(Role.EMPLOYEE, 13)
    assert allowed(driver, Action.READ, Area.SESSIONS, account=13)
    assert allowed(driver, Action.WRITE, Area.TICKETS, account=13)
    assert not allowed(driver, Action.READ, Area.SESSIONS, account=11)
    assert not allowed(driver, Action.WRITE, Area.NETWORK, account=13)


def test_visibility_matches_the_grants() -> None:
    assert visibility(who(Role.ACCOUNT_ADMIN, 11), Area.NETWORK, TREE).account_ids == {11, 13}
    assert visibility(who(Role.OPERATOR_USER, operator=7), Area.NETWORK, TREE).operator_ids == {7}
    assert visibility(who(Role.TENANT_ADMIN), Area.NETWORK, TREE).tenant_wide
    assert visibility(who(Role.OPERATOR_USER, operator=7), Area.CARDS, TREE).operator_ids == set()


roles = st.sampled_from([r for r in Role if r is not Role.PLATFORM_ADMIN])
accounts = st.none() | st.sampled_from([10, 11, 12, 13])


@given(
    role=roles,
    account=accounts,
    operator=st.none() | st.integers(1, 3),
    action=st.sampled_from(Action),
    area=st.sampled_from(Area),
)
def test_nobody_but_a_platform_admin_crosses_tenants(
    role: Role, account: int | None, operator: int | None, action: Action, area: Area
) -> None:
    principal = who(role, account, operator, tenant=1)
    assert not allowed(principal, action, area, account=account, operator=operator, tenant=2)


@given(action=st.sampled_from(Action), area=st.sampled_from(Area))
def test_a_connected_account_admin_never_reaches_its_primary_or_siblings(
    action: Action, area: Area
) -> None:
    for target in (10, 12):
        assert not allowed(who(Role.ACCOUNT_ADMIN, 11), action, area, account=target)


@given(role=roles, account=accounts, area=st.sampled_from(Area), target=accounts)
def test_every_account_a_principal_may_read_is_inside_its_listing_filter(
    role: Role, account: int | None, area: Area, target: int | None
) -> None:
    principal = who(role, account)
    if target is None or not allowed(principal, Action.READ, area, account=target):
        return
    seen = visibility(principal, area, TREE)
    assert (seen.tenant_wide and seen.tenant_id == 1) or target in seen.account_ids
