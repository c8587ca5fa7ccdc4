"""Helpers both version adapters use: wire time, sampled values from physics readings, how
a simulated file transfer goes, and jobs that run after the answer or after a reboot.

A simulated station transfers no files. A location decides how a transfer goes, so a test
can ask for each outcome: a host ending in ``.invalid`` (RFC 2606) or a file name starting
``does_not_exist_`` fails the download (or upload); a firmware file name starting
``invalid_`` downloads but fails to install. A signed firmware's signature is checked over
its location (see :mod:`simulator.pki`).
"""

from __future__ import annotations

import asyncio
import posixpath
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any
from urllib.parse import urlparse

from simulator.physics import Reading
from simulator.wiretime import parse_time

Payload = dict[str, Any]
Job = Callable[[], Awaitable[Any]]

ENERGY = "Energy.Active.Import.Register"
POWER = "Power.Active.Import"
CURRENT = "Current.Import"
VOLTAGE = "Voltage"
SOC = "SoC"
PHASES = ("L1", "L2", "L3")
_TRANSFER_SCHEMES = ("ftp", "ftps", "http", "https", "sftp")
MAX_SCHEDULE_WAIT_S = 300.0  # a retrieve or install time further off is this soon


def iso(moment: datetime) -> str:
    """UTC, millisecond precision, with Z: what every CSMS parses."""
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def sampled(reading: Reading, measurands: tuple[str, ...], context: str) -> list[Payload]:
    """Neutral sampled values (1.6 shape: value as a string, unit); 2.x adapts them."""
    out: list[Payload] = []
    for measurand in measurands:
        if measurand == ENERGY:
            out.append({"value": str(reading.energy_wh), "measurand": ENERGY, "unit": "Wh"})
        elif measurand == POWER:
            out.append({"value": f"{reading.power_w:.1f}", "measurand": POWER, "unit": "W"})
        elif measurand in (CURRENT, VOLTAGE):
            values = reading.current_a if measurand == CURRENT else reading.voltage_v
            unit = "A" if measurand == CURRENT else "V"
            for phase, value in zip(PHASES, values, strict=False):
                item = {"value": f"{value:.2f}", "measurand": measurand, "unit": unit}
                if len(values) > 1:
                    item["phase"] = phase if measurand == CURRENT else f"{phase}-N"
                out.append(item)
        elif measurand == SOC and reading.soc is not None:
            out.append({"value": f"{reading.soc * 100:.1f}", "measurand": SOC, "unit": "Percent"})
    for item in out:
        item["context"] = context
        item.setdefault("location", "Outlet")
    return out


def transfer_fails(location: str) -> bool:
    """True when a download from (or upload to) ``location`` cannot succeed."""
    url = urlparse(location)
    host = (url.hostname or "").lower()
    name = posixpath.basename(url.path)
    return (
        url.scheme.lower() not in _TRANSFER_SCHEMES
        or not host
        or host.endswith(".invalid")
        or name.startswith("does_not_exist_")
    )


def install_fails(location: str) -> bool:
    """True when the firmware at ``location`` downloads but does not install."""
    return posixpath.basename(urlparse(location).path).startswith("invalid_")


def wait_until(when: str | None, now: datetime) -> float:
    """Seconds from ``now`` to the wire time ``when`` (none: 0), at most
    MAX_SCHEDULE_WAIT_S so a test does not wait for a far-off retrieve or install time."""
    moment = parse_time(when) if when else None
    if moment is None:
        return 0.0
    return min(MAX_SCHEDULE_WAIT_S, max(0.0, (moment - now).total_seconds()))


async def after_answer(job: Job) -> None:
    """A triggered message follows the answer to the CALL that asked for it on the wire."""
    await asyncio.sleep(0)
    try:
        await job()
    except Exception:
        return


async def in_order(delay: float, jobs: list[Job]) -> None:
    """Notifications due after a reboot, once the station has reported its connectors:
    ``delay`` seconds, then each job; the first that fails ends them."""
    await asyncio.sleep(delay)
    for job in jobs:
        try:
            await job()
        except Exception:
            return
