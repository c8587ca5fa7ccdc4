"""OCPP 2.0.1 (and 2.1, which keeps these messages): the station's events as
TransactionEvent, StatusNotification... and the CSMS's CALLs as station operations, with
the device model behind Get/SetVariables and GetBaseReport."""

from __future__ import annotations

import asyncio
import itertools
import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ocppj.rpc import ErrorKind, RpcError
from ocppj.versions import OcppVersion
from simulator import auth_lists, pki, smart_charging
from simulator.adapters import ENERGY, Adapter, Payload, iso, sampled
from simulator.settings import DeviceModel, StationSettings
from simulator.transport import CallError, Disconnected
from simulator.v16 import _after_answer, install_fails, transfer_fails
from simulator.wiretime import parse_time

if TYPE_CHECKING:
    from simulator.station import EvseState, Queued, Station, StationSpec

log = logging.getLogger(__name__)

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
# Firmware statuses of an update still under way (a trigger reports them, else Idle).
_FIRMWARE_BUSY = frozenset(
    {
        "Downloading",
        "Downloaded",
        "DownloadScheduled",
        "DownloadPaused",
        "SignatureVerified",
        "InstallScheduled",
        "Installing",
        "InstallRebooting",
    }
)
# The sampled-value context of a transaction's Updated event, by its trigger.
_UPDATE_CONTEXT = {"MeterValueClock": "Sample.Clock", "Trigger": "Trigger"}
_NETWORK_SLOTS = (0, 1)  # OCPPCommCtrlr.NetworkConfigurationPriority may name these
_TRANSFER_STEP_S = 0.5  # between two firmware / log status notifications
# What the CSMS may ask of a station whose BootNotification is Pending (B02): it may read and
# configure it, and trigger messages; anything else is a SecurityError until Accepted.
_WHILE_PENDING = frozenset(
    {
        "GetVariables",
        "SetVariables",
        "GetBaseReport",
        "GetReport",
        "TriggerMessage",
        "RequestStartTransaction",
        "RequestStopTransaction",
        "SetNetworkProfile",
        "InstallCertificate",
        "CertificateSigned",
        "GetInstalledCertificateIds",
        "DeleteCertificate",
    }
)


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
    version = OcppVersion.V201

    def __init__(self, station: Station, spec: StationSpec) -> None:
        super().__init__(station, spec)
        self.version = spec.version
        self.settings = StationSettings(number_of_evses=spec.model.evses)
        self.device_model = DeviceModel(
            self.settings,
            spec.settings,
            availability=self._availability,
            local_list_entries=lambda: len(self.local_list),
            date_time=lambda: iso(self.station.clock.now()),
        )
        self.profiles = self.profile_store(self.settings)
        # The connector status last sent (B04: after a short outage only changes are sent),
        # when the CSMS was last heard, and the connection the station last booted on.
        self._sent_status: dict[tuple[int, int], str] = {}
        self._last_contact = 0.0
        self._booted_link: Any = None
        self._batch_link: Any = None
        self._resend_all = True
        self._reset_waiting = False
        self._charging_states: dict[str, str] = {}  # last chargingState sent, per transaction
        # A remote start waiting for its transaction: EVSE -> remoteStartId, idToken, until.
        self._remote_ids: dict[int, tuple[int, str, float]] = {}
        # TxEnded meter data of running transactions: time, reading, context, measurands.
        self._ended_data: dict[str, list[tuple[datetime, Any, str, tuple[str, ...]]]] = {}
        # What a triggered FirmwareStatusNotification / LogStatusNotification reports.
        self._firmware_state: tuple[str, int | None] = ("Idle", None)
        self._log_state: tuple[str, int | None] = ("Idle", None)
        self._firmware_runs = self._log_runs = 0  # the newest update / upload request
        self._after_boot: list[Any] = []  # notifications due once the station is back
        self._roots: list[tuple[str, Any]] = []  # installed root certificates: type, cert
        # Connection profiles by slot (their CSMS URL); slot 0 is the one it was started with.
        self._network_profiles: dict[int, str] = {0: station.url}

    async def _call(self, action: str, payload: Payload) -> Payload:
        answer = await self.station.call(action, payload)
        self._last_contact = self.station.clock.monotonic()
        return answer

    async def handle(self, action: str, payload: Payload) -> Payload:
        """The CSMS's CALLs; before an Accepted BootNotification only what B02/B03 allow."""
        self._last_contact = self.station.clock.monotonic()
        registration = self.station.registration
        if registration == "Rejected" or (
            registration == "Pending" and action not in _WHILE_PENDING
        ):
            raise RpcError(
                ErrorKind.SECURITY, f"{action}: the station is not accepted ({registration})"
            )
        return await super().handle(action, payload)

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
        answer = await self._call(
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
        status, interval = answer["status"], int(answer.get("interval") or 0)
        if status == "Accepted":
            # B01.FR.04: the heartbeat interval is the one the CSMS gives.
            if interval > 0:
                self.settings.heartbeat_interval = interval
            self._booted_link = self.station.link
            jobs, self._after_boot = self._after_boot, []
            if jobs:
                self.station.spawn(_in_order(1.0, jobs))
        return status, interval

    async def heartbeat(self) -> None:
        await self._call("Heartbeat", {})

    def connector_status(self, evse: EvseState) -> str:
        """The 2.x connector status: Occupied only with a cable in (an idToken presented
        before the cable leaves the connector Available)."""
        if evse.status in ("Preparing", "Finishing") and evse.physics.ev is None:
            return "Available"
        return _CONNECTOR_STATUS[evse.status]

    async def status(self, evse: EvseState, *, force: bool = False) -> None:
        """StatusNotification of each connector of ``evse`` whose status changed since the
        last one sent; after a boot, or an outage longer than OfflineThreshold, of every
        connector (B04); ``force`` (TriggerMessage) sends it anyway."""
        station = self.station
        tx = evse.tx
        if tx is not None and station.online:
            # E01/E02: a change of the charging state is a TransactionEvent of its own.
            state = _CHARGING_STATE.get(evse.status)
            last = self._charging_states.get(tx.id)
            if state is not None and last is not None and state != last:
                self._charging_states[tx.id] = state
                station.enqueue("updated", tx, "ChargingStateChanged", station.read(evse))
        if not station.online and self._batch_link is not station.link:
            # The first status after (re)connecting: all of them, or only the changes.
            self._batch_link = station.link
            offline_s = station.clock.monotonic() - self._last_contact
            threshold = int(self.device_model.value("OCPPCommCtrlr", "OfflineThreshold") or 0)
            self._resend_all = self._booted_link is station.link or offline_s > threshold
            station.spawn(self._catch_up(station.link))
        for connector in evse.connector_ids:
            value = self.connector_status(evse)
            key = (evse.id, connector)
            unchanged = self._sent_status.get(key) == value
            if unchanged and not force and (station.online or not self._resend_all):
                continue
            before = self._sent_status.get(key)
            self._sent_status[key] = value  # so a change racing this one is not sent twice
            try:
                await self._call(
                    "StatusNotification",
                    {
                        "timestamp": iso(station.clock.now()),
                        "connectorStatus": value,
                        "evseId": evse.id,
                        "connectorId": connector,
                    },
                )
            except BaseException as error:
                if self._sent_status.get(key) == value:
                    self._sent_status[key] = before  # not delivered: still to send
                if not isinstance(error, CallError | TimeoutError):
                    raise  # the link is gone or the station stops: so are the others
                # Counted by the link; one refused connector must not leave the station's
                # other connectors unreported.
                log.debug("%s: StatusNotification %d/%d: %r", station.id, evse.id, connector, error)

    async def _catch_up(self, link: Any) -> None:
        """A status that changed while the station was still booting (after its status went
        out, before it counted as online) is sent once it is online."""
        for _ in range(100):
            if self.station.online or self.station.link is not link:
                break
            await asyncio.sleep(0.05)
        if self.station.online and self.station.link is link:
            for evse in self.station.evses.values():
                await self.status(evse)

    async def _statuses(self, evse_id: int | None) -> None:
        """Triggered StatusNotifications: sent whether or not anything changed."""
        for evse in self.station.evses.values():
            if evse_id in (None, evse.id):
                await self.status(evse, force=True)

    async def authorize(self, id_token: str) -> bool:
        answer = await self._call("Authorize", {"idToken": _token(id_token)})
        info = answer["idTokenInfo"]
        self._learn(id_token, info)
        return info["status"] == "Accepted"

    def _learn(self, id_token: str, info: Payload) -> None:
        """An IdTokenInfo from the CSMS: into the cache, and the token's group (C09)."""
        self.remember(id_token, info["status"], _expiry(info))
        group = info.get("groupIdToken")
        if group is not None:
            self.groups[id_token] = group["idToken"]
        else:
            self.groups.pop(id_token, None)

    def local_authorization(self, id_token: str, now: datetime) -> bool | None:
        """The Local Authorization List, then the Authorization Cache (C12: online, only an
        Accepted cache entry is final; for any other the CSMS is asked again)."""
        settings = self.station.settings
        self.cache.lifetime_s = settings.auth_cache_lifetime or None
        if settings.local_auth_list_enabled:
            listed = self.local_list.lookup(id_token, now)
            if listed is not None:
                return listed == "Accepted"
        if settings.auth_cache_enabled:
            cached = self.cache.lookup(id_token, now)
            if cached == "Accepted":
                return True
            if cached is not None and self.station.link is None:
                return False
        return None

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
        values = _v2_values(sampled(reading, self.measurands(context), context))
        if not values:
            return
        await self._call(
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
            "updated": _UPDATE_CONTEXT.get(item.trigger, "Sample.Periodic"),
            "ended": "Transaction.End",
        }[item.kind]
        if item.kind == "ended":
            info["stoppedReason"] = _STOPPED.get(tx.stop_reason or "Local", "Other")
        else:
            state = _CHARGING_STATE.get(evse.status)
            if state is not None and evse.tx is tx:
                info["chargingState"] = state
                self._charging_states[tx.id] = state
        if item.kind == "started" and tx.remote_start_id is None:
            pending = self._remote_ids.pop(evse.id, None)
            if pending and pending[1] == tx.id_token and _still_waiting(pending[2], station):
                tx.remote_start_id = pending[0]
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
        stopper = tx.stopped_by or tx.id_token
        if item.kind == "ended" and item.trigger == "StopAuthorized" and stopper:
            payload["idToken"] = _token(stopper)  # E07: the idToken that stopped it
        if item.kind == "started":
            payload["evse"] = {"id": evse.id, "connectorId": evse.connector_ids[0]}
            if tx.id_token:
                payload["idToken"] = _token(tx.id_token)
            if tx.remote_start_id is not None:
                payload["triggerReason"] = "RemoteStart"
        meter: list[Payload] = []
        if item.kind == "ended":
            # J02.FR/J01.FR: the TxEnded samples taken during the transaction.
            for at, reading, kind, listed in self._ended_data.pop(tx.id, []):
                values = _v2_values(sampled(reading, listed, kind))
                if values:
                    meter.append({"timestamp": iso(at), "sampledValue": values})
        elif item.kind == "started" and tx.id not in self._ended_data:
            self._ended_data[tx.id] = []
            station.spawn(self._sample_for_end(evse, tx))
        if item.reading is not None:
            values = _v2_values(sampled(item.reading, self.measurands(context), context))
            if values:
                meter.append({"timestamp": iso(item.at), "sampledValue": values})
        if meter:
            payload["meterValue"] = meter
        answer = await self._call("TransactionEvent", payload)
        token_info = answer.get("idTokenInfo")
        if token_info is not None and tx.id_token:
            self._learn(tx.id_token, token_info)
            if (
                token_info["status"] != "Accepted"
                and self.settings.stop_tx_on_invalid_id
                and evse.tx is tx
            ):
                station.end_tx(evse, "DeAuthorized", trigger="Deauthorized")

    async def _sample_for_end(self, evse: EvseState, tx: Any) -> None:
        """Readings for the Ended event: every SampledDataCtrlr.TxEndedInterval from the
        start (Sample.Periodic), and at every AlignedDataCtrlr.TxEndedInterval boundary of
        the clock (Sample.Clock), with their TxEndedMeasurands."""
        station, clock, model = self.station, self.station.clock, self.device_model
        started = tx.started_at.timestamp()
        due_sampled = due_aligned = 0.0
        while evse.tx is tx and tx.id in self._ended_data:
            every = int(model.value("SampledDataCtrlr", "TxEndedInterval") or 0)
            aligned = int(model.value("AlignedDataCtrlr", "TxEndedInterval") or 0)
            now = clock.now().timestamp()
            if every and not due_sampled:
                due_sampled = started + every * (int((now - started) // every) + 1)
            if aligned and not due_aligned:
                due_aligned = aligned * (int(now // aligned) + 1)
            targets = [t for t in (due_sampled, due_aligned) if t]
            await clock.sleep(min([1.0, *(t - now for t in targets)]))
            if evse.tx is not tx or tx.id not in self._ended_data:
                return
            now = clock.now().timestamp()
            samples = self._ended_data[tx.id]
            if due_sampled and now >= due_sampled - 1e-3:
                listed = self.settings.tx_ended_measurands
                samples.append((clock.now(), station.read(evse), "Sample.Periodic", listed))
                due_sampled = 0.0
            if due_aligned and now >= due_aligned - 1e-3:
                listed = self.settings.tx_ended_aligned_measurands
                samples.append((clock.now(), station.read(evse), "Sample.Clock", listed))
                due_aligned = 0.0

    async def reservation_ended(self, reservation_id: int, why: str) -> None:
        try:
            await self._call(
                "ReservationStatusUpdate",
                {"reservationId": reservation_id, "reservationUpdateStatus": why},
            )
        except Exception:
            return

    # -- CSMS -> station ---------------------------------------------------------------------

    async def on_RequestStartTransaction(self, p: Payload) -> Payload:
        if self.station.registration != "Accepted":
            return {"status": "Rejected"}  # B02: no transaction while Pending
        station = self.station
        token, remote_id = p["idToken"]["idToken"], p["remoteStartId"]
        evse = station.pick_evse(p.get("evseId"))
        held = evse.reservation if evse is not None else None
        if (
            evse is None
            or evse.tx is not None
            or not evse.operative
            or evse.faulted
            or (held is not None and held[1] != token)
        ):
            return {"status": "Rejected"}
        if "chargingProfile" in p:
            self.profiles.install(smart_charging.from_v201(p["chargingProfile"], evse.id))
        # The transaction may start later (cable plugged in): it carries remoteStartId then.
        deadline = station.clock.monotonic() + (self.settings.connection_timeout or 120)
        self._remote_ids[evse.id] = (remote_id, token, deadline)
        if self.settings.authorize_remote_tx_requests:
            # F02: AuthorizeRemoteStart: the idToken is authorized first, after the answer.
            async def authorize_then_start() -> None:
                if await station.authorize(token):
                    station.remote_start(evse.id, token, remote_id)

            station.spawn(_after_answer(authorize_then_start))
            return {"status": "Accepted"}
        ok = station.remote_start(evse.id, token, remote_id)
        return {"status": "Accepted" if ok else "Rejected"}

    async def on_RequestStopTransaction(self, p: Payload) -> Payload:
        if self.station.registration != "Accepted":
            return {"status": "Rejected"}
        ok = self.station.remote_stop(p["transactionId"])
        return {"status": "Accepted" if ok else "Rejected"}

    async def on_Reset(self, p: Payload) -> Payload:
        if p.get("evseId") is not None:
            # B11.FR.10/B12.FR.09: resetting one EVSE is not supported by this station.
            return {"status": "Rejected"}
        busy = any(e.tx is not None for e in self.station.evses.values())
        if p["type"] == "OnIdle" and busy:
            # B12.FR.01: reset once the last transaction has ended.
            if not self._reset_waiting:
                self._reset_waiting = True
                self.station.spawn(self._reset_when_idle())
            return {"status": "Scheduled"}
        self._network_after_reboot()
        self.station.reset(hard=p["type"] == "Immediate")
        return {"status": "Accepted"}

    async def on_SetNetworkProfile(self, p: Payload) -> Payload:
        """B09: a connection profile for a slot. This station speaks OCPP 2.0.1 JSON over
        ws:// with HTTP Basic auth (security profile 1): a profile it could not use, a lower
        security profile, or a slot it does not have is Rejected."""
        slot, profile = p["configurationSlot"], p["connectionData"]
        url = str(profile["ocppCsmsUrl"])
        usable = (
            slot in _NETWORK_SLOTS
            and profile.get("ocppVersion", "OCPP20") == "OCPP20"  # 2.1 has none
            and profile["ocppTransport"] == "JSON"
            and profile["securityProfile"] == self.settings.security_profile
            and url.startswith(("ws://", "wss://"))
        )
        if not usable:
            return {"status": "Rejected"}
        self._network_profiles[slot] = url
        return {"status": "Accepted"}

    def _network_after_reboot(self) -> None:
        """On a reset: changes that waited for a reboot (NetworkConfigurationPriority) take
        effect, and the station connects with the first profile of the priority list."""
        self.device_model.apply_pending()
        listed = self.device_model.value("OCPPCommCtrlr", "NetworkConfigurationPriority") or ""
        for item in listed.split(","):
            slot = int(item) if item.strip().isdigit() else None
            if slot in self._network_profiles:
                self.station.url = self._network_profiles[slot]
                return

    async def _reset_when_idle(self) -> None:
        while any(e.tx is not None for e in self.station.evses.values()):  # noqa: ASYNC110
            await asyncio.sleep(0.1)
        await asyncio.sleep(0.5)  # the Ended event goes out first
        self._reset_waiting = False
        self._network_after_reboot()
        self.station.reset(hard=False)

    async def on_UnlockConnector(self, p: Payload) -> Payload:
        evse = self.station.evses.get(p["evseId"])
        if evse is None or p["connectorId"] not in evse.connector_ids:
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
        items = p["setVariableData"]
        # A01.FR.?: a new HTTP Basic password is 16 to 40 characters (passwordString).
        refused = [
            i
            for i, item in enumerate(items)
            if _is_password(item) and not 16 <= len(str(item["attributeValue"])) <= 40
        ]
        results = self.device_model.set_variables(
            [item for i, item in enumerate(items) if i not in refused]
        )
        for i in refused:
            results.insert(
                i,
                {
                    "attributeType": items[i].get("attributeType", "Actual"),
                    "component": items[i]["component"],
                    "variable": items[i]["variable"],
                    "attributeStatus": "Rejected",
                    "attributeStatusInfo": {"reasonCode": "InvalidValue"},
                },
            )
        self.station.retime()  # a new heartbeat or clock-aligned interval counts from now
        for item, result in zip(items, results, strict=True):
            if _is_password(item) and result["attributeStatus"] == "Accepted":
                # A01.FR.?: the station connects again, with the new password.
                self.station.spec.password = str(item["attributeValue"])
                self.station.spawn(self._reconnect())
        return {"setVariableResult": results}

    async def _reconnect(self) -> None:
        await asyncio.sleep(0.5)  # the answer goes first
        link = self.station.link
        if link is not None:
            await link.close()

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
                await self._call("NotifyReport", payload)

        self.station.spawn(_after_answer(send))
        return {"status": "Accepted"}

    async def on_ClearCache(self, p: Payload) -> Payload:
        if not self.station.settings.auth_cache_enabled:
            return {"status": "Rejected"}  # C11.FR.04: no cache to clear
        self.cache.clear()
        return {"status": "Accepted"}

    async def on_DataTransfer(self, p: Payload) -> Payload:
        return {"status": "UnknownVendorId"}

    async def on_TriggerMessage(self, p: Payload) -> Payload:
        what = p["requestedMessage"]
        evse_id = (p.get("evse") or {}).get("id")
        station = self.station
        jobs = {
            "BootNotification": self._triggered_boot,
            "Heartbeat": self.heartbeat,
            "StatusNotification": lambda: self._statuses(evse_id),
            "MeterValues": lambda: self._meter_now(evse_id),
            "FirmwareStatusNotification": lambda: self._firmware(*self._firmware_state),
            "LogStatusNotification": lambda: self._log(*self._log_state),
            "TransactionEvent": lambda: self._tx_now(evse_id),
        }
        job = jobs.get(what)
        if job is None:
            return {"status": "NotImplemented"}
        if what == "BootNotification" and station.registration == "Accepted":
            return {"status": "Rejected"}  # F06.FR.17: already accepted
        if evse_id is not None and evse_id not in station.evses:
            return {"status": "Rejected"}
        station.spawn(_after_answer(job))
        return {"status": "Accepted"}

    async def _triggered_boot(self) -> None:
        """A BootNotification the CSMS asked for while Pending: Accepted ends the wait."""
        status, _ = await self.boot("Triggered")
        station = self.station
        station.registration = status
        if status == "Accepted" and not station.booted:
            station.booted = True
            station.boots += 1
            for evse in station.evses.values():
                await self.status(evse)
            self._resend_all = False  # the boot loop, when it wakes, has nothing to repeat
            station.online = True  # status changes and transactions go out from now on

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
        """L01 secure firmware update. A simulated station downloads nothing: the location
        decides how it goes (see :func:`simulator.v16.transfer_fails` and ``install_fails``)
        and the signature is checked over the location (:mod:`simulator.pki`)."""
        request_id, firmware = p["requestId"], p["firmware"]
        certificate = firmware.get("signingCertificate")
        chain = pki.load_chain(certificate) if certificate is not None else None
        if certificate is not None and (chain is None or not pki.valid_now(chain[0])):
            # L01.FR.02: a signing certificate that does not parse, or is out of date.
            self.station.spawn(
                _after_answer(lambda: self.security_event("InvalidFirmwareSigningCertificate"))
            )
            return {"status": "InvalidCertificate"}
        busy = self._firmware_state[0] != "Idle"
        self._firmware_runs += 1
        signature = firmware.get("signature")
        verified = (
            None
            if certificate is None or signature is None
            else pki.signature_valid(certificate, signature, firmware["location"])
        )
        self.station.spawn(
            self._update(
                self._firmware_runs,
                request_id,
                firmware["location"],
                verified,
                firmware.get("retrieveDateTime"),
                firmware.get("installDateTime"),
            )
        )
        # L01.FR.24: a new request cancels the update under way.
        return {"status": "AcceptedCanceled" if busy else "Accepted"}

    async def _update(
        self,
        run: int,
        request_id: int,
        location: str,
        verified: bool | None,
        retrieve_at: str | None,
        install_at: str | None,
    ) -> None:
        clock = self.station.clock

        async def say(status: str) -> bool:
            if run != self._firmware_runs:
                return False  # a newer request took over
            await self._firmware(status, request_id)
            await clock.sleep(_TRANSFER_STEP_S)
            return True

        try:
            await asyncio.sleep(0.05)  # the answer goes first
            if (wait := _seconds_until(retrieve_at, clock.now())) > 0:
                if not await say("DownloadScheduled"):
                    return
                await clock.sleep(wait)
            if not await say("Downloading"):
                return
            if transfer_fails(location):
                await say("DownloadFailed")
                return
            if not await say("Downloaded"):
                return
            if verified is False:
                await say("InvalidSignature")
                await self.security_event("InvalidFirmwareSignature")
                return
            if verified and not await say("SignatureVerified"):
                return
            if (wait := _seconds_until(install_at, clock.now())) > 0:
                if not await say("InstallScheduled"):
                    return
                await clock.sleep(wait)
            if not await say("Installing"):
                return
            if install_fails(location):
                await say("InstallationFailed")
                return
            self._after_boot.append(lambda: self._firmware("Installed", request_id))
            self._after_boot.append(lambda: self.security_event("FirmwareUpdated"))
            if await say("InstallRebooting"):
                self.station.reset(hard=True, boot_reason="FirmwareUpdate")
        except (CallError, TimeoutError, Disconnected):
            return  # the link dropped: a real station gives up too

    async def security_event(self, kind: str) -> None:
        await self._call(
            "SecurityEventNotification", {"type": kind, "timestamp": iso(self.station.clock.now())}
        )

    async def _firmware(self, status: str, request_id: int | None) -> None:
        busy = status in _FIRMWARE_BUSY
        self._firmware_state = (status, request_id) if busy else ("Idle", None)
        payload: Payload = {"status": status}
        if request_id is not None:
            payload["requestId"] = request_id
        await self._call("FirmwareStatusNotification", payload)

    async def on_GetLog(self, p: Payload) -> Payload:
        """N01: the log goes to remoteLocation (simulated: a location that cannot work, see
        :func:`simulator.v16.transfer_fails`, fails the upload)."""
        request_id, location = p["requestId"], p["log"]["remoteLocation"]
        busy = self._log_state[0] == "Uploading"
        self._log_runs += 1
        run = self._log_runs

        async def upload() -> None:
            clock = self.station.clock
            try:
                await asyncio.sleep(0.05)  # the answer goes first
                for status in (
                    "Uploading",
                    "UploadFailure" if transfer_fails(location) else "Uploaded",
                ):
                    if run != self._log_runs:
                        return  # N01.FR.12: a newer request canceled this one
                    await self._log(status, request_id)
                    await clock.sleep(2 * _TRANSFER_STEP_S)
            except (CallError, TimeoutError, Disconnected):
                return

        self.station.spawn(upload())
        kind = "security" if p["logType"] == "SecurityLog" else "diagnostics"
        return {
            "status": "AcceptedCanceled" if busy else "Accepted",
            "filename": f"{self.station.id}-{kind}.log",
        }

    async def _log(self, status: str, request_id: int | None) -> None:
        self._log_state = (status, request_id) if status == "Uploading" else ("Idle", None)
        payload: Payload = {"status": status}
        if request_id is not None:
            payload["requestId"] = request_id
        await self._call("LogStatusNotification", payload)

    async def on_CertificateSigned(self, p: Payload) -> Payload:
        self.certificates["ChargingStationCertificate"] = p["certificateChain"]
        return {"status": "Accepted"}

    async def on_InstallCertificate(self, p: Payload) -> Payload:
        """M05: a root certificate that parses and is in date is kept (a second copy of
        one already installed replaces it); anything else is Rejected."""
        chain = pki.load_chain(p["certificate"])
        if chain is None or not pki.valid_now(chain[0], self.station.clock.now()):
            return {"status": "Rejected"}
        kind, new = p["certificateType"], pki.hash_data(chain[0])
        self._roots = [(k, c) for k, c in self._roots if pki.hash_data(c) != new]
        self._roots.append((kind, chain[0]))
        self.certificates[kind] = p["certificate"]
        return {"status": "Accepted"}

    async def on_GetInstalledCertificateIds(self, p: Payload) -> Payload:
        """M03: the installed root certificates of the types asked for (all without)."""
        wanted = p.get("certificateType")
        found = [
            {"certificateType": kind, "certificateHashData": pki.hash_data(cert).wire()}
            for kind, cert in self._roots
            if not wanted or kind in wanted
        ]
        if not found:
            return {"status": "NotFound"}
        return {"status": "Accepted", "certificateHashDataChain": found}

    async def on_DeleteCertificate(self, p: Payload) -> Payload:
        """M04: delete the installed certificate the hash data names."""
        wanted = p["certificateHashData"]
        kept = [(k, c) for k, c in self._roots if not pki.hash_data(c).matches(wanted)]
        if len(kept) == len(self._roots):
            return {"status": "NotFound"}
        self._roots = kept
        return {"status": "Accepted"}

    async def on_GetTransactionStatus(self, p: Payload) -> Payload:
        station = self.station
        tx_id = p.get("transactionId")
        queued = any(tx_id in (None, item.tx.id) for item in station.queue)
        answer: Payload = {"messagesInQueue": queued}
        if tx_id is not None:
            answer["ongoingIndicator"] = station.transaction(tx_id) is not None
        return answer

    async def on_CustomerInformation(self, p: Payload) -> Payload:
        """N09/N10: what the station holds about a customer (its Authorization Cache entry
        and group), reported and/or cleared."""
        token = (p.get("idToken") or {}).get("idToken")
        who = token or p.get("customerIdentifier")
        if who is None and p.get("customerCertificate") is None:
            return {"status": "Rejected"}  # N09.FR.09: nobody named
        now = self.station.clock.now()
        known = token is not None and self.cache.get(token, now) is not None
        if known:
            info = self.cache.get(token, now)
            data = f"idToken {token}: authorization cache status {info.status}"  # type: ignore[union-attr]
            if token in self.groups:
                data += f", group {self.groups[token]}"
        else:
            data = "No customer information found"
        if p["clear"] and token is not None:
            self.cache.remove(token)
            self.groups.pop(token, None)
            data = f"{data}; cleared" if known else data
        if p["report"]:
            payload = {
                "data": data[:512],
                "seqNo": 0,
                "generatedAt": iso(now),
                "requestId": p["requestId"],
            }
            self.station.spawn(
                _after_answer(lambda: self._call("NotifyCustomerInformation", payload))
            )
        return {"status": "Accepted"}

    async def on_CostUpdated(self, p: Payload) -> Payload:
        self.last_cost = (p["transactionId"], p["totalCost"])
        return {}


def _still_waiting(deadline: float, station: Station) -> bool:
    """A remote start still waiting (its connection timeout not passed)."""
    return station.clock.monotonic() <= deadline


def _is_password(item: Payload) -> bool:
    return (
        item["component"].get("name") == "SecurityCtrlr"
        and item["variable"].get("name") == "BasicAuthPassword"
        and item.get("attributeType", "Actual") == "Actual"
    )


async def _in_order(delay: float, jobs: list[Any]) -> None:
    await asyncio.sleep(delay)
    for job in jobs:
        try:
            await job()
        except Exception:
            return


def _seconds_until(when: str | None, now: datetime) -> float:
    moment = parse_time(when) if when else None
    return 0.0 if moment is None else min(300.0, max(0.0, (moment - now).total_seconds()))


def _expiry(info: Payload) -> datetime | None:
    text = info.get("cacheExpiryDateTime")
    return parse_time(text)
