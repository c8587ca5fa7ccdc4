"""2.x transactions: TransactionEvent Started / Updated / Ended from the offline queue, in
order, one renderer per queued kind (E01-E07, with their meter values, J02), what the CSMS's
IdTokenInfo answer does to a running transaction, GetTransactionStatus (E14) and
CostUpdated (I05)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from simulator.adapters.shared import Payload, iso
from simulator.adapters.v201.base import token
from simulator.adapters.v201.metering import Metering, meter_value
from simulator.connector_status import charging_state

if TYPE_CHECKING:
    from simulator.station import EvseState, Queued, Tx

_STOPPED = {
    "Local": "Local",
    "Remote": "Remote",
    "EVDisconnected": "EVDisconnected",
    "HardReset": "ImmediateReset",
    "SoftReset": "ImmediateReset",
    "UnlockCommand": "Other",
    "DeAuthorized": "DeAuthorized",
    "Other": "Other",
}
# The sampled-value context of a transaction's Updated event, by its trigger.
_UPDATE_CONTEXT = {"MeterValueClock": "Sample.Clock", "Trigger": "Trigger"}


class Transactions(Metering):
    async def send_queued(self, item: Queued) -> None:
        evse = self.station.evse_of(item.tx)
        payload = _RENDERERS[item.kind](self, item, evse)
        answer = await self.call("TransactionEvent", payload)
        info = answer.get("idTokenInfo")
        tx = item.tx
        if info is None or not tx.id_token:
            return
        self.learn(tx.id_token, info)
        if info["status"] != "Accepted" and self.settings.stop_tx_on_invalid_id and evse.tx is tx:
            self.station.end_tx(evse, "DeAuthorized", trigger="Deauthorized")

    def _started(self, item: Queued, evse: EvseState) -> Payload:
        tx = item.tx
        info = self._transaction_info(tx, evse)
        if tx.remote_start_id is None:
            # A remote start that waited for the cable (RequestStartTransaction).
            pending = self.remote_ids.pop(evse.id, None)
            if pending and pending[1] == tx.id_token and self.clock.monotonic() <= pending[2]:
                tx.remote_start_id = pending[0]
        if tx.remote_start_id is not None:
            info["remoteStartId"] = tx.remote_start_id
        payload = self._event("Started", item, info)
        payload["evse"] = {"id": evse.id, "connectorId": evse.connector_ids[0]}
        if tx.id_token:
            payload["idToken"] = token(tx.id_token)
        if tx.remote_start_id is not None:
            payload["triggerReason"] = "RemoteStart"
        if tx.id not in self.ended_data:
            self.ended_data[tx.id] = []
            self.station.spawn(self.sample_for_end(evse, tx))
        return self._with_meter(payload, self._reading(item, "Transaction.Begin"))

    def _updated(self, item: Queued, evse: EvseState) -> Payload:
        payload = self._event("Updated", item, self._transaction_info(item.tx, evse))
        context = _UPDATE_CONTEXT.get(item.trigger, "Sample.Periodic")
        return self._with_meter(payload, self._reading(item, context))

    def _ended(self, item: Queued, evse: EvseState) -> Payload:
        tx = item.tx
        reason = _STOPPED.get(tx.stop_reason or "Local", "Other")
        payload = self._event("Ended", item, {"transactionId": tx.id, "stoppedReason": reason})
        stopper = tx.stopped_by or tx.id_token
        if item.trigger == "StopAuthorized" and stopper:
            payload["idToken"] = token(stopper)  # E07: the idToken that stopped it
        # J02.FR/J01.FR: the TxEnded samples taken during the transaction.
        meter = [
            value
            for at, reading, context, listed in self.ended_data.pop(tx.id, [])
            for value in meter_value(at, reading, listed, context)
        ]
        return self._with_meter(payload, meter + self._reading(item, "Transaction.End"))

    def _event(self, event_type: str, item: Queued, info: Payload) -> Payload:
        payload: Payload = {
            "eventType": event_type,
            "timestamp": iso(item.at),
            "triggerReason": item.trigger,
            "seqNo": item.seq,
            "transactionInfo": info,
        }
        if item.offline:
            payload["offline"] = True
        return payload

    def _transaction_info(self, tx: Tx, evse: EvseState) -> Payload:
        """transactionInfo with the chargingState of a transaction still on its EVSE."""
        info: Payload = {"transactionId": tx.id}
        state = charging_state(evse.status)
        if state is not None and evse.tx is tx:
            info["chargingState"] = state
            self.charging_states[tx.id] = state
        return info

    def _reading(self, item: Queued, context: str) -> list[Payload]:
        if item.reading is None:
            return []
        return meter_value(item.at, item.reading, self.measurands(context), context)

    @staticmethod
    def _with_meter(payload: Payload, meter: list[Payload]) -> Payload:
        if meter:
            payload["meterValue"] = meter
        return payload

    async def on_GetTransactionStatus(self, p: Payload) -> Payload:
        tx_id = p.get("transactionId")
        answer: Payload = {"messagesInQueue": self.station.has_queued(tx_id)}
        if tx_id is not None:
            answer["ongoingIndicator"] = self.station.transaction(tx_id) is not None
        return answer

    async def on_CostUpdated(self, p: Payload) -> Payload:
        self.last_cost = (p["transactionId"], p["totalCost"])
        return {}


_RENDERERS: dict[str, Callable[[Transactions, Queued, EvseState], Payload]] = {
    "started": Transactions._started,
    "updated": Transactions._updated,
    "ended": Transactions._ended,
}
