"""scenarios/worlds/generate_demo.py writes demo.yaml reproducibly, and the committed file is
what it writes."""

from __future__ import annotations

import importlib.util
import re
from types import ModuleType

import faker

from csms.world import read_world
from tests.world.conftest import DEMO


def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "generate_demo", DEMO.with_name("generate_demo.py")
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_generator_is_reproducible_and_its_output_is_valid() -> None:
    module = generator()
    text = module.render()
    assert module.render() == text
    read_world(text)  # raises WorldError if the generated world is not valid


def test_the_committed_demo_world_is_the_generators_output() -> None:
    committed = DEMO.read_text(encoding="utf-8")
    read_world(DEMO)
    written_by = re.search(r"\(Faker (\S+),", committed)
    assert written_by, "demo.yaml names the Faker version that wrote it"
    # The test extra pins Faker to the version that wrote the file: another one is drift.
    assert written_by[1] == faker.VERSION, (
        f"demo.yaml was written by Faker {written_by[1]}, {faker.VERSION} is installed: "
        "install the test extra's Faker, or move its pin and run scenarios/worlds/generate_demo.py"
    )
    assert generator().render() == committed, "run scenarios/worlds/generate_demo.py"
