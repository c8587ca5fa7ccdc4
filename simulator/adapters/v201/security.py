"""2.x security: security events (A04), the station's certificate (CertificateSigned,
A02/A03) and installed root certificates (Install/DeleteCertificate,
GetInstalledCertificateIds: M03-M05)."""

from __future__ import annotations

from simulator import pki
from simulator.adapters.shared import Payload, iso
from simulator.adapters.v201.base import Base201


class Security(Base201):
    async def security_event(self, kind: str) -> None:
        await self.call(
            "SecurityEventNotification", {"type": kind, "timestamp": iso(self.clock.now())}
        )

    async def on_CertificateSigned(self, p: Payload) -> Payload:
        self.certificates["ChargingStationCertificate"] = p["certificateChain"]
        return {"status": "Accepted"}

    async def on_InstallCertificate(self, p: Payload) -> Payload:
        """M05: a root certificate that parses and is in date is kept (a second copy of
        one already installed replaces it); anything else is Rejected."""
        chain = pki.load_chain(p["certificate"])
        if chain is None or not pki.valid_now(chain[0], self.clock.now()):
            return {"status": "Rejected"}
        kind, new = p["certificateType"], pki.hash_data(chain[0])
        self.roots = [(k, c) for k, c in self.roots if pki.hash_data(c) != new]
        self.roots.append((kind, chain[0]))
        self.certificates[kind] = p["certificate"]
        return {"status": "Accepted"}

    async def on_GetInstalledCertificateIds(self, p: Payload) -> Payload:
        """M03: the installed root certificates of the types asked for (all without)."""
        wanted = p.get("certificateType")
        found = [
            {"certificateType": kind, "certificateHashData": pki.hash_data(cert).wire()}
            for kind, cert in self.roots
            if not wanted or kind in wanted
        ]
        if not found:
            return {"status": "NotFound"}
        return {"status": "Accepted", "certificateHashDataChain": found}

    async def on_DeleteCertificate(self, p: Payload) -> Payload:
        """M04: delete the installed certificate the hash data names."""
        wanted = p["certificateHashData"]
        kept = [(k, c) for k, c in self.roots if not pki.hash_data(c).matches(wanted)]
        if len(kept) == len(self.roots):
            return {"status": "NotFound"}
        self.roots = kept
        return {"status": "Accepted"}
