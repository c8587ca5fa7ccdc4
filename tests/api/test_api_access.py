"""Every admin API route is behind the bearer-token check. Walks the OpenAPI document, so a
route added without the check fails here."""

from __future__ import annotations

import re

import httpx
import pytest

from tests.support.bench import Bench

# Reachable without a bearer token: health, and the way into an account (activation link,
# activation, sign-up, login). Each of these has its own tests of what it refuses.
PUBLIC = {
    ("GET", "/health"),
    ("GET", "/activate"),
    ("POST", "/api/v1/auth/activate"),
    ("POST", "/api/v1/auth/signup"),
    ("POST", "/api/v1/auth/login"),
}


def routes(spec: dict) -> list[tuple[str, str]]:
    return [
        (method.upper(), path)
        for path, item in spec["paths"].items()
        for method in item
        if (method.upper(), path) not in PUBLIC
    ]


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


@pytest.mark.parametrize("header", [None, "Bearer wrong-token", "Basic YWRtaW46YWRtaW4="])
async def test_every_route_refuses_without_a_valid_token(bench: Bench, header: str | None) -> None:
    spec = (await bench.api.get("/openapi.json")).json()
    found = routes(spec)
    assert len(found) >= 20
    headers = {"Authorization": header} if header else {}
    async with httpx.AsyncClient(base_url=str(bench.api.base_url), headers=headers) as anonymous:
        for method, path in found:
            response = await anonymous.request(method, concrete(path), json={})
            assert response.status_code == 401, (method, path, response.status_code)
            assert response.json()["detail"]


async def test_openapi_documents_the_api(bench: Bench) -> None:
    spec = (await bench.api.get("/openapi.json")).json()
    assert spec["info"]["title"] == "evharness CSMS admin API"
    assert "/api/v1/stations/{station_id}/commands/call" in spec["paths"]
    docs = await bench.api.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
