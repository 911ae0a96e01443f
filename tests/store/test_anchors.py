"""Anchors: the plant's receipts catch a rewrite or a truncation the chain alone cannot show."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from app.domain.canonical import canonical_json, chain_hash
from app.store import anchors, journal
from app.store.database import open_database
from app.store.station_store import StationStore
from tests.store.test_journal import raw, verify

STATION = "FA-01"


def acknowledge(path: Path, station: str = STATION) -> anchors.Receipt:
    """Stores a receipt as an acknowledged push does: the station's head and the cursor."""
    store = StationStore(path)
    try:
        (head,) = anchors.chain_heads(store.reader, [station])
        receipt = anchors.Receipt(station, head.seq, head.hash, "2026-11-30T12:00:00.000Z")

        def work(conn: sqlite3.Connection) -> None:
            top = conn.execute("SELECT max(seq) FROM journal").fetchone()[0]
            conn.execute("UPDATE sync_outbox SET last_seq = ?", (top,))
            anchors.record_receipts(conn, [receipt])

        store.write(work)
    finally:
        store.close()
    return receipt


def rewrite_from(conn: sqlite3.Connection, station: str, seq: int) -> None:
    """Edits the station's row at ``seq`` and recomputes every later hash of its chain."""
    rows = conn.execute(
        "SELECT seq, content, prev_hash FROM journal WHERE station = ? AND seq >= ? ORDER BY seq",
        (station, seq),
    ).fetchall()
    prev = rows[0][2]
    for i, (s, content, _) in enumerate(rows):
        data = json.loads(content)
        if i == 0:
            data["note"] = "rewritten"  # a value no table projects: only the anchor can tell
        text = canonical_json(data)
        digest = chain_hash(text, prev)
        conn.execute(
            "UPDATE journal SET content = ?, prev_hash = ?, hash = ? WHERE seq = ?",
            (text, prev, digest, s),
        )
        prev = digest


def test_an_intact_station_agrees_with_its_receipt(demo_db: Path) -> None:
    acknowledge(demo_db)
    report = verify(demo_db)
    assert report.intact, report.problem


def test_a_rewritten_chain_is_caught_by_the_receipt(demo_db: Path) -> None:
    receipt = acknowledge(demo_db)
    conn = raw(demo_db)
    first = conn.execute(
        "SELECT min(seq) FROM journal WHERE station = ? AND seq > 20", (STATION,)
    ).fetchone()[0]
    rewrite_from(conn, STATION, first)
    conn.close()
    report = verify(demo_db)
    assert not report.intact
    assert (
        f"station {STATION}: row {receipt.seq} differs from what the plant acknowledged at "
        f"{receipt.plant_time}" in (report.problem or "")
    )


def test_a_rewritten_chain_without_a_receipt_is_not_seen_locally(demo_db: Path) -> None:
    conn = raw(demo_db)
    rewrite_from(conn, STATION, 30)
    conn.close()
    assert verify(demo_db).intact  # what the README says a local attacker can still do


def test_a_truncated_tail_with_its_genealogy_is_caught_by_the_receipt(demo_db: Path) -> None:
    receipt = acknowledge(demo_db)
    conn = raw(demo_db)
    keep = conn.execute(
        "SELECT seq FROM journal WHERE station = ? ORDER BY seq DESC LIMIT 1 OFFSET 3", (STATION,)
    ).fetchone()[0]
    keys = [
        k
        for (k,) in conn.execute(
            "SELECT key FROM journal WHERE station = ? AND seq > ?", (STATION, keep)
        )
    ]
    for key in keys:
        conn.execute("DELETE FROM components WHERE record_key = ?", (key,))
        conn.execute("DELETE FROM supersessions WHERE new_key = ? OR old_key = ?", (key, key))
        conn.execute("DELETE FROM assemblies WHERE record_key = ?", (key,))
        conn.execute("DELETE FROM journal WHERE key = ?", (key,))
    conn.execute("UPDATE sync_outbox SET last_seq = ?", (keep,))  # even the cursor moved back
    conn.close()
    report = verify(demo_db)
    assert not report.intact
    assert (
        f"station {STATION}: rows after {keep} are missing: the plant acknowledged its rows up "
        f"to {receipt.seq} at {receipt.plant_time}" in (report.problem or "")
    )


def test_outbox_cursor_ahead_of_the_journal_is_named(demo_db: Path) -> None:
    conn = raw(demo_db)
    conn.execute("UPDATE sync_outbox SET last_seq = 10000")
    conn.close()
    report = verify(demo_db)
    assert not report.intact
    assert "cursor says row 10000 was acknowledged" in (report.problem or "")


def test_outbox_cursor_behind_the_receipt_is_named(demo_db: Path) -> None:
    receipt = acknowledge(demo_db)
    conn = raw(demo_db)
    conn.execute("UPDATE sync_outbox SET last_seq = 1")
    conn.close()
    report = verify(demo_db)
    assert not report.intact
    assert f"behind the plant's receipt for station {STATION} (row {receipt.seq}" in (
        report.problem or ""
    )


def test_chain_heads_name_each_station_newest_row(demo_db: Path) -> None:
    db = open_database(demo_db, readonly=True)
    try:
        heads = {h.station: h for h in anchors.chain_heads(db.conn)}
        for station, head in heads.items():
            rows = list(journal.rows(db.conn, station=station))
            assert (head.seq, head.rows, head.hash) == (rows[-1][0], len(rows), rows[-1][1].hash)
        (empty,) = anchors.chain_heads(db.conn, ["NOBODY"])
        assert (empty.seq, empty.rows) == (0, 0)
    finally:
        db.close()
