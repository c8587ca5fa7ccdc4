"""Tenants, accounts (customers) and their hierarchy, users and roles."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["accounts"])
