"""Opening station databases: WAL, schema versions, and files that are not ours."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from app.store.database import open_database
from app.store.errors import NewerSchema, NotAStationDatabase, StoreUnavailable


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_database_is_wal_with_full_sync(tmp_path: Path) -> None:
    db = open_database(tmp_path / "new.sqlite", create=True)
    assert db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.conn.execute("PRAGMA synchronous").fetchone()[0] == 2
    assert db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert {"journal", "assemblies", "components", "lots", "certificates"} <= set(db.table_names())
    db.close()


def test_opening_twice_is_harmless(tmp_path: Path) -> None:
    open_database(tmp_path / "a.sqlite", create=True).close()
    db = open_database(tmp_path / "a.sqlite", create=True)
    assert db.conn.execute("SELECT count(*) FROM journal").fetchone()[0] == 0
    db.close()


def test_a_text_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("shift notes: line 1 ran fine\n")
    before = digest(path)
    with pytest.raises(NotAStationDatabase, match="not a SQLite database"):
        open_database(path, create=True)
    assert digest(path) == before
    assert not (tmp_path / "notes.sqlite-wal").exists()


def test_a_corrupt_database_is_refused(demo_db: Path) -> None:
    data = bytearray(demo_db.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    demo_db.write_bytes(bytes(data))
    with pytest.raises((NotAStationDatabase, StoreUnavailable)):
        open_database(demo_db)


def test_a_foreign_sqlite_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER)")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(NotAStationDatabase, match="not a Lineside station database"):
        open_database(path, create=True)
    assert digest(path) == before


def test_a_newer_schema_is_refused(demo_db: Path) -> None:
    conn = sqlite3.connect(demo_db)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('lineside', 'm999_from_the_future', '2030-01-01')"
    )
    conn.commit()
    conn.close()
    with pytest.raises(NewerSchema, match="newer Lineside"):
        open_database(demo_db)


def test_a_missing_database_says_how_to_create_it(tmp_path: Path) -> None:
    with pytest.raises(StoreUnavailable, match="lineside init"):
        open_database(tmp_path / "missing.sqlite")
