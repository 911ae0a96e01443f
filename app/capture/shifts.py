"""Production shifts (three a day, UTC or local to the station): the unit of review and sign-off."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from app.domain.clock import iso_ms, parse_iso

SHIFT_HOURS = 8
SHIFTS_PER_DAY = 24 // SHIFT_HOURS


@dataclass(frozen=True, order=True)
class ShiftPlan:
    """Where shifts start: wall-clock hours in a time zone. The default is three UTC shifts at
    00, 08 and 16; a station with a time zone has local shifts (06, 14, 22 unless it says other
    hours), so a night shift runs across local midnight and a daylight-saving night makes one
    shift an hour shorter or longer. Records stay UTC; only the boundaries are local."""

    zone: str = "UTC"
    starts: tuple[int, ...] = (0, 8, 16)

    @property
    def tz(self) -> ZoneInfo:
        """The zone."""
        return ZoneInfo(self.zone)

    @property
    def is_default(self) -> bool:
        """Whether this is the UTC plan records have always been reviewed by."""
        return self == ShiftPlan()

    def start_of(self, day: date, number: int) -> datetime:
        """UTC start of shift ``number`` of local ``day`` (shift 1 starts first on that day)."""
        local = datetime(day.year, day.month, day.day, self.starts[number - 1], tzinfo=self.tz)
        return local.astimezone(UTC)

    def as_content(self) -> dict[str, Any]:
        """The plan as bound into a signature (only a plan other than the default)."""
        return {} if self.is_default else {"zone": self.zone, "starts": list(self.starts)}

    @classmethod
    def from_content(cls, content: dict[str, Any]) -> ShiftPlan:
        """The plan a signed shift states (the default when it states none)."""
        if "zone" not in content:
            return cls()
        return cls(str(content["zone"]), tuple(int(h) for h in content["starts"]))


@dataclass(frozen=True, order=True)
class Shift:
    """One production shift: the local day it starts on and its number in that day.

    With the default plan: 1: 00–08, 2: 08–16, 3: 16–24 UTC.
    """

    day: date
    number: int
    plan: ShiftPlan = field(default_factory=ShiftPlan)

    @classmethod
    def at(cls, moment: datetime, plan: ShiftPlan | None = None) -> Shift:
        """The shift ``moment`` falls in (a moment before the day's first start belongs to the
        previous day's last shift: the night shift)."""
        plan = plan or ShiftPlan()
        local = moment.astimezone(plan.tz)
        day = local.date()
        for number in range(len(plan.starts), 0, -1):
            if moment.astimezone(UTC) >= plan.start_of(day, number):
                return cls(day, number, plan)
        return cls(day - timedelta(days=1), len(plan.starts), plan)

    @property
    def start(self) -> datetime:
        """UTC start (inclusive)."""
        return self.plan.start_of(self.day, self.number)

    @property
    def end(self) -> datetime:
        """UTC end (exclusive): the next shift's start."""
        if self.number < len(self.plan.starts):
            return self.plan.start_of(self.day, self.number + 1)
        return self.plan.start_of(self.day + timedelta(days=1), 1)

    def previous(self) -> Shift:
        """The shift before this one."""
        return Shift.at(self.start - timedelta(seconds=1), self.plan)

    def next(self) -> Shift:
        """The shift after this one."""
        return Shift.at(self.end, self.plan)

    @property
    def label(self) -> str:
        """E.g. ``2026-11-27 shift 2 (08:00–16:00 UTC)`` (local times in the plan's zone)."""
        start, end = self.start.astimezone(self.plan.tz), self.end.astimezone(self.plan.tz)
        end_text = "24:00" if self.plan.is_default and self.number == 3 else f"{end:%H:%M}"
        zone = "UTC" if self.plan.is_default else (start.tzname() or self.plan.zone)
        return f"{self.day.isoformat()} shift {self.number} ({start:%H:%M}–{end_text} {zone})"

    def as_content(self) -> dict[str, Any]:
        """The shift as bound into a signature."""
        return {
            "day": self.day.isoformat(),
            "number": self.number,
            "start": iso_ms(self.start),
            "end": iso_ms(self.end),
            **self.plan.as_content(),
        }

    @classmethod
    def from_content(cls, content: dict[str, Any]) -> Shift:
        """The shift a signature states."""
        return cls(
            date.fromisoformat(content["day"]),
            int(content["number"]),
            ShiftPlan.from_content(content),
        )


def shift_plan(conn: sqlite3.Connection, station: str) -> ShiftPlan:
    """The station's shifts: local ones in its time zone, else the default UTC plan."""
    row = conn.execute("SELECT settings FROM stations WHERE id = ?", (station,)).fetchone()
    settings = json.loads(row[0]) if row else {}
    zone = str(settings.get("time_zone") or "")
    if not zone:
        return ShiftPlan()
    return ShiftPlan(zone, tuple(int(h) for h in settings.get("shift_starts", (6, 14, 22))))


def recent_shifts(
    conn: sqlite3.Connection, count: int = 9, plan: ShiftPlan | None = None
) -> list[Shift]:
    """The newest shift with records and the ``count - 1`` before it, newest first."""
    row = conn.execute("SELECT max(recorded_at) FROM assemblies").fetchone()
    moment = parse_iso(row[0]) if row and row[0] else datetime.now(UTC)
    newest = Shift.at(moment, plan)
    out = [newest]
    while len(out) < count:
        out.append(out[-1].previous())
    return out
