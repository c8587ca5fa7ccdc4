"""Time, injected so tests can move it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class Clock:
    """Real UTC time. ``advance`` and ``set`` move it for tests (an expired activation link, a
    token past its end); nothing in the CSMS calls it, so by default it is the wall clock."""

    def __init__(self) -> None:
        self._offset = timedelta()

    def now(self) -> datetime:
        return datetime.now(UTC) + self._offset

    def advance(self, delta: timedelta) -> None:
        self._offset += delta

    def set(self, instant: datetime) -> None:
        """Make ``now()`` read ``instant`` (it keeps running from there)."""
        self._offset = instant - datetime.now(UTC)

    def reset(self) -> None:
        self._offset = timedelta()
