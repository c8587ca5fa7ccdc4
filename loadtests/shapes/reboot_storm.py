"""A reboot storm: the whole fleet (--fleet-size) connects and boots at the same moment, as
after a power cut or a CSMS restart, then holds for --shape-seconds. The log says when
every station had its BootNotification answered."""

from __future__ import annotations

import logging

from loadtests.shapes.common import FleetShape

log = logging.getLogger("evharness.locust")


class RebootStorm(FleetShape):
    booted_after_s: float | None = None

    def tick(self) -> tuple[int, float] | None:
        now = self.get_run_time()
        size = self.options.fleet_size
        if self.booted_after_s is None:
            boots = self.active_runner.stats.get("BootNotification", "OCPP")
            if boots.num_requests - boots.num_failures >= size:
                self.booted_after_s = now
                log.warning("reboot storm: %s stations booted within %.1f s", size, now)
        if now >= self.options.shape_seconds:
            return None
        return size, float(size)
