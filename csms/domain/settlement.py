"""Settlements per period: a connected account's service plan (CA-3) and an operator's
commission (OP-9). Pure: amounts in, amounts out, no I/O.

Every amount is rounded to the cent once, half up, where it is computed (the share, the
fixed fee, the per-kWh fee); totals are sums of rounded parts, so a statement always adds up
to the cent on paper.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from csms.domain.money import ZERO, cents

HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class Terms:
    """What the earner takes per period: a percentage of the revenue, a fixed fee, and a
    fee per kWh delivered. Missing settings are zero."""

    share_pct: Decimal = ZERO
    fixed_fee: Decimal = ZERO
    per_kwh: Decimal = ZERO


@dataclass(frozen=True, slots=True)
class Settlement:
    """One period's statement amounts. ``fees`` = ``fixed_fee`` + ``energy_fee``;
    ``total_excl_vat`` = ``share_amount`` + ``fees``."""

    revenue_excl_vat: Decimal
    energy_kwh: Decimal
    share_pct: Decimal
    share_amount: Decimal
    fixed_fee: Decimal
    energy_fee: Decimal
    fees: Decimal
    total_excl_vat: Decimal


def share_amount(revenue_excl_vat: Decimal, pct: Decimal) -> Decimal:
    """``pct`` percent of the revenue, rounded once (never from a rounded intermediate)."""
    return cents(revenue_excl_vat * pct / HUNDRED)


def settle(revenue_excl_vat: Decimal, energy_kwh: Decimal, terms: Terms) -> Settlement:
    """The period's share and fees under ``terms``. Revenue and energy are net of credit
    CDRs (which are negative), so a period of only corrections can settle negative."""
    share = share_amount(revenue_excl_vat, terms.share_pct)
    fixed = cents(terms.fixed_fee)
    energy_fee = cents(terms.per_kwh * energy_kwh)
    fees = fixed + energy_fee
    return Settlement(
        revenue_excl_vat=revenue_excl_vat,
        energy_kwh=energy_kwh,
        share_pct=terms.share_pct,
        share_amount=share,
        fixed_fee=fixed,
        energy_fee=energy_fee,
        fees=fees,
        total_excl_vat=share + fees,
    )
