"""Receipts from the plant after each acknowledged push, and ``verify --upstream``."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from app.cli import main
from app.store import anchors
from app.store.database import open_database
from tests.store.test_anchors import raw, rewrite_from

pytestmark = pytest.mark.postgres


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def receipts(path: Path) -> dict[str, anchors.Receipt]:
    db = open_database(path, readonly=True)
    try:
        return anchors.newest_receipts(db.conn)
    finally:
        db.close()


def test_each_acknowledged_push_stores_the_plants_receipt(
    demo_db: Path, plant_dsn: str, capsys: Any
) -> None:
    assert (
        run(capsys, "sync", "--db", str(demo_db), "--upstream", plant_dsn, "--batch", "40")[0] == 0
    )
    got = receipts(demo_db)
    conn = sqlite3.connect(demo_db)
    heads = {h.station: h for h in anchors.chain_heads(conn)}
    batches = conn.execute("SELECT count(*) FROM receipts").fetchone()[0]
    conn.close()
    assert set(got) == set(heads) and batches > len(heads)
    for station, receipt in got.items():
        assert (receipt.seq, receipt.hash) == (heads[station].seq, heads[station].hash)
        assert receipt.plant_time.endswith("Z")
    code, out, _ = run(capsys, "verify", "--db", str(demo_db), "--upstream", plant_dsn)
    assert code == 0 and "and the plant's copy" in out


def test_rewrite_after_sync_is_named_locally_and_upstream(
    demo_db: Path, plant_dsn: str, capsys: Any
) -> None:
    assert run(capsys, "sync", "--db", str(demo_db), "--upstream", plant_dsn)[0] == 0
    conn = raw(demo_db)
    seq = conn.execute(
        "SELECT min(seq) FROM journal WHERE station = 'FA-01' AND seq > 30"
    ).fetchone()[0]
    rewrite_from(conn, "FA-01", seq)
    conn.execute("DELETE FROM receipts")  # the local anchor removed too: the plant still knows
    conn.close()
    code, _, err = run(capsys, "verify", "--db", str(demo_db))
    assert code == 0, err  # locally nothing is left to compare with
    code, _, err = run(capsys, "verify", "--db", str(demo_db), "--upstream", plant_dsn)
    assert code == 1
    assert f"station FA-01: row {seq} differs from the plant's copy" in err


def test_truncation_after_sync_is_named_locally_and_upstream(
    demo_db: Path, plant_dsn: str, capsys: Any
) -> None:
    assert run(capsys, "sync", "--db", str(demo_db), "--upstream", plant_dsn)[0] == 0
    conn = raw(demo_db)
    (top,) = conn.execute("SELECT max(seq) FROM journal WHERE station = 'FA-01'").fetchone()
    key = conn.execute("SELECT key FROM journal WHERE seq = ?", (top,)).fetchone()[0]
    conn.execute("DELETE FROM components WHERE record_key = ?", (key,))
    conn.execute("DELETE FROM assemblies WHERE record_key = ?", (key,))
    conn.execute("DELETE FROM journal WHERE seq = ?", (top,))
    conn.execute("UPDATE sync_outbox SET last_seq = (SELECT max(seq) FROM journal)")
    conn.close()
    code, _, err = run(capsys, "verify", "--db", str(demo_db))
    assert code == 1 and "FA-01: rows after" in err and f"up to {top} at" in err
    conn = raw(demo_db)
    conn.execute("DELETE FROM receipts")
    conn.close()
    code, _, err = run(capsys, "verify", "--db", str(demo_db), "--upstream", plant_dsn)
    assert code == 1
    assert f"station FA-01: row {top}, which the plant holds, is missing here" in err
