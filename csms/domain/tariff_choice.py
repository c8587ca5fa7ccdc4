"""Which tariff prices a customer's session at a charge group's stations (CG-5, CG-6).

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
from dataclasses import dataclass
from enum import StrEnum


class TariffSource(StrEnum):
    CUSTOMER = "customer"  # the customer's own tariff in this group
    GROUP = "group"  # the group tariff
    NONE = "none"  # neither the group nor the customer has a tariff


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
