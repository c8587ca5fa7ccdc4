"""OCPP 1.6J: the station's events as 1.6 CALLs, and the 1.6 CSMS's CALLs as station
operations (Core, Firmware Management, Local Auth List, Reservation, Smart Charging,
Remote Trigger, and the security extension: AuthorizationKey, SecurityProfile,
certificates, signed firmware, security log and events).

A simulated station transfers no files. A location decides how a transfer goes, so a test
can ask for each outcome: a host ending in ``.invalid`` (RFC 2606) or a file name starting
``does_not_exist_`` fails the download (or upload); a firmware file name starting
``invalid_`` downloads but fails to install. A signed firmware's signature is checked over
its location (see :mod:`simulator.pki`).
"""

from __future__ import annotations

import asyncio
import dataclasses
import posixpath
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from ocppj.versions import OcppVersion
from simulator import auth_lists, pki, smart_charging
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
    "PowerLoss": "PowerLoss",
    "Reboot": "Reboot",
    "EmergencyStop": "EmergencyStop",
    "Other": "Other",
}
_TRANSFER_STEP_S = 1.0  # between two firmware / diagnostics status notifications
_TRANSFER_SCHEMES = ("ftp", "ftps", "http", "https", "sftp")
_WRITE_ONLY = ("AuthorizationKey",)  # security extension: never read back


def transfer_fails(location: str) -> bool:
    """True when a download from (or upload to) ``location`` cannot succeed."""
    url = urlparse(location)
    host = (url.hostname or "").lower()
    name = posixpath.basename(url.path)
    return (
        url.scheme.lower() not in _TRANSFER_SCHEMES
        or not host
        or host.endswith(".invalid")
        or name.startswith("does_not_exist_")
    )


def install_fails(location: str) -> bool:
    """True when the firmware at ``location`` downloads but does not install."""
    return posixpath.basename(urlparse(location).path).startswith("invalid_")


class Adapter16(Adapter):
    version = OcppVersion.V16

    def __init__(self, station: Station, spec: StationSpec) -> None:
        super().__init__(station, spec)
        self.settings = StationSettings(number_of_evses=spec.model.evses)
        self.config = Config16(self.settings, spec.settings)
        self.profiles = self.profile_store(self.settings)
        # What a tester breaks through the control hook (simulator.control).
        self.broken_locks: set[int] = set()
        self.local_list_fails = False
        self.key = pki.StationKey(spec.id)
        self.installed: dict[str, list[str]] = {}  # certificateType -> PEM certificates
        self._after_boot: list[Any] = []  # notifications due once the station is back

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
        interval = int(answer.get("interval") or 0)
        if answer["status"] == "Accepted":
            # 1.6 §4.2: the interval of an accepted boot is the heartbeat interval.
            if interval > 0:
                self.settings.heartbeat_interval = interval
                self.station.retime()
            jobs, self._after_boot = self._after_boot, []
            if jobs:
                self.station.spawn(_later(1.0, jobs))
        return answer["status"], interval

    async def heartbeat(self) -> None:
        await self.station.call("Heartbeat", {})

    async def status(self, evse: EvseState) -> None:
        await self.station.call(
            "StatusNotification",
            {
                "connectorId": evse.id,
                "errorCode": evse.error_code if evse.faulted else "NoError",
                "status": evse.status,
                "timestamp": iso(self.station.clock.now()),
            },
        )

    async def authorize(self, id_token: str) -> bool:
        answer = await self.station.call("Authorize", {"idTag": id_token})
        info = answer["idTagInfo"]
        self.remember(id_token, info["status"], _expiry(info))
        self._group(id_token, info)
        return info["status"] == "Accepted"

    def _group(self, id_token: str, info: Payload) -> None:
        if info.get("parentIdTag"):
            self.groups[id_token] = info["parentIdTag"]

    async def meter_values(self, evse: EvseState, tx: Any, reading: Any, context: str) -> None:
        now = self.station.clock.now()
        aligned = self.settings.clock_aligned_interval
        if context == "Sample.Clock" and aligned:
            # A clock-aligned value bears the time of its interval boundary.
            now = datetime.fromtimestamp(round(now.timestamp() / aligned) * aligned, now.tzinfo)
        payload: Payload = {
            "connectorId": evse.id,
            "meterValue": [
                {
                    "timestamp": iso(now),
                    "sampledValue": sampled(reading, self.measurands(context), context),
                }
            ],
        }
        tx = tx if tx is not None else evse.tx  # clock-aligned values during a session
        if tx is not None and tx.csms_id is not None:
            payload["transactionId"] = tx.csms_id
        await self.station.call("MeterValues", payload)

    async def security_event(self, kind: str, info: str | None = None) -> None:
        payload: Payload = {"type": kind, "timestamp": iso(self.station.clock.now())}
        if info:
            payload["techInfo"] = info[:255]
        await self.station.call("SecurityEventNotification", payload)

    async def send_queued(self, item: Queued) -> None:
        tx, station = item.tx, self.station
        if item.kind == "started":
            request: Payload = {
                "connectorId": tx.evse_id,
                "idTag": tx.id_token or "",
                "meterStart": tx.meter_start_wh,
                "timestamp": iso(tx.started_at),
            }
            if tx.reservation_id is not None:
                request["reservationId"] = tx.reservation_id
            answer = await station.call("StartTransaction", request)
            tx.csms_id = int(answer["transactionId"])
            info = answer["idTagInfo"]
            if tx.id_token:
                self.remember(tx.id_token, info["status"], _expiry(info))
                self._group(tx.id_token, info)
            evse = station.evses[tx.evse_id]
            if info["status"] != "Accepted" and evse.tx is tx:
                if self.settings.stop_tx_on_invalid_id:
                    station.end_tx(evse, "DeAuthorized")
                else:
                    # StopTransactionOnInvalidId false: the transaction goes on, the energy
                    # does not (the id is not valid).
                    station.advance(evse)
                    evse.physics.suspend(True)
                    station.set_status(evse, "SuspendedEVSE")
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
            payload["idTag"] = tx.stopped_by or tx.id_token
        await station.call("StopTransaction", payload)

    # -- CSMS -> station ---------------------------------------------------------------------

    async def on_RemoteStartTransaction(self, p: Payload) -> Payload:
        profile = p.get("chargingProfile")
        if profile is not None and profile.get("chargingProfilePurpose") != "TxProfile":
            return {"status": "Rejected"}  # 1.6 §5.11: only a TxProfile goes with a start
        connector = p.get("connectorId")
        if connector is not None and connector not in self.station.evses:
            return {"status": "Rejected"}  # connector 0 (the whole station) or unknown
        ok = self.station.remote_start(connector, p["idTag"], None)
        if ok and profile is not None:
            evse_id = connector or 1
            self.profiles.install(smart_charging.from_v16(profile, evse_id))
            self.station.apply_limits()
        return {"status": "Accepted" if ok else "Rejected"}

    async def on_RemoteStopTransaction(self, p: Payload) -> Payload:
        ok = self.station.remote_stop(str(p["transactionId"]))
        return {"status": "Accepted" if ok else "Rejected"}

    async def on_Reset(self, p: Payload) -> Payload:
        self.station.reset(hard=p["type"] == "Hard")
        return {"status": "Accepted"}

    async def on_UnlockConnector(self, p: Payload) -> Payload:
        connector = p["connectorId"]
        model = self.station.spec.model
        if connector not in self.station.evses or model.connectors[0].tethered:
            return {"status": "NotSupported"}  # no such connector, or a fixed cable
        if connector in self.broken_locks:
            return {"status": "UnlockFailed"}
        return {"status": self.station.unlock(connector)}

    async def on_ChangeAvailability(self, p: Payload) -> Payload:
        connector = p["connectorId"]
        if connector and connector not in self.station.evses:
            return {"status": "Rejected"}
        operative = p["type"] == "Operative"
        return {"status": self.station.change_availability(connector, operative)}

    async def on_GetConfiguration(self, p: Payload) -> Payload:
        wanted = [k for k in p.get("key") or [] if k not in _WRITE_ONLY]
        write_only = [k for k in p.get("key") or [] if k in _WRITE_ONLY]
        if p.get("key") and not wanted:
            known: list[dict] = []
            unknown: list[str] = []
        else:
            known, unknown = self.config.get(wanted)
        answer: Payload = {"configurationKey": known}
        if unknown or write_only:
            answer["unknownKey"] = unknown + write_only
        return answer

    async def on_ChangeConfiguration(self, p: Payload) -> Payload:
        key, value = p["key"], p["value"]
        if key == "AuthorizationKey":
            return {"status": self._new_password(value)}
        if key == "SecurityProfile":
            try:
                wanted = int(value)
            except ValueError:
                return {"status": "Rejected"}
            # Security whitepaper: never lower; above 1 needs TLS, which this link lacks.
            current = self.settings.security_profile
            if wanted < current or (wanted >= 2 and not self.station.url.startswith("wss")):
                return {"status": "Rejected"}
        status = self.config.change(key, value)
        if status == "Accepted" and key in ("HeartbeatInterval", "ClockAlignedDataInterval"):
            self.station.retime()
        return {"status": status}

    def _new_password(self, value: str) -> str:
        """Security whitepaper: a new Basic Auth password (16 to 40 characters), used at
        once: the station reconnects with it."""
        if not 16 <= len(value) <= 40:
            return "Rejected"
        station = self.station
        station.spec.password = value

        async def reconnect() -> None:
            await asyncio.sleep(0.5)  # the answer goes out first
            if station.link is not None:
                await station.link.close()

        station.spawn(reconnect())
        return "Accepted"

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

    async def on_ExtendedTriggerMessage(self, p: Payload) -> Payload:
        what = p["requestedMessage"]
        evse_id = p.get("connectorId")
        jobs = {
            "BootNotification": lambda: self.boot("Triggered"),
            "Heartbeat": self.heartbeat,
            "StatusNotification": lambda: self._statuses(evse_id),
            "MeterValues": lambda: self._meter_now(evse_id),
            "FirmwareStatusNotification": lambda: self._signed_firmware("Idle", None),
            "LogStatusNotification": lambda: self._log("Idle", None),
            "SignChargePointCertificate": self._sign_certificate,
        }
        job = jobs.get(what)
        if job is None:
            return {"status": "NotImplemented"}
        if evse_id is not None and evse_id not in self.station.evses:
            return {"status": "Rejected"}
        self.station.spawn(_after_answer(job))
        return {"status": "Accepted"}

    async def on_ReserveNow(self, p: Payload) -> Payload:
        connector = p["connectorId"]
        station = self.station
        if connector == 0:
            if not self.settings.reserve_connector_zero_supported:
                return {"status": "Rejected"}
            evses = list(station.evses.values())
            if all(e.faulted for e in evses):
                return {"status": "Faulted"}
            if all(not e.operative or e.faulted for e in evses):
                return {"status": "Unavailable"}
        elif connector not in station.evses:
            return {"status": "Rejected"}
        status = station.reserve(
            connector, p["reservationId"], p["idTag"], parse_time(p["expiryDate"])
        )
        if status == "Accepted" and p.get("parentIdTag"):
            self.reservation_groups[p["reservationId"]] = p["parentIdTag"]
        if connector == 0 and status == "Rejected":
            status = "Occupied"  # every connector is in use
        return {"status": status}

    async def on_CancelReservation(self, p: Payload) -> Payload:
        ok = self.station.cancel_reservation(p["reservationId"])
        return {"status": "Accepted" if ok else "Rejected"}

    async def on_SendLocalList(self, p: Payload) -> Payload:
        if not self.settings.local_auth_list_enabled:
            return {"status": "NotSupported"}
        if self.local_list_fails:
            return {"status": "Failed"}
        self.local_list.max_per_message = self.settings.send_local_list_max_length
        self.local_list.max_length = self.settings.local_auth_list_max_length
        return {"status": self.local_list.apply(*auth_lists.from_v16(p))}

    async def on_GetLocalListVersion(self, p: Payload) -> Payload:
        if not self.settings.local_auth_list_enabled:
            return {"listVersion": -1}  # 1.6 §5.9: no local list in use
        # 1.6 §5.9: version 0 says the list is empty.
        return {"listVersion": self.local_list.version if len(self.local_list) else 0}

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

    # -- firmware, diagnostics, logs -----------------------------------------------------

    def _until(self, when: str | None) -> float:
        start = parse_time(when)
        if start is None:
            return 0.0
        return min(300.0, max(0.0, (start - self.station.clock.now()).total_seconds()))

    def _firmware_steps(
        self, location: str, *, installed: list[Any], verified: bool | None = None
    ) -> tuple[str, ...]:
        """The statuses of one update, sent in the background; a successful one reboots
        the station and reports Installed once it is back."""
        if transfer_fails(location):
            return ("Downloading", "DownloadFailed")
        if verified is False:
            return ("Downloading", "Downloaded", "InvalidSignature")
        checked = ("SignatureVerified",) if verified else ()
        if install_fails(location):
            return ("Downloading", "Downloaded", *checked, "Installing", "InstallationFailed")
        self._after_boot.extend(installed)
        return ("Downloading", "Downloaded", *checked, "Installing")

    def _run_update(self, steps: tuple[str, ...], notify: Any, delay: float) -> None:
        reboot = steps[-1] == "Installing"

        async def run() -> None:
            await self.station.clock.sleep(delay)
            for status in steps:
                await self.station.clock.sleep(_TRANSFER_STEP_S)
                try:
                    await notify(status)
                except Exception:  # the link dropped: a real station gives up too
                    return
            if reboot:
                await self.station.clock.sleep(_TRANSFER_STEP_S)
                self.station.reset(hard=True)

        self.station.spawn(run())

    async def on_UpdateFirmware(self, p: Payload) -> Payload:
        location = p["location"]
        steps = self._firmware_steps(location, installed=[lambda: self._firmware("Installed")])
        self._run_update(steps, self._firmware, self._until(p.get("retrieveDate")))
        return {}

    async def _firmware(self, status: str) -> None:
        await self.station.call("FirmwareStatusNotification", {"status": status})

    async def on_SignedUpdateFirmware(self, p: Payload) -> Payload:
        firmware, request_id = p["firmware"], p["requestId"]
        if pki.load_chain(firmware["signingCertificate"]) is None:
            return {"status": "InvalidCertificate"}
        location = firmware["location"]
        verified = pki.signature_valid(
            firmware["signingCertificate"], firmware["signature"], location
        )

        async def notify(status: str) -> None:
            await self._signed_firmware(status, request_id)
            if status == "InvalidSignature":
                await self.security_event("InvalidFirmwareSignature")

        steps = self._firmware_steps(
            location,
            installed=[
                lambda: self._signed_firmware("Installed", request_id),
                lambda: self.security_event("FirmwareUpdated"),
            ],
            verified=verified,
        )
        self._run_update(steps, notify, self._until(firmware.get("retrieveDateTime")))
        return {"status": "Accepted"}

    async def _signed_firmware(self, status: str, request_id: int | None) -> None:
        payload: Payload = {"status": status}
        if request_id is not None:
            payload["requestId"] = request_id
        await self.station.call("SignedFirmwareStatusNotification", payload)

    async def on_GetDiagnostics(self, p: Payload) -> Payload:
        failed = transfer_fails(p["location"])
        steps = ("Uploading", "UploadFailed" if failed else "Uploaded")
        self.progress(steps, self._diagnostics, step_s=_TRANSFER_STEP_S)
        return {"fileName": f"{self.station.id}-diagnostics.zip"}

    async def _diagnostics(self, status: str) -> None:
        await self.station.call("DiagnosticsStatusNotification", {"status": status})

    async def on_GetLog(self, p: Payload) -> Payload:
        request_id = p["requestId"]
        failed = transfer_fails(p["log"]["remoteLocation"])
        steps = ("Uploading", "UploadFailure" if failed else "Uploaded")
        self.progress(steps, lambda s: self._log(s, request_id), step_s=_TRANSFER_STEP_S)
        kind = "security" if p["logType"] == "SecurityLog" else "diagnostics"
        return {"status": "Accepted", "filename": f"{self.station.id}-{kind}.log"}

    async def _log(self, status: str, request_id: int | None) -> None:
        payload: Payload = {"status": status}
        if request_id is not None:
            payload["requestId"] = request_id
        await self.station.call("LogStatusNotification", payload)

    # -- certificates ---------------------------------------------------------------------

    async def _sign_certificate(self) -> None:
        await self.station.call("SignCertificate", {"csr": self.key.csr()})

    async def on_CertificateSigned(self, p: Payload) -> Payload:
        chain = pki.load_chain(p["certificateChain"])
        if chain is None or not pki.valid_now(chain[0]) or not self.key.owns(chain[0]):
            self.station.spawn(
                _after_answer(lambda: self.security_event("InvalidChargePointCertificate"))
            )
            return {"status": "Rejected"}
        self.certificates["ChargePointCertificate"] = p["certificateChain"]
        return {"status": "Accepted"}

    async def on_InstallCertificate(self, p: Payload) -> Payload:
        chain = pki.load_chain(p["certificate"])
        if chain is None or not pki.valid_now(chain[0]):
            return {"status": "Rejected"}
        kind = p["certificateType"]
        mine = self.installed.setdefault(kind, [])
        if p["certificate"] not in mine:
            mine.append(p["certificate"])
        self.certificates[kind] = p["certificate"]
        return {"status": "Accepted"}

    def _installed_hashes(self, kind: str | None = None) -> list[tuple[str, str, pki.HashData]]:
        out = []
        for certificate_type, pems in self.installed.items():
            if kind not in (None, certificate_type):
                continue
            for pem in pems:
                chain = pki.load_chain(pem)
                if chain is not None:
                    out.append((certificate_type, pem, pki.hash_data(chain[0])))
        return out

    async def on_GetInstalledCertificateIds(self, p: Payload) -> Payload:
        found = [h.wire() for _, _, h in self._installed_hashes(p["certificateType"])]
        if not found:
            return {"status": "NotFound"}
        return {"status": "Accepted", "certificateHashData": found}

    async def on_DeleteCertificate(self, p: Payload) -> Payload:
        wanted = p["certificateHashData"]
        for kind, pem, hashes in self._installed_hashes():
            if hashes.matches(wanted):
                self.installed[kind].remove(pem)
                if self.certificates.get(kind) == pem:
                    del self.certificates[kind]
                return {"status": "Accepted"}
        return {"status": "NotFound"}


def _expiry(info: Payload) -> datetime | None:
    text = info.get("expiryDate")
    return parse_time(text)


async def _after_answer(job: Any) -> None:
    """A triggered message follows the answer to TriggerMessage on the wire."""
    await asyncio.sleep(0)
    try:
        await job()
    except Exception:
        return


async def _later(seconds: float, jobs: list[Any]) -> None:
    """Notifications due after a reboot, once the station has reported its connectors."""
    await asyncio.sleep(seconds)
    for job in jobs:
        try:
            await job()
        except Exception:
            return
