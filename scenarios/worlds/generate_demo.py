"""Writes scenarios/worlds/demo.yaml, the world ``evharness demo`` loads.

Run it from the repository root after changing it, and commit both files:

    .venv/bin/python scenarios/worlds/generate_demo.py           # rewrite demo.yaml
    .venv/bin/python scenarios/worlds/generate_demo.py --check   # exit 1 if demo.yaml differs

Names, companies, addresses, phone numbers, VAT numbers, card UIDs and passwords come from
Faker (locale nl_NL) seeded with SEED, so the output is reproducible: the same Faker version
writes the same file byte for byte. Faker may change its data between versions; the version
that wrote the file is recorded in its header, and the test extra (pyproject.toml) pins it:
move the pin and run this script together. Edit this script, not the YAML.

The world is one tenant (terms and privacy links set) with the situations the product is
about:

- an installer company with three connected customers (a bakery, a dental practice, a garage),
  each with its own location and stations attached to it;
- an employer company (with a subsidiary) whose three employees charge at home: each has a
  Home charge group (roaming ticked, so a spouse's third-party card can charge too) with the
  employee attached at a reimbursed tariff, and a card; one spouse has a roaming card of
  another provider;
- a hotel chain that is also an operator: two hotels, one station invisible (only the
  operator's private network, two customers, may use it), grids per hotel, and an Other charge
  group at the second hotel open only to the customers attached to it;
- a public charge group open to all customers and roaming, over the connected customers'
  stations and the first hotel's visible ones;
- two private drivers with cards, a blocked card and an expired card;
- the tariffs the charge groups name (OCPI 2.2.1 elements, prices excl. VAT as strings): a
  public tariff with a blocking fee, the hotels' day/night guest tariff and partner rate, the
  employer's home tariffs, and its reimbursement tariff for home charging (CA-4);
- users, each with a demo password: a tenant admin, a support user, the installer's admin,
  the employer's company admin and an operator user of the hotel chain.

Every station has a password (security profile 1).
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import faker
import yaml
from faker import Faker

SEED = 20261121
OUT = Path(__file__).with_name("demo.yaml")


def _energy(price: str, vat: str | None = "21", **restrictions: Any) -> dict[str, Any]:
    component: dict[str, Any] = {"type": "ENERGY", "price": price}
    if vat is not None:
        component["vat"] = vat
    component["step_size"] = 1
    element: dict[str, Any] = {"price_components": [component]}
    if restrictions:
        element["restrictions"] = restrictions
    return element


# Fixed, not from Faker, so adding them left the rest of the file as it was.
TARIFFS: list[dict[str, Any]] = [
    {
        "ref": "public-standard",
        "name": "Public charging",
        "elements": [
            _energy("0.45"),
            {
                # A blocking fee: parked (not charging) after two hours, per started minute.
                "price_components": [
                    {"type": "PARKING_TIME", "price": "6.00", "vat": "21", "step_size": 60}
                ],
                "restrictions": {"min_duration": 7200},
            },
        ],
    },
    {
        "ref": "hotel-guest",
        "name": "Hotel guests",
        "owner": "hotels",
        "elements": [
            {"price_components": [{"type": "FLAT", "price": "1.00", "vat": "21", "step_size": 1}]},
            _energy("0.39", start_time="07:00", end_time="23:00"),
            _energy("0.29"),
        ],
        "max_price": {"excl_vat": "25.00", "incl_vat": "30.25"},
    },
    {
        "ref": "partner-rate",
        "name": "Partner rate",
        "owner": "hotels",
        "elements": [_energy("0.32")],
    },
    {
        "ref": "home-reimbursed",
        "name": "Home charger, other drivers",
        "owner": "employer",
        "elements": [_energy("0.35")],
    },
    {
        "ref": "employee-home",
        "name": "Employee at their own home charger (reimbursed separately)",
        "owner": "employer",
        "elements": [_energy("0.00")],
    },
    {
        "ref": "employer-reimbursement",
        "name": "Home charging reimbursement",
        "purpose": "reimbursement",
        "owner": "employer",
        "elements": [_energy("0.35", vat=None)],
    },
]


class _Dumper(yaml.SafeDumper):
    """Block style with list items indented under their key."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> Any:
        return super().increase_indent(flow, False)


def capitalised(text: str) -> str:
    """Dutch surnames may start with "van" or "de"; a name that starts a title does not."""
    return text[:1].upper() + text[1:]


def slug(text: str) -> str:
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")


class Demo:
    def __init__(self, seed: int = SEED):
        self.fake = Faker("nl_NL")
        self.fake.seed_instance(seed)

    def person(self) -> tuple[str, str]:
        """A name and a ref made of it."""
        first, last = self.fake.first_name(), self.fake.last_name()
        return f"{first} {last}", slug(f"{first} {last}")

    def email(self, name: str, domain: str) -> str:
        return f"{slug(name).replace('-', '.')}@{domain}"

    def password(self, length: int) -> str:
        return self.fake.password(length=length, special_chars=False)

    def uid(self) -> str:
        """A 7-byte ISO 14443 card UID, as a reader reports it."""
        return "04" + self.fake.hexify("^" * 12, upper=True)

    def company(self, ref: str, name: str, customer_type: str = "company") -> dict[str, Any]:
        domain = f"{slug(name)}.example"
        return {
            "ref": ref,
            "name": name,
            "customer_type": customer_type,
            "account_type": "business",
            "email": f"info@{domain}",
            "company_name": f"{name} B.V.",
            "vat_number": self.fake.vat_id(),
            "company_address": f"{self.fake.street_address()}, {self.fake.postcode()} "
            f"{self.fake.city()}",
        }

    def station(self, station_id: str, **extra: Any) -> dict[str, Any]:
        return {"id": station_id, "password": self.password(20), "security_profile": 1, **extra}

    def location(self, ref: str, name: str, account: str, **extra: Any) -> dict[str, Any]:
        return {
            "ref": ref,
            "name": name,
            "address": self.fake.street_address(),
            "city": self.fake.city(),
            "country": "NL",
            "timezone": "Europe/Amsterdam",
            "account": account,
            **extra,
        }

    def world(self) -> dict[str, Any]:
        fake = self.fake
        brand = capitalised(f"{fake.last_name()} Laadnet")
        domain = f"{slug(brand)}.example"

        # An installer and the customers it connected.
        installer = self.company(
            "installer", capitalised(f"{fake.last_name()} Installatietechniek")
        )
        connected = [
            self.company("bakery", f"Bakkerij {fake.last_name()}"),
            self.company("dentist", f"Tandartspraktijk {fake.last_name()}"),
            self.company("garage", f"Autobedrijf {fake.last_name()}"),
        ]
        installer["connected_accounts"] = connected
        customer_locations = []
        public_stations = []
        for account, count in zip(connected, (1, 1, 2), strict=True):
            code = account["ref"].upper()
            stations = [
                self.station(f"DEMO-{code}-{n:02d}", customer=account["ref"])
                for n in range(1, count + 1)
            ]
            public_stations += [s["id"] for s in stations]
            customer_locations.append(
                self.location(
                    f"{account['ref']}-site",
                    account["name"],
                    account["ref"],
                    publish_to_roaming=True,
                    stations=stations,
                )
            )

        # An employer whose employees charge at home.
        employer = self.company("employer", capitalised(f"{fake.last_name()} Logistiek"))
        employer["sub_accounts"] = [
            {
                **self.company("employer-services", f"{employer['name']} Services"),
                "sub_account_type": "subsidiary",
            }
        ]
        employees, homes, home_groups, cards = [], [], [], []
        for n in range(1, 4):
            name, ref = self.person()
            employees.append(
                {
                    "ref": ref,
                    "name": name,
                    "email": self.email(name, f"{slug(employer['name'])}.example"),
                    "reimbursement_rate": "0.35",
                }
            )
            station_id = f"DEMO-HOME-{n:02d}"
            homes.append(
                self.location(
                    f"home-{ref}",
                    f"Home of {name}",
                    ref,
                    stations=[self.station(station_id, customer=ref)],
                )
            )
            home_groups.append(
                {
                    "name": f"Home {name}",
                    "info": "Home charging, reimbursed by the employer. Roaming is ticked so "
                    "a partner's card can charge too.",
                    "type": "home",
                    "tariff": "home-reimbursed",
                    "all_customers": False,
                    "roaming": True,
                    "account": ref,
                    "stations": [station_id],
                    "customers": [{"account": ref, "tariff": "employee-home"}],
                }
            )
            cards.append({"value": self.uid(), "account": ref, "label": f"{name}'s card"})
        employer["employees"] = employees
        spouse, _ = self.person()
        cards.append(
            {
                "value": self.uid(),
                "provider": "NL-EMS",
                "label": f"{spouse}'s card (partner of {employees[0]['name']})",
            }
        )

        # Private drivers.
        drivers = []
        for _ in range(2):
            name, ref = self.person()
            drivers.append(
                {
                    "ref": ref,
                    "name": name,
                    "email": self.email(name, "mail.example"),
                }
            )
            cards.append({"value": self.uid(), "account": ref, "label": f"{name}'s card"})
        cards.append(
            {
                "value": self.uid(),
                "account": drivers[1]["ref"],
                "status": "Blocked",
                "label": f"{drivers[1]['name']}'s lost card",
            }
        )
        cards.append(
            {
                "value": self.uid(),
                "account": drivers[0]["ref"],
                "expires_at": datetime(2024, 12, 31, tzinfo=UTC),
                "label": f"{drivers[0]['name']}'s old card (expired)",
            }
        )

        # A hotel chain that runs its own chargers, with a private network.
        hotels = self.company("hotels", f"Hotelgroep {fake.last_name()}")
        operator = {
            "code": "HOTELS",
            "name": hotels["name"],
            "organisation_name": hotels["company_name"],
            "address": fake.street_address(),
            "phone": fake.phone_number(),
            "country": "NL",
            "city": fake.city(),
            "zip": fake.postcode(),
            "timezone": "Europe/Amsterdam",
            "idle_timeout_minutes": 30,
            "energy_step_delta_wh": 100,
            "monetary_session_limit": "75.00",
            "private_network": [drivers[0]["ref"], employees[0]["ref"]],
        }
        hotel_locations = []
        for n, letter in enumerate("AB", start=1):
            city = fake.city()
            stations = [self.station(f"DEMO-HOTEL{letter}-{i:02d}") for i in range(1, 4)]
            if n == 1:
                stations[-1]["visible"] = False  # the staff car park: private network only
            hotel_locations.append(
                self.location(
                    f"hotel-{slug(city)}",
                    f"{hotels['name']} {city}",
                    "hotels",
                    city=city,
                    operator="HOTELS",
                    publish_to_roaming=n == 1,
                    stations=stations,
                )
            )
        public_stations += [
            s["id"] for s in hotel_locations[0]["stations"] if s.get("visible", True)
        ]
        grids = [
            {
                "name": f"Grid {location['name']}",
                "location": location["ref"],
                "max_current_a": amps,
                "customer": "hotels",
            }
            for location, amps in zip(hotel_locations, (63, 80), strict=True)
        ]
        groups = [
            {
                "name": "Public charging",
                "info": "Open to every customer of the platform and to roaming cards.",
                "type": "other",
                "tariff": "public-standard",
                "all_customers": True,
                "roaming": True,
                "stations": public_stations,
            },
            {
                "name": f"{hotel_locations[1]['name']} guests",
                "info": "Only for the customers attached to this group.",
                "type": "other",
                "tariff": "hotel-guest",
                "all_customers": False,
                "roaming": False,
                "account": "hotels",
                "stations": [s["id"] for s in hotel_locations[1]["stations"]],
                "customers": [drivers[1]["ref"], {"account": "bakery", "tariff": "partner-rate"}],
            },
            *home_groups,
        ]

        def user(
            email: str, name: str, account: str | None, *roles: dict[str, str]
        ) -> dict[str, Any]:
            entry: dict[str, Any] = {"email": email, "name": name, "password": self.password(16)}
            if account:
                entry["account"] = account
            entry["roles"] = list(roles)
            return entry

        installer_admin, _ = self.person()
        employer_admin, _ = self.person()
        operator_user, _ = self.person()
        users = [
            user(f"admin@{domain}", self.person()[0], None, {"role": "tenant_admin"}),
            user(f"support@{domain}", self.person()[0], None, {"role": "customer_support"}),
            user(
                self.email(installer_admin, f"{slug(installer['name'])}.example"),
                installer_admin,
                "installer",
                {"role": "installer", "account": "installer"},
            ),
            user(
                self.email(employer_admin, f"{slug(employer['name'])}.example"),
                employer_admin,
                "employer",
                {"role": "account_admin", "account": "employer"},
            ),
            user(
                self.email(operator_user, f"{slug(hotels['name'])}.example"),
                operator_user,
                "hotels",
                {"role": "operator_user", "operator": "HOTELS"},
            ),
        ]
        tenant = {
            "slug": "demo",
            "name": brand,
            "currency": "EUR",
            "timezone": "Europe/Amsterdam",
            "terms_url": f"https://{domain}/terms",
            "privacy_url": f"https://{domain}/privacy",
            "accounts": [
                installer,
                employer,
                hotels,
                *({**d, "customer_type": "private", "account_type": "consumer"} for d in drivers),
            ],
            "users": users,
            "operators": [operator],
            "locations": [*customer_locations, *homes, *hotel_locations],
            "grids": grids,
            "cards": cards,
            "tariffs": TARIFFS,
            "charge_groups": groups,
        }
        return {"tenants": [tenant]}


def render(seed: int = SEED) -> str:
    header = (
        "# The demo world: `evharness demo` loads it, `evharness world load` can too.\n"
        f"# Generated by scenarios/worlds/generate_demo.py (Faker {faker.VERSION}, nl_NL, "
        f"seed {seed}).\n"
        "# Edit the script and run it again rather than editing this file.\n"
    )
    body = yaml.dump(
        Demo(seed).world(),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=1000,
        default_flow_style=False,
    )
    return header + body


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if demo.yaml differs")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    text = render()
    if args.check:
        same = args.out.is_file() and args.out.read_text(encoding="utf-8") == text
        print(f"{args.out}: {'up to date' if same else 'differs; run the script to rewrite it'}")
        return 0 if same else 1
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
