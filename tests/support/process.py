"""The CSMS as a real process: ``python -m csms <command>`` on free ports, as a user runs it."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from tests.support.bench import ADMIN_TOKEN

READY = re.compile(rb"^EVH_READY ocpp=(\d+) http=(\d+)", re.MULTILINE)


@dataclass
class CsmsProcess:
    """Runs ``command`` (csms or demo) on ``db_url``; output goes to files under ``workdir``.

    Ports are chosen by the OS (EVH_OCPP_PORT=0, EVH_HTTP_PORT=0) and read from the
    ``EVH_READY`` line. ``admin_token`` None leaves the CSMS to make its own.
    """

    db_url: str
    workdir: Path
    command: str = "csms"
    admin_token: str | None = ADMIN_TOKEN
    env: dict[str, str] = field(default_factory=dict)
    proc: asyncio.subprocess.Process | None = None
    ocpp_port: int = 0
    http_port: int = 0
    starts: int = 0

    @property
    def ocpp_url(self) -> str:
        return f"ws://127.0.0.1:{self.ocpp_port}/ocpp"

    @property
    def stdout(self) -> str:
        return (self.workdir / f"csms-{self.starts}.out").read_text(errors="replace")

    def api(self, token: str | None = None) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{self.http_port}",
            headers={"Authorization": f"Bearer {token or self.admin_token}"},
            timeout=15,
        )

    async def start(self, *, timeout: float = 45) -> None:
        assert self.proc is None or self.proc.returncode is not None, "already running"
        self.starts += 1
        out = self.workdir / f"csms-{self.starts}.out"
        err = self.workdir / f"csms-{self.starts}.err"
        env = {
            **os.environ,
            "EVH_DB": self.db_url,
            "EVH_OCPP_PORT": "0",
            "EVH_HTTP_PORT": "0",
            "EVH_LOG_LEVEL": "INFO",
            **self.env,
        }
        if self.admin_token is not None:
            env["EVH_ADMIN_TOKEN"] = self.admin_token
        with out.open("wb") as stdout, err.open("wb") as stderr:
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "csms",
                self.command,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=stdout,
                stderr=stderr,
                cwd=self.workdir,
                env=env,
            )
        deadline = time.monotonic() + timeout
        while True:
            ready = READY.search(out.read_bytes())
            if ready:
                self.ocpp_port, self.http_port = int(ready[1]), int(ready[2])
                return
            if self.proc.returncode is not None or time.monotonic() > deadline:
                tail = err.read_text(errors="replace")[-3000:]
                pytest.fail(f"CSMS did not get ready (exit code {self.proc.returncode}):\n{tail}")
            await asyncio.sleep(0.05)

    async def stop(self) -> int:
        """SIGTERM, as a service manager stops it; returns the exit code."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGTERM)
        return await asyncio.wait_for(self.proc.wait(), 30)

    async def kill(self) -> None:
        """SIGKILL: no shutdown code runs, nothing is flushed or closed."""
        if self.proc is None or self.proc.returncode is not None:
            return
        os.kill(self.proc.pid, signal.SIGKILL)
        await asyncio.wait_for(self.proc.wait(), 15)
