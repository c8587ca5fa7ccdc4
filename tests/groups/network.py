"""Builders for the charging network around charge groups, and the OCPP calls the access
tests make in either version.

Setup only (the "Given"). Stations, cards and private network membership go through the
admin API as the platform admin; locations, operators and grids are written to the database
directly, so these tests do not depend on the shape of another module's request bodies."""

from __future__ import annotations

from typing import Any

import httpx
from ocpp.v16 import call as call16
from ocpp.v201 import call as call201

from csms.db.models import Grid, Location, Operator
from tests.support.bench import Bench
from tests.support.payloads import send, ts

V16, V201 = "1.6", "2.0.1"
# What each version answers for a card the station's rules refuse.
REFUSED = {V16: "Invalid", V201: "NotAtThisLocation"}
ROAMING_PROVIDER = "DE-ABC"


async def an_operator(bench: Bench, tenant_id: int, code: str) -> int:
    async with bench.csms.db.write() as session:
        operator = Operator(tenant_id=tenant_id, code=code, name=code.title())
        session.add(operator)
        await session.flush()
        return operator.id


async def a_location(
    bench: Bench,
    tenant_id: int,
    ref: str,
    *,
    operator_id: int | None = None,
    account_id: int | None = None,
    **fields: Any,
) -> int:
    async with bench.csms.db.write() as session:
        location = Location(
            tenant_id=tenant_id,
            ref=ref,
            name=fields.pop("name", f"Location {ref}"),
            operator_id=operator_id,
            account_id=account_id,
            **fields,
        )
        session.add(location)
        await session.flush()
        return location.id


async def a_grid(bench: Bench, tenant_id: int, name: str, customer_id: int | None) -> int:
    async with bench.csms.db.write() as session:
        grid = Grid(tenant_id=tenant_id, name=name, customer_id=customer_id)
        session.add(grid)
        await session.flush()
        return grid.id


async def a_member(bench: Bench, operator_id: int, account_id: int) -> None:
    """The operator lets the customer into its private network (OP-8), through the API."""
    url = f"/api/v1/operators/{operator_id}/private-network/{account_id}"
    await ok(await bench.api.put(url), 201)


async def not_a_member(bench: Bench, operator_id: int, account_id: int) -> None:
    url = f"/api/v1/operators/{operator_id}/private-network/{account_id}"
    await ok(await bench.api.delete(url), 204)


async def a_station(bench: Bench, tenant_id: int, station_id: str, **fields: Any) -> None:
    await bench.register(station_id, tenant_id=tenant_id, **fields)


async def a_card(
    bench: Bench,
    tenant_id: int,
    value: str,
    account_id: int | None = None,
    provider: str | None = None,
) -> None:
    await bench.add_token(value, tenant_id=tenant_id, account_id=account_id, provider=provider)


async def a_group(client: httpx.AsyncClient, name: str, **fields: Any) -> dict[str, Any]:
    response = await client.post("/api/v1/charge-groups", json={"name": name, **fields})
    assert response.status_code == 201, response.text
    return response.json()


async def ok(response: httpx.Response, code: int = 200) -> Any:
    assert response.status_code == code, (response.request.method, response.url, response.text)
    return response.json() if response.content else None


async def boot(cp: Any, version: str) -> None:
    if version == V16:
        answer = await send(
            cp, call16.BootNotification(charge_point_vendor="V", charge_point_model="M")
        )
    else:
        answer = await send(
            cp,
            call201.BootNotification(
                charging_station={"model": "M", "vendorName": "V"}, reason="PowerUp"
            ),
        )
    assert answer.status == "Accepted"


async def authorize(cp: Any, version: str, tag: str) -> str:
    """The status the CSMS answers to Authorize, as on the wire."""
    if version == V16:
        return (await send(cp, call16.Authorize(id_tag=tag))).id_tag_info["status"]
    answer = await send(cp, call201.Authorize(id_token={"idToken": tag, "type": "ISO14443"}))
    return answer.id_token_info["status"]


async def start(cp: Any, version: str, tag: str, tx: str, connector: int = 1) -> str:
    """Start a transaction with ``tag``: the status in the answer's idTagInfo/idTokenInfo."""
    if version == V16:
        answer = await send(
            cp,
            call16.StartTransaction(
                connector_id=connector, id_tag=tag, meter_start=0, timestamp=ts()
            ),
        )
        return answer.id_tag_info["status"]
    answer = await send(
        cp,
        call201.TransactionEvent(
            event_type="Started",
            timestamp=ts(),
            trigger_reason="Authorized",
            seq_no=0,
            transaction_info={"transactionId": tx},
            evse={"id": connector, "connectorId": 1},
            id_token={"idToken": tag, "type": "ISO14443"},
        ),
    )
    return answer.id_token_info["status"]
