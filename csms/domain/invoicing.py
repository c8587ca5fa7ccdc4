"""Invoice rules (pure, no I/O): billing periods, lines from CDRs and subscriptions, VAT,
totals, credit notes and reconciliation.

Money is ``Decimal``. Every line amount is rounded ONCE, to cents with ROUND_HALF_UP, when
the line is made; an invoice total is the plain sum of its lines and is never rounded again,
so the total on the invoice always equals what its lines add up to.

A period (csms.domain.money.Period) is a calendar month in the tenant's time zone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, tzinfo
from decimal import Decimal

from csms.domain.money import ZERO, Period, cents


@dataclass(frozen=True, slots=True)
class Amounts:
    excl_vat: Decimal
    vat: Decimal
    incl_vat: Decimal

    def __add__(self, other: Amounts) -> Amounts:
        return Amounts(
            self.excl_vat + other.excl_vat, self.vat + other.vat, self.incl_vat + other.incl_vat
        )

    def __neg__(self) -> Amounts:
        return Amounts(-self.excl_vat, -self.vat, -self.incl_vat)


NO_AMOUNTS = Amounts(ZERO, ZERO, ZERO)


def with_vat(excl_vat: Decimal, vat_rate: Decimal) -> Amounts:
    """A line's amounts: excl. rounded once, VAT = round(excl x rate / 100) once, incl. = the
    sum of the two (so it is exact, never rounded separately)."""
    excl = cents(excl_vat)
    vat = cents(excl * vat_rate / 100)
    return Amounts(excl, vat, excl + vat)


@dataclass(frozen=True, slots=True)
class LineDraft:
    """One invoice line before it is stored. ``cdr_id`` is set on CDR lines only."""

    kind: str  # session, correction, reimbursement, subscription
    description: str
    quantity: Decimal
    unit: str
    unit_price: Decimal | None
    vat_rate: Decimal | None
    amounts: Amounts
    cdr_id: int | None = None


@dataclass(frozen=True, slots=True)
class CdrFact:
    """What invoicing needs of a CDR (csms.db.models.Cdr). A credit CDR's amounts and volumes
    are already negative; reimbursement CDRs are seen from the payee (positive = owed to it)."""

    id: int
    kind: str  # debit | credit
    purpose: str  # charging | reimbursement
    payer_account_id: int | None
    payee_account_id: int | None
    currency: str
    station_id: str
    started_at: datetime
    ended_at: datetime
    energy_kwh: Decimal
    total_excl_vat: Decimal
    total_vat: Decimal
    total_incl_vat: Decimal
    corrects_id: int | None = None

    @property
    def amounts(self) -> Amounts:
        return Amounts(self.total_excl_vat, self.total_vat, self.total_incl_vat)

    @property
    def billed_to(self) -> int | None:
        """The account whose invoice carries this CDR: the payer of a charging session, the
        payee of a reimbursement."""
        return self.payee_account_id if self.purpose == "reimbursement" else self.payer_account_id


def unbillable_reason(cdr: CdrFact, currency: str) -> str | None:
    """Why ``cdr`` goes on no invoice, or None when it is billable."""
    if cdr.purpose == "reimbursement" and cdr.payee_account_id is None:
        return "reimbursement without a payee account"
    if cdr.purpose != "reimbursement" and cdr.payer_account_id is None:
        return "no payer account (roaming or unknown card)"
    if cdr.currency != currency:
        return f"currency {cdr.currency} differs from the tenant's {currency}"
    return None


def cdr_line(cdr: CdrFact, tz: tzinfo) -> LineDraft:
    """The line of one CDR. Its amounts are exactly the CDR's: the session was priced and
    rounded once already, and rounding again here could drift a cent from the CDR."""
    if cdr.purpose == "reimbursement":
        kind = "reimbursement" if cdr.kind == "debit" else "correction"
    else:
        kind = "session" if cdr.kind == "debit" else "correction"
    start = cdr.started_at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
    what = "Home charging reimbursement" if cdr.purpose == "reimbursement" else "Charging session"
    text = f"{what} at {cdr.station_id}, {start}"
    if cdr.kind == "credit":
        text = f"Correction of CDR {cdr.corrects_id}: {text}"
    rate = None
    if cdr.total_excl_vat:
        # Informational: the effective rate; the amounts themselves come from the CDR.
        rate = cents(cdr.total_vat * 100 / cdr.total_excl_vat)
    return LineDraft(
        kind=kind,
        description=text[:300],
        quantity=cdr.energy_kwh,
        unit="kWh",
        unit_price=None,
        vat_rate=rate,
        amounts=cdr.amounts,
        cdr_id=cdr.id,
    )


@dataclass(frozen=True, slots=True)
class SubscriptionFact:
    """One activated asset on a billing plan (csms.db.models.Subscription + its plan)."""

    id: int
    account_id: int
    plan_name: str
    asset_kind: str
    asset_ref: str
    monthly_price: Decimal
    vat_rate: Decimal
    activated_at: datetime
    deactivated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class EnterpriseFact:
    """An account's enterprise plan: one price per activated asset replaces the assets' own
    plans (INV-5)."""

    account_id: int
    price_per_asset: Decimal
    vat_rate: Decimal


def days_active(
    period: Period, tz: tzinfo, activated_at: datetime, deactivated_at: datetime | None
) -> int:
    """Days of ``period`` the asset is billed for, over [activated_at, deactivated_at) in
    local dates: the activation day counts, the deactivation day does not (so activating on
    the day another asset is deactivated bills that day once)."""
    first, after = period.first_day, period.next().first_day
    start = max(first, activated_at.astimezone(tz).date())
    end = after if deactivated_at is None else min(after, deactivated_at.astimezone(tz).date())
    return max(0, (end - start).days)


def prorated(monthly_price: Decimal, days: int, days_in_month: int) -> Decimal:
    """``monthly_price`` x days / days_in_month, rounded once to cents."""
    return cents(monthly_price * days / days_in_month)


def subscription_lines(
    subscriptions: Iterable[SubscriptionFact],
    period: Period,
    tz: tzinfo,
    enterprise: EnterpriseFact | None = None,
) -> list[LineDraft]:
    """One line per asset active in ``period``, pro-rated by day. With an enterprise plan
    every asset is billed at its price per asset instead of the asset's own plan."""
    lines = []
    for sub in sorted(subscriptions, key=lambda s: (s.activated_at, s.id)):
        days = days_active(period, tz, sub.activated_at, sub.deactivated_at)
        if days == 0:
            continue
        if enterprise is not None:
            price, rate, plan = enterprise.price_per_asset, enterprise.vat_rate, "Enterprise plan"
        else:
            price, rate, plan = sub.monthly_price, sub.vat_rate, sub.plan_name
        whole = days == period.days
        share = "" if whole else f", {days}/{period.days} days"
        lines.append(
            LineDraft(
                kind="subscription",
                description=f"{plan}: {sub.asset_kind} {sub.asset_ref} ({period}{share})"[:300],
                quantity=Decimal(days) / Decimal(period.days) if not whole else Decimal(1),
                unit="month",
                unit_price=price,
                vat_rate=rate,
                amounts=with_vat(prorated(price, days, period.days), rate),
            )
        )
    return lines


def total(lines: Iterable[LineDraft]) -> Amounts:
    """An invoice's totals: the sums of its line amounts, never rounded again."""
    result = NO_AMOUNTS
    for line in lines:
        result = result + line.amounts
    return result


def credit_note_lines(lines: Sequence[LineDraft]) -> list[LineDraft]:
    """The lines of a credit note: each line of the invoice negated, without its CDR (a CDR
    stays on the invoice that billed it)."""
    return [
        replace(
            line,
            kind="correction",
            description=f"Credit: {line.description}"[:300],
            amounts=-line.amounts,
            cdr_id=None,
        )
        for line in lines
    ]


# --- reconciliation ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BilledLine:
    """A stored invoice line carrying a CDR, and the period of the run that billed it."""

    cdr_id: int
    amounts: Amounts
    run_period: str | None


@dataclass(frozen=True, slots=True)
class Unbilled:
    cdr_id: int
    reason: str


@dataclass(frozen=True, slots=True)
class Difference:
    cdr_id: int | None
    problem: str


@dataclass(frozen=True, slots=True)
class Reconciliation:
    """CDRs of the period against invoice lines of the period's run."""

    period: str
    billed_cdrs: int
    cdrs_total: Amounts  # the CDRs billed by the run
    lines_total: Amounts  # the run's lines carrying CDRs
    unbilled: tuple[Unbilled, ...]
    differences: tuple[Difference, ...]

    @property
    def ok(self) -> bool:
        return not self.differences and self.cdrs_total == self.lines_total


def reconcile(
    period: Period,
    currency: str,
    cdrs: Sequence[CdrFact],
    lines: Mapping[int, BilledLine],
    *,
    run_exists: bool = True,
) -> Reconciliation:
    """Compare ``cdrs`` (every CDR of the tenant that ended before the period's end) with
    ``lines`` (cdr_id -> the line billing it, whatever the run). The run of ``period`` must
    bill exactly the CDRs on its lines with exactly their amounts; every other CDR of the
    period or before is billed by another run or listed as unbilled with a reason."""
    label = str(period)
    by_id = {c.id: c for c in cdrs}
    cdrs_total = lines_total = NO_AMOUNTS
    billed = 0
    unbilled: list[Unbilled] = []
    differences: list[Difference] = []
    if not run_exists:
        differences.append(Difference(None, f"no billing run for {label}"))
    for cdr in cdrs:
        line = lines.get(cdr.id)
        if line is None:
            reason = unbillable_reason(cdr, currency) or "not billed yet (written after the run)"
            unbilled.append(Unbilled(cdr.id, reason))
            continue
        if line.run_period != label:
            if line.run_period is not None and line.run_period > label:
                unbilled.append(Unbilled(cdr.id, f"billed by the {line.run_period} run"))
            continue  # billed by an earlier period's run: that run's business
        billed += 1
        cdrs_total = cdrs_total + cdr.amounts
        lines_total = lines_total + line.amounts
        if line.amounts != cdr.amounts:
            differences.append(
                Difference(cdr.id, f"line {line.amounts} differs from the CDR {cdr.amounts}")
            )
    for cdr_id, line in lines.items():
        if line.run_period == label and cdr_id not in by_id:
            differences.append(Difference(cdr_id, "billed, but the CDR ended after the period"))
            lines_total = lines_total + line.amounts
    return Reconciliation(
        period=label,
        billed_cdrs=billed,
        cdrs_total=cdrs_total,
        lines_total=lines_total,
        unbilled=tuple(unbilled),
        differences=tuple(differences),
    )


def display_number(series: str, number: int | None) -> str | None:
    """``INV-2026`` and 1 -> ``INV-2026-000001``."""
    return None if number is None else f"{series}-{number:06d}"


def series_for(kind: str, year: int) -> str:
    """The number series of an invoice kind: one per kind and year, gap-free each."""
    prefix = {"debit": "INV", "credit": "CRE", "credit_note": "CN"}[kind]
    return f"{prefix}-{year}"


def local_date(moment: datetime, tz: tzinfo) -> date:
    return moment.astimezone(tz).date()


__all__ = [
    "Amounts",
    "BilledLine",
    "CdrFact",
    "Difference",
    "EnterpriseFact",
    "LineDraft",
    "Period",
    "Reconciliation",
    "SubscriptionFact",
    "Unbilled",
    "cdr_line",
    "cents",
    "credit_note_lines",
    "days_active",
    "display_number",
    "local_date",
    "prorated",
    "reconcile",
    "series_for",
    "subscription_lines",
    "total",
    "unbillable_reason",
    "with_vat",
]
