"""Charge detail records: one per finished session, never edited. A correction is a credit
CDR negating the last one plus a new one, priced again (with another tariff if given). Each
method is one unit of work; the caller's rights are checked inside it. Permission area:
billing, on the payer, the payee and the operator of the CDR."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from csms.db.database import Database
from csms.db.models import Cdr
from csms.db.repositories.cdrs import CdrRepository
from csms.db.repositories.station_settings import station_money
from csms.db.repositories.transactions import TransactionRepository
from csms.domain.permissions import Action, Area, Resource
from csms.services.access import Access
from csms.services.errors import Invalid, NotFound
from csms.services.session_pricing import SessionPricing


class CdrService:
    def __init__(self, db: Database, pricing: SessionPricing) -> None:
        self.db = db
        self.pricing = pricing  # the transactions' own, so their tariff cache is shared

    async def page(
        self,
        access: Access,
        *,
        offset: int,
        limit: int,
        transaction_id: int | None = None,
        account_id: int | None = None,
        station_id: str | None = None,
        ended_from: datetime | None = None,
        ended_before: datetime | None = None,
    ) -> tuple[Sequence[Cdr], int]:
        """``account_id``: the payer or the payee; CDRs ended in ``[ended_from,
        ended_before)``, instants with a UTC offset."""
        for name, bound in (("ended_from", ended_from), ("ended_before", ended_before)):
            if bound is not None and bound.utcoffset() is None:
                raise Invalid(f"{name} needs a UTC offset")
        seen = await access.visibility(Area.BILLING)
        async with self.db.read() as session:
            return await CdrRepository(session).page(
                offset=offset,
                limit=limit,
                seen=seen,
                transaction_id=transaction_id,
                account_id=account_id,
                station_id=station_id,
                ended_from=ended_from,
                ended_before=ended_before,
            )

    async def get(self, access: Access, cdr_id: int) -> Cdr:
        async with self.db.read() as session:
            cdr = await CdrRepository(session).get(cdr_id)
        if cdr is None:
            raise NotFound(f"CDR {cdr_id} not found")
        await access.require(Action.READ, Area.BILLING, _resources(cdr), f"CDR {cdr_id}")
        return cdr

    async def correct(
        self, access: Access, cdr_id: int, *, reason: str, tariff: str | None
    ) -> tuple[Cdr, Cdr]:
        """Credit the session's last CDR and issue a new one, priced with ``tariff`` (its
        version valid at the start; None: the tariff rule again). Only the tenant's
        administrators correct CDRs. Answers the credit CDR and the new one."""
        cdr = await self.get(access, cdr_id)
        await access.require(Action.WRITE, Area.BILLING, Resource(cdr.tenant_id), "CDR corrections")
        async with self.db.write() as session:
            row = await TransactionRepository(session).get(cdr.transaction_id)
            assert row is not None  # a CDR's transaction is never deleted before it
            money = await station_money(session, row.station_id)
            try:
                new = await self.pricing.write_cdr(
                    session, row, money, tariff_ref=tariff, reason=reason
                )
            except LookupError as error:
                raise Invalid(str(error)) from None
            row.running_cost = new.total_incl_vat
            credit = await CdrRepository(session).by_seq(row.id, new.seq - 1)
            assert credit is not None  # write_cdr adds the credit just before the new one
        return credit, new


def _resources(cdr: Cdr) -> list[Resource]:
    return [
        Resource(cdr.tenant_id, cdr.payer_account_id),
        Resource(cdr.tenant_id, cdr.payee_account_id),
        Resource(cdr.tenant_id, operator_id=cdr.operator_id),
    ]
