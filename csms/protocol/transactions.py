"""Transactions: 1.6 Start/StopTransaction, 2.x TransactionEvent, MeterValues in every version.

After a meter update the station hears about the session's cost: 2.x gets CostUpdated when
the running cost changed (and totalCost in the answer to the Ended event); any version gets
a remote stop once the operator's monetary session limit is reached (OP-10). Both are CALLs
made after the answer is sent.
"""

from __future__ import annotations

from decimal import Decimal

from csms.domain.events import IdToken, MeterSampled, SessionEnded, SessionStarted, SessionUpdated
from csms.protocol.authorization import id_tag_info, id_token_info
from csms.protocol.convert import samples_v2, samples_v16, token_v2
from csms.protocol.router import CallContext, Payload, Router
from csms.services.transactions import Outcome
from ocppj.versions import OcppVersion
from ocppj.wiretime import parse_time

router = Router()


def _follow_up(ctx: CallContext, outcome: Outcome) -> None:
    """Schedule CostUpdated (2.x, when the cost changed) or the stop at the session limit."""
    cost, ref = outcome.cost, outcome.transaction_ref
    if cost is None or ref is None:
        return
    conn = ctx.connection
    told: dict[str, Decimal] = conn.info.extra.setdefault("cost_told", {})
    if cost.limit_reached:
        if told.get(ref) == Decimal(-1):
            return  # already asked to stop
        told[ref] = Decimal(-1)
        stop: tuple[str, Payload]
        if ctx.version == OcppVersion.V16:
            stop = ("RemoteStopTransaction", {"transactionId": int(ref)})
        else:
            stop = ("RequestStopTransaction", {"transactionId": ref})

        async def request_stop() -> None:
            await conn.call(*stop)

        conn.after_reply(request_stop)
        return
    if ctx.version == OcppVersion.V16 or told.get(ref) == cost.total:
        return
    told[ref] = cost.total

    async def cost_updated() -> None:
        await conn.call("CostUpdated", {"totalCost": float(cost.total), "transactionId": ref})

    conn.after_reply(cost_updated)


def _forget(ctx: CallContext, ref: str | None) -> None:
    """An ended session needs no more cost news."""
    ctx.connection.info.extra.get("cost_told", {}).pop(ref, None)


@router.on("StartTransaction", OcppVersion.V16)
async def start_16(ctx: CallContext, p: Payload) -> Payload:
    connector = p["connectorId"]
    result = await ctx.services.transactions.start(
        SessionStarted(
            station_id=ctx.station_id,
            evse_id=connector,
            connector_id=1,
            timestamp=parse_time(p["timestamp"]),
            id_token=IdToken(p["idTag"]),
            meter_start_wh=Decimal(p["meterStart"]),
            reservation_id=p.get("reservationId"),
        )
    )
    assert result.decision is not None
    return {"transactionId": result.transaction_id, "idTagInfo": id_tag_info(result.decision)}


@router.on("StopTransaction", OcppVersion.V16)
async def stop_16(ctx: CallContext, p: Payload) -> Payload:
    outcome = await ctx.services.transactions.end(
        SessionEnded(
            station_id=ctx.station_id,
            transaction_ref=str(p["transactionId"]),
            timestamp=parse_time(p["timestamp"]),
            meter_stop_wh=Decimal(p["meterStop"]),
            reason=p.get("reason", "Local"),
            id_token=IdToken(p["idTag"]) if p.get("idTag") else None,
            samples=samples_v16(p.get("transactionData") or []),
        )
    )
    decision = outcome.decision
    _forget(ctx, outcome.transaction_ref)
    return {"idTagInfo": id_tag_info(decision)} if decision else {}


@router.on("MeterValues", OcppVersion.V16)
async def meter_values_16(ctx: CallContext, p: Payload) -> Payload:
    tx = p.get("transactionId")
    outcome = await ctx.services.transactions.meter(
        MeterSampled(
            station_id=ctx.station_id,
            evse_id=p["connectorId"],
            samples=samples_v16(p["meterValue"]),
            transaction_ref=str(tx) if tx is not None else None,
        )
    )
    _follow_up(ctx, outcome)
    return {}


@router.on("MeterValues", OcppVersion.V201, OcppVersion.V21)
async def meter_values_2(ctx: CallContext, p: Payload) -> Payload:
    outcome = await ctx.services.transactions.meter(
        MeterSampled(
            station_id=ctx.station_id, evse_id=p["evseId"], samples=samples_v2(p["meterValue"])
        )
    )
    _follow_up(ctx, outcome)
    return {}


@router.on("TransactionEvent", OcppVersion.V201, OcppVersion.V21)
async def transaction_event(ctx: CallContext, p: Payload) -> Payload:
    info = p["transactionInfo"]
    evse = p.get("evse") or {}
    token = token_v2(p.get("idToken"))
    common = dict(
        station_id=ctx.station_id,
        transaction_ref=info["transactionId"],
        timestamp=parse_time(p["timestamp"]),
        seq_no=p["seqNo"],
        offline=p.get("offline", False),
        samples=samples_v2(p.get("meterValue")),
        id_token=token,
    )
    service = ctx.services.transactions
    event_type = p["eventType"]
    answer: Payload = {}
    if event_type == "Started":
        result = await service.start(
            SessionStarted(
                evse_id=evse.get("id", 0),
                connector_id=evse.get("connectorId", 1 if evse.get("id") else 0),
                reservation_id=p.get("reservationId"),
                remote_start_id=info.get("remoteStartId"),
                **common,
            )
        )
        decision = result.decision
    elif event_type == "Updated":
        outcome = await service.update(
            SessionUpdated(
                charging_state=info.get("chargingState"),
                evse_id=evse.get("id"),
                connector_id=evse.get("connectorId"),
                **common,
            )
        )
        decision = outcome.decision
        _follow_up(ctx, outcome)
    else:
        outcome = await service.end(
            SessionEnded(
                reason=info.get("stoppedReason", "Local"),
                evse_id=evse.get("id", 0),
                connector_id=evse.get("connectorId", 0),
                **common,
            )
        )
        decision = outcome.decision
        _forget(ctx, outcome.transaction_ref)
        if outcome.cost is not None:
            answer["totalCost"] = float(outcome.cost.total)
    if decision and token:
        answer["idTokenInfo"] = id_token_info(decision)
    return answer
