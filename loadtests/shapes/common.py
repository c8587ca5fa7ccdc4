"""What the shapes share: their options, read from the run's command line."""

from __future__ import annotations

from typing import Any

from locust import LoadTestShape, events
from locust.runners import Runner


@events.init_command_line_parser.add_listener
def _options(parser: Any) -> None:
    group = parser.add_argument_group("evharness load shapes")
    group.add_argument("--fleet-size", type=int, default=100, help="stations at full load")
    group.add_argument("--shape-seconds", type=float, default=300.0, help="length of the shape")
    group.add_argument("--step-users", type=int, default=50, help="ramp: stations added per step")
    group.add_argument("--step-seconds", type=float, default=30.0, help="ramp: seconds per step")
    group.add_argument("--p95-limit-ms", type=float, default=1000.0, help="ramp: breaking point")
    group.add_argument("--fail-limit", type=float, default=0.01, help="ramp: failure ratio limit")


class FleetShape(LoadTestShape):
    """A shape that knows the run's options."""

    abstract = True

    @property
    def active_runner(self) -> Runner:
        """The run's runner: locust gives the shape one before its first tick."""
        assert self.runner is not None
        return self.runner

    @property
    def options(self) -> Any:
        return self.active_runner.environment.parsed_options
