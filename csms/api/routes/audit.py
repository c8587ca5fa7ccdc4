"""The audit trail: who really did what, on whose behalf."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["audit"])
