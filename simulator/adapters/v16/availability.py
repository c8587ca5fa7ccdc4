"""1.6 availability: StatusNotification and ChangeAvailability."""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.adapters.shared import Payload, iso
from simulator.adapters.v16.base import Base16

if TYPE_CHECKING:
    from simulator.station import EvseState


class Availability(Base16):
    async def status(self, evse: EvseState) -> None:
        await self.call(
            "StatusNotification",
            {
                "connectorId": evse.id,
                "errorCode": evse.error_code if evse.faulted else "NoError",
                "status": evse.status.value,
                "timestamp": iso(self.clock.now()),
            },
        )

    async def on_ChangeAvailability(self, p: Payload) -> Payload:
        connector = p["connectorId"]
        if connector and connector not in self.station.evses:
            return {"status": "Rejected"}
        operative = p["type"] == "Operative"
        return {"status": self.station.change_availability(connector, operative)}
