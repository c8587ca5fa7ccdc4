"""The scenarios catch a broken rule: with the CG-3 access rule flipped (an unticked "all
customers" lets every customer charge, tests/behaviours/broken_rule_plugin.py), the
scenario that expects a refusal fails at the step that checks what the station was told;
with the CSMS as it is, the same scenario passes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # runs pytest on a scenario in a process, twice

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = [
    "tests/behaviours/test_charge_groups.py",
    "-k",
    "unticked_and_nobody_attached and 2.0.1",
    "-q",
    "-p",
    "no:cacheprovider",
    # Most of a run is starting up: skip assertion rewriting (the step's own message says
    # what failed) and the plugins these scenarios do not use.
    "--assert=plain",
    "-p",
    "no:hypothesispytest",
    "-p",
    "no:faker",
    "-p",
    "no:locust",
]


def start(*extra: str) -> subprocess.Popen[str]:
    """The one CG-3 scenario in a fresh pytest, so the broken rule stays in there."""
    return subprocess.Popen(
        [sys.executable, "-m", "pytest", *SCENARIO, *extra],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_the_scenario_fails_on_the_broken_rule_naming_the_step_and_passes_on_the_real_one() -> None:
    # Both at once: most of each run is Python starting up.
    broken = start("-p", "tests.behaviours.broken_rule_plugin")
    honest = start()
    broken_out, _ = broken.communicate(timeout=120)
    honest_out, _ = honest.communicate(timeout=120)

    assert broken.returncode == 1, broken_out
    assert "1 failed" in broken_out, broken_out
    assert "the station is told" in broken_out, broken_out
    assert "was told 'Accepted' in Authorize, not 'NotAtThisLocation'" in broken_out, broken_out

    assert honest.returncode == 0, honest_out
    assert "1 passed" in honest_out, honest_out
