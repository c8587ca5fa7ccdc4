"""Wire payloads for the OCPP tests and the one way they are sent."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from types import ModuleType
from typing import Any

from ocpp.charge_point import remove_nones, serialize_as_dict, snake_to_camel_case

BASE_TIME = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)


def ts(minutes: float = 0) -> str:
    return (BASE_TIME + timedelta(minutes=minutes)).isoformat().replace("+00:00", "Z")


def at(minutes: float = 0) -> datetime:
    return BASE_TIME + timedelta(minutes=minutes)


def when(api_value: str) -> datetime:
    """A time as the admin API returns it, comparable with ``at()``."""
    return datetime.fromisoformat(api_value.replace("Z", "+00:00"))


def sampled(
    value: float,
    measurand: str = "Energy.Active.Import.Register",
    unit: str = "Wh",
    multiplier: int | None = None,
    **extra: str,
) -> dict[str, Any]:
    """A 2.x SampledValueType."""
    uom: dict[str, Any] = {"unit": unit}
    if multiplier is not None:
        uom["multiplier"] = multiplier
    return {"value": value, "measurand": measurand, "unitOfMeasure": uom, **extra}


def meter_value(minutes: float, *values: dict[str, Any]) -> dict[str, Any]:
    """A 2.x MeterValueType taken at ``ts(minutes)``."""
    return {"timestamp": ts(minutes), "sampledValue": list(values)}


def request(module: ModuleType, action: str, payload: dict[str, Any]) -> Any:
    """The `ocpp` library's request dataclass for ``action`` carrying exactly ``payload`` (the
    wire form, camelCase) once the library has converted its field names back."""
    cls = getattr(module, action)
    wire_names = {
        f.name: next(iter(snake_to_camel_case({f.name: 0}))) for f in dataclasses.fields(cls)
    }
    kwargs = {name: payload[wire] for name, wire in wire_names.items() if wire in payload}
    unknown = set(payload) - {wire_names[name] for name in kwargs}
    assert not unknown, f"{module.__name__}.{action} has no field for {sorted(unknown)}"
    return cls(**kwargs)


def wire(message: Any) -> dict[str, Any]:
    """The payload the `ocpp` library puts on the wire for ``message`` (defaults included)."""
    return remove_nones(snake_to_camel_case(serialize_as_dict(message)))


async def send(cp: Any, message: Any) -> Any:
    """CALL and return the validated CALLRESULT; a CALLERROR raises instead of returning None."""
    return await cp.call(message, suppress=False)
