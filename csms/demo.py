"""The demo world `make demo` starts with, until world files (accounts, charge groups) and the
simulator's live fleet arrive: stations a real charger can take over, and cards to tap."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from csms.db.database import Database
from csms.db.models import IdTokenRow, Station
from csms.db.repositories.stations import StationRepository
from csms.db.repositories.tokens import TokenRepository
from csms.domain.credentials import hash_password

DEMO_ADMIN_TOKEN = "evh_demo_admin_token_not_for_production"


@dataclass(frozen=True)
class DemoStation:
    id: str
    password: str
    note: str


STATIONS = (
    DemoStation("DEMO-AC-01", "demo-ac-01-password", "AC, any OCPP version"),
    DemoStation("DEMO-AC-02", "demo-ac-02-password", "AC, any OCPP version"),
    DemoStation("DEMO-DC-01", "demo-dc-01-password", "DC fast charger"),
)
CARDS = (
    ("04A1B2C3D4", "Accepted", None, "Jane Doe"),
    ("04E5F6A7B8", "Accepted", None, "John Roe"),
    ("04BLOCKED01", "Blocked", None, "Lost card"),
    ("04EXPIRED01", "Accepted", -1, "Expired card"),
)


async def seed(db: Database) -> None:
    """Create the demo stations and cards once; running it again changes nothing."""
    hashes = await asyncio.gather(*(asyncio.to_thread(hash_password, s.password) for s in STATIONS))
    async with db.write() as session:
        stations = StationRepository(session)
        for station, hashed in zip(STATIONS, hashes, strict=True):
            if await stations.get(station.id) is None:
                stations.add(Station(id=station.id, password_hash=hashed))
        tokens = TokenRepository(session)
        for value, status, expiry_days, label in CARDS:
            if await tokens.get(value) is None:
                expires = datetime.now(UTC) + timedelta(days=expiry_days) if expiry_days else None
                tokens.add(IdTokenRow(value=value, status=status, expires_at=expires, label=label))
