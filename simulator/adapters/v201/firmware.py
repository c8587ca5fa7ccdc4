"""2.x firmware and logs: UpdateFirmware (L01, signed, with scheduled download and
install, a new request cancelling the one under way) and GetLog (N01), each a progression
of status notifications in the background. A simulated station transfers nothing: the
location decides how it goes (:mod:`simulator.adapters.shared`), the signature is checked
over it (:mod:`simulator.pki`)."""

from __future__ import annotations

import asyncio

from simulator import pki
from simulator.adapters.shared import (
    Payload,
    after_answer,
    install_fails,
    transfer_fails,
    wait_until,
)
from simulator.adapters.v201.base import Base201
from simulator.transport import CallError, Disconnected

# Firmware statuses of an update still under way (a trigger reports them, else Idle).
_FIRMWARE_BUSY = frozenset(
    {
        "Downloading",
        "Downloaded",
        "DownloadScheduled",
        "DownloadPaused",
        "SignatureVerified",
        "InstallScheduled",
        "Installing",
        "InstallRebooting",
    }
)
_TRANSFER_STEP_S = 0.5  # between two firmware / log status notifications


class Firmware(Base201):
    async def on_UpdateFirmware(self, p: Payload) -> Payload:
        """L01 secure firmware update. The signature is checked over the location."""
        request_id, firmware = p["requestId"], p["firmware"]
        certificate = firmware.get("signingCertificate")
        chain = pki.load_chain(certificate) if certificate is not None else None
        if certificate is not None and (chain is None or not pki.valid_now(chain[0])):
            # L01.FR.02: a signing certificate that does not parse, or is out of date.
            self.station.spawn(
                after_answer(lambda: self.security_event("InvalidFirmwareSigningCertificate"))
            )
            return {"status": "InvalidCertificate"}
        busy = self.firmware_state[0] != "Idle"
        self.firmware_runs += 1
        signature = firmware.get("signature")
        verified = (
            None
            if certificate is None or signature is None
            else pki.signature_valid(certificate, signature, firmware["location"])
        )
        self.station.spawn(
            self._update(
                self.firmware_runs,
                request_id,
                firmware["location"],
                verified,
                firmware.get("retrieveDateTime"),
                firmware.get("installDateTime"),
            )
        )
        # L01.FR.24: a new request cancels the update under way.
        return {"status": "AcceptedCanceled" if busy else "Accepted"}

    async def _update(
        self,
        run: int,
        request_id: int,
        location: str,
        verified: bool | None,
        retrieve_at: str | None,
        install_at: str | None,
    ) -> None:
        clock = self.clock

        async def say(status: str) -> bool:
            if run != self.firmware_runs:
                return False  # a newer request took over
            await self.firmware_status(status, request_id)
            await clock.sleep(_TRANSFER_STEP_S)
            return True

        try:
            await asyncio.sleep(0.05)  # the answer goes first
            if (wait := wait_until(retrieve_at, clock.now())) > 0:
                if not await say("DownloadScheduled"):
                    return
                await clock.sleep(wait)
            if not await say("Downloading"):
                return
            if transfer_fails(location):
                await say("DownloadFailed")
                return
            if not await say("Downloaded"):
                return
            if verified is False:
                await say("InvalidSignature")
                await self.security_event("InvalidFirmwareSignature")
                return
            if verified and not await say("SignatureVerified"):
                return
            if (wait := wait_until(install_at, clock.now())) > 0:
                if not await say("InstallScheduled"):
                    return
                await clock.sleep(wait)
            if not await say("Installing"):
                return
            if install_fails(location):
                await say("InstallationFailed")
                return
            self.after_boot.append(lambda: self.firmware_status("Installed", request_id))
            self.after_boot.append(lambda: self.security_event("FirmwareUpdated"))
            if await say("InstallRebooting"):
                self.station.reset(hard=True, boot_reason="FirmwareUpdate")
        except (CallError, TimeoutError, Disconnected):
            return  # the link dropped: a real station gives up too

    async def firmware_status(self, status: str, request_id: int | None) -> None:
        busy = status in _FIRMWARE_BUSY
        self.firmware_state = (status, request_id) if busy else ("Idle", None)
        payload: Payload = {"status": status}
        if request_id is not None:
            payload["requestId"] = request_id
        await self.call("FirmwareStatusNotification", payload)

    async def on_GetLog(self, p: Payload) -> Payload:
        """N01: the log goes to remoteLocation (a location that cannot work fails the
        upload)."""
        request_id, location = p["requestId"], p["log"]["remoteLocation"]
        busy = self.log_state[0] == "Uploading"
        self.log_runs += 1
        run = self.log_runs

        async def upload() -> None:
            clock = self.clock
            try:
                await asyncio.sleep(0.05)  # the answer goes first
                for status in (
                    "Uploading",
                    "UploadFailure" if transfer_fails(location) else "Uploaded",
                ):
                    if run != self.log_runs:
                        return  # N01.FR.12: a newer request canceled this one
                    await self.log_status(status, request_id)
                    await clock.sleep(2 * _TRANSFER_STEP_S)
            except (CallError, TimeoutError, Disconnected):
                return

        self.station.spawn(upload())
        kind = "security" if p["logType"] == "SecurityLog" else "diagnostics"
        return {
            "status": "AcceptedCanceled" if busy else "Accepted",
            "filename": f"{self.station.id}-{kind}.log",
        }

    async def log_status(self, status: str, request_id: int | None) -> None:
        self.log_state = (status, request_id) if status == "Uploading" else ("Idle", None)
        payload: Payload = {"status": status}
        if request_id is not None:
            payload["requestId"] = request_id
        await self.call("LogStatusNotification", payload)
