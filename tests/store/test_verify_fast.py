"""The fast path of verify: intact databases pass it, and it catches every tampering on its own.

Each tampering test asks the fast path itself (``verify_fast.walk``), not ``journal.verify``: the
walk behind it would name the problem anyway, so only this fails when the fast path misses one.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from app.capture.session import EntryMethod
from app.domain.canonical import canonical_json, chain_hash
from app.store import journal, verify_fast
from app.store.database import open_database
from tests.helpers.stations import DemoStation, good_environment

Tamper = Callable[[sqlite3.Connection], None]


def raw(path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection with the append-only triggers dropped, as a tamperer would."""
    conn = sqlite3.connect(path, isolation_level=None)
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    return conn


def fast(path: Path, **kwargs: object) -> verify_fast.Walked | None:
    db = open_database(path, readonly=True)
    try:
        heads, times = journal._resume(db.conn, kwargs.get("first"))  # type: ignore[arg-type]
        return verify_fast.walk(db.conn, heads, times, **kwargs)  # type: ignore[arg-type]
    finally:
        db.close()


def exact(path: Path, **kwargs: object) -> journal.VerifyReport:
    db = open_database(path, readonly=True)
    try:
        return journal._walk(db.conn, **kwargs)  # type: ignore[arg-type]
    finally:
        db.close()


def test_an_intact_database_passes_the_fast_path_with_the_walks_figures(demo_db: Path) -> None:
    walked = fast(demo_db)
    report = exact(demo_db)
    assert report.intact
    assert walked is not None and (walked.rows, walked.stations) == (report.rows, report.stations)
    conn = sqlite3.connect(demo_db)
    # the demo has every kind of row the fast path reads: references, master data, subassemblies
    assert conn.execute("SELECT count(*) FROM components WHERE kind = 'unit'").fetchone()[0]
    assert conn.execute("SELECT count(*) FROM shared_parts").fetchone()[0]
    assert conn.execute("SELECT count(*) FROM journal WHERE kind = 'masterdata'").fetchone()[0]


def test_a_correction_and_its_supersession_pass_the_fast_path(station: DemoStation) -> None:
    session = station.session("FA-01", environment=good_environment())
    session.scan("BDG-1002")
    session.scan(station.udi("SN-IP-200-7000004"))
    session.scan(station.free_pcb())
    for lot in station.final_components():
        session.scan(lot, EntryMethod.KEYBOARD_WEDGE)
    committed = session.commit()
    session.correct(committed.key, "wrong screw reel scanned")
    assert fast(station.path) is not None
    conn = raw(station.path)
    conn.execute("DELETE FROM supersessions WHERE old_key = ?", (committed.key,))
    conn.close()
    assert fast(station.path) is None
    assert not exact(station.path).intact


def _component_lot(conn: sqlite3.Connection) -> None:
    key, part, lot = conn.execute(
        "SELECT record_key, part_number, component FROM components WHERE kind = 'lot' "
        "LIMIT 1 OFFSET 40"
    ).fetchone()
    other = conn.execute(
        "SELECT id FROM lots WHERE part_number = ? AND id <> ? LIMIT 1", (part, lot)
    ).fetchone()[0]
    conn.execute(
        "UPDATE components SET component = ? WHERE record_key = ? AND component = ?",
        (other, key, lot),
    )


def _component_quantity(conn: sqlite3.Connection) -> None:
    # 1.0 becomes 1.0000000000000002: a value no text rendering with 15 digits would show
    conn.execute(
        "UPDATE components SET quantity = quantity + 2.220446049250313e-16 "
        "WHERE rowid = (SELECT max(rowid) FROM components)"
    )


def _component_type(conn: sqlite3.Connection) -> None:
    # the same lot id as a blob: the same bytes, not the same value in Python
    conn.execute("UPDATE components SET component = CAST(component AS BLOB) WHERE rowid = 7")


def _component_deleted(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM components WHERE rowid = (SELECT max(rowid) / 2 FROM components)")


def _component_inserted(conn: sqlite3.Connection) -> None:
    conn.execute("INSERT INTO components SELECT * FROM components WHERE rowid = 3")


def _assembly_deleted(conn: sqlite3.Connection) -> None:
    key = conn.execute("SELECT record_key FROM assemblies LIMIT 1 OFFSET 20").fetchone()[0]
    conn.execute("DELETE FROM components WHERE record_key = ?", (key,))
    conn.execute("DELETE FROM assemblies WHERE record_key = ?", (key,))


def _assembly_environment(conn: sqlite3.Connection) -> None:
    key, env = conn.execute("SELECT record_key, environment FROM assemblies LIMIT 1").fetchone()
    readings = json.loads(env)
    readings[0]["value"] = readings[0]["value"] + 0.1
    conn.execute(
        "UPDATE assemblies SET environment = ? WHERE record_key = ?",
        (canonical_json(readings), key),
    )


def _assembly_operator(conn: sqlite3.Connection) -> None:
    conn.execute(
        "UPDATE assemblies SET operator_name = 'Somebody Else' "
        "WHERE rowid = (SELECT max(rowid) FROM assemblies)"
    )


def _supersession_inserted(conn: sqlite3.Connection) -> None:
    old, new = conn.execute("SELECT record_key FROM assemblies LIMIT 2").fetchall()
    conn.execute("INSERT INTO supersessions (old_key, new_key) VALUES (?, ?)", (old[0], new[0]))


def _part_edited(conn: sqlite3.Connection) -> None:
    digest, text = conn.execute(
        'SELECT hash, content FROM shared_parts WHERE content LIKE \'%"kind":"lot"%\' LIMIT 1'
    ).fetchone()
    conn.execute(
        "UPDATE shared_parts SET content = ? WHERE hash = ?",
        (text.replace('"quantity":1.0', '"quantity":2.0', 1), digest),
    )


def _part_deleted(conn: sqlite3.Connection) -> None:
    conn.execute(
        "DELETE FROM shared_parts WHERE hash = (SELECT hash FROM shared_parts "
        "WHERE content LIKE '%\"instrument\"%' LIMIT 1)"
    )


def _content_edited(conn: sqlite3.Connection) -> None:
    seq, content = conn.execute(
        "SELECT seq, content FROM journal WHERE kind = 'assembly' LIMIT 1 OFFSET 10"
    ).fetchone()
    conn.execute(
        "UPDATE journal SET content = ? WHERE seq = ?",
        (content.replace('"status":"', '"status":"x', 1), seq),
    )


def _content_rehashed(conn: sqlite3.Connection) -> None:
    # the last row rewritten with its hash recomputed: its tables no longer follow from it
    seq, content, prev = conn.execute(
        "SELECT seq, content, prev_hash FROM journal WHERE kind = 'assembly' "
        "ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    data = json.loads(content)
    data["operator"]["name"] = "Somebody Else"
    text = canonical_json(data)
    conn.execute(
        "UPDATE journal SET content = ?, hash = ? WHERE seq = ?",
        (text, chain_hash(text, prev), seq),
    )


def _header_column(conn: sqlite3.Connection) -> None:
    conn.execute(
        "UPDATE journal SET station = CASE station WHEN 'FA-02' THEN 'FA-01' ELSE 'FA-02' END "
        "WHERE seq = 40"
    )


def _corrects_column(conn: sqlite3.Connection) -> None:
    conn.execute("UPDATE journal SET corrects = '' WHERE seq = 41")


def _hash_edited(conn: sqlite3.Connection) -> None:
    conn.execute("UPDATE journal SET hash = substr(hash, 2) || '0' WHERE seq = 25")


def _row_deleted(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM journal WHERE seq = 30")


def _last_row_deleted(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM journal WHERE seq = (SELECT max(seq) FROM journal)")


def _rows_reordered(conn: sqlite3.Connection) -> None:
    (s1,), (s2,) = conn.execute(
        "SELECT seq FROM journal WHERE station = 'SMT-01' ORDER BY seq LIMIT 2 OFFSET 5"
    ).fetchall()
    conn.execute("UPDATE journal SET seq = -1 WHERE seq = ?", (s1,))
    conn.execute("UPDATE journal SET seq = ? WHERE seq = ?", (s1, s2))
    conn.execute("UPDATE journal SET seq = ? WHERE seq = -1", (s2,))


def _row_inserted(conn: sqlite3.Connection) -> None:
    prev = conn.execute(
        "SELECT hash FROM journal WHERE station = 'FA-01' ORDER BY seq LIMIT 1"
    ).fetchone()[0]
    row = journal.seal("FA-01", "login", {"operator": "intruder"}, prev)
    conn.execute(journal.INSERT_SQL, row.as_tuple())


def _master_row(conn: sqlite3.Connection) -> None:
    conn.execute("UPDATE lots SET supplier_lot = supplier_lot || 'X' WHERE rowid = 2")


def _master_inserted(conn: sqlite3.Connection) -> None:
    conn.execute("INSERT INTO lines (id, name) VALUES ('L9', 'a line no journal row states')")


TAMPERS: dict[str, Tamper] = {
    "a component's lot edited": _component_lot,
    "a component's quantity off by one ulp": _component_quantity,
    "a component's lot stored as a blob": _component_type,
    "a component row deleted": _component_deleted,
    "a component row inserted (a copy of another)": _component_inserted,
    "an assembly row deleted": _assembly_deleted,
    "an assembly's environment edited": _assembly_environment,
    "an assembly's operator edited": _assembly_operator,
    "a supersession inserted": _supersession_inserted,
    "a shared part edited": _part_edited,
    "a shared part deleted": _part_deleted,
    "a row's content edited": _content_edited,
    "the last row rewritten with its hash": _content_rehashed,
    "a row's station column edited": _header_column,
    "a row's corrects column edited": _corrects_column,
    "a row's hash edited": _hash_edited,
    "a row deleted": _row_deleted,
    "the last row deleted (truncated)": _last_row_deleted,
    "two rows reordered": _rows_reordered,
    "a row inserted": _row_inserted,
    "a master row edited": _master_row,
    "a master row inserted": _master_inserted,
}


@pytest.mark.parametrize("name", list(TAMPERS))
def test_the_fast_path_alone_catches(demo_db: Path, name: str) -> None:
    conn = raw(demo_db)
    TAMPERS[name](conn)
    conn.close()
    assert fast(demo_db) is None, f"the fast path missed: {name}"
    report = exact(demo_db)
    assert not report.intact  # and the walk behind it names it
    db = open_database(demo_db, readonly=True)
    try:
        assert journal.verify(db.conn) == report  # verify answers as the walk does
    finally:
        db.close()


def test_a_table_in_another_order_falls_back_to_the_walk_and_is_intact(demo_db: Path) -> None:
    conn = raw(demo_db)
    rows = conn.execute("SELECT * FROM components WHERE rowid IN (1, 2) ORDER BY rowid").fetchall()
    conn.execute("DELETE FROM components WHERE rowid IN (1, 2)")
    conn.executemany(
        "INSERT INTO components (rowid, record_key, unit_serial, component, kind, part_number, "
        "quantity, certificate, certificate_type, certificate_revision) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(2, *rows[0]), (1, *rows[1])],
    )
    conn.close()
    assert fast(demo_db) is None  # rows 1 and 2 swapped: not the projector's order
    db = open_database(demo_db, readonly=True)
    try:
        assert journal.verify(db.conn).intact  # the same rows: intact, as the walk finds
    finally:
        db.close()


def test_one_station_or_a_range_takes_the_fast_path_and_catches_an_edit(demo_db: Path) -> None:
    conn = raw(demo_db)
    (station,) = conn.execute("SELECT station FROM journal WHERE seq = 30").fetchone()
    assert fast(demo_db, station=station) is not None
    assert fast(demo_db, first=20, last=40) is not None
    (content,) = conn.execute("SELECT content FROM journal WHERE seq = 30").fetchone()
    conn.execute("UPDATE journal SET content = ? WHERE seq = 30", (content.replace(",", ", ", 1),))
    conn.close()
    assert fast(demo_db, station=station) is None
    assert fast(demo_db, first=20, last=40) is None
    assert fast(demo_db, first=31) is not None  # the edited row lies before the range


def test_one_station_or_a_range_names_a_deleted_part(demo_db: Path) -> None:
    conn = raw(demo_db)
    digest, seq, station = conn.execute(
        "SELECT p.hash, j.seq, j.station FROM shared_parts p JOIN journal j "
        "ON j.content LIKE '%' || p.hash || '%' ORDER BY j.seq DESC LIMIT 1"
    ).fetchone()
    assert fast(demo_db, first=seq, last=seq) is not None
    conn.execute("DELETE FROM shared_parts WHERE hash = ?", (digest,))
    conn.close()
    assert fast(demo_db, first=seq, last=seq) is None
    assert fast(demo_db, station=station) is None
    assert "shared_parts lacks" in (exact(demo_db, station=station).problem or "")


@pytest.fixture
def in_two(monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole walk cut in two processes even for the small demo database."""
    monkeypatch.setattr(verify_fast, "PARALLEL_ROWS", 10)


@pytest.mark.usefixtures("in_two")
def test_two_processes_walk_an_intact_database_with_the_walks_figures(demo_db: Path) -> None:
    db = open_database(demo_db, readonly=True)
    try:
        split = verify_fast._split(db.conn)
        assert split is not None and split.mid > 1  # the second process does take a half
        seen: list[tuple[int, int]] = []
        walked = verify_fast.walk(
            db.conn, {}, {}, progress=lambda d, t: seen.append((d, t)), processes=2
        )
    finally:
        db.close()
    report = exact(demo_db)
    assert walked is not None and (walked.rows, walked.stations) == (report.rows, report.stations)
    assert seen[-1] == (report.rows, report.rows)
    halves = in_two_processes(demo_db)  # the two processes themselves, no fallback
    assert halves is not None and (halves.rows, halves.stations) == (report.rows, report.stations)


@pytest.mark.usefixtures("in_two")
@pytest.mark.parametrize(
    "name",
    [
        "a component's lot edited",
        "a component row inserted (a copy of another)",
        "an assembly row deleted",
        "an assembly's operator edited",
        "a supersession inserted",
        "a shared part deleted",
        "a row's content edited",
        "the last row rewritten with its hash",
        "a row deleted",
        "the last row deleted (truncated)",
        "a master row edited",
    ],
)
def test_two_processes_catch(demo_db: Path, name: str) -> None:
    assert in_two_processes(demo_db) is not None
    conn = raw(demo_db)
    TAMPERS[name](conn)
    conn.close()
    assert in_two_processes(demo_db) is None, f"the two processes missed: {name}"


def in_two_processes(path: Path) -> verify_fast.Walked | None:
    """The two-process walk alone (walk() would try one process after it)."""
    db = open_database(path, readonly=True)
    try:
        split = verify_fast._split(db.conn)
        stored = verify_fast.stored_parts(db.conn)
        assert split is not None and stored is not None
        return verify_fast._walk_in_two(db.conn, split, stored, None, 1_000, 0)
    finally:
        db.close()


@pytest.mark.usefixtures("in_two")
@pytest.mark.parametrize("offset", [-1, 0])
def test_two_processes_catch_a_row_deleted_where_the_halves_meet(
    demo_db: Path, offset: int
) -> None:
    db = open_database(demo_db, readonly=True)
    split = verify_fast._split(db.conn)
    db.close()
    assert split is not None
    conn = raw(demo_db)
    conn.execute("DELETE FROM journal WHERE seq = ?", (split.mid + offset,))
    conn.close()
    assert in_two_processes(demo_db) is None


def test_verify_of_an_intact_database_never_walks_row_by_row(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def walk(*args: object, **kwargs: object) -> journal.VerifyReport:
        raise AssertionError("the fast path fell back to the walk on an intact database")

    monkeypatch.setattr(journal, "_walk", walk)
    db = open_database(demo_db, readonly=True)
    try:
        assert journal.verify(db.conn).intact
        assert journal.verify(db.conn, station="FA-01").intact
        assert journal.verify(db.conn, first=20, last=40).intact
        monkeypatch.setattr(verify_fast, "PARALLEL_ROWS", 10)
        assert journal.verify(db.conn, processes=2).intact
    finally:
        db.close()
