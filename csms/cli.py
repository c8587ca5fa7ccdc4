"""The ``evharness`` command. ``evharness csms`` runs the CSMS; later parts add their own."""

from __future__ import annotations

import asyncio
import logging
import signal
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from csms.config import Settings
from csms.domain.station_access import UnknownStationPolicy

app = typer.Typer(
    help="evharness: OCPP test bench (reference CSMS, virtual stations, conformance).",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()


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
    if settings.world is not None:
        console.print(
            "[red]world files arrive with accounts and charge groups (issue 3); "
            "--world is not available yet[/red]"
        )
        raise typer.Exit(2)
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
) -> None:
    """Run the CSMS on SQLite with demo stations and cards, and print how to use them."""
    from csms.demo import DEMO_ADMIN_TOKEN

    settings = _settings(db=db or "sqlite+aiosqlite:///./evharness-demo.db", host=host)
    if settings.admin_token is None:
        settings.admin_token = DEMO_ADMIN_TOKEN
    logging.basicConfig(
        level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    asyncio.run(_serve(settings, demo=True))


async def _serve(settings: Settings, *, demo: bool = False) -> None:
    from csms.app import Csms

    csms_ = Csms(settings)
    ports = await csms_.start()
    if demo:
        from csms import demo as demo_world

        await demo_world.seed(csms_.db)
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
    if demo:
        _print_demo(settings, ports.ocpp, ports.http)
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
    await stop.wait()
    console.print("stopping...")
    await csms_.stop()


def _print_demo(settings: Settings, ocpp_port: int, http_port: int) -> None:
    """Logins on plain lines, never wrapped or cut, so they can be copied."""
    from csms.demo import CARDS, STATIONS

    lines = [
        "",
        "Demo logins",
        f"  Admin API bearer token: {settings.admin_token}",
        "  Stations (HTTP Basic, user = station id):",
    ]
    for station in STATIONS:
        url = f"ws://{settings.host}:{ocpp_port}{settings.ocpp_path}{station.id}"
        lines.append(f"    {url}  password {station.password}  ({station.note})")
    lines.append("  Cards: " + ", ".join(f"{value} ({label})" for value, _, _, label in CARDS))
    lines.append(
        f"  Try: curl -H 'Authorization: Bearer {settings.admin_token}' "
        f"http://{settings.host}:{http_port}/api/v1/stations"
    )
    print("\n".join(lines), flush=True)


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


if __name__ == "__main__":
    app()
