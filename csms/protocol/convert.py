"""The one boundary where wire values become domain values: tokens, meter samples."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from csms.domain.events import IdToken, MeasuredValue
from ocppj.rpc import ErrorKind, RpcError
from ocppj.wiretime import parse_time

_WH_UNITS = {
    "kWh": Decimal(1000),
    "kW": Decimal(1000),
    "kvarh": Decimal(1000),
    "kvar": Decimal(1000),
}
_BASE_UNIT = {"kWh": "Wh", "kW": "W", "kvarh": "varh", "kvar": "var"}
DEFAULT_MEASURAND = "Energy.Active.Import.Register"


def token_v2(data: dict[str, Any] | None) -> IdToken | None:
    if not data:
        return None
    return IdToken(value=data["idToken"], type=data.get("type", "Central"))


def _number(raw: Any) -> Decimal:
    try:
        return Decimal(str(raw))
    except InvalidOperation:
        raise RpcError(ErrorKind.PROPERTY, f"sampled value is not a number: {raw!r}") from None


def _normalise(value: Decimal, unit: str) -> tuple[Decimal, str]:
    factor = _WH_UNITS.get(unit)
    return (value * factor, _BASE_UNIT[unit]) if factor else (value, unit)


def _sample(
    at: datetime, measurand: str, value: Decimal, unit: str, sv: dict[str, Any]
) -> MeasuredValue:
    return MeasuredValue(
        timestamp=at,
        measurand=measurand,
        value=value,
        unit=unit,
        phase=sv.get("phase", ""),
        location=sv.get("location", ""),
        context=sv.get("context", ""),
    )


def samples_v16(meter_values: list[dict[str, Any]]) -> tuple[MeasuredValue, ...]:
    out = []
    for mv in meter_values:
        at = parse_time(mv["timestamp"])
        for sv in mv["sampledValue"]:
            if sv.get("format") == "SignedData":
                continue  # signed blobs are kept in the raw event log, not as numbers
            measurand = sv.get("measurand", DEFAULT_MEASURAND)
            value, unit = _normalise(
                _number(sv["value"]), sv.get("unit", "Wh" if "Energy" in measurand else "")
            )
            out.append(_sample(at, measurand, value, unit, sv))
    return tuple(out)


def samples_v2(meter_values: list[dict[str, Any]] | None) -> tuple[MeasuredValue, ...]:
    out = []
    for mv in meter_values or ():
        at = parse_time(mv["timestamp"])
        for sv in mv["sampledValue"]:
            measurand = sv.get("measurand", DEFAULT_MEASURAND)
            uom = sv.get("unitOfMeasure") or {}
            value = _number(sv["value"]) * (Decimal(10) ** int(uom.get("multiplier", 0)))
            value, unit = _normalise(value, uom.get("unit", "Wh" if "Energy" in measurand else ""))
            out.append(_sample(at, measurand, value, unit, sv))
    return tuple(out)
