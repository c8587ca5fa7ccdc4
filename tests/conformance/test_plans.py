"""The plans as files: each scenario names one catalogue case of the right side, and the
coverage the CLI prints is what the feature files hold."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conformance.catalogue import catalogue
from conformance.plan import FEATURES, PlanError, load_plan, parse_feature

CASE_TAG = re.compile(r"@(TC_\w+?_(?:CS|CSMS))\b")


def _feature(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "plan.feature"
    path.write_text("Feature: a plan\n" + body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("tags", "problem"),
    [
        ("", "exactly one case tag"),
        ("@TC_001_CSMS @TC_003_CSMS", "exactly one case tag"),
        ("@TC_999_CSMS", "not in the OCPP 1.6 catalogue"),
    ],
)
def test_a_scenario_names_exactly_one_known_case(tmp_path: Path, tags: str, problem: str) -> None:
    path = _feature(tmp_path, f"  {tags}\n  Scenario: x\n    Given the station is connected\n")
    with pytest.raises(PlanError, match=problem):
        parse_feature(path, "1.6")


def test_a_case_of_the_other_side_is_refused(tmp_path: Path) -> None:
    _feature(tmp_path, "  @TC_001_CS\n  Scenario: x\n    Given the charger is connected\n")
    with pytest.raises(PlanError, match="is a CS case"):
        load_plan("1.6", "CSMS", folder=tmp_path)


def test_profiles_filter_by_their_slug(tmp_path: Path) -> None:
    _feature(
        tmp_path,
        "  @TC_001_CSMS\n  Scenario: a\n    Given the station is connected\n"
        "  @TC_042_1_CSMS\n  Scenario: b\n    Given the station is connected\n",
    )
    core = load_plan("1.6", "CSMS", folder=tmp_path, profiles=["core"])
    lists = load_plan("1.6", "CSMS", folder=tmp_path, profiles=["Local Auth List Management"])
    assert [c.id for c in core] == ["TC_001_CSMS"]
    assert [c.id for c in lists] == ["TC_042_1_CSMS"]


def test_every_shipped_scenario_is_a_catalogue_case_once() -> None:
    for version, folder in (("1.6", "ocpp16"), ("2.0.1", "ocpp201")):
        for side in ("CSMS", "CS"):
            ids = [c.id for c in load_plan(version, side)]
            assert len(ids) == len(set(ids)), f"{version} {side}: a case written twice"
            assert all(catalogue(version)[i].side == side for i in ids)
        assert (FEATURES / folder).is_dir()


def test_coverage_counts_the_tags_in_the_feature_files() -> None:
    tagged: dict[tuple[str, str], set[str]] = {}
    for path in FEATURES.rglob("*.feature"):
        version = "1.6" if "ocpp16" in path.parts else "2.0.1"
        for case_id in CASE_TAG.findall(path.read_text(encoding="utf-8")):
            tagged.setdefault((version, catalogue(version)[case_id].side), set()).add(case_id)
    shown = subprocess.run(
        [sys.executable, "-m", "csms", "conformance", "coverage"],
        capture_output=True,
        text=True,
        check=True,
        env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"},
    ).stdout
    totals = re.findall(
        r"(1\.6|2\.0\.1)\s+│\s+(CSMS|charger)[^│]*│\s+all profiles\s+│\s+(\d+)", shown
    )
    assert len(totals) == 4, shown
    for version, side, count in totals:
        key = (version, "CSMS" if side == "CSMS" else "CS")
        assert int(count) == len(tagged.get(key, set())), (key, shown)
