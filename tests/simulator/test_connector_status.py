"""The EVSE status rule (simulator.connector_status): examples of today's transitions, and
properties over any sequence of events."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulator.connector_status import (
    ConnectorEvent,
    ConnectorStatus,
    charging_state,
    connector_status_201,
    transition,
)

S, E = ConnectorStatus, ConnectorEvent
ANY_STATUS = st.sampled_from(list(S))
ANY_EVENT = st.sampled_from(list(E))
FACTS = st.fixed_dictionaries({"plugged": st.booleans(), "operative": st.booleans()})


@pytest.mark.parametrize(
    ("current", "event", "plugged", "operative", "expected"),
    [
        (S.AVAILABLE, E.PLUGGED_IN, True, True, S.PREPARING),
        (S.AVAILABLE, E.AUTHORIZED, False, True, S.PREPARING),
        (S.PREPARING, E.TX_STARTED, True, True, S.CHARGING),
        (S.CHARGING, E.EV_SUSPENDED, True, True, S.SUSPENDED_EV),
        (S.SUSPENDED_EV, E.ENERGY_FLOWING, True, True, S.CHARGING),
        (S.CHARGING, E.EVSE_SUSPENDED, True, True, S.SUSPENDED_EVSE),
        (S.CHARGING, E.TX_ENDED, True, True, S.FINISHING),
        (S.CHARGING, E.TX_ENDED, False, True, S.AVAILABLE),
        (S.PREPARING, E.TIMED_OUT, True, True, S.FINISHING),
        (S.PREPARING, E.TIMED_OUT, False, True, S.AVAILABLE),
        (S.FINISHING, E.UNPLUGGED, False, True, S.AVAILABLE),
        (S.FINISHING, E.UNPLUGGED, False, False, S.UNAVAILABLE),
        (S.AVAILABLE, E.RESERVED, False, True, S.RESERVED),
        (S.RESERVED, E.RESERVATION_ENDED, False, True, S.AVAILABLE),
        (S.RESERVED, E.RESERVATION_ENDED, False, False, S.UNAVAILABLE),
        (S.AVAILABLE, E.MADE_INOPERATIVE, False, False, S.UNAVAILABLE),
        (S.UNAVAILABLE, E.MADE_OPERATIVE, False, True, S.AVAILABLE),
        (S.CHARGING, E.FAULT, True, True, S.FAULTED),
        (S.FAULTED, E.TX_ENDED, True, True, S.FAULTED),
        (S.FAULTED, E.FAULT_CLEARED, True, True, S.PREPARING),
        (S.FAULTED, E.FAULT_CLEARED, False, True, S.AVAILABLE),
        (S.FAULTED, E.FAULT_CLEARED, False, False, S.UNAVAILABLE),
        # An inoperative EVSE still goes Preparing with a cable in, as it always did.
        (S.UNAVAILABLE, E.PLUGGED_IN, True, False, S.PREPARING),
    ],
)
def test_transitions(
    current: ConnectorStatus,
    event: ConnectorEvent,
    plugged: bool,
    operative: bool,
    expected: ConnectorStatus,
) -> None:
    assert transition(current, event, plugged=plugged, operative=operative) is expected


@given(ANY_EVENT, FACTS)
def test_a_faulted_evse_leaves_faulted_only_when_the_fault_is_cleared(
    event: ConnectorEvent, facts: dict[str, bool]
) -> None:
    after = transition(S.FAULTED, event, **facts)
    if event is not E.FAULT_CLEARED:
        assert after is S.FAULTED
    else:
        assert after in (S.PREPARING, S.AVAILABLE, S.UNAVAILABLE)


@given(st.lists(st.tuples(ANY_EVENT, FACTS), max_size=30), ANY_STATUS)
def test_never_charging_without_a_session_or_energy(
    steps: list[tuple[ConnectorEvent, dict[str, bool]]], start: ConnectorStatus
) -> None:
    """Faulted or Unavailable never silently goes Charging: only a session starting or a
    meter sample showing energy reaches Charging, and never from Faulted."""
    current = start
    for event, facts in steps:
        after = transition(current, event, **facts)
        if after is S.CHARGING and current is not S.CHARGING:
            assert event in (E.TX_STARTED, E.ENERGY_FLOWING)
            assert current is not S.FAULTED
        current = after


@given(ANY_STATUS, ANY_EVENT, st.booleans())
def test_an_inoperative_evse_never_shows_available(
    current: ConnectorStatus, event: ConnectorEvent, plugged: bool
) -> None:
    assert transition(current, event, plugged=plugged, operative=False) is not S.AVAILABLE


@given(ANY_STATUS, ANY_EVENT, FACTS)
def test_the_same_event_twice_changes_nothing_more(
    current: ConnectorStatus, event: ConnectorEvent, facts: dict[str, bool]
) -> None:
    once = transition(current, event, **facts)
    assert transition(once, event, **facts) is once


def test_every_status_is_reachable_from_available() -> None:
    seen, frontier = {S.AVAILABLE}, [S.AVAILABLE]
    while frontier:
        current = frontier.pop()
        for event in E:
            for plugged in (False, True):
                for operative in (False, True):
                    after = transition(current, event, plugged=plugged, operative=operative)
                    if after not in seen:
                        seen.add(after)
                        frontier.append(after)
    assert seen == set(S)


def test_the_2x_vocabulary() -> None:
    assert connector_status_201(S.CHARGING, plugged=True) == "Occupied"
    assert connector_status_201(S.PREPARING, plugged=False) == "Available"  # card, no cable
    assert connector_status_201(S.PREPARING) == "Occupied"
    assert connector_status_201(S.FAULTED, plugged=True) == "Faulted"
    assert charging_state(S.FINISHING) == "EVConnected"
    assert charging_state(S.RESERVED) is None
