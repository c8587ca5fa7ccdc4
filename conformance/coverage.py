"""How much of each OCA catalogue the plans implement, per version, side and profile."""

from __future__ import annotations

from dataclasses import dataclass

from conformance.catalogue import VERSIONS, catalogue
from conformance.plan import features_folder, load_plan
from ocppj.versions import OcppVersion

SIDES = {"CSMS": "CSMS tested (our stations)", "CS": "charger tested (our test system)"}


@dataclass(frozen=True, slots=True)
class CoverageRow:
    version: OcppVersion
    side: str
    profile: str
    implemented: int
    total: int
    missing: tuple[str, ...]


def coverage() -> list[CoverageRow]:
    """One row per version, side and profile, in catalogue order."""
    rows = []
    for version in VERSIONS:
        cases = catalogue(version)
        for side in SIDES:
            folder = features_folder(version, side)
            done = {c.id for c in load_plan(version, side)} if folder.is_dir() else set()
            profiles: dict[str, list[str]] = {}
            for case in cases.values():
                if case.side == side:
                    profiles.setdefault(case.profile, []).append(case.id)
            for profile, ids in profiles.items():
                rows.append(
                    CoverageRow(
                        version,
                        side,
                        profile,
                        sum(1 for i in ids if i in done),
                        len(ids),
                        tuple(i for i in ids if i not in done),
                    )
                )
    return rows
