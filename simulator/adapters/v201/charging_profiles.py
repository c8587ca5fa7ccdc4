"""2.x smart charging: Set/ClearChargingProfile (K01, K10) and GetCompositeSchedule (K08)."""

from __future__ import annotations

from simulator import smart_charging
from simulator.adapters.shared import Payload
from simulator.adapters.v201.base import Base201


class ChargingProfiles(Base201):
    async def on_SetChargingProfile(self, p: Payload) -> Payload:
        profile = smart_charging.from_v201(p["chargingProfile"], p["evseId"])
        status = self.profiles.install(profile)
        self.station.apply_limits()
        return {"status": status}

    async def on_ClearChargingProfile(self, p: Payload) -> Payload:
        cleared = self.profiles.clear(**smart_charging.clear_args_v201(p))
        self.station.apply_limits()
        return {"status": "Accepted" if cleared else "Unknown"}

    async def on_GetCompositeSchedule(self, p: Payload) -> Payload:
        evse_id = p["evseId"]
        composite = self.composite(evse_id, p["duration"], p.get("chargingRateUnit", "W"))
        if composite is None:
            return {"status": "Rejected"}
        return smart_charging.composite_to_v201(composite)
