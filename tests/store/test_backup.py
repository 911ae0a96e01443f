"""Backup while capturing (SQLite online backup) and a restore that verify accepts."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from app.cli import main
from app.store import backup, journal
from app.store.errors import StoreError
from app.store.station_store import StationStore
from tests.store.test_journal import raw, verify


def test_backup_while_writing_is_consistent_and_restores(demo_db: Path, tmp_path: Path) -> None:
    store = StationStore(demo_db)
    stop = threading.Event()
    written: list[str] = []

    def keep_writing() -> None:
        while not stop.is_set():
            row = store.write(lambda c: journal.append(c, "FA-01", "login", {"who": "writer"}))
            written.append(row.key)

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        out = tmp_path / "copy.sqlite"
        steps: list[tuple[int, int]] = []
        backup.backup(demo_db, out, progress=lambda done, total: steps.append((done, total)))
    finally:
        stop.set()
        writer.join()
        store.close()
    assert steps and steps[-1][0] == steps[-1][1]  # every page copied
    assert written  # the station kept recording
    assert verify(out).intact  # and the copy is one consistent state
    target = tmp_path / "restored.sqlite"
    report = backup.restore(out, target)
    assert report.intact and verify(target).intact
    with pytest.raises(StoreError, match="exists"):
        backup.restore(out, target)


def test_restore_refuses_a_backup_that_does_not_verify(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "copy.sqlite"
    backup.backup(demo_db, out)
    conn = raw(out)
    conn.execute("UPDATE journal SET kind = 'x' WHERE seq = 5")
    conn.close()
    with pytest.raises(StoreError, match="does not verify"):
        backup.restore(out, tmp_path / "restored.sqlite")
    assert not (tmp_path / "restored.sqlite").exists()


def test_backup_and_restore_verbs(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "b.sqlite"
    assert main(["backup", "--db", str(demo_db), "--out", str(out)]) == 0
    assert "backed up" in capsys.readouterr().out
    assert main(["backup", "--db", str(demo_db), "--out", str(out)]) != 0
    assert "exists" in capsys.readouterr().err
    target = tmp_path / "r.sqlite"
    assert main(["restore", "--db", str(target), "--from", str(out)]) == 0
    assert "verified intact" in capsys.readouterr().out
    rows = sqlite3.connect(target).execute("SELECT count(*) FROM journal").fetchone()[0]
    assert rows == sqlite3.connect(demo_db).execute("SELECT count(*) FROM journal").fetchone()[0]
