"""1.6 security extension: security events, the station's certificate (SignCertificate,
CertificateSigned) and installed CA certificates (Install/DeleteCertificate,
GetInstalledCertificateIds)."""

from __future__ import annotations

from simulator import pki
from simulator.adapters.shared import Payload, after_answer, iso
from simulator.adapters.v16.base import Base16


class Security(Base16):
    async def security_event(self, kind: str, info: str | None = None) -> None:
        payload: Payload = {"type": kind, "timestamp": iso(self.clock.now())}
        if info:
            payload["techInfo"] = info[:255]
        await self.call("SecurityEventNotification", payload)

    async def sign_certificate(self) -> None:
        await self.call("SignCertificate", {"csr": self.key.csr()})

    async def on_CertificateSigned(self, p: Payload) -> Payload:
        chain = pki.load_chain(p["certificateChain"])
        if chain is None or not pki.valid_now(chain[0]) or not self.key.owns(chain[0]):
            self.station.spawn(
                after_answer(lambda: self.security_event("InvalidChargePointCertificate"))
            )
            return {"status": "Rejected"}
        self.certificates["ChargePointCertificate"] = p["certificateChain"]
        return {"status": "Accepted"}

    async def on_InstallCertificate(self, p: Payload) -> Payload:
        chain = pki.load_chain(p["certificate"])
        if chain is None or not pki.valid_now(chain[0]):
            return {"status": "Rejected"}
        kind = p["certificateType"]
        mine = self.installed.setdefault(kind, [])
        if p["certificate"] not in mine:
            mine.append(p["certificate"])
        self.certificates[kind] = p["certificate"]
        return {"status": "Accepted"}

    def _installed_hashes(self, kind: str | None = None) -> list[tuple[str, str, pki.HashData]]:
        out = []
        for certificate_type, pems in self.installed.items():
            if kind not in (None, certificate_type):
                continue
            for pem in pems:
                chain = pki.load_chain(pem)
                if chain is not None:
                    out.append((certificate_type, pem, pki.hash_data(chain[0])))
        return out

    async def on_GetInstalledCertificateIds(self, p: Payload) -> Payload:
        found = [h.wire() for _, _, h in self._installed_hashes(p["certificateType"])]
        if not found:
            return {"status": "NotFound"}
        return {"status": "Accepted", "certificateHashData": found}

    async def on_DeleteCertificate(self, p: Payload) -> Payload:
        wanted = p["certificateHashData"]
        for kind, pem, hashes in self._installed_hashes():
            if hashes.matches(wanted):
                self.installed[kind].remove(pem)
                if self.certificates.get(kind) == pem:
                    del self.certificates[kind]
                return {"status": "Accepted"}
        return {"status": "NotFound"}
