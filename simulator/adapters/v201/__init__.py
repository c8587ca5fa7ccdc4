"""OCPP 2.0.1 (and 2.1, which keeps these messages): the station's events as
TransactionEvent, StatusNotification... and the CSMS's CALLs as station operations, with
the device model behind Get/SetVariables and GetBaseReport.

One module per functional block, each a class over :class:`.base.Base201` (the adapter's
state); :class:`Adapter201` composes them. A CALL from the CSMS goes to the
``on_<Action>`` method of whichever block holds it
(:meth:`simulator.adapters.base.Adapter.handle`, after the B02 check of
:meth:`.base.Base201.handle`).
"""

from __future__ import annotations

from simulator.adapters.v201.authorization import Authorization
from simulator.adapters.v201.availability import Availability
from simulator.adapters.v201.charging_profiles import ChargingProfiles
from simulator.adapters.v201.firmware import Firmware
from simulator.adapters.v201.provisioning import Provisioning
from simulator.adapters.v201.remote_control import RemoteControl
from simulator.adapters.v201.reservations import Reservations
from simulator.adapters.v201.security import Security
from simulator.adapters.v201.transactions import Transactions
from simulator.adapters.v201.variables import Variables


class Adapter201(
    Provisioning,
    Variables,
    Availability,
    Authorization,
    Transactions,
    RemoteControl,
    Reservations,
    ChargingProfiles,
    Firmware,
    Security,
):
    """The 2.x adapter: every block of :mod:`simulator.adapters.v201`."""


__all__ = ["Adapter201"]
