"""Money and periods shared by invoicing and settlement: cents, and the calendar month.

A period is a calendar month in a time zone: ``2026-11`` in Europe/Amsterdam runs from
2026-11-01 00:00 local to 2026-12-01 00:00 local.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
_PERIOD = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def cents(amount: Decimal) -> Decimal:
    """``amount`` rounded to cents, half up: the one rounding a line amount gets."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True, order=True)
class Period:
    """A billing period: one calendar month."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Period:
        """``"2026-11"`` -> Period(2026, 11); ValueError on anything else."""
        found = _PERIOD.match(text)
        if found is None:
            raise ValueError(f"period {text!r} is not a month like 2026-11")
        return cls(int(found[1]), int(found[2]))

    @classmethod
    def of(cls, moment: datetime, tz: tzinfo) -> Period:
        """The period ``moment`` (aware) falls in, in time zone ``tz``."""
        local = moment.astimezone(tz)
        return cls(local.year, local.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def days(self) -> int:
        return calendar.monthrange(self.year, self.month)[1]

    def next(self) -> Period:
        return Period(self.year + 1, 1) if self.month == 12 else Period(self.year, self.month + 1)

    def bounds(self, tz: tzinfo) -> tuple[datetime, datetime]:
        """[start, end) of the month in ``tz``, as aware UTC instants."""
        return _local_midnight(self.first_day, tz), _local_midnight(self.next().first_day, tz)


def _local_midnight(day: date, tz: tzinfo) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=tz).astimezone(UTC)
