"""The status of a station's EVSE (its connectors), and the one rule that changes it.

The station keeps one neutral status, spelled as OCPP 1.6 ChargePointStatus spells it; the
2.x adapter derives its ConnectorStatus and the transaction's ChargingState from it
(:func:`connector_status_201`, :func:`charging_state`). Nothing assigns a status directly:
the station tells :func:`transition` what happened and keeps what it answers.
"""

from __future__ import annotations

from enum import StrEnum


class ConnectorStatus(StrEnum):
    """1.6 ChargePointStatus (the neutral vocabulary)."""

    AVAILABLE = "Available"
    PREPARING = "Preparing"
    CHARGING = "Charging"
    SUSPENDED_EV = "SuspendedEV"
    SUSPENDED_EVSE = "SuspendedEVSE"
    FINISHING = "Finishing"
    RESERVED = "Reserved"
    UNAVAILABLE = "Unavailable"
    FAULTED = "Faulted"


class ConnectorEvent(StrEnum):
    """What happened to an EVSE, as far as its status cares."""

    PLUGGED_IN = "PluggedIn"  # a cable, no session yet
    AUTHORIZED = "Authorized"  # a card or remote start, waiting for the cable
    TX_STARTED = "TxStarted"
    ENERGY_FLOWING = "EnergyFlowing"  # a meter sample while charging
    EV_SUSPENDED = "EvSuspended"  # the EV takes no energy (full, or its cable side out)
    EVSE_SUSPENDED = "EvseSuspended"  # the station gives none (1.6: an invalid id goes on)
    TX_ENDED = "TxEnded"
    TIMED_OUT = "TimedOut"  # an authorization or a cable without a session lapsed
    UNPLUGGED = "Unplugged"
    RESERVED = "Reserved"
    RESERVATION_ENDED = "ReservationEnded"  # expired or cancelled
    MADE_OPERATIVE = "MadeOperative"
    MADE_INOPERATIVE = "MadeInoperative"
    FAULT = "Fault"
    FAULT_CLEARED = "FaultCleared"


S, E = ConnectorStatus, ConnectorEvent

# Where each event leads; None: Finishing or Preparing with a cable in, else Available.
_TARGET: dict[ConnectorEvent, ConnectorStatus | None] = {
    E.PLUGGED_IN: S.PREPARING,
    E.AUTHORIZED: S.PREPARING,
    E.TX_STARTED: S.CHARGING,
    E.ENERGY_FLOWING: S.CHARGING,
    E.EV_SUSPENDED: S.SUSPENDED_EV,
    E.EVSE_SUSPENDED: S.SUSPENDED_EVSE,
    E.TX_ENDED: None,
    E.TIMED_OUT: None,
    E.UNPLUGGED: S.AVAILABLE,
    E.RESERVED: S.RESERVED,
    E.RESERVATION_ENDED: S.AVAILABLE,
    E.MADE_OPERATIVE: S.AVAILABLE,
    E.MADE_INOPERATIVE: S.UNAVAILABLE,
    E.FAULT: S.FAULTED,
    E.FAULT_CLEARED: None,
}


def transition(
    current: ConnectorStatus, event: ConnectorEvent, *, plugged: bool, operative: bool
) -> ConnectorStatus:
    """The status after ``event``, for an EVSE with (``plugged``) or without a cable in,
    ``operative`` or not (ChangeAvailability). In this order:

    1. A Faulted EVSE stays Faulted until its fault is cleared.
    2. A session ending, or a lapsed wait, leaves Finishing with a cable in, else Available;
       a cleared fault leaves Preparing with a cable in, else Available.
    3. An inoperative EVSE shows Unavailable where it would be Available.
    """
    if current is S.FAULTED and event not in (E.FAULT, E.FAULT_CLEARED):
        return current
    target = _TARGET[event]
    if target is None:
        if event is E.FAULT_CLEARED:
            target = S.PREPARING if plugged else S.AVAILABLE
        else:
            target = S.FINISHING if plugged else S.AVAILABLE
    if target is S.AVAILABLE and not operative:
        return S.UNAVAILABLE
    return target


# -- the 2.x vocabulary --------------------------------------------------------------------

_CONNECTOR_201 = {
    S.AVAILABLE: "Available",
    S.PREPARING: "Occupied",
    S.CHARGING: "Occupied",
    S.SUSPENDED_EV: "Occupied",
    S.SUSPENDED_EVSE: "Occupied",
    S.FINISHING: "Occupied",
    S.RESERVED: "Reserved",
    S.UNAVAILABLE: "Unavailable",
    S.FAULTED: "Faulted",
}
_CHARGING_STATE = {
    S.CHARGING: "Charging",
    S.SUSPENDED_EV: "SuspendedEV",
    S.SUSPENDED_EVSE: "SuspendedEVSE",
    S.PREPARING: "EVConnected",
    S.FINISHING: "EVConnected",
}


def connector_status_201(status: ConnectorStatus, *, plugged: bool | None = None) -> str:
    """The 2.x ConnectorStatus: Occupied only with a cable in (an idToken presented before
    the cable leaves the connector Available). ``plugged`` None: not checked (an EVSE's
    availability in the device model)."""
    if plugged is False and status in (S.PREPARING, S.FINISHING):
        return "Available"
    return _CONNECTOR_201[status]


def charging_state(status: ConnectorStatus) -> str | None:
    """The 2.x ChargingState of a transaction on an EVSE in ``status``; None when none
    applies (Available, Reserved, Unavailable, Faulted)."""
    return _CHARGING_STATE.get(status)
