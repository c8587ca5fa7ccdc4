"""A station's configuration: one version-neutral :class:`StationSettings` that the engine
reads, and two views onto it that speak the wire: :class:`Config16` (OCPP 1.6 configuration
keys, §9) and :class:`DeviceModel` (OCPP 2.0.1 components and variables).

Both views validate a change completely before touching anything, then write it through to
the same ``StationSettings`` object, so the engine sees an accepted change at once and a
refused one never leaves a trace. Pure code: no I/O, no clock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

# Every measurand OCPP 1.6 knows, plus the 2.0.1 additions. A station supports a subset
# (StationSettings.supported_measurands); configuring one outside it is refused.
ALL_MEASURANDS: tuple[str, ...] = (
    "Current.Export",
    "Current.Import",
    "Current.Offered",
    "Energy.Active.Export.Register",
    "Energy.Active.Import.Register",
    "Energy.Reactive.Export.Register",
    "Energy.Reactive.Import.Register",
    "Energy.Active.Export.Interval",
    "Energy.Active.Import.Interval",
    "Energy.Active.Net",
    "Energy.Reactive.Export.Interval",
    "Energy.Reactive.Import.Interval",
    "Energy.Reactive.Net",
    "Energy.Apparent.Net",
    "Energy.Apparent.Import",
    "Energy.Apparent.Export",
    "Frequency",
    "Power.Active.Export",
    "Power.Active.Import",
    "Power.Factor",
    "Power.Offered",
    "Power.Reactive.Export",
    "Power.Reactive.Import",
    "RPM",
    "SoC",
    "Temperature",
    "Voltage",
)

DEFAULT_SUPPORTED_MEASURANDS: tuple[str, ...] = (
    "Energy.Active.Import.Register",
    "Energy.Active.Import.Interval",
    "Power.Active.Import",
    "Power.Offered",
    "Current.Import",
    "Current.Offered",
    "Voltage",
    "Frequency",
    "Temperature",
    "SoC",
)

FEATURE_PROFILES_16: tuple[str, ...] = (
    "Core",
    "FirmwareManagement",
    "LocalAuthListManagement",
    "Reservation",
    "SmartCharging",
    "RemoteTrigger",
)


@dataclass(slots=True)
class StationSettings:
    """The configuration the station engine reads, the same for OCPP 1.6 and 2.0.1.

    Plain mutable attributes: ``Config16`` and ``DeviceModel`` write accepted changes here.
    Intervals are in seconds; 0 switches the corresponding timer off.
    """

    heartbeat_interval: int = 300
    meter_sample_interval: int = 60
    clock_aligned_interval: int = 0
    sampled_measurands: tuple[str, ...] = ("Energy.Active.Import.Register", "Power.Active.Import")
    aligned_measurands: tuple[str, ...] = ("Energy.Active.Import.Register",)
    # Measurands put into the transaction's final meter data (1.6 StopTxnSampledData /
    # StopTxnAlignedData, 2.0.1 SampledDataCtrlr/AlignedDataCtrlr.TxEndedMeasurands).
    tx_ended_measurands: tuple[str, ...] = ("Energy.Active.Import.Register",)
    tx_ended_aligned_measurands: tuple[str, ...] = ()
    stop_tx_on_invalid_id: bool = True
    stop_tx_on_ev_side_disconnect: bool = True
    unlock_connector_on_ev_side_disconnect: bool = True
    connection_timeout: int = 60
    transaction_message_attempts: int = 3
    transaction_message_retry_interval: int = 60
    minimum_status_duration: int = 0
    reset_retries: int = 1
    websocket_ping_interval: int = 0
    local_auth_list_enabled: bool = True
    local_auth_list_max_length: int = 1000
    send_local_list_max_length: int = 100
    auth_cache_enabled: bool = True
    auth_cache_size: int = 1000
    auth_cache_lifetime: int = 86400
    local_pre_authorize: bool = False
    local_authorize_offline: bool = True
    allow_offline_tx_for_unknown_id: bool = False
    authorize_remote_tx_requests: bool = False
    smart_charging_enabled: bool = True
    charge_profile_max_stack_level: int = 10
    charging_schedule_max_periods: int = 24
    max_charging_profiles_installed: int = 20
    # 'A' and/or 'W' (1.6 spells them Current/Power in its configuration key).
    charging_rate_units: tuple[str, ...] = ("A", "W")
    reserve_connector_zero_supported: bool = False
    get_configuration_max_keys: int = 50
    security_profile: int = 1
    # One connector per EVSE: 1.6 connector N is 2.0.1 EVSE N, connector 1.
    number_of_evses: int = 2
    supply_phases: int = 3
    evse_max_power_w: float = 22000.0
    connector_type: str = "cType2"
    supported_measurands: tuple[str, ...] = DEFAULT_SUPPORTED_MEASURANDS
    supported_feature_profiles: tuple[str, ...] = FEATURE_PROFILES_16
    vendor_name: str = "evharness"
    model: str = "SimStation"
    serial_number: str = ""
    firmware_version: str = "1.0.0"

    @property
    def number_of_connectors(self) -> int:
        """1.6 name for :attr:`number_of_evses` (one connector per EVSE)."""
        return self.number_of_evses

    @number_of_connectors.setter
    def number_of_connectors(self, value: int) -> None:
        self.number_of_evses = value


# ---------------------------------------------------------------------------------------
# Value specs shared by both views

Kind = Literal["int", "bool", "str", "measurands", "csl", "option"]


@dataclass(frozen=True)
class _Spec:
    """How one key/variable maps onto StationSettings and which values it accepts."""

    attr: str | None  # StationSettings attribute; None = kept inside the view
    kind: Kind = "int"
    readonly: bool = False
    minimum: int | None = 0
    maximum: int | None = None
    options: tuple[str, ...] = ()
    unit: str | None = None
    default: str = ""  # initial value when attr is None
    reboot: bool = False  # a change only takes effect after a reboot
    writeonly: bool = False


class _Invalid(ValueError):
    """A value a key/variable does not accept."""


def _parse_bool(text: str) -> bool:
    low = text.strip().lower()
    if low == "true":
        return True
    if low == "false":
        return False
    raise _Invalid(f"not a boolean: {text!r}")


def _parse(spec: _Spec, text: str, settings: StationSettings) -> Any:
    """Turn the wire string into the python value stored in StationSettings, or raise."""
    if spec.kind == "int":
        try:
            value = int(text.strip())
        except ValueError as exc:
            raise _Invalid(f"not an integer: {text!r}") from exc
        if spec.minimum is not None and value < spec.minimum:
            raise _Invalid(f"{value} below {spec.minimum}")
        if spec.maximum is not None and value > spec.maximum:
            raise _Invalid(f"{value} above {spec.maximum}")
        return value
    if spec.kind == "bool":
        return _parse_bool(text)
    if spec.kind == "measurands":
        items = tuple(p.strip() for p in text.split(",") if p.strip())
        unknown = [m for m in items if m not in settings.supported_measurands]
        if unknown:
            raise _Invalid(f"unsupported measurands {unknown}")
        if spec.maximum is not None and len(items) > spec.maximum:
            raise _Invalid("too many measurands")
        return items
    if spec.kind == "csl":
        items = tuple(p.strip() for p in text.split(",") if p.strip())
        if spec.options and any(i not in spec.options for i in items):
            raise _Invalid(f"unknown item in {text!r}")
        return items
    if spec.kind == "option":
        if spec.options and text not in spec.options:
            raise _Invalid(f"{text!r} not one of {spec.options}")
        return text
    return text


def _format(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return ",".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class _Values:
    """Reads and writes values of specs against one StationSettings plus a local store."""

    def __init__(self, settings: StationSettings) -> None:
        self.settings = settings
        self.local: dict[str, str] = {}
        self.pending: dict[str, tuple[_Spec, Any]] = {}

    def read(self, name: str, spec: _Spec) -> str:
        if spec.attr is None:
            return self.local.get(name, spec.default)
        return _format(getattr(self.settings, spec.attr))

    def write(self, name: str, spec: _Spec, value: Any) -> None:
        if spec.attr is None:
            self.local[name] = _format(value)
        else:
            setattr(self.settings, spec.attr, value)


# ---------------------------------------------------------------------------------------
# OCPP 1.6 configuration keys (§9)

_RATE_UNITS_16 = {"A": "Current", "W": "Power"}

_KEYS_16: dict[str, _Spec] = {
    # 9.1 Core
    "AllowOfflineTxForUnknownId": _Spec("allow_offline_tx_for_unknown_id", "bool"),
    "AuthorizationCacheEnabled": _Spec("auth_cache_enabled", "bool"),
    "AuthorizeRemoteTxRequests": _Spec("authorize_remote_tx_requests", "bool"),
    "ClockAlignedDataInterval": _Spec("clock_aligned_interval", "int", unit="s"),
    "ConnectionTimeOut": _Spec("connection_timeout", "int", unit="s"),
    "ConnectorPhaseRotation": _Spec(None, "str", default="0.RST"),
    "GetConfigurationMaxKeys": _Spec("get_configuration_max_keys", "int", readonly=True),
    "HeartbeatInterval": _Spec("heartbeat_interval", "int", unit="s"),
    "LocalAuthorizeOffline": _Spec("local_authorize_offline", "bool"),
    "LocalPreAuthorize": _Spec("local_pre_authorize", "bool"),
    "MeterValuesAlignedData": _Spec("aligned_measurands", "measurands"),
    "MeterValuesAlignedDataMaxLength": _Spec(None, "int", readonly=True, default="10"),
    "MeterValuesSampledData": _Spec("sampled_measurands", "measurands"),
    "MeterValuesSampledDataMaxLength": _Spec(None, "int", readonly=True, default="10"),
    "MeterValueSampleInterval": _Spec("meter_sample_interval", "int", unit="s"),
    "MinimumStatusDuration": _Spec("minimum_status_duration", "int", unit="s"),
    "NumberOfConnectors": _Spec("number_of_evses", "int", readonly=True),
    "ResetRetries": _Spec("reset_retries", "int"),
    "StopTransactionOnEVSideDisconnect": _Spec("stop_tx_on_ev_side_disconnect", "bool"),
    "StopTransactionOnInvalidId": _Spec("stop_tx_on_invalid_id", "bool"),
    "StopTxnAlignedData": _Spec("tx_ended_aligned_measurands", "measurands"),
    "StopTxnAlignedDataMaxLength": _Spec(None, "int", readonly=True, default="10"),
    "StopTxnSampledData": _Spec("tx_ended_measurands", "measurands"),
    "StopTxnSampledDataMaxLength": _Spec(None, "int", readonly=True, default="10"),
    "SupportedFeatureProfiles": _Spec("supported_feature_profiles", "csl", readonly=True),
    "TransactionMessageAttempts": _Spec("transaction_message_attempts", "int"),
    "TransactionMessageRetryInterval": _Spec("transaction_message_retry_interval", "int"),
    "UnlockConnectorOnEVSideDisconnect": _Spec("unlock_connector_on_ev_side_disconnect", "bool"),
    "WebSocketPingInterval": _Spec("websocket_ping_interval", "int", unit="s"),
    # 9.2 Local Auth List Management
    "LocalAuthListEnabled": _Spec("local_auth_list_enabled", "bool"),
    "LocalAuthListMaxLength": _Spec("local_auth_list_max_length", "int", readonly=True),
    "SendLocalListMaxLength": _Spec("send_local_list_max_length", "int", readonly=True),
    # 9.3 Reservation
    "ReserveConnectorZeroSupported": _Spec("reserve_connector_zero_supported", "bool", True),
    # 9.4 Smart Charging
    "ChargeProfileMaxStackLevel": _Spec("charge_profile_max_stack_level", "int", readonly=True),
    "ChargingScheduleAllowedChargingRateUnit": _Spec(
        "charging_rate_units", "csl", readonly=True, options=("A", "W")
    ),
    "ChargingScheduleMaxPeriods": _Spec("charging_schedule_max_periods", "int", readonly=True),
    "ConnectorSwitch3to1PhaseSupported": _Spec(None, "bool", readonly=True, default="false"),
    "MaxChargingProfilesInstalled": _Spec("max_charging_profiles_installed", "int", readonly=True),
    # Security whitepaper (1.6 edition 2 extension)
    "SecurityProfile": _Spec("security_profile", "int", minimum=0, maximum=3),
}


class Config16:
    """OCPP 1.6 configuration keys over a :class:`StationSettings`.

    ``overrides`` sets initial values (read-only keys included, validated like a change);
    a key not in the standard set is added as a vendor-specific read-write string.
    ``reboot_required`` names keys whose changes answer ``RebootRequired``: they are kept
    pending until :meth:`apply_pending` (the engine calls it when it reboots).
    """

    def __init__(
        self,
        settings: StationSettings,
        overrides: Mapping[str, str] = {},  # never mutated, so a shared default is safe
        *,
        reboot_required: Iterable[str] = (),
    ) -> None:
        self.settings = settings
        self._values = _Values(settings)
        reboot = set(reboot_required)
        self._specs: dict[str, _Spec] = {
            name: (replace(spec, reboot=True) if name in reboot else spec)
            for name, spec in _KEYS_16.items()
        }
        for key, value in overrides.items():
            name = self._resolve(key)
            if name is None:
                self._specs[key] = _Spec(None, "str")
                self._values.local[key] = value
                continue
            try:
                parsed = self._parse(name, value)
            except _Invalid as exc:
                raise ValueError(f"bad override {key}={value!r}: {exc}") from exc
            self._values.write(name, self._specs[name], parsed)

    def _resolve(self, key: str) -> str | None:
        if key in self._specs:
            return key
        # Central systems are not consistent about case; match it loosely as a fallback.
        low = key.lower()
        return next((name for name in self._specs if name.lower() == low), None)

    def _parse(self, name: str, value: str) -> Any:
        spec = self._specs[name]
        if name == "ChargingScheduleAllowedChargingRateUnit":
            # The wire says Current/Power; the neutral settings say A/W.
            back = {v: k for k, v in _RATE_UNITS_16.items()}
            value = ",".join(back.get(p.strip(), p.strip()) for p in value.split(","))
        return _parse(spec, value, self.settings)

    def _read(self, name: str) -> str:
        if name == "ChargingScheduleAllowedChargingRateUnit":
            return ",".join(_RATE_UNITS_16.get(u, u) for u in self.settings.charging_rate_units)
        return self._values.read(name, self._specs[name])

    def keys(self) -> list[str]:
        """All known key names, standard ones first."""
        return list(self._specs)

    def value(self, key: str) -> str | None:
        """The current wire value of ``key`` (None if unknown)."""
        name = self._resolve(key)
        return None if name is None else self._read(name)

    def get(self, keys: Sequence[str]) -> tuple[list[dict], list[str]]:
        """GetConfiguration: ``(configurationKey entries, unknownKey)``; no keys = all keys."""
        wanted = list(keys) if keys else list(self._specs)
        found: list[dict] = []
        unknown: list[str] = []
        for key in wanted:
            name = self._resolve(key)
            if name is None:
                unknown.append(key)
                continue
            found.append(
                {"key": name, "readonly": self._specs[name].readonly, "value": self._read(name)}
            )
        return found, unknown

    def change(self, key: str, value: str) -> str:
        """ChangeConfiguration: Accepted, Rejected, NotSupported or RebootRequired.

        Rejected covers read-only keys and values of the wrong type or range; nothing changes
        then. Accepted writes through to the StationSettings at once.
        """
        name = self._resolve(key)
        if name is None:
            return "NotSupported"
        spec = self._specs[name]
        if spec.readonly:
            return "Rejected"
        try:
            parsed = self._parse(name, value)
        except _Invalid:
            return "Rejected"
        if spec.reboot:
            self._values.pending[name] = (spec, parsed)
            return "RebootRequired"
        self._values.write(name, spec, parsed)
        return "Accepted"

    def apply_pending(self) -> list[str]:
        """Apply changes that answered RebootRequired; returns the keys applied."""
        applied = list(self._values.pending)
        for name, (spec, parsed) in self._values.pending.items():
            self._values.write(name, spec, parsed)
        self._values.pending.clear()
        return applied


# ---------------------------------------------------------------------------------------
# OCPP 2.0.1 device model

ComponentKey = tuple[str, str | None, int | None, int | None]  # name, instance, evse, connector
VariableKey = tuple[str, str | None]  # name, instance

_DATA_TYPES = {
    "int": "integer",
    "bool": "boolean",
    "str": "string",
    "measurands": "MemberList",
    "csl": "MemberList",
    "option": "OptionList",
}

_CONTROLLERS: dict[str, dict[VariableKey, _Spec]] = {
    "OCPPCommCtrlr": {
        ("HeartbeatInterval", None): _Spec("heartbeat_interval", "int", unit="s"),
        ("MessageAttempts", "TransactionEvent"): _Spec("transaction_message_attempts", "int"),
        ("MessageAttemptInterval", "TransactionEvent"): _Spec(
            "transaction_message_retry_interval", "int", unit="s"
        ),
        ("MessageTimeout", "Default"): _Spec(None, "int", minimum=1, default="30", unit="s"),
        ("NetworkConfigurationPriority", None): _Spec(None, "str", default="0", reboot=True),
        ("NetworkProfileConnectionAttempts", None): _Spec(None, "int", default="3"),
        ("OfflineThreshold", None): _Spec(None, "int", default="60", unit="s"),
        ("ResetRetries", None): _Spec("reset_retries", "int"),
        ("WebSocketPingInterval", None): _Spec("websocket_ping_interval", "int", unit="s"),
        ("FileTransferProtocols", None): _Spec(
            None, "csl", readonly=True, default="HTTP,HTTPS,FTP,FTPS"
        ),
        ("RetryBackOffRandomRange", None): _Spec(None, "int", default="10", unit="s"),
        ("RetryBackOffRepeatTimes", None): _Spec(None, "int", default="5"),
        ("RetryBackOffWaitMinimum", None): _Spec(None, "int", default="1", unit="s"),
        ("UnlockOnEVSideDisconnect", None): _Spec("unlock_connector_on_ev_side_disconnect", "bool"),
    },
    "SampledDataCtrlr": {
        ("Enabled", None): _Spec(None, "bool", default="true"),
        ("TxUpdatedInterval", None): _Spec("meter_sample_interval", "int", unit="s"),
        ("TxUpdatedMeasurands", None): _Spec("sampled_measurands", "measurands"),
        ("TxEndedMeasurands", None): _Spec("tx_ended_measurands", "measurands"),
        ("TxEndedInterval", None): _Spec(None, "int", default="0", unit="s"),
        ("TxStartedMeasurands", None): _Spec(
            None, "measurands", default="Energy.Active.Import.Register"
        ),
    },
    "AlignedDataCtrlr": {
        ("Enabled", None): _Spec(None, "bool", default="true"),
        ("Interval", None): _Spec("clock_aligned_interval", "int", unit="s"),
        ("Measurands", None): _Spec("aligned_measurands", "measurands"),
        ("TxEndedMeasurands", None): _Spec("tx_ended_aligned_measurands", "measurands"),
        ("TxEndedInterval", None): _Spec(None, "int", default="0", unit="s"),
    },
    "TxCtrlr": {
        ("EVConnectionTimeOut", None): _Spec("connection_timeout", "int", unit="s"),
        ("StopTxOnInvalidId", None): _Spec("stop_tx_on_invalid_id", "bool"),
        # The station engine always ends a transaction when the EV side disconnects, and
        # starts one when the power path closes (authorized, cable in): that is all it does.
        ("StopTxOnEVSideDisconnect", None): _Spec(
            "stop_tx_on_ev_side_disconnect", "bool", readonly=True
        ),
        ("TxStartPoint", None): _Spec(
            None, "csl", default="PowerPathClosed", options=("PowerPathClosed",)
        ),
        ("TxStopPoint", None): _Spec(
            None,
            "csl",
            default="EVConnected,Authorized",
            options=(
                "ParkingBayOccupancy",
                "EVConnected",
                "Authorized",
                "DataSigned",
                "PowerPathClosed",
                "EnergyTransfer",
            ),
        ),
    },
    "AuthCtrlr": {
        ("Enabled", None): _Spec(None, "bool", default="true"),
        ("AuthorizeRemoteStart", None): _Spec("authorize_remote_tx_requests", "bool"),
        ("LocalAuthorizeOffline", None): _Spec("local_authorize_offline", "bool"),
        ("LocalPreAuthorize", None): _Spec("local_pre_authorize", "bool"),
        ("OfflineTxForUnknownIdEnabled", None): _Spec("allow_offline_tx_for_unknown_id", "bool"),
    },
    "AuthCacheCtrlr": {
        ("Enabled", None): _Spec("auth_cache_enabled", "bool"),
        ("LifeTime", None): _Spec("auth_cache_lifetime", "int", unit="s"),
        ("Storage", None): _Spec("auth_cache_size", "int", readonly=True),
    },
    "LocalAuthListCtrlr": {
        ("Enabled", None): _Spec("local_auth_list_enabled", "bool"),
        ("Entries", None): _Spec(None, "int", readonly=True),  # live, see DeviceModel
        ("ItemsPerMessage", None): _Spec("send_local_list_max_length", "int", readonly=True),
        ("Storage", None): _Spec("local_auth_list_max_length", "int", readonly=True),
    },
    "SmartChargingCtrlr": {
        ("Enabled", None): _Spec("smart_charging_enabled", "bool"),
        ("Entries", "ChargingProfiles"): _Spec(
            "max_charging_profiles_installed", "int", readonly=True
        ),
        ("PeriodsPerSchedule", None): _Spec("charging_schedule_max_periods", "int", readonly=True),
        ("ProfileStackLevel", None): _Spec("charge_profile_max_stack_level", "int", readonly=True),
        ("RateUnit", None): _Spec("charging_rate_units", "csl", readonly=True, options=("A", "W")),
    },
    "ReservationCtrlr": {
        ("Enabled", None): _Spec(None, "bool", default="true"),
    },
    "SecurityCtrlr": {
        ("SecurityProfile", None): _Spec("security_profile", "int", readonly=True),
        ("BasicAuthPassword", None): _Spec(None, "str", writeonly=True),
        ("OrganizationName", None): _Spec(None, "str", default="evharness"),
        ("Identity", None): _Spec(None, "str", readonly=True),
        ("CertificateEntries", None): _Spec(None, "int", readonly=True, default="0"),
    },
    "DeviceDataCtrlr": {
        ("ItemsPerMessage", "GetReport"): _Spec(None, "int", readonly=True, default="100"),
        ("ItemsPerMessage", "GetVariables"): _Spec(None, "int", readonly=True, default="50"),
        ("ItemsPerMessage", "SetVariables"): _Spec(None, "int", readonly=True, default="50"),
        ("BytesPerMessage", "GetReport"): _Spec(None, "int", readonly=True, default="65000"),
        ("BytesPerMessage", "GetVariables"): _Spec(None, "int", readonly=True, default="65000"),
        ("BytesPerMessage", "SetVariables"): _Spec(None, "int", readonly=True, default="65000"),
    },
    "ClockCtrlr": {
        ("DateTime", None): _Spec(None, "str", readonly=True),  # live, see DeviceModel
        ("TimeSource", None): _Spec(None, "str", default="Heartbeat"),
    },
    "ChargingStation": {
        ("AvailabilityState", None): _Spec(None, "str", readonly=True),  # live
        ("Available", None): _Spec(None, "bool", readonly=True, default="true"),
        ("Model", None): _Spec("model", "str", readonly=True),
        ("VendorName", None): _Spec("vendor_name", "str", readonly=True),
        ("SupplyPhases", None): _Spec("supply_phases", "int", readonly=True),
    },
}

_EVSE_VARS: dict[VariableKey, _Spec] = {
    ("AvailabilityState", None): _Spec(None, "str", readonly=True),  # live
    ("Available", None): _Spec(None, "bool", readonly=True, default="true"),
    ("Power", None): _Spec("evse_max_power_w", "str", readonly=True, unit="W"),
    ("SupplyPhases", None): _Spec("supply_phases", "int", readonly=True),
}

_CONNECTOR_VARS: dict[VariableKey, _Spec] = {
    ("AvailabilityState", None): _Spec(None, "str", readonly=True),  # live
    ("Available", None): _Spec(None, "bool", readonly=True, default="true"),
    ("ConnectorType", None): _Spec("connector_type", "str", readonly=True),
    ("SupplyPhases", None): _Spec("supply_phases", "int", readonly=True),
}

REPORT_BASES: tuple[str, ...] = ("FullInventory", "ConfigurationInventory", "SummaryInventory")

# Availability is state the engine owns: evse_id (0 = the station) and connector_id (None =
# the EVSE itself) -> "Available" | "Occupied" | "Reserved" | "Unavailable" | "Faulted".
AvailabilityProbe = Callable[[int, int | None], str]


def variable_path(key_16: str) -> str | None:
    """The 2.0.1 variable ("Component.Variable[instance]") that holds the same setting as the
    1.6 configuration key ``key_16``: both views write the same StationSettings attribute."""
    spec = _KEYS_16.get(key_16)
    if spec is None:
        return None
    for component, variables in _CONTROLLERS.items():
        for (variable, instance), candidate in variables.items():
            if candidate.attr == spec.attr:
                return f"{component}.{variable}" + (f"[{instance}]" if instance else "")
    return None


def _component_key(component: Mapping[str, Any]) -> ComponentKey:
    evse = component.get("evse") or {}
    return (component["name"], component.get("instance"), evse.get("id"), evse.get("connectorId"))


def _component_dict(key: ComponentKey) -> dict:
    name, instance, evse_id, connector_id = key
    out: dict[str, Any] = {"name": name}
    if instance is not None:
        out["instance"] = instance
    if evse_id is not None:
        out["evse"] = {"id": evse_id}
        if connector_id is not None:
            out["evse"]["connectorId"] = connector_id
    return out


def _variable_dict(key: VariableKey) -> dict:
    name, instance = key
    return {"name": name} if instance is None else {"name": name, "instance": instance}


class DeviceModel:
    """OCPP 2.0.1 components and variables over a :class:`StationSettings`.

    Only the ``Actual`` attribute exists. ``overrides`` sets initial values, keyed
    ``"Component.Variable"`` or ``"Component.Variable[Instance]"`` (controller components
    only). ``availability`` reports the live AvailabilityState of the station/EVSE/connector
    and ``local_list_entries`` the live LocalAuthListCtrlr.Entries; both default to fixed
    values so the model works stand-alone.
    """

    def __init__(
        self,
        settings: StationSettings,
        overrides: Mapping[str, str] = {},  # never mutated, so a shared default is safe
        *,
        availability: AvailabilityProbe | None = None,
        local_list_entries: Callable[[], int] | None = None,
        date_time: Callable[[], str] | None = None,
    ) -> None:
        self.settings = settings
        self._values = _Values(settings)
        self._availability = availability or (lambda evse_id, connector_id: "Available")
        self._local_list_entries = local_list_entries or (lambda: 0)
        self._date_time = date_time or (lambda: "")
        for path, value in overrides.items():
            comp, _, var = path.partition(".")
            instance = None
            if var.endswith("]") and "[" in var:
                var, _, instance = var[:-1].partition("[")
            spec = self._spec((comp, None, None, None), (var, instance))
            if not isinstance(spec, _Spec):
                raise ValueError(f"bad override {path}: {spec}")
            try:
                parsed = _parse(spec, value, settings)
            except _Invalid as exc:
                raise ValueError(f"bad override {path}={value!r}: {exc}") from exc
            self._values.write(
                self._store_name((comp, None, None, None), (var, instance)), spec, parsed
            )

    # -- lookup -------------------------------------------------------------------------

    def components(self) -> list[tuple[ComponentKey, dict[VariableKey, _Spec]]]:
        """Every component with its variables, in report order."""
        out: list[tuple[ComponentKey, dict[VariableKey, _Spec]]] = [
            ((name, None, None, None), variables) for name, variables in _CONTROLLERS.items()
        ]
        for evse_id in range(1, self.settings.number_of_evses + 1):
            out.append((("EVSE", None, evse_id, None), _EVSE_VARS))
            out.append((("Connector", None, evse_id, 1), _CONNECTOR_VARS))
        return out

    def _variables_of(self, component: ComponentKey) -> dict[VariableKey, _Spec] | None:
        name, instance, evse_id, connector_id = component
        if name in _CONTROLLERS:
            ok = instance is None and evse_id is None and connector_id is None
            return _CONTROLLERS[name] if ok else None
        in_range = evse_id is not None and 1 <= evse_id <= self.settings.number_of_evses
        if name == "EVSE" and instance is None and in_range and connector_id is None:
            return _EVSE_VARS
        if name == "Connector" and instance is None and in_range and connector_id == 1:
            return _CONNECTOR_VARS
        return None

    def _spec(self, component: ComponentKey, variable: VariableKey) -> _Spec | str:
        """The spec, or the attributeStatus explaining why there is none."""
        variables = self._variables_of(component)
        if variables is None:
            return "UnknownComponent"
        spec = variables.get(variable)
        return "UnknownVariable" if spec is None else spec

    @staticmethod
    def _store_name(component: ComponentKey, variable: VariableKey) -> str:
        name, instance, evse_id, connector_id = component
        return f"{name}/{instance}/{evse_id}/{connector_id}.{variable[0]}/{variable[1]}"

    def _read(self, component: ComponentKey, variable: VariableKey, spec: _Spec) -> str:
        name, _, evse_id, connector_id = component
        if variable == ("AvailabilityState", None):
            return self._availability(evse_id or 0, connector_id)
        if name == "LocalAuthListCtrlr" and variable == ("Entries", None):
            return str(self._local_list_entries())
        if name == "ClockCtrlr" and variable == ("DateTime", None):
            return self._date_time()
        return self._values.read(self._store_name(component, variable), spec)

    def value(
        self,
        component: str,
        variable: str,
        *,
        instance: str | None = None,
        evse_id: int | None = None,
        connector_id: int | None = None,
        variable_instance: str | None = None,
    ) -> str | None:
        """The Actual value of one variable, or None if it does not exist (handy in tests)."""
        ckey = (component, instance, evse_id, connector_id)
        vkey = (variable, variable_instance)
        spec = self._spec(ckey, vkey)
        return self._read(ckey, vkey, spec) if isinstance(spec, _Spec) else None

    # -- GetVariables / SetVariables ----------------------------------------------------

    def _addressed(
        self, item: dict
    ) -> tuple[dict[str, Any], ComponentKey, VariableKey, _Spec | None]:
        """The result an item of Get/SetVariables starts from, and the variable it names;
        no spec when the item is refused before reading or writing (the result says why)."""
        attr_type = item.get("attributeType", "Actual")
        result: dict[str, Any] = {
            "attributeType": attr_type,
            "component": item["component"],
            "variable": item["variable"],
        }
        ckey = _component_key(item["component"])
        vkey = (item["variable"]["name"], item["variable"].get("instance"))
        spec = self._spec(ckey, vkey)
        if not isinstance(spec, _Spec):
            result["attributeStatus"] = spec
            return result, ckey, vkey, None
        if attr_type != "Actual":
            result["attributeStatus"] = "NotSupportedAttributeType"
            return result, ckey, vkey, None
        return result, ckey, vkey, spec

    def get_variables(self, items: list[dict]) -> list[dict]:
        """GetVariables: one GetVariableResult per GetVariableData item, in order."""
        results: list[dict] = []
        for item in items:
            result, ckey, vkey, spec = self._addressed(item)
            if spec is None:
                pass  # the result says why the item was not addressed
            elif spec.writeonly:
                # WriteOnly variables (secrets) are never read back.
                result["attributeStatus"] = "Rejected"
                result["attributeStatusInfo"] = {"reasonCode": "WriteOnly"}
            else:
                result["attributeStatus"] = "Accepted"
                result["attributeValue"] = self._read(ckey, vkey, spec)
            results.append(result)
        return results

    def set_variables(self, items: list[dict]) -> list[dict]:
        """SetVariables: one SetVariableResult per SetVariableData item, in order.

        A refused item changes nothing; accepted ones write through to StationSettings.
        """
        results: list[dict] = []
        for item in items:
            result, ckey, vkey, spec = self._addressed(item)
            if spec is None:
                pass  # the result says why the item was not addressed
            elif spec.readonly:
                result["attributeStatus"] = "Rejected"
                result["attributeStatusInfo"] = {"reasonCode": "ReadOnly"}
            else:
                try:
                    parsed = _parse(spec, str(item["attributeValue"]), self.settings)
                except _Invalid as exc:
                    result["attributeStatus"] = "Rejected"
                    result["attributeStatusInfo"] = {
                        "reasonCode": "InvalidValue",
                        "additionalInfo": str(exc)[:512],
                    }
                else:
                    store = self._store_name(ckey, vkey)
                    if spec.reboot:
                        self._values.pending[store] = (spec, parsed)
                        result["attributeStatus"] = "RebootRequired"
                    else:
                        self._values.write(store, spec, parsed)
                        result["attributeStatus"] = "Accepted"
            results.append(result)
        return results

    def apply_pending(self) -> int:
        """Apply values that answered RebootRequired (call on reboot); returns how many."""
        count = len(self._values.pending)
        for store, (spec, parsed) in self._values.pending.items():
            self._values.write(store, spec, parsed)
        self._values.pending.clear()
        return count

    # -- reports ------------------------------------------------------------------------

    def report(self, report_base: str) -> list[dict]:
        """ReportData entries for NotifyReport after GetBaseReport(``report_base``).

        FullInventory: everything. ConfigurationInventory: what the CSMS can set (ReadWrite
        and WriteOnly). SummaryInventory: availability, the variables describing whether the
        station can charge now. Raises ValueError for another report base.
        """
        if report_base not in REPORT_BASES:
            raise ValueError(f"unknown report base {report_base!r}")
        data: list[dict] = []
        for ckey, variables in self.components():
            for vkey, spec in variables.items():
                if report_base == "ConfigurationInventory" and spec.readonly:
                    continue
                if report_base == "SummaryInventory" and vkey[0] != "AvailabilityState":
                    continue
                data.append(self._report_entry(ckey, vkey, spec))
        return data

    def _report_entry(self, ckey: ComponentKey, vkey: VariableKey, spec: _Spec) -> dict:
        mutability = "ReadOnly" if spec.readonly else "WriteOnly" if spec.writeonly else "ReadWrite"
        attribute: dict[str, Any] = {"type": "Actual", "mutability": mutability}
        if not spec.writeonly:
            attribute["value"] = self._read(ckey, vkey, spec)[:2500]
        characteristics: dict[str, Any] = {
            "dataType": _DATA_TYPES[spec.kind],
            "supportsMonitoring": False,
        }
        if vkey == ("Power", None):
            characteristics["dataType"] = "decimal"
            characteristics["maxLimit"] = self.settings.evse_max_power_w
        if spec.unit:
            characteristics["unit"] = spec.unit
        if spec.kind == "int" and spec.minimum is not None and not spec.readonly:
            characteristics["minLimit"] = spec.minimum
        if spec.kind == "int" and spec.maximum is not None:
            characteristics["maxLimit"] = spec.maximum
        if spec.kind == "measurands":
            characteristics["valuesList"] = ",".join(self.settings.supported_measurands)[:1000]
        elif spec.options:
            characteristics["valuesList"] = ",".join(spec.options)
        return {
            "component": _component_dict(ckey),
            "variable": _variable_dict(vkey),
            "variableAttribute": [attribute],
            "variableCharacteristics": characteristics,
        }


__all__ = [
    "ALL_MEASURANDS",
    "DEFAULT_SUPPORTED_MEASURANDS",
    "REPORT_BASES",
    "Config16",
    "DeviceModel",
    "StationSettings",
]
