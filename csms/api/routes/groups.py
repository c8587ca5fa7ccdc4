"""Charge groups: access policy, attached stations and customers, tariffs per customer."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["charge-groups"])
