"""JSON-schema validation of OCPP payloads, from the schema files the `ocpp` library ships.

The library validates with jsonschema in a thread pool. Compiled with fastjsonschema the
same schemas validate 20-30x faster (measured: 15 us against 425 us for a ten-sample 1.6
MeterValues), fast enough to validate every frame inline on the event loop.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

import fastjsonschema
import ocpp

from ocppj.rpc import ErrorKind, RpcError
from ocppj.versions import OcppVersion

_DIRS = {OcppVersion.V16: "v16", OcppVersion.V201: "v201", OcppVersion.V21: "v21"}
_ROOT = Path(ocpp.__file__).parent


class ValidationPolicy(StrEnum):
    FULL = "full"
    OFF = "off"


def schema_path(version: OcppVersion, action: str, response: bool) -> Path:
    """The `ocpp` library's schema file of ``action``'s request or response."""
    if version == OcppVersion.V16:
        name = f"{action}Response" if response else action
    else:
        name = f"{action}Response" if response else f"{action}Request"
    return _ROOT / _DIRS[version] / "schemas" / f"{name}.json"


@cache
def known_actions(version: OcppVersion) -> frozenset[str]:
    """Every action that has a request schema in ``version`` (both directions)."""
    names = set()
    for path in (_ROOT / _DIRS[version] / "schemas").glob("*.json"):
        stem = path.stem
        if stem.endswith("Response"):
            continue
        names.add(stem.removesuffix("Request") if version != OcppVersion.V16 else stem)
    return frozenset(names)


@cache
def _validator(version: OcppVersion, action: str, response: bool) -> Callable[[Any], Any]:
    path = schema_path(version, action, response)
    schema = json.loads(path.read_text(encoding="utf-8-sig"))
    schema.pop("$id", None)  # 2.1 ids are URNs, which fastjsonschema would try to resolve
    # use_default=False: validation must not add the schema's defaults to what the station sent.
    return fastjsonschema.compile(schema, use_default=False)


_RULE_KINDS = {
    "type": ErrorKind.TYPE,
    "maxLength": ErrorKind.TYPE,
    "minLength": ErrorKind.TYPE,
    "enum": ErrorKind.PROPERTY,
    "minimum": ErrorKind.PROPERTY,
    "maximum": ErrorKind.PROPERTY,
    "exclusiveMinimum": ErrorKind.PROPERTY,
    "exclusiveMaximum": ErrorKind.PROPERTY,
    "pattern": ErrorKind.PROPERTY,
    "format": ErrorKind.PROPERTY,
    "multipleOf": ErrorKind.PROPERTY,
    "minItems": ErrorKind.OCCURRENCE,
    "maxItems": ErrorKind.OCCURRENCE,
    "additionalProperties": ErrorKind.FORMAT,
}


def validate(version: OcppVersion, action: str, payload: Any, *, response: bool = False) -> None:
    """Raise RpcError with the code OCPP-J prescribes when ``payload`` violates the schema.

    A missing required field is incomplete (ProtocolError) in 1.6 and an occurrence
    violation in 2.x, whose ProtocolError means a broken PDU structure.
    """
    try:
        _validator(version, action, response)(payload)
    except fastjsonschema.JsonSchemaValueException as exc:
        if exc.rule == "required":
            kind = ErrorKind.PROTOCOL if version == OcppVersion.V16 else ErrorKind.OCCURRENCE
        else:
            kind = _RULE_KINDS.get(exc.rule or "", ErrorKind.FORMAT)
        raise RpcError(kind, f"{action}: {exc.message}", {"field": exc.name}) from None
