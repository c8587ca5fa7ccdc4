"""Steps that need charging stations: virtual stations from the simulator
(:class:`simulator.station.Station`) speaking OCPP 1.6 or 2.0.1 to the CSMS under test.

A station comes online the first time a step needs it, with the version its Given named.
Its clock runs 1200 times faster than the wall clock (a minute of station time in 50 ms),
so a session of a few kWh takes a fraction of a second. What a station was told is read from
the answers it received, the way a charger's display would show it.

Given
    it is 21 November 2026                 the CSMS's clock, and the stations' start time
    station "ST-1" authorizes cards it remembers without asking   (LocalPreAuthorize)
When
    card "CARD-1" is presented at station "ST-1"            (no car: an Authorize)
    a driver plugs in a car and presents card "CARD-1" at station "ST-1"
    a driver charges 2 kWh at station "ST-1" with card "CARD-1"     (start to stop)
    a driver starts charging at station "ST-1" with card "CARD-1"   (and keeps charging)
    a driver plugs in a full car at station "ST-1" with card "CARD-1"
Then
    the station is told "Accepted"          the status in the last idTagInfo / idTokenInfo
    a charging session is running at station "ST-1"
    no charging session runs at station "ST-1"
    the CSMS stops the session at station "ST-1" remotely
    the session at station "ST-1" is still charging
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

import pytest
from pytest_bdd import given, parsers, then, when

from simulator.catalogue import load_catalogue
from simulator.clock import SimClock
from simulator.physics import EV_MODELS, Ev
from simulator.station import EvseState, Station, StationSpec
from tests.behaviours.steps.common import PASSWORD, PLATFORM_ADMIN, World, phrase

FACTOR = 1200.0  # station seconds per real second
SAMPLE_S = 120  # a meter value every two station minutes: 0.1 s, ~370 Wh at 11 kW
FAMILY_CAR = next(m for m in EV_MODELS if m.ac_phases == 3)
EVSE = 1
T = TypeVar("T")


class WatchedStation(Station):
    """A simulator station that keeps what the CSMS told it: the card status of every answer
    (``told``, a journal shared by the scenario's stations), every message it sent
    (``sent``) and every session it ended with the reason (``ended``)."""

    def __init__(self, *args: Any, journal: list[tuple[str, str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.told = journal  # (station, action, idTagInfo/idTokenInfo status), shared
        self.ended: list[tuple[str, str]] = []  # (transaction id, stop reason)
        self.sent: list[tuple[str, dict[str, Any]]] = []

    async def call(self, action: str, payload: dict[str, Any]) -> dict[str, Any]:
        self.sent.append((action, payload))
        answer = await super().call(action, payload)
        info = answer.get("idTagInfo") or answer.get("idTokenInfo")
        if info is not None:
            self.told.append((self.id, action, info["status"]))
        return answer

    def end_tx(self, evse: EvseState, reason: str, trigger: str = "StopAuthorized") -> None:
        if evse.tx is not None:
            self.ended.append((evse.tx.id, reason))
        super().end_tx(evse, reason, trigger)


async def until(check: Callable[[], bool], what: str, timeout: float = 10.0) -> None:
    """Poll ``check`` every 10 ms until it holds; fail naming ``what`` after ``timeout``."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"not reached in {timeout} s: {what}")
        await asyncio.sleep(0.01)


async def sent_so_far(cp: Station, timeout: float = 10.0) -> None:
    """Wait until every message the station has queued until now has been answered (a
    running session keeps queueing meter values, so "the queue is empty" may never hold)."""
    pending = list(cp.queue)  # held, so their ids stay theirs
    ids = {id(item) for item in pending}
    await until(
        lambda: not any(id(item) in ids for item in cp.queue),
        f"the messages of station {cp.id} answered",
        timeout,
    )


@dataclass
class Fleet:
    """The scenario's virtual stations, started on first use."""

    world: World
    start: datetime | None = None
    clock: SimClock | None = None
    running: dict[str, WatchedStation] = field(default_factory=dict)
    told: list[tuple[str, str, str]] = field(default_factory=list)
    tasks: list[asyncio.Task[None]] = field(default_factory=list)
    pre_authorize: set[str] = field(default_factory=set)

    def station(self, station_id: str) -> WatchedStation:
        """The station, online (booted, statuses sent)."""
        if station_id not in self.running:
            self.world.loop.run(self._start(station_id))
        return self.running[station_id]

    async def _start(self, station_id: str) -> None:
        if self.clock is None:
            self.clock = SimClock(FACTOR, start=self.start)
        version = self.world.stations[station_id]
        spec = StationSpec(station_id, version, load_catalogue()["home-11kw"], password=PASSWORD)
        station = WatchedStation(
            spec, self.world.bench.ocpp_url, clock=self.clock, journal=self.told
        )
        station.settings.local_pre_authorize = station_id in self.pre_authorize
        station.settings.meter_sample_interval = SAMPLE_S
        self.running[station_id] = station
        self.tasks.append(asyncio.create_task(station.run()))
        await until(lambda: station.online, f"station {station_id} online")

    async def stop(self) -> None:
        for station in self.running.values():
            await station.stop()
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        """Run ``coro`` on the scenario's loop, where the stations live."""
        return self.world.loop.run(coro)


@pytest.fixture
def fleet(world: World) -> Iterator[Fleet]:
    """The virtual stations of a scenario; stopped before the CSMS is."""
    fleet = Fleet(world)
    yield fleet
    world.loop.run(fleet.stop())


# --- time ----------------------------------------------------------------------------------


@given(parsers.re(r"it is (?P<day>\d{1,2} [A-Z][a-z]+ \d{4})"))
def it_is(world: World, fleet: Fleet, day: str) -> None:
    """10:00 UTC that day: the CSMS's clock is set, stations start their clocks there."""
    moment = datetime.strptime(day, "%d %B %Y").replace(hour=10, tzinfo=UTC)
    fleet.start = moment
    world.bench.csms.services.clock.set(moment)


@given(phrase('station "{station}" authorizes cards it remembers without asking'))
def pre_authorizes(fleet: Fleet, station: str) -> None:
    """LocalPreAuthorize: a card in the station's authorization cache starts a session at
    once; the CSMS gets its say only in the answer to the transaction start."""
    fleet.pre_authorize.add(station)
    if station in fleet.running:
        fleet.running[station].settings.local_pre_authorize = True


# --- drivers -------------------------------------------------------------------------------


@when(phrase('card "{card}" is presented at station "{station}"'))
def card_presented(fleet: Fleet, card: str, station: str) -> None:
    cp = fleet.station(station)
    fleet.run(cp.present_card(EVSE, card))


def plug_in_and_present(fleet: Fleet, station: str, card: str, soc: float = 0.3) -> WatchedStation:
    """A car is plugged in and the card held to the reader; the session starts if accepted
    (and its start message has had its answer)."""
    cp = fleet.station(station)

    async def go() -> None:
        await cp.plug_in(EVSE, Ev(FAMILY_CAR, soc=soc, target_soc=0.8))
        await cp.present_card(EVSE, card)
        await sent_so_far(cp)

    fleet.run(go())
    return cp


@when(phrase('a driver plugs in a car and presents card "{card}" at station "{station}"'))
def plug_in_and_present_card(fleet: Fleet, card: str, station: str) -> None:
    plug_in_and_present(fleet, station, card)


@when(phrase('a driver starts charging at station "{station}" with card "{card}"'))
def starts_charging(fleet: Fleet, station: str, card: str) -> None:
    cp = plug_in_and_present(fleet, station, card)
    fleet.run(until(lambda: cp.charging(EVSE), f"charging at {station}"))


@when(phrase('a driver plugs in a full car at station "{station}" with card "{card}"'))
def plugs_in_full_car(fleet: Fleet, station: str, card: str) -> None:
    cp = plug_in_and_present(fleet, station, card, soc=0.8)
    fleet.run(until(lambda: cp.in_transaction(EVSE), f"a session at {station}"))


def delivered_wh(cp: WatchedStation) -> int:
    evse = cp.evses[EVSE]
    tx = evse.tx
    return 0 if tx is None else cp.read(evse).energy_wh - tx.meter_start_wh


@when(phrase('a driver charges {kwh:Amount} kWh at station "{station}" with card "{card}"'))
def charges(fleet: Fleet, kwh: Any, station: str, card: str) -> None:
    """Plug in, present the card, charge until the station's meter has delivered ``kwh``,
    present the card again to stop, unplug; every message answered."""
    cp = plug_in_and_present(fleet, station, card)
    wanted = int(kwh * 1000)

    async def go() -> None:
        await until(lambda: cp.in_transaction(EVSE), f"a session of {card} at {station}")
        await until(lambda: delivered_wh(cp) >= wanted, f"{kwh} kWh delivered at {station}")
        assert await cp.present_card(EVSE, card), "the card stops its own session"
        await cp.unplug(EVSE)
        await sent_so_far(cp)

    fleet.run(go())


# --- what the station was told -------------------------------------------------------------


@then(phrase('the station is told "{status}"'))
def station_told(fleet: Fleet, status: str) -> None:
    """The card status in the newest answer any station of the scenario received."""
    assert fleet.told, "no station was told anything about a card"
    station, action, told = fleet.told[-1]
    assert told == status, f"station {station} was told {told!r} in {action}, not {status!r}"


def active_sessions(world: World, station: str) -> int:
    params = {"station_id": station, "active": True}
    page = world.call(PLATFORM_ADMIN, "GET", "/api/v1/transactions", params=params).json()
    return int(page["total"])


@then(phrase('a charging session is running at station "{station}"'))
def session_running(world: World, fleet: Fleet, station: str) -> None:
    cp = fleet.station(station)
    assert cp.in_transaction(EVSE), cp.ended
    assert active_sessions(world, station) == 1


@then(phrase('no charging session runs at station "{station}"'))
def no_session(world: World, fleet: Fleet, station: str) -> None:
    cp = fleet.station(station)
    fleet.run(sent_so_far(cp))
    assert not cp.in_transaction(EVSE), "the station is still in a session"
    assert active_sessions(world, station) == 0


@then(phrase('the CSMS stops the session at station "{station}" remotely'))
def stopped_remotely(fleet: Fleet, station: str) -> None:
    cp = fleet.station(station)
    fleet.run(until(lambda: any(r == "Remote" for _, r in cp.ended), "a remote stop"))
    fleet.run(sent_so_far(cp))
    assert [r for _, r in cp.ended] == ["Remote"], cp.ended


@then(phrase('the session at station "{station}" is still charging'))
def still_charging(fleet: Fleet, station: str) -> None:
    cp = fleet.station(station)
    assert cp.charging(EVSE) and not cp.ended, cp.ended
