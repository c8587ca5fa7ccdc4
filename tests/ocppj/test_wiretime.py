"""Wire times: UTC inside, milliseconds and a Z outside."""

from __future__ import annotations

from datetime import UTC

import pytest

from ocppj.rpc import RpcError
from ocppj.wiretime import parse_time, wire_time


def test_times_are_utc_inside_and_z_outside() -> None:
    assert parse_time("2026-06-01T12:00:00+02:00").hour == 10
    assert parse_time("2026-06-01T12:00:00").tzinfo is UTC
    assert wire_time(parse_time("2026-06-01T12:00:00.5+02:00")) == "2026-06-01T10:00:00.500Z"
    with pytest.raises(RpcError):
        parse_time("yesterday")
