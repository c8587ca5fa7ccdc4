"""How much schema validation costs on the CSMS hot path, and what our choice saves.

Compares, on the same payloads and the same schema files:
  - the `ocpp` library's path: jsonschema Draft validators, as ocpp.messages runs them
    (the library runs them in a thread pool by default, which adds a hand-off on top);
  - the CSMS's path: ocppj.schemas, fastjsonschema compiled once, inline.

Prints microseconds per message and the ratio. Never asserts a timing.
Run: .venv/bin/python loadtests/bench_validation.py [--seconds 1.0]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from functools import partial

from ocpp.messages import Call, _validate_payload

from ocppj import schemas
from ocppj.versions import OcppVersion


def ten_samples_16() -> dict:
    return {
        "connectorId": 1,
        "transactionId": 5,
        "meterValue": [
            {
                "timestamp": "2026-01-01T00:00:00Z",
                "sampledValue": [
                    {
                        "value": str(i * 1.5),
                        "measurand": "Energy.Active.Import.Register",
                        "unit": "Wh",
                        "context": "Sample.Periodic",
                    }
                    for i in range(10)
                ],
            }
        ],
    }


def ten_samples_201() -> dict:
    return {
        "eventType": "Updated",
        "timestamp": "2026-01-01T00:00:00Z",
        "triggerReason": "MeterValuePeriodic",
        "seqNo": 3,
        "transactionInfo": {"transactionId": "abc"},
        "evse": {"id": 1, "connectorId": 1},
        "meterValue": [
            {
                "timestamp": "2026-01-01T00:00:00Z",
                "sampledValue": [
                    {"value": 1.5 * i, "measurand": "Energy.Active.Import.Register"}
                    for i in range(10)
                ],
            }
        ],
    }


CASES = [
    (OcppVersion.V16, "Heartbeat", dict),
    (OcppVersion.V16, "MeterValues", ten_samples_16),
    (OcppVersion.V201, "TransactionEvent", ten_samples_201),
]


def per_call(fn: Callable[[], object], seconds: float) -> float:
    fn()  # warm caches (compiled validators)
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for _ in range(100):
            fn()
        n += 100
    return (time.perf_counter() - start) / n


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=1.0, help="time per measurement")
    args = parser.parse_args()
    print(f"{'message':<28}{'ocpp lib (jsonschema)':>24}{'csms (fastjsonschema)':>24}{'ratio':>8}")
    for version, action, build in CASES:
        payload = build()
        call = Call("1", action, payload)
        lib = per_call(partial(_validate_payload, call, version), args.seconds)
        ours = per_call(partial(schemas.validate, version, action, payload), args.seconds)
        name = f"{version} {action}"
        print(f"{name:<28}{lib * 1e6:>21.1f} us{ours * 1e6:>21.1f} us{lib / ours:>7.1f}x")


if __name__ == "__main__":
    main()
