"""The dispatch table: every functional block's handlers in one router."""

from __future__ import annotations

from csms.protocol import authorization, provisioning, reports, transactions
from csms.protocol.router import Router


def build_router() -> Router:
    return Router().include(
        provisioning.router, authorization.router, transactions.router, reports.router
    )
