"""Fleet files: every shipped one loads, expansion is deterministic, shares hold exactly, and a
bad file is refused with the line of each problem."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from simulator.faults import NO_FAULTS
from simulator.fleet import (
    FleetError,
    cards,
    expand,
    load_fleet,
    parse_duration,
    scaled,
    settings_for,
    shipped_fleets,
)

DEMO_WORLD = Path(__file__).resolve().parents[2] / "scenarios" / "worlds" / "demo.yaml"

BASE = """\
name: t
seed: 5
stations:
  - model: pillar-2x22
    count: 100
    protocols: {1.6: 0.3, "2.0.1": 0.7}
  - model: dc-50
    count: 10
    id_prefix: DC-
cards:
  count: 20
drivers:
  pattern: uniform
faults:
  - share: 0.25
    drop_every_s: 60
  - share: 0.1
    answer_delay_s: 3
"""


def refusal(text: str) -> list[str]:
    with pytest.raises(FleetError) as caught:
        load_fleet(text, name="f.yaml")
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize("path", shipped_fleets(), ids=lambda p: p.name)
def test_every_shipped_fleet_loads_and_expands(path: Path) -> None:
    fleet = load_fleet(path)
    stations = expand(fleet)
    assert len(stations) == fleet.station_count > 0
    assert len({s.id for s in stations}) == len(stations)
    for station in stations:
        assert station.model is not None and station.model.ref == station.model_ref
        assert station.version in station.model.ocpp_versions
        assert station.password is None or 16 <= len(station.password) <= 40


def test_the_expected_fleets_ship() -> None:
    names = {p.stem for p in shipped_fleets()}
    assert {
        "demo",
        "rush-hour",
        "reboot-storm",
        "network-flap",
        "home-reimbursement",
        "private-network",
        "roaming-card",
    } <= names


def test_world_fleets_use_the_stations_and_cards_of_the_demo_world() -> None:
    world = yaml.safe_load(DEMO_WORLD.read_text())
    tenant = world["tenants"][0]
    passwords = {
        s["id"]: s["password"] for loc in tenant["locations"] for s in loc.get("stations", [])
    }
    card_values = {c["value"] for c in tenant["cards"]}
    for name in ("home-reimbursement", "private-network", "roaming-card"):
        fleet = load_fleet(next(p for p in shipped_fleets() if p.stem == name))
        assert not fleet.csms.create_stations
        for station in expand(fleet):
            assert passwords[station.id] == station.password, station.id
            assert station.drivers is not None
            assert set(station.drivers.cards) <= card_values


def test_expansion_is_deterministic() -> None:
    first = expand(load_fleet(BASE))
    second = expand(load_fleet(BASE))
    assert first == second
    assert [s.seed for s in first] == [s.seed for s in second]
    assert cards(load_fleet(BASE)) == cards(load_fleet(BASE))
    other_seed = expand(load_fleet(BASE.replace("seed: 5", "seed: 6")))
    assert [s.version for s in other_seed] != [s.version for s in first]


def test_protocol_and_fault_shares_hold_exactly() -> None:
    stations = expand(load_fleet(BASE))
    pillars = [s for s in stations if s.model_ref == "pillar-2x22"]
    assert Counter(s.version for s in pillars) == {"1.6": 30, "2.0.1": 70}
    # Without protocols a group speaks the newest version of its model.
    assert {s.version for s in stations if s.model_ref == "dc-50"} == {"2.0.1"}
    plans = Counter(s.faults for s in stations)
    assert sum(1 for s in stations if s.faults.drop_every_s == 60) == round(0.25 * 110)
    assert sum(1 for s in stations if s.faults.answer_delay_s == 3) == 11
    assert plans[NO_FAULTS] == 110 - 28 - 11
    assert [s.id for s in stations[:2]] == ["T-PILLAR-2X22-0001", "T-PILLAR-2X22-0002"]
    assert stations[-1].id == "DC-0010"
    assert [s.index for s in stations] == list(range(110))


def test_shares_that_do_not_add_up_are_refused() -> None:
    problems = refusal(BASE.replace('{1.6: 0.3, "2.0.1": 0.7}', '{"1.6": 0.3, "2.0.1": 0.5}'))
    assert problems == ["f.yaml:6: protocols: the shares add up to 0.8, not 1"]
    problems = refusal(BASE.replace("share: 0.1", "share: 0.9"))
    assert problems == ["f.yaml:14: faults: the fault shares add up to 1.15, more than 1"]


def test_scaling_keeps_the_proportions() -> None:
    fleet = scaled(load_fleet(BASE), 1000)
    assert [g.count for g in fleet.stations] == [909, 91]
    assert len(expand(fleet)) == 1000
    assert [g.count for g in scaled(load_fleet(BASE), 3).stations] == [3]


def test_settings_apply_for_all_then_per_model_then_per_group() -> None:
    text = BASE + (
        "settings:\n"
        "  all: {HeartbeatInterval: 300, LocalPreAuthorize: true}\n"
        "  models: {dc-50: {HeartbeatInterval: 60}}\n"
    )
    text = text.replace("    id_prefix: DC-\n", "    id_prefix: DC-\n    settings: {X: 1.5}\n")
    stations = expand(load_fleet(text))
    v16 = next(s for s in stations if s.version == "1.6")
    assert v16.settings == {"HeartbeatInterval": "300", "LocalPreAuthorize": "true"}
    # 2.x stations get the 2.0.1 variables of the same settings; a key with none is dropped.
    assert stations[-1].version == "2.0.1"
    assert stations[-1].settings == {
        "OCPPCommCtrlr.HeartbeatInterval": "60",
        "AuthCtrlr.LocalPreAuthorize": "true",
    }


def test_settings_follow_the_version() -> None:
    both = {"HeartbeatInterval": "300", "OCPPCommCtrlr.HeartbeatInterval": "30"}
    assert settings_for("1.6", both) == {"HeartbeatInterval": "300"}
    assert settings_for("2.1", both) == {"OCPPCommCtrlr.HeartbeatInterval": "30"}


def test_cards_are_generated_with_holders_and_explicit_ones_follow() -> None:
    text = BASE.replace("  count: 20\n", "  count: 3\n  prefix: AB\n  values: [04AA]\n")
    made = cards(load_fleet(text))
    assert len(made) == 4 and made[-1].value == "04AA"
    assert all(c.value.startswith("AB") and len(c.value) == 16 and c.holder for c in made[:3])
    assert expand(load_fleet(text))[0].drivers.cards == tuple(c.value for c in made)


def test_a_bad_file_names_the_line_of_each_problem() -> None:
    text = """\
name: t
stations:
  - model: no-such-model
    count: 2
  - model: home-7kw
    count: 1
    protocols: {"2.0.1": 1}
    colour: red
drivers:
  pattern: nobody
duration: soon
"""
    problems = refusal(text)
    assert "f.yaml:8: unknown key 'colour'" in problems
    assert any(p.startswith("f.yaml:11: duration: 'soon' is not a duration") for p in problems)
    # Schema problems come first; references are checked once the schema holds.
    problems = refusal(text.replace("    colour: red\n", "").replace("duration: soon\n", ""))
    assert problems[0].startswith("f.yaml:3: model: 'no-such-model' is not in the catalogue")
    assert problems[1] == "f.yaml:7: protocols: home-7kw does not speak OCPP 2.0.1 (it speaks 1.6)"
    assert problems[2].startswith("f.yaml:9: pattern: unknown driver pattern 'nobody'")


def test_other_refusals() -> None:
    assert refusal("") == ["f.yaml:1: the file is empty: expected 'name:' and 'stations:'"]
    assert refusal("name: t\nstations: [\n")[0].startswith("f.yaml:")
    both = "name: t\nstations:\n  - model: dc-50\n    count: 1\n    ids: [A]\n"
    assert refusal(both) == [
        "f.yaml:3: stations: give either 'count' (generated stations) or 'ids'"
    ]
    clash = "name: t\nstations:\n  - {model: dc-50, ids: [A, B]}\n  - {model: dc-50, ids: [B]}\n"
    assert refusal(clash) == ["f.yaml:4: station id 'B' is also made by stations[0]"]
    short = "name: t\ncsms: {password_prefix: x}\nstations:\n  - {model: dc-50, ids: [A]}\n"
    assert refusal(short) == [
        "f.yaml:2: password_prefix: the password of A would have 2 characters; "
        "the CSMS needs 16 to 40"
    ]
    override = BASE.replace("pattern: uniform", "pattern: uniform\n  overrides: {speed: 3}")
    assert refusal(override) == ["f.yaml:14: overrides: 'speed' is not a field of a driver pattern"]


def test_driver_overrides_reach_the_pattern() -> None:
    text = BASE.replace(
        "pattern: uniform", "pattern: uniform\n  overrides: {arrival_soc: [0.1, 0.2]}"
    )
    from simulator.drivers import PATTERNS
    from simulator.fleet import apply_overrides

    plan = expand(load_fleet(text))[0].drivers
    assert apply_overrides(PATTERNS[plan.pattern], plan.overrides).arrival_soc == (0.1, 0.2)


def test_durations() -> None:
    assert parse_duration("90s") == 90
    assert parse_duration("10m") == 600
    assert parse_duration("1h30m") == 5400
    assert parse_duration(45) == 45
    with pytest.raises(ValueError):
        parse_duration("0s")


def test_the_unquoted_yaml_off_is_validation_off() -> None:
    assert load_fleet(BASE + "validation: off\n").validation == "off"


def test_source_addresses_spread_the_stations() -> None:
    stations = expand(load_fleet(BASE), source_addresses=3)
    assert [s.local_address for s in stations[:4]] == [
        "127.0.0.1",
        "127.0.0.2",
        "127.0.0.3",
        "127.0.0.1",
    ]
    assert expand(load_fleet(BASE))[0].local_address is None


def test_a_station_spec_is_made_lazily() -> None:
    station = expand(load_fleet(BASE))[0]
    spec = station.spec
    assert (spec.id, spec.version, spec.model.ref) == (station.id, station.version, "pillar-2x22")
    assert spec.seed == station.seed
