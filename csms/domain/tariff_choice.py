"""Which tariff prices a session, and who pays and who earns (CG-5, CG-6, CA-4, CA-5, INV-4).

:func:`resolve_tariff` is the one rule for a whole session; :func:`tariff_for` is its charge
group step, also used to answer "which tariff does this customer pay in this group".

Order, first that applies:

1. Home reimbursement (CA-4): on an employee's home charger with the employer's
   reimbursement tariff, a card of the employer or of the employee is priced with it; the
   session is credited to the employee and paid by the employer.
2. Sub-account rate (INV-4): on a sub-account's own charger, a card of the sub-account or of
   its parent is reimbursed at the sub-account's rate per kWh (no tariff of its own).
3. The customer's own tariff in the station's charge group, then the group tariff.
4. The station owner's regular tariff (CA-5: what the employee charges other drivers).
5. The location's default tariff, then the operator's.
6. None: the session is free (and still gets a CDR).

A charge group has one tariff; selected customers can get a tariff of their own that
overrides it ("Change tariff of selected customers"). A prepaid (direct payment) driver
(CG-6) is not a separate kind of account in this model: the Account table has no prepaid
flag, so a prepaid driver is a customer attached to the group with a tariff of its own, and
the same override rule applies.

The choice says nothing about *whether* the customer may charge there: that is the access
policy's answer (csms.domain.authorization). A customer admitted through "all customers" or
"accessible for roaming" without being attached pays the group tariff.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


class TariffSource(StrEnum):
    REIMBURSEMENT = "reimbursement"  # the employer's tariff on a home charger (CA-4)
    RATE = "rate"  # a sub-account's reimbursement rate per kWh (INV-4)
    CUSTOMER = "customer"  # the customer's own tariff in this group
    GROUP = "group"  # the group tariff
    STATION = "station"  # the station owner's regular tariff (CA-5)
    LOCATION = "location"  # the location's default
    OPERATOR = "operator"  # the operator's default
    NONE = "none"  # no tariff anywhere: free


@dataclass(frozen=True, slots=True)
class TariffChoice:
    tariff: str | None
    source: TariffSource


def tariff_for(
    group_tariff: str | None,
    customer_tariffs: Mapping[int, str | None],
    account_id: int | None,
) -> TariffChoice:
    """The tariff ref that applies to ``account_id``: its own tariff in the group when it is
    attached with one, else the group tariff.

    ``customer_tariffs`` maps each attached customer to its own tariff, None where it has
    none. An empty ref counts as none.
    """
    own = customer_tariffs.get(account_id) if account_id is not None else None
    if own:
        return TariffChoice(own, TariffSource.CUSTOMER)
    if group_tariff:
        return TariffChoice(group_tariff, TariffSource.GROUP)
    return TariffChoice(None, TariffSource.NONE)


class Purpose(StrEnum):
    CHARGING = "charging"  # billed to the payer
    REIMBURSEMENT = "reimbursement"  # credited to the payee, paid by the payer


@dataclass(frozen=True, slots=True)
class HomeCharger:
    """An employer's reimbursement tariff on an employee's home charger."""

    employer: int
    employee: int
    tariff: str


@dataclass(frozen=True, slots=True)
class SessionParties:
    """Everything :func:`resolve_tariff` looks at, read once at a session's start.

    ``card_account`` is the account of the card used (None: unknown or roaming card);
    ``station_owner`` the account the station belongs to, with its ``kind``, ``parent`` and
    ``reimbursement_rate`` (sub-accounts); ``location_account`` the location's account.
    """

    card_account: int | None
    station_owner: int | None = None
    owner_kind: str | None = None
    owner_parent: int | None = None
    owner_rate: Decimal | None = None
    home: HomeCharger | None = None
    group_tariff: str | None = None
    customer_tariffs: Mapping[int, str | None] = field(default_factory=dict)
    station_tariff: str | None = None
    location_account: int | None = None
    location_tariff: str | None = None
    operator_tariff: str | None = None


@dataclass(frozen=True, slots=True)
class TariffResolution:
    tariff: str | None
    source: TariffSource
    purpose: Purpose
    payer: int | None  # debited (charging) or paying the reimbursement
    payee: int | None  # earns the revenue, or is credited the reimbursement
    rate: Decimal | None = None  # per kWh, for TariffSource.RATE


def resolve_tariff(p: SessionParties) -> TariffResolution:
    """The tariff for a session and who pays whom (see the module docstring for the order)."""
    card = p.card_account
    home = p.home
    if home is not None and card is not None and card in (home.employer, home.employee):
        return TariffResolution(
            home.tariff,
            TariffSource.REIMBURSEMENT,
            Purpose.REIMBURSEMENT,
            payer=home.employer,
            payee=home.employee,
        )
    if (
        p.owner_kind == "sub_account"
        and p.owner_rate is not None
        and p.owner_parent is not None
        and card is not None
        and card in (p.station_owner, p.owner_parent)
    ):
        return TariffResolution(
            None,
            TariffSource.RATE,
            Purpose.REIMBURSEMENT,
            payer=p.owner_parent,
            payee=p.station_owner,
            rate=p.owner_rate,
        )
    payee = p.station_owner if p.station_owner is not None else p.location_account
    group = tariff_for(p.group_tariff, p.customer_tariffs, card)
    if group.tariff is not None:
        return TariffResolution(group.tariff, group.source, Purpose.CHARGING, card, payee)
    for ref, source in (
        (p.station_tariff, TariffSource.STATION),
        (p.location_tariff, TariffSource.LOCATION),
        (p.operator_tariff, TariffSource.OPERATOR),
    ):
        if ref:
            return TariffResolution(ref, source, Purpose.CHARGING, card, payee)
    return TariffResolution(None, TariffSource.NONE, Purpose.CHARGING, card, payee)
