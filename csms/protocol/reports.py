"""Everything else a station reports: firmware, diagnostics and logs, security, data transfer,
device model, monitoring, smart-charging notifications, reservations, display messages.

Each becomes a StationReported event, stored whole, and gets the answer its schema asks for.
"""

from __future__ import annotations

from collections.abc import Callable

from csms.domain.events import StationReported
from csms.protocol.router import CallContext, Payload, Router
from ocppj.versions import OcppVersion
from ocppj.wiretime import parse_time

router = Router()

V2 = (OcppVersion.V201, OcppVersion.V21)
ALL = (OcppVersion.V16, *V2)


def _reported(
    action: str,
    kind: str,
    versions: tuple[OcppVersion, ...],
    *,
    status_field: str | None = "status",
    answer: Callable[[Payload], Payload] = lambda _p: {},
) -> None:
    async def handle(ctx: CallContext, p: Payload) -> Payload:
        stamp = p.get("timestamp") or p.get("generatedAt")
        await ctx.services.stations.reported(
            StationReported(
                station_id=ctx.station_id,
                kind=kind,
                data=p,
                # the summary column holds 50 characters; data keeps the value whole
                status=str(p[status_field])[:50] if status_field and status_field in p else None,
                timestamp=parse_time(stamp) if isinstance(stamp, str) else None,
            )
        )
        return answer(p)

    handle.__name__ = f"{kind}_handler"
    router.on(action, *versions)(handle)


_reported("FirmwareStatusNotification", "firmware_status", ALL)
_reported("SignedFirmwareStatusNotification", "firmware_status", (OcppVersion.V16,))
_reported("PublishFirmwareStatusNotification", "publish_firmware_status", V2)
_reported("DiagnosticsStatusNotification", "diagnostics_status", (OcppVersion.V16,))
_reported("LogStatusNotification", "log_status", ALL)
_reported("SecurityEventNotification", "security_event", ALL, status_field="type")
# No certificate authority is configured for signing station CSRs yet: say so, keep the CSR.
_reported(
    "SignCertificate",
    "certificate_signing_request",
    ALL,
    status_field=None,
    answer=lambda _p: {"status": "Rejected"},
)
_reported(
    "Get15118EVCertificate",
    "ev_certificate_request",
    V2,
    status_field="action",
    answer=lambda _p: {"status": "Failed", "exiResponse": ""},
)
_reported(
    "GetCertificateStatus",
    "certificate_status_request",
    V2,
    status_field=None,
    answer=lambda _p: {"status": "Failed"},
)
# No vendor extensions are registered, so every DataTransfer is UnknownVendorId (as the spec says).
_reported(
    "DataTransfer",
    "data_transfer",
    ALL,
    status_field="vendorId",
    answer=lambda _p: {"status": "UnknownVendorId"},
)
_reported("NotifyReport", "device_report", V2, status_field="requestId")
_reported("NotifyMonitoringReport", "monitoring_report", V2, status_field="requestId")
_reported("NotifyEvent", "monitoring_event", V2, status_field=None)
_reported("NotifyCustomerInformation", "customer_information", V2, status_field="requestId")
_reported("NotifyDisplayMessages", "display_messages", V2, status_field="requestId")
_reported("NotifyChargingLimit", "charging_limit", V2, status_field=None)
_reported("ClearedChargingLimit", "charging_limit_cleared", V2, status_field="chargingLimitSource")
_reported("ReportChargingProfiles", "charging_profiles_report", V2, status_field="requestId")
_reported(
    "NotifyEVChargingSchedule",
    "ev_charging_schedule",
    V2,
    status_field=None,
    answer=lambda _p: {"status": "Accepted"},
)
# No smart-charging engine yet computes schedules for EV charging needs.
_reported(
    "NotifyEVChargingNeeds",
    "ev_charging_needs",
    V2,
    status_field=None,
    answer=lambda _p: {"status": "Rejected"},
)
_reported(
    "ReservationStatusUpdate", "reservation_status", V2, status_field="reservationUpdateStatus"
)
