"""What a fleet run measures, and how it is shown.

:class:`Collector` is the :class:`~simulator.metrics.MetricsSink` every station of a process
reports to: exchanges counted per action, direction and outcome; latencies in fixed-bucket
log histograms (constant memory however long the run); calls per second over a sliding
window; gauges and events. A :class:`Snapshot` of it is plain data, so worker processes send
theirs to the parent, where :class:`Aggregate` adds them up for the Prometheus endpoint
(:func:`serve_prometheus`), the live view (:func:`live_table`) and the summary files
(:func:`write_summary`).
"""

from __future__ import annotations

import csv
import json
import math
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulator.metrics import Outcome

if TYPE_CHECKING:
    from rich.console import JustifyMethod

# 20 buckets per decade from 10 µs to 1000 s: a percentile is within 6% of the true value
# (the width of one bucket), and 162 integers hold any number of samples.
BUCKETS_PER_DECADE = 20
MIN_SECONDS = 1e-5
DECADES = 8
N_BUCKETS = BUCKETS_PER_DECADE * DECADES + 2  # + underflow and overflow
ERROR_OUTCOMES = (Outcome.CALLERROR, Outcome.TIMEOUT, Outcome.DISCONNECTED)
WINDOW_S = 10  # the sliding window of calls/s, in real seconds
QUANTILES = (0.5, 0.95, 0.99)
# Prometheus gets 4 bucket bounds per decade from 1 ms to 100 s (every 5th of ours), so a
# scrape stays small; they are exact bounds of our buckets, hence exact counts.
PROM_BOUNDS = tuple(range(BUCKETS_PER_DECADE * 2, BUCKETS_PER_DECADE * 7 + 1, 5))


def bucket_upper(index: int) -> float:
    """Upper bound (seconds) of histogram bucket ``index``; the overflow bucket has none."""
    if index >= N_BUCKETS - 1:
        return math.inf
    return MIN_SECONDS * 10 ** (index / BUCKETS_PER_DECADE)


def bucket_of(seconds: float) -> int:
    """The bucket a latency falls in: 0 below 10 µs, N_BUCKETS-1 above 1000 s."""
    if seconds < MIN_SECONDS:
        return 0
    index = math.ceil(math.log10(seconds / MIN_SECONDS) * BUCKETS_PER_DECADE - 1e-9)
    return min(max(index, 1), N_BUCKETS - 1)


class LogHistogram:
    """Latencies in log-spaced buckets; O(1) memory, percentiles within one bucket width."""

    __slots__ = ("count", "counts", "max", "sum")

    def __init__(self, counts: Iterable[int] | None = None, total: float = 0.0, top: float = 0.0):
        self.counts = list(counts) if counts is not None else [0] * N_BUCKETS
        self.count = sum(self.counts)
        self.sum = total
        self.max = top

    def add(self, seconds: float) -> None:
        """Record one latency."""
        self.counts[bucket_of(seconds)] += 1
        self.count += 1
        self.sum += seconds
        if seconds > self.max:
            self.max = seconds

    def merge(self, other: LogHistogram) -> None:
        """Add ``other``'s samples to this one."""
        for i, n in enumerate(other.counts):
            self.counts[i] += n
        self.count += other.count
        self.sum += other.sum
        self.max = max(self.max, other.max)

    def percentile(self, q: float) -> float | None:
        """The ``q`` quantile (0..1) in seconds, interpolated in log space inside its bucket;
        None without samples."""
        if self.count == 0:
            return None
        rank = max(1.0, q * self.count)
        seen = 0
        for i, n in enumerate(self.counts):
            if n and seen + n >= rank:
                if i == 0:
                    return min(MIN_SECONDS, self.max)
                if i == N_BUCKETS - 1:
                    return self.max
                lower, upper = bucket_upper(i - 1), bucket_upper(i)
                value = lower * (upper / lower) ** ((rank - seen) / n)
                return min(value, self.max)  # never above what was seen
            seen += n
        return self.max

    def cumulative(self, bounds: Iterable[int]) -> list[tuple[float, int]]:
        """(upper bound, samples at or below it) at the given bucket indexes."""
        out = []
        running, last = 0, 0
        for index in bounds:
            running += sum(self.counts[last : index + 1])
            last = index + 1
            out.append((bucket_upper(index), running))
        return out


Key = tuple[str, str]  # (action, direction): direction "sent" (station's CALL) or "received"


@dataclass
class Snapshot:
    """Everything a collector knows, as plain picklable data; counters are totals since the
    start, so the latest snapshot of a worker replaces its previous one."""

    outcomes: dict[tuple[str, str, str], int] = field(default_factory=dict)
    latency: dict[Key, tuple[list[int], float, float]] = field(default_factory=dict)
    gauges: dict[str, int] = field(default_factory=dict)
    events: dict[str, int] = field(default_factory=dict)
    rate: float = 0.0  # calls per second over the sliding window

    @staticmethod
    def merge(parts: Iterable[Snapshot]) -> Snapshot:
        """The sum of several processes' snapshots."""
        out = Snapshot()
        hists: dict[Key, LogHistogram] = {}
        for part in parts:
            for outcome, n in part.outcomes.items():
                out.outcomes[outcome] = out.outcomes.get(outcome, 0) + n
            for key, (counts, total, top) in part.latency.items():
                hist = hists.setdefault(key, LogHistogram())
                hist.merge(LogHistogram(counts, total, top))
            for name, n in part.gauges.items():
                out.gauges[name] = out.gauges.get(name, 0) + n
            for name, n in part.events.items():
                out.events[name] = out.events.get(name, 0) + n
            out.rate += part.rate
        out.latency = {key: (h.counts, h.sum, h.max) for key, h in hists.items()}
        return out

    def histogram(self, action: str | None = None, direction: str | None = "sent") -> LogHistogram:
        """The latencies of one action (or all), of one direction (or both)."""
        hist = LogHistogram()
        for (a, d), (counts, total, top) in self.latency.items():
            if (action is None or a == action) and (direction is None or d == direction):
                hist.merge(LogHistogram(counts, total, top))
        return hist

    def count(self, *, outcome: str | None = None, action: str | None = None) -> int:
        """Exchanges, optionally of one outcome and/or action."""
        return sum(
            n
            for (a, _d, o), n in self.outcomes.items()
            if (outcome is None or o == outcome) and (action is None or a == action)
        )

    @property
    def errors(self) -> int:
        """Exchanges that got no proper answer: CALLERROR, timeout, connection lost."""
        return sum(self.count(outcome=o.value) for o in ERROR_OUTCOMES)


class Collector:
    """The MetricsSink of one process. Not thread-safe: stations call it from their loop,
    and other threads only ever see the snapshots it makes."""

    def __init__(self, window_s: int = WINDOW_S) -> None:
        self._outcomes: dict[tuple[str, str, str], int] = {}
        self._hists: dict[Key, LogHistogram] = {}
        self._gauges: dict[str, int] = {}
        self._events: dict[str, int] = {}
        self._window = window_s
        self._slots = [0] * window_s  # calls in each real second of the window
        self._slot_second = [-1] * window_s
        self._started = time.monotonic()
        self._closing = False

    def close(self) -> None:
        """The run is stopping: calls cut off by our own shutdown are no errors of the
        CSMS; from now on they are only counted as the event ``cut_by_stop``."""
        self._closing = True

    def exchange(self, action: str, seconds: float, outcome: Outcome, *, sent: bool) -> None:
        """Count one CALL and its answer (see MetricsSink)."""
        if self._closing and outcome == Outcome.DISCONNECTED:
            self.event("cut_by_stop")
            return
        direction = "sent" if sent else "received"
        key = (action, direction, str(outcome))
        self._outcomes[key] = self._outcomes.get(key, 0) + 1
        hist = self._hists.get((action, direction))
        if hist is None:
            hist = self._hists[(action, direction)] = LogHistogram()
        hist.add(seconds)
        second = int(time.monotonic())
        slot = second % self._window
        if self._slot_second[slot] != second:
            self._slot_second[slot] = second
            self._slots[slot] = 0
        self._slots[slot] += 1

    def state(self, name: str, delta: int) -> None:
        """Move a gauge."""
        self._gauges[name] = self._gauges.get(name, 0) + delta

    def event(self, name: str) -> None:
        """Count an event."""
        self._events[name] = self._events.get(name, 0) + 1

    def rate(self) -> float:
        """Calls per second over the last ``window_s`` complete seconds."""
        now = int(time.monotonic())
        calls = sum(
            n
            for n, second in zip(self._slots, self._slot_second, strict=True)
            if now - self._window < second < now
        )
        # Early in a run the window is not full yet: divide by what has elapsed.
        span = min(self._window - 1, max(1, now - int(self._started)))
        return calls / span

    def snapshot(self) -> Snapshot:
        """A copy of everything, safe to hand to another thread or process."""
        return Snapshot(
            outcomes=dict(self._outcomes),
            latency={k: (list(h.counts), h.sum, h.max) for k, h in self._hists.items()},
            gauges=dict(self._gauges),
            events=dict(self._events),
            rate=self.rate(),
        )


class Aggregate:
    """The fleet's numbers: the latest snapshot of every worker, summed, and the peak of each
    gauge. ``current`` is replaced (never mutated), so other threads read it freely."""

    def __init__(self) -> None:
        self._parts: dict[int, Snapshot] = {}
        self.current = Snapshot()
        self.peaks: dict[str, int] = {}

    def update(self, worker: int, snapshot: Snapshot) -> Snapshot:
        """Take a worker's latest snapshot; returns the new fleet total."""
        self._parts[worker] = snapshot
        merged = Snapshot.merge(self._parts.values())
        for name, value in merged.gauges.items():
            self.peaks[name] = max(self.peaks.get(name, 0), value)
        self.current = merged
        return merged


# --- Prometheus ---------------------------------------------------------------------------

GAUGE_HELP = {
    "connected": ("evh_sim_stations_connected", "Stations with an open WebSocket"),
    "charging": ("evh_sim_evses_charging", "EVSEs delivering energy"),
    "queued": ("evh_sim_messages_queued", "Messages held while offline"),
}


class PrometheusView:
    """A prometheus_client collector over an Aggregate (or a Collector, for one process)."""

    def __init__(self, source: Aggregate | Collector, info: Mapping[str, str] | None = None):
        self.source = source
        self.info = dict(info or {})

    def _snapshot(self) -> Snapshot:
        if isinstance(self.source, Aggregate):
            return self.source.current
        return self.source.snapshot()

    def collect(self) -> Iterator[Any]:
        """Called by prometheus_client on every scrape."""
        from prometheus_client.core import (
            CounterMetricFamily,
            GaugeMetricFamily,
            HistogramMetricFamily,
        )

        snap = self._snapshot()
        exchanges = CounterMetricFamily(
            "evh_sim_exchanges",
            "OCPP CALLs and their answers, by action, direction and outcome",
            labels=["action", "direction", "outcome"],
        )
        for (action, direction, outcome), n in sorted(snap.outcomes.items()):
            exchanges.add_metric([action, direction, outcome], n)
        yield exchanges
        latency = HistogramMetricFamily(
            "evh_sim_latency_seconds",
            "Time from a CALL to its answer (received: the station's handling time)",
            labels=["action", "direction"],
        )
        for (action, direction), (counts, total, top) in sorted(snap.latency.items()):
            hist = LogHistogram(counts, total, top)
            buckets = [(_le(bound), n) for bound, n in hist.cumulative(PROM_BOUNDS)]
            buckets.append(("+Inf", hist.count))
            latency.add_metric([action, direction], buckets, hist.sum)
        yield latency
        quantiles = GaugeMetricFamily(
            "evh_sim_latency_quantile_seconds",
            "Percentiles of the latency of every CALL the stations sent",
            labels=["quantile"],
        )
        overall = snap.histogram()
        for q in QUANTILES:
            value = overall.percentile(q)
            quantiles.add_metric([str(q)], math.nan if value is None else value)
        yield quantiles
        yield GaugeMetricFamily(
            "evh_sim_calls_per_second",
            f"OCPP CALLs (both directions) per second over the last {WINDOW_S} s",
            value=snap.rate,
        )
        for name, (metric, text) in GAUGE_HELP.items():
            yield GaugeMetricFamily(metric, text, value=snap.gauges.get(name, 0))
        others = GaugeMetricFamily("evh_sim_gauge", "Other gauges", labels=["name"])
        for name, value in sorted(snap.gauges.items()):
            if name not in GAUGE_HELP:
                others.add_metric([name], value)
        yield others
        events = CounterMetricFamily("evh_sim_events", "Counted events", labels=["event"])
        for name, n in sorted(snap.events.items()):
            events.add_metric([name], n)
        yield events
        if self.info:
            info = GaugeMetricFamily(
                "evh_sim_info", "The fleet being run", labels=sorted(self.info)
            )
            info.add_metric([self.info[k] for k in sorted(self.info)], 1)
            yield info


def _le(bound: float) -> str:
    return f"{bound:.6g}"


def prometheus_text(source: Aggregate | Collector, info: Mapping[str, str] | None = None) -> str:
    """The text exposition format of what ``source`` holds now."""
    from prometheus_client import CollectorRegistry, generate_latest

    registry = CollectorRegistry(auto_describe=False)
    registry.register(PrometheusView(source, info))
    return generate_latest(registry).decode()


def serve_prometheus(
    source: Aggregate | Collector,
    port: int,
    *,
    host: str = "127.0.0.1",
    info: Mapping[str, str] | None = None,
) -> Any:
    """Serve ``/metrics`` on ``host:port`` from a thread; returns the server (``shutdown()``)."""
    from prometheus_client import CollectorRegistry, start_http_server

    registry = CollectorRegistry(auto_describe=False)
    registry.register(PrometheusView(source, info))
    server, _thread = start_http_server(port, addr=host, registry=registry)
    return server


# --- summary files and live view ----------------------------------------------------------


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 3)


def summary(
    snap: Snapshot, *, peaks: Mapping[str, int] | None = None, run: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The end-of-run summary as JSON-ready data: totals, percentiles (ms), per action."""
    overall = snap.histogram()
    actions: dict[str, dict[str, Any]] = {}
    for action, direction in sorted(snap.latency):
        hist = snap.histogram(action, direction)
        outcomes = {
            o: n for (a, d, o), n in sorted(snap.outcomes.items()) if a == action and d == direction
        }
        actions.setdefault(action, {})[direction] = {
            "count": hist.count,
            "outcomes": outcomes,
            **{f"p{round(q * 100)}_ms": _ms(hist.percentile(q)) for q in QUANTILES},
            "max_ms": _ms(hist.max),
        }
    return {
        "run": dict(run or {}),
        "exchanges": snap.count(),
        "errors": snap.errors,
        "outcomes": {o.value: snap.count(outcome=o.value) for o in Outcome},
        "latency_ms": {f"p{round(q * 100)}": _ms(overall.percentile(q)) for q in QUANTILES},
        "gauges": dict(sorted(snap.gauges.items())),
        "peaks": dict(sorted((peaks or {}).items())),
        "events": dict(sorted(snap.events.items())),
        "actions": actions,
    }


CSV_COLUMNS = ["action", "direction", "count", *(o.value for o in Outcome)] + [
    f"p{round(q * 100)}_ms" for q in QUANTILES
]


def write_summary(path: Path, data: Mapping[str, Any]) -> None:
    """Write a summary made by :func:`summary`: CSV (one row per action and direction, then a
    total row) when the name ends in .csv, JSON otherwise."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() != ".csv":
        path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        return
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        for action, directions in data["actions"].items():
            for direction, row in directions.items():
                writer.writerow(
                    [action, direction, row["count"]]
                    + [row["outcomes"].get(o.value, 0) for o in Outcome]
                    + [row[f"p{round(q * 100)}_ms"] for q in QUANTILES]
                )
        writer.writerow(
            ["TOTAL", "sent", data["exchanges"]]
            + [data["outcomes"][o.value] for o in Outcome]
            + [data["latency_ms"][f"p{round(q * 100)}"] for q in QUANTILES]
        )


def live_table(
    snap: Snapshot, *, title: str, stations: int, started: int, elapsed_s: float, duration_s: float
) -> Any:
    """The Rich renderable of the live view: the fleet line, then the busiest actions."""
    from rich.table import Table
    from rich.text import Text

    overall = snap.histogram()
    p = [overall.percentile(q) for q in QUANTILES]
    # Two lines of label-value pairs rather than one wide table: fits an 80-column terminal.
    latency = "/".join("-" if v is None else f"{v * 1000:.1f}" for v in p)
    head = Text.assemble(
        (title, "bold"),
        "\n",
        *_pairs(
            ("time", f"{_clock(elapsed_s)}/{_clock(duration_s)}"),
            ("started", f"{started}/{stations}"),
            ("connected", str(snap.gauges.get("connected", 0))),
            ("charging", str(snap.gauges.get("charging", 0))),
        ),
        "\n",
        *_pairs(
            ("msgs/s", f"{snap.rate:.1f}"),
            ("p50/p95/p99 ms", latency),
            ("errors", str(snap.errors)),
            ("rejected", str(snap.count(outcome=Outcome.REJECTED.value))),
            ("queued", str(snap.gauges.get("queued", 0))),
        ),
    )
    by_action = Table(box=None, pad_edge=False)
    columns: tuple[tuple[str, JustifyMethod], ...] = (
        ("action", "left"),
        ("count", "right"),
        ("errors", "right"),
    )
    for column, justify in columns:
        by_action.add_column(column, justify=justify)
    by_action.add_column("p95 ms", justify="right")
    totals: dict[str, int] = {}
    for (action, _d, _o), n in snap.outcomes.items():
        totals[action] = totals.get(action, 0) + n
    for action, n in sorted(totals.items(), key=lambda kv: -kv[1])[:8]:
        errors = sum(snap.count(outcome=o.value, action=action) for o in ERROR_OUTCOMES)
        p95 = snap.histogram(action, None).percentile(0.95)
        by_action.add_row(action, str(n), str(errors), "-" if p95 is None else f"{p95 * 1000:.1f}")
    from rich.console import Group

    return Group(head, by_action)


def _pairs(*pairs: tuple[str, str]) -> list[tuple[str, str] | str]:
    out: list[tuple[str, str] | str] = []
    for label, value in pairs:
        out += [(f"{label} ", "dim"), (value, "bold"), "  "]
    return out


def _clock(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"
