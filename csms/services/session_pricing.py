"""Prices sessions: the tariff chosen at the start, the running cost while it charges, and
the CDR when it ends (or when an admin corrects one). Runs inside the caller's unit of work,
so a CDR is committed together with the end of its session: a session the station was told
is over always has its CDR.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from csms.db.models import Cdr, Transaction
from csms.db.repositories.cdrs import CdrRepository
from csms.db.repositories.session_parties import session_parties
from csms.db.repositories.station_settings import StationMoney
from csms.db.repositories.tariffs import TariffRepository
from csms.db.repositories.transactions import TransactionRepository
from csms.domain.pricing import PricedSession, price_session
from csms.domain.session_timeline import session_timeline
from csms.domain.tariff_choice import TariffResolution, TariffSource, resolve_tariff
from csms.domain.tariffs import PriceComponent, Tariff, TariffDimension, TariffElement

_ZERO = Decimal(0)
RATE_TARIFF = "reimbursement-rate"  # the id of a tariff made from a sub-account's rate


@dataclass(frozen=True, slots=True)
class RunningCost:
    """What a session costs so far (incl. VAT when the tariff says the VAT) and whether it
    reached the operator's monetary session limit (OP-10)."""

    total: Decimal
    currency: str
    limit_reached: bool


def rate_tariff(rate: Decimal, currency: str) -> Tariff:
    """A sub-account's reimbursement rate (INV-4) as a tariff: that price per kWh, no VAT
    (a reimbursement to a person is not a sale)."""
    component = PriceComponent(TariffDimension.ENERGY, rate, vat=_ZERO)
    return Tariff(
        id="reimbursement-rate", currency=currency, elements=(TariffElement((component,)),)
    )


def _money(value: Decimal) -> str:
    return format(value, "f")


def _periods(priced: PricedSession) -> list[dict[str, Any]]:
    """OCPI ``CdrChargingPeriod`` objects: start, dimensions, and the prices in force."""
    out = []
    for p in priced.periods:
        dimensions = [{"type": "ENERGY", "volume": _money(p.energy_wh / 1000)}]
        if p.charging_seconds:
            dimensions.append({"type": "TIME", "volume": _money(p.charging_seconds / 3600)})
        if p.parking_seconds:
            dimensions.append({"type": "PARKING_TIME", "volume": _money(p.parking_seconds / 3600)})
        prices = {
            d.value: {
                "price": _money(c.price),
                "vat": None if c.vat is None else _money(c.vat),
                "step_size": c.step_size,
            }
            for d, c in p.components.items()
            if c is not None
        }
        out.append(
            {
                "start_date_time": p.start.isoformat(),
                "end_date_time": p.end.isoformat(),
                "dimensions": dimensions,
                "prices": prices,
            }
        )
    return out


def _dimensions(priced: PricedSession) -> list[dict[str, Any]]:
    return [
        {
            "type": t.dimension.value,
            "volume": _money(t.volume),
            "billed_volume": _money(t.billed_volume),
            "step_size": t.step_size,
            "cost_excl_vat": _money(t.cost_excl_vat),
            "cost_incl_vat": None if t.cost_incl_vat is None else _money(t.cost_incl_vat),
        }
        for t in priced.totals.values()
        if t.volume or t.cost_excl_vat
    ]


class SessionPricing:
    """Tariff versions never change once written, so they are cached by (tenant, ref,
    version) for the life of the process."""

    def __init__(self) -> None:
        self._versions: dict[tuple[int, str, int], Tariff] = {}

    async def _version(
        self, session: AsyncSession, tenant_id: int, ref: str, version: int
    ) -> Tariff | None:
        key = (tenant_id, ref, version)
        tariff = self._versions.get(key)
        if tariff is None:
            tariff = await TariffRepository(session).get_version(tenant_id, ref, version)
            if tariff is not None:
                self._versions[key] = tariff
        return tariff

    async def _resolve(
        self,
        session: AsyncSession,
        station_id: str,
        id_token: str | None,
        started_at: datetime,
        money: StationMoney,
    ) -> tuple[TariffResolution, Tariff | None]:
        resolution = resolve_tariff(await session_parties(session, station_id, id_token))
        tariff = None
        if resolution.source is TariffSource.RATE and resolution.rate is not None:
            tariff = rate_tariff(resolution.rate, money.currency)
        elif resolution.tariff is not None and money.tenant_id is not None:
            tariff = await TariffRepository(session).version_at(
                money.tenant_id, resolution.tariff, started_at
            )
        return resolution, tariff

    async def choose(
        self,
        session: AsyncSession,
        station_id: str,
        id_token: str | None,
        started_at: datetime,
        money: StationMoney,
    ) -> tuple[str, int] | None:
        """The tariff version (ref, version) that prices a session starting now; it is
        fixed at the start, so a later version never reprices it. None: no tariff, or a
        reimbursement rate (which has no version)."""
        _, tariff = await self._resolve(session, station_id, id_token, started_at, money)
        if tariff is None or tariff.id == RATE_TARIFF:
            return None
        return tariff.id, tariff.version

    async def _price(
        self,
        session: AsyncSession,
        row: Transaction,
        tariff: Tariff,
        money: StationMoney,
        *,
        final: bool,
    ) -> PricedSession:
        readings = await TransactionRepository(session).readings(row.id)
        timeline = session_timeline(
            row.started_at,
            row.meter_start_wh,
            readings,
            end=row.ended_at if final else None,
            meter_stop_wh=row.meter_stop_wh if final else None,
        )
        return price_session(tariff, timeline, ZoneInfo(money.timezone))

    async def running_cost(
        self, session: AsyncSession, row: Transaction, money: StationMoney
    ) -> RunningCost | None:
        """The cost so far of a session with a tariff, stored on the row; None without one."""
        if row.tariff_ref is None or row.tariff_version is None or money.tenant_id is None:
            return None
        tariff = await self._version(session, money.tenant_id, row.tariff_ref, row.tariff_version)
        if tariff is None:
            return None
        priced = await self._price(session, row, tariff, money, final=False)
        total = (
            priced.total_incl_vat if priced.total_incl_vat is not None else priced.total_excl_vat
        )
        row.running_cost = total
        limit = money.monetary_limit
        return RunningCost(total, tariff.currency, limit is not None and total >= limit)

    async def write_cdr(
        self,
        session: AsyncSession,
        row: Transaction,
        money: StationMoney,
        *,
        tariff_ref: str | None = None,
        reason: str | None = None,
    ) -> Cdr:
        """The CDR of an ended session: once (a replayed end returns the one written), or,
        with ``reason``, a correction: a credit CDR negating the last one plus a new one,
        priced with ``tariff_ref`` (its version valid at the start) or the rule again."""
        repo = CdrRepository(session)
        existing = await repo.of_transaction(row.id)
        if existing and reason is None:
            return existing[0]
        resolution, tariff = await self._resolve(
            session, row.station_id, row.id_token, row.started_at, money
        )
        if tariff_ref is not None and money.tenant_id is not None:
            tariff = await TariffRepository(session).version_at(
                money.tenant_id, tariff_ref, row.started_at
            )
            if tariff is None:
                raise LookupError(f"tariff {tariff_ref!r} has no version valid at the start")
        elif reason is None and row.tariff_ref and row.tariff_version and money.tenant_id:
            tariff = await self._version(
                session, money.tenant_id, row.tariff_ref, row.tariff_version
            )
        priced = await self._price(session, row, tariff, money, final=True) if tariff else None
        seq = await repo.next_seq(row.id)
        last = None
        if existing:
            last = next(c for c in reversed(existing) if c.kind == "debit")
            await repo.add(_negation(last, seq, reason))
            seq += 1
        cdr = _cdr(row, money, resolution, priced, seq, reason)
        cdr.corrects_id = last.id if last is not None else None
        return await repo.add(cdr)


def _cdr(
    row: Transaction,
    money: StationMoney,
    resolution: TariffResolution,
    priced: PricedSession | None,
    seq: int,
    reason: str | None,
) -> Cdr:
    """A debit CDR of an ended session; without a tariff it is free (and still recorded)."""
    assert row.ended_at is not None
    energy = max(_ZERO, (row.meter_stop_wh or _ZERO) - (row.meter_start_wh or _ZERO)) / 1000
    hours = Decimal((row.ended_at - row.started_at).total_seconds()) / 3600
    charging, parking = hours, _ZERO
    excl = incl = _ZERO
    periods: list[dict[str, Any]] = []
    dimensions: list[dict[str, Any]] = []
    currency = money.currency
    if priced is not None:
        totals = priced.totals
        energy = totals[TariffDimension.ENERGY].volume
        charging = totals[TariffDimension.TIME].volume
        parking = totals[TariffDimension.PARKING_TIME].volume
        excl = priced.total_excl_vat
        incl = priced.total_incl_vat if priced.total_incl_vat is not None else excl
        periods, dimensions = _periods(priced), _dimensions(priced)
        currency = priced.currency
    return Cdr(
        tenant_id=money.tenant_id,
        transaction_id=row.id,
        seq=seq,
        kind="debit",
        purpose=resolution.purpose.value,
        id_token=row.id_token,
        station_id=row.station_id,
        evse_id=row.evse_id,
        connector_id=row.connector_id,
        location_id=money.location_id,
        operator_id=money.operator_id,
        payer_account_id=resolution.payer,
        payee_account_id=resolution.payee,
        tariff_ref=priced.tariff_id if priced else None,
        tariff_version=priced.tariff_version if priced else None,
        tariff_source=resolution.source.value if priced else TariffSource.NONE.value,
        currency=currency,
        timezone=money.timezone,
        started_at=row.started_at,
        ended_at=row.ended_at,
        energy_kwh=_volume(energy),
        charging_hours=_volume(charging),
        parking_hours=_volume(parking),
        periods=periods,
        dimensions=dimensions,
        total_excl_vat=excl,
        total_vat=incl - excl,
        total_incl_vat=incl,
        reason=reason,
    )


def _volume(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.000001"))


def _negation(cdr: Cdr, seq: int, reason: str | None) -> Cdr:
    """The credit CDR cancelling ``cdr``: the same session with every amount and volume
    negated, so sums over CDRs stay right without knowing about corrections."""
    return Cdr(
        tenant_id=cdr.tenant_id,
        transaction_id=cdr.transaction_id,
        seq=seq,
        kind="credit",
        corrects_id=cdr.id,
        purpose=cdr.purpose,
        id_token=cdr.id_token,
        station_id=cdr.station_id,
        evse_id=cdr.evse_id,
        connector_id=cdr.connector_id,
        location_id=cdr.location_id,
        operator_id=cdr.operator_id,
        payer_account_id=cdr.payer_account_id,
        payee_account_id=cdr.payee_account_id,
        tariff_ref=cdr.tariff_ref,
        tariff_version=cdr.tariff_version,
        tariff_source=cdr.tariff_source,
        currency=cdr.currency,
        timezone=cdr.timezone,
        started_at=cdr.started_at,
        ended_at=cdr.ended_at,
        energy_kwh=-cdr.energy_kwh,
        charging_hours=-cdr.charging_hours,
        parking_hours=-cdr.parking_hours,
        periods=[],
        dimensions=[],
        total_excl_vat=-cdr.total_excl_vat,
        total_vat=-cdr.total_vat,
        total_incl_vat=-cdr.total_incl_vat,
        reason=reason,
    )
