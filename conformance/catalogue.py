"""The OCA test-case catalogues (IDs, titles, sides and profiles; no test steps), copied from
the Open Charge Alliance's public test-case documents: "Test case document OCTT for OCPP 1.6"
(2024-04) and "OCPP 2.0.1 Part 6 - Test Cases" (Edition 3, 2024-05-06)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ocppj.versions import OcppVersion

ROOT = Path(__file__).parent / "catalogues"
FILES = {
    OcppVersion.V16: "ocpp16_octt_2024-04_testcases.csv",
    OcppVersion.V201: "ocpp201_ed3_part6_testcases.csv",
}
VERSIONS = tuple(FILES)
# Errata after the 2.0.1 edition 3 document: removed from certification.
WITHDRAWN = frozenset({"TC_A_13_CS", "TC_A_13_CSMS", "TC_O_15_CS"})
NO_PROFILE = "(not in Part 5)"


@dataclass(frozen=True, slots=True)
class CatalogueCase:
    id: str
    version: OcppVersion
    side: str  # "CS": the charger is tested; "CSMS": the CSMS is tested
    title: str
    profile: str
    mandatory: bool  # 1.6 has no M/C split: every case of a profile counts

    @property
    def tag(self) -> str:
        return self.id


@cache
def catalogue(version: OcppVersion) -> dict[str, CatalogueCase]:
    """Every case of ``version`` by ID, in document order, withdrawn cases left out."""
    cases: dict[str, CatalogueCase] = {}
    with (ROOT / FILES[version]).open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["id"] in WITHDRAWN:
                continue
            if version == OcppVersion.V16:
                profile, mandatory = row["feature_profile"], True
            else:
                profile, _, m = row["certification"].partition(":")
                profile, mandatory = profile or NO_PROFILE, m == "M"
            cases[row["id"]] = CatalogueCase(
                row["id"], version, row["side"], row["name"], profile, mandatory
            )
    return cases


def profile_slug(profile: str) -> str:
    """``Local Auth List Management`` -> ``local-auth-list-management`` (the CLI's --profile)."""
    keep = "".join(c.lower() if c.isalnum() else "-" for c in profile)
    return "-".join(p for p in keep.split("-") if p)


def find(case_id: str) -> CatalogueCase | None:
    for version in VERSIONS:
        found = catalogue(version).get(case_id)
        if found:
            return found
    return None
