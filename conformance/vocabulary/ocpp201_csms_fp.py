"""Steps of the OCPP 2.0.1 CSMS-side plans for blocks F to P (remote control, availability,
meter values, firmware, certificates, diagnostics, data transfer...).

The OCA cases build on "reusable states" (OCPP 2.0.1 Part 6): a case starts from
``EnergyTransferStarted``, or runs ``EVDisconnected`` as one of its steps. Our station plays
them as the OCTT does, for the case's transaction (``${transaction_id}``), on EVSE 1,
connector 1, with ``${valid_id_tag}``:

    Given the station is in the reusable state EnergyTransferStarted
    When the station executes the reusable state EVDisconnected with
      | meterValue.0.sampledValue.0.context | Transaction.End |

A state first runs the states it builds on, unless the case already reached them: what the
transaction went through is read from the TransactionEvents the station sent in this case, so
a case may mix states with TransactionEvents of its own (``the station sends the next
TransactionEvent with``, which numbers seqNo on). A table sets fields of the state's main
TransactionEventRequest.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from conformance.context import CaseContext, StepFailed
from conformance.vocabulary.base import has_booted, step, they_answer, we_send
from conformance.wire import SENT
from ocppj.wiretime import wire_time

# The charging states in which an EV is plugged in.
_PLUGGED = frozenset({"EVConnected", "Charging", "SuspendedEV", "SuspendedEVSE"})


@dataclass(frozen=True, slots=True)
class _Transaction:
    """What the case's transaction went through, from the TransactionEvents sent so far."""

    started: bool = False
    authorized: bool = False
    ev_connected: bool = False
    charging: bool = False
    stop_authorized: bool = False
    ended: bool = False
    next_seq_no: int = 0


def _sent_transaction_events(ctx: CaseContext) -> list[dict[str, Any]]:
    wanted = ctx.variables["transaction_id"]
    events = []
    for entry in ctx.wire.entries:
        if entry.direction != SENT or not entry.text.startswith("[2,"):
            continue
        try:
            _, _, action, payload = json.loads(entry.text)
        except (ValueError, TypeError):
            continue
        if action == "TransactionEvent" and (
            payload.get("transactionInfo", {}).get("transactionId") == wanted
        ):
            events.append(payload)
    return events


def _transaction(ctx: CaseContext) -> _Transaction:
    events = _sent_transaction_events(ctx)
    if not events:
        return _Transaction()
    state = None
    plugged = authorized = stop = False
    for event in events:
        info = event.get("transactionInfo", {})
        state = info.get("chargingState", state)
        reason = event.get("triggerReason")
        plugged = plugged or reason == "CablePluggedIn" or state in _PLUGGED
        if reason == "StopAuthorized":
            stop = True
        elif "idToken" in event or reason in ("Authorized", "RemoteStart"):
            authorized = True
    return _Transaction(
        started=True,
        authorized=authorized,
        ev_connected=plugged,
        charging=state == "Charging",
        stop_authorized=stop,
        ended=any(e.get("eventType") == "Ended" for e in events),
        next_seq_no=max(int(e.get("seqNo", 0)) for e in events) + 1,
    )


async def _transaction_event(
    ctx: CaseContext,
    fields: dict[str, str],
    table: dict[str, str] | None = None,
    expect: dict[str, str] | None = None,
) -> None:
    """One TransactionEventRequest of the case's transaction, and the CSMS's answer."""
    fields = {"seqNo": str(_transaction(ctx).next_seq_no), **fields, **(table or {})}
    await we_send(ctx, "TransactionEvent", fields)
    await they_answer(ctx, expect)


async def _connector(ctx: CaseContext, status: str) -> None:
    """The connector's new status as the OCTT reports it: a StatusNotificationRequest and a
    NotifyEventRequest on the AvailabilityState variable, each answered by the CSMS."""
    await we_send(ctx, "StatusNotification", {"connectorStatus": status})
    await they_answer(ctx)
    await we_send(
        ctx,
        "NotifyEvent",
        {
            "eventData.0.trigger": "Delta",
            "eventData.0.actualValue": status,
            "eventData.0.eventNotificationType": "CustomMonitor",
            "eventData.0.component.name": "Connector",
            "eventData.0.component.evse.id": "1",
            "eventData.0.component.evse.connectorId": "1",
            "eventData.0.variable.name": "AvailabilityState",
        },
    )
    await they_answer(ctx)


_ACCEPTED = {"idTokenInfo.status": "Accepted"}


async def _authorized(ctx: CaseContext, table: dict[str, str] | None) -> None:
    """Authorized: the driver presents a valid idToken, and the transaction starts (or, with
    the EV already plugged in, goes on) authorized."""
    await we_send(ctx, "Authorize")
    await they_answer(ctx, _ACCEPTED)
    event = "Updated" if _transaction(ctx).started else "Started"
    await _transaction_event(
        ctx, {"eventType": event, "triggerReason": "Authorized"}, table, _ACCEPTED
    )


async def _ev_connected_pre_session(ctx: CaseContext, table: dict[str, str] | None) -> None:
    """EVConnectedPreSession: the driver plugs the cable in (no charging yet)."""
    await _connector(ctx, "Occupied")
    tx = _transaction(ctx)
    fields = {
        "eventType": "Updated" if tx.started else "Started",
        "triggerReason": "CablePluggedIn",
        "transactionInfo.chargingState": "EVConnected",
        "idToken": "<absent>",  # sent once, with the event that authorizes
    }
    await _transaction_event(ctx, fields, table)


async def _energy_transfer_started(ctx: CaseContext, table: dict[str, str] | None) -> None:
    """EnergyTransferStarted: authorized, plugged in, and charging."""
    if not _transaction(ctx).authorized:
        await _authorized(ctx, None)
    if not _transaction(ctx).ev_connected:
        await _ev_connected_pre_session(ctx, None)
    await _transaction_event(
        ctx,
        {
            "eventType": "Updated",
            "triggerReason": "ChargingStateChanged",
            "transactionInfo.chargingState": "Charging",
            "idToken": "<absent>",
        },
        table,
    )


async def _stop_authorized(ctx: CaseContext, table: dict[str, str] | None) -> None:
    """StopAuthorized: the driver presents the idToken again to stop."""
    if not _transaction(ctx).charging:
        await _energy_transfer_started(ctx, None)
    await _transaction_event(
        ctx, {"eventType": "Updated", "triggerReason": "StopAuthorized"}, table, _ACCEPTED
    )


async def _ev_connected_post_session(ctx: CaseContext, table: dict[str, str] | None) -> None:
    """EVConnectedPostSession: energy transfer stopped, the EV still plugged in."""
    if not _transaction(ctx).stop_authorized:
        await _stop_authorized(ctx, None)
    await _transaction_event(
        ctx,
        {
            "eventType": "Updated",
            "triggerReason": "ChargingStateChanged",
            "transactionInfo.chargingState": "EVConnected",
            "idToken": "<absent>",
        },
        table,
    )


async def _ev_disconnected(ctx: CaseContext, table: dict[str, str] | None) -> None:
    """EVDisconnected: the driver unplugs, and the transaction ends."""
    tx = _transaction(ctx)
    if tx.charging and not tx.stop_authorized:
        await _ev_connected_post_session(ctx, None)
    await _connector(ctx, "Available")
    await _transaction_event(
        ctx,
        {
            "eventType": "Ended",
            "triggerReason": "EVCommunicationLost",
            "transactionInfo.chargingState": "Idle",
            "transactionInfo.stoppedReason": "EVDisconnected",
            "idToken": "<absent>",
        },
        table,
    )


_STATES = {
    "Authorized": _authorized,
    "EVConnectedPreSession": _ev_connected_pre_session,
    "EnergyTransferStarted": _energy_transfer_started,
    "StopAuthorized": _stop_authorized,
    "EVConnectedPostSession": _ev_connected_post_session,
    "EVDisconnected": _ev_disconnected,
}


@step(
    "the station is in the reusable state {name:w}",
    "the station is in the reusable state {name:w} with",
    "the station executes the reusable state {name:w}",
    "the station executes the reusable state {name:w} with",
)
async def reusable_state(ctx: CaseContext, name: str, table: dict[str, str] | None = None) -> None:
    """An OCA reusable state, for the case's transaction; booted first if not yet."""
    run = _STATES.get(name)
    if run is None:
        raise StepFailed(f"no reusable state {name!r} (known: {', '.join(_STATES)})")
    if ctx.peer is None or ctx.peer.closed:
        await has_booted(ctx)
    await run(ctx, table)


@step("the station sends the next TransactionEvent with")
async def next_transaction_event(ctx: CaseContext, table: dict[str, str]) -> None:
    """A TransactionEventRequest of the case's transaction, its seqNo the next one."""
    fields = {"seqNo": str(_transaction(ctx).next_seq_no), **table}
    await we_send(ctx, "TransactionEvent", fields)


@step("the station reports the connector as {status:w}")
async def reports_connector(ctx: CaseContext, status: str) -> None:
    """StatusNotificationRequest and NotifyEventRequest (AvailabilityState) with ``status``,
    each answered by the CSMS."""
    await _connector(ctx, status)


@step("the clock-aligned data interval is {seconds:d} seconds")
async def clock_aligned(ctx: CaseContext, seconds: int) -> None:
    """``${aligned_0}`` is the last clock-aligned time (a multiple of the interval since
    midnight UTC), ``${aligned_1}`` the one before, up to ``${aligned_3}``."""
    ctx.variables["_aligned_interval"] = seconds
    now = datetime.now(UTC)
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    last = midnight + timedelta(seconds=(now - midnight).total_seconds() // seconds * seconds)
    _set_aligned(ctx, last)


def _set_aligned(ctx: CaseContext, last: datetime) -> None:
    seconds = ctx.variables["_aligned_interval"]
    for n in range(4):
        ctx.variables[f"aligned_{n}"] = wire_time(last - timedelta(seconds=n * seconds))


@step("the next clock-aligned time passes")
async def next_aligned(ctx: CaseContext) -> None:
    """Waits for the next clock-aligned time; it becomes ``${aligned_0}``."""
    if "_aligned_interval" not in ctx.variables:
        raise StepFailed("no clock-aligned data interval was set")
    following = datetime.fromisoformat(ctx.variables["aligned_0"]) + timedelta(
        seconds=ctx.variables["_aligned_interval"]
    )
    await asyncio.sleep(max(0.0, (following - datetime.now(UTC)).total_seconds()) + 0.01)
    _set_aligned(ctx, following)


async def _status_notification(ctx: CaseContext, action: str, status: str) -> None:
    fields = {"status": status}
    fields["requestId"] = "${request_id}" if "request_id" in ctx.variables else "<absent>"
    await we_send(ctx, action, fields)
    await they_answer(ctx)


@step("the station reports the firmware status {status:w}")
async def firmware_status(ctx: CaseContext, status: str) -> None:
    """FirmwareStatusNotificationRequest with ``status`` (and ``${request_id}``, the
    UpdateFirmwareRequest's, when the case remembered it), answered by the CSMS."""
    await _status_notification(ctx, "FirmwareStatusNotification", status)


@step("the station reports the log status {status:w}")
async def log_status(ctx: CaseContext, status: str) -> None:
    """LogStatusNotificationRequest with ``status`` (and ``${request_id}``, the
    GetLogRequest's, when the case remembered it), answered by the CSMS."""
    await _status_notification(ctx, "LogStatusNotification", status)
