"""2.x authorization: Authorize (C01), the Local Authorization List (D01/D02) and the
Authorization Cache (C10-C12), and what the station holds about a customer (N09/N10)."""

from __future__ import annotations

from datetime import datetime

from simulator import auth_lists
from simulator.adapters.shared import Payload, after_answer, iso
from simulator.adapters.v201.base import Base201, token


class Authorization(Base201):
    async def authorize(self, id_token: str) -> bool:
        answer = await self.call("Authorize", {"idToken": token(id_token)})
        info = answer["idTokenInfo"]
        self.learn(id_token, info)
        return info["status"] == "Accepted"

    def local_authorization(self, id_token: str, now: datetime) -> bool | None:
        """The Local Authorization List, then the Authorization Cache (C12: online, only an
        Accepted cache entry is final; for any other the CSMS is asked again)."""
        settings = self.settings
        self.cache.lifetime_s = settings.auth_cache_lifetime or None
        if settings.local_auth_list_enabled:
            listed = self.local_list.lookup(id_token, now)
            if listed is not None:
                return listed == "Accepted"
        if settings.auth_cache_enabled:
            cached = self.cache.lookup(id_token, now)
            if cached == "Accepted":
                return True
            if cached is not None and not self.station.connected:
                return False
        return None

    async def on_ClearCache(self, p: Payload) -> Payload:
        if not self.settings.auth_cache_enabled:
            return {"status": "Rejected"}  # C11.FR.04: no cache to clear
        self.cache.clear()
        return {"status": "Accepted"}

    async def on_SendLocalList(self, p: Payload) -> Payload:
        return {"status": self.local_list.apply(*auth_lists.from_v201(p))}

    async def on_GetLocalListVersion(self, p: Payload) -> Payload:
        return {"versionNumber": self.local_list.version}

    async def on_CustomerInformation(self, p: Payload) -> Payload:
        """N09/N10: what the station holds about a customer (its Authorization Cache entry
        and group), reported and/or cleared."""
        id_token = (p.get("idToken") or {}).get("idToken")
        who = id_token or p.get("customerIdentifier")
        if who is None and p.get("customerCertificate") is None:
            return {"status": "Rejected"}  # N09.FR.09: nobody named
        now = self.clock.now()
        info = self.cache.get(id_token, now) if id_token is not None else None
        known = info is not None
        if info is not None:
            data = f"idToken {id_token}: authorization cache status {info.status}"
            if id_token in self.groups:
                data += f", group {self.groups[id_token]}"
        else:
            data = "No customer information found"
        if p["clear"] and id_token is not None:
            self.cache.remove(id_token)
            self.groups.pop(id_token, None)
            data = f"{data}; cleared" if known else data
        if p["report"]:
            payload = {
                "data": data[:512],
                "seqNo": 0,
                "generatedAt": iso(now),
                "requestId": p["requestId"],
            }
            self.station.spawn(
                after_answer(lambda: self.call("NotifyCustomerInformation", payload))
            )
        return {"status": "Accepted"}
