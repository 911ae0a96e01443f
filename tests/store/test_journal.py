"""The journal: append-only at the SQLite level, and verify finds every kind of tampering."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from app import __version__
from app.domain.canonical import GENESIS, canonical_json, chain_hash
from app.store import journal
from app.store.database import open_database
from app.store.station_store import StationStore
from tests.helpers.stations import assembly_seq


def raw(path: Path) -> sqlite3.Connection:
    """A plain sqlite3 shell-like connection with the guards dropped, as a tamperer would."""
    conn = sqlite3.connect(path, isolation_level=None)
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    return conn


def test_every_row_names_the_software_version_and_the_configuration_revision(
    tmp_path: Path,
) -> None:
    store = StationStore(tmp_path / "s.sqlite", create=True)
    store.write(lambda c: c.execute("INSERT INTO lines (id, name) VALUES ('L1', 'Line 1')"))
    store.write(
        lambda c: c.execute(
            "INSERT INTO stations (id, line_id, name, config_revision) VALUES ('FA-01', 'L1', 'FA', 7)"
        )
    )
    login = store.write(lambda c: journal.append(c, "FA-01", "login", {"who": "ben"}))
    config = store.write(lambda c: journal.append(c, "FA-01", "config", {"config_revision": 8}))
    unknown = store.write(lambda c: journal.append(c, "ZZ", "login", {}))
    assert login.data["app_version"] == __version__ and login.data["config_revision"] == 7
    assert config.data["config_revision"] == 8  # a row naming its own revision keeps it
    assert unknown.data["app_version"] == __version__ and unknown.data["config_revision"] is None
    builder = journal.ChainBuilder(store.reader)
    assert builder.seal("FA-01", "login", {}).data["config_revision"] == 7
    store.close()


def test_rows_chain_per_station_with_canonical_content(tmp_path: Path) -> None:
    store = StationStore(tmp_path / "s.sqlite", create=True)
    a1 = store.write(lambda c: journal.append(c, "A", "login", {"b": 1, "a": "ü"}))
    b1 = store.write(lambda c: journal.append(c, "B", "login", {}))
    a2 = store.write(lambda c: journal.append(c, "A", "logout", {}))
    assert a1.prev_hash == GENESIS and b1.prev_hash == GENESIS
    assert a2.prev_hash == a1.hash
    assert a1.content == canonical_json(json.loads(a1.content))
    assert '{"a":"ü","app_version":' in a1.content  # sorted keys, UTF-8 unescaped
    assert a1.hash == chain_hash(a1.content, GENESIS)
    assert a1.key < a2.key  # UUIDv7 keys sort by time
    report = journal.verify(store.reader)
    assert report.intact and report.rows == 3 and report.stations == 2
    store.close()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE journal SET kind = 'x'",
        "DELETE FROM journal",
        "UPDATE components SET component = 'ML-0'",
        "DELETE FROM assemblies",
    ],
)
def test_update_and_delete_are_refused_by_sqlite(demo_db: Path, statement: str) -> None:
    conn = sqlite3.connect(demo_db)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute(statement)
    conn.close()


def verify(path: Path) -> journal.VerifyReport:
    db = open_database(path, readonly=True)
    try:
        return journal.verify(db.conn)
    finally:
        db.close()


def test_altered_content_is_named(demo_db: Path) -> None:
    conn = raw(demo_db)
    seq = assembly_seq(conn)
    (content,) = conn.execute("SELECT content FROM journal WHERE seq = ?", (seq,)).fetchone()
    conn.execute(
        "UPDATE journal SET content = ? WHERE seq = ?",
        (content.replace('"value":', '"value":1', 1), seq),
    )
    conn.close()
    report = verify(demo_db)
    assert not report.intact and report.seq == seq
    assert "altered" in (report.problem or "")


def test_altered_content_with_recomputed_hash_breaks_the_next_link(demo_db: Path) -> None:
    conn = raw(demo_db)
    seq = assembly_seq(conn)
    station, content, prev = conn.execute(
        "SELECT station, content, prev_hash FROM journal WHERE seq = ?", (seq,)
    ).fetchone()
    data = json.loads(content)
    data["operator"]["name"] = "Somebody Else"
    text = canonical_json(data)
    conn.execute(
        "UPDATE journal SET content = ?, hash = ? WHERE seq = ?",
        (text, chain_hash(text, prev), seq),
    )
    conn.close()
    report = verify(demo_db)
    nxt = (
        sqlite3.connect(demo_db)
        .execute("SELECT min(seq) FROM journal WHERE station = ? AND seq > ?", (station, seq))
        .fetchone()[0]
    )
    assert report.seq == nxt
    assert "deleted, inserted or reordered" in (report.problem or "")


def test_deleted_row_is_found(demo_db: Path) -> None:
    conn = raw(demo_db)
    key = conn.execute("SELECT key FROM journal WHERE seq = 30").fetchone()[0]
    conn.execute("DELETE FROM components WHERE record_key = ?", (key,))
    conn.execute("DELETE FROM assemblies WHERE record_key = ?", (key,))
    conn.execute("DELETE FROM journal WHERE seq = 30")
    conn.close()
    report = verify(demo_db)
    assert not report.intact and report.seq is not None and report.seq > 30


def test_deleted_last_row_is_found_through_its_genealogy(demo_db: Path) -> None:
    conn = raw(demo_db)
    seq, key = conn.execute("SELECT seq, key FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
    conn.execute("DELETE FROM journal WHERE seq = ?", (seq,))
    conn.close()
    report = verify(demo_db)
    assert not report.intact and report.key == key


def test_reordered_rows_are_found(demo_db: Path) -> None:
    conn = raw(demo_db)
    rows = conn.execute(
        "SELECT seq FROM journal WHERE station = 'SMT-01' ORDER BY seq LIMIT 2 OFFSET 5"
    ).fetchall()
    (s1,), (s2,) = rows
    conn.execute("UPDATE journal SET seq = -1 WHERE seq = ?", (s1,))
    conn.execute("UPDATE journal SET seq = ? WHERE seq = ?", (s1, s2))
    conn.execute("UPDATE journal SET seq = ? WHERE seq = -1", (s2,))
    conn.close()
    report = verify(demo_db)
    assert not report.intact and report.seq == s1


def test_inserted_row_is_found(demo_db: Path) -> None:
    conn = raw(demo_db)
    prev = conn.execute(
        "SELECT hash FROM journal WHERE station = 'FA-01' ORDER BY seq LIMIT 1"
    ).fetchone()[0]
    row = journal.seal("FA-01", "login", {"operator": "intruder"}, prev)
    conn.execute(journal.INSERT_SQL, row.as_tuple())
    conn.close()
    report = verify(demo_db)
    assert not report.intact and report.key == row.key


def test_altered_genealogy_is_found(demo_db: Path) -> None:
    conn = raw(demo_db)
    key = conn.execute("SELECT record_key FROM components LIMIT 1").fetchone()[0]
    conn.execute("DELETE FROM components WHERE rowid = (SELECT min(rowid) FROM components)")
    conn.close()
    report = verify(demo_db)
    assert not report.intact and report.key == key
    assert "table components" in (report.problem or "") and "deleted" in (report.problem or "")


def test_altered_header_column_is_found(demo_db: Path) -> None:
    conn = raw(demo_db)
    conn.execute("UPDATE journal SET recorded_at = '2020-01-01T00:00:00.000Z' WHERE seq = 12")
    conn.close()
    report = verify(demo_db)
    assert report.seq == 12 and "recorded_at" in (report.problem or "")


def test_swapped_lot_in_components_is_named_with_both_values(demo_db: Path) -> None:
    conn = raw(demo_db)
    key, part, lot = conn.execute(
        "SELECT record_key, part_number, component FROM components WHERE kind = 'lot' LIMIT 1"
    ).fetchone()
    other = conn.execute(
        "SELECT id FROM lots WHERE part_number = ? AND id <> ? LIMIT 1", (part, lot)
    ).fetchone()[0]
    conn.execute(
        "UPDATE components SET component = ? WHERE record_key = ? AND component = ?",
        (other, key, lot),
    )
    conn.close()
    report = verify(demo_db)
    assert not report.intact and report.key == key
    d = report.difference
    assert d is not None and d.table == "components" and d.column == "component"
    assert (d.expected, d.found) == (lot, other)
    assert f"table components, row ({key}, {part}), column component" in (report.problem or "")


def test_altered_assembly_status_is_named(demo_db: Path) -> None:
    conn = raw(demo_db)
    key = conn.execute(
        "SELECT record_key FROM assemblies WHERE status = 'flagged' LIMIT 1"
    ).fetchone()
    key = key or conn.execute("SELECT record_key FROM assemblies LIMIT 1").fetchone()
    conn.execute("UPDATE assemblies SET status = 'accepted-x' WHERE record_key = ?", (key[0],))
    conn.close()
    report = verify(demo_db)
    d = report.difference
    assert d is not None and (d.table, d.key, d.column, d.found) == (
        "assemblies",
        (key[0],),
        "status",
        "accepted-x",
    )


def test_inserted_supersession_is_named(demo_db: Path) -> None:
    conn = raw(demo_db)
    old, new = conn.execute("SELECT record_key FROM assemblies LIMIT 2").fetchall()
    conn.execute("INSERT INTO supersessions (old_key, new_key) VALUES (?, ?)", (old[0], new[0]))
    conn.close()
    report = verify(demo_db)
    d = report.difference
    assert d is not None and d.table == "supersessions" and d.key == (old[0],)
    assert "no journal row gives it" in (report.problem or "")


def test_one_station_or_a_seq_range_is_verified_on_its_own(demo_db: Path) -> None:
    conn = raw(demo_db)
    (total,) = conn.execute("SELECT count(*) FROM journal WHERE station = 'FA-01'").fetchone()
    conn.execute("UPDATE journal SET kind = 'x' WHERE seq = 30")
    (broken_station,) = conn.execute("SELECT station FROM journal WHERE seq = 30").fetchone()
    conn.close()
    db = open_database(demo_db, readonly=True)
    try:
        seen: list[tuple[int, int]] = []
        journal.PROGRESS_EVERY, before = 10, journal.PROGRESS_EVERY
        try:
            report = journal.verify(db.conn, first=31, progress=lambda d, t: seen.append((d, t)))
        finally:
            journal.PROGRESS_EVERY = before
        assert report.intact  # the altered row lies before the range
        assert seen and seen[-1][0] == seen[-1][1] == report.rows
        assert journal.verify(db.conn, first=20, last=40).seq == 30
        other = "SMT-01" if broken_station == "FA-01" else "FA-01"
        assert journal.verify(db.conn, station=other).intact
        assert journal.verify(db.conn, station=broken_station).seq == 30
        if other == "FA-01":
            assert journal.verify(db.conn, station="FA-01").rows == total
    finally:
        db.close()
