"""Running ``evharness conformance`` as a user does: a real process, its exit code, and the
reports it writes."""

from __future__ import annotations

import asyncio
import sys
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

EVHARNESS = [sys.executable, "-m", "csms"]


@dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str
    out: Path

    def junit(self) -> ET.Element:
        return ET.parse(self.out / "junit.xml").getroot()

    def case_ids(self) -> list[str]:
        return [c.get("name", "").split()[0] for c in self.junit().iter("testcase")]

    def failed(self) -> dict[str, str]:
        """Case id -> failure message, for the cases that did not pass."""
        return {
            case.get("name", "").split()[0]: (bad.get("message") or "")
            for case in self.junit().iter("testcase")
            for bad in list(case.iter("failure")) + list(case.iter("error"))
        }


async def conformance(*args: str, out: Path, timeout: float = 600) -> Outcome:
    """``evharness conformance ARGS --out OUT``, waited for."""
    proc = await asyncio.create_subprocess_exec(
        *EVHARNESS,
        "conformance",
        *args,
        "--out",
        str(out),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    async with asyncio.timeout(timeout):
        stdout, stderr = await proc.communicate()
    assert proc.returncode is not None
    return Outcome(proc.returncode, stdout.decode(), stderr.decode(), out)
