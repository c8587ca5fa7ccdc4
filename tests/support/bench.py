"""The bench a test drives: a real CSMS on loopback, its admin API, stations to connect."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx

from csms.app import Csms
from csms.config import Settings
from tests.support.stations import connected

ADMIN_TOKEN = "evh_test_admin_token_for_the_suite_0001"
PASSWORD = "correct-horse-battery-staple"


@dataclass
class Bench:
    csms: Csms
    api: httpx.AsyncClient

    @property
    def ocpp_url(self) -> str:
        return f"ws://127.0.0.1:{self.csms.ports.ocpp}/ocpp"

    async def register(
        self, station_id: str, password: str | None = PASSWORD, **fields: Any
    ) -> dict[str, Any]:
        body = {"id": station_id, **fields}
        if password is not None:
            body["password"] = password
        response = await self.api.post("/api/v1/stations", json=body)
        assert response.status_code == 201, response.text
        return response.json()

    async def add_token(self, value: str, **fields: Any) -> dict[str, Any]:
        response = await self.api.post("/api/v1/tokens", json={"value": value, **fields})
        assert response.status_code == 201, response.text
        return response.json()

    @asynccontextmanager
    async def station(
        self,
        station_id: str,
        version: str = "1.6",
        *,
        password: str | None = PASSWORD,
        register: bool = True,
        **connect_kwargs: Any,
    ) -> AsyncIterator[Any]:
        """A registered, connected test station (not yet booted)."""
        if register:
            await self.register(station_id, password)
        async with connected(self.ocpp_url, station_id, version, password, **connect_kwargs) as cp:
            yield cp


@asynccontextmanager
async def running_bench(db_url: str, **overrides: Any) -> AsyncIterator[Bench]:
    settings = Settings(
        db=db_url,
        host="127.0.0.1",
        ocpp_port=0,
        http_port=0,
        admin_token=ADMIN_TOKEN,
        sqlite_synchronous="NORMAL",
        **overrides,
    )
    csms = Csms(settings)
    await csms.start()
    try:
        async with httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{csms.ports.http}",
            headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
            timeout=30,
        ) as api:
            yield Bench(csms, api)
    finally:
        await csms.stop()
