"""Network flap: a steady fleet whose stations lose their connection about every
--flap-every seconds for --flap-seconds (the locustfile's options; this shape needs
--flap-every > 0). Shows how the CSMS copes with reconnects and offline queues replayed."""

from __future__ import annotations

import logging

from loadtests.shapes.common import FleetShape

log = logging.getLogger("evharness.locust")


class NetworkFlap(FleetShape):
    _warned = False

    def tick(self) -> tuple[int, float] | None:
        if not self.options.flap_every and not self._warned:
            log.error("network_flap: pass --flap-every SECONDS, or nothing flaps")
            self._warned = True
        if self.get_run_time() >= self.options.shape_seconds:
            return None
        size = self.options.fleet_size
        return size, max(1.0, size / 30.0)
