"""2.x metering: what each context samples (J01/J02), MeterValues outside a transaction,
and the readings a transaction's Ended event carries (TxEnded sampled and clock-aligned
data)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from simulator.adapters.shared import ENERGY, Payload, iso, sampled
from simulator.adapters.v201.base import Base201, v2_values
from simulator.physics import Reading

if TYPE_CHECKING:
    from simulator.station import EvseState, Tx


def meter_value(
    at: datetime, reading: Reading, measurands: tuple[str, ...], context: str
) -> list[Payload]:
    """One 2.x MeterValue of ``reading`` (in a list), or none when nothing is sampled."""
    values = v2_values(sampled(reading, measurands, context))
    return [{"timestamp": iso(at), "sampledValue": values}] if values else []


class Metering(Base201):
    def measurands(self, context: str) -> tuple[str, ...]:
        """J01/J02: what each context samples (the TxStarted/TxEnded/TxUpdated and aligned
        measurands of the device model); an empty list sends no meter values."""
        settings = self.settings
        if context == "Transaction.Begin":
            listed = self.device_model.value("SampledDataCtrlr", "TxStartedMeasurands") or ""
            return tuple(m for m in listed.split(",") if m)
        if context == "Transaction.End":
            return settings.tx_ended_measurands
        if context == "Sample.Clock":
            return settings.aligned_measurands
        if context == "Trigger":
            return settings.sampled_measurands or (ENERGY,)
        return settings.sampled_measurands

    async def meter_values(self, evse: EvseState, tx: Any, reading: Any, context: str) -> None:
        if context == "Sample.Clock" and evse.tx is not None:
            # J01.FR.?: during a transaction clock-aligned values go in its events.
            self.station.enqueue("updated", evse.tx, "MeterValueClock", reading)
            return
        meter = meter_value(self.clock.now(), reading, self.measurands(context), context)
        if meter:
            await self.call("MeterValues", {"evseId": evse.id, "meterValue": meter})

    async def sample_for_end(self, evse: EvseState, tx: Tx) -> None:
        """Readings for the Ended event: every SampledDataCtrlr.TxEndedInterval from the
        start (Sample.Periodic), and at every AlignedDataCtrlr.TxEndedInterval boundary of
        the clock (Sample.Clock), with their TxEndedMeasurands."""
        station, clock, model = self.station, self.clock, self.device_model
        started = tx.started_at.timestamp()
        due_sampled = due_aligned = 0.0
        while evse.tx is tx and tx.id in self.ended_data:
            every = int(model.value("SampledDataCtrlr", "TxEndedInterval") or 0)
            aligned = int(model.value("AlignedDataCtrlr", "TxEndedInterval") or 0)
            now = clock.now().timestamp()
            if every and not due_sampled:
                due_sampled = started + every * (int((now - started) // every) + 1)
            if aligned and not due_aligned:
                due_aligned = aligned * (int(now // aligned) + 1)
            targets = [t for t in (due_sampled, due_aligned) if t]
            await clock.sleep(min([1.0, *(t - now for t in targets)]))
            if evse.tx is not tx or tx.id not in self.ended_data:
                return
            now = clock.now().timestamp()
            samples = self.ended_data[tx.id]
            if due_sampled and now >= due_sampled - 1e-3:
                listed = self.settings.tx_ended_measurands
                samples.append((clock.now(), station.read(evse), "Sample.Periodic", listed))
                due_sampled = 0.0
            if due_aligned and now >= due_aligned - 1e-3:
                listed = self.settings.tx_ended_aligned_measurands
                samples.append((clock.now(), station.read(evse), "Sample.Clock", listed))
                due_aligned = 0.0
