"""The fleet's collector: percentiles from the log histogram, the Prometheus text, the
summary files, and snapshots that add up across workers."""

from __future__ import annotations

import csv
import json
import random
import urllib.request
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from simulator.collector import (
    Aggregate,
    Collector,
    LogHistogram,
    Snapshot,
    live_table,
    prometheus_text,
    serve_prometheus,
    summary,
    write_summary,
)
from simulator.metrics import Outcome


def filled() -> Collector:
    collector = Collector()
    for i in range(1, 1001):  # 1 ms .. 1000 ms, evenly
        collector.exchange("Heartbeat", i / 1000, Outcome.OK, sent=True)
    collector.exchange("Authorize", 0.02, Outcome.REJECTED, sent=True)
    collector.exchange("Authorize", 5.0, Outcome.TIMEOUT, sent=True)
    collector.exchange("RemoteStartTransaction", 0.001, Outcome.CALLERROR, sent=False)
    collector.state("connected", 3)
    collector.state("connected", -1)
    collector.state("charging", 1)
    collector.event("reconnect")
    return collector


@pytest.mark.parametrize("q", [0.5, 0.95, 0.99])
def test_percentiles_are_within_one_bucket(q: float) -> None:
    rng = random.Random(1)
    samples = sorted(rng.lognormvariate(-3, 1) for _ in range(20_000))
    hist = LogHistogram()
    for s in samples:
        hist.add(s)
    exact = samples[int(q * len(samples)) - 1]
    assert hist.percentile(q) == pytest.approx(exact, rel=0.06)


def test_histogram_edges() -> None:
    hist = LogHistogram()
    assert hist.percentile(0.5) is None
    hist.add(0.0)
    hist.add(5000.0)  # beyond the last bucket: reported as the maximum seen
    assert hist.percentile(0.5) == 1e-5  # below the first bucket: reported as its bound
    assert hist.percentile(1.0) == 5000.0
    assert len(hist.counts) == len(LogHistogram().counts)  # O(1) memory


def test_counts_gauges_and_errors() -> None:
    snap = filled().snapshot()
    assert snap.count() == 1003
    assert snap.count(action="Authorize") == 2
    assert snap.count(outcome="rejected") == 1
    assert snap.errors == 2  # the timeout and the CALLERROR; a rejection is an answer
    assert snap.gauges == {"connected": 2, "charging": 1}
    assert snap.events == {"reconnect": 1}
    p50 = snap.histogram("Heartbeat").percentile(0.5)
    assert p50 == pytest.approx(0.5, rel=0.06)


def test_rate_counts_calls_over_the_window(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1000.0]
    monkeypatch.setattr("simulator.collector.time.monotonic", lambda: now[0])
    collector = Collector(window_s=10)
    for second in range(12):
        now[0] = 1000.0 + second
        for _ in range(5):
            collector.exchange("Heartbeat", 0.01, Outcome.OK, sent=True)
    now[0] = 1012.0
    assert collector.rate() == pytest.approx(5.0)


def test_snapshots_of_workers_add_up() -> None:
    a, b = filled().snapshot(), filled().snapshot()
    aggregate = Aggregate()
    aggregate.update(0, a)
    merged = aggregate.update(1, b)
    assert merged.count() == 2006
    assert merged.gauges["connected"] == 4
    assert merged.histogram("Heartbeat").count == 2000
    assert merged.histogram().percentile(0.5) == pytest.approx(a.histogram().percentile(0.5))
    # A newer snapshot of a worker replaces its older one.
    assert aggregate.update(1, Snapshot()).count() == 1003
    assert aggregate.peaks["connected"] == 4


def test_prometheus_text_parses() -> None:
    text = prometheus_text(filled(), info={"fleet": "demo"})
    families = {f.name: f for f in text_string_to_metric_families(text)}
    exchanges = {
        (s.labels["action"], s.labels["outcome"]): s.value
        for s in families["evh_sim_exchanges"].samples
        if s.name.endswith("_total")
    }
    assert exchanges[("Heartbeat", "ok")] == 1000
    assert exchanges[("Authorize", "timeout")] == 1
    latency = families["evh_sim_latency_seconds"]
    buckets = [
        s
        for s in latency.samples
        if s.name.endswith("_bucket") and s.labels["action"] == "Heartbeat"
    ]
    values = [s.value for s in buckets]
    assert values == sorted(values) and values[-1] == 1000  # cumulative, +Inf = count
    le_1s = next(s.value for s in buckets if float(s.labels["le"]) == 1.0)
    assert le_1s == 1000
    assert families["evh_sim_stations_connected"].samples[0].value == 2
    quantiles = {
        s.labels["quantile"]: s.value for s in families["evh_sim_latency_quantile_seconds"].samples
    }
    assert quantiles["0.5"] == pytest.approx(0.5, rel=0.06)


def test_prometheus_is_served_over_http() -> None:
    server = serve_prometheus(filled(), 0)
    try:
        port = server.server_address[1]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as answer:
            body = answer.read().decode()
    finally:
        server.shutdown()
    assert "evh_sim_exchanges_total" in body


def test_summary_json_and_csv(tmp_path: Path) -> None:
    data = summary(filled().snapshot(), peaks={"connected": 3}, run={"fleet": "demo"})
    write_summary(tmp_path / "out.json", data)
    write_summary(tmp_path / "out.csv", data)
    loaded = json.loads((tmp_path / "out.json").read_text())
    assert loaded["exchanges"] == 1003
    assert loaded["errors"] == 2
    assert loaded["peaks"] == {"connected": 3}
    assert loaded["run"] == {"fleet": "demo"}
    assert loaded["actions"]["Heartbeat"]["sent"]["p50_ms"] == pytest.approx(500, rel=0.06)
    assert loaded["actions"]["RemoteStartTransaction"]["received"]["outcomes"] == {"callerror": 1}
    rows = list(csv.DictReader((tmp_path / "out.csv").open()))
    assert [(r["action"], r["direction"]) for r in rows] == [
        ("Authorize", "sent"),
        ("Heartbeat", "sent"),
        ("RemoteStartTransaction", "received"),
        ("TOTAL", "sent"),
    ]
    assert rows[0]["timeout"] == "1" and rows[0]["rejected"] == "1"
    assert rows[-1]["count"] == "1003"


def test_live_table_renders() -> None:
    from rich.console import Console

    console = Console(width=120, record=True)
    snap = filled().snapshot()
    console.print(
        live_table(snap, title="fleet demo", stations=10, started=4, elapsed_s=65, duration_s=300)
    )
    text = console.export_text()
    assert "fleet demo" in text and "4/10" in text and "1:05/5:00" in text
    assert "Heartbeat" in text


def test_calls_cut_by_our_own_stop_are_no_errors() -> None:
    collector = filled()
    collector.close()
    collector.exchange("MeterValues", 0.0, Outcome.DISCONNECTED, sent=True)
    collector.exchange("MeterValues", 0.2, Outcome.OK, sent=True)
    snap = collector.snapshot()
    assert snap.errors == 2 and snap.count(action="MeterValues") == 1
    assert snap.events["cut_by_stop"] == 1
