"""The answer to a tariff quote (csms.services.tariffs.Quote): the lines, the periods and
the arithmetic a person can follow."""

from __future__ import annotations

from decimal import Decimal
from zoneinfo import ZoneInfo

from csms.api.schemas_tariffs import QuoteLine, QuotePeriod, QuotePublic
from csms.domain.pricing import PricedSession
from csms.domain.tariffs import TariffDimension
from csms.services.tariffs import Quote

_UNITS = {
    TariffDimension.ENERGY: "kWh",
    TariffDimension.TIME: "h",
    TariffDimension.PARKING_TIME: "h",
    TariffDimension.FLAT: "session",
}


def _worked(priced: PricedSession, tz: ZoneInfo) -> list[str]:
    """The arithmetic a user can follow: each period's volume times its price, each
    dimension's total after step_size, and the clamping to min/max price."""
    cur = priced.currency
    lines: list[str] = []
    for p in priced.periods:
        span = f"{p.start.astimezone(tz):%a %H:%M}-{p.end.astimezone(tz):%H:%M}"
        volumes = {
            TariffDimension.ENERGY: p.energy_wh / 1000,
            TariffDimension.TIME: p.charging_seconds / 3600,
            TariffDimension.PARKING_TIME: p.parking_seconds / 3600,
        }
        for dimension, volume in volumes.items():
            component = p.components.get(dimension)
            if not volume:
                continue
            if component is None:
                lines.append(f"{span} {dimension}: {volume:.4f} {_UNITS[dimension]}, free")
                continue
            lines.append(
                f"{span} {dimension}: {volume:.4f} {_UNITS[dimension]} x {component.price} "
                f"{cur} = {volume * component.price:.4f} {cur}"
            )
    for dimension, total in priced.totals.items():
        if not total.volume and not total.cost_excl_vat:
            continue
        unit = _UNITS[dimension]
        billed = (
            f", billed {total.billed_volume:.4f} {unit} (step size {total.step_size})"
            if total.billed_volume != total.volume
            else ""
        )
        incl = "" if total.cost_incl_vat is None else f" ({total.cost_incl_vat:.4f} incl. VAT)"
        lines.append(
            f"{dimension} total: {total.volume:.4f} {unit}{billed} = "
            f"{total.cost_excl_vat:.4f} {cur} excl. VAT{incl}"
        )
    if priced.min_price_applied:
        lines.append("raised to the tariff's min_price")
    if priced.max_price_applied:
        lines.append("capped at the tariff's max_price")
    incl = "unknown" if priced.total_incl_vat is None else f"{priced.total_incl_vat} {cur}"
    lines.append(
        f"total: {priced.total_excl_vat} {cur} excl. VAT, {incl} incl. VAT "
        "(rounded half up to cents once, at the end)"
    )
    return lines


def quote_answer(quote: Quote) -> QuotePublic:
    """The answer to a quote: the totals per dimension, the periods and the arithmetic."""
    priced = quote.priced
    return QuotePublic(
        tariff=quote.tariff.id,
        version=quote.tariff.version,
        currency=priced.currency,
        timezone=quote.zone,
        start=quote.start,
        end=quote.end,
        lines=[
            QuoteLine(
                dimension=d.value,
                unit=_UNITS[d],
                volume=t.volume,
                billed_volume=t.billed_volume,
                step_size=t.step_size,
                cost_excl_vat=t.cost_excl_vat,
                cost_incl_vat=t.cost_incl_vat,
            )
            for d, t in priced.totals.items()
        ],
        periods=[
            QuotePeriod(
                start=p.start,
                end=p.end,
                energy_kwh=p.energy_wh / 1000,
                charging_hours=(p.charging_seconds / 3600).quantize(Decimal("1E-6")),
                parking_hours=(p.parking_seconds / 3600).quantize(Decimal("1E-6")),
                prices={d.value: (c.price if c else None) for d, c in p.components.items()},
            )
            for p in priced.periods
        ],
        total_excl_vat=priced.total_excl_vat,
        total_incl_vat=priced.total_incl_vat,
        min_price_applied=priced.min_price_applied,
        max_price_applied=priced.max_price_applied,
        worked=_worked(priced, quote.tz),
    )
