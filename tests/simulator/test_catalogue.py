"""The station catalogue: the shipped models load, and bad entries say where they are wrong."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
import yaml

from simulator.catalogue import DEFAULT_CATALOGUE, load_catalogue, parse_catalogue
from simulator.physics import Evse


def a_model(**overrides: Any) -> dict[str, Any]:
    model: dict[str, Any] = {
        "ref": "test-22",
        "vendor": "Acme",
        "model": "Post",
        "firmware": "1.0",
        "power_type": "ac",
        "phases": 3,
        "evses": 1,
        "connectors": [{"type": "sType2", "max_power_kw": 22}],
        "meter_type": "mid",
    }
    model.update(overrides)
    return model


def test_shipped_catalogue_loads_with_the_expected_models() -> None:
    assert DEFAULT_CATALOGUE.is_file()
    catalogue = load_catalogue()
    models = catalogue.values()
    assert 6 <= len(catalogue) <= 8
    assert all(ref == model.ref for ref, model in catalogue.items())
    home = [m for m in models if not m.dc and m.evses == 1]
    assert {(m.phases, m.evse_max_power_w) for m in home} >= {(1, 7400.0), (3, 11000.0)}
    assert any(not m.dc and m.evses == 2 and m.evse_max_power_w == 22000.0 for m in models)
    dual = [m for m in models if m.dc and len(m.connectors) == 2]
    assert dual and {c.type for c in dual[0].connectors} == {"cCCS2", "cG105"}
    assert dual[0].connectors_per_evse == 2 and dual[0].connector_type == "cCCS2"
    assert any(m.dc and m.evses == 2 and m.evse_max_power_w == 150000.0 for m in models)
    assert max(m.evse_max_power_w for m in models) == 350000.0


def test_every_shipped_model_builds_evses() -> None:
    for model in load_catalogue().values():
        for _ in range(model.evses):
            evse = Evse(
                max_power_w=model.max_power_kw * 1000,
                phases=model.phases,
                dc=model.dc,
                voltage_v=model.voltage_v,
                rng=random.Random(1),
            )
            assert evse.register_wh == 0


def test_shared_power_caps_the_station() -> None:
    office = parse_catalogue({"models": [a_model(evses=2, shared_max_power_kw=30)]})["test-22"]
    assert office.station_max_power_w == 30000.0
    assert office.evse_max_power_w == 22000.0 and office.max_power_kw == 22.0
    unshared = parse_catalogue({"models": [a_model(evses=2)]})["test-22"]
    assert unshared.station_max_power_w == 44000.0


def test_dc_model_defaults() -> None:
    dc = parse_catalogue(
        {
            "models": [
                a_model(
                    power_type="dc", phases=None, connectors=[{"type": "cCCS2", "max_power_kw": 50}]
                )
            ]
        }
    )["test-22"]
    assert dc.dc and dc.phases == 3
    assert dc.ocpp_versions == ("1.6", "2.0.1", "2.1")
    assert dc.connectors[0].tethered


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"vendor": ""}, "vendor"),
        ({"power_type": "ac/dc"}, "power_type"),
        ({"evses": 0}, "evses"),
        ({"phases": 2}, "phases"),
        ({"phases": None}, "phases"),
        ({"meter_type": "guess"}, "meter_type"),
        ({"colour": "red"}, "colour"),
        ({"connectors": []}, "connectors"),
        ({"connectors": [{"type": "sType2", "max_power_kw": -1}]}, "connectors.0.max_power_kw"),
        ({"connectors": [{"type": "cCCS2", "max_power_kw": 22}]}, "connectors.0.type"),
        ({"phases": 1}, "connectors.0.max_power_kw"),  # 22 kW cannot flow over one phase
        ({"ocpp_versions": ["1.5"]}, "ocpp_versions.0"),
        ({"ocpp_versions": ["1.6", "1.6"]}, "ocpp_versions"),
        ({"ref": "Has Spaces"}, "ref"),
    ],
)
def test_bad_entries_name_the_model_and_the_field(overrides: dict[str, Any], field: str) -> None:
    with pytest.raises(ValueError) as err:
        parse_catalogue({"models": [a_model(ref="ok", vendor="Acme"), a_model(**overrides)]})
    message = str(err.value)
    expected_name = "'test-22'" if "ref" not in overrides else "'Has Spaces'"
    assert f"station model {expected_name}" in message
    assert f"field '{field}'" in message


def test_a_duplicate_ref_is_refused() -> None:
    with pytest.raises(ValueError, match=r"station model 'test-22': field 'ref': declared twice"):
        parse_catalogue({"models": [a_model(), a_model()]})


def test_an_entry_without_a_ref_is_named_by_position() -> None:
    entry = a_model()
    del entry["ref"]
    with pytest.raises(ValueError, match=r"station model #1: field 'ref': Field required"):
        parse_catalogue({"models": [entry]})


@pytest.mark.parametrize("text", ["", "- just a list", "models: 3", "models: [1]", "a: [b"])
def test_a_malformed_file_is_a_value_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "models.yaml"
    path.write_text(text)
    with pytest.raises(ValueError, match=str(path)):
        load_catalogue(path)


def test_load_reads_a_given_file(tmp_path: Path) -> None:
    path = tmp_path / "models.yaml"
    path.write_text(yaml.safe_dump({"models": [a_model()]}))
    assert list(load_catalogue(path)) == ["test-22"]
