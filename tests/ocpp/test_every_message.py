"""Every charger-initiated action the CSMS handles, in every version, is answered with a valid
CALLRESULT and leaves a trace in the admin API.

One table per version (2.0.1 and 2.1 share theirs): action -> (wire payload, how to see it was
persisted). The tables must cover exactly the router's actions, so a new handler without a row
here fails the suite. The rows run in order on one connection; a row may use the answers earlier
rows got.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from decimal import Decimal
from types import ModuleType
from typing import Any

import ocpp.v16.call
import ocpp.v21.call
import ocpp.v201.call
import pytest

from csms.protocol.handlers import build_router
from tests.support.bench import Bench
from tests.support.payloads import at, request, send, ts, when, wire

CARD = "CARD-EVERY"
CSR = (
    "-----BEGIN CERTIFICATE REQUEST-----\nMIIBMDCB1wIBADB1MQswCQYDVQQGEwJOTDEQ\n"
    "-----END CERTIFICATE REQUEST-----"
)


@dataclass
class Sent:
    """One row's CALL, its answer, and the answers the rows before it got."""

    bench: Bench
    station_id: str
    version: str
    payload: dict[str, Any]  # as it went over the wire
    answer: Any
    earlier: dict[str, Any]

    async def get(self, path: str, **params: Any) -> Any:
        response = await self.bench.api.get(f"/api/v1{path}", params=params)
        assert response.status_code == 200, response.text
        return response.json()

    async def station(self) -> dict[str, Any]:
        return await self.get(f"/stations/{self.station_id}")

    async def transaction(self, ref: str) -> dict[str, Any]:
        listing = await self.get("/transactions", station_id=self.station_id)
        matching = [t for t in listing["items"] if t["ref"] == ref]
        assert len(matching) == 1, listing
        return await self.get(f"/transactions/{matching[0]['id']}")


Check = Callable[[Sent], Awaitable[None]]
Payload = Callable[[dict[str, Any]], dict[str, Any]]  # earlier answers -> wire payload


@dataclass(frozen=True)
class Row:
    payload: Payload
    check: Check


def fixed(payload: dict[str, Any]) -> Payload:
    return lambda _earlier: payload


def kept(stored: Any, sent: Any, where: str = "payload") -> None:
    """Everything the station sent is stored unchanged. (The CSMS's schema validation fills in
    schema defaults, such as NotifyReport's tbc=false, so the store may hold more.)"""
    if isinstance(sent, dict):
        assert isinstance(stored, dict), f"{where}: {stored!r} instead of {sent!r}"
        for key, value in sent.items():
            assert key in stored, f"{where}.{key} was not stored"
            kept(stored[key], value, f"{where}.{key}")
    elif isinstance(sent, list):
        assert isinstance(stored, list) and len(stored) == len(sent), f"{where}: {stored!r}"
        for i, (a, b) in enumerate(zip(stored, sent, strict=True)):
            kept(a, b, f"{where}[{i}]")
    else:
        assert stored == sent and type(stored) is type(sent), f"{where}: {stored!r} != {sent!r}"


@dataclass(frozen=True)
class reported:  # lower case: reads as a check in the tables
    """Stored once as a station event of ``kind``, the payload kept whole."""

    kind: str
    status: str | None

    async def __call__(self, sent: Sent) -> None:
        events = await sent.get(f"/stations/{sent.station_id}/events", kind=self.kind)
        assert events, f"no {self.kind} event stored"
        newest = events[0]
        assert newest["kind"] == self.kind
        kept(newest["data"], sent.payload)
        assert newest["status"] == self.status
        stamp = sent.payload.get("timestamp") or sent.payload.get("generatedAt")
        assert (when(newest["timestamp"]) if newest["timestamp"] else None) == (
            when(stamp) if stamp else None
        )


# Core actions, checked through the station, connector and transaction routes.


async def booted(sent: Sent) -> None:
    station = await sent.station()
    assert sent.answer.status == "Accepted"
    assert (station["vendor"], station["model"]) == ("Vendor", "Model")
    assert station["ocpp_version"] == sent.version
    assert station["last_boot_at"] is not None


async def heartbeat(sent: Sent) -> None:
    station = await sent.station()
    assert when(station["last_seen_at"]) >= when(station["last_boot_at"])
    assert when(sent.answer.current_time) >= when(station["last_boot_at"]).replace(microsecond=0)


async def connector_available(sent: Sent) -> None:
    connectors = await sent.get(f"/stations/{sent.station_id}/connectors")
    history = await sent.get(f"/stations/{sent.station_id}/status-history")
    assert [(c["evse_id"], c["connector_id"], c["status"]) for c in connectors] == [
        (1, 1, "Available")
    ]
    assert [h["status"] for h in history] == ["Available"]


async def authorized(sent: Sent) -> None:
    info = sent.answer.id_tag_info if sent.version == "1.6" else sent.answer.id_token_info
    assert info["status"] == "Accepted"


async def started_16(sent: Sent) -> None:
    tx = await sent.get(f"/transactions/{sent.answer.transaction_id}")
    assert sent.answer.id_tag_info["status"] == "Accepted"
    assert (tx["evse_id"], tx["id_token"], tx["token_status"]) == (1, CARD, "Accepted")
    assert Decimal(tx["meter_start_wh"]) == 100
    assert tx["ended_at"] is None


async def metered_16(sent: Sent) -> None:
    tx = await sent.get(f"/transactions/{sent.earlier['StartTransaction'].transaction_id}")
    assert [
        (when(m["timestamp"]), m["measurand"], Decimal(m["value"]), m["unit"])
        for m in tx["meter_values"]
    ] == [(at(1), "Energy.Active.Import.Register", 150, "Wh")]


async def stopped_16(sent: Sent) -> None:
    tx = await sent.get(f"/transactions/{sent.earlier['StartTransaction'].transaction_id}")
    assert when(tx["ended_at"]) == at(2)
    assert Decimal(tx["energy_wh"]) == 150
    assert tx["stop_reason"] == "Local"


async def started_2(sent: Sent) -> None:
    tx = await sent.transaction("TX-EVERY")
    assert (tx["evse_id"], tx["last_seq_no"], tx["ended_at"]) == (1, 0, None)
    assert (tx["id_token"], tx["token_status"]) == (CARD, "Accepted")
    assert sent.answer.id_token_info["status"] == "Accepted"


async def metered_2(sent: Sent) -> None:
    tx = await sent.transaction("TX-EVERY")
    assert [
        (when(m["timestamp"]), m["measurand"], Decimal(m["value"]), m["unit"])
        for m in tx["meter_values"]
    ] == [(at(1), "Energy.Active.Import.Register", 150, "Wh")]


V16: dict[str, Row] = {
    "BootNotification": Row(
        fixed({"chargePointVendor": "Vendor", "chargePointModel": "Model"}), booted
    ),
    "Heartbeat": Row(fixed({}), heartbeat),
    "StatusNotification": Row(
        fixed({"connectorId": 1, "errorCode": "NoError", "status": "Available"}),
        connector_available,
    ),
    "Authorize": Row(fixed({"idTag": CARD}), authorized),
    "StartTransaction": Row(
        fixed({"connectorId": 1, "idTag": CARD, "meterStart": 100, "timestamp": ts(0)}), started_16
    ),
    "MeterValues": Row(
        lambda earlier: {
            "connectorId": 1,
            "transactionId": earlier["StartTransaction"].transaction_id,
            "meterValue": [{"timestamp": ts(1), "sampledValue": [{"value": "150"}]}],
        },
        metered_16,
    ),
    "StopTransaction": Row(
        lambda earlier: {
            "meterStop": 250,
            "timestamp": ts(2),
            "transactionId": earlier["StartTransaction"].transaction_id,
        },
        stopped_16,
    ),
    "DataTransfer": Row(
        fixed({"vendorId": "org.evharness"}), reported("data_transfer", "org.evharness")
    ),
    "DiagnosticsStatusNotification": Row(
        fixed({"status": "Uploaded"}), reported("diagnostics_status", "Uploaded")
    ),
    "FirmwareStatusNotification": Row(
        fixed({"status": "Installed"}), reported("firmware_status", "Installed")
    ),
    # The library's 1.6 dataclasses insist on requestId and techInfo, optional in the schemas.
    "LogStatusNotification": Row(
        fixed({"status": "Uploaded", "requestId": 3}), reported("log_status", "Uploaded")
    ),
    "SecurityEventNotification": Row(
        fixed({"type": "FirmwareUpdated", "timestamp": ts(3), "techInfo": "5.2 installed"}),
        reported("security_event", "FirmwareUpdated"),
    ),
    "SignCertificate": Row(fixed({"csr": CSR}), reported("certificate_signing_request", None)),
    "SignedFirmwareStatusNotification": Row(
        fixed({"status": "SignatureVerified", "requestId": 4}),
        reported("firmware_status", "SignatureVerified"),
    ),
}

CHARGING_SCHEDULE = {
    "id": 1,
    "chargingRateUnit": "A",
    "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 16}],
}

V2: dict[str, Row] = {
    "BootNotification": Row(
        fixed({"chargingStation": {"model": "Model", "vendorName": "Vendor"}, "reason": "PowerUp"}),
        booted,
    ),
    "Heartbeat": Row(fixed({}), heartbeat),
    "StatusNotification": Row(
        fixed({"timestamp": ts(0), "connectorStatus": "Available", "evseId": 1, "connectorId": 1}),
        connector_available,
    ),
    "Authorize": Row(fixed({"idToken": {"idToken": CARD, "type": "ISO14443"}}), authorized),
    "TransactionEvent": Row(
        fixed(
            {
                "eventType": "Started",
                "timestamp": ts(0),
                "triggerReason": "Authorized",
                "seqNo": 0,
                "transactionInfo": {"transactionId": "TX-EVERY"},
                "evse": {"id": 1},
                "idToken": {"idToken": CARD, "type": "ISO14443"},
            }
        ),
        started_2,
    ),
    "MeterValues": Row(
        fixed(
            {"evseId": 1, "meterValue": [{"timestamp": ts(1), "sampledValue": [{"value": 150}]}]}
        ),
        metered_2,
    ),
    "DataTransfer": Row(
        fixed({"vendorId": "org.evharness"}), reported("data_transfer", "org.evharness")
    ),
    "FirmwareStatusNotification": Row(
        fixed({"status": "Installed"}), reported("firmware_status", "Installed")
    ),
    "PublishFirmwareStatusNotification": Row(
        fixed({"status": "Published"}), reported("publish_firmware_status", "Published")
    ),
    "LogStatusNotification": Row(fixed({"status": "Uploaded"}), reported("log_status", "Uploaded")),
    "SecurityEventNotification": Row(
        fixed({"type": "FirmwareUpdated", "timestamp": ts(3)}),
        reported("security_event", "FirmwareUpdated"),
    ),
    "SignCertificate": Row(fixed({"csr": CSR}), reported("certificate_signing_request", None)),
    "Get15118EVCertificate": Row(
        fixed(
            {
                "iso15118SchemaVersion": "urn:iso:15118:2:2013:MsgDef",
                "action": "Install",
                "exiRequest": "gJgCBAYIChA=",
            }
        ),
        reported("ev_certificate_request", "Install"),
    ),
    "GetCertificateStatus": Row(
        fixed(
            {
                "ocspRequestData": {
                    "hashAlgorithm": "SHA256",
                    "issuerNameHash": "a1" * 32,
                    "issuerKeyHash": "b2" * 32,
                    "serialNumber": "0c4f",
                    "responderURL": "http://ocsp.example.org",
                }
            }
        ),
        reported("certificate_status_request", None),
    ),
    "NotifyReport": Row(
        fixed(
            {
                "requestId": 11,
                "generatedAt": ts(4),
                "seqNo": 0,
                "reportData": [
                    {
                        "component": {"name": "EVSE", "evse": {"id": 1}},
                        "variable": {"name": "Power"},
                        "variableAttribute": [{"type": "Actual", "value": "22000"}],
                        "variableCharacteristics": {
                            "dataType": "decimal",
                            "supportsMonitoring": True,
                            "unit": "W",
                        },
                    }
                ],
            }
        ),
        reported("device_report", "11"),
    ),
    "NotifyMonitoringReport": Row(
        fixed({"requestId": 12, "generatedAt": ts(5), "seqNo": 0}),
        reported("monitoring_report", "12"),
    ),
    "NotifyEvent": Row(
        fixed(
            {
                "generatedAt": ts(6),
                "seqNo": 0,
                "eventData": [
                    {
                        "eventId": 1,
                        "timestamp": ts(6),
                        "trigger": "Delta",
                        "actualValue": "Faulted",
                        "eventNotificationType": "HardWiredNotification",
                        "component": {"name": "Connector", "evse": {"id": 1, "connectorId": 1}},
                        "variable": {"name": "AvailabilityState"},
                    }
                ],
            }
        ),
        reported("monitoring_event", None),
    ),
    "NotifyCustomerInformation": Row(
        fixed({"data": "no data held", "seqNo": 0, "generatedAt": ts(7), "requestId": 13}),
        reported("customer_information", "13"),
    ),
    "NotifyDisplayMessages": Row(fixed({"requestId": 14}), reported("display_messages", "14")),
    "NotifyChargingLimit": Row(
        fixed({"chargingLimit": {"chargingLimitSource": "EMS"}}), reported("charging_limit", None)
    ),
    "ClearedChargingLimit": Row(
        fixed({"chargingLimitSource": "EMS"}), reported("charging_limit_cleared", "EMS")
    ),
    "ReportChargingProfiles": Row(
        fixed(
            {
                "requestId": 15,
                "chargingLimitSource": "CSO",
                "evseId": 1,
                "chargingProfile": [
                    {
                        "id": 1,
                        "stackLevel": 0,
                        "chargingProfilePurpose": "TxDefaultProfile",
                        "chargingProfileKind": "Relative",
                        "chargingSchedule": [CHARGING_SCHEDULE],
                    }
                ],
            }
        ),
        reported("charging_profiles_report", "15"),
    ),
    "NotifyEVChargingSchedule": Row(
        fixed({"timeBase": ts(8), "evseId": 1, "chargingSchedule": CHARGING_SCHEDULE}),
        reported("ev_charging_schedule", None),
    ),
    "NotifyEVChargingNeeds": Row(
        fixed({"evseId": 1, "chargingNeeds": {"requestedEnergyTransfer": "AC_three_phase"}}),
        reported("ev_charging_needs", None),
    ),
    "ReservationStatusUpdate": Row(
        fixed({"reservationId": 9, "reservationUpdateStatus": "Expired"}),
        reported("reservation_status", "Expired"),
    ),
}

TABLES: dict[str, tuple[ModuleType, dict[str, Row]]] = {
    "1.6": (ocpp.v16.call, V16),
    "2.0.1": (ocpp.v201.call, V2),
    "2.1": (ocpp.v21.call, V2),
}


def test_the_tables_cover_exactly_the_actions_the_router_handles() -> None:
    handled: dict[str, set[str]] = defaultdict(set)
    for version, action in build_router().handlers:
        handled[version].add(action)
    assert {version: set(rows) for version, (_, rows) in TABLES.items()} == dict(handled)


@pytest.mark.parametrize("version", list(TABLES))
async def test_every_action_is_answered_and_persisted(bench: Bench, version: str) -> None:
    module, rows = TABLES[version]
    station_id = f"CP-EVERY-{version}"
    await bench.add_token(CARD)
    failures: dict[str, str] = {}
    sent_kinds: dict[str, int] = defaultdict(int)
    async with bench.station(station_id, version) as cp:
        earlier: dict[str, Any] = {}
        for action, row in rows.items():
            message = request(module, action, row.payload(earlier))
            try:
                answer = await send(cp, message)
                earlier[action] = answer
                await row.check(Sent(bench, station_id, version, wire(message), answer, earlier))
            except Exception as exc:  # report every action that fails, not just the first
                failures[action] = f"{type(exc).__name__}: {exc}"
            if isinstance(row.check, reported):
                sent_kinds[row.check.kind] += 1
        events = (await bench.api.get(f"/api/v1/stations/{station_id}/events")).json()
    assert not failures, failures
    stored: dict[str, int] = defaultdict(int)
    for event in events:
        stored[event["kind"]] += 1
    assert dict(stored) == dict(sent_kinds)  # each report stored exactly once


async def test_report_fields_at_their_schema_limits_are_stored(bench: Bench) -> None:
    """A DataTransfer vendorId may be 255 characters in 1.6 and 2.0.1; it used to overflow the
    event's 50-character status column on PostgreSQL and be answered InternalError."""
    vendor = "org.evharness." + "v" * 241
    for version, module in (("1.6", ocpp.v16.call), ("2.0.1", ocpp.v201.call)):
        station_id = f"CP-LIMITS-{version}"
        async with bench.station(station_id, version) as cp:
            boot = (V16 if version == "1.6" else V2)["BootNotification"].payload({})
            await send(cp, request(module, "BootNotification", boot))
            await send(
                cp, module.DataTransfer(vendor_id=vendor, message_id="m" * 50, data="x" * 1000)
            )
            events = (
                await bench.api.get(
                    f"/api/v1/stations/{station_id}/events", params={"kind": "data_transfer"}
                )
            ).json()
        assert [e["data"] for e in events] == [
            {"vendorId": vendor, "messageId": "m" * 50, "data": "x" * 1000}
        ]
        assert vendor.startswith(events[0]["status"])
