"""``evharness demo``: the CSMS with the demo world (scenarios/worlds/demo.yaml) loaded, and
the logins it declares printed on plain lines so they can be copied."""

from __future__ import annotations

from pathlib import Path

from csms.config import Settings
from csms.world.schema import WorldFile

DEMO_ADMIN_TOKEN = "evh_demo_admin_token_not_for_production"
DEMO_WORLD = Path("scenarios/worlds/demo.yaml")  # relative to the current directory
DEMO_FLEET = Path("scenarios/fleets/demo.yaml")
CARDS_SHOWN = 10


def logins(world: WorldFile, settings: Settings, *, ocpp_port: int, http_port: int) -> list[str]:
    """What to log in with: the admin token, the users, the stations, a few cards."""
    host = settings.host
    lines = ["", "Demo logins", f"  Admin API bearer token: {settings.admin_token}"]
    for tenant in world.tenants:
        lines.append(f"  Tenant {tenant.slug} ({tenant.name})")
        if tenant.users:
            lines.append("    Users (email, password, roles):")
        for user in tenant.users:
            password = f"password {user.password}" if user.password else "invited, no password"
            roles = ", ".join(
                r.role + (f" of {r.account or r.operator}" if r.account or r.operator else "")
                for r in user.roles
            )
            lines.append(f"      {user.email}  {password}  ({roles or 'no roles'})")
        lines.append("    Stations (OCPP URL, HTTP Basic user = station id):")
        for location in tenant.locations:
            for station in location.stations:
                url = f"ws://{host}:{ocpp_port}{settings.ocpp_path}{station.id}"
                password = f"password {station.password}" if station.password else "no password"
                note = location.name + ("" if station.visible else ", invisible")
                lines.append(f"      {url}  {password}  ({note})")
        if tenant.cards:
            shown = tenant.cards[:CARDS_SHOWN]
            more = len(tenant.cards) - len(shown)
            lines.append("    Cards" + (f" ({more} more in the world file):" if more else ":"))
        for card in tenant.cards[:CARDS_SHOWN]:
            notes = [card.label or card.type, card.status]
            if card.provider:
                notes.append(f"roaming via {card.provider}")
            if card.expires_at:
                notes.append(f"expires {card.expires_at:%Y-%m-%d}")
            lines.append(f"      {card.value}  ({'; '.join(notes)})")
    lines.append(
        f"  Try: curl -H 'Authorization: Bearer {settings.admin_token}' "
        f"http://{host}:{http_port}/api/v1/stations"
    )
    return lines
