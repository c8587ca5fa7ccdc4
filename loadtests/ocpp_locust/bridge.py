"""Locust runs on gevent; the simulator's stations run on asyncio. One asyncio loop per
Locust process carries every station of that process, in one of two modes:

- ``thread``: the loop runs on its own OS thread. Exchanges are handed back to Locust
  through a deque that a greenlet drains (Locust's stats are not thread-safe).
- ``greenlet``: the loop runs inside a greenlet. gevent's monkey patching gives asyncio a
  cooperative selector, so both schedulers share one thread and exchanges are reported
  directly.

loadtests/bench_locust_bridge.py measures which carries more stations per core.
"""

from __future__ import annotations

import asyncio
import collections
import time
from collections.abc import Callable, Coroutine
from concurrent.futures import Future
from typing import Any

import gevent
from gevent import monkey

from simulator.metrics import Outcome

MODES = ("thread", "greenlet")
# Outcomes Locust counts as failures, with the exception text it shows.
FAILURES = {
    Outcome.REJECTED: "Rejected",
    Outcome.CALLERROR: "CALLERROR",
    Outcome.TIMEOUT: "Timeout",
    Outcome.DISCONNECTED: "Disconnected",
}

# (request_type, name, response_time_ms, exception or None)
Report = tuple[str, str, float, Exception | None]
Fire = Callable[[Report], None]


class LocustMetrics:
    """A simulator MetricsSink that turns each OCPP exchange into a Locust request: named by
    action, timed, failed on CALLERROR, timeout, disconnection or a "no" answer."""

    def __init__(self, report: Callable[[Report], None]) -> None:
        self.report = report

    def exchange(self, action: str, seconds: float, outcome: Outcome, *, sent: bool) -> None:
        failure = FAILURES.get(outcome)
        self.report(
            (
                "OCPP" if sent else "OCPP from CSMS",
                action,
                seconds * 1000.0,
                OcppFailure(failure) if failure else None,
            )
        )

    def state(self, name: str, delta: int) -> None:
        pass

    def event(self, name: str) -> None:
        pass


class OcppFailure(Exception):
    """How a failed exchange shows in Locust's failures table."""


class AsyncioBridge:
    """The process's asyncio loop and the way reports get from it to Locust."""

    def __init__(self, mode: str, fire: Fire) -> None:
        if mode not in MODES:
            raise ValueError(f"bridge mode {mode!r}: one of {', '.join(MODES)}")
        self.mode = mode
        self._fire = fire
        if mode == "thread":
            # gevent patched selectors.DefaultSelector to one that yields to gevent's hub;
            # a loop on another OS thread needs the real one.
            selector = monkey.get_original("selectors", "DefaultSelector")()
            self.loop: asyncio.AbstractEventLoop = asyncio.SelectorEventLoop(selector)
        else:
            self.loop = asyncio.new_event_loop()
        self._pending: collections.deque[Report] = collections.deque()
        self._stopping = False
        if mode == "thread":
            start_new_thread = monkey.get_original("_thread", "start_new_thread")
            start_new_thread(self._run_loop, ())
            self._drainer = gevent.spawn(self._drain)
        else:
            self._greenlet = gevent.spawn(self._run_loop)

    def report(self, item: Report) -> None:
        """Called on the asyncio side for every exchange. Once the bridge stops, the
        exchanges its own cancellation cuts short are not the CSMS's failures: dropped."""
        if self._stopping:
            return
        if self.mode == "thread":
            self._pending.append(item)  # deque appends are atomic: safe across threads
        else:
            self._fire(item)

    def submit(self, coro: Coroutine[Any, Any, Any]) -> Future[Any]:
        """Run ``coro`` on the loop; the returned future is thread-safe, and cancelling it
        cancels the coroutine (in either mode: the loop's wake-up pipe is a socket gevent
        watches too)."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop)

    def wait(self, future: Future[Any], timeout: float) -> Any:
        """Wait in a greenlet for ``future`` without blocking the other greenlets."""
        deadline = time.monotonic() + timeout
        while not future.done():
            if time.monotonic() > deadline:
                raise TimeoutError("the station side did not answer in time")
            gevent.sleep(0.02)
        return future.result()

    def stop(self) -> None:
        self._stopping = True

        async def cancel_all() -> None:
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        self.wait(self.submit(cancel_all()), timeout=30)
        self.loop.call_soon_threadsafe(self.loop.stop)
        # Let the loop finish before the interpreter does: a loop thread still logging at
        # exit trips over gevent's finalised hub.
        deadline = time.monotonic() + 10
        while self.loop.is_running() and time.monotonic() < deadline:
            gevent.sleep(0.02)

    def _run_loop(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_forever()

    def _drain(self) -> None:
        while True:
            while self._pending:
                self._fire(self._pending.popleft())
            gevent.sleep(0.05)
