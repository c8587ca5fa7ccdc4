"""The wire log of one case: every frame in both directions with its time, and the notes
the harness adds (connects, closes, operator prompts)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

SENT, RECEIVED, NOTE = ">>", "<<", "--"


@dataclass(frozen=True, slots=True)
class WireEntry:
    at: datetime
    direction: str  # SENT (by the harness), RECEIVED (from the system under test) or NOTE
    text: str

    def line(self) -> str:
        return f"{self.at.isoformat(timespec='microseconds')} {self.direction} {self.text}"


@dataclass
class WireLog:
    entries: list[WireEntry] = field(default_factory=list)
    _started: float = field(default_factory=time.monotonic)

    def sent(self, text: str) -> None:
        self.entries.append(WireEntry(datetime.now(UTC), SENT, text))

    def received(self, text: str) -> None:
        self.entries.append(WireEntry(datetime.now(UTC), RECEIVED, text))

    def note(self, text: str) -> None:
        self.entries.append(WireEntry(datetime.now(UTC), NOTE, text))

    def text(self) -> str:
        return "".join(e.line() + "\n" for e in self.entries)

    @property
    def frames(self) -> int:
        return sum(1 for e in self.entries if e.direction != NOTE)
