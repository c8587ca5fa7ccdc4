"""Station configuration: OCPP 1.6 keys (§9) and the 2.0.1 device model over one
StationSettings."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import fastjsonschema
import ocpp
import pytest

from simulator.station_config import REPORT_BASES, Config16, DeviceModel, StationSettings

SCHEMAS = Path(ocpp.__file__).parent


def validate(version: str, name: str, payload: dict[str, Any]) -> None:
    """Check a payload against the ocpp library's copy of the official schema."""
    schema = json.loads((SCHEMAS / version / "schemas" / f"{name}.json").read_text())
    fastjsonschema.compile(schema)(payload)


def comp(name: str, evse: int | None = None, connector: int | None = None) -> dict:
    out: dict[str, Any] = {"name": name}
    if evse is not None:
        out["evse"] = {"id": evse} if connector is None else {"id": evse, "connectorId": connector}
    return out


def var(name: str, instance: str | None = None) -> dict:
    return {"name": name} if instance is None else {"name": name, "instance": instance}


# -- OCPP 1.6 ---------------------------------------------------------------------------


def test_v16_get_all_lists_every_standard_key_with_wire_values() -> None:
    cfg = Config16(StationSettings(heartbeat_interval=120, number_of_evses=3))
    found, unknown = cfg.get([])
    assert unknown == []
    by_key = {e["key"]: e for e in found}
    for key in (
        "HeartbeatInterval",
        "MeterValueSampleInterval",
        "ClockAlignedDataInterval",
        "MeterValuesSampledData",
        "StopTransactionOnInvalidId",
        "ConnectionTimeOut",
        "TransactionMessageAttempts",
        "LocalAuthListEnabled",
        "AuthorizationCacheEnabled",
        "NumberOfConnectors",
        "SupportedFeatureProfiles",
        "ChargeProfileMaxStackLevel",
        "ChargingScheduleAllowedChargingRateUnit",
    ):
        assert key in by_key
    assert by_key["HeartbeatInterval"] == {
        "key": "HeartbeatInterval",
        "readonly": False,
        "value": "120",
    }
    assert by_key["NumberOfConnectors"]["readonly"] is True
    assert by_key["NumberOfConnectors"]["value"] == "3"
    assert by_key["StopTransactionOnInvalidId"]["value"] == "true"
    assert by_key["ChargingScheduleAllowedChargingRateUnit"]["value"] == "Current,Power"
    assert by_key["SupportedFeatureProfiles"]["value"].startswith("Core,")
    validate("v16", "GetConfigurationResponse", {"configurationKey": found})


def test_v16_get_reports_unknown_keys() -> None:
    found, unknown = Config16(StationSettings()).get(["HeartbeatInterval", "NoSuchKey"])
    assert [e["key"] for e in found] == ["HeartbeatInterval"]
    assert unknown == ["NoSuchKey"]


def test_v16_accepted_change_is_visible_in_settings_at_once() -> None:
    settings = StationSettings()
    cfg = Config16(settings)
    assert cfg.change("HeartbeatInterval", "42") == "Accepted"
    assert cfg.change("MeterValuesSampledData", "Energy.Active.Import.Register,SoC") == "Accepted"
    assert cfg.change("StopTransactionOnInvalidId", "False") == "Accepted"
    assert cfg.change("ConnectionTimeOut", "15") == "Accepted"
    assert settings.heartbeat_interval == 42
    assert settings.sampled_measurands == ("Energy.Active.Import.Register", "SoC")
    assert settings.stop_tx_on_invalid_id is False
    assert settings.connection_timeout == 15
    assert cfg.value("HeartbeatInterval") == "42"


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("HeartbeatInterval", "-5"),
        ("HeartbeatInterval", "often"),
        ("MeterValueSampleInterval", "1.5"),
        ("StopTransactionOnInvalidId", "yes"),
        ("MeterValuesSampledData", "Energy.Active.Import.Register,Bogus.Measurand"),
        ("MeterValuesAlignedData", "RPM"),  # a real measurand this station cannot measure
        ("SecurityProfile", "7"),
    ],
)
def test_v16_bad_values_are_rejected_and_change_nothing(key: str, value: str) -> None:
    settings = StationSettings()
    before = StationSettings()
    cfg = Config16(settings)
    assert cfg.change(key, value) == "Rejected"
    assert settings == before


@pytest.mark.parametrize(
    "key",
    [
        "NumberOfConnectors",
        "SupportedFeatureProfiles",
        "GetConfigurationMaxKeys",
        "LocalAuthListMaxLength",
        "ChargeProfileMaxStackLevel",
    ],
)
def test_v16_read_only_keys_are_rejected(key: str) -> None:
    settings = StationSettings()
    cfg = Config16(settings)
    before = cfg.value(key)
    assert cfg.change(key, "5") == "Rejected"
    assert cfg.value(key) == before
    assert settings == StationSettings()


def test_v16_unknown_key_is_not_supported() -> None:
    assert Config16(StationSettings()).change("FluxCapacitor", "1.21") == "NotSupported"


def test_v16_key_case_is_matched_loosely() -> None:
    settings = StationSettings()
    assert Config16(settings).change("heartbeatinterval", "77") == "Accepted"
    assert settings.heartbeat_interval == 77


def test_v16_reboot_required_keys_wait_for_the_reboot() -> None:
    settings = StationSettings()
    cfg = Config16(settings, reboot_required=["WebSocketPingInterval"])
    assert cfg.change("WebSocketPingInterval", "30") == "RebootRequired"
    assert settings.websocket_ping_interval == 0
    assert cfg.apply_pending() == ["WebSocketPingInterval"]
    assert settings.websocket_ping_interval == 30


def test_v16_overrides_set_initial_values_and_add_vendor_keys() -> None:
    settings = StationSettings()
    cfg = Config16(settings, {"NumberOfConnectors": "4", "VendorThing": "x"})
    assert settings.number_of_connectors == 4
    assert cfg.get(["VendorThing"]) == (
        [{"key": "VendorThing", "readonly": False, "value": "x"}],
        [],
    )
    with pytest.raises(ValueError):
        Config16(StationSettings(), {"HeartbeatInterval": "-1"})


# -- OCPP 2.0.1 -------------------------------------------------------------------------


def test_v201_get_variables_statuses() -> None:
    dm = DeviceModel(StationSettings(heartbeat_interval=99, number_of_evses=2))
    results = dm.get_variables(
        [
            {"component": comp("OCPPCommCtrlr"), "variable": var("HeartbeatInterval")},
            {"component": comp("NoCtrlr"), "variable": var("HeartbeatInterval")},
            {"component": comp("OCPPCommCtrlr"), "variable": var("Nope")},
            {
                "component": comp("OCPPCommCtrlr"),
                "variable": var("HeartbeatInterval"),
                "attributeType": "MaxSet",
            },
            {"component": comp("EVSE", 3), "variable": var("AvailabilityState")},
            {"component": comp("Connector", 2, 1), "variable": var("AvailabilityState")},
            {"component": comp("SecurityCtrlr"), "variable": var("BasicAuthPassword")},
            {
                "component": comp("OCPPCommCtrlr"),
                "variable": var("MessageAttempts", "TransactionEvent"),
            },
        ]
    )
    statuses = [r["attributeStatus"] for r in results]
    assert statuses == [
        "Accepted",
        "UnknownComponent",
        "UnknownVariable",
        "NotSupportedAttributeType",
        "UnknownComponent",
        "Accepted",
        "Rejected",
        "Accepted",
    ]
    assert results[0]["attributeValue"] == "99"
    assert results[5]["attributeValue"] == "Available"
    assert results[7]["attributeValue"] == "3"
    validate("v201", "GetVariablesResponse", {"getVariableResult": results})


def test_v201_set_variables_write_through_and_refusals_change_nothing() -> None:
    settings = StationSettings()
    dm = DeviceModel(settings)
    results = dm.set_variables(
        [
            {
                "component": comp("SampledDataCtrlr"),
                "variable": var("TxUpdatedInterval"),
                "attributeValue": "15",
            },
            {
                "component": comp("TxCtrlr"),
                "variable": var("EVConnectionTimeOut"),
                "attributeValue": "-1",
            },
            {
                "component": comp("ChargingStation"),
                "variable": var("Model"),
                "attributeValue": "Hacked",
            },
            {
                "component": comp("AuthCtrlr"),
                "variable": var("OfflineTxForUnknownIdEnabled"),
                "attributeValue": "true",
            },
            {
                "component": comp("SampledDataCtrlr"),
                "variable": var("TxUpdatedMeasurands"),
                "attributeValue": "Voltage,Nonsense",
            },
            {"component": comp("Nope"), "variable": var("X"), "attributeValue": "1"},
            {"component": comp("TxCtrlr"), "variable": var("X"), "attributeValue": "1"},
            {
                "component": comp("OCPPCommCtrlr"),
                "variable": var("NetworkConfigurationPriority"),
                "attributeValue": "1,0",
            },
            {
                "component": comp("OCPPCommCtrlr"),
                "variable": var("MessageAttemptInterval", "TransactionEvent"),
                "attributeValue": "7",
            },
        ]
    )
    assert [r["attributeStatus"] for r in results] == [
        "Accepted",
        "Rejected",
        "Rejected",
        "Accepted",
        "Rejected",
        "UnknownComponent",
        "UnknownVariable",
        "RebootRequired",
        "Accepted",
    ]
    assert settings.meter_sample_interval == 15
    assert settings.allow_offline_tx_for_unknown_id is True
    assert settings.transaction_message_retry_interval == 7
    assert settings.connection_timeout == StationSettings().connection_timeout
    assert settings.model == StationSettings().model
    assert settings.sampled_measurands == StationSettings().sampled_measurands
    validate("v201", "SetVariablesResponse", {"setVariableResult": results})
    assert dm.value("OCPPCommCtrlr", "NetworkConfigurationPriority") == "0"
    assert dm.apply_pending() == 1
    assert dm.value("OCPPCommCtrlr", "NetworkConfigurationPriority") == "1,0"


def test_v201_and_v16_views_share_one_settings_object() -> None:
    settings = StationSettings()
    cfg, dm = Config16(settings), DeviceModel(settings)
    dm.set_variables(
        [
            {
                "component": comp("OCPPCommCtrlr"),
                "variable": var("HeartbeatInterval"),
                "attributeValue": "11",
            }
        ]
    )
    assert cfg.value("HeartbeatInterval") == "11"


@pytest.mark.parametrize("base", REPORT_BASES)
def test_v201_reports_are_valid_notify_report_payloads(base: str) -> None:
    states = {(0, None): "Available", (1, None): "Occupied", (1, 1): "Occupied"}
    dm = DeviceModel(
        StationSettings(number_of_evses=2),
        availability=lambda evse, conn: states.get((evse, conn), "Unavailable"),
        local_list_entries=lambda: 12,
    )
    data = dm.report(base)
    assert data
    validate(
        "v201",
        "NotifyReportRequest",
        {
            "requestId": 1,
            "generatedAt": datetime.now(UTC).isoformat(),
            "seqNo": 0,
            "reportData": data,
        },
    )
    names = {(d["component"]["name"], d["variable"]["name"]) for d in data}
    if base == "FullInventory":
        assert ("ChargingStation", "Model") in names
        assert ("LocalAuthListCtrlr", "Entries") in names
        entries = next(
            d
            for d in data
            if d["variable"]["name"] == "Entries" and d["component"]["name"] == "LocalAuthListCtrlr"
        )
        assert entries["variableAttribute"][0]["value"] == "12"
        secret = next(d for d in data if d["variable"]["name"] == "BasicAuthPassword")
        assert "value" not in secret["variableAttribute"][0]
    if base == "ConfigurationInventory":
        assert ("ChargingStation", "Model") not in names
        assert ("OCPPCommCtrlr", "HeartbeatInterval") in names
        assert all(d["variableAttribute"][0]["mutability"] != "ReadOnly" for d in data)
    if base == "SummaryInventory":
        assert {n for _, n in names} == {"AvailabilityState"}
        evse1 = next(d for d in data if d["component"].get("evse") == {"id": 1})
        assert evse1["variableAttribute"][0]["value"] == "Occupied"


def test_v201_unknown_report_base_raises() -> None:
    with pytest.raises(ValueError):
        DeviceModel(StationSettings()).report("EverythingPlease")


def test_v201_overrides() -> None:
    settings = StationSettings()
    dm = DeviceModel(
        settings,
        {
            "OCPPCommCtrlr.HeartbeatInterval": "5",
            "OCPPCommCtrlr.MessageAttempts[TransactionEvent]": "9",
        },
    )
    assert settings.heartbeat_interval == 5
    assert settings.transaction_message_attempts == 9
    assert dm.value("OCPPCommCtrlr", "MessageAttempts", variable_instance="TransactionEvent") == "9"
    with pytest.raises(ValueError):
        DeviceModel(StationSettings(), {"Nope.Nothing": "1"})
