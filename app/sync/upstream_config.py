"""The plant connection a technician configures once per station: DSN (never a password), interval."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from app.domain.clock import iso_ms, utc_now
from app.store import journal
from app.store.station_store import StationStore
from app.sync.credentials import checked_dsn, describe

UPSTREAM = "plant"


@dataclass(frozen=True)
class UpstreamSettings:
    """Where this station syncs to and how often."""

    dsn: str
    interval_s: float


def load(conn: sqlite3.Connection) -> UpstreamSettings | None:
    """The configured plant connection, or None for a station that works alone."""
    row = conn.execute(
        "SELECT dsn, interval_s FROM upstream_settings WHERE upstream = ?", (UPSTREAM,)
    ).fetchone()
    return None if row is None else UpstreamSettings(str(row[0]), float(row[1]))


def save(
    store: StationStore, station: str, dsn: str, interval_s: float, by: str, reason: str
) -> UpstreamSettings:
    """Records the plant connection (journalled: who, why, the DSN without any secret).

    Raises:
        UpstreamError: the DSN is malformed or carries a password.
        ValueError: the interval is not positive or no reason was given.
    """
    checked_dsn(dsn)
    if interval_s <= 0:
        raise ValueError("the sync interval must be positive (seconds)")
    if not reason.strip():
        raise ValueError("say why the plant connection changes: a reason is required")

    def work(conn: sqlite3.Connection) -> None:
        old = load(conn)
        row = journal.append(
            conn,
            station,
            "upstream-config",
            {
                "upstream": {
                    "old": None if old is None else {"dsn": old.dsn, "interval_s": old.interval_s},
                    "new": {
                        "dsn": dsn,
                        "interval_s": interval_s,
                        "where": describe(checked_dsn(dsn)),
                    },
                },
                "by": by,
                "reason": reason.strip(),
            },
        )
        conn.execute(
            "INSERT INTO upstream_settings (upstream, dsn, interval_s, configured_at, journal_key) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (upstream) DO UPDATE SET dsn = excluded.dsn, "
            "interval_s = excluded.interval_s, configured_at = excluded.configured_at, "
            "journal_key = excluded.journal_key",
            (UPSTREAM, dsn, interval_s, iso_ms(utc_now()), row.key),
        )

    store.write(work)
    return UpstreamSettings(dsn, interval_s)
