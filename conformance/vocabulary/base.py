"""The step vocabulary of the conformance plans.

The harness is always "us": ``the station`` when it tests a CSMS, ``the test system`` when
it tests a charger. The system under test is ``the CSMS`` or ``the charger``. One function
serves both spellings, so a plan for either direction reads the same way:

    Given the station has booted
    When the station sends Authorize with
      | idTag | ${valid_id_tag} |
    Then the CSMS answers with
      | idTagInfo.status | Accepted |
    When the CSMS is asked to send RemoteStartTransaction with
      | idTag | ${valid_id_tag} |
    Then the CSMS sends RemoteStartTransaction with
      | idTag | ${valid_id_tag} |

Tables set fields of what we send (dotted paths, ``<absent>`` removes one) and state what
we expect of what we receive (``<present>``, ``<absent>``, ``A or B``). ``${name}`` is a
run variable (``valid_id_tag``, ``station_id``, ...) or one a step remembered.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import parse

from conformance.connections import Refused
from conformance.context import CHARGER, CaseContext, StepFailed, call_error
from conformance.payloads import PayloadError, get_path, mismatch
from conformance.peer import Answer, Peer, Received
from conformance.plan import Step
from ocppj.versions import OcppVersion

StepFunc = Callable[..., Awaitable[None]]
US = r"(?:station|test system)"
THEM = r"(?:CSMS|charger)"


@dataclass(frozen=True, slots=True)
class StepDef:
    parser: parse.Parser
    func: StepFunc
    pattern: str


REGISTRY: list[StepDef] = []


def step(*patterns: str) -> Callable[[StepFunc], StepFunc]:
    """Register ``func`` for each pattern (``parse`` syntax; ``{us}``/``{them}`` stand for
    the harness's and the system under test's names in either direction)."""

    def register(func: StepFunc) -> StepFunc:
        for pattern in patterns:
            expanded = pattern.replace("{us}", "{_us:us}").replace("{them}", "{_them:them}")
            parser = parse.compile(expanded, extra_types=_TYPES, case_sensitive=True)
            REGISTRY.append(StepDef(parser, func, pattern))
        return func

    return register


def _party(regex: str) -> Callable[[str], str]:
    @parse.with_pattern(regex)
    def convert(text: str) -> str:
        return text

    return convert


@parse.with_pattern(r'"[^"]*"')
def _quoted(text: str) -> str:
    return text[1:-1]


_TYPES = {"us": _party(US), "them": _party(THEM), "q": _quoted}


def match(text: str, *, has_table: bool = False) -> tuple[StepFunc, dict[str, Any]]:
    """The step definition for ``text`` and its arguments; StepFailed if none or several.
    "... with" names a step that takes a table: with a table it wins over the shorter
    pattern that would swallow the "with" into a free-text argument."""
    found = [(d, r) for d in REGISTRY if (r := d.parser.parse(text)) is not None]
    if len(found) > 1:
        found = [(d, r) for d, r in found if d.pattern.endswith(" with") == has_table] or found
    if not found:
        raise StepFailed(f"no step definition matches {text!r}")
    if len(found) > 1:
        raise StepFailed(f"{text!r} matches several steps: {[d.pattern for d, _ in found]}")
    definition, result = found[0]
    kwargs = {k: v for k, v in result.named.items() if not k.startswith("_")}
    return definition.func, kwargs


async def run_step(ctx: CaseContext, planned: Step) -> None:
    func, kwargs = match(planned.text, has_table=bool(planned.table))
    if planned.table:
        kwargs["table"] = _table(planned.table)
    if planned.doc is not None:
        kwargs["doc"] = planned.doc
    await func(ctx, **kwargs)
    violations = ctx.new_violations()
    if violations:
        raise StepFailed("; ".join(violations))


def _table(rows: tuple[tuple[str, ...], ...]) -> dict[str, str]:
    """Two-column tables: field | value. A header row ``field | value`` is skipped."""
    out = {}
    for row in rows:
        if len(row) != 2:
            raise StepFailed(f"a step table has two columns (field | value), not {len(row)}")
        if row == ("field", "value"):
            continue
        out[row[0]] = row[1]
    return out


def _expect(payload: Any, table: dict[str, str] | None, ctx: CaseContext, what: str) -> None:
    problems = [
        problem
        for path, expected in (table or {}).items()
        if (problem := mismatch(payload, path, expected, ctx.variables))
    ]
    if problems:
        raise StepFailed(f"{what}: " + "; ".join(problems))


# --- connecting -----------------------------------------------------------------------


async def _connect_as_station(ctx: CaseContext, **options: Any) -> None:
    target = ctx.config.target
    assert target is not None, "a CSMS plan needs --target"
    if ctx.peer is not None:
        await ctx.peer.close()
    ctx.peer = await target.open(ctx.wire, ctx.answer, **options)


async def _take_charger_connection(ctx: CaseContext, *, fresh: bool) -> None:
    """The charger's connection: the one an earlier case had (it stays up between cases), or
    with ``fresh`` the next one the charger opens."""
    listener = ctx.config.listener
    assert listener is not None, "a charger plan needs --listen"
    current = ctx.config.charger
    if not fresh and current is not None and not current.closed:
        ctx.peer = current.adopt(ctx.wire, ctx.answer)
        return
    ctx.wire.note(f"waiting up to {ctx.timeout:.0f} s for the charger to connect")
    try:
        arrival = await listener.next_arrival(ctx.timeout)
    except TimeoutError:
        raise StepFailed(f"the charger did not connect within {ctx.timeout:.0f} s") from None
    if current is not None:
        await current.close()
    ctx.wire.note(f"charger connected on {arrival.path}, subprotocol {arrival.ws.subprotocol}")
    ctx.credentials = arrival.credentials
    ctx.peer = Peer(arrival.ws, ctx.version, ctx.wire, ctx.answer)
    ctx.peer.start()
    ctx.config.charger = ctx.peer


@step("the {us} is connected", "the {them} is connected")
async def connected(ctx: CaseContext) -> None:
    if ctx.config.side == CHARGER:
        await _take_charger_connection(ctx, fresh=False)
    elif ctx.peer is None or ctx.peer.closed:
        try:
            await _connect_as_station(ctx)
        except Refused as exc:
            raise StepFailed(f"the CSMS refused the connection: {exc}") from None


@step("the station has booted")
async def has_booted(ctx: CaseContext) -> None:
    """Connected, BootNotification accepted, and every connector reported Available."""
    await connected(ctx)
    await we_send(ctx, "BootNotification")
    await they_answer(ctx, {"status": "Accepted"})
    for n in range(1, ctx.config.connectors + 1):
        where = {"connectorId": str(n)} if ctx.version == OcppVersion.V16 else {"evseId": str(n)}
        await we_send(ctx, "StatusNotification", where)
        await they_answer(ctx)


@step("the charger reconnects")
async def charger_reconnects(ctx: CaseContext) -> None:
    await _take_charger_connection(ctx, fresh=True)


@step("the station connects with password {password:q}")
async def connects_with_password(ctx: CaseContext, password: str) -> None:
    await try_connect(ctx, password=ctx.value(password))


@step("the station connects without credentials")
async def connects_without_credentials(ctx: CaseContext) -> None:
    await try_connect(ctx, password=None)


@step("the station connects offering subprotocols {offered:q}")
async def connects_offering(ctx: CaseContext, offered: str) -> None:
    await try_connect(ctx, subprotocols=[s.strip() for s in offered.split(",") if s.strip()])


async def try_connect(ctx: CaseContext, **options: Any) -> None:
    ctx.variables.pop("_refused", None)
    try:
        await _connect_as_station(ctx, **options)
    except Refused as exc:
        ctx.variables["_refused"] = str(exc)


@step("the connection is refused")
async def connection_refused(ctx: CaseContext) -> None:
    if "_refused" not in ctx.variables:
        raise StepFailed("the CSMS accepted the connection")


@step("the connection is accepted")
async def connection_accepted(ctx: CaseContext) -> None:
    if "_refused" in ctx.variables:
        raise StepFailed(f"the CSMS refused the connection: {ctx.variables['_refused']}")
    ctx.connected()


@step("the station disconnects")
async def disconnects(ctx: CaseContext) -> None:
    if ctx.peer is not None:
        await ctx.peer.close()


@step("the station reconnects")
async def reconnects(ctx: CaseContext) -> None:
    try:
        await _connect_as_station(ctx)
    except Refused as exc:
        raise StepFailed(f"the CSMS refused the connection: {exc}") from None


@step("the {them} closes the connection within {seconds:d} seconds")
async def closes_connection(ctx: CaseContext, seconds: int) -> None:
    if not await ctx.connected().wait_closed(seconds):
        raise StepFailed(f"the connection was still open after {seconds} s")


@step("the charger presented the credentials of {user:q}")
async def presented_credentials(ctx: CaseContext, user: str) -> None:
    if ctx.credentials is None:
        raise StepFailed("the charger sent no HTTP Basic credentials")
    if ctx.credentials[0] != ctx.value(user):
        raise StepFailed(f"the charger authenticated as {ctx.credentials[0]!r}")


# --- what we send, and what comes back -------------------------------------------------


@step("the {us} sends {action:w}", "the {us} sends {action:w} with")
async def we_send(ctx: CaseContext, action: str, table: dict[str, str] | None = None) -> None:
    answer = await send(ctx, action, ctx.payload(action, response=False, table=table))
    if not answer.is_error and answer.payload is not None:
        _remember_transaction(ctx, action, answer.payload)


def _remember_transaction(ctx: CaseContext, action: str, answer: dict[str, Any]) -> None:
    """A 1.6 CSMS names the transaction in its answer to StartTransaction: ${transactionId}."""
    if action == "StartTransaction":
        ctx.variables["transactionId"] = answer["transactionId"]


async def send(ctx: CaseContext, action: str, payload: dict[str, Any]) -> Answer:
    """Send a CALL and keep it and its answer as the case's last; no answer in time, or a
    lost connection, fails the step. A CALLERROR is an answer: the caller judges it."""
    ctx.last_sent = (action, payload)
    try:
        ctx.last_answer = await ctx.connected().call(action, payload, ctx.timeout)
    except TimeoutError:
        raise StepFailed(f"no answer to {action} within {ctx.timeout:.0f} s") from None
    except ConnectionError as exc:
        raise StepFailed(f"{action}: {exc}") from None
    return ctx.last_answer


async def call_for_result(ctx: CaseContext, action: str, payload: dict[str, Any]) -> dict[str, Any]:
    """``send``, where a CALLERROR fails the step; the answer's payload."""
    answer = await send(ctx, action, payload)
    if answer.is_error or answer.payload is None:
        raise StepFailed(f"{action} was answered with CALLERROR {answer.error_code}")
    return answer.payload


@step("the station sends the frame")
async def we_send_raw(ctx: CaseContext, doc: str) -> None:
    await ctx.connected().send_raw(ctx.value(doc.strip()))


@step("the {them} answers", "the {them} answers with")
async def they_answer(ctx: CaseContext, table: dict[str, str] | None = None) -> None:
    answer = ctx.last_answer
    if answer is None:
        raise StepFailed("nothing was sent yet")
    if answer.is_error:
        raise StepFailed(
            f"{answer.action} was answered with CALLERROR {answer.error_code}: "
            f"{answer.error_description}"
        )
    _expect(answer.payload, table, ctx, f"the answer to {answer.action}")


@step("the {them} answers with a CALLERROR", "the {them} answers with a CALLERROR {codes:q}")
async def they_answer_error(ctx: CaseContext, codes: str | None = None) -> None:
    answer = ctx.last_answer
    if answer is None or not answer.is_error:
        raise StepFailed(f"expected a CALLERROR, got {answer.payload if answer else 'nothing'}")
    if codes and answer.error_code not in [c.strip() for c in codes.split(" or ")]:
        raise StepFailed(f"CALLERROR {answer.error_code}, expected {codes}")


@step("the CSMS answers the frame with a CALLERROR {codes:q}")
async def frame_answered_with_error(ctx: CaseContext, codes: str) -> None:
    """After a raw frame: the CSMS's CALLERROR arrives as an answer to no CALL of ours."""
    peer = ctx.connected()
    wanted = [c.strip() for c in codes.split(" or ")]
    deadline = asyncio.get_running_loop().time() + ctx.timeout
    while asyncio.get_running_loop().time() < deadline:
        for entry in reversed(ctx.wire.entries):
            if entry.direction == "<<" and entry.text.startswith("[4,"):
                if any(f'"{code}"' in entry.text for code in wanted):
                    peer.violations[:] = [
                        v for v in peer.violations if "answer to no CALL" not in v
                    ]
                    ctx.new_violations()
                    return
                raise StepFailed(f"the CSMS answered {entry.text}, expected {codes}")
        await asyncio.sleep(0.05)
    raise StepFailed(f"no CALLERROR within {ctx.timeout:.0f} s")


@step("the {us} remembers {path:q} of the answer as {name:q}")
async def remember_from_answer(ctx: CaseContext, path: str, name: str) -> None:
    answer = ctx.last_answer
    if answer is None or answer.payload is None:
        raise StepFailed("there is no answer to remember from")
    _remember(ctx, answer.payload, path, name)


@step("the {us} remembers {path:q} of what it sent as {name:q}")
async def remember_from_sent(ctx: CaseContext, path: str, name: str) -> None:
    if ctx.last_sent is None:
        raise StepFailed("nothing was sent yet")
    _remember(ctx, ctx.last_sent[1], path, name)


@step("the {us} remembers {path:q} of the {them}'s request as {name:q}")
async def remember_from_request(ctx: CaseContext, path: str, name: str) -> None:
    if ctx.last_received is None:
        raise StepFailed("nothing was received yet")
    _remember(ctx, ctx.last_received.payload, path, name)


def _remember(ctx: CaseContext, payload: Any, path: str, name: str) -> None:
    value = get_path(payload, path)
    if value == "<absent>":
        raise StepFailed(f"{path} is absent")
    ctx.variables[name] = value


# --- what the other side sends us ------------------------------------------------------


@step("the {us} will answer {action:w} with")
async def will_answer(ctx: CaseContext, action: str, table: dict[str, str]) -> None:
    ctx.payload(action, response=True, table=table)  # fail now on a bad table, not later
    ctx.answers[action] = table


@step("the {us} will answer {action:w} with a CALLERROR {code:q}")
async def will_answer_error(ctx: CaseContext, action: str, code: str) -> None:
    ctx.answers[action] = call_error(code)


@step("the CSMS is asked to send {action:w}", "the CSMS is asked to send {action:w} with")
async def csms_is_asked(ctx: CaseContext, action: str, table: dict[str, str] | None = None) -> None:
    params = ctx.payload(action, response=False, table=table) if table else {}
    await ctx.instruct("csms", action, params)


@step("the operator is asked to {action}", "the operator is asked to {action} with")
async def operator_is_asked(
    ctx: CaseContext, action: str, table: dict[str, str] | None = None
) -> None:
    params = {k: ctx.value(v) for k, v in (table or {}).items()}
    await ctx.instruct("charger", re.sub(r"\W+", "_", action.strip().lower()), params)


@step("the {them} sends {action:w}", "the {them} sends {action:w} with")
async def they_send(ctx: CaseContext, action: str, table: dict[str, str] | None = None) -> None:
    """The next CALL of ``action`` from the other side that matches the table (earlier ones
    that do not match are passed over: a charger may send several StatusNotifications)."""

    def fits(received: Received) -> bool:
        return all(
            mismatch(received.payload, path, expected, ctx.variables) is None
            for path, expected in (table or {}).items()
        )

    try:
        ctx.last_received = await ctx.connected().expect(action, ctx.timeout, where=fits)
    except TimeoutError:
        raise StepFailed(_nothing_came(ctx, action, table)) from None
    except ConnectionError as exc:
        raise StepFailed(str(exc)) from None


def _nothing_came(ctx: CaseContext, action: str, table: dict[str, str] | None) -> str:
    seen = [r.payload for r in ctx.connected().backlog if r.action == action][-3:]
    wanted = f" with {table}" if table else ""
    also = f"; it did send {seen}" if seen else ""
    return f"no {action}{wanted} within {ctx.timeout:.0f} s{also}"


@step("the {them} sends no {action:w} within {seconds:d} seconds")
async def they_send_nothing(ctx: CaseContext, action: str, seconds: int) -> None:
    try:
        received = await ctx.connected().expect(action, seconds)
    except (TimeoutError, ConnectionError):
        return
    raise StepFailed(f"{action} came: {received.payload}")


@step("the {us} forgets what the {them} sent so far")
async def forget(ctx: CaseContext) -> None:
    ctx.connected().drop_backlog()


# --- offline -------------------------------------------------------------------------------


@step("the station queues {action:w} with")
async def queue_while_offline(ctx: CaseContext, action: str, table: dict[str, str]) -> None:
    ctx.queued.append((action, ctx.payload(action, response=False, table=table)))


@step("the station sends its queued messages")
async def send_queued(ctx: CaseContext) -> None:
    """Replays what was queued offline, in order; each must be answered without error."""
    for action, payload in ctx.queued:
        _remember_transaction(ctx, action, await call_for_result(ctx, action, payload))
    ctx.queued.clear()


# --- time ----------------------------------------------------------------------------------


@step("{seconds:d} seconds pass", "{seconds:d} second passes")
async def seconds_pass(ctx: CaseContext, seconds: int) -> None:
    await asyncio.sleep(seconds)


__all__ = ["REGISTRY", "PayloadError", "match", "run_step", "step"]
