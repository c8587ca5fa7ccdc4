"""Payloads a conformance case sends, and checks on payloads it receives.

A payload starts from the version's template (``templates/<version>.yaml``: sensible values a
real station or CSMS would send) or, for actions without one, from the smallest instance the
JSON schema allows. A step's table then sets fields by dotted path (``idToken.type``,
``meterValue.0.sampledValue.0.value``); cell text is converted to the type the schema gives
the field, so ``1`` is an integer where the schema says integer and a string where it says
string.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ocppj.schemas import schema_path
from ocppj.versions import OcppVersion
from ocppj.wiretime import wire_time

_TEMPLATE_NAMES = {OcppVersion.V16: "v16", OcppVersion.V201: "v201", OcppVersion.V21: "v21"}
_TEMPLATES = Path(__file__).parent / "templates"
_VARIABLE = re.compile(r"\$\{([a-zA-Z_][\w.]*)([+-]\d+[smhd])?\}")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
ABSENT = "<absent>"
PRESENT = "<present>"


class PayloadError(Exception):
    """A table names a field the schema does not have, or a variable nobody set."""


@cache
def schema(version: OcppVersion, action: str, *, response: bool) -> dict[str, Any]:
    """The JSON schema of ``action``'s request or response in ``version``."""
    path = schema_path(version, action, response)
    if not path.exists():
        raise PayloadError(f"OCPP {version} has no action {action!r}")
    return json.loads(path.read_text(encoding="utf-8-sig"))


@cache
def _templates(version: OcppVersion) -> dict[str, Any]:
    """``templates/v16.yaml`` and every ``templates/v16_*.yaml`` (one per area), merged; a
    key in two files is an error, not a silent override."""
    merged: dict[str, Any] = {}
    for path in sorted(_TEMPLATES.glob(f"{_TEMPLATE_NAMES[version]}.yaml")) + sorted(
        _TEMPLATES.glob(f"{_TEMPLATE_NAMES[version]}_*.yaml")
    ):
        loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        twice = set(loaded) & set(merged)
        if twice:
            raise PayloadError(f"{path.name}: {sorted(twice)} already in another template file")
        merged.update(loaded)
    return merged


def build(
    version: OcppVersion,
    action: str,
    *,
    response: bool,
    fields: Mapping[str, str] | None = None,
    variables: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """A payload for ``action``: the template, then ``fields`` (dotted path -> cell text)."""
    root = schema(version, action, response=response)
    key = f"{action}.response" if response else action
    template = _templates(version).get(key)
    payload = copy.deepcopy(template) if template is not None else minimal(root, root)
    payload = substitute(payload, variables or {})
    for path, text in (fields or {}).items():
        set_path(payload, path, text, root, variables or {})
    return payload


def minimal(node: dict[str, Any], root: dict[str, Any]) -> Any:
    """The smallest value ``node`` admits: required properties only, first enum value."""
    node = _resolve(node, root)
    if "enum" in node:
        return node["enum"][0]
    kind = node.get("type")
    if kind == "object":
        props = node.get("properties", {})
        return {k: minimal(props[k], root) for k in node.get("required", []) if k in props}
    if kind == "array":
        return [minimal(node.get("items", {}), root) for _ in range(node.get("minItems", 0))]
    if kind in ("integer", "number"):
        return max(0, node.get("minimum", 0))
    if kind == "boolean":
        return False
    if node.get("format") == "date-time":
        return wire_time(datetime.now(UTC))
    return "evharness"[: node.get("maxLength", 9)]


def _resolve(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        *_, name = node["$ref"].split("/")
        node = root["definitions"][name]
    return node


def _child(node: dict[str, Any], part: str, root: dict[str, Any]) -> dict[str, Any]:
    node = _resolve(node, root)
    if node.get("type") == "array":
        if not part.isdigit():
            raise PayloadError(f"{part!r}: a list is indexed by number")
        return _resolve(node.get("items", {}), root)
    props = node.get("properties", {})
    if part not in props:
        raise PayloadError(f"no field {part!r} (the schema has {', '.join(props) or 'none'})")
    return _resolve(props[part], root)


def convert(text: str, node: dict[str, Any], variables: Mapping[str, Any]) -> Any:
    """Cell text as the JSON type ``node`` wants."""
    value = substitute(text, variables)
    if not isinstance(value, str):
        return value
    kind = node.get("type")
    if kind == "integer":
        return int(value)
    if kind == "number":
        number = float(value)
        return int(number) if number.is_integer() and "." not in value else number
    if kind == "boolean":
        return value.lower() == "true"
    if kind in ("object", "array"):
        return json.loads(value)
    return value


def set_path(
    payload: dict[str, Any],
    path: str,
    text: str,
    root: dict[str, Any],
    variables: Mapping[str, Any],
) -> None:
    """Set (or with ``<absent>`` remove) the field at dotted ``path``, creating what lies on
    the way (objects, and list entries from the schema's smallest instance)."""
    parts = path.split(".")
    node: dict[str, Any] = root
    target: Any = payload
    for i, part in enumerate(parts):
        node = _child(node, part, root)
        last = i == len(parts) - 1
        if isinstance(target, list):
            index = int(part)
            while len(target) <= index:
                target.append(minimal(node, root) if not last else None)
            if last:
                target[index] = convert(text, node, variables)
            else:
                if not isinstance(target[index], dict | list):
                    target[index] = minimal(node, root)
                target = target[index]
            continue
        if last:
            if text == ABSENT:
                target.pop(part, None)
            else:
                target[part] = convert(text, node, variables)
        else:
            if part not in target:
                target[part] = [] if node.get("type") == "array" else {}
            target = target[part]


def substitute(value: Any, variables: Mapping[str, Any]) -> Any:
    """``${name}`` from ``variables``; ``${now}``, ``${now+300s}`` as wire times. A string
    that is exactly one variable takes the variable's own type."""
    if isinstance(value, dict):
        return {k: substitute(v, variables) for k, v in value.items()}
    if isinstance(value, list):
        return [substitute(v, variables) for v in value]
    if not isinstance(value, str) or "${" not in value:
        return value
    whole = _VARIABLE.fullmatch(value)
    if whole:
        return _variable(whole, variables)
    return _VARIABLE.sub(lambda m: str(_variable(m, variables)), value)


def _variable(match: re.Match[str], variables: Mapping[str, Any]) -> Any:
    name, offset = match.group(1), match.group(2)
    if name == "now":
        delta = timedelta(seconds=int(offset[:-1]) * _UNITS[offset[-1]]) if offset else timedelta()
        return wire_time(datetime.now(UTC) + delta)
    if name not in variables:
        raise PayloadError(f"${{{name}}} is not set (known: {', '.join(sorted(variables))})")
    return variables[name]


def get_path(payload: Any, path: str) -> Any:
    """The value at dotted ``path``, or ABSENT."""
    value = payload
    for part in path.split("."):
        if isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        elif isinstance(value, dict) and part in value:
            value = value[part]
        else:
            return ABSENT
    return value


def mismatch(payload: Any, path: str, expected: str, variables: Mapping[str, Any]) -> str | None:
    """Why the field at ``path`` is not ``expected`` (None when it is). ``expected`` may be
    ``<present>``, ``<absent>``, ``A or B``, or hold ``${variables}``."""
    actual = get_path(payload, path)
    if expected == ABSENT:
        return None if actual == ABSENT else f"{path} is {_show(actual)}, expected it absent"
    if expected == PRESENT:
        return None if actual != ABSENT else f"{path} is absent"
    options = [substitute(o.strip(), variables) for o in expected.split(" or ")]
    if any(_same(actual, option) for option in options):
        return None
    return f"{path} is {_show(actual)}, expected {expected}"


def _same(actual: Any, expected: Any) -> bool:
    if isinstance(actual, bool) or isinstance(expected, bool):
        return str(actual).lower() == str(expected).lower()
    if isinstance(actual, int | float) and not isinstance(expected, int | float):
        try:
            return float(expected) == float(actual)
        except ValueError:
            return False
    return str(actual) == str(expected)


def _show(value: Any) -> str:
    return ABSENT if value == ABSENT else json.dumps(value)
