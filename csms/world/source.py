"""Reading a world file: YAML with the line of every key and item, so that each problem, found
by the schema, by the reference checks or by the database, is reported as ``FILE:LINE: reason``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from csms.world.references import Loc, check_references
from csms.world.schema import WorldFile


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a world file. ``line`` is None when no line applies."""

    line: int | None
    reason: str
    file: str = field(compare=False)

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.reason}"


class WorldError(Exception):
    """A world file that cannot be loaded; ``problems`` are ordered by line."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.line or 0, p.reason))
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class Lines:
    """Where each key and list item of the file starts (1-based)."""

    file: str
    at: dict[Loc, int]

    def line(self, loc: Sequence[Any]) -> int | None:
        """The line of ``loc``, or of its nearest ancestor that is in the file.

        Elements of ``loc`` that are not in the file (a missing key, the name of a union
        member in a pydantic location) are skipped.
        """
        return self.at.get(self.match(loc))

    def match(self, loc: Sequence[Any]) -> Loc:
        """The longest part of ``loc`` that is in the file."""
        found: Loc = ()
        for part in loc:
            candidate = (*found, part)
            if candidate in self.at:
                found = candidate
        return found

    def problem(self, loc: Sequence[Any], reason: str) -> Problem:
        return Problem(self.line(loc), reason, self.file)


def read_world(source: Path | str, *, name: str | None = None) -> tuple[WorldFile, Lines]:
    """Parse and check a world file (a path, or YAML text when ``source`` is a str).

    Raises WorldError with every problem found: YAML syntax, unknown keys, wrong values,
    references to things the file does not declare, duplicate natural keys.
    """
    if isinstance(source, Path):
        label = name or str(source)
        try:
            text = source.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise WorldError([Problem(None, f"cannot read the world file: {exc}", label)]) from None
    else:
        label, text = name or "<world>", source
    data, lines = parse_yaml(text, label)
    try:
        world = WorldFile.model_validate(data)
    except ValidationError as exc:
        raise WorldError(schema_problems(exc, lines)) from None
    problems = [lines.problem(loc, reason) for loc, reason in check_references(world, lines.line)]
    if problems:
        raise WorldError(problems)
    return world, lines


def parse_yaml(text: str, label: str) -> tuple[Any, Lines]:
    """The document's data and the line of every key and item; duplicate keys are errors."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise WorldError([Problem(1, "the file is empty: expected 'tenants:'", label)])
        at: dict[Loc, int] = {(): node.start_mark.line + 1}
        problems: list[Problem] = []
        _index(node, (), at, problems, label, set())
        if problems:
            raise WorldError(problems)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        context = exc.context
        if context and exc.context_mark is not None and exc.context_mark is not mark:
            context += f" (from line {exc.context_mark.line + 1})"
        reason = ": ".join(filter(None, [context, exc.problem])) or "invalid YAML"
        raise WorldError([Problem(line, f"invalid YAML: {reason}", label)]) from None
    except yaml.YAMLError as exc:
        raise WorldError([Problem(None, f"invalid YAML: {exc}", label)]) from None
    finally:
        loader.dispose()
    return data, Lines(label, at)


def _index(
    node: yaml.Node,
    loc: Loc,
    at: dict[Loc, int],
    problems: list[Problem],
    label: str,
    active: set[int],
) -> None:
    if id(node) in active:  # a recursive alias: its lines are already known
        return
    active.add(id(node))
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            line = key_node.start_mark.line + 1
            if key == "<<":
                _index(value_node, loc, at, problems, label, active)
                continue
            if key in seen:
                problems.append(
                    Problem(line, f"duplicate key '{key}' (first at line {seen[key]})", label)
                )
                continue
            seen[key] = line
            at[(*loc, key)] = line
            _index(value_node, (*loc, key), at, problems, label, active)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            at[(*loc, i)] = item.start_mark.line + 1
            _index(item, (*loc, i), at, problems, label, active)
    active.discard(id(node))


def schema_problems(exc: ValidationError, lines: Lines) -> list[Problem]:
    """Pydantic errors as line-numbered problems; a world file and a fleet file share it."""
    problems = []
    for error in exc.errors():
        loc: Loc = tuple(error["loc"])
        ctx = error.get("ctx") or {}
        if "at" in ctx:  # a check across fields names the key it is about
            loc = (*loc, ctx["at"])
        keys = [part for part in lines.match(loc) if isinstance(part, str)]
        kind = error["type"]
        if kind == "extra_forbidden":
            reason = f"unknown key '{loc[-1]}'"
        elif kind == "missing":
            reason = f"'{loc[-1]}' is required"
        elif kind.startswith("world_"):
            reason = error["msg"]
        else:
            message = error["msg"].removeprefix("Value error, ")
            if kind in ("model_type", "model_attributes_type", "dict_type"):
                message = "expected a mapping (key: value lines)"
            elif kind == "list_type":
                message = "expected a list"
            reason = f"{keys[-1]}: {message}" if keys else message
        problems.append(lines.problem(loc, reason))
    return problems
