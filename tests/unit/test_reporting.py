"""Energy per local day and month."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from csms.domain.reporting import Interval, SessionEnergy, energy_per_interval

AMS = ZoneInfo("Europe/Amsterdam")


def test_a_late_evening_session_counts_on_the_local_day() -> None:
    late = SessionEnergy(datetime(2026, 11, 21, 23, 30, tzinfo=UTC), Decimal("7000"))
    early = SessionEnergy(datetime(2026, 11, 21, 8, 0, tzinfo=UTC), Decimal("1000"))
    assert energy_per_interval([late, early], AMS, Interval.DAY) == [
        (date(2026, 11, 21), Decimal("1000")),
        (date(2026, 11, 22), Decimal("7000")),
    ]


def test_months_start_on_the_first_in_local_time() -> None:
    last_evening = SessionEnergy(datetime(2026, 10, 31, 23, 30, tzinfo=UTC), Decimal("5"))
    assert energy_per_interval([last_evening], AMS, Interval.MONTH) == [
        (date(2026, 11, 1), Decimal("5"))
    ]


@given(
    st.lists(st.tuples(st.integers(0, 24 * 400), st.decimals(0, 100_000, places=3)), max_size=30),
    st.sampled_from(Interval),
)
def test_no_energy_is_lost_or_invented(
    items: list[tuple[int, Decimal]], interval: Interval
) -> None:
    base = datetime(2026, 1, 1, tzinfo=UTC)
    sessions = [SessionEnergy(base + timedelta(hours=h), wh) for h, wh in items]
    buckets = energy_per_interval(sessions, AMS, interval)
    assert sum((wh for _, wh in buckets), Decimal(0)) == sum(
        (s.energy_wh for s in sessions), Decimal(0)
    )
    assert [d for d, _ in buckets] == sorted({d for d, _ in buckets})
