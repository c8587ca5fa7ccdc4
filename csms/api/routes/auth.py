"""Sign-up, activation links, login, and who am I.

GET /activate (at the root: the link in the invitation mail is ``{public_url}/activate?
token=...``, registered from ``links``), POST /api/v1/auth/activate, /auth/signup and
/auth/login need no bearer token; /api/v1/me does. Decisions where the product text is vague
(see also csms.services.invitations and csms.services.users):

- GET /activate tells whether a link is valid and for whom (200), or why not: 404 unknown,
  409 already used, 410 expired or replaced by a newer invitation. Until a web front end
  serves a page there, the JSON answer is the page.
- Activation needs a password of at least 12 characters and both acceptances set to true
  (422 naming what was not accepted); the link is spent on success.
- Sign-up answers 201 with a login token, so the new customer is signed in at once.
- Login tokens last 12 hours; every failure is the same 401.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from csms.api.answers import Responses
from csms.api.deps import AccessDep, ServicesDep
from csms.api.routes.accounts import account_public, tenant_public, user_public
from csms.api.schemas_accounts import (
    Activate,
    ActivationLink,
    GrantPublic,
    LinkTenant,
    Login,
    LoginToken,
    Me,
    SignedUp,
    Signup,
    UserPublic,
)

router = APIRouter(tags=["auth"])
links = APIRouter(tags=["auth"])
"""Served at the root, not under /api/v1: the link in the mail is {public_url}/activate."""

_LINK_ERRORS: Responses = {
    404: {"description": "unknown link"},
    409: {"description": "link already used"},
    410: {"description": "link expired, or replaced by a newer invitation"},
}


@links.get(
    "/activate",
    response_model=ActivationLink,
    responses=_LINK_ERRORS,
    summary="Check an activation link (no bearer token)",
)
async def check_link(
    token: Annotated[str, Query(min_length=1, max_length=200)], services: ServicesDep
) -> ActivationLink:
    """The target of the link in the invitation mail: who it is for, until when, and the
    Terms of Use and Privacy policy the person accepts by activating."""
    link = await services.invitations.link(token)
    tenant = link.tenant
    return ActivationLink(
        email=link.user.email,
        name=link.user.name,
        expires_at=link.invitation.expires_at,
        tenant=LinkTenant(
            slug=tenant.slug,
            name=tenant.name,
            terms_url=tenant.terms_url,
            privacy_url=tenant.privacy_url,
        ),
    )


@router.post(
    "/auth/activate",
    response_model=UserPublic,
    responses={**_LINK_ERRORS, 422: {"description": "weak password or links not accepted"}},
    summary="Activate an invited account: set the password, accept both links (no bearer)",
)
async def activate(body: Activate, services: ServicesDep) -> UserPublic:
    """Single use: the link is spent, acceptance times are recorded; then log in."""
    user = await services.invitations.activate(
        token=body.token,
        password=body.password,
        name=body.name,
        accept_terms=body.accept_terms,
        accept_privacy=body.accept_privacy,
    )
    return user_public(user, None, None, services.clock.now())


@router.post(
    "/auth/signup",
    status_code=status.HTTP_201_CREATED,
    response_model=SignedUp,
    responses={
        404: {"description": "unknown tenant"},
        409: {"description": "support links missing, or the email has a user already"},
        422: {"description": "links not accepted, company details missing, weak password"},
    },
    summary="Sign up as a private or company customer (INV-1; no bearer token)",
)
async def signup(body: Signup, services: ServicesDep) -> SignedUp:
    """Refused until the tenant has both support links; records acceptance of both."""
    user, account, token, expires_at = await services.users.signup(
        tenant_slug=body.tenant,
        email=body.email,
        password=body.password,
        name=body.name,
        accept_terms=body.accept_terms,
        accept_privacy=body.accept_privacy,
        customer_type=body.customer_type,
        company=body.company(),
    )
    now = services.clock.now()
    return SignedUp(
        token=token,
        expires_at=expires_at,
        user=user_public(user, account, None, now),
        account=account_public(account),
    )


@router.post(
    "/auth/login",
    response_model=LoginToken,
    responses={401: {"description": "wrong tenant, email or password"}},
    summary="Log in with tenant, email and password: a bearer token for 12 hours (no bearer)",
)
async def login(body: Login, services: ServicesDep) -> LoginToken:
    token, expires_at = await services.users.login(
        tenant_slug=body.tenant, email=body.email, password=body.password
    )
    return LoginToken(token=token, expires_at=expires_at)


@router.get("/me", response_model=Me, summary="Who am I: user, tenant, roles, acting for")
async def me(access: AccessDep, services: ServicesDep) -> Me:
    """``grants`` are the rights in force: a customer's when acting for one (CUS-8)."""
    principal = access.principal
    grants = sorted(
        (
            GrantPublic(role=g.role.value, account_id=g.account_id, operator_id=g.operator_id)
            for g in principal.grants
        ),
        key=lambda g: (g.role, g.account_id or 0, g.operator_id or 0),
    )
    who = await services.users.identity(principal)
    now = services.clock.now()
    return Me(
        user=user_public(who.user, who.account, None, now) if who.user else None,
        tenant=tenant_public(who.tenant) if who.tenant else None,
        grants=grants,
        acting_for=account_public(who.acting_for) if who.acting_for else None,
    )
