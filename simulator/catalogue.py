"""The station catalogue: the hardware a simulated station pretends to be (vendor, model,
firmware, EVSEs and connectors, power, meter). Fleets name a model by its ``ref``.

The catalogue is YAML, validated with pydantic; every error names the model and the field.
Connector types are OCPP 2.0.1 ``ConnectorEnumType`` values, so a station can report them as
they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ocppj.versions import OcppVersion

DEFAULT_CATALOGUE = Path(__file__).resolve().parents[1] / "scenarios" / "catalogue" / "models.yaml"

AC_CONNECTORS = frozenset({"cType1", "cType2", "sType2", "sType3"})
DC_CONNECTORS = frozenset({"cCCS1", "cCCS2", "cG105", "cTesla"})  # cG105 is CHAdeMO
PHASE_VOLTAGE_V = 230.0
MAX_AC_PHASE_CURRENT_A = 63.0  # IEC 62196-2 Type 2 rating: the most an AC connector carries

PowerType = Literal["ac", "dc"]
MeterType = Literal["internal", "mid", "eichrecht"]


@dataclass(frozen=True)
class ConnectorModel:
    """One connector of an EVSE: its OCPP connector type and its maximum power."""

    type: str
    max_power_kw: float

    @property
    def max_power_w(self) -> float:
        """Maximum power in W, as the physics takes it."""
        return self.max_power_kw * 1000.0

    @property
    def tethered(self) -> bool:
        """True for a fixed cable ('c...'), False for a socket ('s...')."""
        return self.type.startswith("c")


@dataclass(frozen=True)
class StationModel:
    """A station type. Every one of its ``evses`` has the same ``connectors``. On AC,
    ``phases`` is what the connectors supply; on DC it is the grid connection and the physics
    ignores it. ``shared_max_power_kw``, when set, is what the whole station may draw, shared
    by its EVSEs (a common power cabinet, office load balancing); None means no sharing."""

    ref: str
    vendor: str
    model: str
    firmware: str
    power_type: PowerType
    evses: int
    connectors: tuple[ConnectorModel, ...]
    phases: int
    meter_type: MeterType
    ocpp_versions: tuple[OcppVersion, ...]
    shared_max_power_kw: float | None = None
    voltage_v: float = PHASE_VOLTAGE_V

    @property
    def dc(self) -> bool:
        """True for a DC station."""
        return self.power_type == "dc"

    @property
    def connectors_per_evse(self) -> int:
        """Connectors on each EVSE (only one of them charges at a time)."""
        return len(self.connectors)

    @property
    def connector_type(self) -> str:
        """The first connector's type, for stations that report a single one."""
        return self.connectors[0].type

    @property
    def max_power_kw(self) -> float:
        """The most one EVSE delivers, whichever of its connectors is used, in kW."""
        return max(c.max_power_kw for c in self.connectors)

    @property
    def evse_max_power_w(self) -> float:
        """The most one EVSE delivers, in W, as the physics takes it."""
        return self.max_power_kw * 1000.0

    @property
    def station_max_power_w(self) -> float:
        """The most the whole station delivers at once."""
        total = self.evses * self.evse_max_power_w
        if self.shared_max_power_kw is None:
            return total
        return min(total, self.shared_max_power_kw * 1000.0)


# --- the file format ----------------------------------------------------------------------

Text = Annotated[str, Field(min_length=1, max_length=50)]
Ref = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]{0,63}$")]
Power = Annotated[float, Field(gt=0, le=1000)]


class _Connector(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: Text
    max_power_kw: Power


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ref: Ref
    vendor: Text
    model: Text
    firmware: Text
    power_type: PowerType
    evses: Annotated[int, Field(ge=1, le=8)]
    connectors: Annotated[list[_Connector], Field(min_length=1, max_length=4)]
    phases: Literal[1, 3] | None = None
    meter_type: MeterType
    ocpp_versions: Annotated[list[OcppVersion], Field(min_length=1)] = list(OcppVersion)
    shared_max_power_kw: Annotated[float, Field(gt=0, le=5000)] | None = None
    voltage_v: Annotated[float, Field(ge=100, le=280)] = PHASE_VOLTAGE_V


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")
    models: list[dict[str, Any]]


def load_catalogue(path: Path | None = None) -> dict[str, StationModel]:
    """Read the catalogue at ``path`` (default: the repository's
    ``scenarios/catalogue/models.yaml``) into station models keyed by ``ref``.

    Raises ValueError naming the file, the model and the field for any bad entry.
    """
    path = path or DEFAULT_CATALOGUE
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: not valid YAML: {exc}") from None
    return parse_catalogue(data, str(path))


def parse_catalogue(data: Any, label: str = "<catalogue>") -> dict[str, StationModel]:
    """Validate already parsed YAML ``data`` (a mapping with a ``models`` list)."""
    try:
        entries = _File.model_validate(data).models
    except ValidationError:
        raise ValueError(f"{label}: expected a mapping with a 'models' list of mappings") from None
    catalogue: dict[str, StationModel] = {}
    for index, entry in enumerate(entries):
        name = repr(entry["ref"]) if isinstance(entry.get("ref"), str) else f"#{index + 1}"
        try:
            station = _station(_Model.model_validate(entry))
        except ValidationError as exc:
            problems = "; ".join(
                f"field '{'.'.join(str(p) for p in err['loc'])}': {err['msg']}"
                for err in exc.errors()
            )
            raise ValueError(f"{label}: station model {name}: {problems}") from None
        except _FieldError as exc:
            raise ValueError(f"{label}: station model {name}: field '{exc.field}': {exc}") from None
        if station.ref in catalogue:
            raise ValueError(f"{label}: station model {name}: field 'ref': declared twice")
        catalogue[station.ref] = station
    return catalogue


class _FieldError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _station(raw: _Model) -> StationModel:
    """Cross-field checks pydantic's per-field types cannot express, then the dataclass."""
    allowed = DC_CONNECTORS if raw.power_type == "dc" else AC_CONNECTORS
    for i, connector in enumerate(raw.connectors):
        if connector.type not in allowed:
            raise _FieldError(
                f"connectors.{i}.type",
                f"{connector.type!r} is not a {raw.power_type.upper()} connector "
                f"(expected one of {', '.join(sorted(allowed))})",
            )
    if raw.power_type == "ac":
        if raw.phases is None:
            raise _FieldError("phases", "an AC station must say whether it has 1 or 3 phases")
        ceiling_kw = raw.phases * raw.voltage_v * MAX_AC_PHASE_CURRENT_A / 1000.0
        for i, connector in enumerate(raw.connectors):
            if connector.max_power_kw > ceiling_kw:
                raise _FieldError(
                    f"connectors.{i}.max_power_kw",
                    f"{connector.max_power_kw} kW is more than {raw.phases} phase(s) carry "
                    f"({ceiling_kw:.1f} kW at {MAX_AC_PHASE_CURRENT_A:.0f} A)",
                )
    if len(set(raw.ocpp_versions)) != len(raw.ocpp_versions):
        raise _FieldError("ocpp_versions", "a version is listed twice")
    return StationModel(
        ref=raw.ref,
        vendor=raw.vendor,
        model=raw.model,
        firmware=raw.firmware,
        power_type=raw.power_type,
        evses=raw.evses,
        connectors=tuple(ConnectorModel(c.type, c.max_power_kw) for c in raw.connectors),
        # A DC charger is fed by three phases; the physics ignores phases on DC anyway.
        phases=raw.phases or 3,
        meter_type=raw.meter_type,
        ocpp_versions=tuple(raw.ocpp_versions),
        shared_max_power_kw=raw.shared_max_power_kw,
        voltage_v=raw.voltage_v,
    )
