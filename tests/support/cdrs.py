"""Priced sessions written straight to the database, the way the session end writes them:
setup for billing, statement and report tests that need many CDRs in exact periods
(sessions through OCPP are in tests/cdrs)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from itertools import count
from typing import Any

from csms.db.database import Database
from csms.db.models import Cdr, Station, Transaction

_refs = count(1)


async def a_cdr(
    db: Database,
    tenant_id: int,
    station_id: str,
    ended_at: datetime,
    excl: str | Decimal,
    vat: str | Decimal,
    *,
    payer: int | None = None,
    payee: int | None = None,
    purpose: str = "charging",
    kind: str = "debit",
    corrects: int | None = None,
    energy: str = "10",
    **fields: Any,
) -> int:
    """A session at ``station_id`` (made if missing) that ended at ``ended_at``, priced
    ``excl`` + ``vat``. With ``corrects`` (a CDR id) it is the credit CDR of that session
    instead: the given amounts and volumes negated, as corrections are written."""
    async with db.write() as session:
        if await session.get(Station, station_id) is None:
            session.add(Station(id=station_id, tenant_id=tenant_id))
            await session.flush()
        started_at = ended_at.replace(hour=max(ended_at.hour - 1, 0))
        sign = Decimal(1)
        if corrects is None:
            tx = Transaction(
                ref=f"tx-{next(_refs)}",
                station_id=station_id,
                evse_id=1,
                connector_id=1,
                started_at=started_at,
                ended_at=ended_at,
            )
            session.add(tx)
            await session.flush()
            transaction_id, seq = tx.id, 1
        else:
            original = await session.get(Cdr, corrects)
            assert original is not None
            transaction_id, seq, kind, sign = (
                original.transaction_id,
                original.seq + 1,
                "credit",
                -sign,
            )
        amount_excl, amount_vat = Decimal(excl) * sign, Decimal(vat) * sign
        cdr = Cdr(
            tenant_id=tenant_id,
            transaction_id=transaction_id,
            seq=seq,
            kind=kind,
            corrects_id=corrects,
            purpose=purpose,
            station_id=station_id,
            evse_id=1,
            connector_id=1,
            payer_account_id=payer,
            payee_account_id=payee,
            currency="EUR",
            started_at=started_at,
            ended_at=ended_at,
            energy_kwh=Decimal(energy) * sign,
            charging_hours=Decimal(1) * sign,
            parking_hours=Decimal(0),
            periods=[],
            dimensions=[],
            total_excl_vat=amount_excl,
            total_vat=amount_vat,
            total_incl_vat=amount_excl + amount_vat,
            **fields,
        )
        session.add(cdr)
        await session.flush()
        return cdr.id
