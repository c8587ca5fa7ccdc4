"""Customer tickets and their answers."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["tickets"])
