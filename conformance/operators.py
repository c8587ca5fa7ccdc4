"""How a case makes the system under test act.

Some steps need the CSMS to send something (a remote start, a reset) or a person to do
something at the charger (plug in, present a card). The harness cannot do these itself; it
hands an :class:`Instruction` to an operator:

- :class:`TerminalOperator` prints it for the person at the keyboard (a charger action also
  waits for Enter);
- :class:`HookOperator` POSTs it as JSON to a URL the user runs (their CSMS's test hook, or
  ``evharness sim station --control``);
- :class:`EvharnessOperator` carries CSMS actions out through our CSMS's admin API, and
  provisions the station and the id tags the plan uses.
"""

from __future__ import annotations

import asyncio
import sys
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

import httpx

from conformance.payloads import ABSENT, get_path
from ocppj.versions import OcppVersion

REFUSAL_WAIT_S = 0.5  # an API refusal (4xx) comes at once; a command in flight takes longer


class OperatorError(Exception):
    """The instruction could not be carried out (hook down, API refused)."""


@dataclass(frozen=True, slots=True)
class Instruction:
    """``csms``: make the CSMS send ``action`` with ``params`` (OCPP fields) to ``station``.
    ``setup``: configure the CSMS (``answer_boot_notification``, ``add_id_token``), as a
    case's prerequisites say. ``charger``: do ``action`` (plug_in, unplug, present_card, ...)
    at the charger."""

    case: str
    kind: str  # "csms", "setup" or "charger"
    action: str
    station: str
    version: OcppVersion
    params: dict[str, Any] = field(default_factory=dict)

    def text(self) -> str:
        shown = ", ".join(f"{k}={v}" for k, v in self.params.items())
        what = {
            "csms": f"make the CSMS send {self.action} to {self.station}",
            "setup": f"set up the CSMS for {self.station}: {self.action.replace('_', ' ')}",
        }.get(self.kind, f"at the charger {self.station}: {self.action.replace('_', ' ')}")
        return f"{what} ({shown})" if shown else what


class Operator(Protocol):
    async def perform(self, instruction: Instruction) -> None: ...

    async def close(self) -> None: ...


class TerminalOperator:
    """Asks the person running the plan."""

    def __init__(self, out: Any = None) -> None:
        self.out = out or sys.stderr

    async def perform(self, instruction: Instruction) -> None:
        print(f"\n[{instruction.case}] OPERATOR: {instruction.text()}", file=self.out, flush=True)
        if instruction.kind in ("charger", "setup"):  # nothing on the wire tells us it is done
            print("  press Enter when done", file=self.out, flush=True)
            await asyncio.to_thread(sys.stdin.readline)

    async def close(self) -> None:
        return None


class HookOperator:
    """POSTs each instruction as JSON to ``url``; any 2xx means it was carried out."""

    def __init__(self, url: str, timeout: float = 30) -> None:
        self.url = url
        self.client = httpx.AsyncClient(timeout=timeout)

    async def perform(self, instruction: Instruction) -> None:
        try:
            response = await self.client.post(self.url, json=asdict(instruction))
        except httpx.HTTPError as exc:
            raise OperatorError(f"hook {self.url}: {exc}") from None
        if not response.is_success:
            raise OperatorError(f"hook {self.url}: {response.status_code} {response.text[:300]}")

    async def close(self) -> None:
        await self.client.aclose()


class EvharnessOperator:
    """Our own CSMS as the system under test: its admin API sends what a case needs, through
    the typed, version-neutral command where there is one and the generic CALL otherwise."""

    def __init__(self, api_url: str, token: str) -> None:
        self.client = httpx.AsyncClient(
            base_url=api_url.rstrip("/") + "/api/v1",
            headers={"Authorization": f"Bearer {token}"},
            timeout=60,
        )
        self._tasks: set[asyncio.Task[httpx.Response]] = set()

    async def provision(self, station: str, password: str | None, tags: dict[str, str]) -> None:
        """Register the station (with its password) and the id tags the plan names, each
        with the status its name says (valid, blocked, expired; invalid stays unknown to the
        CSMS); the valid tags share the group tag as their parent."""
        found = await self.client.get(f"/stations/{station}")
        if found.status_code == 404:
            body: dict[str, Any] = {"id": station}
            if password:
                body["password"] = password
            await self._ok(await self.client.post("/stations", json=body))
        elif password:
            await self._ok(
                await self.client.put(f"/stations/{station}/password", json={"password": password})
            )
        for role, value in tags.items():
            if role == "invalid_id_tag":
                continue
            body = {"value": value, "status": "Blocked" if role == "blocked_id_tag" else "Accepted"}
            if role == "expired_id_tag":
                body["expires_at"] = "2020-01-01T00:00:00Z"
            if role in ("valid_id_tag", "child_id_tag") and "group_id_tag" in tags:
                body["group_id"] = tags["group_id_tag"]
            if role in ("valid_id_tag", "child_id_tag"):
                # Every case charges with the same tag, and a case may end with its
                # transaction still running (the OCTT's do): the next case's must be
                # Accepted, not ConcurrentTx.
                body["allow_concurrent"] = True
            existing = await self.client.get(f"/tokens/{value}")
            if existing.status_code == 404:
                await self._ok(await self.client.post("/tokens", json=body))
            else:
                body.pop("value")
                await self._ok(await self.client.patch(f"/tokens/{value}", json=body))

    async def perform(self, instruction: Instruction) -> None:
        if instruction.kind == "setup":
            await self._setup(instruction)
            return
        if instruction.kind != "csms":
            raise OperatorError(f"the admin API cannot do this: {instruction.text()}")
        # The CSMS's call waits for the station's answer, which may come only in a later
        # step: send it in the background, but say at once when the API refuses it.
        task = asyncio.create_task(self._send(instruction))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        done, _ = await asyncio.wait({task}, timeout=REFUSAL_WAIT_S)
        if done:
            response = task.result()
            if 400 <= response.status_code < 500:
                raise OperatorError(
                    f"the admin API refused to {instruction.text()}: "
                    f"{response.status_code} {response.text[:300]}"
                )

    async def _setup(self, instruction: Instruction) -> None:
        p = instruction.params
        match instruction.action:
            case "answer_boot_notification":
                await self._ok(
                    await self.client.patch(
                        f"/stations/{instruction.station}", json={"registration": p["status"]}
                    )
                )
            case "add_id_token":
                body = {"status": "Accepted", "group_id": p["groupId"], "expires_at": None}
                value = p["idToken"]
                if (await self.client.get(f"/tokens/{value}")).status_code == 404:
                    await self._ok(await self.client.post("/tokens", json={"value": value, **body}))
                else:
                    await self._ok(await self.client.patch(f"/tokens/{value}", json=body))
            case _:
                raise OperatorError(f"the admin API cannot do this: {instruction.text()}")

    async def _send(self, instruction: Instruction) -> httpx.Response:
        base = f"/stations/{instruction.station}/commands"
        typed = _typed_command(instruction)
        if typed is not None:
            path, body = typed
            return await self.client.post(f"{base}/{path}", json=body)
        return await self.client.post(
            f"{base}/call", json={"action": instruction.action, "payload": instruction.params}
        )

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.client.aclose()

    @staticmethod
    async def _ok(response: httpx.Response) -> None:
        if not response.is_success:
            raise OperatorError(
                f"{response.request.method} {response.request.url}: "
                f"{response.status_code} {response.text[:300]}"
            )


def _typed_command(instruction: Instruction) -> tuple[str, dict[str, Any]] | None:
    """The admin API's typed command for an OCPP request, when one says the same thing."""
    p = instruction.params

    def first(*paths: str) -> Any:
        for path in paths:
            value = get_path(p, path)
            if value != ABSENT:
                return value
        return None

    match instruction.action:
        case "RemoteStartTransaction" | "RequestStartTransaction" if "chargingProfile" not in p:
            body = {"id_token": first("idTag", "idToken.idToken")}
            if (evse := first("connectorId", "evseId")) is not None:
                body["evse_id"] = evse
            if (kind := first("idToken.type")) is not None:
                body["id_token_type"] = kind
            return "remote-start", body
        case "RemoteStopTransaction" | "RequestStopTransaction":
            return "remote-stop", {"transaction_id": str(first("transactionId"))}
        case "Reset":
            body = {"type": first("type")}
            if (evse := first("evseId")) is not None:
                body["evse_id"] = evse
            return "reset", body
        case "UnlockConnector" if instruction.version == OcppVersion.V16:
            return "unlock", {"evse_id": first("connectorId")}
        case "UnlockConnector":
            return "unlock", {"evse_id": first("evseId"), "connector_id": first("connectorId")}
        case "ClearCache":
            return "clear-cache", {}
        case "ChangeConfiguration":
            return "change-configuration", {"key": first("key"), "value": first("value")}
        case "GetConfiguration":
            return "get-configuration", {"keys": first("key") or []}
    return None
