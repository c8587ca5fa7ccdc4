"""1.6 smart charging: Set/ClearChargingProfile and GetCompositeSchedule."""

from __future__ import annotations

import dataclasses

from simulator import smart_charging
from simulator.adapters.shared import Payload
from simulator.adapters.v16.base import Base16


class ChargingProfiles(Base16):
    async def on_SetChargingProfile(self, p: Payload) -> Payload:
        profile = smart_charging.from_v16(p["csChargingProfiles"], p["connectorId"])
        if profile.transaction_id is not None:
            # The CSMS names the transaction by the integer it gave; the profile store
            # knows the station's own id, which does not change when that answer arrives.
            evse = self.station.transaction(profile.transaction_id)
            if evse is None or evse.tx is None:
                return {"status": "Rejected"}
            profile = dataclasses.replace(profile, transaction_id=evse.tx.id)
        status = self.profiles.install(profile)
        self.station.apply_limits()
        return {"status": status}

    async def on_ClearChargingProfile(self, p: Payload) -> Payload:
        cleared = self.profiles.clear(**smart_charging.clear_args_v16(p))
        self.station.apply_limits()
        return {"status": "Accepted" if cleared else "Unknown"}

    async def on_GetCompositeSchedule(self, p: Payload) -> Payload:
        connector = p["connectorId"]
        composite = self.composite(connector, p["duration"], p.get("chargingRateUnit", "W"))
        if composite is None:
            return {"status": "Rejected"}
        return smart_charging.composite_to_v16(composite, connector)
