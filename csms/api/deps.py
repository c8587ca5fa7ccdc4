"""Dependencies every route uses, as Annotated aliases: who is calling, what they may do,
and the services."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, TypeVar

from fastapi import Depends, Header, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from csms.api.schemas import Page
from csms.protocol.server import OcppServer
from csms.services.access import Access
from csms.services.commands import CommandService
from csms.services.container import Services
from csms.services.errors import Unauthenticated

_bearer = HTTPBearer(auto_error=False, description="API token: from login, or the admin token")
# The largest offset a page may start at: what a 32-bit row number holds.
MAX_OFFSET = 2**31 - 1

T = TypeVar("T")


def get_services(request: Request) -> Services:
    return request.app.state.services


def get_server(request: Request) -> OcppServer:
    return request.app.state.ocpp_server


def get_command_service(request: Request) -> CommandService:
    return request.app.state.commands


async def get_access(
    request: Request,
    services: Annotated[Services, Depends(get_services)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    act_as: Annotated[
        int | None,
        Header(alias="X-Act-As-Account", description="system users: see and act as this customer"),
    ] = None,
) -> Access:
    if credentials is None:
        raise Unauthenticated("bearer token required")
    principal = await services.users.principal_for(credentials.credentials, act_as)
    request.state.principal = principal  # read by the audit middleware
    return Access(principal, services.db)


ServicesDep = Annotated[Services, Depends(get_services)]
ServerDep = Annotated[OcppServer, Depends(get_server)]
CommandServiceDep = Annotated[CommandService, Depends(get_command_service)]
AccessDep = Annotated[Access, Depends(get_access)]


@dataclass(frozen=True, slots=True)
class Paging:
    """Which page of a listing the caller asked for."""

    offset: int
    limit: int

    def page(self, items: Sequence[T], total: int) -> Page[T]:
        """The answer of a listing: this page's items and how many there are in all."""
        return Page[T](items=list(items), total=total, offset=self.offset, limit=self.limit)


def get_paging(
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="rows to skip")] = 0,
    limit: Annotated[int, Query(ge=1, le=500, description="rows in the page")] = 50,
) -> Paging:
    return Paging(offset, limit)


PagingDep = Annotated[Paging, Depends(get_paging)]
