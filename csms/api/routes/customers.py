"""One customer's view: attachments, search, and the driver map.

Permission area: accounts (the customer itself). Whoever may see the customer sees what is
attached to it: tenant admins and support, the admins of an account above it, the customer
itself. Another tenant's customer answers 404.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query

from csms.api.answers import Responses
from csms.api.deps import AccessDep, ServicesDep
from csms.api.schemas import TransactionPublic
from csms.api.schemas_dashboard import (
    CustomerDashboard,
    DashboardStation,
    EnergyPoint,
    EnergySeries,
)
from csms.api.schemas_groups import (
    AttachedAccount,
    AttachedCard,
    AttachedGrid,
    AttachedGroup,
    AttachedStation,
    Attachments,
    DriverMap,
    MapStation,
)
from csms.domain.reporting import Interval
from csms.services.customers import Energy

router = APIRouter(tags=["customers"])

_NOT_FOUND: Responses = {404: {"description": "no such customer (or of another tenant)"}}


@router.get(
    "/customers/{account_id}/attachments",
    response_model=Attachments,
    summary="Everything attached to a customer",
    responses=_NOT_FOUND,
)
async def attachments(account_id: int, access: AccessDep, services: ServicesDep) -> Attachments:
    """CUS-2 in one answer: the charge points attached to the customer (the station's
    customer), its grids, the charge groups it is attached to with its own and its effective
    tariff there, its charge cards, and for a company its employees."""
    found = await services.customers.attachments(access, account_id)
    return Attachments(
        account_id=found.account.id,
        charge_points=[AttachedStation.model_validate(s) for s in found.stations],
        grids=[AttachedGrid.model_validate(g) for g in found.grids],
        charge_groups=[
            AttachedGroup(
                id=g.group.id,
                name=g.group.name,
                type=g.group.type,
                tariff=g.tariff,
                effective_tariff=g.effective_tariff,
            )
            for g in found.groups
        ],
        charge_cards=[AttachedCard.model_validate(c) for c in found.cards],
        employees=[AttachedAccount.model_validate(e) for e in found.employees],
    )


@router.get(
    "/map",
    response_model=DriverMap,
    summary="The stations a driver sees on the map",
    responses={
        **_NOT_FOUND,
        422: {"description": "account_id missing and the caller is not one customer"},
    },
)
async def driver_map(
    access: AccessDep,
    services: ServicesDep,
    account_id: Annotated[
        int | None,
        Query(description="the customer whose map to show; drivers omit it (their own)"),
    ] = None,
) -> DriverMap:
    """CG-2, OP-8: stations of a Home group are never shown; those of an Other group only to
    the customers the group admits; an invisible station only to the private network of its
    operator. A driver asks for its own map; a system user passes ``account_id``."""
    account, shown = await services.customers.driver_map(access, account_id)
    return DriverMap(
        account_id=account.id,
        stations=[
            MapStation(
                id=station.id,
                location_id=station.location_id,
                location_name=location.name if location else None,
                address=location.address if location else None,
                city=location.city if location else None,
                country=location.country if location else None,
            )
            for station, location in shown
        ],
    )


@router.get(
    "/customers/{account_id}/dashboard",
    response_model=CustomerDashboard,
    responses=_NOT_FOUND,
    summary="A customer's usage dashboard (CUS-5, CUS-6)",
)
async def dashboard(
    account_id: int,
    access: AccessDep,
    services: ServicesDep,
    interval: Interval = Interval.DAY,
    since: Annotated[datetime | None, Query(description="sessions started from (UTC)")] = None,
    latest: Annotated[int, Query(ge=1, le=100)] = 10,
) -> CustomerDashboard:
    """Energy used with the customer's cards (a company: its own and its employees'), energy
    delivered at its charge points, per local day or month of the tenant and in total; the
    latest card and charge point transactions; and its charge points."""
    usage = await services.customers.usage(access, account_id, interval=interval, since=since)
    return CustomerDashboard(
        account_id=usage.account.id,
        timezone=str(usage.timezone),
        interval=interval,
        energy_used=_series(usage.energy_used),
        energy_delivered=_series(usage.energy_delivered),
        latest_card_transactions=[
            TransactionPublic.model_validate(t) for t in usage.card_sessions[:latest]
        ],
        latest_charge_point_transactions=[
            TransactionPublic.model_validate(t) for t in usage.station_sessions[:latest]
        ],
        stations=[DashboardStation.model_validate(s) for s in usage.stations],
    )


def _series(energy: Energy) -> EnergySeries:
    return EnergySeries(
        total_wh=energy.total_wh,
        per_interval=[EnergyPoint(period=p, energy_wh=wh) for p, wh in energy.per_interval],
    )
