"""``evharness conformance``: run a plan against a CSMS or a charger, and count coverage."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml
from rich.console import Console
from rich.table import Table

from conformance.catalogue import catalogue
from conformance.connections import ChargerListener, CsmsTarget
from conformance.context import CHARGER, CSMS, RunConfig
from conformance.coverage import SIDES, coverage
from conformance.operators import (
    EvharnessOperator,
    HookOperator,
    Operator,
    OperatorError,
    TerminalOperator,
)
from conformance.plan import PlanError, load_plan
from conformance.report import counts, write_reports
from conformance.runner import PASSED, CaseResult, run_plan
from ocppj.versions import OcppVersion

app = typer.Typer(
    help="OCPP conformance plans (OCA test-case IDs): test a CSMS with our stations, or a "
    "charger with our test system.",
    no_args_is_help=True,
)
console = Console(stderr=True)

DEFAULT_TAGS = {
    "valid_id_tag": "EVH-VALID-01",
    "invalid_id_tag": "EVH-INVALID-01",
    "blocked_id_tag": "EVH-BLOCKED-01",
    "expired_id_tag": "EVH-EXPIRED-01",
    "group_id_tag": "EVH-GROUP-01",
    "child_id_tag": "EVH-CHILD-01",  # a second valid tag under group_id_tag (TC_053_CSMS)
}

Version = Annotated[OcppVersion, typer.Option(parser=OcppVersion.parse, help="1.6 or 2.0.1")]
Profiles = Annotated[
    list[str] | None, typer.Option("--profile", help="run one profile (repeatable), e.g. core")
]
Cases = Annotated[list[str] | None, typer.Option("--case", help="run one case ID (repeatable)")]
Out = Annotated[Path, typer.Option(help="where junit.xml, report.html and wire/ go")]
Variables = Annotated[
    list[str] | None,
    typer.Option("--set", help="a plan variable, NAME=VALUE (repeatable), e.g. valid_id_tag=ABC"),
]
Config = Annotated[Path | None, typer.Option(help="YAML file of plan variables")]
Timeout = Annotated[float, typer.Option(help="seconds a step waits for the other side")]
Hook = Annotated[
    str | None, typer.Option(help="URL that carries out operator instructions (POSTed as JSON)")
]


@app.command("csms")
def run_against_csms(
    target: Annotated[str, typer.Option(help="the CSMS's OCPP URL, without the station id")],
    version: Version = OcppVersion.V16,
    profile: Profiles = None,
    case: Cases = None,
    station_id: Annotated[str, typer.Option(help="the station id we connect as")] = "EVH-CONF-1",
    password: Annotated[str | None, typer.Option(help="HTTP Basic password")] = None,
    hook: Hook = None,
    admin_api: Annotated[
        str | None,
        typer.Option(help="our CSMS's admin API URL: provision and command through it"),
    ] = None,
    admin_token: Annotated[str | None, typer.Option(envvar="EVH_ADMIN_TOKEN")] = None,
    out: Out = Path("conformance-report"),
    set_: Variables = None,
    config: Config = None,
    timeout: Timeout = 30.0,
    ca_file: Annotated[
        Path | None, typer.Option(help="CA of the CSMS's server certificate (wss://)")
    ] = None,
    cert: Annotated[
        Path | None, typer.Option(help="the station's client certificate (security profile 3)")
    ] = None,
    key: Annotated[
        Path | None, typer.Option(help="the key of --cert (when not in the same file)")
    ] = None,
) -> None:
    """Test a CSMS: our station runs the CSMS-side cases against TARGET.

    Cases that need the CSMS to act (a remote start, a reset) ask the operator on the
    terminal, POST to --hook, or, with --admin-api, use our CSMS's admin API. The TLS cases
    connect to the CSMS's wss:// endpoints (the plan variables tls_target and mtls_target,
    or TARGET itself when it is wss://) with --ca-file, and --cert/--key for profile 3.
    """
    variables = _variables(set_, config)
    if admin_api and not admin_token:
        raise typer.BadParameter("--admin-api needs --admin-token (or EVH_ADMIN_TOKEN)")
    operator: Operator
    if admin_api:
        operator = EvharnessOperator(admin_api, admin_token or "")
    elif hook:
        operator = HookOperator(hook)
    else:
        operator = TerminalOperator()
    run_config = RunConfig(
        CSMS,
        version,
        station_id,
        operator,
        target=CsmsTarget(
            target,
            version,
            station_id,
            password,
            ca_file=str(ca_file) if ca_file else None,
            cert_file=str(cert) if cert else None,
            key_file=str(key) if key else None,
        ),
        variables=variables,
        timeout=timeout,
    )

    async def prepare() -> None:
        if isinstance(operator, EvharnessOperator):
            tags = {k: v for k, v in variables.items() if k.endswith("_id_tag")}
            await operator.provision(station_id, password, tags)

    _run(run_config, profile, case, out, f"OCPP {version} CSMS conformance", prepare)


@app.command("station")
def run_against_charger(
    listen: Annotated[int, typer.Option(help="port the charger connects to (0: any free)")],
    version: Version = OcppVersion.V16,
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    profile: Profiles = None,
    case: Cases = None,
    station_id: Annotated[str, typer.Option(help="the charger's id")] = "EVH-CONF-1",
    hook: Hook = None,
    out: Out = Path("conformance-report"),
    set_: Variables = None,
    config: Config = None,
    timeout: Timeout = 60.0,
) -> None:
    """Test a charger: wait for it to connect on --listen and run the charger-side cases,
    playing the CSMS as the OCA test tool does. Manual steps (plug in, present a card) ask
    the operator on the terminal, or POST to --hook."""
    listener = ChargerListener(host, listen, version)
    run_config = RunConfig(
        CHARGER,
        version,
        station_id,
        HookOperator(hook) if hook else TerminalOperator(),
        listener=listener,
        variables=_variables(set_, config),
        timeout=timeout,
    )

    async def prepare() -> None:
        port = await listener.start()
        print(f"listening on ws://{host}:{port}/ (OCPP {version})", flush=True)

    _run(run_config, profile, case, out, f"OCPP {version} charger conformance", prepare)


@app.command("coverage")
def show_coverage(
    missing: Annotated[bool, typer.Option(help="list the case IDs not yet implemented")] = False,
    markdown: Annotated[bool, typer.Option(help="print a Markdown table (for the README)")] = False,
) -> None:
    """Implemented cases per version, side and profile, against the OCA catalogues."""
    rows = coverage()
    totals: dict[tuple[str, str], list[int]] = {}
    for row in rows:
        total = totals.setdefault((row.version, row.side), [0, 0])
        total[0] += row.implemented
        total[1] += row.total
    if markdown:
        print("| version | tested side | profile | implemented | of |")
        print("| --- | --- | --- | ---: | ---: |")
        for row in rows:
            print(
                f"| {row.version} | {SIDES[row.side]} | {row.profile} | {row.implemented} "
                f"| {row.total} |"
            )
        for (version, side), (done, of) in totals.items():
            print(f"| {version} | {SIDES[side]} | **all profiles** | **{done}** | **{of}** |")
        return
    table = Table(title="OCPP conformance coverage (OCA test cases)")
    for column in ("version", "tested side", "profile", "implemented", "of", "share"):
        table.add_column(column, justify="right" if column in ("implemented", "of") else "left")
    for row in rows:
        share = f"{100 * row.implemented / row.total:.0f} %" if row.total else "-"
        table.add_row(
            row.version, SIDES[row.side], row.profile, str(row.implemented), str(row.total), share
        )
        if missing and row.missing:
            table.add_row("", "", "  missing", " ".join(row.missing), "", "")
    for (version, side), (done, of) in totals.items():
        table.add_row(
            version,
            SIDES[side],
            "all profiles",
            str(done),
            str(of),
            f"{100 * done / of:.0f} %",
            style="bold",
        )
    Console().print(table)


def _variables(pairs: list[str] | None, config: Path | None) -> dict[str, Any]:
    values: dict[str, Any] = dict(DEFAULT_TAGS)
    if config is not None:
        loaded = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
        if not isinstance(loaded, dict):
            raise typer.BadParameter(f"{config}: expected NAME: VALUE lines")
        values.update({str(k): v for k, v in loaded.items()})
    for pair in pairs or []:
        name, sep, value = pair.partition("=")
        if not sep:
            raise typer.BadParameter(f"--set {pair!r}: expected NAME=VALUE")
        values[name] = value
    return values


def _run(
    config: RunConfig,
    profiles: list[str] | None,
    ids: list[str] | None,
    out: Path,
    title: str,
    prepare: Any,
) -> None:
    if config.version not in (OcppVersion.V16, OcppVersion.V201):
        raise typer.BadParameter(f"--version {config.version}: 1.6 or 2.0.1")
    unknown = [i for i in ids or [] if i not in catalogue(config.version)]
    if unknown:
        raise typer.BadParameter(f"not in the OCPP {config.version} catalogue: {unknown}")
    try:
        cases = load_plan(config.version, config.side, profiles=profiles or (), ids=ids or ())
    except PlanError as exc:
        console.print(f"[red]plan error[/red]: {exc}")
        raise typer.Exit(2) from None
    absent = sorted(set(ids or ()) - {c.id for c in cases})
    if absent:
        console.print(f"[red]not implemented in the plan yet[/red]: {', '.join(absent)}")
        raise typer.Exit(2)
    if not cases:
        console.print("[red]no case matches[/red] the --profile/--case filters")
        raise typer.Exit(2)

    def progress(result: CaseResult) -> None:
        colour = "green" if result.status == PASSED else "red"
        console.print(
            f"[{colour}]{result.status:>7}[/{colour}] {result.case.id:<16} {result.case.name}"
            f" [dim]({result.seconds:.1f} s)[/dim]"
            + (f"\n          [red]{result.message}[/red]" if result.message else "")
        )

    async def main() -> list[CaseResult]:
        try:
            await prepare()
            return await run_plan(cases, config, progress=progress)
        finally:
            if config.charger is not None:
                await config.charger.close()
            if config.listener is not None:
                await config.listener.stop()
            await config.operator.close()

    try:
        results = asyncio.run(main())
    except OperatorError as exc:
        console.print(f"[red]could not prepare the run[/red]: {exc}")
        raise typer.Exit(2) from None
    paths = write_reports(results, out, title=title)
    tally = counts(results)
    print(
        f"{title}: {tally[PASSED]} passed, {len(results) - tally[PASSED]} not passed, "
        f"of {len(results)} cases; {paths['junit']}, {paths['html']}, {paths['wire']}/",
        file=sys.stdout,
    )
    if tally[PASSED] != len(results):
        raise typer.Exit(1)
