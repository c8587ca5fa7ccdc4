"""Tariffs (OCPI 2.2.1, versioned), quotes, tariff assignment and home reimbursement: the
rules and rights are csms.services.tariffs'; here requests and answers.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response, status

from csms.api.answers import FORBIDDEN, Responses, no_content
from csms.api.deps import AccessDep, PagingDep, ServicesDep
from csms.api.quote_answers import quote_answer
from csms.api.schemas import Page
from csms.api.schemas_tariffs import (
    HomeReimbursementPublic,
    HomeReimbursementSet,
    PricePublic,
    QuotePublic,
    QuoteRequest,
    TariffAssign,
    TariffAssignment,
    TariffCreate,
    TariffDetail,
    TariffPublic,
    TariffVersionCreate,
    TariffVersionSummary,
)
from csms.db.models.billing import TariffRow
from csms.domain.quotes import QuotedSession
from csms.services.access import Access
from csms.services.container import Services
from csms.services.tariffs import AssigneeKind

router = APIRouter(tags=["tariffs"])

_NOT_FOUND: Responses = {404: {"description": "no such tariff (or of another tenant)"}}
_INVALID: Responses = {
    422: {"description": "the tariff JSON or a rule refused; the message says where"}
}
_PRICES = {"currency", "elements", "min_price", "max_price"}

RefPath = Annotated[str, Path(min_length=1, max_length=64, description="the tariff's ref")]
TenantQuery = Annotated[
    int | None, Query(description="platform admins: the tenant of the tariff; others: ignored")
]


def public(row: TariffRow) -> TariffPublic:
    def price(excl: Decimal | None, incl: Decimal | None) -> PricePublic | None:
        return None if excl is None else PricePublic(excl_vat=excl, incl_vat=incl)

    return TariffPublic(
        ref=row.ref,
        version=row.version,
        tenant_id=row.tenant_id,
        name=row.name,
        purpose=row.purpose,
        account_id=row.owner_account_id,
        currency=row.currency,
        elements=row.elements,
        min_price=price(row.min_price_excl_vat, row.min_price_incl_vat),
        max_price=price(row.max_price_excl_vat, row.max_price_incl_vat),
        valid_from=row.valid_from,
        valid_until=row.valid_until,
        created_at=row.created_at,
    )


# Tariffs and their versions.


@router.get("/tariffs", response_model=Page[TariffPublic], summary="List tariffs")
async def list_tariffs(
    access: AccessDep,
    services: ServicesDep,
    paging: PagingDep,
    search: Annotated[str | None, Query(max_length=100, description="part of ref or name")] = None,
    purpose: Annotated[str | None, Query(pattern="^(charging|reimbursement)$")] = None,
    account_id: Annotated[int | None, Query(description="the owner account")] = None,
) -> Page[TariffPublic]:
    """The latest version of every tariff the caller may see, by ref."""
    rows, total = await services.tariffs.page(
        access,
        offset=paging.offset,
        limit=paging.limit,
        search=search,
        purpose=purpose,
        account_id=account_id,
    )
    return paging.page([public(r) for r in rows], total)


@router.post(
    "/tariffs",
    status_code=status.HTTP_201_CREATED,
    response_model=TariffPublic,
    summary="Create a tariff (version 1)",
    responses={409: {"description": "ref in use in the tenant"}, **FORBIDDEN, **_INVALID},
)
async def create_tariff(
    body: TariffCreate, access: AccessDep, services: ServicesDep
) -> TariffPublic:
    row = await services.tariffs.create(
        access,
        body.tenant_id,
        ref=body.ref,
        name=body.name,
        purpose=body.purpose,
        account_id=body.account_id,
        prices=body.model_dump(include=_PRICES),
        valid_from=body.valid_from,
    )
    return public(row)


@router.get(
    "/tariffs/{tariff_ref}",
    response_model=TariffDetail,
    summary="A tariff: its latest version and the list of versions",
    responses=_NOT_FOUND,
)
async def get_tariff(
    tariff_ref: RefPath, access: AccessDep, services: ServicesDep, tenant_id: TenantQuery = None
) -> TariffDetail:
    rows = await services.tariffs.versions(access, tenant_id, tariff_ref)
    return TariffDetail(
        **public(rows[-1]).model_dump(),
        versions=[TariffVersionSummary.model_validate(r) for r in rows],
    )


@router.get(
    "/tariffs/{tariff_ref}/versions/{version}",
    response_model=TariffPublic,
    summary="One version of a tariff",
    responses=_NOT_FOUND,
)
async def get_tariff_version(
    tariff_ref: RefPath,
    version: int,
    access: AccessDep,
    services: ServicesDep,
    tenant_id: TenantQuery = None,
) -> TariffPublic:
    return public(await services.tariffs.version(access, tenant_id, tariff_ref, version))


@router.post(
    "/tariffs/{tariff_ref}/versions",
    status_code=status.HTTP_201_CREATED,
    response_model=TariffPublic,
    summary="Change a tariff: a new version from an instant on",
    responses={**_NOT_FOUND, **FORBIDDEN, **_INVALID, 409: {"description": "concurrent change"}},
)
async def create_tariff_version(
    tariff_ref: RefPath,
    body: TariffVersionCreate,
    access: AccessDep,
    services: ServicesDep,
    tenant_id: TenantQuery = None,
) -> TariffPublic:
    """The current version ends where the new one starts (``valid_from``, default now), so
    sessions that started before keep their version. Only whoever may write the owner
    account's tariffs may do this (CA-6: an employer's tariff stays the employer's)."""
    row = await services.tariffs.add_version(
        access,
        tenant_id,
        tariff_ref,
        name=body.name,
        prices=body.model_dump(include=_PRICES),
        valid_from=body.valid_from,
    )
    return public(row)


# Quotes.


@router.post(
    "/tariffs/{tariff_ref}/quote",
    response_model=QuotePublic,
    summary="Price a made-up session with a tariff, showing the arithmetic",
    responses={**_NOT_FOUND, **_INVALID},
)
async def quote(
    tariff_ref: RefPath,
    body: QuoteRequest,
    access: AccessDep,
    services: ServicesDep,
    tenant_id: TenantQuery = None,
) -> QuotePublic:
    """Charging ``energy_kwh`` in ``duration_minutes`` from ``start`` (at ``power_kw``, or
    the average power), then parked ``parking_minutes``; priced with the version valid at
    ``start`` (or ``version``) in the location's time zone (``timezone``). Nothing is
    stored."""
    made_up = QuotedSession(
        body.energy_kwh, body.duration_minutes, body.parking_minutes, body.power_kw
    )
    answer = await services.tariffs.quote(
        access,
        tenant_id,
        tariff_ref,
        made_up,
        start=body.start,
        version=body.version,
        timezone=body.timezone,
    )
    return quote_answer(answer)


# Assigning a charging tariff to a location, an operator or a station.


def _assigns(path: str, summary: str, missing: str) -> Any:
    """The PUT route of one kind of object's tariff."""
    responses: Responses = {**FORBIDDEN, **_INVALID, 404: {"description": missing}}
    return router.put(path, response_model=TariffAssignment, summary=summary, responses=responses)


async def _assign(
    services: Services, access: Access, kind: AssigneeKind, key: int | str, ref: str | None
) -> TariffAssignment:
    await services.tariffs.assign(access, kind, key, ref)
    return TariffAssignment(kind=kind, id=str(key), tariff=ref)


@_assigns(
    "/locations/{location_id}/tariff",
    "Set a location's default charging tariff",
    "no such location",
)
async def set_location_tariff(
    location_id: int, body: TariffAssign, access: AccessDep, services: ServicesDep
) -> TariffAssignment:
    return await _assign(services, access, "location", location_id, body.tariff)


@_assigns(
    "/operators/{operator_id}/tariff",
    "Set an operator's default charging tariff",
    "no such operator",
)
async def set_operator_tariff(
    operator_id: int, body: TariffAssign, access: AccessDep, services: ServicesDep
) -> TariffAssignment:
    return await _assign(services, access, "operator", operator_id, body.tariff)


@_assigns(
    "/stations/{station_id}/tariff",
    "Set a station's charging tariff for other drivers (CA-5)",
    "no such station",
)
async def set_station_tariff(
    station_id: str, body: TariffAssign, access: AccessDep, services: ServicesDep
) -> TariffAssignment:
    """Whoever administers the station's customer (or its location's owner) sets it; a home
    reimbursement on the station is a separate setting and stays as it is (CA-6)."""
    return await _assign(services, access, "station", station_id, body.tariff)


# Home reimbursement (CA-4, CA-6).


@router.get(
    "/stations/{station_id}/home-reimbursement",
    response_model=HomeReimbursementPublic,
    summary="The employer's reimbursement tariff on a home charger",
    responses={404: {"description": "no such station, or no reimbursement set"}},
)
async def get_home_reimbursement(
    station_id: str, access: AccessDep, services: ServicesDep
) -> HomeReimbursementPublic:
    """Whoever may see the station sees the setting: the employee too, who cannot change
    it (CA-6)."""
    row = await services.tariffs.home_reimbursement(access, station_id)
    return HomeReimbursementPublic.model_validate(row)


@router.put(
    "/stations/{station_id}/home-reimbursement",
    response_model=HomeReimbursementPublic,
    summary="Set the employer's reimbursement tariff on an employee's home charger (CA-4)",
    responses={**FORBIDDEN, **_INVALID, 404: {"description": "no such station or account"}},
)
async def set_home_reimbursement(
    station_id: str, body: HomeReimbursementSet, access: AccessDep, services: ServicesDep
) -> HomeReimbursementPublic:
    """Needs the right to write the employer's tariffs (the employee's own admins do not
    have it: CA-6). Replaces the station's setting; taking a station over from another
    employer needs that employer's right too."""
    row = await services.tariffs.set_home_reimbursement(
        access,
        station_id,
        employer_id=body.employer_account_id,
        employee_id=body.employee_account_id,
        tariff=body.tariff,
    )
    return HomeReimbursementPublic.model_validate(row)


@router.delete(
    "/stations/{station_id}/home-reimbursement",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove the home reimbursement of a charger (the employer only, CA-6)",
    responses={**FORBIDDEN, 404: {"description": "no such station, or none set"}},
)
async def delete_home_reimbursement(
    station_id: str, access: AccessDep, services: ServicesDep
) -> Response:
    await services.tariffs.delete_home_reimbursement(access, station_id)
    return no_content()
