"""A virtual charging station: connection life cycle, EVSEs with physics, transactions,
the offline queue, and what drivers and the CSMS do to it.

The station is version-neutral. Everything OCPP-specific is in its adapter
(:mod:`simulator.adapters.v16` or :mod:`simulator.adapters.v201`, chosen by
``StationSpec.version``): the adapter turns the station's events into CALLs and the CSMS's
CALLs into station operations.

Life cycle: connect (exponential backoff with jitter on failure) -> BootNotification (a
Pending or Rejected answer is retried at the interval the CSMS gave) -> status of every
connector -> heartbeats, meter values, and the offline queue drained in order. On a dropped
connection transaction messages keep being produced into the queue (OCPP: they must be
delivered), everything else is dropped; on reconnect the queue replays in order.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from ocppj.versions import OcppVersion
from simulator.clock import SimClock
from simulator.connector_status import ConnectorEvent, ConnectorStatus, transition
from simulator.faults import NO_FAULTS, FaultPlan
from simulator.metrics import MetricsSink, NullMetrics
from simulator.physics import Ev, Evse, Reading
from simulator.rng import SmallRandom
from simulator.transport import CallError, Disconnected, Link, connect

if TYPE_CHECKING:
    from simulator.catalogue import StationModel

log = logging.getLogger(__name__)

BACKOFF_MIN_S, BACKOFF_MAX_S = 1.0, 120.0
BOOT_RETRY_S = 60.0  # after a BootNotification that got no usable answer


@dataclass
class StationSpec:
    id: str
    version: OcppVersion
    model: StationModel
    password: str | None = None
    settings: dict[str, str] = field(default_factory=dict)  # configuration key overrides
    seed: int = 0


@dataclass(slots=True)
class Tx:
    """A transaction as the station knows it. ``id`` is the station's own (2.x sends it);
    ``csms_id`` the one a 1.6 CSMS gives in its answer to StartTransaction."""

    id: str
    evse_id: int
    id_token: str | None
    started_at: datetime
    meter_start_wh: int
    remote_start_id: int | None = None
    csms_id: int | None = None
    seq_no: int = 0
    stopped: bool = False
    stop_reason: str | None = None
    reservation_id: int | None = None  # the reservation the transaction used
    stopped_by: str | None = None  # the card that stopped it, when not the starting one

    def next_seq(self) -> int:
        self.seq_no += 1
        return self.seq_no - 1


@dataclass(slots=True)
class EvseState:
    id: int
    physics: Evse
    connector_ids: tuple[int, ...] = (1,)
    status: ConnectorStatus = ConnectorStatus.AVAILABLE  # changed only by Station.happened
    operative: bool = True
    pending_inoperative: bool = False
    authorized: str | None = None  # the token authorized for the next or current session
    tx: Tx | None = None
    reservation: tuple[int, str, datetime] | None = None  # id, token, expiry
    error_code: str = "OtherError"  # what a fault reports (1.6 StatusNotification errorCode)
    advanced_at: float = 0.0  # simulated seconds up to which the physics has run

    @property
    def faulted(self) -> bool:
        return self.status is ConnectorStatus.FAULTED

    @property
    def plugged(self) -> bool:
        return self.physics.ev is not None


@dataclass(slots=True)
class Queued:
    """A transaction message waiting for the link: rendered when it is sent, so a 1.6
    transaction id learnt on replay reaches the messages queued after its start."""

    kind: str  # "started" | "updated" | "ended"
    tx: Tx
    at: datetime
    reading: Reading | None
    trigger: str
    offline: bool
    seq: int = 0  # 2.x seqNo, fixed when the event happens so a retry repeats it
    attempts: int = 0


class Station:
    """A station; ``await run()`` keeps it connected until ``stop()``."""

    def __init__(
        self,
        spec: StationSpec,
        url: str,
        *,
        clock: SimClock | None = None,
        metrics: MetricsSink | None = None,
        faults: FaultPlan = NO_FAULTS,
        validation: str = "full",
        compression: bool = False,
        local_address: str | None = None,
    ) -> None:
        from simulator.adapters import adapter_for

        self.spec = spec
        self.id = spec.id
        self.url = url
        self.clock = clock or SimClock()
        self.metrics = metrics or NullMetrics()
        self.faults = faults
        self.validation = validation
        self.compression = compression
        self.local_address = local_address
        self.rng = SmallRandom(f"{spec.seed}:{spec.id}")
        self.adapter = adapter_for(self, spec)
        self.settings = self.adapter.settings
        self.evses: dict[int, EvseState] = {}
        model = spec.model
        for n in range(1, model.evses + 1):
            self.evses[n] = EvseState(
                id=n,
                physics=Evse(
                    max_power_w=model.max_power_kw * 1000,
                    phases=model.phases,
                    dc=model.dc,
                    rng=self.rng,
                ),
                connector_ids=tuple(range(1, model.connectors_per_evse + 1)),
            )
        self.link: Link | None = None
        self.registration = ""
        self.heartbeat_interval = 300
        self.queue: list[Queued] = []  # a list: most stations never queue anything
        self._drainer: asyncio.Task[None] | None = None
        self.online = False  # booted and statuses sent on the current connection
        self._stopping = False
        self._rebooting = False
        self._tasks: set[asyncio.Task[Any]] = set()
        self._tx_counter = 0
        self.boot_reason = "PowerUp"
        self.booted = False  # a reconnect after a network drop does not boot again
        self.boots = 0  # accepted BootNotifications
        self._offline_until = 0.0
        self._retimed: asyncio.Event | None = None  # set by retime(), made by the timers

    # -- what a test or the fleet asks ----------------------------------------------------

    @property
    def connected(self) -> bool:
        return self.link is not None

    @property
    def evse_ids(self) -> list[int]:
        return list(self.evses)

    def charging(self, evse_id: int) -> bool:
        return self.evses[evse_id].status is ConnectorStatus.CHARGING

    def in_transaction(self, evse_id: int) -> bool:
        return self.evses[evse_id].tx is not None

    def ev_full(self, evse_id: int) -> bool:
        ev = self.evses[evse_id].physics.ev
        return ev is not None and ev.soc >= ev.target_soc - 1e-6

    # -- what an adapter asks -----------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """A transaction runs on some EVSE."""
        return any(e.tx is not None for e in self.evses.values())

    @property
    def tethered(self) -> bool:
        """The cables are fixed to the station (nothing to unlock)."""
        return self.spec.model.connectors[0].tethered

    def evses_for(self, evse_id: int | None) -> list[EvseState]:
        """The EVSE ``evse_id``, or every EVSE for None (a TriggerMessage without one)."""
        return [e for e in self.evses.values() if evse_id in (None, e.id)]

    def evse_of(self, tx: Tx) -> EvseState:
        return self.evses[tx.evse_id]

    def has_queued(self, tx_id: str | None) -> bool:
        """A message of transaction ``tx_id`` (None: of any) waits in the offline queue."""
        return any(tx_id in (None, item.tx.id) for item in self.queue)

    def out_of_order(self) -> str | None:
        """Faulted when every EVSE is, Unavailable when none is both operative and sound,
        else None: what a reservation of the whole station (1.6 connector 0) meets."""
        evses = list(self.evses.values())
        if all(e.faulted for e in evses):
            return "Faulted"
        if all(not e.operative or e.faulted for e in evses):
            return "Unavailable"
        return None

    def registered(self, status: str) -> bool:
        """Note ``status``, the answer to a BootNotification the CSMS triggered (2.x, while
        Pending): True when it accepts a station not yet booted."""
        self.registration = status
        if status != "Accepted" or self.booted:
            return False
        self.booted = True
        self.boots += 1
        return True

    def change_password(self, password: str) -> None:
        """A new HTTP Basic password, used at once: the station reconnects with it once
        the answer that set it is out."""
        self.spec.password = password

        async def reconnect() -> None:
            await asyncio.sleep(0.5)  # the answer goes out first
            if self.link is not None:
                await self.link.close()

        self.spawn(reconnect())

    # -- running ----------------------------------------------------------------------------

    async def run(self) -> None:
        """Connect, boot and serve; reconnect after a drop; until :meth:`stop`."""
        delay = BACKOFF_MIN_S
        while not self._stopping:
            outage = self._offline_until - self.clock.monotonic()
            if outage > 0:
                # In steps, so that restore_network() ends the outage early.
                await self.clock.sleep(min(outage, 1.0))
                continue
            try:
                ws = await connect(
                    self.url,
                    self.id,
                    self.spec.version,
                    password=self.spec.password,
                    compression=self.compression,
                    local_address=self.local_address,
                )
            except (OSError, TimeoutError, Exception) as error:  # refused, 4xx, DNS...
                if self._stopping:
                    return
                self.metrics.event("connect_failed")
                log.debug("%s: connect failed: %s", self.id, error)
                # Exponential backoff with full jitter: a fleet that lost its CSMS must not
                # come back as one wave.
                await self.clock.sleep(self.rng.uniform(0, delay) * 1.0)
                delay = min(delay * 2, BACKOFF_MAX_S)
                continue
            delay = BACKOFF_MIN_S
            await self._session(
                Link(ws, self.spec.version, validation=self.validation, metrics=self.metrics)
            )

    async def _session(self, link: Link) -> None:
        self.link = link
        self.metrics.state("connected", 1)
        # Two tasks per idle station (the reader and the timers), so ten thousand fit in
        # one process; queue draining, faults and follow-ups get tasks only while needed.
        workers = [asyncio.create_task(self._boot_then_work(link)), *self._fault_tasks()]
        try:
            await link.serve(self.adapter.handle)
        finally:
            self.link = None
            self.online = False
            self.metrics.state("connected", -1)
            for task in workers:
                task.cancel()
            if self._drainer is not None:
                self._drainer.cancel()
            await link.close()
            await asyncio.gather(*workers, return_exceptions=True)
        if self._rebooting:
            self._rebooting = False
            self.booted = False
            await self.clock.sleep(2.0)  # a reboot takes a moment
        else:
            self.metrics.event("reconnect")

    async def stop(self) -> None:
        self._stopping = True
        link = self.link
        if link is not None:
            await link.close()
        for task in list(self._tasks):
            task.cancel()

    def spawn(self, coro: Awaitable[Any]) -> None:
        """Run ``coro`` in the background, owned by the station."""
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def call(self, action: str, payload: dict[str, Any]) -> dict[str, Any]:
        link = self.link
        if link is None:
            raise Disconnected(action)
        return await link.call(action, payload)

    async def _boot_then_work(self, link: Link) -> None:
        # The loops below also end when their connection is gone, whatever a call raised.
        while not self.booted and self.link is link:
            try:
                status, interval = await self.adapter.boot(self.boot_reason)
            except (CallError, TimeoutError):
                # No usable answer: try again later, as a charger does.
                await self.clock.sleep(BOOT_RETRY_S)
                continue
            self.registration = status
            if status == "Accepted":
                self.heartbeat_interval = interval or self.settings.heartbeat_interval
                self.booted = True
                self.boots += 1
                break
            await self.clock.sleep(interval or 60)
        self.boot_reason = "PowerUp"
        reported = {}
        for evse in self.evses.values():
            reported[evse.id] = evse.status
            await self._send_status(evse)
        if self.link is not link:
            return
        self.online = True
        for evse in self.evses.values():
            if evse.status != reported[evse.id]:  # it changed while the others were sent
                self.spawn(self._send_status(evse))
        self._kick()
        await self._timers(link)

    async def _timers(self, link: Link) -> None:
        """Heartbeats, and clock-aligned meter values when configured, in one loop."""
        clock = self.clock
        next_beat = clock.monotonic() + (
            self.settings.heartbeat_interval or self.heartbeat_interval
        )
        while self.link is link:
            now = clock.monotonic()
            aligned = self.settings.clock_aligned_interval
            next_aligned = (
                now + aligned - clock.now().timestamp() % aligned if aligned else float("inf")
            )
            if await self._nap(min(next_beat, next_aligned) - now):
                # A timer setting changed: the heartbeat counts from the new interval.
                interval = self.settings.heartbeat_interval or self.heartbeat_interval
                next_beat = min(next_beat, clock.monotonic() + interval)
                continue
            if self.link is not link:
                return
            now = clock.monotonic()
            if now >= next_beat - 1e-3:
                next_beat = now + (self.settings.heartbeat_interval or self.heartbeat_interval)
                with contextlib.suppress(CallError, TimeoutError, Disconnected):
                    await self.adapter.heartbeat()
            if now >= next_aligned - 1e-3:
                for evse in self.evses.values():
                    reading = self.read(evse)
                    with contextlib.suppress(CallError, TimeoutError, Disconnected):
                        await self.adapter.meter_values(evse, None, reading, "Sample.Clock")

    async def _nap(self, seconds: float) -> bool:
        """Sleep ``seconds`` of simulated time; True when retime() woke us first."""
        if self._retimed is None:
            self._retimed = asyncio.Event()
        event = self._retimed
        try:
            async with asyncio.timeout(max(0.0, seconds) / self.clock.factor):
                await event.wait()
        except TimeoutError:
            return False
        event.clear()
        return True

    def retime(self) -> None:
        """A timer setting changed (heartbeat or clock-aligned interval): the timers count
        from the new value now, not after their current wait."""
        if self._retimed is not None:
            self._retimed.set()

    # -- status -----------------------------------------------------------------------------

    async def _send_status(self, evse: EvseState) -> None:
        if self.link is None:
            return  # sent again after the next boot
        with contextlib.suppress(CallError, TimeoutError, Disconnected):
            await self.adapter.status(evse)

    def happened(self, evse: EvseState, event: ConnectorEvent) -> None:
        """``event`` happened to ``evse``: its new status (see
        :func:`simulator.connector_status.transition`), reported when it changed."""
        status = transition(evse.status, event, plugged=evse.plugged, operative=evse.operative)
        if evse.status is status:
            return
        was_charging = evse.status is ConnectorStatus.CHARGING
        evse.status = status
        if was_charging != (status is ConnectorStatus.CHARGING):
            self.metrics.state("charging", 1 if status is ConnectorStatus.CHARGING else -1)
        if self.online:
            self.spawn(self._send_status(evse))

    def fault(self, evse: EvseState, error_code: str | None = None) -> None:
        """A fault on ``evse`` (``error_code``: a 1.6 ChargePointErrorCode; without, the last
        one stays): Faulted until :meth:`clear_fault`."""
        if error_code is not None:
            evse.error_code = error_code
        self.happened(evse, ConnectorEvent.FAULT)

    def clear_fault(self, evse: EvseState) -> None:
        self.happened(evse, ConnectorEvent.FAULT_CLEARED)

    def withhold_energy(self, evse: EvseState) -> None:
        """The station gives the EV no more energy, the session goes on: SuspendedEVSE."""
        self.advance(evse)
        evse.physics.suspend(True)
        self.happened(evse, ConnectorEvent.EVSE_SUSPENDED)

    # -- meter ------------------------------------------------------------------------------

    def advance(self, evse: EvseState, to: float | None = None) -> None:
        """Run the EVSE's physics up to now, or up to the monotonic instant ``to``."""
        now = self.clock.monotonic() if to is None else to
        if now > evse.advanced_at:
            evse.physics.advance(now - evse.advanced_at)
            evse.advanced_at = now

    def read(self, evse: EvseState, at: float | None = None) -> Reading:
        """The meter now, or at the monotonic instant ``at`` if the physics has not passed it."""
        self.advance(evse, at)
        return evse.physics.reading()

    # -- transactions -----------------------------------------------------------------------

    def enqueue(
        self,
        kind: str,
        tx: Tx,
        trigger: str,
        reading: Reading | None = None,
        at: datetime | None = None,
    ) -> None:
        """A transaction message, delivered in order whatever the link does; it bears the
        time ``at`` (default now)."""
        self.queue.append(
            Queued(
                kind,
                tx,
                at or self.clock.now(),
                reading,
                trigger,
                offline=not self.online,
                seq=tx.next_seq(),
            )
        )
        self.metrics.state("queued", 1)
        self._kick()

    def _kick(self) -> None:
        """Drain the queue in the background while online, one drainer at a time."""
        if self.online and self.queue and (self._drainer is None or self._drainer.done()):
            self._drainer = asyncio.ensure_future(self._drain_queue())

    async def _drain_queue(self) -> None:
        while True:
            while self.queue and self.online:
                item = self.queue[0]
                try:
                    await self.adapter.send_queued(item)
                except Disconnected:
                    return
                except (CallError, TimeoutError):
                    # OCPP retry semantics: a transaction message the CSMS failed to process
                    # is retried, TransactionMessageAttempts times, waiting longer each time.
                    item.attempts += 1
                    if item.attempts < max(1, self.settings.transaction_message_attempts):
                        await self.clock.sleep(
                            self.settings.transaction_message_retry_interval * item.attempts
                        )
                        continue
                    self.metrics.event("tx_message_dropped")
                self.queue.pop(0)
                self.metrics.state("queued", -1)
            return

    def tx_updated(self, evse: EvseState, trigger: str) -> None:
        """An Updated message of the transaction running on ``evse``, with a reading now."""
        if evse.tx is not None:
            self.enqueue("updated", evse.tx, trigger, self.read(evse))

    def new_tx(
        self,
        evse: EvseState,
        token: str | None,
        remote_start_id: int | None,
        trigger: str | None = None,
    ) -> Tx:
        self._tx_counter += 1
        reading = self.read(evse)
        tx = Tx(
            id=f"{self.id}-{self.rng.getrandbits(32):08x}-{self._tx_counter}",
            evse_id=evse.id,
            id_token=token,
            started_at=self.clock.now(),
            meter_start_wh=reading.energy_wh,
            remote_start_id=remote_start_id,
        )
        held = evse.reservation
        if held is not None and held[1] == token:
            tx.reservation_id, evse.reservation = held[0], None
        evse.tx = tx
        evse.physics.suspend(False)
        self.apply_limits()
        trigger = trigger or ("Authorized" if token else "CablePluggedIn")
        self.enqueue("started", tx, trigger, reading)
        self.happened(evse, ConnectorEvent.TX_STARTED)
        self.spawn(self._sample(evse, tx))
        return tx

    async def _sample(self, evse: EvseState, tx: Tx) -> None:
        """Meter values of a running transaction at the configured interval. A meter samples
        on its own schedule: each sample is due an interval after the last one was due and
        bears that instant, so a busy event loop delays the message, not the reading, and the
        series never drifts."""
        due = self.clock.monotonic()
        while evse.tx is tx and not tx.stopped:
            interval = self.settings.meter_sample_interval or 60
            # A sample already overdue when the loop comes back (a long stall) is taken now.
            due = max(due + interval, self.clock.monotonic())
            await self.clock.sleep(due - self.clock.monotonic())
            if evse.tx is not tx or tx.stopped:
                return
            reading = self.read(evse, at=due)
            if reading.charging:
                self.happened(evse, ConnectorEvent.ENERGY_FLOWING)
            elif evse.plugged:
                self.happened(evse, ConnectorEvent.EV_SUSPENDED)
            if self.settings.meter_sample_interval:
                self.enqueue("updated", tx, "MeterValuePeriodic", reading, self.clock.at(due))

    def end_tx(self, evse: EvseState, reason: str, trigger: str = "StopAuthorized") -> None:
        tx = evse.tx
        if tx is None:
            return
        tx.stopped, tx.stop_reason = True, reason
        reading = self.read(evse)
        evse.physics.suspend(True)
        evse.tx = None
        self.adapter.profiles.transaction_ended(evse.id, tx.id)
        self.apply_limits()
        evse.authorized = None
        self.enqueue("ended", tx, trigger, reading)
        self.happened(evse, ConnectorEvent.TX_ENDED)
        if evse.pending_inoperative:
            evse.operative, evse.pending_inoperative = False, False
            self.happened(evse, ConnectorEvent.MADE_INOPERATIVE)

    # -- what a driver does -----------------------------------------------------------------

    async def plug_in(self, evse_id: int, ev: Ev) -> None:
        evse = self.evses[evse_id]
        self.advance(evse)
        evse.physics.plug(ev)
        evse.physics.suspend(True)
        if evse.authorized and evse.tx is None:
            self.new_tx(evse, evse.authorized, None, trigger="CablePluggedIn")
        elif evse.tx is None:
            self.happened(evse, ConnectorEvent.PLUGGED_IN)
            self.spawn(self._connection_timeout(evse, ev))

    async def _connection_timeout(self, evse: EvseState, ev: Ev) -> None:
        await self.clock.sleep(self.settings.connection_timeout or 120)
        if evse.physics.ev is not ev:
            return  # that EV left: a later plug-in has a timeout of its own
        if evse.tx is None and evse.authorized is None and evse.status is ConnectorStatus.PREPARING:
            self.happened(evse, ConnectorEvent.TIMED_OUT)

    async def present_card(self, evse_id: int, id_token: str) -> bool:
        """The driver holds a card to the reader of ``evse_id``: starts a session, or stops
        the one that card started."""
        evse = self.evses[evse_id]
        if evse.tx is not None:
            if evse.tx.id_token == id_token:
                self.end_tx(evse, "Local")
                return True
            if await self._same_group(evse.tx.id_token, id_token):
                evse.tx.stopped_by = id_token
                self.end_tx(evse, "Local")
                return True
            return False
        held = evse.reservation
        if held is not None and held[1] != id_token:
            # Reserved for someone else, unless for a group (1.6 parentIdTag) of this card:
            # then this card takes the reservation.
            group = self.adapter.reservation_groups.get(held[0])
            if group is None or not await self.authorize(id_token):
                return False
            if self.adapter.group_of(id_token) != group:
                return False
            evse.reservation = (held[0], id_token, held[2])
        elif not await self.authorize(id_token):
            return False
        evse.authorized = id_token  # a reservation for this card ends when the session starts
        if evse.physics.ev is not None:
            self.new_tx(evse, id_token, None)
        else:
            self.happened(evse, ConnectorEvent.AUTHORIZED)
            # No cable within the connection timeout: the authorization lapses.
            self.spawn(self._remote_wait(evse, id_token, None))
        return True

    async def _same_group(self, started_by: str | None, id_token: str) -> bool:
        """Another card of the group (1.6 parentIdTag, 2.x groupIdToken) of the one that
        started a session may stop it: asked only when the starting card has a group."""
        group = self.adapter.group_of(started_by) if started_by else None
        if group is None or not await self.authorize(id_token):
            return False
        return self.adapter.group_of(id_token) == group

    async def authorize(self, id_token: str) -> bool:
        local = self.adapter.local_authorization(id_token, self.clock.now())
        if local is not None and (self.link is None or self.settings.local_pre_authorize):
            return local
        if self.link is None:
            return bool(self.settings.allow_offline_tx_for_unknown_id)
        try:
            return await self.adapter.authorize(id_token)
        except (CallError, TimeoutError, Disconnected):
            return bool(self.settings.allow_offline_tx_for_unknown_id)

    async def stop_charging(self, evse_id: int, id_token: str | None = None) -> None:
        evse = self.evses[evse_id]
        if evse.tx is not None:
            self.end_tx(evse, "Local" if id_token else "EVDisconnected")

    async def unplug(self, evse_id: int) -> None:
        evse = self.evses[evse_id]
        if evse.tx is not None:
            self.end_tx(evse, "EVDisconnected", trigger="EVCommunicationLost")
        self.advance(evse)
        evse.physics.unplug()
        evse.authorized = None
        self.happened(evse, ConnectorEvent.UNPLUGGED)

    # -- what the CSMS asks (called by the adapters) -----------------------------------------

    def pick_evse(self, evse_id: int | None) -> EvseState | None:
        if evse_id:
            return self.evses.get(evse_id)
        return next(
            (e for e in self.evses.values() if e.tx is None and e.operative and not e.faulted),
            None,
        )

    def startable(self, evse_id: int | None, token: str) -> EvseState | None:
        """The EVSE a remote start for ``token`` would use (``evse_id``, or without the first
        free one); None when no session can start there."""
        evse = self.pick_evse(evse_id)
        if evse is None or evse.tx is not None or not evse.operative or evse.faulted:
            return None
        if evse.reservation is not None and evse.reservation[1] != token:
            return None  # reserved for someone else
        return evse

    def remote_start(self, evse_id: int | None, token: str, remote_start_id: int | None) -> bool:
        evse = self.startable(evse_id, token)
        if evse is None:
            return False
        evse.authorized = token
        if evse.physics.ev is not None:
            self.new_tx(evse, token, remote_start_id)
        else:
            self.happened(evse, ConnectorEvent.AUTHORIZED)
            self.spawn(self._remote_wait(evse, token, remote_start_id))
        return True

    async def _remote_wait(self, evse: EvseState, token: str, remote_start_id: int | None) -> None:
        deadline = self.clock.monotonic() + (self.settings.connection_timeout or 120)
        while self.clock.monotonic() < deadline:
            if evse.tx is not None:
                evse.tx.remote_start_id = remote_start_id
                return
            await self.clock.sleep(1)
        if evse.tx is None and evse.authorized == token:
            evse.authorized = None
            self.happened(evse, ConnectorEvent.TIMED_OUT)  # no cable came: Available

    def transaction(self, tx_id: str) -> EvseState | None:
        for evse in self.evses.values():
            tx = evse.tx
            if tx is not None and (tx.id == tx_id or str(tx.csms_id) == tx_id):
                return evse
        return None

    def remote_stop(self, tx_id: str) -> bool:
        evse = self.transaction(tx_id)
        if evse is None:
            return False
        self.end_tx(evse, "Remote", trigger="RemoteStop")
        return True

    def reset(self, hard: bool, *, boot_reason: str = "RemoteReset") -> None:
        """Stop every transaction, then reconnect and boot again (after the answer) with
        ``boot_reason`` (2.x: RemoteReset, PowerUp after a power cycle, FirmwareUpdate)."""

        async def later() -> None:
            await asyncio.sleep(0.05)
            for evse in self.evses.values():
                self.end_tx(evse, "HardReset" if hard else "SoftReset", trigger="ResetCommand")
            await self.clock.sleep(0.5)
            self.boot_reason = boot_reason
            self._rebooting = True
            if self.link is not None:
                await self.link.close()

        self.spawn(later())

    def change_availability(self, evse_id: int, operative: bool) -> str:
        targets = list(self.evses.values()) if evse_id == 0 else [self.evses[evse_id]]
        scheduled = False
        for evse in targets:
            if not operative and evse.tx is not None:
                evse.pending_inoperative = True
                scheduled = True
                continue
            evse.operative = operative
            evse.pending_inoperative = False
            if evse.tx is None and evse.reservation is None:
                made = (
                    ConnectorEvent.MADE_OPERATIVE if operative else ConnectorEvent.MADE_INOPERATIVE
                )
                self.happened(evse, made)
        return "Scheduled" if scheduled else "Accepted"

    def unlock(self, evse_id: int) -> str:
        evse = self.evses.get(evse_id)
        if evse is None:
            return "UnlockFailed"
        if evse.tx is not None:
            self.end_tx(evse, "UnlockCommand", trigger="UnlockCommand")
        return "Unlocked"

    def reserve(self, evse_id: int, reservation_id: int, token: str, expiry: datetime) -> str:
        """Hold an EVSE for ``token`` until ``expiry``: Accepted, Occupied, Faulted,
        Unavailable or Rejected, as both versions spell them."""
        evse = self.pick_evse(evse_id or None)
        if evse is None:
            return "Rejected"
        if evse.faulted:
            return "Faulted"
        if not evse.operative:
            return "Unavailable"
        held = evse.reservation
        if (
            evse.tx is not None
            or evse.physics.ev is not None
            or (held is not None and held[0] != reservation_id)
        ):
            return "Occupied"
        evse.reservation = (reservation_id, token, expiry)
        evse.authorized = None
        self.happened(evse, ConnectorEvent.RESERVED)
        self.spawn(self._expire(evse, reservation_id, expiry))
        return "Accepted"

    async def _expire(self, evse: EvseState, reservation_id: int, expiry: datetime) -> None:
        await self.clock.sleep(seconds_until(expiry, self.clock.now()))
        held = evse.reservation
        if held is not None and held[0] == reservation_id:
            evse.reservation = None
            self.happened(evse, ConnectorEvent.RESERVATION_ENDED)
            await self.adapter.reservation_ended(reservation_id, "Expired")

    def cancel_reservation(self, reservation_id: int) -> bool:
        for evse in self.evses.values():
            held = evse.reservation
            if held is not None and held[0] == reservation_id:
                evse.reservation = None
                self.happened(evse, ConnectorEvent.RESERVATION_ENDED)
                return True
        return False

    def apply_limits(self) -> None:
        """Cap every EVSE now: its charging profiles, and the station's shared power (a
        common cabinet or load balancing) split evenly over the EVSEs in a session."""
        now = self.clock.now()
        shared = self.spec.model.shared_max_power_kw
        busy = [e for e in self.evses.values() if e.tx is not None]
        share = shared * 1000 / len(busy) if shared and busy else None
        for evse in self.evses.values():
            tx = evse.tx
            limit = self.adapter.profiles.limit_w(
                evse.id,
                now,
                tx.id if tx else None,
                tx.started_at if tx else None,
                evse.physics.phases,
                evse.physics.voltage_v,
            )
            if share is not None:
                limit = share if limit is None else min(limit, share)
            self.advance(evse)
            evse.physics.set_limit_w(limit)

    # -- faults -----------------------------------------------------------------------------

    def _fault_tasks(self) -> list[asyncio.Task[Any]]:
        plan = self.faults
        tasks = []
        if plan.drop_every_s:
            tasks.append(asyncio.create_task(self._every(plan.drop_every_s, self._drop)))
        if plan.malformed_every_s:
            tasks.append(asyncio.create_task(self._every(plan.malformed_every_s, self._malformed)))
        if plan.faulted_every_s:
            tasks.append(asyncio.create_task(self._every(plan.faulted_every_s, self._fault)))
        if plan.meter_glitch_every_s:
            tasks.append(asyncio.create_task(self._every(plan.meter_glitch_every_s, self._glitch)))
        return tasks

    async def _every(self, seconds: float, action: Callable[[], Awaitable[None]]) -> None:
        while True:
            await self.clock.sleep(self.rng.uniform(0.5, 1.5) * seconds)
            await action()

    async def _drop(self) -> None:
        self.metrics.event("fault:drop")
        self.go_offline(self.faults.outage_s)

    def go_offline(self, seconds: float) -> None:
        """The network fails: the connection drops without a close frame and stays down for
        ``seconds`` (simulated) before the station tries again."""
        self._offline_until = self.clock.monotonic() + seconds
        if self.link is not None:
            self.link.abort()

    def restore_network(self) -> None:
        """The network is back (after go_offline or lose_power): reconnect now."""
        self._offline_until = 0.0

    def lose_power(self, *, backup: bool) -> None:
        """The power fails. With ``backup`` power the station first stops its transactions
        (PowerLoss) and reports that, then goes down until restore_network(); without, it
        goes down at once, boots again (PowerUp) two seconds later and only then reports the
        transactions stopped."""
        # Down until restored (or, without backup, just the reboot): set now, so that a
        # restore_network() while the station is still going down counts.
        self._offline_until = float("inf") if backup else 0.0

        async def down() -> None:
            if backup:
                for evse in self.evses.values():
                    self.end_tx(evse, "PowerLoss", trigger="AbnormalCondition")
                deadline = self.clock.monotonic() + 10
                # The queue has no event to wait for.
                while self.queue and self.link and self.clock.monotonic() < deadline:  # noqa: ASYNC110
                    await asyncio.sleep(0.05)
                await asyncio.sleep(0.2)  # the status notifications: tasks of their own
            self.boot_reason = "PowerUp"
            self._rebooting = True
            link = self.link
            if link is not None:
                link.abort()
            while self.link is link and link is not None:  # noqa: ASYNC110
                await asyncio.sleep(0.01)
            for evse in self.evses.values():
                self.end_tx(evse, "PowerLoss", trigger="AbnormalCondition")

        self.spawn(down())

    async def _malformed(self) -> None:
        self.metrics.event("fault:malformed")
        if self.link is not None:
            await self.link.send_raw(self.rng.choice(_MALFORMED))

    async def _fault(self) -> None:
        evse = self.rng.choice(list(self.evses.values()))
        self.metrics.event("fault:faulted")
        if evse.tx is not None:
            self.end_tx(evse, "Other", trigger="AbnormalCondition")
        self.fault(evse)
        await self.clock.sleep(self.rng.uniform(30, 300))
        self.clear_fault(evse)

    async def _glitch(self) -> None:
        self.metrics.event("fault:glitch")
        evse = self.rng.choice(list(self.evses.values()))
        evse.physics.glitch(self.rng.choice(("spike", "freeze")))


_MALFORMED = (
    "not json at all",
    '[2, "x"]',
    '{"not": "an array"}',
    '[9, "1", "Heartbeat", {}]',
)


def seconds_until(when: datetime, now: datetime) -> float:
    return max(0.0, (when - now) / timedelta(seconds=1))
