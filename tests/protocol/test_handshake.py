"""The WebSocket handshake: path, subprotocol negotiation, per-station credentials, unknown
stations, and one live connection per station."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
import websockets
from websockets.exceptions import ConnectionClosed, InvalidStatus

from tests.support.bench import PASSWORD, Bench, running_bench
from tests.support.stations import basic_auth
from tests.support.wire import BOOT, exchange, silent


async def refused(bench: Bench, path: str, **kwargs: object) -> InvalidStatus:
    with pytest.raises(InvalidStatus) as info:
        async with websockets.connect(f"ws://127.0.0.1:{bench.csms.ports.ocpp}{path}", **kwargs):
            pass
    return info.value


@pytest.mark.parametrize(
    ("offered", "chosen"),
    [
        (["ocpp2.0.1", "ocpp1.6"], "ocpp2.0.1"),
        (["ocpp1.6", "ocpp2.0.1"], "ocpp1.6"),
        (["ocpp1.5", "ocpp2.1", "ocpp1.6"], "ocpp2.1"),
    ],
)
async def test_subprotocol_is_the_first_supported_in_the_clients_order(
    bench: Bench, offered: list[str], chosen: str
) -> None:
    await bench.register("CP-PROTO")
    async with websockets.connect(
        f"{bench.ocpp_url}/CP-PROTO",
        subprotocols=offered,
        additional_headers=basic_auth("CP-PROTO", PASSWORD),
    ) as ws:
        assert ws.subprotocol == chosen
        station = (await bench.api.get("/api/v1/stations/CP-PROTO")).json()
        assert station["connection"]["ocpp_version"] == chosen.removeprefix("ocpp")


@pytest.mark.parametrize("offered", [["ocpp1.5"], []])
async def test_a_client_offering_no_supported_subprotocol_is_refused(
    bench: Bench, offered: list[str]
) -> None:
    await bench.register("CP-NOPROTO")
    error = await refused(
        bench,
        "/ocpp/CP-NOPROTO",
        subprotocols=offered,
        additional_headers=basic_auth("CP-NOPROTO", PASSWORD),
    )
    assert error.response.status_code == 400
    assert b"ocpp1.6" in error.response.body


async def test_wrong_path_is_404(bench: Bench) -> None:
    error = await refused(bench, "/somewhere/CP-1", subprotocols=["ocpp1.6"])
    assert error.response.status_code == 404


@pytest.mark.parametrize(
    "headers",
    [
        {},
        basic_auth("CP-AUTH", "not-the-password-at-all"),
        basic_auth("SOMEONE-ELSE", PASSWORD),
        {"Authorization": "Basic !!!notbase64"},
        {"Authorization": "Bearer abc"},
    ],
    ids=["none", "wrong password", "wrong user", "garbage", "other scheme"],
)
async def test_bad_credentials_are_refused_with_401(bench: Bench, headers: dict[str, str]) -> None:
    await bench.register("CP-AUTH")
    error = await refused(
        bench, "/ocpp/CP-AUTH", subprotocols=["ocpp1.6"], additional_headers=headers
    )
    assert error.response.status_code == 401
    assert error.response.headers["WWW-Authenticate"].startswith("Basic")


async def test_unknown_station_is_refused_with_404_by_default(bench: Bench) -> None:
    error = await refused(
        bench,
        "/ocpp/NOBODY",
        subprotocols=["ocpp1.6"],
        additional_headers=basic_auth("NOBODY", PASSWORD),
    )
    assert error.response.status_code == 404
    listing = (await bench.api.get("/api/v1/stations")).json()
    assert listing["total"] == 0


@pytest.fixture
async def pending_bench(db_url: str) -> AsyncIterator[Bench]:
    async with running_bench(db_url, unknown_stations="pending", boot_retry_interval=7) as b:
        yield b


async def test_unknown_station_waits_as_pending_until_an_operator_accepts_it(
    pending_bench: Bench,
) -> None:
    bench = pending_bench
    async with websockets.connect(f"{bench.ocpp_url}/NEWCOMER", subprotocols=["ocpp2.0.1"]) as ws:
        boot = await exchange(ws, [2, "b1", "BootNotification", BOOT["2.0.1"]])
        assert boot[2]["status"] == "Pending"
        assert boot[2]["interval"] == 7
        # B02.FR.09 / TC_B_30_CSMS: anything but BootNotification is a SecurityError meanwhile.
        refused_call = await exchange(ws, [2, "h1", "Heartbeat", {}])
        assert refused_call[:3] == [4, "h1", "SecurityError"]
        station = (await bench.api.get("/api/v1/stations/NEWCOMER")).json()
        assert station["registration"] == "Pending"
        assert station["has_password"] is False
        accepted = await bench.api.patch(
            "/api/v1/stations/NEWCOMER", json={"registration": "Accepted"}
        )
        assert accepted.status_code == 200
        boot = await exchange(ws, [2, "b2", "BootNotification", BOOT["2.0.1"]])
        assert boot[2]["status"] == "Accepted"
        assert (await exchange(ws, [2, "h2", "Heartbeat", {}]))[0] == 3


async def test_an_accepted_station_without_password_may_not_connect(pending_bench: Bench) -> None:
    bench = pending_bench
    async with websockets.connect(f"{bench.ocpp_url}/LATE", subprotocols=["ocpp1.6"]) as ws:
        await exchange(ws, [2, "b1", "BootNotification", BOOT["1.6"]])
    await bench.api.patch("/api/v1/stations/LATE", json={"registration": "Accepted"})
    error = await refused(bench, "/ocpp/LATE", subprotocols=["ocpp1.6"])
    assert error.response.status_code == 401
    answer = await bench.api.put("/api/v1/stations/LATE/password", json={})
    password = answer.json()["password"]
    assert len(password) >= 16
    async with websockets.connect(
        f"{bench.ocpp_url}/LATE",
        subprotocols=["ocpp1.6"],
        additional_headers=basic_auth("LATE", password),
    ) as ws:
        assert (await exchange(ws, [2, "b2", "BootNotification", BOOT["1.6"]]))[2][
            "status"
        ] == "Accepted"


@pytest.mark.parametrize("version", ["1.6", "2.0.1"])
async def test_rejected_station_is_told_so_and_may_only_boot(bench: Bench, version: str) -> None:
    await bench.register("CP-REJ", registration="Rejected")
    async with websockets.connect(
        f"{bench.ocpp_url}/CP-REJ",
        subprotocols=[f"ocpp{version}"],
        additional_headers=basic_auth("CP-REJ", PASSWORD),
    ) as ws:
        boot = await exchange(ws, [2, "b1", "BootNotification", BOOT[version]])
        assert boot[2]["status"] == "Rejected"
        status = await exchange(
            ws,
            [
                2,
                "a1",
                "Authorize",
                {"idTag": "X"}
                if version == "1.6"
                else {"idToken": {"idToken": "X", "type": "ISO14443"}},
            ],
        )
        assert status[:3] == [4, "a1", "SecurityError"]


async def test_a_pending_station_is_refused_everything_but_boot_from_the_first_frame(
    bench: Bench,
) -> None:
    """The registration is read at the handshake, so even a call before any boot is refused."""
    await bench.register("CP-PRE", registration="Pending")
    async with websockets.connect(
        f"{bench.ocpp_url}/CP-PRE",
        subprotocols=["ocpp1.6"],
        additional_headers=basic_auth("CP-PRE", PASSWORD),
    ) as ws:
        assert (await exchange(ws, [2, "h", "Heartbeat", {}]))[:3] == [4, "h", "SecurityError"]


async def test_a_second_connection_replaces_the_first_cleanly(bench: Bench) -> None:
    await bench.register("CP-TWICE")
    headers = basic_auth("CP-TWICE", PASSWORD)
    url = f"{bench.ocpp_url}/CP-TWICE"
    first = await websockets.connect(url, subprotocols=["ocpp1.6"], additional_headers=headers)
    second = await websockets.connect(url, subprotocols=["ocpp1.6"], additional_headers=headers)
    try:
        with pytest.raises(ConnectionClosed) as closed:
            await asyncio.wait_for(first.recv(), 5)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4000
        assert (await exchange(second, [2, "b", "BootNotification", BOOT["1.6"]]))[2][
            "status"
        ] == "Accepted"
        station = (await bench.api.get("/api/v1/stations/CP-TWICE")).json()
        assert station["connected"] is True
        assert await silent(second, within=0.2)
    finally:
        await first.close()
        await second.close()
    health = (await bench.api.get("/health")).json()
    for _ in range(50):
        if health["connected_stations"] == 0:
            break
        await asyncio.sleep(0.05)
        health = (await bench.api.get("/health")).json()
    assert health["connected_stations"] == 0
