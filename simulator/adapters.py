"""What both version adapters share: the station's settings, authorization lists and
charging profiles, sampled values from physics readings, firmware and log progressions,
and the dispatch of the CSMS's CALLs to handler methods named ``on_<Action>``.

An adapter is the only part of a station that knows its OCPP version (like the CSMS's
``csms/protocol`` handlers); :class:`simulator.station.Station` never branches on it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ocppj.rpc import ErrorKind, RpcError
from ocppj.versions import OcppVersion
from simulator.auth_lists import AuthCache, AuthInfo, LocalAuthList
from simulator.physics import Reading
from simulator.settings import StationSettings
from simulator.smart_charging import ProfileStore
from simulator.transport import NoAnswer

if TYPE_CHECKING:
    from simulator.station import EvseState, Queued, Station, StationSpec

Payload = dict[str, Any]

ENERGY = "Energy.Active.Import.Register"
POWER = "Power.Active.Import"
CURRENT = "Current.Import"
VOLTAGE = "Voltage"
SOC = "SoC"
PHASES = ("L1", "L2", "L3")


def iso(moment: datetime) -> str:
    """UTC, millisecond precision, with Z: what every CSMS parses."""
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def sampled(reading: Reading, measurands: tuple[str, ...], context: str) -> list[Payload]:
    """Neutral sampled values (1.6 shape: value as a string, unit); 2.x adapts them."""
    out: list[Payload] = []
    for measurand in measurands:
        if measurand == ENERGY:
            out.append({"value": str(reading.energy_wh), "measurand": ENERGY, "unit": "Wh"})
        elif measurand == POWER:
            out.append({"value": f"{reading.power_w:.1f}", "measurand": POWER, "unit": "W"})
        elif measurand in (CURRENT, VOLTAGE):
            values = reading.current_a if measurand == CURRENT else reading.voltage_v
            unit = "A" if measurand == CURRENT else "V"
            for phase, value in zip(PHASES, values, strict=False):
                item = {"value": f"{value:.2f}", "measurand": measurand, "unit": unit}
                if len(values) > 1:
                    item["phase"] = phase if measurand == CURRENT else f"{phase}-N"
                out.append(item)
        elif measurand == SOC and reading.soc is not None:
            out.append({"value": f"{reading.soc * 100:.1f}", "measurand": SOC, "unit": "Percent"})
    for item in out:
        item["context"] = context
        item.setdefault("location", "Outlet")
    return out


class Adapter:
    """The parts of an adapter that do not depend on the version."""

    version: OcppVersion

    def __init__(self, station: Station, spec: StationSpec) -> None:
        self.station = station
        self.local_list = LocalAuthList()
        self.cache = AuthCache()
        self.certificates: dict[str, str] = {}
        self.groups: dict[str, str] = {}  # token -> its group, as the CSMS answered
        self.reservation_groups: dict[int, str] = {}  # reservation id -> the group it holds for

    def group_of(self, id_token: str) -> str | None:
        """The group of a token (1.6 parentIdTag, 2.x groupIdToken), when the CSMS or the
        local list said."""
        return self.groups.get(id_token)

    # -- the CSMS's CALLs -------------------------------------------------------------------

    async def handle(self, action: str, payload: Payload) -> Payload:
        faults = self.station.faults
        if action in faults.never_answer:
            raise NoAnswer()
        if faults.answer_delay_s:
            await self.station.clock.sleep(faults.answer_delay_s)
        if action in faults.callerror_on:
            raise RpcError(ErrorKind.INTERNAL, f"{action} failed (injected fault)")
        handler: Callable[[Payload], Awaitable[Payload]] | None = getattr(
            self, f"on_{action}", None
        )
        if handler is None:
            raise RpcError(ErrorKind.NOT_SUPPORTED, f"{action} is not supported by this station")
        return await handler(payload)

    def local_authorization(self, id_token: str, now: datetime) -> bool | None:
        """From the local list, then the cache, when enabled; None when neither knows."""
        settings = self.station.settings
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
        if self.station.settings.auth_cache_enabled:
            self.cache.store(id_token, AuthInfo(status, expiry), self.station.clock.now())

    def profile_store(self, settings: StationSettings) -> ProfileStore:
        """Charging profiles, with the rules of this adapter's version; a TxProfile binds to
        the transaction running on its EVSE."""

        def active_tx(evse_id: int) -> str | None:
            evse = self.station.evses.get(evse_id)
            return evse.tx.id if evse is not None and evse.tx is not None else None

        rules = OcppVersion.V16 if self.version == OcppVersion.V16 else OcppVersion.V201
        return ProfileStore(settings, active_tx=active_tx, rules=rules)

    def measurands(self, context: str) -> tuple[str, ...]:
        settings = self.station.settings
        if context == "Sample.Clock":
            return settings.aligned_measurands or (ENERGY,)
        return settings.sampled_measurands or (ENERGY,)

    def composite(self, evse_id: int, duration_s: int, unit: str) -> dict[str, Any] | None:
        """The composite schedule of ``evse_id`` (0: the station) from now; None for an
        EVSE the station does not have."""
        station = self.station
        if evse_id and evse_id not in station.evses:
            return None
        evse = station.evses.get(evse_id) or next(iter(station.evses.values()))
        tx = evse.tx
        return self.profiles.composite(
            evse_id,
            station.clock.now(),
            duration_s,
            unit,
            evse.physics.phases,
            evse.physics.voltage_v,
            tx.id if tx else None,
            tx.started_at if tx else None,
        )

    # -- triggered messages ---------------------------------------------------------------

    async def _statuses(self, evse_id: int | None) -> None:
        """StatusNotification for one EVSE, or all (TriggerMessage)."""
        for evse in self.station.evses.values():
            if evse_id in (None, evse.id):
                await self.status(evse)

    async def _meter_now(self, evse_id: int | None) -> None:
        """MeterValues now for one EVSE, or all (TriggerMessage)."""
        for evse in self.station.evses.values():
            if evse_id in (None, evse.id):
                await self.meter_values(evse, evse.tx, self.station.read(evse), "Trigger")

    async def meter_values(
        self, evse: EvseState, tx: Any, reading: Reading, context: str
    ) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    # -- progressions that take a while -----------------------------------------------------

    def progress(
        self,
        steps: tuple[str, ...],
        notify: Callable[[str], Awaitable[None]],
        *,
        step_s: float = 5.0,
        then: Callable[[], None] | None = None,
    ) -> None:
        """Send ``notify(status)`` for each of ``steps``, ``step_s`` apart, in the
        background (firmware Downloading -> ... -> Installed; logs Uploading -> Uploaded)."""

        async def run() -> None:
            for status in steps:
                await self.station.clock.sleep(step_s)
                try:
                    await notify(status)
                except Exception:  # the link dropped: a real station gives up too
                    return
            if then is not None:
                then()

        self.station.spawn(run())

    async def reservation_ended(self, reservation_id: int, why: str) -> None:
        """1.6 says nothing when a reservation expires; 2.x overrides this."""

    async def send_queued(self, item: Queued) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    async def status(self, evse: EvseState) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


def adapter_for(station: Station, spec: StationSpec) -> Adapter:
    if spec.version == OcppVersion.V16:
        from simulator.v16 import Adapter16

        return Adapter16(station, spec)
    from simulator.v201 import Adapter201

    return Adapter201(station, spec)


async def later(seconds: float, job: Callable[[], Awaitable[Any]]) -> None:
    await asyncio.sleep(seconds)
    await job()
