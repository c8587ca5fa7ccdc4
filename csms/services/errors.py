"""What a service answers when the rules refuse a request. Services and the access check raise
these; each entry point maps them once: the admin API to HTTP statuses (csms/api/errors.py).
A service never knows it is called over HTTP."""

from __future__ import annotations


class ServiceError(Exception):
    """A refusal with a message a person can act on."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field  # the request field at fault, where one is


class NotFound(ServiceError):
    """It does not exist, or the caller may not see it (so nobody learns it exists)."""


class Forbidden(ServiceError):
    """The caller sees it but may not do this."""


class Unauthenticated(ServiceError):
    """No valid credentials (a wrong password, an expired token)."""


class Conflict(ServiceError):
    """The request clashes with the current state (a duplicate, a used link, an open month)."""


class Gone(ServiceError):
    """It existed and no longer applies (a superseded or expired link)."""


class Invalid(ServiceError):
    """The request is well formed but its values do not make sense together."""


class StationError(ServiceError):
    """Talking to a station failed: it answered a CALLERROR or an invalid answer."""


class StationTimeout(ServiceError):
    """The station did not answer in time."""
