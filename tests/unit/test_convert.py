"""Wire values to domain values: units, multipliers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from csms.protocol.convert import samples_v2, samples_v16
from ocppj.rpc import RpcError


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
