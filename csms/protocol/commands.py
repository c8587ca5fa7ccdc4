"""Commands the CSMS sends to a station, version-neutral on the way in, translated per version.

The admin API speaks these; only this module knows that a remote start is
RemoteStartTransaction in 1.6 and RequestStartTransaction in 2.x.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from csms.protocol.connection import StationConnection
from csms.protocol.server import OcppServer
from ocppj import schemas
from ocppj.versions import OcppVersion

Payload = dict[str, Any]
_remote_start_ids = itertools.count(1)


class StationNotConnected(Exception):
    pass


class NotAvailableInVersion(Exception):
    pass


@dataclass(frozen=True, slots=True)
class CommandResult:
    status: str | None
    response: Payload


class Commands:
    def __init__(self, server: OcppServer, *, timeout: float = 30.0):
        self.server = server
        self.timeout = timeout

    def _connection(self, station_id: str) -> StationConnection:
        conn = self.server.connection(station_id)
        if conn is None:
            raise StationNotConnected(station_id)
        return conn

    async def call(
        self,
        station_id: str,
        action: str,
        payload: Payload,
        *,
        timeout: float | None = None,
        validate: bool = True,
    ) -> Payload:
        """Send any CALL; see StationConnection.call for what it raises."""
        conn = self._connection(station_id)
        if validate and action not in schemas.known_actions(conn.version):
            raise NotAvailableInVersion(f"{action!r} is not an OCPP {conn.version} action")
        response = await conn.call(
            action, payload, timeout=timeout or self.timeout, validate=validate
        )
        if action == "SetVariables" and conn.version != OcppVersion.V16:
            await self._adopt_password(station_id, payload, response)
        if action == "ChangeConfiguration" and conn.version == OcppVersion.V16:
            await self._adopt_authorization_key(station_id, payload, response)
        return response

    async def _adopt_authorization_key(
        self, station_id: str, request: Payload, response: Payload
    ) -> None:
        """1.6 security whitepaper: a new AuthorizationKey the station accepted is the HTTP
        Basic password it connects with from now on."""
        key, value = request.get("key"), request.get("value")
        if (
            isinstance(key, str)
            and key.lower() == "authorizationkey"
            and isinstance(value, str)
            and response.get("status") == "Accepted"
        ):
            await self.server.services.stations.set_password(
                station_id, _authorization_key_password(value)
            )

    async def _adopt_password(self, station_id: str, request: Payload, response: Payload) -> None:
        """A01.FR.03: a new SecurityCtrlr.BasicAuthPassword the station accepted is the one
        it connects with from now on; a rejected one changes nothing (A01.FR.02)."""
        new = next(
            (
                d.get("attributeValue")
                for d in request.get("setVariableData", [])
                if _is_password(d) and d.get("attributeType", "Actual") == "Actual"
            ),
            None,
        )
        accepted = any(
            _is_password(r) and r.get("attributeStatus") == "Accepted"
            for r in response.get("setVariableResult", [])
        )
        if isinstance(new, str) and accepted:
            await self.server.services.stations.set_password(station_id, new)

    async def _send(
        self, station_id: str, v16: tuple[str, Payload], v2: tuple[str, Payload]
    ) -> CommandResult:
        conn = self._connection(station_id)
        action, payload = v16 if conn.version == OcppVersion.V16 else v2
        response = await conn.call(action, payload, timeout=self.timeout)
        return CommandResult(response.get("status"), response)

    async def remote_start(
        self,
        station_id: str,
        *,
        id_token: str,
        id_token_type: str = "Central",
        evse_id: int | None = None,
    ) -> CommandResult:
        v16: Payload = {"idTag": id_token}
        v2: Payload = {
            "idToken": {"idToken": id_token, "type": id_token_type},
            "remoteStartId": next(_remote_start_ids),
        }
        if evse_id is not None:
            v16["connectorId"] = evse_id
            v2["evseId"] = evse_id
        return await self._send(
            station_id, ("RemoteStartTransaction", v16), ("RequestStartTransaction", v2)
        )

    async def remote_stop(self, station_id: str, *, transaction_ref: str) -> CommandResult:
        ref = transaction_ref
        # ASCII digits only ("²".isdigit() is true), within the int32 that 1.6 stations parse
        integer = ref.isascii() and ref.isdigit() and int(ref) < 2**31
        v16 = {"transactionId": int(ref)} if integer else None
        if v16 is None and self._connection(station_id).version == OcppVersion.V16:
            raise NotAvailableInVersion("an OCPP 1.6 transaction id is an integer")
        return await self._send(
            station_id,
            ("RemoteStopTransaction", v16 or {}),
            ("RequestStopTransaction", {"transactionId": transaction_ref}),
        )

    async def reset(
        self, station_id: str, *, hard: bool, evse_id: int | None = None
    ) -> CommandResult:
        v2: Payload = {"type": "Immediate" if hard else "OnIdle"}
        if evse_id is not None:
            v2["evseId"] = evse_id
        return await self._send(
            station_id, ("Reset", {"type": "Hard" if hard else "Soft"}), ("Reset", v2)
        )

    async def unlock(
        self, station_id: str, *, evse_id: int, connector_id: int = 1
    ) -> CommandResult:
        return await self._send(
            station_id,
            ("UnlockConnector", {"connectorId": evse_id}),
            ("UnlockConnector", {"evseId": evse_id, "connectorId": connector_id}),
        )

    async def change_availability(
        self, station_id: str, *, operative: bool, evse_id: int = 0, connector_id: int | None = None
    ) -> CommandResult:
        kind = "Operative" if operative else "Inoperative"
        v2: Payload = {"operationalStatus": kind}
        if evse_id:
            v2["evse"] = {"id": evse_id, **({"connectorId": connector_id} if connector_id else {})}
        return await self._send(
            station_id,
            ("ChangeAvailability", {"connectorId": evse_id, "type": kind}),
            ("ChangeAvailability", v2),
        )

    async def clear_cache(self, station_id: str) -> CommandResult:
        return await self._send(station_id, ("ClearCache", {}), ("ClearCache", {}))

    async def trigger_message(
        self, station_id: str, *, message: str, evse_id: int | None = None
    ) -> CommandResult:
        v16: Payload = {"requestedMessage": message}
        v2: Payload = {"requestedMessage": message}
        if evse_id is not None:
            v16["connectorId"] = evse_id
            v2["evse"] = {"id": evse_id}
        result = await self._send(station_id, ("TriggerMessage", v16), ("TriggerMessage", v2))
        if result.status == "Accepted":
            self._connection(station_id).allow_triggered(message)
        return result

    async def get_configuration(self, station_id: str, keys: list[str]) -> list[Payload]:
        """1.6 configuration keys, or 2.x variables named ``Component.Variable``.

        Answers one entry per key: ``key``, ``value``, ``readonly`` (1.6) or ``status`` (2.x).
        """
        conn = self._connection(station_id)
        if conn.version == OcppVersion.V16:
            response = await conn.call(
                "GetConfiguration", {"key": keys} if keys else {}, timeout=self.timeout
            )
            entries = [
                {"key": item["key"], "value": item.get("value"), "readonly": item["readonly"]}
                for item in response.get("configurationKey", [])
            ]
            entries += [
                {"key": key, "value": None, "status": "UnknownKey"}
                for key in response.get("unknownKey", [])
            ]
            return entries
        if not keys:
            raise NotAvailableInVersion(
                "OCPP 2.x reads named variables: give Component.Variable keys"
            )
        response = await conn.call(
            "GetVariables", {"getVariableData": [_variable(k) for k in keys]}, timeout=self.timeout
        )
        return [
            {
                "key": f"{r['component']['name']}.{r['variable']['name']}",
                "value": r.get("attributeValue"),
                "status": r["attributeStatus"],
            }
            for r in response["getVariableResult"]
        ]

    async def change_configuration(self, station_id: str, key: str, value: str) -> CommandResult:
        conn = self._connection(station_id)
        if conn.version == OcppVersion.V16:
            request: Payload = {"key": key, "value": value}
            response = await conn.call("ChangeConfiguration", request, timeout=self.timeout)
            await self._adopt_authorization_key(station_id, request, response)
            return CommandResult(response["status"], response)
        request = {"setVariableData": [{**_variable(key), "attributeValue": value}]}
        response = await conn.call("SetVariables", request, timeout=self.timeout)
        await self._adopt_password(station_id, request, response)
        return CommandResult(response["setVariableResult"][0]["attributeStatus"], response)


def _variable(key: str) -> Payload:
    component, sep, variable = key.partition(".")
    if not sep or not variable:
        raise NotAvailableInVersion(f"{key!r}: OCPP 2.x variables are named Component.Variable")
    return {"component": {"name": component}, "variable": {"name": variable}}


def _authorization_key_password(key: str) -> str:
    """The password a 1.6 AuthorizationKey stands for: the whitepaper hex-encodes it (16 to
    20 bytes); a key that is not hex-encoded text is taken as the password itself."""
    try:
        return bytes.fromhex(key).decode()
    except ValueError:  # not hex, or not UTF-8 text once decoded
        return key


def _is_password(entry: Payload) -> bool:
    """A SetVariables entry or result for SecurityCtrlr.BasicAuthPassword."""
    return (entry.get("component") or {}).get("name") == "SecurityCtrlr" and (
        entry.get("variable") or {}
    ).get("name") == "BasicAuthPassword"
