"""Steps of the OCPP 2.0.1 CSMS-side plans for blocks A to E (security, provisioning,
authorization, local authorization list, transactions).

Most of these cases need nothing beyond ``base`` and the reusable states of
``ocpp201_csms_fp`` (``the station is in the reusable state EnergyTransferStarted``). What is
here:

- HTTP Basic credentials other than the configured ones (A00, A01): a wrong user name, a
  password the CSMS set through SetVariables, and the configured password by name::

    Given the station remembers its configured password as "basic_auth_password"
    When the station connects as "${station_id}Invalid" with password "${basic_auth_password}"
    Then the connection is refused

- the CSMS's own configuration, which the OCA documents give as a prerequisite or a memory
  state ("The CSMS is configured to first respond to a BootNotificationRequest with status
  Pending", "An idToken with the MasterPass as GroupId is configured")::

    Given the CSMS is set to answer the station's BootNotification with Pending
    Given the CSMS knows the id token "${masterpass_id_tag}" of group "${masterpass_group_id}"

  Against our CSMS (``--admin-api``) the admin API does it; against another CSMS the operator
  is asked to (an instruction of kind ``setup``).

Plan variables these cases name and the plan may set (``--set``); the defaults below hold when
it does not: ``valid_id_tag2`` (a second valid card of ``${group_id_tag}``),
``masterpass_id_tag`` and ``masterpass_group_id`` (C16, AuthCtrlr.MasterPassGroupId).
"""

from __future__ import annotations

import asyncio
from typing import Any

from conformance.connections import Refused
from conformance.context import CaseContext, StepFailed
from conformance.vocabulary.base import step, try_connect

DEFAULTS = {
    "valid_id_tag2": "EVH-VALID-02",
    "masterpass_id_tag": "EVH-MASTER-01",
    "masterpass_group_id": "EVH-MASTERPASS",
}
# How long a station keeps trying to connect with a password the CSMS has just set: the CSMS
# stores it once it has the SetVariablesResponse, which the station sent a moment ago.
RECONNECT_WITHIN = 5.0


def _value(ctx: CaseContext, text: str) -> Any:
    for name, default in DEFAULTS.items():
        ctx.variables.setdefault(name, default)
    return ctx.value(text)


# --- credentials -----------------------------------------------------------------------------


@step("the station remembers its configured password as {name:q}")
async def remember_password(ctx: CaseContext, name: str) -> None:
    """The HTTP Basic password the plan runs with (``--password``)."""
    target = ctx.config.target
    if target is None or not target.password:
        raise StepFailed("the plan runs without a station password (--password)")
    ctx.variables[name] = target.password


@step("the station connects as {user:q} with password {password:q}")
async def connects_as(ctx: CaseContext, user: str, password: str) -> None:
    """Connect to the station's URL with HTTP Basic credentials of another user name; the
    outcome is for ``the connection is accepted`` / ``the connection is refused``."""
    await try_connect(ctx, user=str(_value(ctx, user)), password=_value(ctx, password))


@step("the station reconnects with password {password:q}")
async def reconnects_with(ctx: CaseContext, password: str) -> None:
    """Hang up and connect again with ``password``, as a station does after it accepted a new
    BasicAuthPassword; a refused attempt is tried again for a few seconds (the CSMS stores the
    password once it has the station's answer). The outcome is for ``the connection is
    accepted`` / ``the connection is refused``."""
    target = ctx.config.target
    assert target is not None, "a CSMS plan needs --target"
    secret = _value(ctx, password)
    if ctx.peer is not None:
        await ctx.peer.close()
    ctx.variables.pop("_refused", None)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + RECONNECT_WITHIN
    while True:
        try:
            ctx.peer = await target.open(ctx.wire, ctx.answer, password=secret)
            return
        except Refused as exc:
            if loop.time() >= deadline:
                ctx.variables["_refused"] = str(exc)
                return
        await asyncio.sleep(0.25)


# --- the CSMS's configuration -------------------------------------------------------------


@step("the CSMS is set to answer the station's BootNotification with {status:w}")
async def boot_answer(ctx: CaseContext, status: str) -> None:
    """The registration status the CSMS gives the station (Accepted, Pending, Rejected) from
    now on: at its next BootNotification, and for what it may send meanwhile (B02, B03)."""
    if status not in ("Accepted", "Pending", "Rejected"):
        raise StepFailed(
            f"a BootNotification is answered Accepted, Pending or Rejected, not {status}"
        )
    await ctx.instruct("setup", "answer_boot_notification", {"status": status})


@step("the CSMS knows the id token {token:q} of group {group:q}")
async def knows_token(ctx: CaseContext, token: str, group: str) -> None:
    """A valid idToken the CSMS accepts, with ``group`` as its GroupId (C09, C16)."""
    value, group_id = str(_value(ctx, token)), str(_value(ctx, group))
    await ctx.instruct("setup", "add_id_token", {"idToken": value, "groupId": group_id})
