"""1.6 reservations: ReserveNow (CancelReservation is answered alike by both versions, in
:class:`simulator.adapters.base.Adapter`)."""

from __future__ import annotations

from simulator.adapters.shared import Payload
from simulator.adapters.v16.base import Base16
from simulator.wiretime import required_time


class Reservations(Base16):
    async def on_ReserveNow(self, p: Payload) -> Payload:
        connector = p["connectorId"]
        station = self.station
        if connector == 0:
            if not self.settings.reserve_connector_zero_supported:
                return {"status": "Rejected"}
            if (why := station.out_of_order()) is not None:
                return {"status": why}
        elif connector not in station.evses:
            return {"status": "Rejected"}
        status = station.reserve(
            connector, p["reservationId"], p["idTag"], required_time(p["expiryDate"], "expiryDate")
        )
        if status == "Accepted" and p.get("parentIdTag"):
            self.reservation_groups[p["reservationId"]] = p["parentIdTag"]
        if connector == 0 and status == "Rejected":
            status = "Occupied"  # every connector is in use
        return {"status": status}
