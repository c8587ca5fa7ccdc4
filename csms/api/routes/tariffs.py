"""Tariffs (OCPI 2.2.1, versioned), quotes, tariff assignment and home reimbursement.

A tariff belongs to its tenant and to the owner account that controls it (``account_id``;
null: the tenant). Permission area: tariffs, on ``Resource(tenant, owner)``: tenant admins
manage every tariff of their tenant, account admins the tariffs of the accounts they
administer, support reads; nobody outside the tenant learns a tariff exists (404).

Decisions where the behaviours leave room:

- Versions are never edited. ``POST /tariffs/{ref}/versions`` adds the next version valid
  from an instant (default now) and ends the current one there, so a session is always
  priced with the version valid at its start (csms.domain.tariffs.tariff_version_at).
- Assigning a tariff (``PUT .../tariff`` of a location, operator or station) needs the right
  to see the object (network) and to write its tariffs (tariffs, on the same owners). The
  ref must name a charging tariff of the tenant that is the tenant's or one the caller may
  read; anything else is 422 ``unknown tariff`` (whether another account's tariff exists is
  not told). A station's tariff is for other drivers, set by whoever administers the
  station's customer (CA-5).
- Home reimbursement (CA-4, CA-6) is controlled by the employer: setting or removing it
  needs the right to write the *employer's* tariffs, so the employee, who administers the
  station, can see the setting but not change it (403), while still setting the station's
  own tariff. The tariff must be a reimbursement tariff owned by the employer, the employee
  one of the employer's employees, sub-accounts or connected accounts, and the station the
  employee's.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import APIRouter, HTTPException, Path, Query, Response, status
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from csms.api.deps import Access, AccessDep, ServicesDep
from csms.api.schemas import Page
from csms.api.schemas_tariffs import (
    HomeReimbursementPublic,
    HomeReimbursementSet,
    PricePublic,
    QuoteLine,
    QuotePeriod,
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
from csms.db.models import Account, Location, Operator, Station, Tenant
from csms.db.models.billing import HomeReimbursement, TariffRow
from csms.db.repositories.stations import station_resources
from csms.db.repositories.tariffs import HomeReimbursementRepository, TariffRepository
from csms.domain.permissions import Action, Area, Resource
from csms.domain.pricing import MeteredInstant, PricedSession, price_session
from csms.domain.tariff_json import (
    TariffFormatError,
    tariff_from_ocpi,
    tariff_from_row,
    tariff_to_ocpi,
)
from csms.domain.tariffs import Tariff, TariffDimension, tariff_version_at

router = APIRouter(tags=["tariffs"])

_NOT_FOUND = {404: {"description": "no such tariff (or of another tenant)"}}
_FORBIDDEN = {403: {"description": "visible to the caller, but not to change"}}
_INVALID = {422: {"description": "the tariff JSON or a rule refused; the message says where"}}
_UNITS = {
    TariffDimension.ENERGY: "kWh",
    TariffDimension.TIME: "h",
    TariffDimension.PARKING_TIME: "h",
    TariffDimension.FLAT: "session",
}

RefPath = Annotated[str, Path(min_length=1, max_length=64, description="the tariff's ref")]
TenantQuery = Annotated[
    int | None, Query(description="platform admins: the tenant of the tariff; others: ignored")
]


def _unprocessable(detail: str) -> HTTPException:
    return HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail)


def _resource(row: TariffRow) -> Resource:
    return Resource(row.tenant_id, row.owner_account_id)


async def _may(access: Access, action: Action, area: Area, resources: Any, what: str) -> None:
    """403 unless one of ``resources`` allows ``action``: for objects the caller was already
    shown, so refusing says nothing new."""
    items = [resources] if isinstance(resources, Resource) else list(resources)
    for resource in items:
        if await access.allows(action, area, resource):
            return
    raise HTTPException(status.HTTP_403_FORBIDDEN, f"not allowed to change {what}")


def public(row: TariffRow) -> TariffPublic:
    def price(excl: Decimal | None, incl: Decimal | None) -> PricePublic | None:
        return None if excl is None else PricePublic(excl_vat=excl, incl_vat=incl)

    return TariffPublic(
        ref=row.ref,
        version=row.version,
        tenant_id=row.tenant_id,
        name=row.name,
        purpose=row.purpose,  # type: ignore[arg-type]
        account_id=row.owner_account_id,
        currency=row.currency,
        elements=row.elements,
        min_price=price(row.min_price_excl_vat, row.min_price_incl_vat),
        max_price=price(row.max_price_excl_vat, row.max_price_incl_vat),
        valid_from=row.valid_from,
        valid_until=row.valid_until,
        created_at=row.created_at,
    )


def _parse(
    ref: str,
    version: int,
    currency: str,
    elements: list[dict[str, Any]],
    min_price: dict[str, Any] | None,
    max_price: dict[str, Any] | None,
    valid_from: datetime | None,
) -> Tariff:
    """The domain tariff of a request body; 422 naming the JSON path of a mistake."""
    document = {
        "currency": currency,
        "elements": elements,
        "min_price": min_price,
        "max_price": max_price,
    }
    try:
        return tariff_from_ocpi(document, id=ref, version=version, valid_from=valid_from)
    except TariffFormatError as exc:
        raise _unprocessable(str(exc)) from None


def _row(
    tariff: Tariff, tenant_id: int, name: str | None, purpose: str, owner: int | None
) -> TariffRow:
    low, high = tariff.min_price, tariff.max_price
    return TariffRow(
        tenant_id=tenant_id,
        ref=tariff.id,
        version=tariff.version,
        name=name,
        purpose=purpose,
        owner_account_id=owner,
        currency=tariff.currency,
        elements=tariff_to_ocpi(tariff)["elements"],  # normalised: prices as strings
        min_price_excl_vat=low and low.excl_vat,
        min_price_incl_vat=low and low.incl_vat,
        max_price_excl_vat=high and high.excl_vat,
        max_price_incl_vat=high and high.incl_vat,
        valid_from=tariff.valid_from,
        valid_until=tariff.valid_until,
    )


async def _account(session: AsyncSession, tenant_id: int, account_id: int) -> Account:
    account = await session.get(Account, account_id)
    if account is None or account.tenant_id != tenant_id:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"account {account_id} not found")
    return account


async def _versions(
    session: AsyncSession, access: Access, tenant: int | None, ref: str, action: Action
) -> list[TariffRow]:
    """Every version of the caller's tenant's tariff ``ref``, if it may ``action`` it."""
    tenant_id = access.tenant_for(tenant)
    rows = await TariffRepository(session).versions(tenant_id, ref)
    if not rows:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"tariff {ref!r} not found")
    await access.require(action, Area.TARIFFS, _resource(rows[-1]), f"tariff {ref!r}")
    return rows


# Tariffs and their versions.


@router.get("/tariffs", response_model=Page[TariffPublic], summary="List tariffs")
async def list_tariffs(
    access: AccessDep,
    services: ServicesDep,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    search: Annotated[str | None, Query(max_length=100, description="part of ref or name")] = None,
    purpose: Annotated[str | None, Query(pattern="^(charging|reimbursement)$")] = None,
    account_id: Annotated[int | None, Query(description="the owner account")] = None,
) -> Page[TariffPublic]:
    """The latest version of every tariff the caller may see, by ref."""
    async with services.db.read() as session:
        rows, total = await TariffRepository(session).page(
            offset=offset,
            limit=limit,
            seen=await access.visibility(Area.TARIFFS),
            purpose=purpose,
            owner_account_id=account_id,
            search=search,
        )
    return Page(items=[public(r) for r in rows], total=total, offset=offset, limit=limit)


@router.post(
    "/tariffs",
    status_code=status.HTTP_201_CREATED,
    response_model=TariffPublic,
    summary="Create a tariff (version 1)",
    responses={409: {"description": "ref in use in the tenant"}, **_FORBIDDEN, **_INVALID},
)
async def create_tariff(
    body: TariffCreate, access: AccessDep, services: ServicesDep
) -> TariffPublic:
    tenant_id = access.tenant_for(body.tenant_id)
    conflict = HTTPException(status.HTTP_409_CONFLICT, f"tariff ref {body.ref!r} is in use")
    async with services.db.write() as session:
        tenant = await session.get(Tenant, tenant_id)
        if tenant is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"tenant {tenant_id} not found")
        if body.account_id is not None:
            await _account(session, tenant_id, body.account_id)
        await _may(
            access, Action.WRITE, Area.TARIFFS, Resource(tenant_id, body.account_id), "tariffs"
        )
        tariff = _parse(
            body.ref,
            1,
            body.currency or tenant.currency,
            body.elements,
            body.min_price,
            body.max_price,
            body.valid_from and body.valid_from.astimezone(UTC),
        )
        repo = TariffRepository(session)
        if await repo.exists(tenant_id, body.ref):
            raise conflict
        row = _row(tariff, tenant_id, body.name, body.purpose, body.account_id)
        repo.add(row)
        try:
            await session.flush()
        except IntegrityError as exc:  # the same ref created concurrently
            raise conflict from exc
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
    async with services.db.read() as session:
        rows = await _versions(session, access, tenant_id, tariff_ref, Action.READ)
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
    async with services.db.read() as session:
        rows = await _versions(session, access, tenant_id, tariff_ref, Action.READ)
    for row in rows:
        if row.version == version:
            return public(row)
    raise HTTPException(
        status.HTTP_404_NOT_FOUND, f"tariff {tariff_ref!r} has no version {version}"
    )


@router.post(
    "/tariffs/{tariff_ref}/versions",
    status_code=status.HTTP_201_CREATED,
    response_model=TariffPublic,
    summary="Change a tariff: a new version from an instant on",
    responses={**_NOT_FOUND, **_FORBIDDEN, **_INVALID, 409: {"description": "concurrent change"}},
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
    async with services.db.write() as session:
        rows = await _versions(session, access, tenant_id, tariff_ref, Action.WRITE)
        current = rows[-1]
        starts = (body.valid_from or services.clock.now()).astimezone(UTC)
        if current.valid_from is not None and starts <= current.valid_from:
            raise _unprocessable(
                f"valid_from must be after the current version's ({current.valid_from.isoformat()})"
            )
        tariff = _parse(
            current.ref,
            current.version + 1,
            body.currency or current.currency,
            body.elements,
            body.min_price,
            body.max_price,
            starts,
        )
        current.valid_until = starts
        row = _row(
            tariff,
            current.tenant_id,
            body.name if body.name is not None else current.name,
            current.purpose,
            current.owner_account_id,
        )
        TariffRepository(session).add(row)
        try:
            await session.flush()
        except IntegrityError as exc:
            raise HTTPException(
                status.HTTP_409_CONFLICT, "the tariff changed meanwhile; try again"
            ) from exc
    return public(row)


# Quotes.


def _minutes(minutes: Decimal) -> timedelta:
    """Exact to the microsecond, without a float in between."""
    return timedelta(microseconds=int(minutes * 60_000_000))


def _synthetic_session(body: QuoteRequest, start: datetime) -> list[MeteredInstant]:
    """Charging at constant power for ``duration_minutes`` (energy growing linearly), then
    parked for ``parking_minutes``."""
    charge = _minutes(body.duration_minutes)
    park = _minutes(body.parking_minutes)
    energy_wh = body.energy_kwh * 1000
    if body.power_kw is not None:
        power_w = body.power_kw * 1000
    elif body.duration_minutes > 0:
        power_w = energy_wh * 60 / body.duration_minutes
    else:
        power_w = Decimal(0)
    samples = [MeteredInstant(start, Decimal(0), power_w, None, charging=True)]
    if charge:
        samples.append(MeteredInstant(start + charge, energy_wh, Decimal(0), None, False))
    if park:
        samples.append(MeteredInstant(start + charge + park, energy_wh, Decimal(0), None, False))
    return samples


def _worked(priced: PricedSession, tz: ZoneInfo) -> list[str]:
    """The arithmetic a user can follow: each period's volume times its price, each
    dimension's total after step_size, and the clamping to min/max price."""
    cur = priced.currency
    lines: list[str] = []
    for p in priced.periods:
        span = f"{p.start.astimezone(tz):%a %H:%M}-{p.end.astimezone(tz):%H:%M}"
        volumes = {
            TariffDimension.ENERGY: p.energy_wh / 1000,
            TariffDimension.TIME: p.charging_seconds / 3600,
            TariffDimension.PARKING_TIME: p.parking_seconds / 3600,
        }
        for dimension, volume in volumes.items():
            component = p.components.get(dimension)
            if not volume:
                continue
            if component is None:
                lines.append(f"{span} {dimension}: {volume:.4f} {_UNITS[dimension]}, free")
                continue
            lines.append(
                f"{span} {dimension}: {volume:.4f} {_UNITS[dimension]} x {component.price} "
                f"{cur} = {volume * component.price:.4f} {cur}"
            )
    for dimension, total in priced.totals.items():
        if not total.volume and not total.cost_excl_vat:
            continue
        unit = _UNITS[dimension]
        billed = (
            f", billed {total.billed_volume:.4f} {unit} (step size {total.step_size})"
            if total.billed_volume != total.volume
            else ""
        )
        incl = "" if total.cost_incl_vat is None else f" ({total.cost_incl_vat:.4f} incl. VAT)"
        lines.append(
            f"{dimension} total: {total.volume:.4f} {unit}{billed} = "
            f"{total.cost_excl_vat:.4f} {cur} excl. VAT{incl}"
        )
    if priced.min_price_applied:
        lines.append("raised to the tariff's min_price")
    if priced.max_price_applied:
        lines.append("capped at the tariff's max_price")
    incl = "unknown" if priced.total_incl_vat is None else f"{priced.total_incl_vat} {cur}"
    lines.append(
        f"total: {priced.total_excl_vat} {cur} excl. VAT, {incl} incl. VAT "
        "(rounded half up to cents once, at the end)"
    )
    return lines


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
    async with services.db.read() as session:
        rows = await _versions(session, access, tenant_id, tariff_ref, Action.READ)
        tenant = await session.get(Tenant, rows[-1].tenant_id)
    zone_name = body.timezone or (tenant.timezone if tenant else "UTC")
    try:
        tz = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise _unprocessable(f"unknown time zone {zone_name!r}") from None
    versions = [tariff_from_row(r) for r in rows]
    start = (body.start or services.clock.now()).astimezone(UTC)
    if body.version is not None:
        chosen = [v for v in versions if v.version == body.version]
        if not chosen:
            raise _unprocessable(f"tariff {tariff_ref!r} has no version {body.version}")
        tariff = chosen[0]
    else:
        try:
            tariff = tariff_version_at(versions, start)
        except LookupError as exc:
            raise _unprocessable(str(exc)) from None
    samples = _synthetic_session(body, start)
    priced = price_session(tariff, samples, tz)
    return QuotePublic(
        tariff=tariff.id,
        version=tariff.version,
        currency=priced.currency,
        timezone=zone_name,
        start=samples[0].at,
        end=samples[-1].at,
        lines=[
            QuoteLine(
                dimension=d.value,
                unit=_UNITS[d],
                volume=t.volume,
                billed_volume=t.billed_volume,
                step_size=t.step_size,
                cost_excl_vat=t.cost_excl_vat,
                cost_incl_vat=t.cost_incl_vat,
            )
            for d, t in priced.totals.items()
        ],
        periods=[
            QuotePeriod(
                start=p.start,
                end=p.end,
                energy_kwh=p.energy_wh / 1000,
                charging_hours=(p.charging_seconds / 3600).quantize(Decimal("1E-6")),
                parking_hours=(p.parking_seconds / 3600).quantize(Decimal("1E-6")),
                prices={d.value: (c.price if c else None) for d, c in p.components.items()},
            )
            for p in priced.periods
        ],
        total_excl_vat=priced.total_excl_vat,
        total_incl_vat=priced.total_incl_vat,
        min_price_applied=priced.min_price_applied,
        max_price_applied=priced.max_price_applied,
        worked=_worked(priced, tz),
    )


# Assigning a charging tariff to a location, an operator or a station.


async def _charging_tariff(
    session: AsyncSession, access: Access, tenant_id: int | None, ref: str | None
) -> None:
    """422 unless ``ref`` (None: no tariff) is a charging tariff of the tenant that the
    caller may use: the tenant's own, or one it may read."""
    if ref is None:
        return
    row = None if tenant_id is None else await TariffRepository(session).latest(tenant_id, ref)
    usable = row is not None and (
        row.owner_account_id is None
        or await access.allows(Action.READ, Area.TARIFFS, _resource(row))
    )
    if row is None or not usable:
        raise _unprocessable(f"unknown tariff {ref!r}")
    if row.purpose != "charging":
        raise _unprocessable(f"tariff {ref!r} is a {row.purpose} tariff, not a charging tariff")


async def _assign(
    session: AsyncSession,
    access: Access,
    row: Location | Operator | Station,
    resources: list[Resource],
    ref: str | None,
    what: str,
) -> None:
    await access.require(Action.READ, Area.NETWORK, resources, what)
    await _may(access, Action.WRITE, Area.TARIFFS, resources, f"the tariff of {what}")
    await _charging_tariff(session, access, row.tenant_id, ref)
    row.tariff_ref = ref


@router.put(
    "/locations/{location_id}/tariff",
    response_model=TariffAssignment,
    summary="Set a location's default charging tariff",
    responses={**_FORBIDDEN, **_INVALID, 404: {"description": "no such location"}},
)
async def set_location_tariff(
    location_id: int, body: TariffAssign, access: AccessDep, services: ServicesDep
) -> TariffAssignment:
    async with services.db.write() as session:
        location = await session.get(Location, location_id)
        if location is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"location {location_id} not found")
        resource = Resource(location.tenant_id, location.account_id, location.operator_id)
        await _assign(session, access, location, [resource], body.tariff, f"location {location_id}")
    return TariffAssignment(kind="location", id=str(location_id), tariff=body.tariff)


@router.put(
    "/operators/{operator_id}/tariff",
    response_model=TariffAssignment,
    summary="Set an operator's default charging tariff",
    responses={**_FORBIDDEN, **_INVALID, 404: {"description": "no such operator"}},
)
async def set_operator_tariff(
    operator_id: int, body: TariffAssign, access: AccessDep, services: ServicesDep
) -> TariffAssignment:
    async with services.db.write() as session:
        operator = await session.get(Operator, operator_id)
        if operator is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"operator {operator_id} not found")
        resource = Resource(operator.tenant_id, None, operator.id)
        await _assign(session, access, operator, [resource], body.tariff, f"operator {operator_id}")
    return TariffAssignment(kind="operator", id=str(operator_id), tariff=body.tariff)


async def _station(session: AsyncSession, access: Access, station_id: str) -> Station:
    """A station the caller may see (404 otherwise)."""
    station = await session.get(Station, station_id)
    if station is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"station {station_id!r} not found")
    await access.require(
        Action.READ,
        Area.NETWORK,
        await station_resources(session, station),
        f"station {station_id!r}",
    )
    return station


@router.put(
    "/stations/{station_id}/tariff",
    response_model=TariffAssignment,
    summary="Set a station's charging tariff for other drivers (CA-5)",
    responses={**_FORBIDDEN, **_INVALID, 404: {"description": "no such station"}},
)
async def set_station_tariff(
    station_id: str, body: TariffAssign, access: AccessDep, services: ServicesDep
) -> TariffAssignment:
    """Whoever administers the station's customer (or its location's owner) sets it; a home
    reimbursement on the station is a separate setting and stays as it is (CA-6)."""
    async with services.db.write() as session:
        station = await session.get(Station, station_id)
        if station is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"station {station_id!r} not found")
        resources = await station_resources(session, station)
        await _assign(session, access, station, resources, body.tariff, f"station {station_id!r}")
    return TariffAssignment(kind="station", id=station_id, tariff=body.tariff)


# Home reimbursement (CA-4, CA-6).


def _under(employee: Account, employer_id: int) -> bool:
    """The employee is the employer's employee, sub-account or connected account."""
    return employer_id in (
        employee.employer_id,
        employee.parent_account_id,
        employee.primary_account_id,
    )


def _home_public(row: HomeReimbursement) -> HomeReimbursementPublic:
    return HomeReimbursementPublic.model_validate(row)


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
    async with services.db.read() as session:
        await _station(session, access, station_id)
        row = await HomeReimbursementRepository(session).for_station(station_id)
    if row is None:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, f"no home reimbursement at station {station_id!r}"
        )
    return _home_public(row)


@router.put(
    "/stations/{station_id}/home-reimbursement",
    response_model=HomeReimbursementPublic,
    summary="Set the employer's reimbursement tariff on an employee's home charger (CA-4)",
    responses={**_FORBIDDEN, **_INVALID, 404: {"description": "no such station or account"}},
)
async def set_home_reimbursement(
    station_id: str, body: HomeReimbursementSet, access: AccessDep, services: ServicesDep
) -> HomeReimbursementPublic:
    """Needs the right to write the employer's tariffs (the employee's own admins do not
    have it: CA-6). Replaces the station's setting; taking a station over from another
    employer needs that employer's right too."""
    async with services.db.write() as session:
        station = await _station(session, access, station_id)
        tenant_id = station.tenant_id
        if tenant_id is None:
            raise _unprocessable(f"station {station_id!r} belongs to no tenant")
        employer = await _account(session, tenant_id, body.employer_account_id)
        employee = await _account(session, tenant_id, body.employee_account_id)
        what = f"the home reimbursement settings of account {employer.id}"
        await _may(access, Action.WRITE, Area.TARIFFS, Resource(tenant_id, employer.id), what)
        repo = HomeReimbursementRepository(session)
        row = await repo.for_station(station_id)
        if row is not None and row.employer_account_id != employer.id:
            previous = Resource(tenant_id, row.employer_account_id)
            await _may(access, Action.WRITE, Area.TARIFFS, previous, f"station {station_id!r}'s")
        if not _under(employee, employer.id):
            raise _unprocessable(
                f"account {employee.id} is not an employee, sub-account or connected account "
                f"of account {employer.id}"
            )
        if station.customer_id != employee.id:
            raise _unprocessable(f"station {station_id!r} is not account {employee.id}'s")
        tariff = await TariffRepository(session).latest(tenant_id, body.tariff)
        if tariff is None or tariff.owner_account_id != employer.id:
            raise _unprocessable(
                f"unknown tariff {body.tariff!r}: it must be a tariff of account {employer.id}"
            )
        if tariff.purpose != "reimbursement":
            raise _unprocessable(f"tariff {body.tariff!r} is not a reimbursement tariff")
        if row is None:
            row = HomeReimbursement(tenant_id=tenant_id, station_id=station_id)
            repo.add(row)
        row.employer_account_id = employer.id
        row.employee_account_id = employee.id
        row.tariff_ref = body.tariff
        await session.flush()
    return _home_public(row)


@router.delete(
    "/stations/{station_id}/home-reimbursement",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove the home reimbursement of a charger (the employer only, CA-6)",
    responses={**_FORBIDDEN, 404: {"description": "no such station, or none set"}},
)
async def delete_home_reimbursement(
    station_id: str, access: AccessDep, services: ServicesDep
) -> Response:
    async with services.db.write() as session:
        station = await _station(session, access, station_id)
        repo = HomeReimbursementRepository(session)
        row = await repo.for_station(station_id)
        if row is None:
            raise HTTPException(
                status.HTTP_404_NOT_FOUND, f"no home reimbursement at station {station_id!r}"
            )
        employer = Resource(station.tenant_id, row.employer_account_id)
        what = f"the home reimbursement settings of account {row.employer_account_id}"
        await _may(access, Action.WRITE, Area.TARIFFS, employer, what)
        await repo.delete(row)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
