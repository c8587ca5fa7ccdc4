"""1.6 authorization: Authorize, the Authorization Cache (ClearCache) and the Local Auth
List (SendLocalList, GetLocalListVersion)."""

from __future__ import annotations

from simulator import auth_lists
from simulator.adapters.shared import Payload
from simulator.adapters.v16.base import Base16


class Authorization(Base16):
    async def authorize(self, id_token: str) -> bool:
        answer = await self.call("Authorize", {"idTag": id_token})
        info = answer["idTagInfo"]
        self.learn(id_token, info)
        return info["status"] == "Accepted"

    async def on_ClearCache(self, p: Payload) -> Payload:
        self.cache.clear()
        return {"status": "Accepted"}

    async def on_SendLocalList(self, p: Payload) -> Payload:
        if not self.settings.local_auth_list_enabled:
            return {"status": "NotSupported"}
        if self.local_list_fails:
            return {"status": "Failed"}
        self.local_list.max_per_message = self.settings.send_local_list_max_length
        self.local_list.max_length = self.settings.local_auth_list_max_length
        return {"status": self.local_list.apply(*auth_lists.from_v16(p))}

    async def on_GetLocalListVersion(self, p: Payload) -> Payload:
        if not self.settings.local_auth_list_enabled:
            return {"listVersion": -1}  # 1.6 §5.9: no local list in use
        # 1.6 §5.9: version 0 says the list is empty.
        return {"listVersion": self.local_list.version if len(self.local_list) else 0}
