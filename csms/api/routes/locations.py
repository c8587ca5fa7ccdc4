"""Locations (charging areas) and grids."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["locations"])
