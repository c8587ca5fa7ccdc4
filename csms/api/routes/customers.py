"""One customer's view: attachments, search, and the driver map.

Permission area: accounts (the customer itself). Whoever may see the customer sees what is
attached to it: tenant admins and support, the admins of an account above it, the customer
itself. Another tenant's customer answers 404.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, HTTPException, Query, status
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from csms.api.deps import Access, AccessDep, ServicesDep
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
from csms.db.models import Account, IdTokenRow, Station, Transaction
from csms.db.repositories.accounts import AccountRepository
from csms.db.repositories.groups import AttachmentRepository, GroupRepository
from csms.db.repositories.stations import visible_stations
from csms.db.repositories.transactions import TransactionRepository
from csms.domain.permissions import Action, Area, Resource, Visibility
from csms.domain.reporting import Interval, SessionEnergy, energy_per_interval
from csms.domain.tariff_choice import tariff_for
from csms.services import groups as rules

router = APIRouter(tags=["customers"])

_NOT_FOUND = {404: {"description": "no such customer (or of another tenant)"}}


async def _customer(session: AsyncSession, account_id: int, access: Access) -> Account:
    account = await session.get(Account, account_id)
    if account is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"account {account_id} not found")
    resource = Resource(account.tenant_id, account.id)
    await access.require(Action.READ, Area.ACCOUNTS, resource, f"account {account_id}")
    return account


def _own_account(access: Access) -> int:
    """The customer account of the caller: the one a system user switched to (CUS-8), else
    the single account its grants are scoped to."""
    principal = access.principal
    if principal.acting_for is not None:
        return principal.acting_for
    accounts = {g.account_id for g in principal.grants if g.account_id is not None}
    if len(accounts) != 1:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            "account_id is required: the caller is not one customer",
        )
    return accounts.pop()


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
    async with services.db.read() as session:
        account = await _customer(session, account_id, access)
        repo = AttachmentRepository(session)
        groups = []
        for group, own in await repo.groups(account.id):
            tariffs = await GroupRepository(session).customer_tariffs(group.id)
            groups.append(
                AttachedGroup(
                    id=group.id,
                    name=group.name,
                    type=group.type,
                    tariff=own,
                    effective_tariff=tariff_for(group.tariff_ref, tariffs, account.id).tariff,
                )
            )
        return Attachments(
            account_id=account.id,
            charge_points=[
                AttachedStation.model_validate(s) for s in await repo.stations(account.id)
            ],
            grids=[AttachedGrid.model_validate(g) for g in await repo.grids(account.id)],
            charge_groups=groups,
            charge_cards=[AttachedCard.model_validate(c) for c in await repo.cards(account.id)],
            employees=[AttachedAccount.model_validate(e) for e in await repo.employees(account.id)],
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
    async with services.db.read() as session:
        wanted = _own_account(access) if account_id is None else account_id
        account = await _customer(session, wanted, access)
        shown = await rules.driver_map(session, account)
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
    async with services.db.read() as session:
        account = await _customer(session, account_id, access)
        await access.require(
            Action.READ, Area.SESSIONS, Resource(account.tenant_id, account.id), "sessions"
        )
        tenant = await AccountRepository(session).tenant(account.tenant_id)
        accounts = (await AccountRepository(session).tree(account.tenant_id)).administered_by(
            account.id
        )
        cards = await session.scalars(
            select(IdTokenRow.value).where(IdTokenRow.account_id.in_(accounts))
        )
        stations = (
            await session.scalars(
                visible_stations(
                    select(Station),
                    Visibility(tenant_id=account.tenant_id, account_ids=frozenset(accounts)),
                )
            )
        ).all()
        repo = TransactionRepository(session)
        card_sessions = await repo.latest(cards=list(cards), since=since)
        station_sessions = await repo.latest(stations=[s.id for s in stations], since=since)
    tz = ZoneInfo(tenant.timezone if tenant else "UTC")
    return CustomerDashboard(
        account_id=account.id,
        timezone=str(tz),
        interval=interval,
        energy_used=_energy(card_sessions, tz, interval),
        energy_delivered=_energy(station_sessions, tz, interval),
        latest_card_transactions=[
            TransactionPublic.model_validate(t) for t in card_sessions[:latest]
        ],
        latest_charge_point_transactions=[
            TransactionPublic.model_validate(t) for t in station_sessions[:latest]
        ],
        stations=[DashboardStation.model_validate(s) for s in stations],
    )


def _energy(sessions: Sequence[Transaction], tz: ZoneInfo, interval: Interval) -> EnergySeries:
    finished = [
        SessionEnergy(t.ended_at, t.energy_wh)
        for t in sessions
        if t.ended_at is not None and t.energy_wh is not None
    ]
    periods = energy_per_interval(finished, tz, interval)
    return EnergySeries(
        total_wh=sum((s.energy_wh for s in finished), Decimal(0)),
        per_interval=[EnergyPoint(period=p, energy_wh=wh) for p, wh in periods],
    )
