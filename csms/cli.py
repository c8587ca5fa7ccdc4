"""The ``evharness`` command. ``evharness csms`` runs the CSMS; later parts add their own."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table
from sqlalchemy.exc import SQLAlchemyError

from conformance.cli import app as conformance_app
from csms.config import Settings
from csms.domain.station_access import UnknownStationPolicy
from csms.oslimits import raise_open_files_limit
from csms.world import LoadSummary, WorldError, load_world
from ocppj.versions import OcppVersion

app = typer.Typer(
    help="evharness: OCPP test bench (reference CSMS, virtual stations, conformance).",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()


@app.callback()
def _limits() -> None:
    """Runs before every command: a CSMS or a fleet holds one socket per station."""
    raise_open_files_limit()


def _settings(**flags: Any) -> Settings:
    """Flags given on the command line win; the rest come from EVH_* variables or defaults."""
    try:
        return Settings(**{k: v for k, v in flags.items() if v is not None})
    except ValidationError as exc:
        for error in exc.errors():
            where = ".".join(str(part) for part in error["loc"]) or "settings"
            console.print(f"[red]invalid setting[/red] {where}: {error['msg']}", highlight=False)
        raise typer.Exit(2) from None


@app.command()
def csms(
    db: Annotated[
        str | None, typer.Option(help="database URL [env EVH_DB; default SQLite ./evharness.db]")
    ] = None,
    host: Annotated[str | None, typer.Option(help="address to bind [EVH_HOST; 127.0.0.1]")] = None,
    ocpp_port: Annotated[
        int | None, typer.Option(help="OCPP WebSocket port, profile 1 [EVH_OCPP_PORT; 9000]")
    ] = None,
    http_port: Annotated[
        int | None, typer.Option(help="admin API port [EVH_HTTP_PORT; 8080]")
    ] = None,
    world: Annotated[
        Path | None, typer.Option(help="world file to load at start [EVH_WORLD]")
    ] = None,
    unknown_stations: Annotated[
        UnknownStationPolicy | None,
        typer.Option(help="reject or pending [EVH_UNKNOWN_STATIONS; reject]"),
    ] = None,
    tls_cert: Annotated[
        Path | None,
        typer.Option(help="server certificate: enables profile 2 on --tls-port [EVH_TLS_CERT]"),
    ] = None,
    tls_key: Annotated[Path | None, typer.Option(help="server key [EVH_TLS_KEY]")] = None,
    tls_client_ca: Annotated[
        Path | None,
        typer.Option(
            help="CA of station certificates: enables profile 3 on --mtls-port [EVH_TLS_CLIENT_CA]"
        ),
    ] = None,
    tls_port: Annotated[
        int | None, typer.Option(help="profile 2 port [EVH_TLS_PORT; 9443]")
    ] = None,
    mtls_port: Annotated[
        int | None, typer.Option(help="profile 3 port [EVH_MTLS_PORT; 9444]")
    ] = None,
    log_level: Annotated[str | None, typer.Option(help="[EVH_LOG_LEVEL; INFO]")] = None,
) -> None:
    """Run the reference CSMS: OCPP endpoint and admin API on one event loop."""
    settings = _settings(
        db=db,
        host=host,
        ocpp_port=ocpp_port,
        http_port=http_port,
        world=world,
        unknown_stations=unknown_stations,
        tls_cert=tls_cert,
        tls_key=tls_key,
        tls_client_ca=tls_client_ca,
        tls_port=tls_port,
        mtls_port=mtls_port,
        log_level=log_level,
    )
    logging.basicConfig(
        level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    asyncio.run(_serve(settings))


@app.command()
def demo(
    db: Annotated[
        str | None, typer.Option(help="database URL [EVH_DB; SQLite ./evharness-demo.db]")
    ] = None,
    host: Annotated[str | None, typer.Option(help="address to bind [EVH_HOST; 127.0.0.1]")] = None,
    world: Annotated[
        Path | None,
        typer.Option(help="world file to load [EVH_WORLD; scenarios/worlds/demo.yaml]"),
    ] = None,
    fleet: Annotated[
        Path | None,
        typer.Option(help="fleet of virtual stations to run against it [the demo fleet]"),
    ] = None,
    no_fleet: Annotated[bool, typer.Option("--no-fleet", help="the CSMS alone")] = False,
) -> None:
    """Run the CSMS on SQLite with the demo world loaded and a live fleet of virtual
    stations charging against it, and print how to log in."""
    from csms.demo import DEMO_ADMIN_TOKEN, DEMO_FLEET, DEMO_WORLD

    settings = _settings(db=db or "sqlite+aiosqlite:///./evharness-demo.db", host=host, world=world)
    if settings.admin_token is None:
        settings.admin_token = DEMO_ADMIN_TOKEN
    if settings.world is None:
        settings.world = DEMO_WORLD
        if not DEMO_WORLD.is_file():
            print(
                f"{DEMO_WORLD}: not found; run the demo from the repository root "
                "or pass --world FILE",
                file=sys.stderr,
            )
            raise typer.Exit(2)
    logging.basicConfig(
        level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    asyncio.run(_serve(settings, demo=True, fleet=None if no_fleet else (fleet or DEMO_FLEET)))


async def _serve(settings: Settings, *, demo: bool = False, fleet: Path | None = None) -> None:
    from csms.app import Csms

    csms_ = Csms(settings)
    try:
        ports = await csms_.start()
    except WorldError as exc:
        _print_refusal(exc)
        raise typer.Exit(2) from None
    table = Table(title="evharness CSMS", show_header=False)
    host = settings.host
    table.add_row("OCPP (profile 1)", f"ws://{host}:{ports.ocpp}{settings.ocpp_path}{{station_id}}")
    if ports.tls:
        table.add_row(
            "OCPP (profile 2)", f"wss://{host}:{ports.tls}{settings.ocpp_path}{{station_id}}"
        )
    if ports.mtls:
        table.add_row(
            "OCPP (profile 3)", f"wss://{host}:{ports.mtls}{settings.ocpp_path}{{station_id}}"
        )
    table.add_row("Admin API", f"http://{host}:{ports.http}/api/v1")
    table.add_row("API docs", f"http://{host}:{ports.http}/docs")
    table.add_row("Database", str(csms_.db.url.render_as_string(hide_password=True)))
    console.print(table)
    if csms_.world is not None:
        print(f"World {csms_.world.source}: {_totals(csms_.world)}", flush=True)
        if demo:
            from csms.demo import logins

            lines = logins(csms_.world.world, settings, ocpp_port=ports.ocpp, http_port=ports.http)
            print("\n".join(lines), flush=True)
    if csms_.first_admin_token:
        print(
            f"First admin API token (shown once, stored hashed): {csms_.first_admin_token}",
            flush=True,
        )
    # Machine-readable line for scripts and tests that start the CSMS as a process.
    tls = "".join(
        f" {name}={port}" for name, port in (("tls", ports.tls), ("mtls", ports.mtls)) if port
    )
    print(f"EVH_READY ocpp={ports.ocpp} http={ports.http}{tls}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    fleet_task = None
    if fleet is not None and settings.admin_token is not None:
        fleet_task = asyncio.create_task(
            _fleet(fleet, settings, ocpp=ports.ocpp, http=ports.http, stop=stop)
        )
    await stop.wait()
    console.print("stopping...")
    if fleet_task is not None:
        await asyncio.gather(fleet_task, return_exceptions=True)
    await csms_.stop()


async def _fleet(
    path: Path, settings: Settings, *, ocpp: int, http: int, stop: asyncio.Event
) -> None:
    """The demo's fleet, in the CSMS's own event loop; it stops with the CSMS."""
    from simulator.fleet import FleetError, load_fleet
    from simulator.runner import run_alongside

    try:
        fleet = load_fleet(path)
    except (FleetError, OSError) as exc:
        print(f"fleet {path}: {exc}", file=sys.stderr, flush=True)
        return
    host = settings.host
    print(
        f"Fleet {fleet.name}: virtual stations charging against "
        f"ws://{host}:{ocpp}{settings.ocpp_path} (time x{fleet.time_factor:g}); "
        "--no-fleet to run the CSMS alone",
        flush=True,
    )
    try:
        await run_alongside(
            fleet,
            url=f"ws://{host}:{ocpp}{settings.ocpp_path.rstrip('/')}",
            admin_url=f"http://{host}:{http}/api/v1",
            admin_token=settings.admin_token or "",
            stop=stop,
        )
    except Exception as exc:  # the CSMS keeps running without its fleet
        logging.getLogger("evharness").exception("the demo fleet stopped: %s", exc)


@app.command("token")
def token(
    name: Annotated[str, typer.Option(help="who or what the token is for")],
    db: Annotated[str | None, typer.Option(help="database URL [EVH_DB]")] = None,
) -> None:
    """Issue a new admin API token (printed once, stored hashed)."""
    settings = _settings(db=db)

    async def issue() -> str:
        from csms.db.database import Database
        from csms.db.models import ApiToken
        from csms.db.repositories.api_tokens import ApiTokenRepository
        from csms.domain.credentials import api_token_hash, new_api_token

        database = Database(settings.db)
        await database.migrate()
        value = new_api_token()
        async with database.write() as session:
            ApiTokenRepository(session).add(ApiToken(name=name, token_hash=api_token_hash(value)))
        await database.close()
        return value

    print(asyncio.run(issue()))


world_app = typer.Typer(
    help="World files: a whole environment declared in YAML (scenarios/worlds/*.yaml).",
    no_args_is_help=True,
)
app.add_typer(world_app, name="world")


@world_app.command(
    "load", short_help="Load a world file into a database; loading twice changes nothing."
)
def world_load(
    file: Annotated[Path, typer.Argument(help="the world file (YAML)")],
    db: Annotated[str | None, typer.Option(help="database URL [EVH_DB]")] = None,
) -> None:
    """Load a world file into a database, a running CSMS's too; loading twice changes nothing.

    An invalid file is refused (exit code 2) with FILE:LINE: reason lines, and nothing of it
    is loaded.
    """
    settings = _settings(db=db)

    async def load() -> LoadSummary:
        from csms.db.database import Database

        database = Database(settings.db)
        try:
            await database.migrate()
            return await load_world(database, file)
        finally:
            await database.close()

    try:
        summary = asyncio.run(load())
    except WorldError as exc:
        _print_refusal(exc)
        raise typer.Exit(2) from None
    except (SQLAlchemyError, OSError) as exc:
        print(f"{file}: not loaded, the database failed: {exc}", file=sys.stderr)
        raise typer.Exit(1) from None
    table = Table(title=f"World {summary.source}")
    table.add_column("kind")
    for column in ("created", "updated", "unchanged", "removed"):
        table.add_column(column, justify="right")
    for kind, counts in summary.counts.items():
        table.add_row(
            kind,
            *(str(getattr(counts, c)) for c in ("created", "updated", "unchanged", "removed")),
        )
    console.print(table)
    print(f"World {summary.source}: {_totals(summary)}")


def _totals(summary: LoadSummary) -> str:
    t = summary.total
    text = f"{t.created} created, {t.updated} updated, {t.unchanged} unchanged"
    return text + (f", {t.removed} removed" if t.removed else "")


def _print_refusal(exc: WorldError) -> None:
    """The problems on plain lines (never wrapped), and that nothing was loaded."""
    for problem in exc.problems:
        print(problem, file=sys.stderr)
    source = exc.problems[0].file if exc.problems else "world file"
    print(f"{source}: refused; nothing was loaded", file=sys.stderr, flush=True)


billing_app = typer.Typer(
    help="Monthly billing: invoices from CDRs and subscriptions, and their reconciliation.",
    no_args_is_help=True,
)
app.add_typer(billing_app, name="billing")

PeriodOption = Annotated[str, typer.Option(help="the month to bill, like 2026-11")]
TenantOption = Annotated[
    str | None, typer.Option(help="tenant slug (may be left out when there is one tenant)")
]


def _billing(db: str | None, tenant: str | None, work: Any) -> Any:
    """Run ``work(database, tenant_id)`` on a migrated database; exit 2 on a bad tenant or
    period, 1 when the database fails."""
    settings = _settings(db=db)

    async def main() -> Any:
        from sqlalchemy import select

        from csms.db.database import Database
        from csms.db.models import Tenant

        database = Database(settings.db)
        try:
            await database.migrate()
            async with database.read() as session:
                query = select(Tenant)
                if tenant is not None:
                    query = query.where(Tenant.slug == tenant)
                found = list(await session.scalars(query.limit(2)))
            if not found:
                raise ValueError(f"tenant {tenant!r} not found" if tenant else "no tenant yet")
            if len(found) > 1:
                raise ValueError("several tenants: name one with --tenant SLUG")
            return await work(database, found[0].id)
        finally:
            await database.close()

    from csms.services.errors import ServiceError

    try:
        return asyncio.run(main())
    except (ValueError, ServiceError) as exc:
        print(f"billing: {exc}", file=sys.stderr)
        raise typer.Exit(2) from None
    except (SQLAlchemyError, OSError) as exc:
        print(f"billing: the database failed: {exc}", file=sys.stderr)
        raise typer.Exit(1) from None


@billing_app.command("run")
def billing_run(
    period: PeriodOption,
    tenant: TenantOption = None,
    db: Annotated[str | None, typer.Option(help="database URL [EVH_DB]")] = None,
    draft: Annotated[bool, typer.Option(help="leave every invoice a draft (no numbers)")] = False,
) -> None:
    """Bill a period once: a second run of the same period changes nothing."""
    from csms.services.billing import BillingService
    from csms.services.clock import Clock

    summary = _billing(
        db,
        tenant,
        lambda database, tenant_id: BillingService(database, Clock()).bill(
            tenant_id, period, issue=not draft
        ),
    )
    table = Table(title=f"Billing run {summary.period}")
    table.add_column("run")
    table.add_column("new", justify="center")
    table.add_column("invoices", justify="right")
    table.add_column("CDRs", justify="right")
    table.add_column("total excl. VAT", justify="right")
    table.add_row(
        str(summary.id),
        "yes" if summary.created else "no (ran before)",
        str(summary.invoices),
        str(summary.cdrs),
        str(summary.total_excl_vat),
    )
    console.print(table)


@billing_app.command("reconcile")
def billing_reconcile(
    period: PeriodOption,
    tenant: TenantOption = None,
    db: Annotated[str | None, typer.Option(help="database URL [EVH_DB]")] = None,
) -> None:
    """Compare a period's CDRs with its invoice lines; exit code 1 when they differ."""
    from csms.services.billing import BillingService
    from csms.services.clock import Clock

    report = _billing(
        db,
        tenant,
        lambda database, tenant_id: BillingService(database, Clock()).reconcile(tenant_id, period),
    )
    table = Table(title=f"Reconciliation {report.period}")
    table.add_column("")
    table.add_column("excl. VAT", justify="right")
    table.add_column("VAT", justify="right")
    table.add_column("incl. VAT", justify="right")
    for label, amounts in (
        ("CDRs billed", report.cdrs_total),
        ("invoice lines", report.lines_total),
    ):
        table.add_row(label, str(amounts.excl_vat), str(amounts.vat), str(amounts.incl_vat))
    console.print(table)
    if report.unbilled:
        unbilled = Table(title="Not billed by this run")
        unbilled.add_column("CDR", justify="right")
        unbilled.add_column("reason")
        for item in report.unbilled:
            unbilled.add_row(str(item.cdr_id), item.reason)
        console.print(unbilled)
    for difference in report.differences:
        where = f"CDR {difference.cdr_id}: " if difference.cdr_id is not None else ""
        print(f"DIFFERENCE {where}{difference.problem}")
    print(f"{report.period}: {'reconciled' if report.ok else 'NOT reconciled'}", flush=True)
    if not report.ok:
        raise typer.Exit(1)


sim_app = typer.Typer(
    help="The simulator: fleets of virtual charging stations (scenarios/fleets/*.yaml).",
    no_args_is_help=True,
)
app.add_typer(sim_app, name="sim")
app.add_typer(conformance_app, name="conformance")


@sim_app.command("run")
def sim_run(
    file: Annotated[Path, typer.Argument(help="the fleet file (YAML)")],
    csms_url: Annotated[
        str | None,
        typer.Option("--csms", help="OCPP base URL, like ws://127.0.0.1:9000/ocpp [file]"),
    ] = None,
    stations: Annotated[
        int | None, typer.Option(help="scale the generated stations to N in all", min=1)
    ] = None,
    duration: Annotated[
        str | None, typer.Option(help="real time to run, like 90s, 5m, 1h [file: duration]")
    ] = None,
    workers: Annotated[int, typer.Option(help="processes to split the stations over", min=1)] = 1,
    metrics_port: Annotated[
        int | None, typer.Option(help="serve Prometheus metrics on this port")
    ] = None,
    summary: Annotated[
        list[Path] | None,
        typer.Option(help="write the summary here at the end: .json or .csv (repeatable)"),
    ] = None,
    live: Annotated[bool, typer.Option(help="show the live view")] = True,
    source_addresses: Annotated[
        int | None,
        typer.Option(help="connect from 127.0.0.1..N (past the ephemeral port limit)", min=1),
    ] = None,
    create_stations: Annotated[
        bool | None,
        typer.Option(help="register stations and cards through the admin API first"),
    ] = None,
    admin_url: Annotated[
        str | None, typer.Option(help="admin API base [file: csms.admin_url]")
    ] = None,
    admin_token: Annotated[
        str | None, typer.Option(help="admin API token [file; EVH_ADMIN_TOKEN]")
    ] = None,
) -> None:
    """Run a fleet of virtual stations against a CSMS; Ctrl-C stops it cleanly."""
    from simulator.fleet import FleetError, load_fleet, parse_duration, scaled
    from simulator.runner import RegistrationError, RunOptions, run_fleet

    try:
        fleet = load_fleet(file)
        if stations is not None:
            fleet = scaled(fleet, stations)
        seconds = parse_duration(duration) if duration is not None else None
    except FleetError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{file}: refused", file=sys.stderr, flush=True)
        raise typer.Exit(2) from None
    except ValueError as exc:
        print(f"{file}: {exc}", file=sys.stderr)
        raise typer.Exit(2) from None
    options = RunOptions(
        url=csms_url,
        duration_s=seconds,
        workers=workers,
        metrics_port=metrics_port,
        summary=list(summary or []),
        live=live,
        source_addresses=source_addresses,
        create_stations=create_stations,
        admin_url=admin_url,
        admin_token=admin_token,
    )
    try:
        result = run_fleet(fleet, options, console=console)
    except KeyboardInterrupt:  # before the stations started (registering them)
        print(f"{file}: interrupted", file=sys.stderr)
        raise typer.Exit(130) from None
    except RegistrationError as exc:
        print(f"{file}: {exc}", file=sys.stderr)
        raise typer.Exit(1) from None
    except FleetError as exc:  # a scaled fleet can still make an id or password too long
        print(exc, file=sys.stderr)
        raise typer.Exit(2) from None
    data = result.summary
    p = {k: "-" if v is None else v for k, v in data["latency_ms"].items()}
    print(
        f"fleet {fleet.name}: {data['run']['stations']} stations, {data['exchanges']} exchanges, "
        f"{data['errors']} errors, p50/p95/p99 {p['p50']}/{p['p95']}/{p['p99']} ms"
        + (" (interrupted)" if result.interrupted else ""),
        flush=True,
    )


if __name__ == "__main__":
    app()


@sim_app.command("station")
def sim_station(
    csms_url: Annotated[
        str, typer.Option("--csms", help="OCPP base URL, like ws://127.0.0.1:9000/ocpp")
    ],
    station_id: Annotated[str, typer.Option("--id", help="the station id")] = "EVH-SIM-1",
    version: Annotated[
        OcppVersion, typer.Option(parser=OcppVersion.parse, help="1.6, 2.0.1 or 2.1")
    ] = OcppVersion.V16,
    model: Annotated[str, typer.Option(help="catalogue model (scenarios/catalogue)")] = "home-11kw",
    password: Annotated[str | None, typer.Option(help="HTTP Basic password")] = None,
    control_port: Annotated[
        int | None,
        typer.Option(help="serve the control hook (plug in, present a card...) on this port"),
    ] = None,
    setting: Annotated[
        list[str] | None,
        typer.Option("--setting", help="configuration key override KEY=VALUE (repeatable)"),
    ] = None,
    time_factor: Annotated[float, typer.Option(help="simulated seconds per real second")] = 1.0,
) -> None:
    """Run one virtual station until Ctrl-C (or SIGTERM), optionally with its control hook:
    the charger a conformance run (`evharness conformance station --hook`) drives."""
    from simulator.catalogue import load_catalogue
    from simulator.clock import SimClock
    from simulator.control import serve_control
    from simulator.station import Station, StationSpec

    catalogue = load_catalogue()
    if model not in catalogue:
        raise typer.BadParameter(f"--model {model}: one of {', '.join(catalogue)}")
    overrides = dict(pair.partition("=")[::2] for pair in setting or [])
    spec = StationSpec(station_id, version, catalogue[model], password=password, settings=overrides)

    async def main() -> None:
        station = Station(spec, csms_url, clock=SimClock(time_factor))
        control = None
        if control_port is not None:
            control = await serve_control(station, "127.0.0.1", control_port)
            print(f"control hook on http://127.0.0.1:{control_port}/", flush=True)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        running = asyncio.create_task(station.run())
        await stop.wait()
        await station.stop()
        running.cancel()
        if control is not None:
            control.should_exit = True

    asyncio.run(main())
