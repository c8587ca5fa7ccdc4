"""Who is calling: UserService.principal_for, the lookup behind every API request's bearer
token, tested on the service without HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from csms.db.database import Database
from csms.db.models import Account, ApiToken, RoleGrant, Tenant, User
from csms.domain.credentials import api_token_hash
from csms.domain.permissions import Grant, Role
from csms.services.container import Services
from csms.services.errors import Forbidden, NotFound, Unauthenticated


@pytest.fixture
async def services(db_url: str) -> AsyncIterator[Services]:
    db = Database(db_url)
    await db.migrate()
    yield Services.build(db)
    await db.close()


async def a_user(services: Services, tenant: Tenant, email: str, role: Role, token: str) -> User:
    """An active user with one role on the tenant and a login token valid for an hour."""
    now = services.clock.now()
    async with services.db.write() as session:
        user = User(tenant_id=tenant.id, email=email, status="active", created_at=now)
        session.add(user)
        await session.flush()
        session.add(RoleGrant(user_id=user.id, role=role.value))
        session.add(
            ApiToken(
                name=email,
                token_hash=api_token_hash(token),
                user_id=user.id,
                expires_at=now + timedelta(hours=1),
            )
        )
    return user


async def a_company(services: Services, slug: str) -> tuple[Tenant, Account]:
    async with services.db.write() as session:
        tenant = Tenant(slug=slug, name=slug.title())
        session.add(tenant)
        await session.flush()
        account = Account(tenant_id=tenant.id, ref=f"{slug}-co", name="Co", customer_type="company")
        session.add(account)
    return tenant, account


async def test_an_unknown_token_is_refused(services: Services) -> None:
    with pytest.raises(Unauthenticated):
        await services.users.principal_for("no-such-token")


async def test_the_bootstrap_token_is_the_platform_admin(services: Services) -> None:
    async with services.db.write() as session:
        session.add(ApiToken(name="admin", token_hash=api_token_hash("admin-secret")))
    principal = await services.users.principal_for("admin-secret")
    assert principal.platform_admin and principal.user_id is None


async def test_a_token_past_its_end_is_refused(services: Services) -> None:
    tenant, _ = await a_company(services, "acme")
    user = await a_user(services, tenant, "kim@example.com", Role.DRIVER, "kim-token")
    assert (await services.users.principal_for("kim-token")).user_id == user.id
    services.clock.advance(timedelta(hours=1))
    with pytest.raises(Unauthenticated):
        await services.users.principal_for("kim-token")


async def test_support_takes_a_customers_view_with_the_customers_rights(
    services: Services,
) -> None:
    tenant, company = await a_company(services, "acme")
    support = await a_user(services, tenant, "desk@acme.test", Role.SUPPORT, "desk-token")
    principal = await services.users.principal_for("desk-token", company.id)
    assert principal.user_id == support.id  # the real user stays on record (CUS-8)
    assert principal.acting_for == company.id
    assert principal.grants == frozenset({Grant(Role.ACCOUNT_ADMIN, company.id)})


async def test_only_system_users_act_and_only_within_their_tenant(services: Services) -> None:
    tenant, company = await a_company(services, "acme")
    _, other = await a_company(services, "other")
    await a_user(services, tenant, "kim@acme.test", Role.DRIVER, "kim-token")
    await a_user(services, tenant, "desk@acme.test", Role.SUPPORT, "desk-token")
    with pytest.raises(Forbidden):
        await services.users.principal_for("kim-token", company.id)
    with pytest.raises(NotFound):
        await services.users.principal_for("desk-token", other.id)
