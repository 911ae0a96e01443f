"""Production shifts (three of eight hours a day, UTC): the unit of review and sign-off."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from app.domain.clock import iso_ms, parse_iso

SHIFT_HOURS = 8
SHIFTS_PER_DAY = 24 // SHIFT_HOURS


@dataclass(frozen=True, order=True)
class Shift:
    """One production shift: a day and its number (1: 00–08, 2: 08–16, 3: 16–24 UTC)."""

    day: date
    number: int

    @classmethod
    def at(cls, moment: datetime) -> Shift:
        """The shift ``moment`` falls in."""
        moment = moment.astimezone(UTC)
        return cls(moment.date(), moment.hour // SHIFT_HOURS + 1)

    @property
    def start(self) -> datetime:
        """UTC start (inclusive)."""
        return datetime(self.day.year, self.day.month, self.day.day, tzinfo=UTC) + timedelta(
            hours=(self.number - 1) * SHIFT_HOURS
        )

    @property
    def end(self) -> datetime:
        """UTC end (exclusive)."""
        return self.start + timedelta(hours=SHIFT_HOURS)

    def previous(self) -> Shift:
        """The shift before this one."""
        return Shift.at(self.start - timedelta(seconds=1))

    def next(self) -> Shift:
        """The shift after this one."""
        return Shift.at(self.end)

    @property
    def label(self) -> str:
        """E.g. ``2026-11-27 shift 2 (08:00–16:00 UTC)``."""
        end_hour = self.start.hour + SHIFT_HOURS
        return (
            f"{self.day.isoformat()} shift {self.number} ({self.start:%H:%M}–{end_hour:02d}:00 UTC)"
        )

    def as_content(self) -> dict[str, Any]:
        """The shift as bound into a signature."""
        return {
            "day": self.day.isoformat(),
            "number": self.number,
            "start": iso_ms(self.start),
            "end": iso_ms(self.end),
        }


def recent_shifts(conn: sqlite3.Connection, count: int = 9) -> list[Shift]:
    """The newest shift with records and the ``count - 1`` before it, newest first."""
    row = conn.execute("SELECT max(recorded_at) FROM assemblies").fetchone()
    newest = Shift.at(parse_iso(row[0])) if row and row[0] else Shift.at(datetime.now(UTC))
    out = [newest]
    while len(out) < count:
        out.append(out[-1].previous())
    return out
