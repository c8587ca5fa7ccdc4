"""One customer's view: attachments, search, and the driver map."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["customers"])
