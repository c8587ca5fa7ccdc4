"""Tickets and the audit trail."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from csms.api.schemas_base import FromRow


class TicketCreate(BaseModel):
    subject: str = Field(min_length=1, max_length=200)
    body: str = Field(min_length=1, max_length=10_000)
    account_id: int | None = Field(None, description="system users only: the customer's account")


class TicketMessageCreate(BaseModel):
    body: str = Field(min_length=1, max_length=10_000)


class TicketUpdate(BaseModel):
    status: Literal["open", "answered", "closed"]


class TicketMessagePublic(FromRow):
    id: int
    author_id: int | None
    body: str
    created_at: datetime


class TicketPublic(FromRow):
    id: int
    account_id: int
    author_id: int | None
    subject: str
    status: str
    created_at: datetime


class TicketDetail(TicketPublic):
    messages: list[TicketMessagePublic]


class AuditEntryPublic(FromRow):
    id: int
    actor_user_id: int | None
    on_behalf_of: int | None
    action: str = Field(description="the API operation, e.g. open_ticket")
    target: str = Field(description="method and path, e.g. POST /api/v1/tickets")
    at: datetime
