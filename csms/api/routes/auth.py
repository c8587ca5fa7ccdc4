"""Sign-up, activation links, login, and who am I."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["auth"])
