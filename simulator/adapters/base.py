"""What both version adapters share: the station's settings, authorization lists and
charging profiles, triggered messages, and the dispatch of the CSMS's CALLs to handler
methods named ``on_<Action>``.

An adapter is the only part of a station that knows its OCPP version (like the CSMS's
``csms/protocol`` handlers); :class:`simulator.station.Station` never branches on it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ocppj.rpc import ErrorKind, RpcError
from ocppj.versions import OcppVersion
from simulator.adapters.shared import ENERGY, Job, Payload, after_answer
from simulator.auth_lists import AuthCache, AuthInfo, LocalAuthList
from simulator.physics import Reading
from simulator.smart_charging import ProfileStore, RateUnit, Rules
from simulator.station_config import StationSettings
from simulator.transport import NoAnswer

if TYPE_CHECKING:
    from simulator.station import EvseState, Queued, Station, StationSpec


class Adapter:
    """The parts of an adapter that do not depend on the version."""

    version: OcppVersion
    settings: StationSettings  # made by each version's adapter
    profiles: ProfileStore

    def __init__(self, station: Station, spec: StationSpec) -> None:
        self.station = station
        self.clock = station.clock
        self.model = spec.model
        self.local_list = LocalAuthList()
        self.cache = AuthCache()
        self.certificates: dict[str, str] = {}
        self.groups: dict[str, str] = {}  # token -> its group, as the CSMS answered
        self.reservation_groups: dict[int, str] = {}  # reservation id -> the group it holds for

    def group_of(self, id_token: str) -> str | None:
        """The group of a token (1.6 parentIdTag, 2.x groupIdToken), when the CSMS or the
        local list said."""
        return self.groups.get(id_token)

    async def call(self, action: str, payload: Payload) -> Payload:
        """A CALL to the CSMS over the station's link."""
        return await self.station.call(action, payload)

    # -- the CSMS's CALLs -------------------------------------------------------------------

    async def handle(self, action: str, payload: Payload) -> Payload:
        faults = self.station.faults
        if action in faults.never_answer:
            raise NoAnswer()
        if faults.answer_delay_s:
            await self.clock.sleep(faults.answer_delay_s)
        if action in faults.callerror_on:
            raise RpcError(ErrorKind.INTERNAL, f"{action} failed (injected fault)")
        handler: Callable[[Payload], Awaitable[Payload]] | None = getattr(
            self, f"on_{action}", None
        )
        if handler is None:
            raise RpcError(ErrorKind.NOT_SUPPORTED, f"{action} is not supported by this station")
        return await handler(payload)

    # Answered alike by both versions.

    async def on_DataTransfer(self, p: Payload) -> Payload:
        return {"status": "UnknownVendorId"}

    async def on_CancelReservation(self, p: Payload) -> Payload:
        ok = self.station.cancel_reservation(p["reservationId"])
        return {"status": "Accepted" if ok else "Rejected"}

    def local_authorization(self, id_token: str, now: datetime) -> bool | None:
        """From the local list, then the cache, when enabled; None when neither knows."""
        settings = self.settings
        if settings.local_auth_list_enabled:
            found = self.local_list.lookup(id_token, now)
            if found is not None:
                return found == "Accepted"
        if settings.auth_cache_enabled:
            found = self.cache.lookup(id_token, now)
            if found is not None:
                return found == "Accepted"
        return None

    def remember(self, id_token: str, status: str, expiry: datetime | None) -> None:
        if self.settings.auth_cache_enabled:
            self.cache.store(id_token, AuthInfo(status, expiry), self.clock.now())

    def profile_store(self, settings: StationSettings) -> ProfileStore:
        """Charging profiles, with the rules of this adapter's version; a TxProfile binds to
        the transaction running on its EVSE."""

        def active_tx(evse_id: int) -> str | None:
            evse = self.station.evses.get(evse_id)
            return evse.tx.id if evse is not None and evse.tx is not None else None

        rules: Rules = OcppVersion.V16 if self.version == OcppVersion.V16 else OcppVersion.V201
        return ProfileStore(settings, active_tx=active_tx, rules=rules)

    def measurands(self, context: str) -> tuple[str, ...]:
        settings = self.settings
        if context == "Sample.Clock":
            return settings.aligned_measurands or (ENERGY,)
        return settings.sampled_measurands or (ENERGY,)

    def composite(self, evse_id: int, duration_s: int, unit: RateUnit) -> dict[str, Any] | None:
        """The composite schedule of ``evse_id`` (0: the station) from now; None for an
        EVSE the station does not have."""
        station = self.station
        if evse_id and evse_id not in station.evses:
            return None
        evse = station.evses.get(evse_id) or next(iter(station.evses.values()))
        tx = evse.tx
        return self.profiles.composite(
            evse_id,
            self.clock.now(),
            duration_s,
            unit,
            evse.physics.phases,
            evse.physics.voltage_v,
            tx.id if tx else None,
            tx.started_at if tx else None,
        )

    # -- triggered messages ---------------------------------------------------------------

    def trigger(self, jobs: Mapping[str, Job], what: str, evse_id: int | None) -> Payload:
        """TriggerMessage: the job for ``what`` runs once the answer is out."""
        job = jobs.get(what)
        if job is None:
            return {"status": "NotImplemented"}
        if evse_id is not None and evse_id not in self.station.evses:
            return {"status": "Rejected"}
        self.station.spawn(after_answer(job))
        return {"status": "Accepted"}

    async def send_statuses(self, evse_id: int | None) -> None:
        """StatusNotification for one EVSE, or all (TriggerMessage)."""
        for evse in self.station.evses_for(evse_id):
            await self.status(evse)

    async def send_meter_values_now(self, evse_id: int | None) -> None:
        """MeterValues now for one EVSE, or all (TriggerMessage)."""
        for evse in self.station.evses_for(evse_id):
            await self.meter_values(evse, evse.tx, self.station.read(evse), "Trigger")

    # -- what each version's blocks provide (the station calls these) ----------------------

    async def boot(self, reason: str) -> tuple[str, int]:  # pragma: no cover - abstract
        """BootNotification: the registration status and the heartbeat interval."""
        raise NotImplementedError

    async def heartbeat(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    async def authorize(self, id_token: str) -> bool:  # pragma: no cover - abstract
        raise NotImplementedError

    async def meter_values(
        self, evse: EvseState, tx: Any, reading: Reading, context: str
    ) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    async def reservation_ended(self, reservation_id: int, why: str) -> None:
        """1.6 says nothing when a reservation expires; 2.x overrides this."""

    async def send_queued(self, item: Queued) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    async def status(self, evse: EvseState) -> None:  # pragma: no cover - abstract
        raise NotImplementedError
