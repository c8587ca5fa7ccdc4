"""What a route answers besides its response model: documented statuses, the empty answer."""

from __future__ import annotations

from typing import Any

from fastapi import Response, status

# FastAPI's type for a route's `responses=`: status -> description (and content) in OpenAPI.
Responses = dict[int | str, dict[str, Any]]

FORBIDDEN: Responses = {403: {"description": "visible to the caller, but not to change"}}


def created_or_ok(created: bool) -> int:
    """The status of a PUT or a run that either makes its resource or finds it made."""
    return status.HTTP_201_CREATED if created else status.HTTP_200_OK


def no_content() -> Response:
    """The answer of a delete or a detach: 204, no body."""
    return Response(status_code=status.HTTP_204_NO_CONTENT)
