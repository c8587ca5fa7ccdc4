"""Smart charging: installed charging profiles and the limit they impose, for OCPP 1.6
(§3.13, SetChargingProfile/ClearChargingProfile/GetCompositeSchedule) and 2.0.1 (K01-K10).

One neutral :class:`ChargingProfile` inside the station; ``from_v16``/``from_v201`` and
``profile_to_v16``/``profile_to_v201`` translate wire payloads, ``composite_to_v16`` /
``composite_to_v201`` answer GetCompositeSchedule. How a limit is found:

* per purpose, among the profiles whose validity window holds ``now`` and whose schedule
  has a period running at ``now``, the highest stack level wins (an EVSE-specific
  TxDefaultProfile beats a station-wide one at the same level);
* a TxProfile of the running transaction replaces the TxDefaultProfile;
* the result is the lower of the station maximum and that transaction limit.

Amps become watts as ``limit * phases * voltage`` (phases from the period when given).
Pure code: callers pass the time.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from itertools import pairwise
from typing import Any, Literal

from ocppj.versions import OcppVersion
from simulator.station_config import StationSettings
from simulator.wiretime import format_time, parse_time

Purpose = Literal["station_max", "tx_default", "tx", "external"]
Kind = Literal["Absolute", "Recurring", "Relative"]
Recurrency = Literal["Daily", "Weekly"]
RateUnit = Literal["W", "A"]
Rules = Literal[OcppVersion.V16, OcppVersion.V201]
# (start offset in seconds from the schedule start, limit in rate_unit, phases or None)
Period = tuple[int, float, int | None]

_RECURRENCE_S = {"Daily": 86400, "Weekly": 7 * 86400}

_PURPOSE_16: dict[str, Purpose] = {
    "ChargePointMaxProfile": "station_max",
    "TxDefaultProfile": "tx_default",
    "TxProfile": "tx",
}
_PURPOSE_201: dict[str, Purpose] = {
    "ChargingStationMaxProfile": "station_max",
    "TxDefaultProfile": "tx_default",
    "TxProfile": "tx",
    "ChargingStationExternalConstraints": "external",
}
_PURPOSE_TO_16 = {v: k for k, v in _PURPOSE_16.items()}
_PURPOSE_TO_201 = {v: k for k, v in _PURPOSE_201.items()}


@dataclass(frozen=True)
class ChargingSchedule:
    """A schedule: periods from ``start`` (or the transaction start, for Relative)."""

    rate_unit: RateUnit
    periods: tuple[Period, ...]
    start: datetime | None = None
    duration_s: int | None = None
    min_rate: float | None = None
    id: int | None = None  # 2.0.1 ChargingScheduleType.id, kept to report it back


@dataclass(frozen=True)
class ChargingProfile:
    """A charging profile, version-neutral. ``evse_id`` 0 means the whole station."""

    id: int
    stack_level: int
    purpose: Purpose
    kind: Kind
    schedule: ChargingSchedule
    recurrency: Recurrency | None = None
    valid_from: datetime | None = None
    valid_to: datetime | None = None
    transaction_id: str | None = None
    evse_id: int = 0


def _to_w(
    limit: float, unit: str, phases: int | None, default_phases: int, voltage: float
) -> float:
    if unit == "W":
        return float(limit)
    return float(limit) * (phases or default_phases) * voltage


def _floor_tenth(value: float) -> float:
    # Composite limits are rounded down: rounding up could promise more than a profile allows.
    return math.floor(value * 10 + 1e-6) / 10


class ProfileStore:
    """The charging profiles installed on a station and the limits they impose.

    ``settings`` supplies the station's bounds (stack level, periods, profile count, rate
    units, EVSE count, hardware power), read live. ``active_tx(evse_id)`` returns the id of
    the transaction running on an EVSE or None; without it no TxProfile can be installed.
    ``rules`` picks the edition's install rules where 1.6 and 2.0.1 differ: a profile with
    the same purpose, stack level and EVSE as another replaces it in 1.6 and is refused in
    2.0.1 (when validity windows overlap); an Absolute profile without startSchedule runs
    from the transaction start in 1.6 and is refused in 2.0.1.
    """

    def __init__(
        self,
        settings: StationSettings | None = None,
        *,
        active_tx: Callable[[int], str | None] | None = None,
        rules: Rules = OcppVersion.V16,
    ) -> None:
        self.settings = settings or StationSettings()
        self._active_tx = active_tx or (lambda evse_id: None)
        self.rules = rules
        self._profiles: dict[int, ChargingProfile] = {}

    def __len__(self) -> int:
        return len(self._profiles)

    # -- installing and clearing --------------------------------------------------------

    def _valid_shape(self, p: ChargingProfile) -> bool:
        s = self.settings
        sched = p.schedule
        offsets = [period[0] for period in sched.periods]
        checks = (
            p.purpose in ("station_max", "tx_default", "tx"),
            0 <= p.stack_level <= s.charge_profile_max_stack_level,
            0 <= p.evse_id <= s.number_of_evses,
            p.purpose != "station_max" or p.evse_id == 0,
            p.purpose != "tx" or p.evse_id > 0,
            p.purpose == "tx" or p.transaction_id is None,
            sched.rate_unit in s.charging_rate_units,
            1 <= len(sched.periods) <= s.charging_schedule_max_periods,
            all(a < b for a, b in pairwise(offsets)),
            offsets[0] >= 0 if offsets else False,
            self.rules == OcppVersion.V16 or (offsets[0] == 0 if offsets else False),
            all(period[1] >= 0 for period in sched.periods),
            sched.duration_s is None or sched.duration_s > 0,
            p.kind != "Recurring" or (p.recurrency is not None and sched.start is not None),
            p.kind != "Absolute" or sched.start is not None or self.rules == OcppVersion.V16,
            p.valid_from is None or p.valid_to is None or p.valid_from < p.valid_to,
        )
        return all(checks)

    def install(self, profile: ChargingProfile) -> str:
        """SetChargingProfile: 'Accepted' or 'Rejected'.

        Refused: an unknown purpose (2.0.1 external constraints are the station's own), a
        stack level, EVSE, rate unit or period count out of bounds, a station maximum not on
        EVSE 0, a TxProfile on EVSE 0 or without a running transaction there (or naming
        another transaction), a full store. A profile with an installed id replaces it.
        A TxProfile without transaction id is bound to the running transaction.
        """
        if not self._valid_shape(profile):
            return "Rejected"
        if profile.purpose == "tx":
            running = self._active_tx(profile.evse_id)
            if running is None:
                return "Rejected"
            if profile.transaction_id is not None and profile.transaction_id != running:
                return "Rejected"
            profile = replace(profile, transaction_id=running)
        replaced = {profile.id} if profile.id in self._profiles else set()
        for other in self._profiles.values():
            if other.id == profile.id or not self._same_slot(profile, other):
                continue
            if self.rules == OcppVersion.V201 and self._overlap(profile, other):
                return "Rejected"
            if self.rules == OcppVersion.V16:
                replaced.add(other.id)
        if len(self._profiles) - len(replaced) >= self.settings.max_charging_profiles_installed:
            return "Rejected"
        for pid in replaced:
            del self._profiles[pid]
        self._profiles[profile.id] = profile
        return "Accepted"

    @staticmethod
    def _same_slot(a: ChargingProfile, b: ChargingProfile) -> bool:
        return (
            a.purpose == b.purpose
            and a.stack_level == b.stack_level
            and a.evse_id == b.evse_id
            and (a.purpose != "tx" or a.transaction_id == b.transaction_id)
        )

    @staticmethod
    def _overlap(a: ChargingProfile, b: ChargingProfile) -> bool:
        lo = [t for t in (a.valid_from, b.valid_from) if t is not None]
        hi = [t for t in (a.valid_to, b.valid_to) if t is not None]
        return not (lo and hi and max(lo) >= min(hi))

    def clear(
        self,
        id: int | None = None,  # the wire name, shadowing the builtin here is harmless
        evse_id: int | None = None,
        purpose: Purpose | None = None,
        stack_level: int | None = None,
    ) -> bool:
        """ClearChargingProfile: remove by id, or by every filter given (none = all).

        True when something was removed (wire 'Accepted'), else False ('Unknown').
        """
        if id is not None:
            return self._profiles.pop(id, None) is not None
        doomed = [
            p.id
            for p in self._profiles.values()
            if (evse_id is None or p.evse_id == evse_id)
            and (purpose is None or p.purpose == purpose)
            and (stack_level is None or p.stack_level == stack_level)
        ]
        for pid in doomed:
            del self._profiles[pid]
        return bool(doomed)

    def transaction_ended(self, evse_id: int, tx_id: str | None = None) -> int:
        """Drop the TxProfiles of a finished transaction, which they do not outlive.

        Returns how many were dropped; ``tx_id`` None drops all TxProfiles on the EVSE.
        """
        doomed = [
            p.id
            for p in self._profiles.values()
            if p.purpose == "tx"
            and p.evse_id == evse_id
            and (tx_id is None or p.transaction_id == tx_id)
        ]
        for pid in doomed:
            del self._profiles[pid]
        return len(doomed)

    def find(
        self,
        evse_id: int | None = None,
        purposes: Iterable[Purpose] | None = None,
        stack_level: int | None = None,
        ids: Iterable[int] | None = None,
    ) -> list[ChargingProfile]:
        """Installed profiles matching every filter given (GetChargingProfiles)."""
        wanted_ids = set(ids) if ids is not None else None
        wanted_purposes = set(purposes) if purposes is not None else None
        return [
            p
            for p in self._profiles.values()
            if (evse_id is None or p.evse_id == evse_id)
            and (wanted_purposes is None or p.purpose in wanted_purposes)
            and (stack_level is None or p.stack_level == stack_level)
            and (wanted_ids is None or p.id in wanted_ids)
        ]

    # -- evaluating ---------------------------------------------------------------------

    def _schedule_start(
        self, p: ChargingProfile, now: datetime, tx_start: datetime | None
    ) -> datetime | None:
        start = p.schedule.start
        if p.kind == "Relative" or (p.kind == "Absolute" and start is None):
            # 1.6: an Absolute schedule without startSchedule runs from the start of charging.
            return tx_start
        if p.kind == "Recurring" and start is not None and p.recurrency is not None:
            length = _RECURRENCE_S[p.recurrency]
            cycles = math.floor((now - start).total_seconds() / length)
            return start + timedelta(seconds=cycles * length)
        return start

    def _period_at(
        self, p: ChargingProfile, now: datetime, tx_start: datetime | None
    ) -> Period | None:
        if p.valid_from is not None and now < p.valid_from:
            return None
        if p.valid_to is not None and now >= p.valid_to:
            return None
        start = self._schedule_start(p, now, tx_start)
        if start is None:
            return None
        offset = (now - start).total_seconds()
        if offset < 0:
            return None
        if p.schedule.duration_s is not None and offset >= p.schedule.duration_s:
            return None
        running = [period for period in p.schedule.periods if period[0] <= offset]
        return running[-1] if running else None

    def _candidates(self, evse_id: int, tx_id: str | None) -> dict[str, list[ChargingProfile]]:
        by_purpose: dict[str, list[ChargingProfile]] = {
            "station_max": [],
            "tx_default": [],
            "tx": [],
        }
        for p in self._profiles.values():
            if p.purpose == "station_max":
                by_purpose["station_max"].append(p)
            elif evse_id == 0:
                continue
            elif p.purpose == "tx_default" and p.evse_id in (0, evse_id):
                by_purpose["tx_default"].append(p)
            elif (
                p.purpose == "tx"
                and p.evse_id == evse_id
                and tx_id is not None
                and p.transaction_id in (None, tx_id)
            ):
                by_purpose["tx"].append(p)
        for profiles in by_purpose.values():
            # Highest stack level first; at a tie the EVSE's own profile beats EVSE 0's.
            profiles.sort(key=lambda p: (p.stack_level, p.evse_id != 0), reverse=True)
        return by_purpose

    def limit_w(
        self,
        evse_id: int,
        now: datetime,
        tx_id: str | None = None,
        tx_start: datetime | None = None,
        phases: int = 3,
        voltage_v: float = 230.0,
    ) -> float | None:
        """The power cap in W on ``evse_id`` at ``now``, None when no profile limits it.

        ``tx_id``/``tx_start`` describe the running transaction (TxProfiles and Relative
        schedules need them); ``phases`` is used for amp limits whose period gives none.
        EVSE 0 asks for the station as a whole: only the station maximum applies.
        """
        by_purpose = self._candidates(evse_id, tx_id)
        limits: dict[str, float] = {}
        for purpose, profiles in by_purpose.items():
            for p in profiles:
                period = self._period_at(p, now, tx_start)
                if period is not None:
                    limits[purpose] = _to_w(
                        period[1], p.schedule.rate_unit, period[2], phases, voltage_v
                    )
                    break
        tx_limit = limits.get("tx", limits.get("tx_default"))
        caps = [v for v in (limits.get("station_max"), tx_limit) if v is not None]
        return min(caps) if caps else None

    def _breakpoints(
        self,
        evse_id: int,
        start: datetime,
        end: datetime,
        tx_id: str | None,
        tx_start: datetime | None,
    ) -> list[datetime]:
        points = {start}
        for profiles in self._candidates(evse_id, tx_id).values():
            for p in profiles:
                points.update(t for t in (p.valid_from, p.valid_to) if t is not None)
                for origin in self._origins(p, start, end, tx_start):
                    points.update(origin + timedelta(seconds=o) for o, _, _ in p.schedule.periods)
                    if p.schedule.duration_s is not None:
                        points.add(origin + timedelta(seconds=p.schedule.duration_s))
        return sorted(t for t in points if start <= t < end)

    def _origins(
        self, p: ChargingProfile, start: datetime, end: datetime, tx_start: datetime | None
    ) -> list[datetime]:
        if p.kind != "Recurring":
            origin = self._schedule_start(p, start, tx_start)
            return [] if origin is None else [origin]
        first = self._schedule_start(p, start, tx_start)
        if first is None or p.recurrency is None:
            return []
        step = timedelta(seconds=_RECURRENCE_S[p.recurrency])
        origins = []
        while first < end:
            origins.append(first)
            first += step
        return origins

    def composite(
        self,
        evse_id: int,
        start: datetime,
        duration_s: int,
        unit: RateUnit = "W",
        phases: int = 3,
        voltage_v: float = 230.0,
        tx_id: str | None = None,
        tx_start: datetime | None = None,
    ) -> dict:
        """GetCompositeSchedule, neutral: the effective limit from ``start`` for
        ``duration_s`` as ``{"evse_id", "start", "duration_s", "rate_unit", "periods"}``
        with ``periods`` a list of ``(start_offset_s, limit)`` in ``unit``.

        Where no profile limits, the hardware maximum (``evse_max_power_w``, times the EVSE
        count for EVSE 0) fills in, so the periods always cover the whole window.
        """
        end = start + timedelta(seconds=duration_s)
        hardware = self.settings.evse_max_power_w * (
            self.settings.number_of_evses if evse_id == 0 else 1
        )
        periods: list[tuple[int, float]] = []
        for point in self._breakpoints(evse_id, start, end, tx_id, tx_start):
            watts = self.limit_w(evse_id, point, tx_id, tx_start, phases, voltage_v)
            watts = hardware if watts is None else min(watts, hardware)
            value = watts if unit == "W" else watts / (phases * voltage_v)
            limit = _floor_tenth(value)
            offset = int((point - start).total_seconds())
            if periods and periods[-1][0] == offset:
                periods[-1] = (offset, limit)
            elif not periods or periods[-1][1] != limit:
                periods.append((offset, limit))
        return {
            "evse_id": evse_id,
            "start": start,
            "duration_s": duration_s,
            "rate_unit": unit,
            "periods": periods,
        }


# ---------------------------------------------------------------------------------------
# wire translation


def _schedule_from_wire(data: Mapping[str, Any]) -> ChargingSchedule:
    return ChargingSchedule(
        rate_unit=data["chargingRateUnit"],
        periods=tuple(
            (int(p["startPeriod"]), float(p["limit"]), p.get("numberPhases"))
            for p in data["chargingSchedulePeriod"]
        ),
        start=parse_time(data.get("startSchedule")),
        duration_s=data.get("duration"),
        min_rate=data.get("minChargingRate"),
        id=data.get("id"),
    )


def _schedule_to_wire(s: ChargingSchedule) -> dict:
    periods = []
    for offset, limit, phases in s.periods:
        period: dict[str, Any] = {"startPeriod": offset, "limit": limit}
        if phases is not None:
            period["numberPhases"] = phases
        periods.append(period)
    out: dict[str, Any] = {"chargingRateUnit": s.rate_unit, "chargingSchedulePeriod": periods}
    if s.start is not None:
        out["startSchedule"] = format_time(s.start)
    if s.duration_s is not None:
        out["duration"] = s.duration_s
    if s.min_rate is not None:
        out["minChargingRate"] = s.min_rate
    return out


def from_v16(payload: Mapping[str, Any], connector_id: int) -> ChargingProfile:
    """A 1.6 ``csChargingProfiles`` dict (SetChargingProfile.req) on ``connector_id``."""
    tx = payload.get("transactionId")
    return ChargingProfile(
        id=payload["chargingProfileId"],
        stack_level=payload["stackLevel"],
        purpose=_PURPOSE_16[payload["chargingProfilePurpose"]],
        kind=payload["chargingProfileKind"],
        schedule=_schedule_from_wire(payload["chargingSchedule"]),
        recurrency=payload.get("recurrencyKind"),
        valid_from=parse_time(payload.get("validFrom")),
        valid_to=parse_time(payload.get("validTo")),
        transaction_id=None if tx is None else str(tx),
        evse_id=connector_id,
    )


def profile_to_v16(profile: ChargingProfile) -> dict:
    """A neutral profile as a 1.6 ``csChargingProfiles`` dict (the transaction id must be
    numeric, as 1.6 ids are)."""
    out: dict[str, Any] = {
        "chargingProfileId": profile.id,
        "stackLevel": profile.stack_level,
        "chargingProfilePurpose": _PURPOSE_TO_16[profile.purpose],
        "chargingProfileKind": profile.kind,
        "chargingSchedule": _schedule_to_wire(profile.schedule),
    }
    if profile.transaction_id is not None:
        out["transactionId"] = int(profile.transaction_id)
    if profile.recurrency is not None:
        out["recurrencyKind"] = profile.recurrency
    if profile.valid_from is not None:
        out["validFrom"] = format_time(profile.valid_from)
    if profile.valid_to is not None:
        out["validTo"] = format_time(profile.valid_to)
    return out


def from_v201(payload: Mapping[str, Any], evse_id: int) -> ChargingProfile:
    """A 2.0.1 ``chargingProfile`` dict (SetChargingProfileRequest) on ``evse_id``.

    Only the first of up to three schedules is used (the others serve ISO 15118 choice).
    ChargingStationExternalConstraints becomes purpose 'external', which install refuses.
    """
    return ChargingProfile(
        id=payload["id"],
        stack_level=payload["stackLevel"],
        purpose=_PURPOSE_201[payload["chargingProfilePurpose"]],
        kind=payload["chargingProfileKind"],
        schedule=_schedule_from_wire(payload["chargingSchedule"][0]),
        recurrency=payload.get("recurrencyKind"),
        valid_from=parse_time(payload.get("validFrom")),
        valid_to=parse_time(payload.get("validTo")),
        transaction_id=payload.get("transactionId"),
        evse_id=evse_id,
    )


def profile_to_v201(profile: ChargingProfile) -> dict:
    """A neutral profile as a 2.0.1 ChargingProfileType dict (ReportChargingProfiles)."""
    schedule = _schedule_to_wire(profile.schedule)
    schedule["id"] = profile.schedule.id if profile.schedule.id is not None else profile.id
    out: dict[str, Any] = {
        "id": profile.id,
        "stackLevel": profile.stack_level,
        "chargingProfilePurpose": _PURPOSE_TO_201[profile.purpose],
        "chargingProfileKind": profile.kind,
        "chargingSchedule": [schedule],
    }
    if profile.transaction_id is not None:
        out["transactionId"] = profile.transaction_id
    if profile.recurrency is not None:
        out["recurrencyKind"] = profile.recurrency
    if profile.valid_from is not None:
        out["validFrom"] = format_time(profile.valid_from)
    if profile.valid_to is not None:
        out["validTo"] = format_time(profile.valid_to)
    return out


def clear_args_v16(payload: Mapping[str, Any]) -> dict[str, Any]:
    """Keyword arguments for :meth:`ProfileStore.clear` from a 1.6 ClearChargingProfile.req."""
    purpose = payload.get("chargingProfilePurpose")
    return {
        "id": payload.get("id"),
        "evse_id": payload.get("connectorId"),
        "purpose": None if purpose is None else _PURPOSE_16[purpose],
        "stack_level": payload.get("stackLevel"),
    }


def clear_args_v201(payload: Mapping[str, Any]) -> dict[str, Any]:
    """Keyword arguments for :meth:`ProfileStore.clear` from a 2.0.1 ClearChargingProfile."""
    criteria = payload.get("chargingProfileCriteria") or {}
    purpose = criteria.get("chargingProfilePurpose")
    return {
        "id": payload.get("chargingProfileId"),
        "evse_id": criteria.get("evseId"),
        "purpose": None if purpose is None else _PURPOSE_201[purpose],
        "stack_level": criteria.get("stackLevel"),
    }


def _composite_periods(composite: Mapping[str, Any]) -> list[dict]:
    return [{"startPeriod": o, "limit": limit} for o, limit in composite["periods"]]


def composite_to_v16(composite: Mapping[str, Any], connector_id: int | None = None) -> dict:
    """A neutral composite as a 1.6 GetCompositeSchedule.conf payload (status Accepted)."""
    start = format_time(composite["start"])
    return {
        "status": "Accepted",
        "connectorId": composite["evse_id"] if connector_id is None else connector_id,
        "scheduleStart": start,
        "chargingSchedule": {
            "duration": composite["duration_s"],
            "startSchedule": start,
            "chargingRateUnit": composite["rate_unit"],
            "chargingSchedulePeriod": _composite_periods(composite),
        },
    }


def composite_to_v201(composite: Mapping[str, Any]) -> dict:
    """A neutral composite as a 2.0.1 GetCompositeScheduleResponse payload (Accepted)."""
    return {
        "status": "Accepted",
        "schedule": {
            "evseId": composite["evse_id"],
            "duration": composite["duration_s"],
            "scheduleStart": format_time(composite["start"]),
            "chargingRateUnit": composite["rate_unit"],
            "chargingSchedulePeriod": _composite_periods(composite),
        },
    }


__all__ = [
    "ChargingProfile",
    "ChargingSchedule",
    "Period",
    "ProfileStore",
    "clear_args_v16",
    "clear_args_v201",
    "composite_to_v16",
    "composite_to_v201",
    "from_v16",
    "from_v201",
    "profile_to_v16",
    "profile_to_v201",
]
