"""What every 2.x block shares: the adapter's state, its CALLs (which note when the CSMS was
last heard), what the CSMS may ask before an Accepted boot, and the 2.x shapes of an
idToken, an IdTokenInfo and sampled values."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from ocppj.rpc import ErrorKind, RpcError
from ocppj.versions import OcppVersion
from simulator.adapters.base import Adapter
from simulator.adapters.shared import Payload, iso
from simulator.station_config import DeviceModel, StationSettings
from simulator.wiretime import parse_time

if TYPE_CHECKING:
    from simulator.station import Station, StationSpec

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


class Base201(Adapter):
    version = OcppVersion.V201

    def __init__(self, station: Station, spec: StationSpec) -> None:
        super().__init__(station, spec)
        self.version = spec.version
        self.settings = StationSettings(number_of_evses=spec.model.evses)
        self.device_model = DeviceModel(
            self.settings,
            spec.settings,
            availability=self.availability,  # the availability block's
            local_list_entries=lambda: len(self.local_list),
            date_time=lambda: iso(self.clock.now()),
        )
        self.profiles = self.profile_store(self.settings)
        # The connector status last sent (B04: after a short outage only changes are sent),
        # when the CSMS was last heard, and the connection the station last booted on.
        self.sent_status: dict[tuple[int, int], str | None] = {}  # None: none delivered
        self.last_contact = 0.0
        self.booted_link: Any = None
        self.batch_link: Any = None
        self.resend_all = True
        self.reset_waiting = False
        self.charging_states: dict[str, str] = {}  # last chargingState sent, per transaction
        # A remote start waiting for its transaction: EVSE -> remoteStartId, idToken, until.
        self.remote_ids: dict[int, tuple[int, str, float]] = {}
        # TxEnded meter data of running transactions: time, reading, context, measurands.
        self.ended_data: dict[str, list[tuple[datetime, Any, str, tuple[str, ...]]]] = {}
        # What a triggered FirmwareStatusNotification / LogStatusNotification reports.
        self.firmware_state: tuple[str, int | None] = ("Idle", None)
        self.log_state: tuple[str, int | None] = ("Idle", None)
        self.firmware_runs = self.log_runs = 0  # the newest update / upload request
        self.after_boot: list[Any] = []  # notifications due once the station is back
        self.roots: list[tuple[str, Any]] = []  # installed root certificates: type, cert
        # Connection profiles by slot (their CSMS URL); slot 0 is the one it was started with.
        self.network_profiles: dict[int, str] = {0: station.url}
        self.last_cost: tuple[str, float] | None = None  # CostUpdated: transaction, total

    async def call(self, action: str, payload: Payload) -> Payload:
        answer = await self.station.call(action, payload)
        self.last_contact = self.clock.monotonic()
        return answer

    async def handle(self, action: str, payload: Payload) -> Payload:
        """The CSMS's CALLs; before an Accepted BootNotification only what B02/B03 allow."""
        self.last_contact = self.clock.monotonic()
        registration = self.station.registration
        if registration == "Rejected" or (
            registration == "Pending" and action not in _WHILE_PENDING
        ):
            raise RpcError(
                ErrorKind.SECURITY, f"{action}: the station is not accepted ({registration})"
            )
        return await super().handle(action, payload)

    def learn(self, id_token: str, info: Payload) -> None:
        """An IdTokenInfo from the CSMS: into the cache, and the token's group (C09)."""
        self.remember(id_token, info["status"], parse_time(info.get("cacheExpiryDateTime")))
        group = info.get("groupIdToken")
        if group is not None:
            self.groups[id_token] = group["idToken"]
        else:
            self.groups.pop(id_token, None)

    # -- what one block asks of another (the blocks composed in Adapter201 provide these) ---

    def availability(
        self, evse_id: int, connector_id: int | None
    ) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    async def triggered_boot(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    async def firmware_status(
        self, status: str, request_id: int | None
    ) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    async def log_status(
        self, status: str, request_id: int | None
    ) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    async def security_event(self, kind: str) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


def token(value: str) -> Payload:
    return {"idToken": value, "type": "ISO14443"}


def v2_values(values: list[Payload]) -> list[Payload]:
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
