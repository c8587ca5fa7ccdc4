"""2.x provisioning: BootNotification (B01-B03, and a triggered one while Pending),
Heartbeat, Reset (B11/B12) and the connection profiles it switches to (SetNetworkProfile,
B09)."""

from __future__ import annotations

import asyncio

from simulator.adapters.shared import Payload, in_order
from simulator.adapters.v201.base import Base201

_NETWORK_SLOTS = (0, 1)  # OCPPCommCtrlr.NetworkConfigurationPriority may name these


class Provisioning(Base201):
    async def boot(self, reason: str) -> tuple[str, int]:
        model = self.model
        answer = await self.call(
            "BootNotification",
            {
                "chargingStation": {
                    "model": model.model[:20],
                    "vendorName": model.vendor[:50],
                    "serialNumber": self.station.id[:25],
                    "firmwareVersion": model.firmware[:50],
                },
                "reason": reason,
            },
        )
        status, interval = answer["status"], int(answer.get("interval") or 0)
        if status == "Accepted":
            # B01.FR.04: the heartbeat interval is the one the CSMS gives.
            if interval > 0:
                self.settings.heartbeat_interval = interval
            self.booted_link = self.station.link
            jobs, self.after_boot = self.after_boot, []
            if jobs:
                self.station.spawn(in_order(1.0, jobs))
        return status, interval

    async def triggered_boot(self) -> None:
        """A BootNotification the CSMS asked for while Pending: Accepted ends the wait."""
        status, _ = await self.boot("Triggered")
        station = self.station
        if station.registered(status):
            for evse in station.evses.values():
                await self.status(evse)
            self.resend_all = False  # the boot loop, when it wakes, has nothing to repeat
            station.online = True  # status changes and transactions go out from now on

    async def heartbeat(self) -> None:
        await self.call("Heartbeat", {})

    async def on_Reset(self, p: Payload) -> Payload:
        if p.get("evseId") is not None:
            # B11.FR.10/B12.FR.09: resetting one EVSE is not supported by this station.
            return {"status": "Rejected"}
        if p["type"] == "OnIdle" and self.station.busy:
            # B12.FR.01: reset once the last transaction has ended.
            if not self.reset_waiting:
                self.reset_waiting = True
                self.station.spawn(self._reset_when_idle())
            return {"status": "Scheduled"}
        self._network_after_reboot()
        self.station.reset(hard=p["type"] == "Immediate")
        return {"status": "Accepted"}

    async def _reset_when_idle(self) -> None:
        while self.station.busy:  # noqa: ASYNC110
            await asyncio.sleep(0.1)
        await asyncio.sleep(0.5)  # the Ended event goes out first
        self.reset_waiting = False
        self._network_after_reboot()
        self.station.reset(hard=False)

    async def on_SetNetworkProfile(self, p: Payload) -> Payload:
        """B09: a connection profile for a slot. This station speaks OCPP 2.0.1 JSON over
        ws:// with HTTP Basic auth (security profile 1): a profile it could not use, a lower
        security profile, or a slot it does not have is Rejected."""
        slot, profile = p["configurationSlot"], p["connectionData"]
        url = str(profile["ocppCsmsUrl"])
        usable = (
            slot in _NETWORK_SLOTS
            and profile.get("ocppVersion", "OCPP20") == "OCPP20"  # 2.1 has none
            and profile["ocppTransport"] == "JSON"
            and profile["securityProfile"] == self.settings.security_profile
            and url.startswith(("ws://", "wss://"))
        )
        if not usable:
            return {"status": "Rejected"}
        self.network_profiles[slot] = url
        return {"status": "Accepted"}

    def _network_after_reboot(self) -> None:
        """On a reset: changes that waited for a reboot (NetworkConfigurationPriority) take
        effect, and the station connects with the first profile of the priority list."""
        self.device_model.apply_pending()
        listed = self.device_model.value("OCPPCommCtrlr", "NetworkConfigurationPriority") or ""
        for item in listed.split(","):
            slot = int(item) if item.strip().isdigit() else None
            if slot in self.network_profiles:
                self.station.url = self.network_profiles[slot]
                return
