"""A small seeded random generator for stations.

``random.Random`` carries the 2.5 KiB Mersenne Twister state; a fleet of ten thousand
stations with one each spends 25 MiB on it. SplitMix64 keeps one integer, passes BigCrush
for this kind of use (noise, jitter, choices) and is reproducible from the same seed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")
_MASK = (1 << 64) - 1


class SmallRandom:
    """The subset of ``random.Random`` the station and its physics use."""

    __slots__ = ("_state",)

    def __init__(self, seed: object) -> None:
        digest = hashlib.blake2b(str(seed).encode(), digest_size=8).digest()
        self._state = int.from_bytes(digest, "big")

    def _next(self) -> int:
        self._state = (self._state + 0x9E3779B97F4A7C15) & _MASK
        z = self._state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
        return z ^ (z >> 31)

    def random(self) -> float:
        """A float in [0, 1)."""
        return (self._next() >> 11) * (1.0 / (1 << 53))

    def uniform(self, a: float, b: float) -> float:
        return a + (b - a) * self.random()

    def choice(self, seq: Sequence[T]) -> T:
        if not seq:
            raise IndexError("cannot choose from an empty sequence")
        return seq[int(self.random() * len(seq))]

    def getrandbits(self, k: int) -> int:
        if not 0 <= k <= 64:
            raise ValueError("0 <= k <= 64")
        return self._next() >> (64 - k) if k else 0
