"""Rush hour: a working day compressed into --shape-seconds. The fleet starts at a tenth of
--fleet-size, climbs to all of it by 40 % of the run, holds to 60 %, and falls to 30 %."""

from __future__ import annotations

import itertools

from loadtests.shapes.common import FleetShape

# (fraction of the run, fraction of the fleet); straight lines between the points
CURVE = ((0.0, 0.1), (0.4, 1.0), (0.6, 1.0), (1.0, 0.3))


def share_at(progress: float) -> float:
    """The fleet share at ``progress`` (0..1) of the run."""
    for (x0, y0), (x1, y1) in itertools.pairwise(CURVE):
        if progress <= x1:
            return y0 + (y1 - y0) * (progress - x0) / (x1 - x0)
    return CURVE[-1][1]


class RushHour(FleetShape):
    def tick(self) -> tuple[int, float] | None:
        seconds = self.options.shape_seconds
        now = self.get_run_time()
        if now >= seconds:
            return None
        size = self.options.fleet_size
        return max(1, round(size * share_at(now / seconds))), max(1.0, size / 30.0)
