"""1.6 remote control: RemoteStart/StopTransaction, UnlockConnector, and TriggerMessage
(with the security extension's ExtendedTriggerMessage)."""

from __future__ import annotations

from simulator import smart_charging
from simulator.adapters.shared import Payload
from simulator.adapters.v16.base import Base16


class RemoteControl(Base16):
    async def on_RemoteStartTransaction(self, p: Payload) -> Payload:
        profile = p.get("chargingProfile")
        if profile is not None and profile.get("chargingProfilePurpose") != "TxProfile":
            return {"status": "Rejected"}  # 1.6 §5.11: only a TxProfile goes with a start
        connector = p.get("connectorId")
        if connector is not None and connector not in self.station.evses:
            return {"status": "Rejected"}  # connector 0 (the whole station) or unknown
        ok = self.station.remote_start(connector, p["idTag"], None)
        if ok and profile is not None:
            evse_id = connector or 1
            self.profiles.install(smart_charging.from_v16(profile, evse_id))
            self.station.apply_limits()
        return {"status": "Accepted" if ok else "Rejected"}

    async def on_RemoteStopTransaction(self, p: Payload) -> Payload:
        ok = self.station.remote_stop(str(p["transactionId"]))
        return {"status": "Accepted" if ok else "Rejected"}

    async def on_UnlockConnector(self, p: Payload) -> Payload:
        connector = p["connectorId"]
        if connector not in self.station.evses or self.station.tethered:
            return {"status": "NotSupported"}  # no such connector, or a fixed cable
        if connector in self.broken_locks:
            return {"status": "UnlockFailed"}
        return {"status": self.station.unlock(connector)}

    async def on_TriggerMessage(self, p: Payload) -> Payload:
        evse_id = p.get("connectorId")
        jobs = {
            "BootNotification": lambda: self.boot("Triggered"),
            "Heartbeat": self.heartbeat,
            "StatusNotification": lambda: self.send_statuses(evse_id),
            "MeterValues": lambda: self.send_meter_values_now(evse_id),
            "FirmwareStatusNotification": lambda: self.firmware_status("Idle"),
            "DiagnosticsStatusNotification": lambda: self.diagnostics_status("Idle"),
        }
        return self.trigger(jobs, p["requestedMessage"], evse_id)

    async def on_ExtendedTriggerMessage(self, p: Payload) -> Payload:
        evse_id = p.get("connectorId")
        jobs = {
            "BootNotification": lambda: self.boot("Triggered"),
            "Heartbeat": self.heartbeat,
            "StatusNotification": lambda: self.send_statuses(evse_id),
            "MeterValues": lambda: self.send_meter_values_now(evse_id),
            "FirmwareStatusNotification": lambda: self.signed_firmware_status("Idle", None),
            "LogStatusNotification": lambda: self.log_status("Idle", None),
            "SignChargePointCertificate": self.sign_certificate,
        }
        return self.trigger(jobs, p["requestedMessage"], evse_id)
