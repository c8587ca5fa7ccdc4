"""2.x remote control: Request(Start|Stop)Transaction (F01-F03), UnlockConnector (F05) and
TriggerMessage (F06)."""

from __future__ import annotations

from simulator import smart_charging
from simulator.adapters.shared import Payload, after_answer
from simulator.adapters.v201.base import Base201


class RemoteControl(Base201):
    async def on_RequestStartTransaction(self, p: Payload) -> Payload:
        station = self.station
        if station.registration != "Accepted":
            return {"status": "Rejected"}  # B02: no transaction while Pending
        token, remote_id = p["idToken"]["idToken"], p["remoteStartId"]
        evse = station.startable(p.get("evseId"), token)
        if evse is None:
            return {"status": "Rejected"}
        if "chargingProfile" in p:
            self.profiles.install(smart_charging.from_v201(p["chargingProfile"], evse.id))
        # The transaction may start later (cable plugged in): it carries remoteStartId then.
        deadline = self.clock.monotonic() + (self.settings.connection_timeout or 120)
        self.remote_ids[evse.id] = (remote_id, token, deadline)
        if self.settings.authorize_remote_tx_requests:
            # F02: AuthorizeRemoteStart: the idToken is authorized first, after the answer.
            async def authorize_then_start() -> None:
                if await station.authorize(token):
                    station.remote_start(evse.id, token, remote_id)

            station.spawn(after_answer(authorize_then_start))
            return {"status": "Accepted"}
        ok = station.remote_start(evse.id, token, remote_id)
        return {"status": "Accepted" if ok else "Rejected"}

    async def on_RequestStopTransaction(self, p: Payload) -> Payload:
        if self.station.registration != "Accepted":
            return {"status": "Rejected"}
        ok = self.station.remote_stop(p["transactionId"])
        return {"status": "Accepted" if ok else "Rejected"}

    async def on_UnlockConnector(self, p: Payload) -> Payload:
        evse = self.station.evses.get(p["evseId"])
        if evse is None or p["connectorId"] not in evse.connector_ids:
            return {"status": "UnknownConnector"}
        if evse.tx is not None:
            return {"status": "OngoingAuthorizedTransaction"}
        return {"status": self.station.unlock(p["evseId"])}

    async def on_TriggerMessage(self, p: Payload) -> Payload:
        what = p["requestedMessage"]
        evse_id = (p.get("evse") or {}).get("id")
        if what == "BootNotification" and self.station.registration == "Accepted":
            return {"status": "Rejected"}  # F06.FR.17: already accepted
        jobs = {
            "BootNotification": self.triggered_boot,
            "Heartbeat": self.heartbeat,
            "StatusNotification": lambda: self.send_statuses(evse_id),
            "MeterValues": lambda: self.send_meter_values_now(evse_id),
            "FirmwareStatusNotification": lambda: self.firmware_status(*self.firmware_state),
            "LogStatusNotification": lambda: self.log_status(*self.log_state),
            "TransactionEvent": lambda: self._tx_now(evse_id),
        }
        return self.trigger(jobs, what, evse_id)

    async def _tx_now(self, evse_id: int | None) -> None:
        """A triggered TransactionEvent (Updated) of each transaction asked for."""
        for evse in self.station.evses_for(evse_id):
            self.station.tx_updated(evse, "Trigger")
