"""Charging sessions: start, update, meter samples, end. Idempotent under retries and replays.

Every method commits before it returns, so the CALLRESULT that follows it is only sent for
what is on disk. Pricing happens in the same unit of work: the tariff version is fixed at the
start, the running cost follows the meter values, and the CDR is written with the end.

The operator's session settings (OP-10) apply here too: samples closer than the energy step
delta are not stored as new points, a session reaching the monetary limit is reported so the
adapter stops it, and a session without meter progress for the idle time stops being tracked
as active (:meth:`TransactionService.sweep_idle`).

Meter values and update events are the busiest messages of a CSMS. They are written with the
database's group commit, and a running session without a tariff is remembered in memory
(its id and EVSE), so its samples are stored without reading the session first.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from csms.db.database import Database, StatementRows
from csms.db.models import Transaction
from csms.db.repositories.network import site_for
from csms.db.repositories.station_settings import StationMoney, station_money
from csms.db.repositories.stations import StationRepository
from csms.db.repositories.tokens import TokenRepository
from csms.db.repositories.transactions import (
    ENERGY_REGISTER,
    TransactionRepository,
    progress_rows,
    sample_rows,
)
from csms.domain.authorization import AccessDecision, decide_access
from csms.domain.events import (
    IdToken,
    MeasuredValue,
    MeterSampled,
    SessionEnded,
    SessionStarted,
    SessionUpdated,
    StationReported,
)
from csms.services.clock import Clock
from csms.services.session_pricing import RunningCost, SessionPricing

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class StartResult:
    transaction_id: int
    ref: str
    decision: AccessDecision | None


@dataclass(frozen=True, slots=True)
class _Running:
    """A running session whose meter values only need storing: no tariff to price it, not
    marked idle. Known by (station id, transaction ref) until it ends."""

    transaction_id: int
    evse_id: int


def _running(row: Transaction) -> _Running | None:
    if row.ended_at is not None or row.idle_at is not None or row.tariff_ref is not None:
        return None
    return _Running(row.id, row.evse_id)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the adapter tells the station after an update, meter values or an end: the
    token decision, and the session's cost (running, or final at the end)."""

    decision: AccessDecision | None = None
    transaction_ref: str | None = None
    cost: RunningCost | None = None


def _registers(samples: tuple[MeasuredValue, ...]) -> list[Decimal]:
    return [s.value for s in samples if s.measurand == ENERGY_REGISTER and not s.phase]


def _last_register(samples: tuple[MeasuredValue, ...]) -> Decimal | None:
    return max(_registers(samples), default=None)


def _lost_start(event: SessionUpdated | SessionEnded) -> Transaction:
    """A session whose Started event never arrived, rebuilt from what a later event carries:
    it began no later than its earliest sample, at no more than its lowest register."""
    return Transaction(
        ref=event.transaction_ref,
        station_id=event.station_id,
        evse_id=event.evse_id or 0,
        connector_id=event.connector_id or 0,
        started_at=min([s.timestamp for s in event.samples] + [event.timestamp]),
        meter_start_wh=min(_registers(event.samples), default=None),
        offline=event.offline,
    )


def _thin(
    samples: tuple[MeasuredValue, ...], last: Decimal | None, delta: Decimal | None
) -> tuple[MeasuredValue, ...]:
    """OP-10 energy step delta: drop the instants whose register moved less than ``delta``
    since the last stored point (every value of such an instant, so no half instants)."""
    if not delta or last is None:
        return samples
    dropped = set()
    for s in sorted(samples, key=lambda s: s.timestamp):
        if s.measurand == ENERGY_REGISTER and not s.phase:
            if s.value - last < delta:
                dropped.add(s.timestamp)
            else:
                last = s.value
    return tuple(s for s in samples if s.timestamp not in dropped)


class TransactionService:
    def __init__(self, db: Database, clock: Clock, *, settings_ttl: float = 300.0):
        self.db = db
        self.clock = clock
        self.pricing = SessionPricing()
        self.settings_ttl = settings_ttl
        self._money: dict[str, tuple[float, StationMoney]] = {}
        self._settings_changes = 0
        self._sessions: dict[tuple[str, str], _Running] = {}

    def _samples(
        self, station_id: str, running: _Running, event: MeterSampled | SessionUpdated
    ) -> StatementRows:
        return sample_rows(
            self.db.dialect, station_id, running.evse_id, running.transaction_id, event.samples
        )

    def _remember(self, station_id: str, row: Transaction) -> None:
        running = _running(row)
        if running is None:
            self._sessions.pop((station_id, row.ref), None)
        else:
            self._sessions[(station_id, row.ref)] = running

    def settings_changed(self) -> None:
        """Forget every station's cached place and settings: called on each admin write,
        which may have moved a station or changed its operator's settings."""
        self._money.clear()
        self._settings_changes += 1

    async def _station_money(self, station_id: str) -> StationMoney:
        """The station's place and its operator's session settings, read outside the write
        lock. Every meter message needs them and they change rarely, so they are kept until
        an admin write (:meth:`settings_changed`), or ``settings_ttl`` seconds for changes
        this process did not make (another CSMS process on the same database)."""
        now = time.monotonic()
        cached = self._money.get(station_id)
        if cached is not None and cached[0] > now:
            return cached[1]
        changes = self._settings_changes
        async with self.db.read() as session:
            money = await station_money(session, station_id)
        if changes == self._settings_changes:  # else it may predate the change: read again
            self._money[station_id] = (now + self.settings_ttl, money)
        return money

    async def _progress(
        self,
        session: AsyncSession,
        row: Transaction,
        money: StationMoney,
        samples: tuple[MeasuredValue, ...],
    ) -> RunningCost | None:
        """Store a running session's samples (thinned by the step delta), wake it from idle
        when its register moved, and price it so far."""
        repo = TransactionRepository(session)
        last = await repo.last_register(row.id) if money.step_delta_wh or row.idle_at else None
        if row.idle_at is not None and any(v > (last or 0) for v in _registers(samples)):
            row.idle_at = None
        kept = _thin(samples, last, money.step_delta_wh)
        await repo.add_samples(row.station_id, row.evse_id, row.id, kept)
        if not kept or row.ended_at is not None:
            return None
        return await self.pricing.running_cost(session, row, money)

    async def run_idle_sweeper(self, interval: float) -> None:
        """Sweep for idle sessions every ``interval`` seconds, for ever."""
        while True:
            await asyncio.sleep(interval)
            try:
                await self.sweep_idle()
            except Exception:
                log.exception("sweeping idle sessions failed")

    async def sweep_idle(self) -> int:
        """Mark sessions without meter progress for their operator's idle time (OP-10);
        returns how many."""
        now = self.clock.now()
        async with self.db.write() as session:
            marked = 0
            for row, minutes, progress in await TransactionRepository(session).idle_candidates():
                since = max(progress or row.started_at, row.started_at)
                if now - since >= timedelta(minutes=minutes):
                    row.idle_at = now
                    self._sessions.pop((row.station_id, row.ref), None)
                    marked += 1
            return marked

    async def _decide(
        self, session: AsyncSession, station_id: str, token: IdToken | None, excluding: int | None
    ) -> AccessDecision | None:
        if token is None:
            return None
        record = await TokenRepository(session).record(token.value)
        active = await TransactionRepository(session).active_count_for_token(
            token.value, excluding=excluding
        )
        site = await site_for(session, station_id)
        return decide_access(record, self.clock.now(), active_sessions=active, site=site)

    async def start(self, event: SessionStarted) -> StartResult:
        money = await self._station_money(event.station_id)
        chosen = None
        if money.tenant_id is not None:
            # Read before taking the write lock: the tariff rule looks at several tables.
            async with self.db.read() as session:
                chosen = await self.pricing.choose(
                    session,
                    event.station_id,
                    event.id_token.value if event.id_token else None,
                    event.timestamp,
                    money,
                )

        async def apply(session: AsyncSession) -> tuple[Transaction, AccessDecision | None]:
            repo = TransactionRepository(session)
            if event.transaction_ref is not None:
                existing = await repo.by_ref(event.station_id, event.transaction_ref)
            else:
                existing = await repo.same_start(
                    event.station_id, event.evse_id, event.timestamp, event.meter_start_wh
                )
            if existing is not None:
                await repo.add_samples(
                    event.station_id, existing.evse_id, existing.id, event.samples
                )
                decision = await self._decide(
                    session, event.station_id, event.id_token, existing.id
                )
                row = existing
            else:
                decision = await self._decide(session, event.station_id, event.id_token, None)
                row = await self._new_session(repo, event, decision, chosen)
            return row, decision

        row, decision = await self.db.batched(apply)
        self._remember(event.station_id, row)
        return StartResult(row.id, row.ref, decision)

    async def _new_session(
        self,
        repo: TransactionRepository,
        event: SessionStarted,
        decision: AccessDecision | None,
        chosen: tuple[str, int] | None,
    ) -> Transaction:
        """A new session row, priced from the start with ``chosen``."""
        row = Transaction(
            ref=event.transaction_ref or uuid.uuid4().hex,  # replaced by the id below
            station_id=event.station_id,
            evse_id=event.evse_id,
            connector_id=event.connector_id,
            id_token=event.id_token.value if event.id_token else None,
            id_token_type=event.id_token.type if event.id_token else None,
            token_status=decision.status.value if decision else None,
            started_at=event.timestamp,
            meter_start_wh=event.meter_start_wh,
            reservation_id=event.reservation_id,
            remote_start_id=event.remote_start_id,
            last_seq_no=event.seq_no,
            offline=event.offline,
            charging_state=None,
        )
        if row.meter_start_wh is None:
            row.meter_start_wh = _last_register(event.samples)
        await repo.add(row)
        if event.transaction_ref is None:
            row.ref = str(row.id)  # 1.6: the CSMS allocates the transaction id
        await repo.add_samples(event.station_id, row.evse_id, row.id, event.samples)
        if chosen is not None:
            row.tariff_ref, row.tariff_version = chosen
        return row

    async def update(self, event: SessionUpdated) -> Outcome:
        money = await self._station_money(event.station_id)
        running = self._sessions.get((event.station_id, event.transaction_ref))
        if running is not None and event.id_token is None and not money.step_delta_wh:
            progress = progress_rows(
                self.db.dialect,
                running.transaction_id,
                seq_no=event.seq_no,
                offline=event.offline,
                charging_state=event.charging_state,
            )
            await self.db.batched(rows=[progress, self._samples(event.station_id, running, event)])
            return Outcome(None, event.transaction_ref)

        async def apply(session: AsyncSession) -> tuple[Outcome, Transaction]:
            repo = TransactionRepository(session)
            row = await repo.by_ref(event.station_id, event.transaction_ref)
            if row is None:
                row = await repo.add(_lost_start(event))
            if event.seq_no is not None:
                row.last_seq_no = max(row.last_seq_no or 0, event.seq_no)
            row.offline = row.offline or event.offline
            if event.charging_state and row.ended_at is None:
                row.charging_state = event.charging_state
            decision = None
            if event.id_token is not None:
                decision = await self._decide(session, event.station_id, event.id_token, row.id)
                row.id_token, row.id_token_type = event.id_token.value, event.id_token.type
                row.token_status = decision.status.value if decision else None
            cost = await self._progress(session, row, money, event.samples)
            return Outcome(decision, row.ref, cost), row

        outcome, row = await self.db.batched(apply)
        self._remember(event.station_id, row)
        return outcome

    async def meter(self, event: MeterSampled) -> Outcome:
        money = await self._station_money(event.station_id)
        ref = event.transaction_ref
        running = self._sessions.get((event.station_id, ref)) if ref is not None else None
        if running is not None and not money.step_delta_wh:
            await self.db.batched(rows=[self._samples(event.station_id, running, event)])
            return Outcome(None, ref)

        async def apply(session: AsyncSession) -> tuple[Outcome, Transaction | None]:
            repo = TransactionRepository(session)
            row = None
            if ref is not None:
                row = await repo.by_ref(event.station_id, ref)
            elif event.evse_id > 0:
                row = await repo.active_on(event.station_id, event.evse_id)
            if row is None:
                await repo.add_samples(event.station_id, event.evse_id, None, event.samples)
                return Outcome(), None
            cost = await self._progress(session, row, money, event.samples)
            return Outcome(None, row.ref, cost), row

        outcome, row = await self.db.batched(apply)
        if row is not None:
            self._remember(event.station_id, row)
        return outcome

    async def end(self, event: SessionEnded) -> Outcome:
        """End a session once. A replayed end changes nothing: energy is the register
        difference, never a sum of deltas, so it cannot double."""
        money = await self._station_money(event.station_id)
        self._sessions.pop((event.station_id, event.transaction_ref), None)

        async def apply(session: AsyncSession) -> Outcome:
            repo = TransactionRepository(session)
            row = await repo.by_ref(event.station_id, event.transaction_ref)
            if row is None and event.evse_id is None:
                # A 1.6 stop for a transaction id we never issued: keep what the station said.
                StationRepository(session).add_event(
                    StationReported(
                        station_id=event.station_id,
                        kind="unknown_transaction_stop",
                        status=event.transaction_ref,
                        timestamp=event.timestamp,
                        data={"transactionId": event.transaction_ref, "reason": event.reason},
                    )
                )
                return Outcome(await self._decide(session, event.station_id, event.id_token, None))
            if row is None:
                row = await repo.add(_lost_start(event))
            decision = await self._decide(session, event.station_id, event.id_token, row.id)
            await repo.add_samples(event.station_id, row.evse_id, row.id, event.samples)
            if event.seq_no is not None:
                row.last_seq_no = max(row.last_seq_no or 0, event.seq_no)
            row.offline = row.offline or event.offline
            if row.ended_at is not None:
                return Outcome(decision, row.ref, await self._final_cost(session, row, money))
            stop = event.meter_stop_wh
            if stop is None:
                stop = _last_register(event.samples) or await repo.last_register(row.id)
            row.ended_at = event.timestamp
            row.meter_stop_wh = stop
            row.stop_reason = event.reason
            row.charging_state = None
            if stop is not None and row.meter_start_wh is not None:
                row.energy_wh = max(Decimal(0), stop - row.meter_start_wh)
            return Outcome(decision, row.ref, await self._final_cost(session, row, money))

        return await self.db.batched(apply)

    async def _final_cost(
        self, session: AsyncSession, row: Transaction, money: StationMoney
    ) -> RunningCost:
        """Write (once) the CDR of an ended session; its total is the session's cost."""
        cdr = await self.pricing.write_cdr(session, row, money)
        row.running_cost = cdr.total_incl_vat
        return RunningCost(cdr.total_incl_vat, cdr.currency, limit_reached=False)
