"""Times on the OCPP wire: RFC 3339 in UTC with milliseconds and a Z."""

from __future__ import annotations

from datetime import UTC, datetime

from ocppj.rpc import ErrorKind, RpcError


def parse_time(value: str) -> datetime:
    """ISO 8601 from the peer; a time without zone is taken as UTC."""
    try:
        parsed = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise RpcError(ErrorKind.PROPERTY, f"not an ISO 8601 date-time: {value!r}") from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def wire_time(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
