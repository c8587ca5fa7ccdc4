"""OCPP 1.6J: the station's events as 1.6 CALLs, and the 1.6 CSMS's CALLs as station
operations (Core, Firmware Management, Local Auth List, Reservation, Smart Charging,
Remote Trigger, and the security extension: AuthorizationKey, SecurityProfile,
certificates, signed firmware, security log and events).

One module per functional block, each a class over :class:`.base.Base16` (the adapter's
state); :class:`Adapter16` composes them. A CALL from the CSMS goes to the ``on_<Action>``
method of whichever block holds it (:meth:`simulator.adapters.base.Adapter.handle`).
"""

from __future__ import annotations

from simulator.adapters.v16.authorization import Authorization
from simulator.adapters.v16.availability import Availability
from simulator.adapters.v16.charging_profiles import ChargingProfiles
from simulator.adapters.v16.firmware import Firmware
from simulator.adapters.v16.provisioning import Provisioning
from simulator.adapters.v16.remote_control import RemoteControl
from simulator.adapters.v16.reservations import Reservations
from simulator.adapters.v16.security import Security
from simulator.adapters.v16.transactions import Transactions


class Adapter16(
    Provisioning,
    Availability,
    Authorization,
    Transactions,
    RemoteControl,
    Reservations,
    ChargingProfiles,
    Firmware,
    Security,
):
    """The 1.6 adapter: every block of :mod:`simulator.adapters.v16`."""


__all__ = ["Adapter16"]
