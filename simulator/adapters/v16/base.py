"""What every 1.6 block shares: the adapter's state and what an IdTagInfo teaches."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from ocppj.versions import OcppVersion
from simulator import pki
from simulator.adapters.base import Adapter
from simulator.adapters.shared import Payload
from simulator.station_config import Config16, StationSettings
from simulator.wiretime import parse_time

if TYPE_CHECKING:
    from simulator.station import Station, StationSpec


class Base16(Adapter):
    version = OcppVersion.V16

    def __init__(self, station: Station, spec: StationSpec) -> None:
        super().__init__(station, spec)
        self.settings = StationSettings(number_of_evses=spec.model.evses)
        self.config = Config16(self.settings, spec.settings)
        self.profiles = self.profile_store(self.settings)
        # What a tester breaks through the control hook (simulator.control).
        self.broken_locks: set[int] = set()
        self.local_list_fails = False
        self.key = pki.StationKey(spec.id)
        self.installed: dict[str, list[str]] = {}  # certificateType -> PEM certificates
        self.after_boot: list[Any] = []  # notifications due once the station is back

    def learn(self, id_tag: str, info: Payload) -> None:
        """An IdTagInfo from the CSMS: into the cache, and the tag's group (parentIdTag)."""
        self.remember(id_tag, info["status"], expiry(info))
        if info.get("parentIdTag"):
            self.groups[id_tag] = info["parentIdTag"]

    # -- what one block asks of another (the blocks composed in Adapter16 provide these) ----

    async def firmware_status(self, status: str) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    async def signed_firmware_status(
        self, status: str, request_id: int | None
    ) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    async def diagnostics_status(self, status: str) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    async def log_status(
        self, status: str, request_id: int | None
    ) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    async def security_event(
        self, kind: str, info: str | None = None
    ) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    async def sign_certificate(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


def expiry(info: Payload) -> datetime | None:
    return parse_time(info.get("expiryDate"))
