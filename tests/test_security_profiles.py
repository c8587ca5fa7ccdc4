"""Security profiles 2 (TLS + HTTP Basic) and 3 (TLS with a client certificate), over real TLS
on loopback against a throwaway PKI. Transport-level, so SQLite only (root ``db_url``)."""

from __future__ import annotations

import asyncio
import logging
import os
import ssl
import subprocess
import sys
import warnings
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import websockets
from ocpp.v16 import call
from websockets.exceptions import InvalidMessage, InvalidStatus

from tests.support import pki
from tests.support.bench import PASSWORD, Bench, running_bench
from tests.support.stations import basic_auth, connected


class Pki:
    def __init__(self, directory: Path) -> None:
        self.dir = directory
        self.ca = pki.make_ca(directory, "evharness test CA")
        self.foreign_ca = pki.make_ca(directory, "somebody else CA")
        self.server = pki.server_cert(self.ca, directory)

    def station_context(
        self, station_id: str | None, *, ca: pki.Ca | None = None
    ) -> ssl.SSLContext:
        """Trusts our CA; presents a certificate for ``station_id`` signed by ``ca`` (ours by
        default), or none when ``station_id`` is None."""
        if station_id is None:
            return pki.client_context(self.ca)
        return pki.client_context(self.ca, pki.client_cert(ca or self.ca, self.dir, station_id))


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    return Pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture
async def bench(db_url: str, certs: Pki) -> AsyncIterator[Bench]:
    async with running_bench(
        db_url,
        tls_cert=certs.server.cert_path,
        tls_key=certs.server.key_path,
        tls_client_ca=certs.ca.cert_path,
        tls_port=0,
        mtls_port=0,
    ) as b:
        yield b


def wss(bench: Bench, profile: int) -> str:
    port = bench.csms.ports.tls if profile == 2 else bench.csms.ports.mtls
    assert port, f"profile {profile} listener is not running"
    return f"wss://127.0.0.1:{port}/ocpp"


async def handshake_status(url: str, station_id: str, password: str | None, **kwargs) -> int:
    """Try a handshake that must be refused; return the HTTP status it was refused with."""
    headers = basic_auth(station_id, password) if password is not None else {}
    with pytest.raises(InvalidStatus) as refused:
        async with websockets.connect(
            f"{url}/{station_id}",
            subprotocols=["ocpp1.6"],
            additional_headers=headers,
            open_timeout=10,
            **kwargs,
        ):
            pass
    return refused.value.response.status_code


async def tls_refused(url: str, station_id: str, ctx: ssl.SSLContext, **kwargs) -> BaseException:
    """Try a connection that TLS must refuse; return the error. TLS 1.2 fails inside the
    handshake (asyncio aborts, so the client sees a reset or an SSL error); TLS 1.3 checks the
    client certificate after the client's handshake is done, so the client sees EOF instead of
    an HTTP status line. Either way no HTTP status (InvalidStatus) ever comes back."""
    with pytest.raises(Exception) as failed:  # the type depends on the TLS version
        async with websockets.connect(
            f"{url}/{station_id}",
            subprotocols=["ocpp1.6"],
            ssl=ctx,
            open_timeout=10,
            **kwargs,
        ):
            pass
    error = failed.value
    assert not isinstance(error, InvalidStatus), f"refused by HTTP, not TLS: {error}"
    transport = (ssl.SSLError, ConnectionError, EOFError)
    assert isinstance(error, transport) or (
        isinstance(error, InvalidMessage) and isinstance(error.__cause__, transport)
    ), repr(error)
    return error


def handshake_logs(caplog: pytest.LogCaptureFixture, station_id: str) -> list[str]:
    """What the OCPP handshake logged about ``station_id``."""
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "csms.protocol.server" and r.getMessage().startswith(f"{station_id}:")
    ]


async def boot(cp) -> str:
    answer = await cp.call(call.BootNotification(charge_point_vendor="V", charge_point_model="M"))
    return answer.status


async def connection_profile(bench: Bench, station_id: str) -> int:
    station = (await bench.api.get(f"/api/v1/stations/{station_id}")).json()
    assert station["connected"] is True, station
    return station["connection"]["security_profile"]


def test_all_three_listeners_are_bound(bench: Bench) -> None:
    ports = bench.csms.ports
    assert ports.tls and ports.mtls
    assert len({ports.ocpp, ports.http, ports.tls, ports.mtls}) == 4


# Profile 2: TLS + HTTP Basic


async def test_profile_2_boots_over_tls_with_its_password(bench: Bench, certs: Pki) -> None:
    await bench.register("CP-P2", security_profile=2)
    ctx = certs.station_context(None)
    async with connected(wss(bench, 2), "CP-P2", "1.6", PASSWORD, ssl=ctx) as cp:
        assert cp._connection.request.path == "/ocpp/CP-P2"
        assert cp._connection.transport.get_extra_info("ssl_object") is not None
        assert await boot(cp) == "Accepted"
        assert await connection_profile(bench, "CP-P2") == 2


async def test_profile_2_wrong_password_is_401(bench: Bench, certs: Pki) -> None:
    await bench.register("CP-P2-BAD", security_profile=2)
    status = await handshake_status(
        wss(bench, 2), "CP-P2-BAD", "not-the-password-at-all", ssl=certs.station_context(None)
    )
    assert status == 401
    assert bench.csms.ocpp.connection("CP-P2-BAD") is None


async def test_profile_2_without_credentials_is_401(bench: Bench, certs: Pki) -> None:
    await bench.register("CP-P2-NONE", security_profile=2)
    status = await handshake_status(
        wss(bench, 2), "CP-P2-NONE", None, ssl=certs.station_context(None)
    )
    assert status == 401


async def test_profile_2_station_on_the_plain_port_is_403(bench: Bench) -> None:
    await bench.register("CP-P2-PLAIN", security_profile=2)
    assert await handshake_status(bench.ocpp_url, "CP-P2-PLAIN", PASSWORD) == 403


async def test_profile_1_station_may_use_tls(bench: Bench, certs: Pki) -> None:
    """Profiles are a floor: a profile-1 station connecting over TLS is recorded as profile 2."""
    await bench.register("CP-P1-UP")
    async with connected(
        wss(bench, 2), "CP-P1-UP", "1.6", PASSWORD, ssl=certs.station_context(None)
    ) as cp:
        assert await boot(cp) == "Accepted"
        assert await connection_profile(bench, "CP-P1-UP") == 2


async def test_raising_the_profile_closes_the_plain_door(bench: Bench) -> None:
    await bench.register("CP-RAISE")
    async with bench.station("CP-RAISE", register=False) as cp:
        assert await boot(cp) == "Accepted"
    response = await bench.api.patch("/api/v1/stations/CP-RAISE", json={"security_profile": 2})
    assert response.status_code == 200, response.text
    assert response.json()["security_profile"] == 2
    assert await handshake_status(bench.ocpp_url, "CP-RAISE", PASSWORD) == 403


# Profile 3: TLS with a client certificate


async def test_profile_3_boots_with_its_certificate_and_no_password(
    bench: Bench, certs: Pki
) -> None:
    await bench.register("CP-P3", security_profile=3)
    ctx = certs.station_context("CP-P3")
    async with connected(wss(bench, 3), "CP-P3", "1.6", None, ssl=ctx) as cp:
        assert "Authorization" not in cp._connection.request.headers
        assert await boot(cp) == "Accepted"
        assert await connection_profile(bench, "CP-P3") == 3


async def test_profile_3_with_2_0_1(bench: Bench, certs: Pki) -> None:
    from ocpp.v201 import call as call201

    await bench.register("CP-P3-201", security_profile=3)
    ctx = certs.station_context("CP-P3-201")
    async with connected(wss(bench, 3), "CP-P3-201", "2.0.1", None, ssl=ctx) as cp:
        answer = await cp.call(
            call201.BootNotification(
                charging_station={"vendor_name": "V", "model": "M"}, reason="PowerUp"
            )
        )
        assert answer.status == "Accepted"
        assert await connection_profile(bench, "CP-P3-201") == 3


async def test_profile_3_certificate_of_another_station_is_403(
    bench: Bench, certs: Pki, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, "csms.protocol.server")
    await bench.register("CP-P3-A", security_profile=3)
    await bench.register("CP-P3-B", security_profile=3)
    ctx = certs.station_context("CP-P3-B")
    assert await handshake_status(wss(bench, 3), "CP-P3-A", None, ssl=ctx) == 403
    # ... even with CP-P3-A's correct password: on profile 3 the certificate is the credential.
    assert await handshake_status(wss(bench, 3), "CP-P3-A", PASSWORD, ssl=ctx) == 403
    assert bench.csms.ocpp.connection("CP-P3-A") is None
    assert (
        handshake_logs(caplog, "CP-P3-A")
        == ["CP-P3-A: handshake refused (client certificate does not name this station)"] * 2
    )


@pytest.mark.parametrize("tls", ["TLS 1.3", "TLS 1.2"])
@pytest.mark.parametrize("client", ["foreign CA", "no certificate"])
async def test_profile_3_tls_handshake_fails_without_a_trusted_certificate(
    bench: Bench, certs: Pki, caplog: pytest.LogCaptureFixture, client: str, tls: str
) -> None:
    caplog.set_level(logging.DEBUG, "csms.protocol.server")
    await bench.register("CP-P3-TLS", security_profile=3)
    if client == "foreign CA":
        ctx = certs.station_context("CP-P3-TLS", ca=certs.foreign_ca)
    else:
        ctx = certs.station_context(None)
    if tls == "TLS 1.2":
        ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    await tls_refused(wss(bench, 3), "CP-P3-TLS", ctx)
    # Never reached the OCPP handshake: nothing was decided, nothing connected.
    assert handshake_logs(caplog, "CP-P3-TLS") == []
    assert bench.csms.ocpp.connection("CP-P3-TLS") is None


async def test_profile_3_station_on_the_profile_2_port_is_403(bench: Bench, certs: Pki) -> None:
    await bench.register("CP-P3-DOWN", security_profile=3)
    ctx = certs.station_context("CP-P3-DOWN")  # presenting a certificate there changes nothing
    assert await handshake_status(wss(bench, 2), "CP-P3-DOWN", PASSWORD, ssl=ctx) == 403
    assert await handshake_status(bench.ocpp_url, "CP-P3-DOWN", PASSWORD) == 403


async def test_profile_2_station_may_use_the_profile_3_port(bench: Bench, certs: Pki) -> None:
    await bench.register("CP-P2-UP", security_profile=2)
    ctx = certs.station_context("CP-P2-UP")
    async with connected(wss(bench, 3), "CP-P2-UP", "1.6", None, ssl=ctx) as cp:
        assert await boot(cp) == "Accepted"
        assert await connection_profile(bench, "CP-P2-UP") == 3


# TLS versions


def legacy_tls(ctx: ssl.SSLContext) -> ssl.SSLContext:
    """Allow TLS 1.0/1.1 on ``ctx`` (OpenSSL 3 only negotiates them at security level 0)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            ctx.minimum_version = ssl.TLSVersion.TLSv1
            ctx.maximum_version = ssl.TLSVersion.TLSv1_1
            ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
        except (ValueError, ssl.SSLError) as exc:
            pytest.skip(f"local OpenSSL cannot build a TLS 1.1 context: {exc}")
    return ctx


async def negotiates_tls_1_1(certs: Pki, client: ssl.SSLContext) -> str | None:
    """Control: can ``client`` talk TLS 1.1 at all, to a server that allows it? Returns the
    version negotiated with a throwaway permissive loopback server, None if the handshake fails."""
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(certs.server.cert_path, certs.server.key_path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        server_ctx.minimum_version = ssl.TLSVersion.TLSv1
    server_ctx.set_ciphers("DEFAULT:@SECLEVEL=0")

    async def hang_up(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.close()

    server = await asyncio.start_server(hang_up, "127.0.0.1", 0, ssl=server_ctx)
    try:
        port = server.sockets[0].getsockname()[1]
        try:
            _reader, writer = await asyncio.open_connection("127.0.0.1", port, ssl=client)
        except (ssl.SSLError, OSError):
            return None
        version = writer.get_extra_info("ssl_object").version()
        writer.close()
        return version
    finally:
        server.close()
        await server.wait_closed()


async def test_tls_below_1_2_is_refused(bench: Bench, certs: Pki) -> None:
    await bench.register("CP-OLD-TLS", security_profile=2)
    ctx = legacy_tls(certs.station_context(None))
    negotiated = await negotiates_tls_1_1(certs, ctx)
    if negotiated != "TLSv1.1":
        pytest.skip(
            f"this OpenSSL cannot negotiate TLS 1.1 even when both ends allow it "
            f"(got {negotiated}), so refusing it proves nothing about the CSMS"
        )
    for port in (bench.csms.ports.tls, bench.csms.ports.mtls):
        await tls_refused(
            f"wss://127.0.0.1:{port}/ocpp",
            "CP-OLD-TLS",
            ctx,
            additional_headers=basic_auth("CP-OLD-TLS", PASSWORD),
        )
    assert bench.csms.ocpp.connection("CP-OLD-TLS") is None


async def test_tls_1_2_is_accepted(bench: Bench, certs: Pki) -> None:
    await bench.register("CP-TLS12", security_profile=2)
    ctx = certs.station_context(None)
    ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    async with connected(wss(bench, 2), "CP-TLS12", "1.6", PASSWORD, ssl=ctx) as cp:
        assert cp._connection.transport.get_extra_info("ssl_object").version() == "TLSv1.2"
        assert await boot(cp) == "Accepted"


async def test_profile_3_over_tls_1_2(bench: Bench, certs: Pki) -> None:
    await bench.register("CP-P3-12", security_profile=3)
    ctx = certs.station_context("CP-P3-12")
    ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    async with connected(wss(bench, 3), "CP-P3-12", "1.6", None, ssl=ctx) as cp:
        assert await boot(cp) == "Accepted"
        assert cp._connection.transport.get_extra_info("ssl_object").version() == "TLSv1.2"


# Without certificates


async def test_no_tls_listeners_without_a_certificate(db_url: str) -> None:
    async with running_bench(db_url, tls_port=0, mtls_port=0) as b:
        assert b.csms.ports.tls is None
        assert b.csms.ports.mtls is None


async def test_profile_2_only_without_a_client_ca(db_url: str, certs: Pki) -> None:
    async with running_bench(
        db_url,
        tls_cert=certs.server.cert_path,
        tls_key=certs.server.key_path,
        tls_port=0,
        mtls_port=0,
    ) as b:
        assert b.csms.ports.tls
        assert b.csms.ports.mtls is None
        await b.register("CP-P2-ONLY", security_profile=2)
        async with connected(
            f"wss://127.0.0.1:{b.csms.ports.tls}/ocpp",
            "CP-P2-ONLY",
            "1.6",
            PASSWORD,
            ssl=certs.station_context(None),
        ) as cp:
            assert await boot(cp) == "Accepted"


# CLI


def test_cli_help_lists_the_tls_options() -> None:
    evharness = Path(sys.executable).with_name("evharness")
    assert evharness.exists(), evharness
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"}
    done = subprocess.run(
        [str(evharness), "csms", "--help"],
        capture_output=True,
        text=True,
        timeout=30,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    for option in ("--tls-cert", "--tls-key", "--tls-client-ca", "--tls-port", "--mtls-port"):
        assert option in done.stdout, f"{option} missing from:\n{done.stdout}"
