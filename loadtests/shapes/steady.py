"""A steady, realistic fleet: --fleet-size stations connect over the first minute and stay
for --shape-seconds, each running sessions at the pace of --session-seconds/--idle-seconds."""

from __future__ import annotations

from loadtests.shapes.common import FleetShape


class SteadyFleet(FleetShape):
    def tick(self) -> tuple[int, float] | None:
        if self.get_run_time() >= self.options.shape_seconds:
            return None
        size = self.options.fleet_size
        return size, max(1.0, size / 60.0)
