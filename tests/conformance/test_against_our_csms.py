"""The CSMS-side plans (our station tests a CSMS) against our own CSMS: every case passes,
the reports hold every case, and a CSMS with one rule broken fails the case for that rule."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from conformance.plan import load_plan
from csms.domain import authorization
from tests.conformance.cli import conformance
from tests.support import pki
from tests.support.bench import ADMIN_TOKEN, Bench, running_bench

pytestmark = pytest.mark.slow  # whole conformance plans, the harness as a process

PASSWORD = "conformance-pass-0001"
STATION = "EVH-CONF-1"  # the CLI's default --station-id


@pytest.fixture
def ca(tmp_path: Path) -> pki.Ca:
    return pki.make_ca(tmp_path)


@pytest.fixture
async def bench(tmp_path: Path, ca: pki.Ca) -> AsyncIterator[Bench]:
    """Our CSMS with all three security profiles: the plans' TLS cases (TC_086/TC_087 in
    1.6) connect to the profile 2 and 3 ports."""
    server = pki.server_cert(ca, tmp_path)
    async with running_bench(
        f"sqlite+aiosqlite:///{tmp_path / 'csms.db'}",
        tls_cert=server.cert_path,
        tls_key=server.key_path,
        tls_client_ca=ca.cert_path,
        tls_port=0,
        mtls_port=0,
    ) as b:
        yield b


def _tls(bench: Bench, ca: pki.Ca, tmp_path: Path) -> list[str]:
    station = pki.client_cert(ca, tmp_path, STATION)
    ports = bench.csms.ports
    return [
        "--ca-file", str(ca.cert_path), "--cert", str(station.cert_path),
        "--key", str(station.key_path),
        "--set", f"tls_target=wss://localhost:{ports.tls}/ocpp",
        "--set", f"mtls_target=wss://localhost:{ports.mtls}/ocpp",
    ]  # fmt: skip


def _against(bench: Bench, version: str, *extra: str) -> list[str]:
    return [
        "csms",
        "--target",
        bench.ocpp_url,
        "--version",
        version,
        "--password",
        PASSWORD,
        "--admin-api",
        str(bench.api.base_url),
        "--admin-token",
        ADMIN_TOKEN,
        "--timeout",
        "10",
        *extra,
    ]


@pytest.mark.parametrize("version", ["1.6", "2.0.1"])
@pytest.mark.timeout(900)
async def test_every_csms_side_case_passes_against_our_csms(
    bench: Bench, ca: pki.Ca, version: str, tmp_path: Path
) -> None:
    planned = [c.id for c in load_plan(version, "CSMS")]
    assert planned, "the plan is empty"
    run = await conformance(
        *_against(bench, version, *_tls(bench, ca, tmp_path)), out=tmp_path / "report"
    )
    assert run.failed() == {}, run.stderr[-4000:]
    assert run.code == 0, run.stderr[-2000:]
    assert run.case_ids() == planned
    page = (tmp_path / "report" / "report.html").read_text()
    for case_id in planned:
        assert case_id in page
        wire = (tmp_path / "report" / "wire" / f"{case_id}.log").read_text()
        # every case connects; all but the refused-handshake ones then talk OCPP
        assert " -- connect " in wire, f"{case_id}: the wire log holds no connection"


async def test_a_broken_rule_fails_its_case(
    bench: Bench, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Flip one rule in the running CSMS (expired cards are let through) and the OCA case
    for it, TC_023_2_CSMS (Authorize expired), fails while its neighbour still passes."""
    real = authorization.decide_access

    def forgets_expiry(token, now, **kwargs):
        if token is not None and token.expires_at is not None:
            token = authorization.TokenRecord(
                **{**{f: getattr(token, f) for f in token.__slots__}, "expires_at": None}
            )
        return real(token, now, **kwargs)

    monkeypatch.setattr("csms.services.authorization.decide_access", forgets_expiry)
    run = await conformance(
        *_against(bench, "1.6", "--case", "TC_023_2_CSMS", "--case", "TC_023_1_CSMS"),
        out=tmp_path / "report",
    )
    assert run.code == 1
    failed = run.failed()
    assert list(failed) == ["TC_023_2_CSMS"], failed
    assert "idTagInfo.status" in failed["TC_023_2_CSMS"]
    assert "Expired" in failed["TC_023_2_CSMS"]


async def test_the_operator_on_the_terminal_is_asked_for_csms_actions(
    bench: Bench, tmp_path: Path
) -> None:
    """Without --admin-api the CSMS's part is asked of a person; here the test reads the
    prompt and does what it says through the admin API, as the person would."""
    import asyncio
    import sys

    await bench.register("EVH-TERM-1", PASSWORD)
    await bench.add_token("EVH-VALID-01")
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "csms", "conformance", "csms",
        "--target", bench.ocpp_url, "--version", "1.6", "--station-id", "EVH-TERM-1",
        "--password", PASSWORD, "--case", "TC_012_CSMS", "--timeout", "20",
        "--out", str(tmp_path / "report"),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert proc.stderr is not None
    async with asyncio.timeout(60):
        while b"OPERATOR:" not in (line := await proc.stderr.readline()):
            assert line, "the run ended without asking the operator"
    assert b"RemoteStopTransaction" in line
    transactions = (await bench.api.get("/api/v1/transactions")).json()["items"]
    (running,) = [t for t in transactions if t["station_id"] == "EVH-TERM-1"]
    answer = await bench.api.post(
        "/api/v1/stations/EVH-TERM-1/commands/remote-stop",
        json={"transaction_id": running["ref"]},
    )
    assert answer.status_code == 200, answer.text
    async with asyncio.timeout(60):
        await proc.communicate()
    assert proc.returncode == 0


async def test_a_case_the_catalogue_lacks_is_refused(bench: Bench, tmp_path: Path) -> None:
    run = await conformance(*_against(bench, "1.6", "--case", "TC_999_CSMS"), out=tmp_path)
    assert run.code == 2
    assert "TC_999_CSMS" in run.stderr
