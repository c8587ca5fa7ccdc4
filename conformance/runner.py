"""Runs a plan: each case in turn, its steps in order, until one fails. Every case gets its
own wire log; a case that fails leaves the rest of the plan running."""

from __future__ import annotations

import asyncio
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from conformance import vocabulary  # noqa: F401  (registers the steps)
from conformance.context import CSMS, CaseContext, RunConfig, StepFailed
from conformance.operators import OperatorError
from conformance.plan import PlannedCase
from conformance.vocabulary.base import run_step
from conformance.wire import WireLog

PASSED, FAILED, ERROR, SKIPPED = "passed", "failed", "error", "skipped"


@dataclass
class StepResult:
    keyword: str
    text: str
    status: str
    seconds: float = 0.0
    message: str = ""


@dataclass
class CaseResult:
    case: PlannedCase
    status: str
    started: datetime
    seconds: float
    steps: list[StepResult] = field(default_factory=list)
    message: str = ""
    wire: WireLog = field(default_factory=WireLog)


async def run_plan(
    cases: list[PlannedCase],
    config: RunConfig,
    *,
    progress: Callable[[CaseResult], None] | None = None,
    case_timeout: float = 300,
) -> list[CaseResult]:
    results = []
    for planned in cases:
        result = await run_case(planned, config, case_timeout=case_timeout)
        results.append(result)
        if progress:
            progress(result)
    return results


async def run_case(planned: PlannedCase, config: RunConfig, *, case_timeout: float) -> CaseResult:
    ctx = CaseContext(config, planned)
    started, clock = datetime.now(UTC), time.monotonic()
    result = CaseResult(planned, PASSED, started, 0.0, wire=ctx.wire)
    ctx.wire.note(f"case {planned.id}: {planned.name} ({planned.source})")
    try:
        async with asyncio.timeout(case_timeout):
            for step in planned.steps:
                step_clock = time.monotonic()
                outcome = StepResult(step.keyword, step.text, PASSED)
                result.steps.append(outcome)
                try:
                    await run_step(ctx, step)
                except (StepFailed, OperatorError) as exc:
                    outcome.status, outcome.message = FAILED, str(exc)
                    result.status, result.message = FAILED, f"{step.text}: {exc}"
                except Exception as exc:
                    outcome.status, outcome.message = ERROR, f"{type(exc).__name__}: {exc}"
                    result.status = ERROR
                    result.message = f"{step.text}: {outcome.message}"
                    ctx.wire.note(traceback.format_exc())
                finally:
                    outcome.seconds = time.monotonic() - step_clock
                if outcome.status != PASSED:
                    break
    except TimeoutError:
        result.status, result.message = FAILED, f"the case took longer than {case_timeout:.0f} s"
    finally:
        await _close(ctx)
    done = {s.text for s in result.steps}
    result.steps += (
        [StepResult(s.keyword, s.text, SKIPPED) for s in planned.steps[len(result.steps) :]]
        if len(done) < len(planned.steps)
        else []
    )
    result.seconds = time.monotonic() - clock
    ctx.wire.note(
        f"case {planned.id} {result.status}" + (f": {result.message}" if result.message else "")
    )
    return result


async def _close(ctx: CaseContext) -> None:
    """A station plan hangs up after every case, as the OCA tool does; the charger keeps its
    connection for the next case unless a case reset it."""
    if ctx.peer is not None and ctx.config.side == CSMS:
        await ctx.peer.close()
