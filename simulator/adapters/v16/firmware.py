"""1.6 firmware management and diagnostics: UpdateFirmware, GetDiagnostics, and the
security extension's SignedUpdateFirmware and GetLog, each a progression of status
notifications in the background (how a simulated transfer goes:
:mod:`simulator.adapters.shared`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from simulator import pki
from simulator.adapters.shared import Payload, install_fails, transfer_fails, wait_until
from simulator.adapters.v16.base import Base16

_TRANSFER_STEP_S = 1.0  # between two firmware / diagnostics status notifications


class Firmware(Base16):
    async def on_UpdateFirmware(self, p: Payload) -> Payload:
        location = p["location"]
        steps = self._firmware_steps(
            location, installed=[lambda: self.firmware_status("Installed")]
        )
        delay = wait_until(p.get("retrieveDate"), self.clock.now())
        self._progress(steps, self.firmware_status, delay=delay)
        return {}

    async def firmware_status(self, status: str) -> None:
        await self.call("FirmwareStatusNotification", {"status": status})

    async def on_SignedUpdateFirmware(self, p: Payload) -> Payload:
        firmware, request_id = p["firmware"], p["requestId"]
        if pki.load_chain(firmware["signingCertificate"]) is None:
            return {"status": "InvalidCertificate"}
        location = firmware["location"]
        verified = pki.signature_valid(
            firmware["signingCertificate"], firmware["signature"], location
        )

        async def notify(status: str) -> None:
            await self.signed_firmware_status(status, request_id)
            if status == "InvalidSignature":
                await self.security_event("InvalidFirmwareSignature")

        steps = self._firmware_steps(
            location,
            installed=[
                lambda: self.signed_firmware_status("Installed", request_id),
                lambda: self.security_event("FirmwareUpdated"),
            ],
            verified=verified,
        )
        delay = wait_until(firmware.get("retrieveDateTime"), self.clock.now())
        self._progress(steps, notify, delay=delay)
        return {"status": "Accepted"}

    async def signed_firmware_status(self, status: str, request_id: int | None) -> None:
        payload: Payload = {"status": status}
        if request_id is not None:
            payload["requestId"] = request_id
        await self.call("SignedFirmwareStatusNotification", payload)

    def _firmware_steps(
        self, location: str, *, installed: list[Any], verified: bool | None = None
    ) -> tuple[str, ...]:
        """The statuses of one update, sent in the background; a successful one reboots
        the station and reports Installed once it is back."""
        if transfer_fails(location):
            return ("Downloading", "DownloadFailed")
        if verified is False:
            return ("Downloading", "Downloaded", "InvalidSignature")
        checked = ("SignatureVerified",) if verified else ()
        if install_fails(location):
            return ("Downloading", "Downloaded", *checked, "Installing", "InstallationFailed")
        self.after_boot.extend(installed)
        return ("Downloading", "Downloaded", *checked, "Installing")

    async def on_GetDiagnostics(self, p: Payload) -> Payload:
        failed = transfer_fails(p["location"])
        self._progress(
            ("Uploading", "UploadFailed" if failed else "Uploaded"), self.diagnostics_status
        )
        return {"fileName": f"{self.station.id}-diagnostics.zip"}

    async def diagnostics_status(self, status: str) -> None:
        await self.call("DiagnosticsStatusNotification", {"status": status})

    async def on_GetLog(self, p: Payload) -> Payload:
        request_id = p["requestId"]
        failed = transfer_fails(p["log"]["remoteLocation"])
        steps = ("Uploading", "UploadFailure" if failed else "Uploaded")
        self._progress(steps, lambda s: self.log_status(s, request_id))
        kind = "security" if p["logType"] == "SecurityLog" else "diagnostics"
        return {"status": "Accepted", "filename": f"{self.station.id}-{kind}.log"}

    async def log_status(self, status: str, request_id: int | None) -> None:
        payload: Payload = {"status": status}
        if request_id is not None:
            payload["requestId"] = request_id
        await self.call("LogStatusNotification", payload)

    def _progress(
        self,
        steps: tuple[str, ...],
        notify: Callable[[str], Awaitable[None]],
        *,
        delay: float = 0.0,
    ) -> None:
        """In the background: wait ``delay`` seconds, then send ``notify(status)`` for each
        of ``steps``, _TRANSFER_STEP_S apart; an update that got to Installing reboots."""
        clock = self.clock

        async def run() -> None:
            if delay:
                await clock.sleep(delay)
            for status in steps:
                await clock.sleep(_TRANSFER_STEP_S)
                try:
                    await notify(status)
                except Exception:  # the link dropped: a real station gives up too
                    return
            if steps[-1] == "Installing":
                await clock.sleep(_TRANSFER_STEP_S)
                self.station.reset(hard=True)

        self.station.spawn(run())
