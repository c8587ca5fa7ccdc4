"""Commands to a connected station: typed ones for the common cases, and any CALL by name.

Every route is made from one table, COMMANDS: an entry names its path, its request schema
and how it is sent through csms.protocol.commands.Commands. Who may command a station and
what can go wrong talking to it is the command service's (csms.services.commands)."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from csms.api.deps import AccessDep, CommandServiceDep
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
from csms.protocol.commands import Commands
from csms.protocol.connection import CallFailed

router = APIRouter(prefix="/stations/{station_id}/commands", tags=["commands"])


@dataclass(frozen=True, slots=True)
class Command:
    """One command route. ``send`` gets the commands, the station id and the request body;
    its answer is the response (a CommandResult answers as a CommandAnswer)."""

    path: str
    name: str  # the handler's name: the OpenAPI operation id and summary come from it
    body: type[BaseModel] | None
    send: Callable[[Commands, str, Any], Awaitable[Any]]
    response_model: Any = CommandAnswer
    description: str | None = None


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


COMMANDS: tuple[Command, ...] = (
    Command(
        "remote-start",
        "remote_start",
        RemoteStart,
        lambda commands, station_id, body: commands.remote_start(
            station_id,
            id_token=body.id_token,
            id_token_type=body.id_token_type,
            evse_id=body.evse_id,
        ),
    ),
    Command(
        "remote-stop",
        "remote_stop",
        RemoteStop,
        lambda commands, station_id, body: commands.remote_stop(
            station_id, transaction_ref=body.transaction_id
        ),
    ),
    Command(
        "reset",
        "reset",
        ResetCommand,
        lambda commands, station_id, body: commands.reset(
            station_id, hard=body.type in ("Hard", "Immediate"), evse_id=body.evse_id
        ),
    ),
    Command(
        "unlock",
        "unlock",
        UnlockCommand,
        lambda commands, station_id, body: commands.unlock(
            station_id, evse_id=body.evse_id, connector_id=body.connector_id
        ),
    ),
    Command(
        "change-availability",
        "change_availability",
        AvailabilityCommand,
        lambda commands, station_id, body: commands.change_availability(
            station_id,
            operative=body.operative,
            evse_id=body.evse_id,
            connector_id=body.connector_id,
        ),
    ),
    Command(
        "trigger-message",
        "trigger_message",
        TriggerCommand,
        lambda commands, station_id, body: commands.trigger_message(
            station_id, message=body.message, evse_id=body.evse_id
        ),
    ),
    Command(
        "clear-cache",
        "clear_cache",
        None,
        lambda commands, station_id, _: commands.clear_cache(station_id),
    ),
    Command(
        "get-configuration",
        "get_configuration",
        ConfigurationGet,
        lambda commands, station_id, body: commands.get_configuration(station_id, body.keys),
        response_model=list[dict[str, Any]],
        description="1.6 configuration keys, or 2.x variables named ``Component.Variable``.",
    ),
    Command(
        "change-configuration",
        "change_configuration",
        ConfigurationSet,
        lambda commands, station_id, body: commands.change_configuration(
            station_id, body.key, body.value
        ),
    ),
    Command(
        "call",
        "generic_call",
        GenericCall,
        _call_keeping_errors,
        response_model=GenericAnswer,
        description="Send any OCPP CALL by action name. A CALLERROR from the station is "
        "returned, not raised, so a tester sees exactly what the station said.",
    ),
)


def _handler(command: Command) -> Callable[..., Awaitable[Any]]:
    async def handler(
        station_id: str, access: AccessDep, service: CommandServiceDep, body: Any = None
    ) -> Any:
        return await service.send(
            access, station_id, lambda commands: command.send(commands, station_id, body)
        )

    # FastAPI reads the request schema from the signature: the entry's, or no body at all.
    signature = inspect.signature(handler)
    parameters = [p for p in signature.parameters.values() if p.name != "body"]
    if command.body is not None:
        parameters.append(
            inspect.Parameter("body", inspect.Parameter.KEYWORD_ONLY, annotation=command.body)
        )
    # A function's __signature__ is not in typeshed; inspect.signature (FastAPI) reads it.
    handler.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    return handler


for _command in COMMANDS:
    router.add_api_route(
        f"/{_command.path}",
        _handler(_command),
        methods=["POST"],
        name=_command.name,
        response_model=_command.response_model,
        description=_command.description,
    )
