"""Wire values to domain values: units, multipliers, times."""

from __future__ import annotations

from datetime import UTC
from decimal import Decimal

import pytest

from csms.protocol.convert import parse_time, samples_v2, samples_v16, wire_time
from csms.protocol.rpc import RpcError


def test_1_6_kwh_and_kw_become_wh_and_w() -> None:
    samples = samples_v16(
        [
            {
                "timestamp": "2026-01-01T00:00:00Z",
                "sampledValue": [
                    {"value": "12.345", "unit": "kWh"},
                    {"value": "7.4", "measurand": "Power.Active.Import", "unit": "kW"},
                    {"value": "230", "measurand": "Voltage", "unit": "V", "phase": "L1-N"},
                ],
            }
        ]
    )
    assert [(s.measurand, s.value, s.unit) for s in samples] == [
        ("Energy.Active.Import.Register", Decimal("12345.000"), "Wh"),
        ("Power.Active.Import", Decimal("7400.0"), "W"),
        ("Voltage", Decimal("230"), "V"),
    ]
    assert samples[2].phase == "L1-N"


def test_2_x_multiplier_is_applied() -> None:
    samples = samples_v2(
        [
            {
                "timestamp": "2026-01-01T00:00:00Z",
                "sampledValue": [
                    {"value": 1.5, "unitOfMeasure": {"unit": "Wh", "multiplier": 3}},
                    {"value": 2, "unitOfMeasure": {"unit": "kWh"}},
                ],
            }
        ]
    )
    assert [s.value for s in samples] == [Decimal("1500.0"), Decimal("2000")]


def test_signed_1_6_values_are_not_taken_as_numbers() -> None:
    samples = samples_v16(
        [
            {
                "timestamp": "2026-01-01T00:00:00Z",
                "sampledValue": [{"value": "AAECAw==", "format": "SignedData"}],
            }
        ]
    )
    assert samples == ()


def test_a_non_numeric_value_is_a_property_violation() -> None:
    with pytest.raises(RpcError):
        samples_v16([{"timestamp": "2026-01-01T00:00:00Z", "sampledValue": [{"value": "lots"}]}])


def test_times_are_utc_inside_and_z_outside() -> None:
    assert parse_time("2026-06-01T12:00:00+02:00").hour == 10
    assert parse_time("2026-06-01T12:00:00").tzinfo is UTC
    assert wire_time(parse_time("2026-06-01T12:00:00.5+02:00")) == "2026-06-01T10:00:00.500Z"
    with pytest.raises(RpcError):
        parse_time("yesterday")
