"""Energy over time, as customers and operators read it: pure, in the viewer's timezone."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo


class Interval(StrEnum):
    DAY = "day"
    MONTH = "month"


@dataclass(frozen=True, slots=True)
class SessionEnergy:
    ended_at: datetime
    energy_wh: Decimal


def period_start(moment: datetime, tz: ZoneInfo, interval: Interval) -> date:
    """The local day or month a moment falls in, for a viewer in ``tz``."""
    local = moment.astimezone(tz).date()
    return local if interval is Interval.DAY else local.replace(day=1)


def energy_per_interval(
    sessions: Iterable[SessionEnergy], tz: ZoneInfo, interval: Interval
) -> list[tuple[date, Decimal]]:
    """Energy of finished sessions per local period, in order, counted in the period the
    session ended (when its energy is known)."""
    totals: dict[date, Decimal] = defaultdict(Decimal)
    for session in sessions:
        totals[period_start(session.ended_at, tz, interval)] += session.energy_wh
    return sorted(totals.items())
