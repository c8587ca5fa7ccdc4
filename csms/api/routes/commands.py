"""Commands to a connected station: typed ones for the common cases, and any CALL by name."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable
from typing import Any, TypeVar

from fastapi import APIRouter, HTTPException, status

from csms.api.deps import Access, AccessDep, CommandsDep, ServicesDep
from csms.api.schemas import (
    AvailabilityCommand,
    CommandAnswer,
    ConfigurationGet,
    ConfigurationSet,
    GenericAnswer,
    GenericCall,
    RemoteStart,
    RemoteStop,
    ResetCommand,
    TriggerCommand,
    UnlockCommand,
)
from csms.db.repositories.stations import StationRepository, station_resources
from csms.domain.permissions import Action, Area
from csms.protocol.commands import (
    CommandResult,
    Commands,
    NotAvailableInVersion,
    StationNotConnected,
)
from csms.protocol.connection import CallFailed, ResponseInvalid
from csms.services.container import Services
from ocppj.rpc import RpcError

router = APIRouter(prefix="/stations/{station_id}/commands", tags=["commands"])
T = TypeVar("T")


async def _run(services: Services, access: Access, station_id: str, call: Awaitable[T]) -> T:
    """Check the caller may operate the station, then map what can go wrong talking to it
    onto HTTP answers with a message."""
    try:
        async with services.db.read() as session:
            station = await StationRepository(session).get(station_id)
            if station is None:
                raise HTTPException(status.HTTP_404_NOT_FOUND, f"station {station_id!r} not found")
            resources = await station_resources(session, station)
        await access.require(Action.COMMAND, Area.NETWORK, resources, f"station {station_id!r}")
    except HTTPException:
        if inspect.iscoroutine(call):
            call.close()  # never awaited: close it so Python does not warn
        raise
    try:
        return await call
    except StationNotConnected:
        raise HTTPException(
            status.HTTP_409_CONFLICT, f"station {station_id!r} is not connected"
        ) from None
    except NotAvailableInVersion as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from None
    except RpcError as exc:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            f"payload violates the OCPP schema: {exc.description}",
        ) from None
    except CallFailed as exc:
        raise HTTPException(
            status.HTTP_502_BAD_GATEWAY, f"station answered CALLERROR {exc.code}: {exc.description}"
        ) from None
    except ResponseInvalid as exc:
        raise HTTPException(
            status.HTTP_502_BAD_GATEWAY, f"station answer violates the schema: {exc}"
        ) from None
    except TimeoutError:
        raise HTTPException(
            status.HTTP_504_GATEWAY_TIMEOUT, "station did not answer in time"
        ) from None
    except ConnectionError:
        raise HTTPException(
            status.HTTP_409_CONFLICT, "station disconnected before answering"
        ) from None


def _answer(result: CommandResult) -> CommandAnswer:
    return CommandAnswer(status=result.status, response=result.response)


@router.post("/remote-start", response_model=CommandAnswer)
async def remote_start(
    station_id: str,
    body: RemoteStart,
    access: AccessDep,
    services: ServicesDep,
    commands: CommandsDep,
) -> CommandAnswer:
    return _answer(
        await _run(
            services,
            access,
            station_id,
            commands.remote_start(
                station_id,
                id_token=body.id_token,
                id_token_type=body.id_token_type,
                evse_id=body.evse_id,
            ),
        )
    )


@router.post("/remote-stop", response_model=CommandAnswer)
async def remote_stop(
    station_id: str,
    body: RemoteStop,
    access: AccessDep,
    services: ServicesDep,
    commands: CommandsDep,
) -> CommandAnswer:
    return _answer(
        await _run(
            services,
            access,
            station_id,
            commands.remote_stop(station_id, transaction_ref=body.transaction_id),
        )
    )


@router.post("/reset", response_model=CommandAnswer)
async def reset(
    station_id: str,
    body: ResetCommand,
    access: AccessDep,
    services: ServicesDep,
    commands: CommandsDep,
) -> CommandAnswer:
    hard = body.type in ("Hard", "Immediate")
    return _answer(
        await _run(
            services,
            access,
            station_id,
            commands.reset(station_id, hard=hard, evse_id=body.evse_id),
        )
    )


@router.post("/unlock", response_model=CommandAnswer)
async def unlock(
    station_id: str,
    body: UnlockCommand,
    access: AccessDep,
    services: ServicesDep,
    commands: CommandsDep,
) -> CommandAnswer:
    return _answer(
        await _run(
            services,
            access,
            station_id,
            commands.unlock(station_id, evse_id=body.evse_id, connector_id=body.connector_id),
        )
    )


@router.post("/change-availability", response_model=CommandAnswer)
async def change_availability(
    station_id: str,
    body: AvailabilityCommand,
    access: AccessDep,
    services: ServicesDep,
    commands: CommandsDep,
) -> CommandAnswer:
    return _answer(
        await _run(
            services,
            access,
            station_id,
            commands.change_availability(
                station_id,
                operative=body.operative,
                evse_id=body.evse_id,
                connector_id=body.connector_id,
            ),
        )
    )


@router.post("/trigger-message", response_model=CommandAnswer)
async def trigger_message(
    station_id: str,
    body: TriggerCommand,
    access: AccessDep,
    services: ServicesDep,
    commands: CommandsDep,
) -> CommandAnswer:
    return _answer(
        await _run(
            services,
            access,
            station_id,
            commands.trigger_message(station_id, message=body.message, evse_id=body.evse_id),
        )
    )


@router.post("/clear-cache", response_model=CommandAnswer)
async def clear_cache(
    station_id: str, access: AccessDep, services: ServicesDep, commands: CommandsDep
) -> CommandAnswer:
    return _answer(await _run(services, access, station_id, commands.clear_cache(station_id)))


@router.post("/get-configuration", response_model=list[dict[str, Any]])
async def get_configuration(
    station_id: str,
    body: ConfigurationGet,
    access: AccessDep,
    services: ServicesDep,
    commands: CommandsDep,
) -> list[dict[str, Any]]:
    """1.6 configuration keys, or 2.x variables named ``Component.Variable``."""
    return await _run(
        services, access, station_id, commands.get_configuration(station_id, body.keys)
    )


@router.post("/change-configuration", response_model=CommandAnswer)
async def change_configuration(
    station_id: str,
    body: ConfigurationSet,
    access: AccessDep,
    services: ServicesDep,
    commands: CommandsDep,
) -> CommandAnswer:
    return _answer(
        await _run(
            services,
            access,
            station_id,
            commands.change_configuration(station_id, body.key, body.value),
        )
    )


@router.post("/call", response_model=GenericAnswer)
async def generic_call(
    station_id: str,
    body: GenericCall,
    access: AccessDep,
    services: ServicesDep,
    commands: CommandsDep,
) -> GenericAnswer:
    """Send any OCPP CALL by action name. A CALLERROR from the station is returned, not raised,
    so a tester sees exactly what the station said."""
    return await _run(
        services, access, station_id, _call_keeping_errors(commands, station_id, body)
    )


async def _call_keeping_errors(
    commands: Commands, station_id: str, body: GenericCall
) -> GenericAnswer:
    try:
        result = await commands.call(
            station_id,
            body.action,
            body.payload,
            timeout=body.timeout,
            validate=body.validate_payload,
        )
    except CallFailed as exc:
        return GenericAnswer(
            error={"code": exc.code, "description": exc.description, "details": exc.details}
        )
    return GenericAnswer(result=result)
