"""2.x reservations: ReserveNow (H01), and ReservationStatusUpdate when one ends (H02)
(CancelReservation is answered alike by both versions, in
:class:`simulator.adapters.base.Adapter`)."""

from __future__ import annotations

from simulator.adapters.shared import Payload
from simulator.adapters.v201.base import Base201
from simulator.wiretime import required_time


class Reservations(Base201):
    async def on_ReserveNow(self, p: Payload) -> Payload:
        status = self.station.reserve(
            p.get("evseId") or 0,
            p["id"],
            p["idToken"]["idToken"],
            required_time(p["expiryDateTime"], "expiryDateTime"),
        )
        return {"status": status}

    async def reservation_ended(self, reservation_id: int, why: str) -> None:
        try:
            await self.call(
                "ReservationStatusUpdate",
                {"reservationId": reservation_id, "reservationUpdateStatus": why},
            )
        except Exception:
            return
