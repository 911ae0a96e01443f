"""UTC time with milliseconds and time-ordered UUIDv7 keys."""

from __future__ import annotations

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
