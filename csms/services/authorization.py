"""Answers Authorize and transaction starts from the token registry."""

from __future__ import annotations

from csms.db.database import Database
from csms.db.repositories.network import site_for
from csms.db.repositories.tokens import TokenRepository
from csms.db.repositories.transactions import TransactionRepository
from csms.domain.authorization import AccessDecision, decide_access
from csms.domain.events import IdToken
from csms.services.clock import Clock


class AuthorizationService:
    def __init__(self, db: Database, clock: Clock):
        self.db = db
        self.clock = clock

    async def authorize(self, station_id: str, token: IdToken) -> AccessDecision:
        async with self.db.read() as session:
            record = await TokenRepository(session).record(token.value)
            active = await TransactionRepository(session).active_count_for_token(token.value)
            site = await site_for(session, station_id)
        return decide_access(record, self.clock.now(), active_sessions=active, site=site)
