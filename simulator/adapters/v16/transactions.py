"""1.6 transactions: StartTransaction, MeterValues and StopTransaction, each from the
offline queue in order (one sender per kind of queued message), and meter values outside
a transaction."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from simulator.adapters.shared import Payload, iso, sampled
from simulator.adapters.v16.base import Base16

if TYPE_CHECKING:
    from simulator.station import EvseState, Queued

_STOP_REASONS = {
    "Local": "Local",
    "Remote": "Remote",
    "EVDisconnected": "EVDisconnected",
    "HardReset": "HardReset",
    "SoftReset": "SoftReset",
    "UnlockCommand": "UnlockCommand",
    "DeAuthorized": "DeAuthorized",
    "PowerLoss": "PowerLoss",
    "Reboot": "Reboot",
    "EmergencyStop": "EmergencyStop",
    "Other": "Other",
}


class Transactions(Base16):
    async def meter_values(self, evse: EvseState, tx: Any, reading: Any, context: str) -> None:
        now = self.clock.now()
        aligned = self.settings.clock_aligned_interval
        if context == "Sample.Clock" and aligned:
            # A clock-aligned value bears the time of its interval boundary.
            now = datetime.fromtimestamp(round(now.timestamp() / aligned) * aligned, now.tzinfo)
        payload: Payload = {
            "connectorId": evse.id,
            "meterValue": [
                {
                    "timestamp": iso(now),
                    "sampledValue": sampled(reading, self.measurands(context), context),
                }
            ],
        }
        tx = tx if tx is not None else evse.tx  # clock-aligned values during a session
        if tx is not None and tx.csms_id is not None:
            payload["transactionId"] = tx.csms_id
        await self.call("MeterValues", payload)

    async def send_queued(self, item: Queued) -> None:
        if item.kind != "started" and item.tx.csms_id is None:
            return  # the start was never accepted: nothing the CSMS could attach this to
        await _SENDERS[item.kind](self, item)

    async def _start(self, item: Queued) -> None:
        tx, station = item.tx, self.station
        request: Payload = {
            "connectorId": tx.evse_id,
            "idTag": tx.id_token or "",
            "meterStart": tx.meter_start_wh,
            "timestamp": iso(tx.started_at),
        }
        if tx.reservation_id is not None:
            request["reservationId"] = tx.reservation_id
        answer = await self.call("StartTransaction", request)
        tx.csms_id = int(answer["transactionId"])
        info = answer["idTagInfo"]
        if tx.id_token:
            self.learn(tx.id_token, info)
        evse = station.evse_of(tx)
        if info["status"] != "Accepted" and evse.tx is tx:
            if self.settings.stop_tx_on_invalid_id:
                station.end_tx(evse, "DeAuthorized")
            else:
                # StopTransactionOnInvalidId false: the transaction goes on, the energy
                # does not (the id is not valid).
                station.withhold_energy(evse)

    async def _update(self, item: Queued) -> None:
        tx, context = item.tx, "Sample.Periodic"
        assert item.reading is not None
        await self.call(
            "MeterValues",
            {
                "connectorId": tx.evse_id,
                "transactionId": tx.csms_id,
                "meterValue": [
                    {
                        "timestamp": iso(item.at),
                        "sampledValue": sampled(item.reading, self.measurands(context), context),
                    }
                ],
            },
        )

    async def _stop(self, item: Queued) -> None:
        tx = item.tx
        assert item.reading is not None
        payload: Payload = {
            "transactionId": tx.csms_id,
            "meterStop": item.reading.energy_wh,
            "timestamp": iso(item.at),
            "reason": _STOP_REASONS.get(tx.stop_reason or "Local", "Other"),
        }
        if tx.id_token and tx.stop_reason == "Local":
            payload["idTag"] = tx.stopped_by or tx.id_token
        await self.call("StopTransaction", payload)


_SENDERS: dict[str, Callable[[Transactions, Queued], Awaitable[None]]] = {
    "started": Transactions._start,
    "updated": Transactions._update,
    "ended": Transactions._stop,
}
