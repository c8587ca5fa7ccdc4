"""A station's OCPP adapters: :mod:`.base` (what both versions share), :mod:`.shared`
(helpers both import), and one package per version (:mod:`.v16`, :mod:`.v201`) with a
module per OCPP functional block, composed into the version's adapter class."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ocppj.versions import OcppVersion

if TYPE_CHECKING:
    from simulator.adapters.base import Adapter
    from simulator.station import Station, StationSpec


def adapter_for(station: Station, spec: StationSpec) -> Adapter:
    if spec.version == OcppVersion.V16:
        from simulator.adapters.v16 import Adapter16

        return Adapter16(station, spec)
    from simulator.adapters.v201 import Adapter201

    return Adapter201(station, spec)
