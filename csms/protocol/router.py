"""Handlers registered per (OCPP version, action); one place dispatches them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from csms.protocol.connection import StationConnection
    from csms.services.container import Services

Payload = dict[str, Any]


@dataclass(slots=True)
class CallContext:
    """What a handler may use: who sent the CALL, over which version, and the services."""

    station_id: str
    version: str
    services: Services
    connection: StationConnection


Handler = Callable[[CallContext, Payload], Awaitable[Payload]]


class Router:
    """A functional block's handlers. ``@router.on("Heartbeat", "1.6", "2.0.1")`` labels one."""

    def __init__(self) -> None:
        self.handlers: dict[tuple[str, str], Handler] = {}

    def on(self, action: str, *versions: str) -> Callable[[Handler], Handler]:
        def label(handler: Handler) -> Handler:
            for version in versions:
                key = (version, action)
                if key in self.handlers:
                    raise ValueError(f"two handlers for {action} in OCPP {version}")
                self.handlers[key] = handler
            return handler

        return label

    def include(self, *others: Router) -> Router:
        for other in others:
            for (version, action), handler in other.handlers.items():
                self.on(action, version)(handler)
        return self

    def get(self, version: str, action: str) -> Handler | None:
        return self.handlers.get((version, action))
