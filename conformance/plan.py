"""A conformance plan: the scenarios of ``features/conformance/<version>/`` (testing a CSMS)
and ``.../charger/`` (testing a charger), each tagged with its OCA case ID."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gherkin.errors import CompositeParserException
from gherkin.parser import Parser
from gherkin.pickles.compiler import Compiler, PickleStep

from conformance.catalogue import CatalogueCase, catalogue, profile_slug
from ocppj.versions import OcppVersion

FEATURES = Path(__file__).resolve().parent.parent / "features" / "conformance"
FOLDERS = {OcppVersion.V16: "ocpp16", OcppVersion.V201: "ocpp201"}
CASE_TAG = re.compile(r"^@(TC_[A-Z0-9_]+_(?:CS|CSMS))$")


class PlanError(Exception):
    """A feature file that cannot be a plan: a syntax error, or a case the catalogue lacks."""


@dataclass(frozen=True, slots=True)
class Step:
    keyword: str  # Context, Action, Outcome
    text: str
    table: tuple[tuple[str, ...], ...] = ()
    doc: str | None = None


@dataclass(frozen=True, slots=True)
class PlannedCase:
    """One scenario: the OCA case it implements, where it is written, and its steps."""

    case: CatalogueCase
    name: str
    source: str  # path:line
    steps: tuple[Step, ...]
    tags: frozenset[str] = field(default_factory=frozenset)

    @property
    def id(self) -> str:
        return self.case.id


def features_folder(version: OcppVersion, side: str) -> Path:
    """Where the scenarios for ``side`` ("CSMS": we test a CSMS; "CS": we test a charger)
    of ``version`` live."""
    folder = FEATURES / FOLDERS[version]
    return folder if side == "CSMS" else folder / "charger"


def load_plan(
    version: OcppVersion,
    side: str,
    *,
    profiles: Iterable[str] = (),
    ids: Iterable[str] = (),
    folder: Path | None = None,
) -> list[PlannedCase]:
    """The cases of one direction, in file order, filtered by profile slugs or case IDs."""
    wanted_profiles = {profile_slug(p) for p in profiles}
    wanted_ids = set(ids)
    cases = []
    for path in sorted((folder or features_folder(version, side)).glob("*.feature")):
        for planned in parse_feature(path, version):
            if planned.case.side != side:
                raise PlanError(f"{planned.source}: {planned.id} is a {planned.case.side} case")
            if wanted_profiles and profile_slug(planned.case.profile) not in wanted_profiles:
                continue
            if wanted_ids and planned.id not in wanted_ids:
                continue
            cases.append(planned)
    return cases


def parse_feature(path: Path, version: OcppVersion) -> list[PlannedCase]:
    """Every scenario of one feature file that carries a case tag."""
    try:
        document = Parser().parse(path.read_text(encoding="utf-8"))
    except CompositeParserException as exc:
        raise PlanError(f"{path}: {exc}") from None
    known = catalogue(version)
    planned = []
    for pickle in Compiler().compile({**document, "uri": str(path)}):
        tags = frozenset(t["name"] for t in pickle["tags"])
        ids = [m.group(1) for t in tags if (m := CASE_TAG.match(t))]
        source = f"{path}:{pickle['location']['line']}"
        if len(ids) != 1:
            raise PlanError(f"{source}: a conformance scenario carries exactly one case tag")
        if ids[0] not in known:
            raise PlanError(f"{source}: {ids[0]} is not in the OCPP {version} catalogue")
        planned.append(
            PlannedCase(
                known[ids[0]],
                pickle["name"],
                source,
                tuple(_step(s) for s in pickle["steps"]),
                tags,
            )
        )
    return planned


def _step(raw: PickleStep) -> Step:
    # gherkin types the argument as an empty TypedDict: its dataTable/docString are read as-is.
    argument: Mapping[str, Any] = raw.get("argument", {})
    table = tuple(
        tuple(cell["value"] for cell in row["cells"])
        for row in argument.get("dataTable", {}).get("rows", [])
    )
    doc = argument.get("docString", {}).get("content")
    return Step(raw.get("type", "Context"), raw["text"], table, doc)
