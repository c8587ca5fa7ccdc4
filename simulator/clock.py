"""Simulated time. A fleet runs on one clock; ``factor`` compresses time for demos (60: a
minute of station time per real second). Every timer of a station (heartbeat, meter
samples, driver behaviour) sleeps on this clock, and physics advances by its seconds."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta


class SimClock:
    def __init__(self, factor: float = 1.0, start: datetime | None = None) -> None:
        if factor <= 0:
            raise ValueError("the time factor must be positive")
        self.factor = factor
        self._real0 = time.monotonic()
        self._sim0 = start or datetime.now(UTC)

    def now(self) -> datetime:
        """Simulated now, aware UTC."""
        return self._sim0 + timedelta(seconds=(time.monotonic() - self._real0) * self.factor)

    def monotonic(self) -> float:
        """Simulated seconds since the clock started."""
        return (time.monotonic() - self._real0) * self.factor

    def at(self, monotonic: float) -> datetime:
        """The simulated instant of a :meth:`monotonic` reading."""
        return self._sim0 + timedelta(seconds=monotonic)

    async def sleep(self, seconds: float) -> None:
        """Sleep ``seconds`` of simulated time."""
        await asyncio.sleep(max(0.0, seconds) / self.factor)
