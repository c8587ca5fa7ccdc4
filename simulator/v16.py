"""OCPP 1.6J: the station's events as 1.6 CALLs, and the 1.6 CSMS's CALLs as station
operations (Core, Firmware Management, Local Auth List, Reservation, Smart Charging,
Remote Trigger, and the security extension's certificate and log messages)."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import TYPE_CHECKING, Any

from simulator import auth_lists, smart_charging
from simulator.adapters import Adapter, Payload, iso, sampled
from simulator.settings import Config16, StationSettings
from simulator.wiretime import parse_time

if TYPE_CHECKING:
    from simulator.station import EvseState, Queued, Station, StationSpec

_STOP_REASONS = {
    "Local": "Local",
    "Remote": "Remote",
    "EVDisconnected": "EVDisconnected",
    "HardReset": "HardReset",
    "SoftReset": "SoftReset",
    "UnlockCommand": "UnlockCommand",
    "DeAuthorized": "DeAuthorized",
    "Other": "Other",
}


class Adapter16(Adapter):
    version = "1.6"

    def __init__(self, station: Station, spec: StationSpec) -> None:
        super().__init__(station, spec)
        self.settings = StationSettings(number_of_evses=spec.model.evses)
        self.config = Config16(self.settings, spec.settings)
        self.profiles = self.profile_store(self.settings)

    # -- station -> CSMS ---------------------------------------------------------------------

    async def boot(self, reason: str) -> tuple[str, int]:
        model = self.station.spec.model
        answer = await self.station.call(
            "BootNotification",
            {
                "chargePointVendor": model.vendor[:20],
                "chargePointModel": model.model[:20],
                "chargePointSerialNumber": self.station.id[:25],
                "firmwareVersion": model.firmware[:50],
                "meterType": model.meter_type[:25],
            },
        )
        return answer["status"], int(answer.get("interval") or 0)

    async def heartbeat(self) -> None:
        await self.station.call("Heartbeat", {})

    async def status(self, evse: EvseState) -> None:
        await self.station.call(
            "StatusNotification",
            {
                "connectorId": evse.id,
                "errorCode": "OtherError" if evse.faulted else "NoError",
                "status": evse.status,
                "timestamp": iso(self.station.clock.now()),
            },
        )

    async def authorize(self, id_token: str) -> bool:
        answer = await self.station.call("Authorize", {"idTag": id_token})
        info = answer["idTagInfo"]
        self.remember(id_token, info["status"], _expiry(info))
        return info["status"] == "Accepted"

    async def meter_values(self, evse: EvseState, tx: Any, reading: Any, context: str) -> None:
        payload: Payload = {
            "connectorId": evse.id,
            "meterValue": [
                {
                    "timestamp": iso(self.station.clock.now()),
                    "sampledValue": sampled(reading, self.measurands(context), context),
                }
            ],
        }
        await self.station.call("MeterValues", payload)

    async def send_queued(self, item: Queued) -> None:
        tx, station = item.tx, self.station
        if item.kind == "started":
            answer = await station.call(
                "StartTransaction",
                {
                    "connectorId": tx.evse_id,
                    "idTag": tx.id_token or "",
                    "meterStart": tx.meter_start_wh,
                    "timestamp": iso(tx.started_at),
                },
            )
            tx.csms_id = int(answer["transactionId"])
            info = answer["idTagInfo"]
            if tx.id_token:
                self.remember(tx.id_token, info["status"], _expiry(info))
            if info["status"] != "Accepted" and self.settings.stop_tx_on_invalid_id:
                evse = station.evses[tx.evse_id]
                if evse.tx is tx:
                    station.end_tx(evse, "DeAuthorized")
            return
        if tx.csms_id is None:
            return  # the start was never accepted: nothing the CSMS could attach this to
        assert item.reading is not None
        if item.kind == "updated":
            context = "Sample.Periodic"
            await station.call(
                "MeterValues",
                {
                    "connectorId": tx.evse_id,
                    "transactionId": tx.csms_id,
                    "meterValue": [
                        {
                            "timestamp": iso(item.at),
                            "sampledValue": sampled(
                                item.reading, self.measurands(context), context
                            ),
                        }
                    ],
                },
            )
            return
        payload: Payload = {
            "transactionId": tx.csms_id,
            "meterStop": item.reading.energy_wh,
            "timestamp": iso(item.at),
            "reason": _STOP_REASONS.get(tx.stop_reason or "Local", "Other"),
        }
        if tx.id_token and tx.stop_reason == "Local":
            payload["idTag"] = tx.id_token
        await station.call("StopTransaction", payload)

    # -- CSMS -> station ---------------------------------------------------------------------

    async def on_RemoteStartTransaction(self, p: Payload) -> Payload:
        ok = self.station.remote_start(p.get("connectorId"), p["idTag"], None)
        if ok and "chargingProfile" in p:
            evse_id = p.get("connectorId") or 1
            self.profiles.install(smart_charging.from_v16(p["chargingProfile"], evse_id))
            self.station.apply_limits()
        return {"status": "Accepted" if ok else "Rejected"}

    async def on_RemoteStopTransaction(self, p: Payload) -> Payload:
        ok = self.station.remote_stop(str(p["transactionId"]))
        return {"status": "Accepted" if ok else "Rejected"}

    async def on_Reset(self, p: Payload) -> Payload:
        self.station.reset(hard=p["type"] == "Hard")
        return {"status": "Accepted"}

    async def on_UnlockConnector(self, p: Payload) -> Payload:
        return {"status": self.station.unlock(p["connectorId"])}

    async def on_ChangeAvailability(self, p: Payload) -> Payload:
        connector = p["connectorId"]
        if connector and connector not in self.station.evses:
            return {"status": "Rejected"}
        operative = p["type"] == "Operative"
        return {"status": self.station.change_availability(connector, operative)}

    async def on_GetConfiguration(self, p: Payload) -> Payload:
        known, unknown = self.config.get(p.get("key") or [])
        answer: Payload = {"configurationKey": known}
        if unknown:
            answer["unknownKey"] = unknown
        return answer

    async def on_ChangeConfiguration(self, p: Payload) -> Payload:
        return {"status": self.config.change(p["key"], p["value"])}

    async def on_ClearCache(self, p: Payload) -> Payload:
        self.cache.clear()
        return {"status": "Accepted"}

    async def on_DataTransfer(self, p: Payload) -> Payload:
        return {"status": "UnknownVendorId"}

    async def on_TriggerMessage(self, p: Payload) -> Payload:
        what = p["requestedMessage"]
        evse_id = p.get("connectorId")
        station = self.station
        jobs = {
            "BootNotification": lambda: self.boot("Triggered"),
            "Heartbeat": self.heartbeat,
            "StatusNotification": lambda: self._statuses(evse_id),
            "MeterValues": lambda: self._meter_now(evse_id),
            "FirmwareStatusNotification": lambda: self._firmware("Idle"),
            "DiagnosticsStatusNotification": lambda: self._diagnostics("Idle"),
        }
        job = jobs.get(what)
        if job is None:
            return {"status": "NotImplemented"}
        if evse_id is not None and evse_id not in station.evses:
            return {"status": "Rejected"}
        station.spawn(_after_answer(job))
        return {"status": "Accepted"}

    async def on_ReserveNow(self, p: Payload) -> Payload:
        status = self.station.reserve(
            p["connectorId"], p["reservationId"], p["idTag"], parse_time(p["expiryDate"])
        )
        return {"status": status}

    async def on_CancelReservation(self, p: Payload) -> Payload:
        ok = self.station.cancel_reservation(p["reservationId"])
        return {"status": "Accepted" if ok else "Rejected"}

    async def on_SendLocalList(self, p: Payload) -> Payload:
        return {"status": self.local_list.apply(*auth_lists.from_v16(p))}

    async def on_GetLocalListVersion(self, p: Payload) -> Payload:
        return {"listVersion": self.local_list.version}

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

    async def on_UpdateFirmware(self, p: Payload) -> Payload:
        self.progress(
            ("Downloading", "Downloaded", "Installing", "Installed"),
            self._firmware,
            then=lambda: self.station.reset(hard=True),
        )
        return {}

    async def _firmware(self, status: str) -> None:
        await self.station.call("FirmwareStatusNotification", {"status": status})

    async def on_GetDiagnostics(self, p: Payload) -> Payload:
        self.progress(("Uploading", "Uploaded"), self._diagnostics)
        return {"fileName": f"{self.station.id}-diagnostics.zip"}

    async def _diagnostics(self, status: str) -> None:
        await self.station.call("DiagnosticsStatusNotification", {"status": status})

    async def on_CertificateSigned(self, p: Payload) -> Payload:
        self.certificates["ChargePointCertificate"] = p["certificateChain"]
        return {"status": "Accepted"}

    async def on_InstallCertificate(self, p: Payload) -> Payload:
        self.certificates[p["certificateType"]] = p["certificate"]
        return {"status": "Accepted"}

    async def on_GetInstalledCertificateIds(self, p: Payload) -> Payload:
        return {"status": "NotFound"}

    async def on_DeleteCertificate(self, p: Payload) -> Payload:
        return {"status": "NotFound"}


def _expiry(info: Payload) -> datetime | None:
    text = info.get("expiryDate")
    return parse_time(text)


async def _after_answer(job: Any) -> None:
    """A triggered message follows the answer to TriggerMessage on the wire."""
    import asyncio

    await asyncio.sleep(0)
    try:
        await job()
    except Exception:
        return
