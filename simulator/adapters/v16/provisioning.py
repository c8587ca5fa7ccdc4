"""1.6 provisioning: BootNotification, Heartbeat, Reset, and the configuration keys
(Get/ChangeConfiguration, with the security extension's AuthorizationKey and
SecurityProfile)."""

from __future__ import annotations

from simulator.adapters.shared import Payload, in_order
from simulator.adapters.v16.base import Base16

_WRITE_ONLY = ("AuthorizationKey",)  # security extension: never read back


class Provisioning(Base16):
    async def boot(self, reason: str) -> tuple[str, int]:
        model = self.model
        answer = await self.call(
            "BootNotification",
            {
                "chargePointVendor": model.vendor[:20],
                "chargePointModel": model.model[:20],
                "chargePointSerialNumber": self.station.id[:25],
                "firmwareVersion": model.firmware[:50],
                "meterType": model.meter_type[:25],
            },
        )
        interval = int(answer.get("interval") or 0)
        if answer["status"] == "Accepted":
            # 1.6 §4.2: the interval of an accepted boot is the heartbeat interval.
            if interval > 0:
                self.settings.heartbeat_interval = interval
                self.station.retime()
            jobs, self.after_boot = self.after_boot, []
            if jobs:
                self.station.spawn(in_order(1.0, jobs))
        return answer["status"], interval

    async def heartbeat(self) -> None:
        await self.call("Heartbeat", {})

    async def on_Reset(self, p: Payload) -> Payload:
        self.station.reset(hard=p["type"] == "Hard")
        return {"status": "Accepted"}

    async def on_GetConfiguration(self, p: Payload) -> Payload:
        wanted = [k for k in p.get("key") or [] if k not in _WRITE_ONLY]
        write_only = [k for k in p.get("key") or [] if k in _WRITE_ONLY]
        if p.get("key") and not wanted:
            known: list[dict] = []
            unknown: list[str] = []
        else:
            known, unknown = self.config.get(wanted)
        answer: Payload = {"configurationKey": known}
        if unknown or write_only:
            answer["unknownKey"] = unknown + write_only
        return answer

    async def on_ChangeConfiguration(self, p: Payload) -> Payload:
        key, value = p["key"], p["value"]
        if key == "AuthorizationKey":
            # Security whitepaper: a new Basic Auth password (16 to 40 characters).
            if not 16 <= len(value) <= 40:
                return {"status": "Rejected"}
            self.station.change_password(value)
            return {"status": "Accepted"}
        if key == "SecurityProfile":
            try:
                wanted = int(value)
            except ValueError:
                return {"status": "Rejected"}
            # Security whitepaper: never lower; above 1 needs TLS, which this link lacks.
            current = self.settings.security_profile
            if wanted < current or (wanted >= 2 and not self.station.url.startswith("wss")):
                return {"status": "Rejected"}
        status = self.config.change(key, value)
        if status == "Accepted" and key in ("HeartbeatInterval", "ClockAlignedDataInterval"):
            self.station.retime()
        return {"status": status}
