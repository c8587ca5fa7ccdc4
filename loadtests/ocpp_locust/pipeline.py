"""The session pipeline one virtual station runs under Locust: boot and status (the
station does these when it connects), then sessions over and over: plug in, present the
card (Authorize, start), meter values at the configured interval, present the card again
(stop), unplug, idle. The physics, the protocol and the offline queue are the simulator's."""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass

from simulator.physics import EV_MODELS, Ev
from simulator.station import Station

BOOT_WAIT_S = 120.0


@dataclass(frozen=True, slots=True)
class SessionPlan:
    card: str
    session_s: float = 120.0
    idle_s: float = 60.0
    flap_every_s: float = 0.0  # network flap: drop the connection this often (0: never)
    flap_s: float = 10.0  # and stay offline this long


async def drive(station: Station, plan: SessionPlan, rng: random.Random) -> None:
    """Run ``station`` until cancelled; sessions start at a random point of the first idle
    period so a fleet does not move in lockstep."""
    running = asyncio.create_task(station.run())
    flapping = asyncio.create_task(_flap(station, plan, rng)) if plan.flap_every_s else None
    try:
        async with asyncio.timeout(BOOT_WAIT_S):
            while not station.online:  # noqa: ASYNC110  (the station offers no event)
                await asyncio.sleep(0.1)
        await asyncio.sleep(rng.uniform(0, plan.idle_s))
        while True:
            await _session(station, plan, rng)
            await asyncio.sleep(plan.idle_s)
    finally:
        if flapping is not None:
            flapping.cancel()
        await station.stop()
        running.cancel()


async def _session(station: Station, plan: SessionPlan, rng: random.Random) -> None:
    ev = Ev(rng.choice(EV_MODELS), soc=rng.uniform(0.1, 0.6), target_soc=0.9)
    await station.plug_in(1, ev)
    if await station.present_card(1, plan.card):
        await asyncio.sleep(plan.session_s)
        await station.present_card(1, plan.card)
    await station.unplug(1)


async def _flap(station: Station, plan: SessionPlan, rng: random.Random) -> None:
    while True:
        await asyncio.sleep(rng.uniform(0.5, 1.5) * plan.flap_every_s)
        station.go_offline(plan.flap_s)
