"""Dependencies every route uses, as Annotated aliases: the caller's identity and the services."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from csms.db.repositories.api_tokens import ApiTokenRepository
from csms.domain.credentials import api_token_hash
from csms.protocol.commands import Commands
from csms.protocol.server import OcppServer
from csms.services.container import Services

_bearer = HTTPBearer(auto_error=False, description="Admin API token (printed at first start)")


@dataclass(frozen=True, slots=True)
class Principal:
    token_id: int
    name: str


def get_services(request: Request) -> Services:
    return request.app.state.services


def get_server(request: Request) -> OcppServer:
    return request.app.state.ocpp_server


def get_commands(request: Request) -> Commands:
    return request.app.state.commands


async def authenticate(
    services: Annotated[Services, Depends(get_services)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The one permission check: every /api route depends on it (roles come with tenants)."""
    if credentials is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, "bearer token required", {"WWW-Authenticate": "Bearer"}
        )
    async with services.db.read() as session:
        row = await ApiTokenRepository(session).by_hash(api_token_hash(credentials.credentials))
    if row is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, "invalid or revoked token", {"WWW-Authenticate": "Bearer"}
        )
    return Principal(row.id, row.name)


ServicesDep = Annotated[Services, Depends(get_services)]
ServerDep = Annotated[OcppServer, Depends(get_server)]
CommandsDep = Annotated[Commands, Depends(get_commands)]
PrincipalDep = Annotated[Principal, Depends(authenticate)]
