"""Test stations built on the `ocpp` library: an independent client that validates every frame
the CSMS sends with the library's own (jsonschema) validation."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import websockets
from ocpp.routing import on
from ocpp.v16 import ChargePoint as ChargePoint16
from ocpp.v16 import call_result as result16
from ocpp.v16.enums import Action as Action16
from ocpp.v21 import ChargePoint as ChargePoint21
from ocpp.v201 import ChargePoint as ChargePoint201
from ocpp.v201 import call_result as result201
from ocpp.v201.enums import Action as Action201

SUBPROTOCOL = {"1.6": "ocpp1.6", "2.0.1": "ocpp2.0.1", "2.1": "ocpp2.1"}


def basic_auth(user: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


class Recording:
    """Remembers every CSMS-initiated request a test station received."""

    def __init__(self) -> None:
        self.received: list[tuple[str, dict[str, Any]]] = []
        self.answers: dict[str, str] = {}

    def record(self, action: str, **payload: Any) -> str:
        self.received.append((action, payload))
        return self.answers.get(action, "Accepted")


class Station16(ChargePoint16, Recording):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        ChargePoint16.__init__(self, *args, **kwargs)
        Recording.__init__(self)
        self.configuration = {
            "HeartbeatInterval": ("300", False),
            "NumberOfConnectors": ("2", True),
        }

    @on(Action16.remote_start_transaction)
    def on_remote_start(self, **p: Any) -> Any:
        return result16.RemoteStartTransaction(status=self.record("RemoteStartTransaction", **p))

    @on(Action16.remote_stop_transaction)
    def on_remote_stop(self, **p: Any) -> Any:
        return result16.RemoteStopTransaction(status=self.record("RemoteStopTransaction", **p))

    @on(Action16.reset)
    def on_reset(self, **p: Any) -> Any:
        return result16.Reset(status=self.record("Reset", **p))

    @on(Action16.unlock_connector)
    def on_unlock(self, **p: Any) -> Any:
        status = self.record("UnlockConnector", **p)
        return result16.UnlockConnector(status="Unlocked" if status == "Accepted" else status)

    @on(Action16.change_availability)
    def on_change_availability(self, **p: Any) -> Any:
        return result16.ChangeAvailability(status=self.record("ChangeAvailability", **p))

    @on(Action16.clear_cache)
    def on_clear_cache(self, **p: Any) -> Any:
        return result16.ClearCache(status=self.record("ClearCache", **p))

    @on(Action16.trigger_message)
    def on_trigger(self, **p: Any) -> Any:
        return result16.TriggerMessage(status=self.record("TriggerMessage", **p))

    @on(Action16.get_configuration)
    def on_get_configuration(self, key: list[str] | None = None, **p: Any) -> Any:
        self.record("GetConfiguration", key=key, **p)
        names = key or list(self.configuration)
        known = [n for n in names if n in self.configuration]
        return result16.GetConfiguration(
            configuration_key=[
                {"key": n, "value": self.configuration[n][0], "readonly": self.configuration[n][1]}
                for n in known
            ],
            unknown_key=[n for n in names if n not in self.configuration] or None,
        )

    @on(Action16.change_configuration)
    def on_change_configuration(self, key: str, value: str) -> Any:
        self.record("ChangeConfiguration", key=key, value=value)
        if key not in self.configuration:
            return result16.ChangeConfiguration(status="NotSupported")
        if self.configuration[key][1]:
            return result16.ChangeConfiguration(status="Rejected")
        self.configuration[key] = (value, False)
        return result16.ChangeConfiguration(status="Accepted")

    @on(Action16.data_transfer)
    def on_data_transfer(self, **p: Any) -> Any:
        return result16.DataTransfer(status=self.record("DataTransfer", **p))


class Station201(ChargePoint201, Recording):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        ChargePoint201.__init__(self, *args, **kwargs)
        Recording.__init__(self)
        self.variables = {("OCPPCommCtrlr", "HeartbeatInterval"): "300"}

    @on(Action201.request_start_transaction)
    def on_request_start(self, **p: Any) -> Any:
        return result201.RequestStartTransaction(status=self.record("RequestStartTransaction", **p))

    @on(Action201.request_stop_transaction)
    def on_request_stop(self, **p: Any) -> Any:
        return result201.RequestStopTransaction(status=self.record("RequestStopTransaction", **p))

    @on(Action201.reset)
    def on_reset(self, **p: Any) -> Any:
        return result201.Reset(status=self.record("Reset", **p))

    @on(Action201.unlock_connector)
    def on_unlock(self, **p: Any) -> Any:
        status = self.record("UnlockConnector", **p)
        return result201.UnlockConnector(status="Unlocked" if status == "Accepted" else status)

    @on(Action201.change_availability)
    def on_change_availability(self, **p: Any) -> Any:
        return result201.ChangeAvailability(status=self.record("ChangeAvailability", **p))

    @on(Action201.clear_cache)
    def on_clear_cache(self, **p: Any) -> Any:
        return result201.ClearCache(status=self.record("ClearCache", **p))

    @on(Action201.trigger_message)
    def on_trigger(self, **p: Any) -> Any:
        return result201.TriggerMessage(status=self.record("TriggerMessage", **p))

    @on(Action201.get_variables)
    def on_get_variables(self, get_variable_data: list[dict[str, Any]], **p: Any) -> Any:
        self.record("GetVariables", get_variable_data=get_variable_data, **p)
        results = []
        for item in get_variable_data:
            key = (item["component"]["name"], item["variable"]["name"])
            found = key in self.variables
            results.append(
                {
                    "attribute_status": "Accepted" if found else "UnknownVariable",
                    "component": item["component"],
                    "variable": item["variable"],
                    **({"attribute_value": self.variables[key]} if found else {}),
                }
            )
        return result201.GetVariables(get_variable_result=results)

    @on(Action201.set_variables)
    def on_set_variables(self, set_variable_data: list[dict[str, Any]], **p: Any) -> Any:
        self.record("SetVariables", set_variable_data=set_variable_data, **p)
        results = []
        for item in set_variable_data:
            key = (item["component"]["name"], item["variable"]["name"])
            if key in self.variables:
                self.variables[key] = item["attribute_value"]
            results.append(
                {
                    "attribute_status": "Accepted" if key in self.variables else "UnknownVariable",
                    "component": item["component"],
                    "variable": item["variable"],
                }
            )
        return result201.SetVariables(set_variable_result=results)

    @on(Action201.data_transfer)
    def on_data_transfer(self, **p: Any) -> Any:
        return result201.DataTransfer(status=self.record("DataTransfer", **p))

    @on(Action201.cost_updated)
    def on_cost_updated(self, **p: Any) -> Any:
        self.record("CostUpdated", **p)
        return result201.CostUpdated()


class Station21(ChargePoint21, Recording):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        ChargePoint21.__init__(self, *args, **kwargs)
        Recording.__init__(self)


CLASSES: dict[str, type] = {"1.6": Station16, "2.0.1": Station201, "2.1": Station21}


@asynccontextmanager
async def connected(
    url: str, station_id: str, version: str, password: str | None, **connect_kwargs: Any
) -> AsyncIterator[Any]:
    """Open a WebSocket as ``station_id`` and run a test station on it until the block ends."""
    headers = basic_auth(station_id, password) if password is not None else {}
    ws = await websockets.connect(
        f"{url}/{station_id}",
        subprotocols=[SUBPROTOCOL[version]],
        additional_headers=headers,
        open_timeout=10,
        **connect_kwargs,
    )
    station = CLASSES[version](station_id, ws, response_timeout=15)
    task = asyncio.create_task(station.start())
    try:
        yield station
    finally:
        task.cancel()
        await ws.close()
        await asyncio.gather(task, return_exceptions=True)
