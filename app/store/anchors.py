"""Anchors of the station chains outside the station: the plant's receipts and the chain heads.

Each acknowledged push stores the plant's receipt (station, the newest row it holds, that row's
hash, the plant's time). :func:`check` compares the local chains with the newest receipt of each
station and with the outbox cursor, so a truncation or a rewrite of acknowledged rows is named
even with no plant in reach. :func:`chain_heads` gives the heads a sign-off covers.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from app.domain.canonical import GENESIS
from app.domain.clock import iso_ms, utc_now

OUTBOX = "plant"


@dataclass(frozen=True)
class Receipt:
    """What the plant stated it holds of one station's chain after an acknowledged push."""

    station: str
    seq: int
    hash: str
    plant_time: str


@dataclass(frozen=True)
class ChainHead:
    """A station's chain as far as it goes: its newest row's seq and hash, and its row count."""

    station: str
    seq: int
    rows: int
    hash: str

    def as_content(self) -> dict[str, object]:
        """The head as a record states it."""
        return {"station": self.station, "seq": self.seq, "rows": self.rows, "hash": self.hash}

    def text(self) -> str:
        """One line an auditor can compare offline: ``FA-01 rows 1,204 seq 2,407 <hash>``."""
        return f"{self.station} rows {self.rows} seq {self.seq} {self.hash}"


def record_receipts(conn: sqlite3.Connection, receipts: Iterable[Receipt]) -> None:
    """Stores receipts (call in the transaction that moves the outbox cursor)."""
    now = iso_ms(utc_now())
    conn.executemany(
        "INSERT INTO receipts (station, seq, hash, plant_time, received_at) VALUES (?, ?, ?, ?, ?)",
        ((r.station, r.seq, r.hash, r.plant_time, now) for r in receipts),
    )


def newest_receipts(conn: sqlite3.Connection) -> dict[str, Receipt]:
    """The newest receipt of each station."""
    return {
        r[0]: Receipt(r[0], int(r[1]), r[2], r[3])
        for r in conn.execute(
            "SELECT station, seq, hash, plant_time FROM receipts WHERE id IN "
            "(SELECT max(id) FROM receipts GROUP BY station) ORDER BY station"
        )
    }


def chain_heads(
    conn: sqlite3.Connection,
    stations: Iterable[str] | None = None,
    *,
    through: Mapping[str, int] | None = None,
) -> list[ChainHead]:
    """Each station's chain head (station, newest seq, row count, hash), by station.

    Sign-offs and releases carry the heads they cover; a station with no rows has the genesis
    hash at seq 0. With ``through`` (station -> seq) each head is the station's row at that seq:
    the chain as far as a document (a device history record) covers it, the same whenever the
    document is made again.
    """
    if through is not None:
        covered = []
        for station in sorted(through) if stations is None else stations:
            seq = int(through[station])
            rows, digest = conn.execute(
                "SELECT (SELECT count(*) FROM journal WHERE station = ? AND seq <= ?), hash "
                "FROM journal WHERE seq = ? AND station = ?",
                (station, seq, seq, station),
            ).fetchone()
            covered.append(ChainHead(station, seq, int(rows), str(digest)))
        return covered
    found = {
        r[0]: ChainHead(r[0], int(r[1]), int(r[2]), r[3])
        for r in conn.execute(
            "SELECT j.station, j.seq, c.n, j.hash FROM journal j JOIN "
            "(SELECT station, max(seq) AS top, count(*) AS n FROM journal GROUP BY station) c "
            "ON j.station = c.station AND j.seq = c.top"
        )
    }
    names = sorted(found) if stations is None else list(stations)
    return [found.get(s, ChainHead(s, 0, 0, GENESIS)) for s in names]


def outbox_cursor(conn: sqlite3.Connection) -> int:
    """The sequence number of the last journal row the plant acknowledged."""
    row = conn.execute("SELECT last_seq FROM sync_outbox WHERE upstream = ?", (OUTBOX,)).fetchone()
    return int(row[0]) if row else 0


def check(conn: sqlite3.Connection) -> str | None:
    """The first disagreement between the journal and its anchors (None when they agree).

    Names a truncation ("rows after N acknowledged by the plant at T are missing"), a rewrite
    ("row N differs from what the plant acknowledged"), and an outbox cursor ahead of the journal
    or behind the plant's receipts.
    """
    top = int(conn.execute("SELECT coalesce(max(seq), 0) FROM journal").fetchone()[0])
    last = outbox_cursor(conn)
    if last > top:
        return (
            f"the outbox cursor says row {last} was acknowledged by the plant, but the journal "
            f"ends at row {top}: the journal was truncated or the cursor moved"
        )
    receipts = newest_receipts(conn)
    for r in receipts.values():
        row = conn.execute("SELECT station, hash FROM journal WHERE seq = ?", (r.seq,)).fetchone()
        if row is None or row[0] != r.station:
            newest = conn.execute(
                "SELECT coalesce(max(seq), 0) FROM journal WHERE station = ?", (r.station,)
            ).fetchone()[0]
            if int(newest) < r.seq:
                return (
                    f"station {r.station}: rows after {newest} are missing: the plant "
                    f"acknowledged its rows up to {r.seq} at {r.plant_time}: the journal was "
                    "truncated"
                )
            return (
                f"station {r.station}: row {r.seq}, which the plant acknowledged at "
                f"{r.plant_time}, is not this station's row any more: the journal was rewritten"
            )
        if row[1] != r.hash:
            return (
                f"station {r.station}: row {r.seq} differs from what the plant acknowledged at "
                f"{r.plant_time} (plant {r.hash[:16]}…, here {row[1][:16]}…): the chain up to it "
                "was rewritten"
            )
    behind = [r for r in receipts.values() if r.seq > last]
    if behind:
        r = behind[0]
        return (
            f"the outbox cursor ({last}) is behind the plant's receipt for station {r.station} "
            f"(row {r.seq} at {r.plant_time}): the cursor was moved back"
        )
    return None
