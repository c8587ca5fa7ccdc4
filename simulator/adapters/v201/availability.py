"""2.x availability: StatusNotification per connector (G01; after a short outage only the
changes, B04), the EVSE availability the device model reports, and ChangeAvailability
(G03/G04)."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from simulator.adapters.shared import Payload, iso
from simulator.adapters.v201.base import Base201
from simulator.connector_status import charging_state, connector_status_201
from simulator.transport import CallError

if TYPE_CHECKING:
    from simulator.station import EvseState

log = logging.getLogger(__name__)


class Availability(Base201):
    def availability(self, evse_id: int, connector_id: int | None) -> str:
        """AvailabilityState of the device model's EVSE (0: the station)."""
        evses = self.station.evses
        if evse_id == 0:
            return "Available" if any(e.operative for e in evses.values()) else "Unavailable"
        evse = evses.get(evse_id)
        if evse is None:
            return "Unavailable"
        return connector_status_201(evse.status)

    async def status(self, evse: EvseState, *, force: bool = False) -> None:
        """StatusNotification of each connector of ``evse`` whose status changed since the
        last one sent; after a boot, or an outage longer than OfflineThreshold, of every
        connector (B04); ``force`` (TriggerMessage) sends it anyway."""
        station = self.station
        tx = evse.tx
        if tx is not None and station.online:
            # E01/E02: a change of the charging state is a TransactionEvent of its own.
            state = charging_state(evse.status)
            last = self.charging_states.get(tx.id)
            if state is not None and last is not None and state != last:
                self.charging_states[tx.id] = state
                station.tx_updated(evse, "ChargingStateChanged")
        if not station.online and self.batch_link is not station.link:
            # The first status after (re)connecting: all of them, or only the changes.
            self.batch_link = station.link
            offline_s = self.clock.monotonic() - self.last_contact
            threshold = int(self.device_model.value("OCPPCommCtrlr", "OfflineThreshold") or 0)
            self.resend_all = self.booted_link is station.link or offline_s > threshold
            station.spawn(self._catch_up(station.link))
        for connector in evse.connector_ids:
            value = connector_status_201(evse.status, plugged=evse.plugged)
            key = (evse.id, connector)
            unchanged = self.sent_status.get(key) == value
            if unchanged and not force and (station.online or not self.resend_all):
                continue
            before = self.sent_status.get(key)
            self.sent_status[key] = value  # so a change racing this one is not sent twice
            try:
                await self.call(
                    "StatusNotification",
                    {
                        "timestamp": iso(self.clock.now()),
                        "connectorStatus": value,
                        "evseId": evse.id,
                        "connectorId": connector,
                    },
                )
            except BaseException as error:
                if self.sent_status.get(key) == value:
                    self.sent_status[key] = before  # not delivered: still to send
                if not isinstance(error, CallError | TimeoutError):
                    raise  # the link is gone or the station stops: so are the others
                # Counted by the link; one refused connector must not leave the station's
                # other connectors unreported.
                log.debug("%s: StatusNotification %d/%d: %r", station.id, evse.id, connector, error)

    async def _catch_up(self, link: Any) -> None:
        """A status that changed while the station was still booting (after its status went
        out, before it counted as online) is sent once it is online."""
        station = self.station
        for _ in range(100):
            if station.online or station.link is not link:
                break
            await asyncio.sleep(0.05)
        if station.online and station.link is link:
            for evse in station.evses.values():
                await self.status(evse)

    async def send_statuses(self, evse_id: int | None) -> None:
        """Triggered StatusNotifications: sent whether or not anything changed."""
        for evse in self.station.evses_for(evse_id):
            await self.status(evse, force=True)

    async def on_ChangeAvailability(self, p: Payload) -> Payload:
        evse_id = (p.get("evse") or {}).get("id", 0)
        if evse_id and evse_id not in self.station.evses:
            return {"status": "Rejected"}
        operative = p["operationalStatus"] == "Operative"
        return {"status": self.station.change_availability(evse_id, operative)}
