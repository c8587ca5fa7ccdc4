"""Operators, their private networks, and what an operator user sees."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["operators"])
