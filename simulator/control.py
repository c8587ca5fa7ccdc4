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

from simulator.connector_status import ConnectorEvent
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


async def _power_up(station: Station) -> None:
    station.reset(hard=True, boot_reason="PowerUp")


# -- what a tester does to the charger (faults, power, network, broken parts) ------------


def _flag(p: dict[str, Any], name: str, default: bool = False) -> bool:
    value = p.get(name, default)
    return value if isinstance(value, bool) else str(value).strip().lower() == "true"


async def _ev_side_disconnect(station: Station, p: dict[str, Any]) -> None:
    """The cable comes out of the EV but stays in the socket: the transaction stops when
    StopTransactionOnEVSideDisconnect says so, else the EV is just gone (SuspendedEV)."""
    evse = station.evses[_evse(station, p)]
    station.advance(evse)
    evse.physics.suspend(True)
    if evse.tx is not None and station.settings.stop_tx_on_ev_side_disconnect:
        station.end_tx(evse, "EVDisconnected", trigger="EVCommunicationLost")
    elif evse.tx is not None:
        station.happened(evse, ConnectorEvent.EV_SUSPENDED)


async def _remove_connectivity(station: Station, p: dict[str, Any]) -> None:
    station.go_offline(float(p.get("seconds", 3600)))


async def _restore_connectivity(station: Station, p: dict[str, Any]) -> None:
    station.restore_network()


async def _disconnect_power(station: Station, p: dict[str, Any]) -> None:
    """Power off until "reconnect the power"; a station with backup power (the default)
    first stops its transactions."""
    station.lose_power(backup=_flag(p, "backupPower", True))


async def _power_blip(station: Station, p: dict[str, Any]) -> None:
    """Power off and on again at once: no time to stop anything first."""
    station.lose_power(backup=False)


async def _fault(station: Station, p: dict[str, Any]) -> None:
    """A fault on the connector (errorCode: a 1.6 ChargePointErrorCode): a session on it
    ends, and it reports Faulted until the fault is removed."""
    evse = station.evses[_evse(station, p)]
    evse.authorized = None
    station.fault(evse, str(p.get("errorCode") or "OtherError"))
    if evse.tx is not None:
        station.end_tx(evse, "Other", trigger="AbnormalCondition")


async def _clear_fault(station: Station, p: dict[str, Any]) -> None:
    evse = station.evses[_evse(station, p)]
    station.clear_fault(evse)


async def _plug_in_halfway(station: Station, p: dict[str, Any]) -> None:
    """The plug does not go in far enough for the lock: a lock failure."""
    await _fault(station, {**p, "errorCode": "ConnectorLockFailure"})


def _adapter_part(station: Station, name: str) -> Any:
    if not hasattr(station.adapter, name):
        raise ValueError(f"an OCPP {station.spec.version} station cannot do this")
    return station.adapter


async def _break_lock(station: Station, p: dict[str, Any]) -> None:
    _adapter_part(station, "broken_locks").broken_locks.add(_evse(station, p))


async def _repair_lock(station: Station, p: dict[str, Any]) -> None:
    _adapter_part(station, "broken_locks").broken_locks.discard(_evse(station, p))


async def _break_local_list(station: Station, p: dict[str, Any]) -> None:
    _adapter_part(station, "local_list_fails").local_list_fails = True


async def _repair_local_list(station: Station, p: dict[str, Any]) -> None:
    _adapter_part(station, "local_list_fails").local_list_fails = False


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
    # OCPP 2.0.1 cases: a power cycle boots with reason PowerUp (a reset: RemoteReset).
    "power_cycle_the_charger": lambda station, p: _power_up(station),
    # OCPP 1.6 charger-side cases (the OCTT's manual actions).
    "unplug_the_cable_at_the_ev": _ev_side_disconnect,
    "remove_the_connectivity": _remove_connectivity,
    "restore_the_connectivity": _restore_connectivity,
    "disconnect_the_power": _disconnect_power,
    "reconnect_the_power": _restore_connectivity,
    "disconnect_and_reconnect_the_power": _power_blip,
    "cause_a_fault_on_the_connector": _fault,
    "remove_the_fault": _clear_fault,
    "plug_in_the_cable_halfway": _plug_in_halfway,
    "break_the_connector_lock": _break_lock,
    "repair_the_connector_lock": _repair_lock,
    "make_the_local_list_storage_fail": _break_local_list,
    "repair_the_local_list_storage": _repair_local_list,
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
        except (ValueError, RuntimeError) as exc:  # RuntimeError: not possible now
            return JSONResponse({"detail": str(exc)}, status_code=400)
        return JSONResponse({"done": action, "result": result})

    return Starlette(routes=[Route("/", perform, methods=["POST"])])


async def serve_control(station: Station, host: str, port: int) -> uvicorn.Server:
    """Start the hook on ``host:port`` in the running loop; ``server.should_exit = True``
    stops it."""
    # Idle connections live longer here than in the harness's client pool (5 s), so a
    # request never meets a connection the server is just closing.
    config = uvicorn.Config(
        control_app(station), host=host, port=port, log_level="warning", timeout_keep_alive=60
    )
    server = uvicorn.Server(config)
    asyncio.get_running_loop().create_task(server.serve())
    while not server.started:  # noqa: ASYNC110  (uvicorn offers no event for this)
        await asyncio.sleep(0.01)
    return server
