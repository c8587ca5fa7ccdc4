"""OCPP 2.0.1 (and 2.1, which keeps these messages): the station's events as
TransactionEvent, StatusNotification... and the CSMS's CALLs as station operations, with
the device model behind Get/SetVariables and GetBaseReport."""

from __future__ import annotations

import itertools
from datetime import datetime
from typing import TYPE_CHECKING, Any

from simulator import auth_lists, smart_charging
from simulator.adapters import Adapter, Payload, iso, sampled
from simulator.settings import DeviceModel, StationSettings
from simulator.v16 import _after_answer
from simulator.wiretime import parse_time

if TYPE_CHECKING:
    from simulator.station import EvseState, Queued, Station, StationSpec

# Neutral (1.6-spelled) EVSE status -> 2.x connector status.
_CONNECTOR_STATUS = {
    "Available": "Available",
    "Preparing": "Occupied",
    "Charging": "Occupied",
    "SuspendedEV": "Occupied",
    "SuspendedEVSE": "Occupied",
    "Finishing": "Occupied",
    "Reserved": "Reserved",
    "Unavailable": "Unavailable",
    "Faulted": "Faulted",
}
_CHARGING_STATE = {
    "Charging": "Charging",
    "SuspendedEV": "SuspendedEV",
    "SuspendedEVSE": "SuspendedEVSE",
    "Preparing": "EVConnected",
    "Finishing": "EVConnected",
}
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
_report_ids = itertools.count(1)


def _token(value: str) -> Payload:
    return {"idToken": value, "type": "ISO14443"}


def _v2_values(values: list[Payload]) -> list[Payload]:
    """1.6-shaped sampled values -> 2.x SampledValueType (number, unitOfMeasure)."""
    out = []
    for v in values:
        item: Payload = {"value": float(v["value"]), "measurand": v["measurand"]}
        item["unitOfMeasure"] = {"unit": v["unit"]}
        for key in ("phase", "context", "location"):
            if key in v:
                item[key] = v[key]
        out.append(item)
    return out


class Adapter201(Adapter):
    version = "2.0.1"

    def __init__(self, station: Station, spec: StationSpec) -> None:
        super().__init__(station, spec)
        self.version = spec.version
        self.settings = StationSettings(number_of_evses=spec.model.evses)
        self.device_model = DeviceModel(
            self.settings,
            spec.settings,
            availability=self._availability,
            local_list_entries=lambda: len(self.local_list),
        )
        self.profiles = self.profile_store(self.settings)

    def _availability(self, evse_id: int, connector_id: int | None) -> str:
        evses = self.station.evses
        if evse_id == 0:
            return "Available" if any(e.operative for e in evses.values()) else "Unavailable"
        evse = evses.get(evse_id)
        if evse is None:
            return "Unavailable"
        return _CONNECTOR_STATUS[evse.status]

    # -- station -> CSMS ---------------------------------------------------------------------

    async def boot(self, reason: str) -> tuple[str, int]:
        model = self.station.spec.model
        answer = await self.station.call(
            "BootNotification",
            {
                "chargingStation": {
                    "model": model.model[:20],
                    "vendorName": model.vendor[:50],
                    "serialNumber": self.station.id[:25],
                    "firmwareVersion": model.firmware[:50],
                },
                "reason": reason if reason != "Triggered" else "Triggered",
            },
        )
        return answer["status"], int(answer.get("interval") or 0)

    async def heartbeat(self) -> None:
        await self.station.call("Heartbeat", {})

    async def status(self, evse: EvseState) -> None:
        for connector in evse.connector_ids:
            await self.station.call(
                "StatusNotification",
                {
                    "timestamp": iso(self.station.clock.now()),
                    "connectorStatus": _CONNECTOR_STATUS[evse.status],
                    "evseId": evse.id,
                    "connectorId": connector,
                },
            )

    async def authorize(self, id_token: str) -> bool:
        answer = await self.station.call("Authorize", {"idToken": _token(id_token)})
        info = answer["idTokenInfo"]
        self.remember(id_token, info["status"], _expiry(info))
        return info["status"] == "Accepted"

    async def meter_values(self, evse: EvseState, tx: Any, reading: Any, context: str) -> None:
        values = _v2_values(sampled(reading, self.measurands(context), context))
        await self.station.call(
            "MeterValues",
            {
                "evseId": evse.id,
                "meterValue": [
                    {"timestamp": iso(self.station.clock.now()), "sampledValue": values}
                ],
            },
        )

    async def send_queued(self, item: Queued) -> None:
        tx, station = item.tx, self.station
        evse = station.evses[tx.evse_id]
        info: Payload = {"transactionId": tx.id}
        event_type = {"started": "Started", "updated": "Updated", "ended": "Ended"}[item.kind]
        context = {
            "started": "Transaction.Begin",
            "updated": "Sample.Periodic",
            "ended": "Transaction.End",
        }[item.kind]
        if item.kind == "ended":
            info["stoppedReason"] = _STOPPED.get(tx.stop_reason or "Local", "Other")
        else:
            state = _CHARGING_STATE.get(evse.status)
            if state is not None and evse.tx is tx:
                info["chargingState"] = state
        if tx.remote_start_id is not None and item.kind == "started":
            info["remoteStartId"] = tx.remote_start_id
        payload: Payload = {
            "eventType": event_type,
            "timestamp": iso(item.at),
            "triggerReason": item.trigger,
            "seqNo": item.seq,
            "transactionInfo": info,
        }
        if item.offline:
            payload["offline"] = True
        if item.kind == "started":
            payload["evse"] = {"id": evse.id, "connectorId": evse.connector_ids[0]}
            if tx.id_token:
                payload["idToken"] = _token(tx.id_token)
            if tx.remote_start_id is not None:
                payload["triggerReason"] = "RemoteStart"
        if item.reading is not None:
            measurands = self.measurands(context)
            payload["meterValue"] = [
                {
                    "timestamp": iso(item.at),
                    "sampledValue": _v2_values(sampled(item.reading, measurands, context)),
                }
            ]
        answer = await station.call("TransactionEvent", payload)
        token_info = answer.get("idTokenInfo")
        if token_info is not None and tx.id_token:
            self.remember(tx.id_token, token_info["status"], _expiry(token_info))
            if (
                token_info["status"] != "Accepted"
                and self.settings.stop_tx_on_invalid_id
                and evse.tx is tx
            ):
                station.end_tx(evse, "DeAuthorized", trigger="Deauthorized")

    async def reservation_ended(self, reservation_id: int, why: str) -> None:
        try:
            await self.station.call(
                "ReservationStatusUpdate",
                {"reservationId": reservation_id, "reservationUpdateStatus": why},
            )
        except Exception:
            return

    # -- CSMS -> station ---------------------------------------------------------------------

    async def on_RequestStartTransaction(self, p: Payload) -> Payload:
        if "chargingProfile" in p:
            self.profiles.install(
                smart_charging.from_v201(p["chargingProfile"], p.get("evseId", 0))
            )
        ok = self.station.remote_start(p.get("evseId"), p["idToken"]["idToken"], p["remoteStartId"])
        return {"status": "Accepted" if ok else "Rejected"}

    async def on_RequestStopTransaction(self, p: Payload) -> Payload:
        ok = self.station.remote_stop(p["transactionId"])
        return {"status": "Accepted" if ok else "Rejected"}

    async def on_Reset(self, p: Payload) -> Payload:
        busy = any(e.tx is not None for e in self.station.evses.values())
        if p["type"] == "OnIdle" and busy:
            return {"status": "Scheduled"}
        self.station.reset(hard=p["type"] == "Immediate")
        return {"status": "Accepted"}

    async def on_UnlockConnector(self, p: Payload) -> Payload:
        evse = self.station.evses.get(p["evseId"])
        if evse is None:
            return {"status": "UnknownConnector"}
        if evse.tx is not None:
            return {"status": "OngoingAuthorizedTransaction"}
        return {"status": self.station.unlock(p["evseId"])}

    async def on_ChangeAvailability(self, p: Payload) -> Payload:
        evse_id = (p.get("evse") or {}).get("id", 0)
        if evse_id and evse_id not in self.station.evses:
            return {"status": "Rejected"}
        operative = p["operationalStatus"] == "Operative"
        return {"status": self.station.change_availability(evse_id, operative)}

    async def on_GetVariables(self, p: Payload) -> Payload:
        return {"getVariableResult": self.device_model.get_variables(p["getVariableData"])}

    async def on_SetVariables(self, p: Payload) -> Payload:
        return {"setVariableResult": self.device_model.set_variables(p["setVariableData"])}

    async def on_GetBaseReport(self, p: Payload) -> Payload:
        data = self.device_model.report(p["reportBase"])
        request_id = p["requestId"]

        async def send() -> None:
            chunk = 50
            for n, start in enumerate(range(0, max(len(data), 1), chunk)):
                part = data[start : start + chunk]
                payload: Payload = {
                    "requestId": request_id,
                    "generatedAt": iso(self.station.clock.now()),
                    "seqNo": n,
                    "reportData": part,
                }
                if start + chunk < len(data):
                    payload["tbc"] = True
                await self.station.call("NotifyReport", payload)

        self.station.spawn(_after_answer(send))
        return {"status": "Accepted"}

    async def on_ClearCache(self, p: Payload) -> Payload:
        self.cache.clear()
        return {"status": "Accepted"}

    async def on_DataTransfer(self, p: Payload) -> Payload:
        return {"status": "UnknownVendorId"}

    async def on_TriggerMessage(self, p: Payload) -> Payload:
        what = p["requestedMessage"]
        evse_id = (p.get("evse") or {}).get("id")
        station = self.station
        jobs = {
            "BootNotification": lambda: self.boot("Triggered"),
            "Heartbeat": self.heartbeat,
            "StatusNotification": lambda: self._statuses(evse_id),
            "MeterValues": lambda: self._meter_now(evse_id),
            "FirmwareStatusNotification": lambda: self._firmware("Idle", None),
            "LogStatusNotification": lambda: self._log("Idle", None),
            "TransactionEvent": lambda: self._tx_now(evse_id),
        }
        job = jobs.get(what)
        if job is None:
            return {"status": "NotImplemented"}
        if evse_id is not None and evse_id not in station.evses:
            return {"status": "Rejected"}
        station.spawn(_after_answer(job))
        return {"status": "Accepted"}

    async def _tx_now(self, evse_id: int | None) -> None:
        for evse in self.station.evses.values():
            if evse_id in (None, evse.id) and evse.tx is not None:
                self.station.enqueue("updated", evse.tx, "Trigger", self.station.read(evse))

    async def on_ReserveNow(self, p: Payload) -> Payload:
        status = self.station.reserve(
            p.get("evseId") or 0,
            p["id"],
            p["idToken"]["idToken"],
            parse_time(p["expiryDateTime"]),
        )
        return {"status": status}

    async def on_CancelReservation(self, p: Payload) -> Payload:
        ok = self.station.cancel_reservation(p["reservationId"])
        return {"status": "Accepted" if ok else "Rejected"}

    async def on_SendLocalList(self, p: Payload) -> Payload:
        return {"status": self.local_list.apply(*auth_lists.from_v201(p))}

    async def on_GetLocalListVersion(self, p: Payload) -> Payload:
        return {"versionNumber": self.local_list.version}

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

    async def on_UpdateFirmware(self, p: Payload) -> Payload:
        request_id = p["requestId"]
        self.progress(
            ("Downloading", "Downloaded", "Installing", "Installed"),
            lambda status: self._firmware(status, request_id),
            then=lambda: self.station.reset(hard=True),
        )
        return {"status": "Accepted"}

    async def _firmware(self, status: str, request_id: int | None) -> None:
        payload: Payload = {"status": status}
        if request_id is not None:
            payload["requestId"] = request_id
        await self.station.call("FirmwareStatusNotification", payload)

    async def on_GetLog(self, p: Payload) -> Payload:
        request_id = p["requestId"]
        self.progress(("Uploading", "Uploaded"), lambda s: self._log(s, request_id))
        return {"status": "Accepted", "filename": f"{self.station.id}-{p['logType']}.log"}

    async def _log(self, status: str, request_id: int | None) -> None:
        payload: Payload = {"status": status}
        if request_id is not None:
            payload["requestId"] = request_id
        await self.station.call("LogStatusNotification", payload)

    async def on_CertificateSigned(self, p: Payload) -> Payload:
        self.certificates["ChargingStationCertificate"] = p["certificateChain"]
        return {"status": "Accepted"}

    async def on_InstallCertificate(self, p: Payload) -> Payload:
        self.certificates[p["certificateType"]] = p["certificate"]
        return {"status": "Accepted"}

    async def on_GetInstalledCertificateIds(self, p: Payload) -> Payload:
        return {"status": "NotFound"}

    async def on_DeleteCertificate(self, p: Payload) -> Payload:
        return {"status": "NotFound"}

    async def on_GetTransactionStatus(self, p: Payload) -> Payload:
        station = self.station
        tx_id = p.get("transactionId")
        queued = any(tx_id in (None, item.tx.id) for item in station.queue)
        answer: Payload = {"messagesInQueue": queued}
        if tx_id is not None:
            answer["ongoingIndicator"] = station.transaction(tx_id) is not None
        return answer

    async def on_CostUpdated(self, p: Payload) -> Payload:
        self.last_cost = (p["transactionId"], p["totalCost"])
        return {}


def _expiry(info: Payload) -> datetime | None:
    text = info.get("cacheExpiryDateTime")
    return parse_time(text)
