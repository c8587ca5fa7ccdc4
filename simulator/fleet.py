"""Fleet files (``scenarios/fleets/*.yaml``): which virtual stations to run, against which
CSMS, with which drivers and faults, and how they are laid out into stations.

:func:`load_fleet` reads and checks a file; every problem is reported as ``FILE:LINE:
reason`` (the YAML reader of ``csms.world`` keeps the line of every key). :func:`expand`
turns a fleet into one :class:`FleetStation` per station, deterministically from the
fleet's ``seed``: the same file gives the same ids, protocol versions, fault plans, cards and
per-station seeds on every machine and in every worker process.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from dataclasses import fields as dataclass_fields
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from csms.world.source import Lines, Problem, WorldError, parse_yaml, schema_problems
from ocppj.versions import OcppVersion
from simulator.faults import NO_FAULTS, FaultPlan
from simulator.station_config import variable_path

if TYPE_CHECKING:
    from simulator.catalogue import StationModel
    from simulator.station import StationSpec

FLEETS_DIR = Path(__file__).resolve().parents[1] / "scenarios" / "fleets"
PASSWORD_LENGTH = (16, 40)  # what the CSMS accepts for HTTP Basic (OCPP security profile 1)
STATION_ID = re.compile(r"^[A-Za-z0-9*\-_=+|@.:]{1,48}$")
SHARE_TOLERANCE = 1e-6


class FleetError(Exception):
    """A fleet file that cannot be used; ``problems`` are ordered by line."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.line or 0, p.reason))
        super().__init__("\n".join(str(p) for p in self.problems))


# --- values -------------------------------------------------------------------------------

_DURATION = re.compile(
    r"^\s*(?:(\d+(?:\.\d+)?)h)?\s*(?:(\d+(?:\.\d+)?)m)?\s*(?:(\d+(?:\.\d+)?)s)?\s*$"
)


def parse_duration(value: Any) -> float:
    """Seconds from ``90``, ``"90s"``, ``"10m"``, ``"1h30m"``; used by the CLI too."""
    if isinstance(value, bool):
        raise ValueError("expected a duration like 90s, 10m or 1h30m")
    if isinstance(value, int | float):
        seconds = float(value)
    else:
        match = _DURATION.match(str(value))
        if not match or not any(match.groups()):
            raise ValueError(f"'{value}' is not a duration like 90s, 10m or 1h30m")
        h, m, s = (float(g) if g else 0.0 for g in match.groups())
        seconds = h * 3600 + m * 60 + s
    if seconds <= 0:
        raise ValueError("a duration must be positive")
    return seconds


def _setting_value(value: Any) -> str:
    # OCPP configuration values are strings; YAML gives booleans and numbers.
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | str):
        return str(value)
    raise ValueError("a setting's value must be a string, a number or true/false")


Duration = Annotated[float, BeforeValidator(parse_duration)]
Share = Annotated[float, Field(ge=0, le=1)]
SettingValue = Annotated[str, BeforeValidator(_setting_value)]
Settings = dict[str, SettingValue]
Password = Annotated[str, Field(min_length=PASSWORD_LENGTH[0], max_length=PASSWORD_LENGTH[1])]
IdText = Annotated[str, Field(pattern=r"^[A-Za-z0-9*\-_=+|@.:]*$", max_length=40)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- the file -----------------------------------------------------------------------------


class CsmsSection(_Strict):
    """Where the stations connect, and how they are known there."""

    url: Annotated[str, Field(pattern=r"^wss?://\S+$")] = "ws://127.0.0.1:9000/ocpp"
    password: Password | None = None  # one password for every generated station
    password_prefix: IdText | None = None  # or: prefix + station id, one per station
    create_stations: bool = False  # register stations and cards through the admin API first
    admin_url: Annotated[str, Field(pattern=r"^https?://\S+$")] = "http://127.0.0.1:8080/api/v1"
    admin_token: str | None = None  # else --admin-token or EVH_ADMIN_TOKEN

    @model_validator(mode="after")
    def _one_password_rule(self) -> CsmsSection:
        if self.password is not None and self.password_prefix is not None:
            raise ValueError("give either 'password' or 'password_prefix', not both")
        return self


class ExplicitStation(_Strict):
    """A station of the CSMS's world, with its own id and password."""

    id: Annotated[str, Field(pattern=STATION_ID.pattern)]
    password: Password | None = None


class DriverSection(_Strict):
    """Who comes to charge: a pattern of ``simulator.drivers.PATTERNS``, with changes."""

    pattern: str | None = None  # None: no drivers (stations only boot and heartbeat)
    ev_models: list[str] | None = None  # only these EVs of simulator.physics.EV_MODELS
    overrides: dict[str, Any] = Field(default_factory=dict)  # DriverPattern fields


class StationGroup(_Strict):
    """Stations of one catalogue model: ``count`` generated ones, or the ``ids`` of a world."""

    model: str = Field(min_length=1)
    count: int | None = Field(None, ge=1)
    ids: list[Annotated[str, Field(pattern=STATION_ID.pattern)] | ExplicitStation] | None = None
    id_prefix: IdText | None = None
    protocols: dict[OcppVersion, Share] | None = None  # version -> share; None: the model's newest
    settings: Settings = Field(default_factory=dict)
    drivers: DriverSection | None = None  # instead of the fleet's
    cards: list[str] | None = None  # drivers here present only these card values

    @field_validator("protocols", mode="before")
    @classmethod
    def _version_keys(cls, value: Any) -> Any:
        # Unquoted `1.6:` and `2.1:` are YAML floats; take them as the versions they spell.
        if isinstance(value, Mapping):
            value = {str(k): v for k, v in value.items()}
            unknown = sorted(set(value) - set(OcppVersion))
            if unknown:
                raise ValueError(
                    f"unknown OCPP version {unknown[0]!r}: use {', '.join(OcppVersion)}"
                )
        return value

    @field_validator("protocols")
    @classmethod
    def _versions(cls, value: dict[OcppVersion, float] | None) -> dict[OcppVersion, float] | None:
        if value is None:
            return None
        if not value:
            raise ValueError("name at least one OCPP version")
        total = sum(value.values())
        if abs(total - 1) > SHARE_TOLERANCE:
            raise ValueError(f"the shares add up to {total:g}, not 1")
        return value

    @model_validator(mode="after")
    def _count_or_ids(self) -> StationGroup:
        if (self.count is None) == (self.ids is None):
            raise ValueError("give either 'count' (generated stations) or 'ids'")
        if self.ids is not None and self.id_prefix is not None:
            raise ValueError("'id_prefix' is for generated stations (with 'count')")
        return self

    @property
    def explicit(self) -> list[ExplicitStation]:
        """The ``ids`` as stations (a plain id has no password of its own)."""
        return [
            s if isinstance(s, ExplicitStation) else ExplicitStation(id=s) for s in self.ids or []
        ]


class CardSection(_Strict):
    """The cards drivers present: ``count`` generated (seeded Faker) and explicit ``values``."""

    count: int = Field(0, ge=0)
    prefix: IdText = "SIM"
    values: list[Annotated[str, Field(min_length=1, max_length=36)]] = Field(default_factory=list)


class RampUp(_Strict):
    per_second: float = Field(50.0, gt=0)  # station starts per real second


class FaultShare(_Strict):
    """A fault plan for a share of the fleet's stations."""

    share: Share
    drop_every_s: float | None = Field(None, gt=0)
    answer_delay_s: float = Field(0.0, ge=0)
    never_answer: list[str] = Field(default_factory=list)
    callerror_on: list[str] = Field(default_factory=list)
    malformed_every_s: float | None = Field(None, gt=0)
    faulted_every_s: float | None = Field(None, gt=0)
    meter_glitch_every_s: float | None = Field(None, gt=0)

    def plan(self) -> FaultPlan:
        """The FaultPlan this entry gives its stations."""
        data = self.model_dump(exclude={"share"})
        data["never_answer"] = frozenset(data["never_answer"])
        data["callerror_on"] = frozenset(data["callerror_on"])
        return FaultPlan(**data)


class SettingsSection(_Strict):
    """Configuration overrides: for every station, then per catalogue model (then per group).
    Keys are 1.6 keys or 2.0.1 ``Component.Variable`` paths; see :func:`settings_for`."""

    all: Settings = Field(default_factory=dict)
    models: dict[str, Settings] = Field(default_factory=dict)


class Fleet(_Strict):
    """A whole fleet file. Times are real (wall-clock) seconds except inside drivers, faults
    and settings, which are simulated seconds (``time_factor`` of them per real second)."""

    name: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=40)]
    description: str | None = None
    seed: int = 0
    csms: CsmsSection = Field(default_factory=CsmsSection)
    stations: list[StationGroup] = Field(min_length=1)
    cards: CardSection = Field(default_factory=CardSection)
    drivers: DriverSection = Field(default_factory=DriverSection)
    ramp_up: RampUp = Field(default_factory=RampUp)
    duration: Duration = 600.0
    time_factor: float = Field(1.0, gt=0)
    validation: Literal["full", "sampled", "off"] = "full"
    compression: bool = False
    source_addresses: int = Field(1, ge=1, le=254)  # 127.0.0.1 .. 127.0.0.N for loopback CSMS
    faults: list[FaultShare] = Field(default_factory=list)
    settings: SettingsSection = Field(default_factory=SettingsSection)

    @field_validator("validation", mode="before")
    @classmethod
    def _unquoted_off(cls, value: Any) -> Any:
        # YAML 1.1 reads an unquoted `off` as false.
        return "off" if value is False else value

    @field_validator("faults")
    @classmethod
    def _fault_shares(cls, value: list[FaultShare]) -> list[FaultShare]:
        total = sum(f.share for f in value)
        if total > 1 + SHARE_TOLERANCE:
            raise ValueError(f"the fault shares add up to {total:g}, more than 1")
        return value

    @property
    def station_count(self) -> int:
        """How many stations the fleet runs."""
        return sum(g.count if g.count is not None else len(g.ids or []) for g in self.stations)


# --- reading ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Known:
    """What a fleet may refer to: catalogue models, driver patterns, EV models."""

    models: Mapping[str, Any]
    patterns: Mapping[str, Any] | None = None
    ev_models: Mapping[str, Any] | Sequence[Any] | None = None  # names, or EvModels


def default_known() -> Known:
    """The shipped catalogue, driver patterns and EV models."""
    from simulator.catalogue import load_catalogue
    from simulator.drivers import PATTERNS
    from simulator.physics import EV_MODELS

    return Known(load_catalogue(), PATTERNS, EV_MODELS)


def load_fleet(source: Path | str, *, name: str | None = None, known: Known | None = None) -> Fleet:
    """Read and check a fleet file (a path, or YAML text when ``source`` is a str).

    Raises FleetError with every problem found: YAML syntax, unknown keys, wrong values,
    models, patterns or EVs that do not exist, duplicate station ids.
    """
    if isinstance(source, Path):
        label = name or str(source)
        try:
            text = source.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise FleetError([Problem(None, f"cannot read the fleet file: {exc}", label)]) from None
    else:
        label, text = name or "<fleet>", source
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise FleetError([Problem(1, "the file is empty: expected 'name:' and 'stations:'", label)])
    try:
        data, lines = parse_yaml(text, label)
    except WorldError as exc:
        raise FleetError(exc.problems) from None
    try:
        fleet = Fleet.model_validate(data)
    except ValidationError as exc:
        raise FleetError(schema_problems(exc, lines)) from None
    problems = _reference_problems(fleet, lines, known or default_known())
    problems += [lines.problem(loc, reason) for loc, reason in _id_problems(fleet)]
    if problems:
        raise FleetError(problems)
    return fleet


def _names(things: Mapping[str, Any] | Sequence[Any]) -> set[str]:
    if isinstance(things, Mapping):
        return set(things)
    return {getattr(t, "name", t) for t in things}


def _reference_problems(fleet: Fleet, lines: Lines, known: Known) -> list[Problem]:
    problems = []
    models = set(known.models)

    def check_drivers(section: DriverSection | None, loc: tuple[Any, ...]) -> None:
        if section is None:
            return
        if known.patterns is not None and section.pattern is not None:
            if section.pattern not in known.patterns:
                choices = ", ".join(sorted(known.patterns))
                problems.append(
                    lines.problem(
                        (*loc, "pattern"),
                        f"pattern: unknown driver pattern '{section.pattern}' ({choices})",
                    )
                )
            elif section.overrides:
                try:
                    apply_overrides(known.patterns[section.pattern], section.overrides)
                except (TypeError, ValueError) as exc:
                    problems.append(lines.problem((*loc, "overrides"), f"overrides: {exc}"))
        if known.ev_models is not None and section.ev_models:
            names = _names(known.ev_models)
            for i, ev in enumerate(section.ev_models):
                if ev not in names:
                    problems.append(
                        lines.problem((*loc, "ev_models", i), f"ev_models: unknown EV '{ev}'")
                    )

    check_drivers(fleet.drivers, ("drivers",))
    for i, group in enumerate(fleet.stations):
        if group.model not in models:
            close = ", ".join(sorted(models)[:12])
            problems.append(
                lines.problem(
                    ("stations", i, "model"),
                    f"model: '{group.model}' is not in the catalogue ({close})",
                )
            )
        else:
            speaks = getattr(known.models[group.model], "ocpp_versions", None)
            for version, share in (group.protocols or {}).items():
                if speaks is not None and share > 0 and version not in speaks:
                    problems.append(
                        lines.problem(
                            ("stations", i, "protocols", version),
                            f"protocols: {group.model} does not speak OCPP {version} "
                            f"(it speaks {', '.join(speaks)})",
                        )
                    )
        check_drivers(group.drivers, ("stations", i, "drivers"))
    for ref in fleet.settings.models:
        if ref not in models:
            problems.append(
                lines.problem(
                    ("settings", "models", ref), f"models: '{ref}' is not in the catalogue"
                )
            )
    return problems


def apply_overrides(pattern: Any, overrides: Mapping[str, Any]) -> Any:
    """``pattern`` (a DriverPattern) with the fleet's changes; the pattern checks itself.
    Raises ValueError naming a field that does not exist or a value it refuses."""
    names = {f.name for f in dataclass_fields(pattern)}
    changes = {}
    for key, value in overrides.items():
        if key not in names or key == "name":
            raise ValueError(f"'{key}' is not a field of a driver pattern")
        # YAML lists are the tuples the pattern holds (hourly rates, ranges, spreads).
        changes[key] = tuple(value) if isinstance(value, list) else value
    return replace(pattern, **changes)


def _id_problems(fleet: Fleet) -> list[tuple[tuple[Any, ...], str]]:
    seen: dict[str, int] = {}
    out: list[tuple[tuple[Any, ...], str]] = []
    prefix = fleet.csms.password_prefix
    low, high = PASSWORD_LENGTH
    for i, group in enumerate(fleet.stations):
        explicit = {s.id: s.password for s in group.explicit}
        for station_id in _group_ids(fleet, i, group.count or 0):
            if prefix is not None and explicit.get(station_id) is None:
                length = len(prefix) + len(station_id)
                if not low <= length <= high:
                    out.append(
                        (
                            ("csms", "password_prefix"),
                            f"password_prefix: the password of {station_id} would have "
                            f"{length} characters; the CSMS needs {low} to {high}",
                        )
                    )
                    prefix = None  # one such line is enough
            if not STATION_ID.match(station_id):
                out.append((("stations", i), f"station id '{station_id}' is not a valid id"))
                break
            if station_id in seen:
                out.append(
                    (
                        ("stations", i),
                        f"station id '{station_id}' is also made by stations[{seen[station_id]}]",
                    )
                )
                break
            seen[station_id] = i
    return out


# --- expansion ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DriverPlan:
    """What the drivers of one station do: a pattern (with overrides), the cards they
    present, the EVs they come in."""

    pattern: str
    overrides: Mapping[str, Any]
    cards: tuple[str, ...]
    ev_models: tuple[str, ...] | None


@dataclass(frozen=True)
class FleetStation:
    """One station of an expanded fleet: what ``Station`` needs, and what is done to it."""

    index: int  # position in the fleet: decides its start time in the ramp-up
    id: str
    version: OcppVersion
    model_ref: str
    password: str | None
    settings: Mapping[str, str]
    seed: int
    faults: FaultPlan = NO_FAULTS
    drivers: DriverPlan | None = None
    local_address: str | None = None
    model: Any = field(default=None, compare=False)  # the StationModel, when a catalogue is known

    @cached_property
    def spec(self) -> StationSpec:
        """The StationSpec (imported only when a station is really made)."""
        from simulator.station import StationSpec

        if self.model is None:
            raise ValueError(f"station {self.id}: expanded without a catalogue")
        return StationSpec(
            id=self.id,
            version=self.version,
            model=self.model,
            password=self.password,
            settings=dict(self.settings),
            seed=self.seed,
        )


@dataclass(frozen=True)
class Card:
    """A card the fleet's drivers carry, with a (made-up) holder for its label."""

    value: str
    holder: str


def cards(fleet: Fleet) -> list[Card]:
    """The fleet's cards: generated ones (Faker, seeded from the fleet) then explicit ones."""
    from faker import Faker

    fake = Faker("nl_NL")
    fake.seed_instance(fleet.seed)
    out: list[Card] = []
    seen: set[str] = set()
    while len(out) < fleet.cards.count:
        # ISO 14443 UIDs are 7 bytes: 14 hex digits, as printed on most RFID cards.
        value = fleet.cards.prefix + fake.hexify("^" * 14, upper=True)
        if value not in seen:
            seen.add(value)
            out.append(Card(value, fake.name()))
    out += [Card(v, "") for v in fleet.cards.values if v not in seen]
    return out


def scaled(fleet: Fleet, stations: int) -> Fleet:
    """The fleet with its generated stations scaled to ``stations`` in all, keeping the
    proportions of the groups (largest remainder); groups of explicit ids stay as they are."""
    generated = [(i, g.count) for i, g in enumerate(fleet.stations) if g.count is not None]
    if not generated:
        raise ValueError("this fleet names its stations one by one: --stations cannot scale it")
    counts = _apportion(stations, [c or 0 for _, c in generated])
    groups = list(fleet.stations)
    for (i, _), count in zip(generated, counts, strict=True):
        groups[i] = groups[i].model_copy(update={"count": count})
    kept = [g for g in groups if g.count is None or g.count > 0]
    return fleet.model_copy(update={"stations": kept})


def _apportion(total: int, weights: Sequence[float]) -> list[int]:
    """``total`` split in proportion to ``weights`` (largest remainder): always sums to
    ``total``."""
    whole = sum(weights)
    if total <= 0 or whole <= 0:
        return [0] * len(weights)
    exact = [total * w / whole for w in weights]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(exact[i] - counts[i]), i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _group_ids(fleet: Fleet, index: int, count: int) -> list[str]:
    group = fleet.stations[index]
    if group.ids is not None:
        return [s.id for s in group.explicit]
    prefix = group.id_prefix
    if prefix is None:
        prefix = re.sub(r"[^A-Za-z0-9-]", "-", f"{fleet.name}-{group.model}").upper() + "-"
    width = max(4, len(str(count)))
    return [f"{prefix}{n:0{width}d}" for n in range(1, count + 1)]


def _station_seed(seed: int, station_id: str) -> int:
    # A string seed is hashed with SHA-512 by random: stable across processes and machines,
    # unlike hash().
    return random.Random(f"{seed}:{station_id}").getrandbits(32)


def expand(
    fleet: Fleet,
    *,
    catalogue: Mapping[str, StationModel] | None = None,
    source_addresses: int | None = None,
) -> list[FleetStation]:
    """One FleetStation per station, in a stable order and deterministic from the seed.

    Protocol versions are split per group and fault plans over the whole fleet by exact
    counts (largest remainder), then shuffled by the fleet's seed, so shares hold exactly
    and who gets what does not depend on file order within a group. ``catalogue`` gives the
    StationModels (the shipped catalogue when None).
    """
    if catalogue is None:
        from simulator.catalogue import load_catalogue

        catalogue = load_catalogue()
    rng = random.Random(fleet.seed)
    pool = tuple(card.value for card in cards(fleet))
    addresses = source_addresses or fleet.source_addresses
    out: list[FleetStation] = []
    for i, group in enumerate(fleet.stations):
        ids = _group_ids(fleet, i, group.count or 0)
        passwords = {s.id: s.password for s in group.explicit}
        model = catalogue.get(group.model)
        protocols = group.protocols or {_newest(model): 1.0}
        counts = _apportion(len(ids), list(protocols.values()))
        versions = [v for v, n in zip(protocols, counts, strict=True) for _ in range(n)]
        rng.shuffle(versions)
        settings = {**fleet.settings.all, **fleet.settings.models.get(group.model, {})}
        settings.update(group.settings)
        drivers = _driver_plan(group.drivers or fleet.drivers, group.cards, pool)
        per_version = {v: settings_for(v, settings) for v in set(versions)}  # shared dicts
        for station_id, version in zip(ids, versions, strict=True):
            out.append(
                FleetStation(
                    index=len(out),
                    id=station_id,
                    version=version,
                    model_ref=group.model,
                    password=passwords.get(station_id) or _password(fleet.csms, station_id),
                    settings=per_version[version],
                    seed=_station_seed(fleet.seed, station_id),
                    drivers=drivers,
                    model=model,
                )
            )
    plans = _fault_assignment(fleet, len(out), rng)
    for n, station in enumerate(out):
        local = f"127.0.0.{1 + n % addresses}" if addresses > 1 else None
        out[n] = replace(station, faults=plans[n], local_address=local)
    return out


def settings_for(version: OcppVersion, settings: Mapping[str, str]) -> dict[str, str]:
    """The overrides a station of ``version`` understands. A ``Component.Variable`` key is
    for OCPP 2.x only; a 1.6 key (``HeartbeatInterval``) is used as is by 1.6 stations and
    becomes the 2.0.1 variable that holds the same setting for 2.x ones (dropped when there
    is none), so one ``settings:`` serves a mixed fleet."""
    out: dict[str, str] = {}
    for key, value in settings.items():
        if "." in key:
            if version != OcppVersion.V16:
                out[key] = value
        elif version == OcppVersion.V16:
            out[key] = value
        elif (path := variable_path(key)) is not None and path not in settings:
            out[path] = value
    return out


def _newest(model: Any) -> OcppVersion:
    speaks = getattr(model, "ocpp_versions", None) or (OcppVersion.V201,)
    return max(speaks, key=lambda v: tuple(int(p) for p in v.split(".")))


def _password(csms: CsmsSection, station_id: str) -> str | None:
    if csms.password_prefix is not None:
        password = csms.password_prefix + station_id
        low, high = PASSWORD_LENGTH
        if not low <= len(password) <= high:  # load_fleet reports it with its line
            reason = (
                f"csms.password_prefix: the password of {station_id} would have "
                f"{len(password)} characters; the CSMS needs {low} to {high}"
            )
            raise FleetError([Problem(None, reason, "fleet")])
        return password
    return csms.password


def _driver_plan(
    section: DriverSection, group_cards: list[str] | None, pool: tuple[str, ...]
) -> DriverPlan | None:
    if section.pattern is None:
        return None
    return DriverPlan(
        pattern=section.pattern,
        overrides=dict(section.overrides),
        cards=tuple(group_cards) if group_cards is not None else pool,
        ev_models=tuple(section.ev_models) if section.ev_models else None,
    )


def _fault_assignment(fleet: Fleet, n: int, rng: random.Random) -> list[FaultPlan]:
    weights = [f.share for f in fleet.faults]
    healthy = max(0.0, 1 - sum(weights))
    counts = _apportion(n, [*weights, healthy])
    plans: list[FaultPlan] = []
    for fault, count in zip(fleet.faults, counts, strict=False):
        plans += [fault.plan()] * count
    plans += [NO_FAULTS] * (n - len(plans))
    rng.shuffle(plans)
    return plans


def shipped_fleets() -> list[Path]:
    """The fleet files in scenarios/fleets."""
    return sorted(FLEETS_DIR.glob("*.yaml"))
