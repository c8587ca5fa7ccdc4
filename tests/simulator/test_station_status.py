"""What a station does with its EVSEs' status, offline (no CSMS): the transition rule
applied, and the questions its adapters ask instead of poking its EVSEs."""

from __future__ import annotations

from datetime import timedelta

import pytest

from simulator.catalogue import load_catalogue
from simulator.connector_status import ConnectorEvent, ConnectorStatus
from simulator.physics import EV_MODELS, Ev
from simulator.station import Station, StationSpec

S = ConnectorStatus


@pytest.fixture(params=["1.6", "2.0.1"])
def station(request: pytest.FixtureRequest) -> Station:
    spec = StationSpec("STATUS-1", request.param, load_catalogue()["pillar-2x22"])
    return Station(spec, "ws://127.0.0.1:9/ocpp")


def test_a_fault_holds_until_cleared(station: Station) -> None:
    evse = station.evses[1]
    station.fault(evse, "GroundFailure")
    assert evse.faulted and evse.status is S.FAULTED and evse.error_code == "GroundFailure"
    station.happened(evse, ConnectorEvent.TX_STARTED)
    assert evse.status is S.FAULTED
    station.clear_fault(evse)
    assert not evse.faulted and evse.status is S.AVAILABLE


async def test_the_whole_station_out_of_order(station: Station) -> None:
    first, second = station.evses.values()
    assert station.out_of_order() is None
    station.fault(first)
    assert station.out_of_order() is None
    station.change_availability(2, operative=False)
    assert station.out_of_order() == "Unavailable"
    station.fault(second)
    assert station.out_of_order() == "Faulted"


async def test_startable_skips_busy_faulted_and_reserved_evses(station: Station) -> None:
    assert station.startable(None, "CARD").id == 1  # type: ignore[union-attr]  # one is free
    station.fault(station.evses[1])
    assert station.startable(1, "CARD") is None
    assert station.startable(None, "CARD").id == 2  # type: ignore[union-attr]  # one is free
    expiry = station.clock.now() + timedelta(hours=1)
    assert station.reserve(2, 7, "OTHER", expiry) == "Accepted"
    assert station.startable(2, "CARD") is None
    assert station.startable(2, "OTHER") is station.evses[2]
    await station.stop()


async def test_a_session_goes_charging_then_finishing(station: Station) -> None:
    evse = station.evses[1]
    await station.plug_in(1, Ev(EV_MODELS[0], soc=0.2, target_soc=0.8))
    assert evse.status is S.PREPARING
    station.remote_start(1, "CARD", None)
    assert station.charging(1) and station.busy
    station.end_tx(evse, "Local")
    assert evse.status is S.FINISHING and not station.busy
    await station.unplug(1)
    assert evse.status is S.AVAILABLE
    await station.stop()
