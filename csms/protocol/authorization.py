"""Authorization: Authorize, and the token info answered in every version's shape."""

from __future__ import annotations

from csms.domain.authorization import AccessDecision
from csms.domain.events import IdToken, TokenStatus
from csms.protocol.convert import token_v2
from csms.protocol.router import CallContext, Payload, Router
from ocppj.versions import OcppVersion
from ocppj.wiretime import wire_time

router = Router()


# 1.6 has no NotAtThisLocation: a card refused by the station's rules is Invalid there.
_V16_STATUS = {TokenStatus.NOT_AT_THIS_LOCATION: TokenStatus.INVALID}


def id_tag_info(decision: AccessDecision) -> Payload:
    """1.6 IdTagInfo."""
    info: Payload = {"status": _V16_STATUS.get(decision.status, decision.status).value}
    if decision.expires_at is not None:
        info["expiryDate"] = wire_time(decision.expires_at)
    if decision.group_id:
        info["parentIdTag"] = decision.group_id
    return info


def id_token_info(decision: AccessDecision) -> Payload:
    """2.x IdTokenInfoType."""
    info: Payload = {"status": decision.status.value}
    if decision.expires_at is not None:
        info["cacheExpiryDateTime"] = wire_time(decision.expires_at)
    if decision.group_id:
        info["groupIdToken"] = {"idToken": decision.group_id, "type": "Central"}
    return info


@router.on("Authorize", OcppVersion.V16)
async def authorize_16(ctx: CallContext, p: Payload) -> Payload:
    decision = await ctx.services.authorization.authorize(ctx.station_id, IdToken(p["idTag"]))
    return {"idTagInfo": id_tag_info(decision)}


@router.on("Authorize", OcppVersion.V201, OcppVersion.V21)
async def authorize_2(ctx: CallContext, p: Payload) -> Payload:
    token = token_v2(p["idToken"])
    assert token is not None
    decision = await ctx.services.authorization.authorize(ctx.station_id, token)
    return {"idTokenInfo": id_token_info(decision)}
