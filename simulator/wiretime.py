"""Times on the OCPP wire, read and written the same way by every part of a station."""

from __future__ import annotations

from datetime import UTC, datetime

from ocppj.rpc import ErrorKind, RpcError


def parse_time(text: str | None) -> datetime | None:
    """An RFC 3339 time from a payload, aware; None for a missing or empty field."""
    if not text:
        return None
    value = datetime.fromisoformat(text)
    # A wire time without offset is taken as UTC rather than local time.
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def required_time(text: str, field: str) -> datetime:
    """A time the payload must carry: an empty one is the sender's error, answered as a
    CALLERROR rather than failing later."""
    value = parse_time(text)
    if value is None:
        raise RpcError(ErrorKind.OCCURRENCE, f"{field} is required")
    return value


def format_time(value: datetime) -> str:
    """UTC with a Z, as every CSMS parses it."""
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
