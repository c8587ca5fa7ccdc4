"""One customer's view: what is attached to it (CUS-2), the driver map (CG-2, OP-8) and its
usage dashboard (CUS-5, CUS-6). Whoever may see the customer sees what is attached to it:
tenant admins and support, the admins of an account above it, the customer itself. Another
tenant's customer is not found."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from csms.db.database import Database
from csms.db.models import Account, ChargeGroup, Grid, IdTokenRow, Location, Station, Transaction
from csms.db.repositories.accounts import AccountRepository
from csms.db.repositories.customers import CustomerRepository
from csms.db.repositories.groups import AttachmentRepository, GroupRepository
from csms.db.repositories.transactions import TransactionRepository
from csms.domain.permissions import Action, Area, Resource
from csms.domain.reporting import Interval, SessionEnergy, energy_per_interval
from csms.domain.tariff_choice import tariff_for
from csms.services import groups as rules
from csms.services.access import Access
from csms.services.accounts import visible_account
from csms.services.errors import Invalid


@dataclass(slots=True)
class GroupAttachment:
    group: ChargeGroup
    tariff: str | None  # the customer's own tariff in the group
    effective_tariff: str | None  # what it is charged there


@dataclass(slots=True)
class Attachments:
    account: Account
    stations: Sequence[Station]
    grids: Sequence[Grid]
    groups: list[GroupAttachment]
    cards: Sequence[IdTokenRow]
    employees: Sequence[Account]


@dataclass(slots=True)
class Energy:
    """Energy of finished sessions in total and per local day or month."""

    total_wh: Decimal
    per_interval: list[tuple[date, Decimal]]


@dataclass(slots=True)
class Usage:
    account: Account
    timezone: ZoneInfo
    energy_used: Energy
    energy_delivered: Energy
    card_sessions: Sequence[Transaction]  # newest first
    station_sessions: Sequence[Transaction]
    stations: Sequence[Station]


def _own_account(access: Access) -> int:
    """The customer account of the caller: the one a system user switched to (CUS-8), else
    the single account its grants are scoped to."""
    principal = access.principal
    if principal.acting_for is not None:
        return principal.acting_for
    accounts = {g.account_id for g in principal.grants if g.account_id is not None}
    if len(accounts) != 1:
        raise Invalid("account_id is required: the caller is not one customer")
    return accounts.pop()


def _energy(sessions: Sequence[Transaction], tz: ZoneInfo, interval: Interval) -> Energy:
    finished = [
        SessionEnergy(t.ended_at, t.energy_wh)
        for t in sessions
        if t.ended_at is not None and t.energy_wh is not None
    ]
    return Energy(
        total_wh=sum((s.energy_wh for s in finished), Decimal(0)),
        per_interval=energy_per_interval(finished, tz, interval),
    )


class CustomerService:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def attachments(self, access: Access, account_id: int) -> Attachments:
        """The charge points attached to the customer (the station's customer), its grids,
        the charge groups it is attached to with its own and its effective tariff there, its
        charge cards, and for a company its employees."""
        async with self.db.read() as session:
            account = await visible_account(AccountRepository(session), access, account_id)
            repo = AttachmentRepository(session)
            groups = []
            for group, own in await repo.groups(account.id):
                tariffs = await GroupRepository(session).customer_tariffs(group.id)
                effective = tariff_for(group.tariff_ref, tariffs, account.id).tariff
                groups.append(GroupAttachment(group, own, effective))
            return Attachments(
                account=account,
                stations=await repo.stations(account.id),
                grids=await repo.grids(account.id),
                groups=groups,
                cards=await repo.cards(account.id),
                employees=await repo.employees(account.id),
            )

    async def driver_map(
        self, access: Access, account_id: int | None
    ) -> tuple[Account, list[tuple[Station, Location | None]]]:
        """The stations the customer sees on the map; a driver omits ``account_id``."""
        async with self.db.read() as session:
            wanted = _own_account(access) if account_id is None else account_id
            account = await visible_account(AccountRepository(session), access, wanted)
            return account, await rules.driver_map(session, account)

    async def usage(
        self, access: Access, account_id: int, *, interval: Interval, since: datetime | None
    ) -> Usage:
        """Energy used with the customer's cards (a company: its own and its employees'),
        energy delivered at its charge points, per local period of the tenant; the sessions
        behind them, and its charge points."""
        async with self.db.read() as session:
            accounts = AccountRepository(session)
            account = await visible_account(accounts, access, account_id)
            await access.require(
                Action.READ, Area.SESSIONS, Resource(account.tenant_id, account.id), "sessions"
            )
            tenant = await accounts.tenant(account.tenant_id)
            administered = (await accounts.tree(account.tenant_id)).administered_by(account.id)
            customers = CustomerRepository(session)
            cards = await customers.card_values(administered)
            stations = await customers.stations(account.tenant_id, administered)
            repo = TransactionRepository(session)
            card_sessions = await repo.latest(cards=cards, since=since)
            station_sessions = await repo.latest(stations=[s.id for s in stations], since=since)
        tz = ZoneInfo(tenant.timezone if tenant else "UTC")
        return Usage(
            account=account,
            timezone=tz,
            energy_used=_energy(card_sessions, tz, interval),
            energy_delivered=_energy(station_sessions, tz, interval),
            card_sessions=card_sessions,
            station_sessions=station_sessions,
            stations=stations,
        )
