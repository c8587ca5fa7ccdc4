"""OcppVersion: the wire names, the subprotocols, and parsing either."""

from __future__ import annotations

import json

import pytest

from ocppj.versions import SUBPROTOCOLS, OcppVersion


@pytest.mark.parametrize(
    ("text", "version"),
    [
        ("1.6", OcppVersion.V16),
        ("2.0.1", OcppVersion.V201),
        ("2.1", OcppVersion.V21),
        ("ocpp1.6", OcppVersion.V16),
        ("ocpp2.0.1", OcppVersion.V201),
        ("ocpp2.1", OcppVersion.V21),
    ],
)
def test_parses_a_wire_name_or_a_subprotocol(text: str, version: OcppVersion) -> None:
    assert OcppVersion.parse(text) is version


@pytest.mark.parametrize("text", ["", "1.5", "2.0", "ocpp", "OCPP1.6", " 1.6", "ocpp2.0.1 "])
def test_anything_else_is_refused_with_the_choices(text: str) -> None:
    with pytest.raises(ValueError, match=r"unknown OCPP version .*: use 1\.6, 2\.0\.1, 2\.1"):
        OcppVersion.parse(text)


def test_subprotocols_are_the_names_a_websocket_handshake_offers() -> None:
    assert [v.subprotocol for v in OcppVersion] == ["ocpp1.6", "ocpp2.0.1", "ocpp2.1"]
    assert SUBPROTOCOLS["ocpp2.0.1"] is OcppVersion.V201 and "ocpp1.5" not in SUBPROTOCOLS


def test_a_version_is_its_wire_string() -> None:
    # The admin API and the fleet files compare and print versions as these strings.
    assert OcppVersion.V201 == "2.0.1"
    assert {"2.1": 1}[OcppVersion.V21] == 1 and {OcppVersion.V21: 1}["2.1"] == 1
    assert f"OCPP {OcppVersion.V16}" == "OCPP 1.6"
    assert json.dumps({"ocpp_version": OcppVersion.V21}) == '{"ocpp_version": "2.1"}'
