"""The made-up session a quote prices (pure): charging at constant power, then parked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from csms.domain.pricing import MeteredInstant


@dataclass(frozen=True, slots=True)
class QuotedSession:
    """``energy_kwh`` charged in ``duration_minutes`` (at ``power_kw``, or the average
    power), then ``parking_minutes`` parked."""

    energy_kwh: Decimal
    duration_minutes: Decimal
    parking_minutes: Decimal = Decimal(0)
    power_kw: Decimal | None = None


def _minutes(minutes: Decimal) -> timedelta:
    """Exact to the microsecond, without a float in between."""
    return timedelta(microseconds=int(minutes * 60_000_000))


def quoted_samples(session: QuotedSession, start: datetime) -> list[MeteredInstant]:
    """The timeline of ``session`` from ``start``: energy grows linearly while charging."""
    charge = _minutes(session.duration_minutes)
    park = _minutes(session.parking_minutes)
    energy_wh = session.energy_kwh * 1000
    if session.power_kw is not None:
        power_w = session.power_kw * 1000
    elif session.duration_minutes > 0:
        power_w = energy_wh * 60 / session.duration_minutes
    else:
        power_w = Decimal(0)
    samples = [MeteredInstant(start, Decimal(0), power_w, None, charging=True)]
    if charge:
        samples.append(MeteredInstant(start + charge, energy_wh, Decimal(0), None, False))
    if park:
        samples.append(MeteredInstant(start + charge + park, energy_wh, Decimal(0), None, False))
    return samples
