"""2.x device model over the wire: Get/SetVariables (B05-B07, with the HTTP Basic password
of A01) and GetBaseReport answered by NotifyReport (B07/B08)."""

from __future__ import annotations

from simulator.adapters.shared import Payload, after_answer, iso
from simulator.adapters.v201.base import Base201

_REPORT_CHUNK = 50  # reportData entries per NotifyReport


class Variables(Base201):
    async def on_GetVariables(self, p: Payload) -> Payload:
        return {"getVariableResult": self.device_model.get_variables(p["getVariableData"])}

    async def on_SetVariables(self, p: Payload) -> Payload:
        items = p["setVariableData"]
        # A01.FR.?: a new HTTP Basic password is 16 to 40 characters (passwordString).
        refused = [
            i
            for i, item in enumerate(items)
            if _is_password(item) and not 16 <= len(str(item["attributeValue"])) <= 40
        ]
        results = self.device_model.set_variables(
            [item for i, item in enumerate(items) if i not in refused]
        )
        for i in refused:
            results.insert(
                i,
                {
                    "attributeType": items[i].get("attributeType", "Actual"),
                    "component": items[i]["component"],
                    "variable": items[i]["variable"],
                    "attributeStatus": "Rejected",
                    "attributeStatusInfo": {"reasonCode": "InvalidValue"},
                },
            )
        self.station.retime()  # a new heartbeat or clock-aligned interval counts from now
        for item, result in zip(items, results, strict=True):
            if _is_password(item) and result["attributeStatus"] == "Accepted":
                # A01.FR.?: the station connects again, with the new password.
                self.station.change_password(str(item["attributeValue"]))
        return {"setVariableResult": results}

    async def on_GetBaseReport(self, p: Payload) -> Payload:
        data = self.device_model.report(p["reportBase"])
        request_id = p["requestId"]

        async def send() -> None:
            chunk = _REPORT_CHUNK
            for n, start in enumerate(range(0, max(len(data), 1), chunk)):
                payload: Payload = {
                    "requestId": request_id,
                    "generatedAt": iso(self.clock.now()),
                    "seqNo": n,
                    "reportData": data[start : start + chunk],
                }
                if start + chunk < len(data):
                    payload["tbc"] = True
                await self.call("NotifyReport", payload)

        self.station.spawn(after_answer(send))
        return {"status": "Accepted"}


def _is_password(item: Payload) -> bool:
    return (
        item["component"].get("name") == "SecurityCtrlr"
        and item["variable"].get("name") == "BasicAuthPassword"
        and item.get("attributeType", "Actual") == "Actual"
    )
