"""A station's control hook: an HTTP endpoint that carries out what a person would do at the
charger (plug in, present a card, unplug...). The conformance harness POSTs its operator
instructions here (``evharness conformance station --hook``), so a test system can drive our
virtual station through the manual steps of the OCA charger-side cases.

Body: ``{"action": "plug_in", "params": {"connectorId": 1}}`` (the harness's Instruction;
other fields are ignored). 200 when done, 400 naming the problem otherwise.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from simulator.physics import EV_MODELS, Ev
from simulator.station import Station

Action = Callable[[Station, dict[str, Any]], Awaitable[Any]]


def _evse(station: Station, params: dict[str, Any]) -> int:
    evse = int(params.get("evseId") or params.get("connectorId") or params.get("connector") or 1)
    if evse not in station.evses:
        raise ValueError(f"no EVSE {evse} (the station has {sorted(station.evses)})")
    return evse


def _token(params: dict[str, Any]) -> str:
    token = params.get("idTag") or params.get("idToken") or params.get("id_tag")
    if not token:
        raise ValueError("present_card needs idTag (or idToken)")
    return str(token)


async def _plug_in(station: Station, p: dict[str, Any]) -> None:
    soc = float(p.get("soc", 0.3))
    await station.plug_in(_evse(station, p), Ev(EV_MODELS[0], soc=soc, target_soc=1.0))


async def _present_card(station: Station, p: dict[str, Any]) -> bool:
    return await station.present_card(_evse(station, p), _token(p))


async def _unplug(station: Station, p: dict[str, Any]) -> None:
    await station.unplug(_evse(station, p))


async def _stop_charging(station: Station, p: dict[str, Any]) -> None:
    await station.stop_charging(_evse(station, p), p.get("idTag") or p.get("idToken"))


async def _go_offline(station: Station, p: dict[str, Any]) -> None:
    station.go_offline(float(p.get("seconds", 30)))


async def _reboot(station: Station, p: dict[str, Any]) -> None:
    station.reset(hard=True)


ACTIONS: dict[str, Action] = {
    "plug_in": _plug_in,
    "plug_in_the_cable": _plug_in,
    "present_card": _present_card,
    "present_the_card": _present_card,
    "unplug": _unplug,
    "unplug_the_cable": _unplug,
    "stop_charging": _stop_charging,
    "go_offline": _go_offline,
    "reboot": _reboot,
    "power_cycle": _reboot,
}


def control_app(station: Station) -> Starlette:
    """The hook for one station."""

    async def perform(request: Request) -> JSONResponse:
        try:
            body = await request.json()
            action = str(body["action"])
            params = dict(body.get("params") or {})
        except (ValueError, KeyError, TypeError):
            return JSONResponse({"detail": "expected {action, params}"}, status_code=400)
        handler = ACTIONS.get(action)
        if handler is None:
            known = ", ".join(sorted(ACTIONS))
            return JSONResponse(
                {"detail": f"unknown action {action!r}; known: {known}"}, status_code=400
            )
        try:
            result = await handler(station, params)
        except ValueError as exc:
            return JSONResponse({"detail": str(exc)}, status_code=400)
        return JSONResponse({"done": action, "result": result})

    return Starlette(routes=[Route("/", perform, methods=["POST"])])


async def serve_control(station: Station, host: str, port: int) -> uvicorn.Server:
    """Start the hook on ``host:port`` in the running loop; ``server.should_exit = True``
    stops it."""
    config = uvicorn.Config(control_app(station), host=host, port=port, log_level="warning")
    server = uvicorn.Server(config)
    asyncio.get_running_loop().create_task(server.serve())
    while not server.started:  # noqa: ASYNC110  (uvicorn offers no event for this)
        await asyncio.sleep(0.01)
    return server
