"""Every change made through the API is recorded: who really acted and, when a system user
had switched to a customer's view, on whose behalf (CUS-8)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response

from csms.domain.permissions import Principal
from csms.services.container import Services

WRITES = {"POST", "PUT", "PATCH", "DELETE"}


def install(api: FastAPI, services: Services) -> None:
    @api.middleware("http")
    async def audit(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        principal: Principal | None = getattr(request.state, "principal", None)
        if request.method in WRITES and principal is not None and response.status_code < 400:
            route = request.scope.get("route")
            action = getattr(route, "name", request.method)
            await services.audit.record(principal, action, f"{request.method} {request.url.path}")
        return response
