"""Steps of the OCPP 2.0.1 charger-side plans (``features/conformance/ocpp201/charger``): our
test system plays the CSMS as the OCA test tool does, and the charger is under test.

Configuration. The OCA cases set the variables they need before they start ("Before:
Configuration State") and put them back afterwards. A variable is named as in the device
model, ``Component.Variable``, with an instance in brackets and an EVSE-bound component
with its EVSE (and connector) in parentheses::

    Given the test system configures the charger with
      | TxCtrlr.EVConnectionTimeOut                        | 5 |
      | OCPPCommCtrlr.MessageAttempts[TransactionEvent]    | 3 |
    ...
    And the test system restores the charger's configuration

The first step reads the current values (GetVariablesRequest), then sets the new ones
(SetVariablesRequest, every result Accepted); the last sets the values read back.

Reusable states. The OCA cases start from, or pass through, the "reusable states" of Part 6
(``EVConnectedPreSession``, ``Authorized``, ``EnergyTransferStarted``, ``StopAuthorized``,
``EVDisconnected``). On the charger side each is a manual action at the charger and the
messages the test tool then expects, on EVSE 1, connector 1, with ``${valid_id_tag}``::

    Given the charger is in the reusable state EnergyTransferStarted
    When the charger is brought to the reusable state EVDisconnected

``EnergyTransferStarted`` remembers the transaction's id as ``${transactionId}``.

The memory state IdTokenCached (``the charger has "${valid_id_tag}" in its authorization
cache as Accepted``) clears the cache and lets the charger learn the token from an answer.

Reports. ``the charger reports for request 1`` collects every NotifyReportRequest of a
request (until the one without ``tbc``), checks their sequence numbers, and finds the
variables a table names in them.

Files and certificates. The test system signs a firmware location, or makes root
certificates, unless the run gives its own (``--set``); ``the plan variable "x" defaults to
"..."`` names a location a real charger must reach.
"""

from __future__ import annotations

import asyncio
import base64
import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

from conformance.context import CaseContext, StepFailed
from conformance.payloads import ABSENT, get_path, mismatch
from conformance.vocabulary.base import (
    call_for_result,
    operator_is_asked,
    step,
    they_answer,
    they_send,
    we_send,
)
from conformance.wire import RECEIVED

_NAME = re.compile(
    r"^(?P<component>[A-Za-z0-9_]+)"
    r"(?:\((?P<evse>\d+)(?:,(?P<connector>\d+))?\))?"
    r"(?:\[(?P<cinstance>[^\]]+)\])?\."
    r"(?P<variable>[A-Za-z0-9_]+)"
    r"(?:\[(?P<vinstance>[^\]]+)\])?$"
)
_RESTORE = "_charger_restore"


def variable_ref(name: str) -> dict[str, Any]:
    """``TxCtrlr.EVConnectionTimeOut``, ``OCPPCommCtrlr.MessageAttempts[TransactionEvent]``,
    ``EVSE(1).AvailabilityState``, ``Connector(1,1).AvailabilityState`` as the
    ``component`` and ``variable`` of a Get/SetVariableData."""
    found = _NAME.match(name.strip())
    if found is None:
        raise StepFailed(
            f"{name!r} is not Component.Variable (Component(evse,connector)[instance]."
            "Variable[instance])"
        )
    component: dict[str, Any] = {"name": found["component"]}
    if found["cinstance"]:
        component["instance"] = found["cinstance"]
    if found["evse"]:
        component["evse"] = {"id": int(found["evse"])}
        if found["connector"]:
            component["evse"]["connectorId"] = int(found["connector"])
    variable: dict[str, Any] = {"name": found["variable"]}
    if found["vinstance"]:
        variable["instance"] = found["vinstance"]
    return {"component": component, "variable": variable}


# --- configuration ---------------------------------------------------------------------------


@step("the test system configures the charger with")
async def configure(ctx: CaseContext, table: dict[str, str]) -> None:
    """Read the variables' current values (kept to restore them), then set the new ones;
    every one must be Accepted."""
    refs = {name: variable_ref(name) for name in table}
    got = await call_for_result(
        ctx, "GetVariables", {"getVariableData": [dict(ref) for ref in refs.values()]}
    )
    restore: dict[str, str] = ctx.variables.setdefault(_RESTORE, {})
    for name, result in zip(refs, got["getVariableResult"], strict=False):
        if result.get("attributeStatus") != "Accepted":
            raise StepFailed(f"{name}: GetVariables answered {result.get('attributeStatus')}")
        restore.setdefault(name, result.get("attributeValue", ""))
    await _set(ctx, {name: str(ctx.value(value)) for name, value in table.items()})


async def _set(ctx: CaseContext, values: dict[str, str]) -> None:
    data = [{**variable_ref(name), "attributeValue": value} for name, value in values.items()]
    answer = await call_for_result(ctx, "SetVariables", {"setVariableData": data})
    refused = [
        f"{name}={value!r}: {result.get('attributeStatus')}"
        for (name, value), result in zip(values.items(), answer["setVariableResult"], strict=False)
        if result.get("attributeStatus") != "Accepted"
    ]
    if refused:
        raise StepFailed("SetVariables not Accepted: " + "; ".join(refused))


@step("the test system restores the charger's configuration")
async def restore_configuration(ctx: CaseContext) -> None:
    """Put back every variable ``configures the charger with`` changed in this case."""
    restore: dict[str, str] = ctx.variables.pop(_RESTORE, {})
    if restore:
        await _set(ctx, restore)


@step("the charger's variable {name:q} is {value:q}")
async def variable_is(ctx: CaseContext, name: str, value: str) -> None:
    """GetVariablesRequest for one variable: Accepted, with ``value`` (``<present>``, ``A or
    B`` allowed)."""
    got = await call_for_result(ctx, "GetVariables", {"getVariableData": [variable_ref(name)]})
    result = got["getVariableResult"][0]
    for path, expected in (("attributeStatus", "Accepted"), ("attributeValue", value)):
        problem = mismatch(result, path, expected, ctx.variables)
        if problem:
            raise StepFailed(f"{name}: {problem}")


# --- reusable states -------------------------------------------------------------------------

_EVSE = {"evseId": "1", "connectorId": "1"}


def _received(ctx: CaseContext, action: str) -> list[dict[str, Any]]:
    """Every payload of ``action`` the charger sent in this case, in order."""
    out = []
    for entry in ctx.wire.entries:
        if entry.direction != RECEIVED or not entry.text.startswith("[2,"):
            continue
        try:
            _, _, name, payload = json.loads(entry.text)
        except (ValueError, TypeError):
            continue
        if name == action:
            out.append(payload)
    return out


def _transaction_open(ctx: CaseContext) -> bool:
    """A transaction started in this case and has not ended."""
    tx = ctx.variables.get("transactionId")
    if tx is None:
        return False
    events = [
        e
        for e in _received(ctx, "TransactionEvent")
        if e.get("transactionInfo", {}).get("transactionId") == tx
    ]
    return bool(events) and not any(e.get("eventType") == "Ended" for e in events)


async def _ev_connected_pre_session(ctx: CaseContext) -> None:
    """The driver plugs the cable in: the connector becomes Occupied."""
    await operator_is_asked(ctx, "plug in the cable", _EVSE)
    await they_send(ctx, "StatusNotification", {**_EVSE, "connectorStatus": "Occupied"})


async def _authorized(ctx: CaseContext) -> None:
    """The driver presents a valid idToken; the charger asks the test system about it (an
    idToken in the Authorization Cache or the Local Authorization List may be accepted
    without asking: our plans keep the cache for the cases that test it)."""
    await operator_is_asked(ctx, "present the card", {"evseId": "1", "idToken": "${valid_id_tag}"})
    await they_send(ctx, "Authorize", {"idToken.idToken": "${valid_id_tag}"})


async def _energy_transfer_started(ctx: CaseContext) -> None:
    """Plugged in, authorized, charging: the transaction has started (TxStartPoint at the
    latest PowerPathClosed) and reports chargingState Charging."""
    await _ev_connected_pre_session(ctx)
    await _authorized(ctx)
    await they_send(
        ctx,
        "TransactionEvent",
        {
            "eventType": "Started",
            "evse.id": "1",
            "idToken.idToken": "${valid_id_tag}",
            "transactionInfo.chargingState": "Charging",
        },
    )
    assert ctx.last_received is not None
    ctx.variables["transactionId"] = ctx.last_received.payload["transactionInfo"]["transactionId"]


async def _stop_authorized(ctx: CaseContext) -> None:
    """The driver presents the same idToken again: the transaction ends (TxStopPoint
    Authorized), stoppedReason Local."""
    await operator_is_asked(ctx, "present the card", {"evseId": "1", "idToken": "${valid_id_tag}"})
    await they_send(
        ctx,
        "TransactionEvent",
        {
            "eventType": "Ended",
            "transactionInfo.transactionId": "${transactionId}",
            "triggerReason": "StopAuthorized",
            "transactionInfo.stoppedReason": "Local",
        },
    )


async def _ev_disconnected(ctx: CaseContext) -> None:
    """The driver unplugs: a running transaction ends (EVDisconnected), the connector
    becomes Available."""
    running = _transaction_open(ctx)
    await operator_is_asked(ctx, "unplug the cable", _EVSE)
    if running:
        await they_send(
            ctx,
            "TransactionEvent",
            {
                "eventType": "Ended",
                "transactionInfo.transactionId": "${transactionId}",
                "transactionInfo.stoppedReason": "EVDisconnected",
            },
        )
    await they_send(ctx, "StatusNotification", {**_EVSE, "connectorStatus": "Available"})


_STATES = {
    "EVConnectedPreSession": _ev_connected_pre_session,
    "Authorized": _authorized,
    "EnergyTransferStarted": _energy_transfer_started,
    "StopAuthorized": _stop_authorized,
    "EVDisconnected": _ev_disconnected,
}


@step(
    "the charger is in the reusable state {name:w}",
    "the charger is brought to the reusable state {name:w}",
)
async def reusable_state(ctx: CaseContext, name: str) -> None:
    """An OCA reusable state on EVSE 1 (see the module's docstring)."""
    run = _STATES.get(name)
    if run is None:
        raise StepFailed(f"no reusable state {name!r} (known: {', '.join(_STATES)})")
    await run(ctx)


@step("the charger has {token:q} in its authorization cache as {status:w}")
async def cached(ctx: CaseContext, token: str, status: str) -> None:
    """The OCA memory state IdTokenCached: the cache is cleared, then the charger learns
    ``token`` with ``status`` from the test system's AuthorizeResponse. For Accepted that
    takes a short session on EVSE 1 (plug in, present the card, present it again, unplug);
    any other status needs only the card presented. Run it while AuthCtrlr.LocalPreAuthorize
    is false, so that the charger asks. What the case set for AuthorizeResponse (a group)
    is kept."""
    await we_send(ctx, "ClearCache")
    await they_answer(ctx, {"status": "Accepted"})
    before = ctx.answers.get("Authorize")
    kept = before if isinstance(before, dict) else {}  # a group the case set stays
    ctx.answers["Authorize"] = {**kept, "idTokenInfo.status": status}
    card = {"evseId": "1", "idToken": token}
    try:
        if status != "Accepted":
            await operator_is_asked(ctx, "present the card", card)
            await they_send(ctx, "Authorize", {"idToken.idToken": token})
            return
        await operator_is_asked(ctx, "plug in the cable", _EVSE)
        await operator_is_asked(ctx, "present the card", card)
        await they_send(ctx, "Authorize", {"idToken.idToken": token})
        await they_send(ctx, "TransactionEvent", {"eventType": "Started"})
        await operator_is_asked(ctx, "present the card", card)
        await they_send(ctx, "TransactionEvent", {"eventType": "Ended"})
        await operator_is_asked(ctx, "unplug the cable", _EVSE)
        await they_send(ctx, "StatusNotification", {**_EVSE, "connectorStatus": "Available"})
    finally:
        if before is None:
            ctx.answers.pop("Authorize", None)
        else:
            ctx.answers["Authorize"] = before


# --- reports ---------------------------------------------------------------------------------


async def _report(ctx: CaseContext, request_id: int) -> list[dict[str, Any]]:
    """Every NotifyReportRequest of ``request_id``, in order, up to the last (no tbc)."""
    parts: list[dict[str, Any]] = []
    while True:
        await they_send(ctx, "NotifyReport", {"requestId": str(request_id)})
        assert ctx.last_received is not None
        payload = ctx.last_received.payload
        if payload.get("seqNo") != len(parts):
            raise StepFailed(f"NotifyReport seqNo {payload.get('seqNo')}, expected {len(parts)}")
        parts.append(payload)
        if not payload.get("tbc", False):
            return parts


def _entries(parts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [entry for part in parts for entry in part.get("reportData", [])]


def _same_ref(entry: dict[str, Any], ref: dict[str, Any]) -> bool:
    def key(d: dict[str, Any]) -> tuple[Any, ...]:
        evse = d.get("evse") or {}
        return (d.get("name"), d.get("instance"), evse.get("id"), evse.get("connectorId"))

    return key(entry["component"]) == key(ref["component"]) and key(entry["variable"]) == key(
        ref["variable"]
    )


@step(
    "the charger reports for request {request_id:d}",
    "the charger reports for request {request_id:d} with",
)
async def reports(ctx: CaseContext, request_id: int, table: dict[str, str] | None = None) -> None:
    """The NotifyReportRequests of one GetBaseReport/GetReport request; each variable the
    table names is in the report, its Actual value as the table says (``<present>`` for any
    value; ``<absent>`` for a variable that must not be reported)."""
    entries = _entries(await _report(ctx, request_id))
    ctx.variables["_report"] = entries
    problems = []
    for name, expected in (table or {}).items():
        ref = variable_ref(name)
        found = [e for e in entries if _same_ref(e, ref)]
        if expected == ABSENT:
            if found:
                problems.append(f"{name} is reported")
            continue
        if not found:
            problems.append(f"{name} is not reported")
            continue
        actual = next(
            (
                a
                for a in found[0].get("variableAttribute", [])
                if a.get("type", "Actual") == "Actual"
            ),
            None,
        )
        if actual is None:
            problems.append(f"{name} has no Actual attribute")
            continue
        problem = mismatch(actual, "value", expected, ctx.variables)
        if problem:
            problems.append(f"{name}: {problem}")
    if problems:
        raise StepFailed("; ".join(problems))


@step("every variable in the report has a mutability of {allowed}")
async def report_mutability(ctx: CaseContext, allowed: str) -> None:
    """After ``the charger reports for request``: each reported attribute's mutability is
    one of ``allowed`` (``ReadWrite or WriteOnly``)."""
    wanted = {m.strip() for m in allowed.split(" or ")}
    entries = ctx.variables.get("_report")
    if not entries:
        raise StepFailed("no report was received in this case")
    bad = [
        f"{e['component']['name']}.{e['variable']['name']}: {a.get('mutability', 'ReadWrite')}"
        for e in entries
        for a in e.get("variableAttribute", [])
        if a.get("mutability", "ReadWrite") not in wanted
    ]
    if bad:
        raise StepFailed("mutability not " + allowed + ": " + ", ".join(bad[:10]))


@step("{path:q} of the charger's request is aligned to {seconds:d} seconds")
async def clock_aligned(ctx: CaseContext, path: str, seconds: int) -> None:
    """A timestamp of the last request found falls on a clock-aligned boundary (a multiple
    of ``seconds`` since midnight UTC), give or take a second."""
    if ctx.last_received is None:
        raise StepFailed("nothing was received yet")
    value = get_path(ctx.last_received.payload, path)
    if value == ABSENT:
        raise StepFailed(f"{path} is absent")
    moment = datetime.fromisoformat(str(value).replace("Z", "+00:00")).timestamp()
    off = moment % seconds
    if min(off, seconds - off) > 1.0:
        raise StepFailed(f"{path} {value} is {off:.1f} s past a {seconds} s boundary")


# --- connections -----------------------------------------------------------------------------


@step("the test system remembers its own URL as {name:q}")
async def own_url(ctx: CaseContext, name: str) -> None:
    """The ws:// URL the test system listens on (what a connection profile names); a run
    behind a proxy or a name gives its own with ``--set name=...``."""
    listener = ctx.config.listener
    if name in ctx.config.variables:
        ctx.variables[name] = ctx.config.variables[name]
    elif listener is None:
        raise StepFailed("the test system is not listening")
    else:
        ctx.variables[name] = f"ws://{listener.host}:{listener.port}/"


@step("the charger connected at {path:q}")
async def connected_at(ctx: CaseContext, path: str) -> None:
    """The path of the connection the charger opened last in this case (its CSMS URL's
    path, then its identity)."""
    notes = [e.text for e in ctx.wire.entries if e.text.startswith("charger connected on ")]
    if not notes:
        raise StepFailed("the charger opened no connection in this case")
    actual = notes[-1].removeprefix("charger connected on ").split(",")[0]
    if actual != ctx.value(path):
        raise StepFailed(f"the charger connected at {actual}, expected {ctx.value(path)}")


# --- certificates ----------------------------------------------------------------------------


@step("the test system makes a root certificate {label:q} as {name:q}")
async def root_certificate(ctx: CaseContext, label: str, name: str) -> None:
    """A self-signed CA certificate (EC P-256, a year) with common name ``label``, in PEM,
    as ``${name}``; the run may give its own (``--set name=...``)."""
    if name in ctx.config.variables:
        ctx.variables[name] = ctx.config.variables[name]
        return
    ctx.variables[name] = _certificate(str(ctx.value(label)), expired=False)


@step("the test system makes an expired root certificate {label:q} as {name:q}")
async def expired_root_certificate(ctx: CaseContext, label: str, name: str) -> None:
    """As ``makes a root certificate``, but it ended yesterday."""
    ctx.variables[name] = _certificate(str(ctx.value(label)), expired=True)


def _certificate(label: str, *, expired: bool) -> str:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, label)])
    now = datetime.now(UTC)
    start, end = (
        (now - timedelta(days=2), now - timedelta(days=1))
        if expired
        else (
            now - timedelta(minutes=5),
            now + timedelta(days=365),
        )
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.PEM).decode()


# --- firmware --------------------------------------------------------------------------------

_SIGNINGS = ("a valid signature", "an invalid signature", "an invalid signing certificate")


@step("the test system prepares the firmware at {location:q} with {how}")
async def prepare_firmware(ctx: CaseContext, location: str, how: str) -> None:
    """``${firmware_location}``, ``${firmware_signing_certificate}`` and
    ``${firmware_signature}`` for an UpdateFirmwareRequest. For a real charger the run sets
    the first two and a valid signature (``--set``), and they are used as they are; else
    the test system makes a signing key and certificate and signs the location (a charger
    that downloads nothing, like our simulator, checks the signature over the location).
    ``an invalid signature`` is signed with another key than the certificate's; ``an
    invalid signing certificate`` is one that expired."""
    if how not in _SIGNINGS:
        raise StepFailed(f"with {how!r}? one of: {', '.join(_SIGNINGS)}")
    given = ctx.config.variables
    if how == "a valid signature" and "firmware_signature" in given:
        for name in ("firmware_location", "firmware_signing_certificate", "firmware_signature"):
            ctx.variables[name] = given[name]
        return
    url = str(ctx.value(location))
    certificate, signature = _sign(url, how)
    ctx.variables.update(
        firmware_location=url,
        firmware_signing_certificate=certificate,
        firmware_signature=signature,
    )


def _sign(url: str, how: str) -> tuple[str, str]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "evharness firmware signing")])
    now = datetime.now(UTC)
    start, end = (
        (now - timedelta(days=2), now - timedelta(days=1))
        if "certificate" in how
        else (
            now - timedelta(minutes=5),
            now + timedelta(days=30),
        )
    )
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .sign(key, hashes.SHA256())
    )
    signer = ec.generate_private_key(ec.SECP256R1()) if how == "an invalid signature" else key
    raw = signer.sign(url.encode(), ec.ECDSA(hashes.SHA256()))
    pem = certificate.public_bytes(serialization.Encoding.PEM).decode()
    return pem, base64.b64encode(raw).decode()


# --- answers ---------------------------------------------------------------------------------


@step("the plan variable {name:q} defaults to {value:q}")
async def variable_default(ctx: CaseContext, name: str, value: str) -> None:
    """``${name}`` is ``value`` unless the run sets it (``--set name=...``): locations of
    files a real charger must reach, for instance."""
    ctx.variables.setdefault(name, ctx.value(value))


@step("the test system answers {action:w} as usual again")
async def usual_answers(ctx: CaseContext, action: str) -> None:
    """Forget what ``the test system will answer X with`` set for ``action``."""
    ctx.answers.pop(action, None)


@step("the charger sends {count:d} {action:w} messages with")
async def sends_several(ctx: CaseContext, count: int, action: str, table: dict[str, str]) -> None:
    """``count`` CALLs of ``action`` that match the table, one after the other."""
    for _ in range(count):
        await they_send(ctx, action, table)


@step("the charger sends no further {action:w} within {seconds:d} seconds")
async def sends_no_further(ctx: CaseContext, action: str, seconds: int) -> None:
    """Nothing new of ``action`` for ``seconds`` (what came earlier in the case does not
    count)."""
    peer = ctx.connected()
    seen = len(peer.backlog)
    before = [r for r in peer.backlog[:seen] if r.action == action]
    await asyncio.sleep(seconds)
    new = [r for r in peer.backlog if r.action == action and r not in before]
    if new:
        raise StepFailed(f"{action} came: {new[0].payload}")


__all__ = ["variable_ref"]
