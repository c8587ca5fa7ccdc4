"""Steps about money through the admin API: tariffs on locations, operators and stations,
home reimbursement, service plans, commission, charge detail records, the monthly billing,
statements and reports; and the operator's session settings (OP-10) as a station sees them.

Amounts are checked against what the sessions really were: the energy on each charge
detail record (CDR) times the tariff's price, sums of the CDRs a report or statement
covers, so nothing here is a number copied from a run.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise
from typing import Any

from pytest_bdd import given, then, when

from tests.behaviours.steps.charging import EVSE, Fleet, delivered_wh, sent_so_far, until
from tests.behaviours.steps.common import PLATFORM_ADMIN, World, phrase
from tests.behaviours.steps.network import connect, ok, operator_url

ENERGY = "Energy.Active.Import.Register"
CENT = Decimal("0.01")


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, ROUND_HALF_UP)


def cdrs(world: World, **params: Any) -> list[dict[str, Any]]:
    page = world.loop.run(world.bench.api.get("/api/v1/cdrs", params={"limit": 500, **params}))
    assert page.status_code == 200, page.text
    return list(page.json()["items"])


def cdr_of(world: World, card: str) -> dict[str, Any]:
    """The one charge detail record of the one session of ``card``."""
    found = [c for c in cdrs(world) if c["id_token"] == card]
    assert len(found) == 1, found
    return found[0]


# --- tariffs on the network ----------------------------------------------------------------


@given(phrase('operator "{operator}" charges tariff "{tariff}" by default'))
def operator_tariff(world: World, operator: str, tariff: str) -> None:
    world.setup("PUT", f"{operator_url(world, operator)}/tariff", {"tariff": tariff}, 200)


@given(phrase('location "{location}" charges tariff "{tariff}" by default'))
def location_tariff(world: World, location: str, tariff: str) -> None:
    url = f"/api/v1/locations/{world.locations[location]['id']}/tariff"
    world.setup("PUT", url, {"tariff": tariff}, 200)


@when(phrase('"{person}" sets the tariff of station "{station}" for other drivers to "{tariff}"'))
def sets_station_tariff(world: World, person: str, station: str, tariff: str) -> None:
    world.call(person, "PUT", f"/api/v1/stations/{station}/tariff", json={"tariff": tariff})


# --- what a session cost, who pays ---------------------------------------------------------


@then(
    phrase(
        'the session of card "{card}" is priced with tariff "{tariff}" '
        "at {price:Amount} EUR per kWh"
    )
)
def priced_with(world: World, card: str, tariff: str, price: Decimal) -> None:
    cdr = cdr_of(world, card)
    assert cdr["tariff_ref"] == tariff, cdr
    energy = Decimal(cdr["energy_kwh"])
    assert energy > 0, cdr
    assert Decimal(cdr["total_excl_vat"]) == cents(energy * price), cdr


@then(phrase('the session of card "{card}" is billed to "{customer}"'))
def billed_to(world: World, card: str, customer: str) -> None:
    cdr = cdr_of(world, card)
    assert (cdr["purpose"], cdr["payer_account_id"]) == ("charging", world.account_id(customer))


@then(phrase('the session of card "{card}" is billed to "{customer}" and earned by "{payee}"'))
def billed_and_earned(world: World, card: str, customer: str, payee: str) -> None:
    billed_to(world, card, customer)
    assert cdr_of(world, card)["payee_account_id"] == world.account_id(payee)


@then(phrase('the session of card "{card}" is reimbursed to "{payee}" and paid by "{payer}"'))
def reimbursed(world: World, card: str, payee: str, payer: str) -> None:
    cdr = cdr_of(world, card)
    assert cdr["purpose"] == "reimbursement", cdr
    assert cdr["payee_account_id"] == world.account_id(payee), cdr
    assert cdr["payer_account_id"] == world.account_id(payer), cdr


@then(phrase('the session of card "{card}" cost between {low:Amount} EUR and {high:Amount} EUR'))
def cost_between(world: World, card: str, low: Decimal, high: Decimal) -> None:
    total = Decimal(cdr_of(world, card)["total_incl_vat"])
    assert low <= total <= high, total


# --- monthly billing -----------------------------------------------------------------------


@when(phrase("the monthly billing of {period:Month} runs"))
def billing_runs(world: World, period: str) -> None:
    """On the first of the next month, as the tenant's billing does."""
    start = datetime.strptime(period, "%Y-%m").replace(tzinfo=UTC)
    world.bench.csms.services.clock.set((start + timedelta(days=32)).replace(day=1, hour=8))
    body = {"period": period, "tenant_id": world.tenant_id}
    world.setup("POST", "/api/v1/billing/runs", body, expect=201)


def invoice_lines(world: World, customer: str, kind: str) -> list[dict[str, Any]]:
    params = {"account_id": world.account_id(customer), "kind": kind}
    page = world.loop.run(world.bench.api.get("/api/v1/invoices", params=params)).json()
    lines = []
    for invoice in page["items"]:
        detail = world.setup("GET", f"/api/v1/invoices/{invoice['id']}", expect=200)
        assert detail["status"] == "issued", detail
        lines += detail["lines"]
    return lines


@then(phrase('"{customer}" is credited the session of card "{card}" as a reimbursement'))
def credited(world: World, customer: str, card: str) -> None:
    cdr = cdr_of(world, card)
    lines = [x for x in invoice_lines(world, customer, "credit") if x["cdr_id"] == cdr["id"]]
    assert [x["kind"] for x in lines] == ["reimbursement"], lines
    assert Decimal(lines[0]["amount_incl_vat"]) == Decimal(cdr["total_incl_vat"]), lines


@then(phrase('"{customer}" is invoiced for the session of card "{card}"'))
def invoiced(world: World, customer: str, card: str) -> None:
    cdr = cdr_of(world, card)
    lines = [x for x in invoice_lines(world, customer, "debit") if x["cdr_id"] == cdr["id"]]
    assert [x["kind"] for x in lines] == ["session"], lines
    assert Decimal(lines[0]["amount_incl_vat"]) == Decimal(cdr["total_incl_vat"]), lines


@then(phrase('"{customer}" is not invoiced for the session of card "{card}"'))
def not_invoiced(world: World, customer: str, card: str) -> None:
    cdr = cdr_of(world, card)
    lines = [x for x in invoice_lines(world, customer, "debit") if x["cdr_id"] == cdr["id"]]
    assert lines == [], lines


# --- home reimbursement (CA-4, CA-6) -------------------------------------------------------


def tariff_owner(world: World, tariff: str) -> int:
    url = f"/api/v1/tariffs/{tariff}?tenant_id={world.tenant_id}"
    return int(world.setup("GET", url, expect=200)["account_id"])


def reimbursement_body(world: World, tariff: str, employee: str) -> dict[str, Any]:
    """The employer is the owner of the reimbursement tariff."""
    return {
        "employer_account_id": tariff_owner(world, tariff),
        "employee_account_id": world.account_id(employee),
        "tariff": tariff,
    }


@given(
    phrase(
        '"{employer}" reimburses the home charger "{station}" of "{employee}" at tariff "{tariff}"'
    )
)
def a_reimbursement(world: World, employer: str, station: str, employee: str, tariff: str) -> None:
    body = reimbursement_body(world, tariff, employee)
    assert body["employer_account_id"] == world.account_id(employer), body
    world.setup("PUT", f"/api/v1/stations/{station}/home-reimbursement", body, expect=200)


@when(
    phrase(
        '"{person}" sets the reimbursement tariff "{tariff}" on the home charger "{station}" '
        'of "{employee}"'
    )
)
def sets_reimbursement(world: World, person: str, tariff: str, station: str, employee: str) -> None:
    body = reimbursement_body(world, tariff, employee)
    world.call(person, "PUT", f"/api/v1/stations/{station}/home-reimbursement", json=body)


@when(phrase('"{person}" looks at the reimbursement of the home charger "{station}"'))
def looks_at_reimbursement(world: World, person: str, station: str) -> None:
    world.call(person, "GET", f"/api/v1/stations/{station}/home-reimbursement")


@when(phrase('"{person}" removes the reimbursement from the home charger "{station}"'))
def removes_reimbursement(world: World, person: str, station: str) -> None:
    world.call(person, "DELETE", f"/api/v1/stations/{station}/home-reimbursement")


@then(
    phrase('the home charger "{station}" is still reimbursed at tariff "{tariff}" of "{employer}"')
)
def still_reimbursed(world: World, station: str, tariff: str, employer: str) -> None:
    shown = world.setup("GET", f"/api/v1/stations/{station}/home-reimbursement", expect=200)
    assert shown["tariff"] == tariff, shown
    assert shown["employer_account_id"] == world.account_id(employer), shown


@then(phrase('station "{station}" has no home reimbursement'))
def no_reimbursement(world: World, station: str) -> None:
    world.setup("GET", f"/api/v1/stations/{station}/home-reimbursement", expect=404)


@when(phrase('"{person}" sets the reimbursement rate of "{customer}" to {rate:Amount} EUR per kWh'))
def sets_rate(world: World, person: str, customer: str, rate: Decimal) -> None:
    url = f"/api/v1/accounts/{world.account_id(customer)}"
    world.call(person, "PATCH", url, json={"reimbursement_rate": str(rate)})


# --- service plans (CA-3) ------------------------------------------------------------------

_PLAN = "{pct:Amount} % revenue share and {fee:Amount} EUR per period"


def plan_body(pct: Decimal, fee: Decimal) -> dict[str, str]:
    return {"revenue_share_pct": str(pct), "fixed_fee": str(fee)}


def plan_url(world: World, customer: str) -> str:
    return f"/api/v1/accounts/{world.account_id(customer)}/service-plan"


@when(
    phrase(
        '"{person}" connects a new account "{customer}" to "{primary}" with a service plan of '
        + _PLAN
    )
)
def connects_with_plan(
    world: World, person: str, customer: str, primary: str, pct: Decimal, fee: Decimal
) -> None:
    connect(world, person, customer, primary, service_plan=plan_body(pct, fee))


@given(phrase('"{customer}" has a service plan of ' + _PLAN))
def a_plan(world: World, customer: str, pct: Decimal, fee: Decimal) -> None:
    world.setup("PUT", plan_url(world, customer), plan_body(pct, fee), expect=201)


@when(phrase('"{person}" sets the service plan of "{customer}" to ' + _PLAN))
def sets_plan(world: World, person: str, customer: str, pct: Decimal, fee: Decimal) -> None:
    world.call(person, "PUT", plan_url(world, customer), json=plan_body(pct, fee))


@when(phrase('"{person}" reads the service plan of "{customer}"'))
def reads_plan(world: World, person: str, customer: str) -> None:
    world.call(person, "GET", plan_url(world, customer))


@then(phrase('the service plan of "{customer}" is ' + _PLAN))
def plan_is(world: World, customer: str, pct: Decimal, fee: Decimal) -> None:
    shown = world.setup("GET", plan_url(world, customer), expect=200)
    assert Decimal(shown["revenue_share_pct"]) == pct, shown
    assert Decimal(shown["fixed_fee"]) == fee, shown


# --- commission (OP-9) ---------------------------------------------------------------------

_COMMISSION = (
    "{pct:Amount} % of its revenue, {fee:Amount} EUR per period and {per_kwh:Amount} EUR per kWh"
)


def commission_body(pct: Decimal, fee: Decimal, per_kwh: Decimal) -> dict[str, str]:
    return {
        "commission_pct": str(pct),
        "commission_fixed_fee": str(fee),
        "commission_per_kwh": str(per_kwh),
    }


@given(phrase('operator "{operator}" pays a commission of ' + _COMMISSION))
def a_commission(world: World, operator: str, pct: Decimal, fee: Decimal, per_kwh: Decimal) -> None:
    url = f"{operator_url(world, operator)}/commission"
    world.setup("PUT", url, commission_body(pct, fee, per_kwh), expect=200)


@when(phrase('"{person}" sets the commission of operator "{operator}" to ' + _COMMISSION))
def sets_commission(
    world: World, person: str, operator: str, pct: Decimal, fee: Decimal, per_kwh: Decimal
) -> None:
    url = f"{operator_url(world, operator)}/commission"
    world.call(person, "PUT", url, json=commission_body(pct, fee, per_kwh))


@when(phrase('"{person}" reads the commission of operator "{operator}"'))
def reads_commission(world: World, person: str, operator: str) -> None:
    world.call(person, "GET", f"{operator_url(world, operator)}/commission")


@then(
    phrase(
        "the commission is {pct:Amount} % of the revenue, {fee:Amount} EUR per period "
        "and {per_kwh:Amount} EUR per kWh"
    )
)
def commission_is(world: World, pct: Decimal, fee: Decimal, per_kwh: Decimal) -> None:
    shown = ok(world)
    assert Decimal(shown["commission_pct"]) == pct, shown
    assert Decimal(shown["commission_fixed_fee"]) == fee, shown
    assert Decimal(shown["commission_per_kwh"]) == per_kwh, shown


# --- statements (CA-3, OP-9) ---------------------------------------------------------------


@given(phrase("the statements of {period:Month} are settled"))
@when(phrase("the statements of {period:Month} are settled"))
def statements_settled(world: World, period: str) -> None:
    body = {"period": period, "tenant_id": world.tenant_id}
    world.setup("POST", "/api/v1/statements/runs", body, expect=201)


def statements(world: World, period: str) -> list[dict[str, Any]]:
    page = world.loop.run(world.bench.api.get("/api/v1/statements", params={"limit": 500}))
    return [s for s in page.json()["items"] if s["period"] == period]


def statement(world: World, period: str, subject: str) -> dict[str, Any] | None:
    found = [s for s in statements(world, period) if s["subject"] == subject]
    assert len(found) <= 1, found
    return found[0] if found else None


def in_period(cdr: dict[str, Any], period: str) -> bool:
    return str(cdr["ended_at"]).startswith(period)


@then(
    phrase(
        'the service plan statement of "{customer}" for {period:Month} is {pct:Amount} % '
        "of the revenue at its stations plus {fee:Amount} EUR"
    )
)
def plan_statement(world: World, customer: str, period: str, pct: Decimal, fee: Decimal) -> None:
    account = world.account_id(customer)
    earned = [c for c in cdrs(world, account_id=account) if c["payee_account_id"] == account]
    earned = [c for c in earned if c["purpose"] == "charging" and in_period(c, period)]
    assert earned, "no session earned by the account"
    revenue = sum((Decimal(c["total_excl_vat"]) for c in earned), Decimal(0))
    found = statement(world, period, f"account:{account}")
    assert found is not None and found["kind"] == "service_plan", found
    assert found["sessions"] == len(earned), found
    assert Decimal(found["revenue_excl_vat"]) == revenue, (found, revenue)
    share = cents(revenue * pct / 100)
    assert Decimal(found["share_amount"]) == share, found
    assert Decimal(found["fees"]) == fee, found
    assert Decimal(found["total_excl_vat"]) == share + fee, found


@then(phrase('"{customer}" has no service plan statement for {period:Month}'))
def no_plan_statement(world: World, customer: str, period: str) -> None:
    assert statement(world, period, f"account:{world.account_id(customer)}") is None


@then(
    phrase(
        'the commission statement of operator "{operator}" for {period:Month} is {pct:Amount} % '
        "of the revenue at its stations plus {fee:Amount} EUR plus {per_kwh:Amount} EUR per kWh"
    )
)
def commission_statement(
    world: World, operator: str, period: str, pct: Decimal, fee: Decimal, per_kwh: Decimal
) -> None:
    operator_id = world.operators[operator]["id"]
    sessions = [c for c in cdrs(world) if c["operator_id"] == operator_id and in_period(c, period)]
    assert sessions, "no session at the operator's stations"
    revenue = sum((Decimal(c["total_excl_vat"]) for c in sessions), Decimal(0))
    energy = sum((Decimal(c["energy_kwh"]) for c in sessions), Decimal(0))
    found = statement(world, period, f"operator:{operator_id}")
    assert found is not None and found["kind"] == "commission", found
    assert (found["sessions"], Decimal(found["energy_kwh"])) == (len(sessions), energy), found
    assert Decimal(found["revenue_excl_vat"]) == revenue, found
    share = cents(revenue * pct / 100)
    fees = cents(fee) + cents(per_kwh * energy)
    assert Decimal(found["share_amount"]) == share, found
    assert Decimal(found["fees"]) == fees, found
    assert Decimal(found["total_excl_vat"]) == share + fees, found


@then(phrase('operator "{operator}" has no commission statement for {period:Month}'))
def no_commission_statement(world: World, operator: str, period: str) -> None:
    assert statement(world, period, f"operator:{world.operators[operator]['id']}") is None


# --- reports (OP-7) ------------------------------------------------------------------------


@when(phrase('"{person}" asks for the consumption and revenue per operator of {period:Month}'))
def asks_report(world: World, person: str, period: str) -> None:
    params = {"group_by": "operator", "period": period}
    world.call(person, "GET", "/api/v1/reports/energy-revenue", params=params)


def report_row(world: World, operator: str) -> dict[str, Any] | None:
    rows = [r for r in ok(world)["rows"] if r["group_id"] == world.operators[operator]["id"]]
    assert len(rows) <= 1, rows
    return rows[0] if rows else None


@then(
    phrase(
        'the report shows for operator "{operator}" the energy and revenue of its {count:d} session'
    )
)
@then(
    phrase(
        'the report shows for operator "{operator}" '
        "the energy and revenue of its {count:d} sessions"
    )
)
def report_shows(world: World, operator: str, count: int) -> None:
    operator_id = world.operators[operator]["id"]
    sessions = [c for c in cdrs(world) if c["operator_id"] == operator_id]
    assert len(sessions) == count, sessions
    row = report_row(world, operator)
    assert row is not None, ok(world)
    assert row["sessions"] == count, row
    energy = sum((Decimal(c["energy_kwh"]) for c in sessions), Decimal(0))
    revenue = sum((Decimal(c["total_excl_vat"]) for c in sessions), Decimal(0))
    assert Decimal(row["energy_kwh"]) == energy, (row, energy)
    assert Decimal(row["revenue_excl_vat"]) == revenue, (row, revenue)
    assert revenue > 0, row


@then(phrase('the report shows nothing for operator "{operator}"'))
def report_without(world: World, operator: str) -> None:
    assert report_row(world, operator) is None, ok(world)


@then("the report shows no operator")
def report_empty(world: World) -> None:
    report = ok(world)
    assert report["rows"] == [] and report["total"]["sessions"] == 0, report


# --- session settings of an operator (OP-10) -----------------------------------------------


def operator_settings(world: World, operator: str, **fields: Any) -> None:
    world.setup("PATCH", operator_url(world, operator), fields, expect=200)


@given(phrase('operator "{operator}" stops sessions at {limit:Amount} EUR'))
def session_limit(world: World, operator: str, limit: Decimal) -> None:
    operator_settings(world, operator, monetary_session_limit=str(limit))


@given(phrase('operator "{operator}" stores meter points at least {delta:d} Wh apart'))
def step_delta(world: World, operator: str, delta: int) -> None:
    operator_settings(world, operator, energy_step_delta_wh=str(delta))


@given(phrase('operator "{operator}" stops tracking sessions idle for {minutes:d} minutes'))
def idle_minutes(world: World, operator: str, minutes: int) -> None:
    operator_settings(world, operator, idle_timeout_minutes=minutes)


@when(phrase('station "{station}" has delivered {kwh:Amount} kWh'))
def has_delivered(fleet: Fleet, station: str, kwh: Decimal) -> None:
    cp = fleet.station(station)
    wanted = int(kwh * 1000)
    fleet.run(until(lambda: delivered_wh(cp) >= wanted, f"{kwh} kWh at {station}"))
    fleet.run(sent_so_far(cp))  # the CSMS has seen the cost so far


def sent_registers(fleet: Fleet) -> list[tuple[str, Decimal]]:
    """(timestamp, Wh) of every energy register reading the stations sent in a session."""
    out = []
    for cp in fleet.running.values():
        for action, payload in cp.sent:
            in_session = action == "TransactionEvent" or (
                action in ("StartTransaction", "StopTransaction")
                or (action == "MeterValues" and "transactionId" in payload)
            )
            if not in_session:
                continue
            if action == "StartTransaction":
                out.append((payload["timestamp"], Decimal(payload["meterStart"])))
            if action == "StopTransaction":
                out.append((payload["timestamp"], Decimal(payload["meterStop"])))
            for meter in payload.get("meterValue", []):
                for value in meter["sampledValue"]:
                    if value.get("measurand") == ENERGY and not value.get("phase"):
                        out.append((meter["timestamp"], Decimal(str(value["value"]))))
    return out


def stored_registers(world: World, station: str) -> list[Decimal]:
    page = world.setup("GET", f"/api/v1/transactions?station_id={station}", expect=200)
    assert page["total"] == 1, page
    detail = world.setup("GET", f"/api/v1/transactions/{page['items'][0]['id']}", expect=200)
    values = [v for v in detail["meter_values"] if v["measurand"] == ENERGY and not v["phase"]]
    return [Decimal(v["value"]) for v in sorted(values, key=lambda v: v["timestamp"])]


def steps_of(values: list[Decimal]) -> list[Decimal]:
    return [b - a for a, b in pairwise(values)]


@then(phrase("the station sent meter samples less than {delta:d} Wh apart"))
def sent_close_samples(fleet: Fleet, delta: int) -> None:
    sent = [v for _, v in sorted(sent_registers(fleet))]
    assert any(step < delta for step in steps_of(sent)), sent


@then(
    phrase(
        "no two stored meter points of the session are less than {delta:d} Wh apart, "
        "except the final reading"
    )
)
def stored_apart(world: World, fleet: Fleet, delta: int) -> None:
    (station,) = fleet.running
    stored = stored_registers(world, station)
    assert len(stored) >= 3, stored
    assert all(step >= delta for step in steps_of(stored[:-1])), stored
    assert stored[-1] == max(v for _, v in sent_registers(fleet)), stored


@then("every meter sample the station sent is stored")
def all_stored(world: World, fleet: Fleet) -> None:
    (station,) = fleet.running
    sent = sorted(set(sent_registers(fleet)))
    stored = stored_registers(world, station)
    assert len(sent) >= 3, sent
    assert stored == [v for _, v in sent], (stored, sent)


def last_progress(world: World, station: str) -> datetime:
    """When the session's register first reached its highest value (its start if it never
    moved): what the CSMS counts the idle time from."""
    page = world.setup("GET", f"/api/v1/transactions?station_id={station}", expect=200)
    detail = world.setup("GET", f"/api/v1/transactions/{page['items'][0]['id']}", expect=200)
    values = [v for v in detail["meter_values"] if v["measurand"] == ENERGY and not v["phase"]]
    started = datetime.fromisoformat(detail["started_at"])
    if not values:
        return started
    high = max(Decimal(v["value"]) for v in values)
    first = min(v["timestamp"] for v in values if Decimal(v["value"]) == high)
    return max(started, datetime.fromisoformat(first))


@when(phrase("the idle sweep runs {minutes:d} minutes after the session's last meter progress"))
def idle_sweep(world: World, fleet: Fleet, minutes: int) -> None:
    """The CSMS sweeps every minute; here the sweep runs at the chosen moment."""
    (station,) = fleet.running
    moment = last_progress(world, station) + timedelta(minutes=minutes)
    world.bench.csms.services.clock.set(moment)
    world.loop.run(world.bench.csms.services.transactions.sweep_idle())


@then(phrase('the session at station "{station}" is tracked as active'))
def tracked(world: World, fleet: Fleet, station: str) -> None:
    assert fleet.station(station).in_transaction(EVSE)
    params = {"station_id": station, "active": True}
    page = world.call(PLATFORM_ADMIN, "GET", "/api/v1/transactions", params=params).json()
    assert page["total"] == 1 and page["items"][0]["idle_at"] is None, page


@then(phrase('the session at station "{station}" is no longer tracked as active'))
def not_tracked(world: World, fleet: Fleet, station: str) -> None:
    assert fleet.station(station).in_transaction(EVSE), "the car is still plugged in"
    params = {"station_id": station, "active": True}
    page = world.call(PLATFORM_ADMIN, "GET", "/api/v1/transactions", params=params).json()
    assert page["total"] == 0, page
    listed = world.setup("GET", f"/api/v1/transactions?station_id={station}", expect=200)
    assert listed["items"][0]["idle_at"] is not None, listed
