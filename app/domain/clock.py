"""UTC time with milliseconds and time-ordered UUIDv7 keys."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import uuid6


def utc_now() -> datetime:
    """The current UTC time, truncated to milliseconds."""
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond - now.microsecond % 1000)


def iso_ms(moment: datetime) -> str:
    """Formats a UTC time as ``2026-11-28T09:06:13.123Z``."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: every time in a record must be UTC")
    return (
        moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    )


def parse_iso(text: str) -> datetime:
    """Parses a time written by :func:`iso_ms` (or any ISO 8601 with offset)."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def new_key() -> str:
    """A new UUIDv7 key: time-ordered and unique across stations without coordination."""
    return str(uuid6.uuid7())


def clock_source() -> str:
    """Names what this station's clock is synchronised by, for the record."""
    try:
        with open("/run/systemd/timesync/synchronized"):
            return "systemd-timesyncd"
    except OSError:
        pass
    return "system-clock"


@dataclass(frozen=True)
class ClockPolicy:
    """What a station does with a record time that goes backwards or jumps ahead.

    Attributes:
        backwards: ``refuse`` (nothing is recorded) or ``flag`` (recorded with a clock finding).
        max_jump_s: a gap to the previous record longer than this is a jump (None: no limit).
        jump: ``refuse`` or ``flag`` for such a jump.
    """

    backwards: str = "refuse"
    max_jump_s: float | None = None
    jump: str = "flag"

    @classmethod
    def from_settings(cls, settings: dict[str, object]) -> ClockPolicy:
        """The policy in a station's settings (``{"clock": {...}}``), defaults for what is unset."""
        raw = settings.get("clock")
        if not isinstance(raw, dict):
            return cls()
        limit = raw.get("max_jump_s")
        return cls(
            backwards=str(raw.get("backwards", "refuse")),
            max_jump_s=float(limit) if isinstance(limit, int | float) else None,
            jump=str(raw.get("jump", "flag")),
        )


@dataclass(frozen=True)
class ClockFinding:
    """A record time that disagrees with the previous record of the same station."""

    kind: str  # backwards, jump
    previous: str
    recorded_at: str
    action: str  # refuse, flag

    def describe(self) -> str:
        """Both times and what happened."""
        if self.kind == "backwards":
            what = f"is earlier than the previous record of this station ({self.previous})"
        else:
            what = f"is more than the station's limit after the previous record ({self.previous})"
        return (
            f"the record time {self.recorded_at} {what}: the station clock was set back or jumped"
        )

    def as_content(self) -> dict[str, str]:
        """The finding as a flagged record states it."""
        return {"finding": self.kind, "previous": self.previous, "recorded_at": self.recorded_at}


def judge(previous: str | None, recorded_at: str, policy: ClockPolicy) -> ClockFinding | None:
    """The clock finding of a new record time against the station's previous one (None if fine).

    Both times are :func:`iso_ms` texts, which order as the times do.
    """
    if previous is None:
        return None
    if recorded_at < previous:
        return ClockFinding("backwards", previous, recorded_at, policy.backwards)
    if policy.max_jump_s is not None:
        gap = (parse_iso(recorded_at) - parse_iso(previous)).total_seconds()
        if gap > policy.max_jump_s:
            return ClockFinding("jump", previous, recorded_at, policy.jump)
    return None
