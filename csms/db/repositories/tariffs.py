"""Tariffs (every version of each) and home reimbursement settings.

A tariff is identified in its tenant by ``ref``; each change is a new row with the next
``version`` and its own validity window, so a session keeps being priced with the version
valid at its start. Rows are staged here; the caller's unit of work commits. A row and the
domain tariff (csms.domain.tariffs) convert both ways here, so the domain knows no rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from sqlalchemy import exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from csms.db.models.billing import HomeReimbursement, TariffRow
from csms.db.repositories.paging import paginate
from csms.domain.permissions import Visibility
from csms.domain.tariff_json import tariff_from_ocpi, tariff_to_ocpi
from csms.domain.tariffs import Price, Tariff, tariff_version_at


def tariff_from_row(row: TariffRow) -> Tariff:
    """The domain tariff of one stored version (``id`` is the row's ``ref``)."""
    tariff = tariff_from_ocpi(
        {"currency": row.currency, "elements": row.elements},
        id=row.ref,
        version=row.version,
        valid_from=row.valid_from,
        valid_until=row.valid_until,
    )
    low, high = row.min_price_excl_vat, row.max_price_excl_vat
    if low is None and high is None:
        return tariff
    return replace(
        tariff,
        min_price=None if low is None else Price(low, row.min_price_incl_vat),
        max_price=None if high is None else Price(high, row.max_price_incl_vat),
    )


def tariff_row(
    tariff: Tariff, tenant_id: int, name: str | None, purpose: str, owner: int | None
) -> TariffRow:
    """The row storing one version of ``tariff`` (``ref`` is the tariff's ``id``)."""
    low, high = tariff.min_price, tariff.max_price
    return TariffRow(
        tenant_id=tenant_id,
        ref=tariff.id,
        version=tariff.version,
        name=name,
        purpose=purpose,
        owner_account_id=owner,
        currency=tariff.currency,
        elements=tariff_to_ocpi(tariff)["elements"],  # normalised: prices as strings
        min_price_excl_vat=low and low.excl_vat,
        min_price_incl_vat=low and low.incl_vat,
        max_price_excl_vat=high and high.excl_vat,
        max_price_incl_vat=high and high.incl_vat,
        valid_from=tariff.valid_from,
        valid_until=tariff.valid_until,
    )


class TariffRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    def add(self, row: TariffRow) -> None:
        self.session.add(row)

    async def versions(self, tenant_id: int, ref: str) -> list[TariffRow]:
        """Every version of ``ref``, oldest first; empty when the tenant has no such tariff."""
        rows = await self.session.scalars(
            select(TariffRow)
            .where(TariffRow.tenant_id == tenant_id, TariffRow.ref == ref)
            .order_by(TariffRow.version)
        )
        return list(rows)

    async def latest(self, tenant_id: int, ref: str) -> TariffRow | None:
        """The newest version of ``ref``."""
        return await self.session.scalar(
            select(TariffRow)
            .where(TariffRow.tenant_id == tenant_id, TariffRow.ref == ref)
            .order_by(TariffRow.version.desc())
            .limit(1)
        )

    async def version_row(self, tenant_id: int, ref: str, version: int) -> TariffRow | None:
        return await self.session.scalar(
            select(TariffRow).where(
                TariffRow.tenant_id == tenant_id,
                TariffRow.ref == ref,
                TariffRow.version == version,
            )
        )

    async def get_version(self, tenant_id: int, ref: str, version: int) -> Tariff | None:
        row = await self.version_row(tenant_id, ref, version)
        return None if row is None else tariff_from_row(row)

    async def version_at(self, tenant_id: int, ref: str, instant: datetime) -> Tariff | None:
        """The version of ``ref`` valid at ``instant`` (a session's start), or None.

        Called at every session start: one query on the (tenant, ref, version) unique index
        that returns only the versions whose window holds ``instant`` (normally one), and
        only those are parsed.
        """
        rows = await self.session.scalars(
            select(TariffRow).where(
                TariffRow.tenant_id == tenant_id,
                TariffRow.ref == ref,
                or_(TariffRow.valid_from.is_(None), TariffRow.valid_from <= instant),
                or_(TariffRow.valid_until.is_(None), TariffRow.valid_until > instant),
            )
        )
        candidates = [tariff_from_row(row) for row in rows]
        if not candidates:
            return None
        return tariff_version_at(candidates, instant)

    async def exists(self, tenant_id: int, ref: str) -> bool:
        return bool(
            await self.session.scalar(
                select(exists().where(TariffRow.tenant_id == tenant_id, TariffRow.ref == ref))
            )
        )

    async def page(
        self,
        *,
        offset: int,
        limit: int,
        seen: Visibility,
        tenant_id: int | None = None,
        purpose: str | None = None,
        owner_account_id: int | None = None,
        search: str | None = None,
    ) -> tuple[Sequence[TariffRow], int]:
        """The latest version of each tariff the caller may list, by ref.

        A tariff belongs to its owner account (None: the tenant), so an account-scoped
        caller lists the tariffs of the accounts it sees and no tenant-owned ones.
        """
        newest = (
            select(
                TariffRow.tenant_id,
                TariffRow.ref,
                func.max(TariffRow.version).label("version"),
            )
            .group_by(TariffRow.tenant_id, TariffRow.ref)
            .subquery()
        )
        query = select(TariffRow).join(
            newest,
            (newest.c.tenant_id == TariffRow.tenant_id)
            & (newest.c.ref == TariffRow.ref)
            & (newest.c.version == TariffRow.version),
        )
        if not seen.everything:
            query = query.where(TariffRow.tenant_id == seen.tenant_id)
            if not seen.tenant_wide:
                query = query.where(TariffRow.owner_account_id.in_(seen.account_ids))
        if tenant_id is not None:
            query = query.where(TariffRow.tenant_id == tenant_id)
        if purpose is not None:
            query = query.where(TariffRow.purpose == purpose)
        if owner_account_id is not None:
            query = query.where(TariffRow.owner_account_id == owner_account_id)
        if search:
            pattern = f"%{search.lower()}%"
            query = query.where(
                or_(
                    func.lower(TariffRow.ref).like(pattern),
                    func.lower(TariffRow.name).like(pattern),
                )
            )
        return await paginate(
            self.session, query, TariffRow.tenant_id, TariffRow.ref, offset=offset, limit=limit
        )


class HomeReimbursementRepository:
    """CA-4: at most one reimbursement setting per station."""

    def __init__(self, session: AsyncSession):
        self.session = session

    async def for_station(self, station_id: str) -> HomeReimbursement | None:
        return await self.session.scalar(
            select(HomeReimbursement).where(HomeReimbursement.station_id == station_id)
        )

    def add(self, row: HomeReimbursement) -> None:
        self.session.add(row)

    async def delete(self, row: HomeReimbursement) -> None:
        await self.session.delete(row)
