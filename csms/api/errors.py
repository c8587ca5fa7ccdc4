"""The one place a service's refusal becomes an HTTP answer."""

from __future__ import annotations

from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from csms.services import errors

STATUS: dict[type[errors.ServiceError], HTTPStatus] = {
    errors.NotFound: HTTPStatus.NOT_FOUND,
    errors.Forbidden: HTTPStatus.FORBIDDEN,
    errors.Unauthenticated: HTTPStatus.UNAUTHORIZED,
    errors.Conflict: HTTPStatus.CONFLICT,
    errors.Gone: HTTPStatus.GONE,
    errors.Invalid: HTTPStatus.UNPROCESSABLE_ENTITY,
    errors.StationError: HTTPStatus.BAD_GATEWAY,
    errors.StationTimeout: HTTPStatus.GATEWAY_TIMEOUT,
}


def status_of(error: errors.ServiceError) -> HTTPStatus:
    for kind in type(error).__mro__:
        if kind in STATUS:
            return STATUS[kind]
    return HTTPStatus.UNPROCESSABLE_ENTITY


async def _answer(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, errors.ServiceError)
    status = status_of(exc)
    headers = {"WWW-Authenticate": "Bearer"} if status == HTTPStatus.UNAUTHORIZED else None
    body: dict[str, object] = {"detail": exc.message}
    if exc.field is not None:
        body["field"] = exc.field
    return JSONResponse(body, status_code=status, headers=headers)


def install(api: FastAPI) -> None:
    api.add_exception_handler(errors.ServiceError, _answer)
