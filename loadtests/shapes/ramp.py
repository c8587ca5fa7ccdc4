"""Ramp to the breaking point: add --step-users stations every --step-seconds until the
failure ratio passes --fail-limit or the p95 response time passes --p95-limit-ms (or the
fleet reaches --fleet-size), then stop and say where it broke."""

from __future__ import annotations

import logging

from loadtests.shapes.common import FleetShape

log = logging.getLogger("evharness.locust")


class RampToBreakingPoint(FleetShape):
    broke_at: int | None = None

    def tick(self) -> tuple[int, float] | None:
        options = self.options
        step = int(self.get_run_time() // options.step_seconds)
        users = min(options.fleet_size, (step + 1) * options.step_users)
        if step > 0 and self._broken():
            self.broke_at = self.active_runner.user_count
            log.warning("breaking point: %s stations (%s)", self.broke_at, self._why)
            return None
        if users >= options.fleet_size and self.get_run_time() >= options.shape_seconds:
            log.warning("no breaking point up to %s stations", options.fleet_size)
            return None
        return users, float(options.step_users)

    _why = ""

    def _broken(self) -> bool:
        total = self.active_runner.stats.total
        if total.num_requests < 20:
            return False
        p95 = total.get_current_response_time_percentile(0.95) or 0.0
        if total.fail_ratio > self.options.fail_limit:
            self._why = f"failure ratio {total.fail_ratio:.1%}"
            return True
        if p95 > self.options.p95_limit_ms:
            self._why = f"p95 {p95:.0f} ms over the last 10 s"
            return True
        return False
