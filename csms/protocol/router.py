"""Handlers registered per (OCPP version, action); one place dispatches them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ocppj.versions import OcppVersion

if TYPE_CHECKING:
    from csms.protocol.connection import StationConnection
    from csms.services.container import Services

Payload = dict[str, Any]


@dataclass(slots=True)
class CallContext:
    """What a handler may use: who sent the CALL, over which version, and the services."""

    station_id: str
    version: OcppVersion
    services: Services
    connection: StationConnection


Handler = Callable[[CallContext, Payload], Awaitable[Payload]]


class Router:
    """A functional block's handlers. ``@router.on("Heartbeat", OcppVersion.V16)`` labels one."""

    def __init__(self) -> None:
        self.handlers: dict[tuple[OcppVersion, str], Handler] = {}

    def on(self, action: str, *versions: OcppVersion) -> Callable[[Handler], Handler]:
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

    def get(self, version: OcppVersion, action: str) -> Handler | None:
        return self.handlers.get((version, action))
