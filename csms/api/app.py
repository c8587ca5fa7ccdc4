"""The FastAPI application: routers under /api/v1, OpenAPI at /openapi.json, docs at /docs."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response

from csms import __version__
from csms.api import audit_trail, errors
from csms.api.routes import (
    accounts,
    audit,
    auth,
    cdrs,
    commands,
    customers,
    groups,
    invoices,
    locations,
    operators,
    plans,
    reports,
    statements,
    stations,
    tariffs,
    tickets,
    tokens,
    transactions,
)
from csms.protocol.server import OcppServer
from csms.services.commands import CommandService
from csms.services.container import Services


def create_api(services: Services, server: OcppServer, commands_: CommandService) -> FastAPI:
    api = FastAPI(
        title="evharness CSMS admin API",
        version=__version__,
        description="Stations, tokens, transactions and commands of the evharness reference CSMS.",
    )
    api.state.services = services
    api.state.ocpp_server = server
    api.state.commands = commands_
    modules = (
        stations,
        tokens,
        transactions,
        commands,
        accounts,
        auth,
        operators,
        locations,
        groups,
        customers,
        tickets,
        tariffs,
        cdrs,
        audit,
        reports,
        statements,
        invoices,
        plans,
    )
    for module in modules:
        api.include_router(module.router, prefix="/api/v1")
    api.include_router(auth.links)  # GET /activate: the link in invitation mails

    errors.install(api)
    audit_trail.install(api, services)

    @api.middleware("http")
    async def settings_changed(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        """A write may have changed what running sessions are priced and limited by."""
        response = await call_next(request)
        if request.method in audit_trail.WRITES:
            services.transactions.settings_changed()
        return response

    @api.get("/health", tags=["health"])
    async def health() -> dict[str, object]:
        return {"status": "ok", "connected_stations": len(server.connections)}

    return api
