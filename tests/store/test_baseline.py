"""Upgrading a station database made by an older Lineside journals its unstated rows once."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sqlite_utils import Database

from app.domain.canonical import canonical_json
from app.domain.clock import iso_ms, utc_now
from app.store import journal
from app.store.database import connect, open_database
from app.store.schema import MIGRATIONS
from tests.store.test_journal import raw, verify

UPGRADE = "m011_baseline"


def older_station(path: Path) -> None:
    """A station database as schema 10 left it: master rows written straight into their tables,
    an instrument and its calibration beside ``config`` rows that state no table rows."""
    path.touch(mode=0o600)
    db = Database(connect(path), execute_plugins=False)
    MIGRATIONS.apply(db, stop_before=UPGRADE)
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO lines (id, name) VALUES ('L1', 'Line 1')")
    conn.execute("INSERT INTO stations (id, line_id, name) VALUES ('FA-01', 'L1', 'Final 1')")
    conn.execute("INSERT INTO suppliers (id, name) VALUES ('SUP-1', 'Acme')")
    conn.execute(
        "INSERT INTO parts (part_number, description, kind) VALUES ('RES-10K', 'resistor', 'material')"
    )
    conn.execute(
        "INSERT INTO lots (id, part_number, supplier_id, supplier_lot, received_on) "
        "VALUES ('ML-1', 'RES-10K', 'SUP-1', 'A17', '2026-10-01')"
    )
    config = journal.append(
        conn,
        "FA-01",
        "config",
        {"config": "instrument", "action": "add", "by": "tech", "instrument": {"id": "HMT-1"}},
    )
    conn.execute(
        "INSERT INTO instruments (id, station, driver, alarms, journal_key) "
        "VALUES ('HMT-1', 'FA-01', 'vaisala', ?, ?)",
        (canonical_json([]), config.key),
    )
    cal = journal.append(
        conn, "FA-01", "config", {"config": "calibration", "action": "add", "by": "tech"}
    )
    conn.execute(
        "INSERT INTO calibrations (id, instrument, performed_on, due_on, certificate, "
        "performed_by, recorded_at, journal_key) VALUES ('CAL-1', 'HMT-1', '2026-01-10', "
        "'2027-01-10', 'C-1', 'lab', ?, ?)",
        (iso_ms(utc_now()), cal.key),
    )
    conn.execute("COMMIT")
    conn.close()


def test_an_older_database_is_baselined_once_and_then_verified(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    older_station(path)
    # As schema 10 stood, verify had nothing to compare these tables with.
    open_database(path).close()  # the upgrade
    conn = raw(path)
    rows = conn.execute("SELECT kind, content FROM journal WHERE kind = 'baseline'").fetchall()
    conn.close()
    assert len(rows) == 1
    content = json.loads(rows[0][1])
    assert content["by"] == "system"
    assert content["why"] == "baseline of existing data at upgrade to schema 11 (m011_baseline)"
    stated = {(m["table"], tuple(m["key"].values())) for m in content["master"]}
    assert {
        ("lines", ("L1",)),
        ("stations", ("FA-01",)),
        ("lots", ("ML-1",)),
        ("instruments", ("HMT-1",)),
        ("calibrations", ("CAL-1",)),
    } <= stated
    assert all(m["old"] is None for m in content["master"])
    assert verify(path).intact, verify(path).problem
    open_database(path).close()  # opening again adds nothing
    conn = raw(path)
    assert conn.execute("SELECT count(*) FROM journal WHERE kind = 'baseline'").fetchone()[0] == 1
    # From now on an edit behind the journal is named, as for every projected table.
    conn.execute("UPDATE calibrations SET due_on = '2099-01-01' WHERE id = 'CAL-1'")
    conn.close()
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "verify", "--db", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "table calibrations, row (CAL-1), column due_on" in result.stdout + result.stderr


def test_a_new_database_has_no_baseline_row(tmp_path: Path) -> None:
    open_database(tmp_path / "new.sqlite", create=True).close()
    conn = raw(tmp_path / "new.sqlite")
    assert conn.execute("SELECT count(*) FROM journal").fetchone()[0] == 0
    conn.close()
