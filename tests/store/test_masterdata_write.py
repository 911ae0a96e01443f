"""Master data changes only through the journal; verify names any table edited behind its back."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from app.store import masterdata_write, projection
from app.store.masterdata_write import Change
from app.store.station_store import StationStore
from tests.store.test_journal import raw, verify


@pytest.mark.parametrize(
    ("sql", "table", "key", "column", "found"),
    [
        (
            "UPDATE lots SET status = 'rejected' WHERE id = 'ML-000001'",
            "lots",
            ("ML-000001",),
            "status",
            "rejected",
        ),
        (
            "UPDATE lots SET supplier_lot = 'X-1' WHERE id = 'ML-000001'",
            "lots",
            ("ML-000001",),
            "supplier_lot",
            "X-1",
        ),
        (
            "UPDATE certificates SET valid_to = '2099-01-01' WHERE id = 'CERT-ML-000001-1'",
            "certificates",
            ("CERT-ML-000001-1",),
            "valid_to",
            "2099-01-01",
        ),
        (
            "UPDATE users SET role = 'admin' WHERE id = 'U1001'",
            "users",
            ("U1001",),
            "role",
            "admin",
        ),
        (
            "UPDATE users SET password_hash = 'scrypt$weak' WHERE id = 'U2001'",
            "users",
            ("U2001",),
            "password_hash",
            projection.digest("scrypt$weak"),  # stated and compared by digest
        ),
        (
            "UPDATE users SET qualifications = '[\"S10\",\"S20\"]' WHERE id = 'U1002'",
            "users",
            ("U1002",),
            "qualifications",
            '["S10","S20"]',
        ),
        (
            "UPDATE stations SET settings = json_set(settings, '$.on_violation.environment', 'flag') "
            "WHERE id = 'FA-01'",
            "stations",
            ("FA-01",),
            "settings",
            None,
        ),
        (
            "UPDATE parts SET certificate_type = '2.1' WHERE part_number = 'IC-MCU-32'",
            "parts",
            ("IC-MCU-32",),
            "certificate_type",
            "2.1",
        ),
    ],
)
def test_master_data_edited_behind_the_journal_is_named(
    demo_db: Path, sql: str, table: str, key: tuple[str, ...], column: str, found: str | None
) -> None:
    conn = raw(demo_db)
    conn.execute(sql)
    changed = conn.total_changes
    conn.close()
    assert changed
    report = verify(demo_db)
    d = report.difference
    assert d is not None and (d.table, d.key, d.column) == (table, key, column), report.problem
    if found is not None:
        assert d.found == found
    assert f"table {table}, row ({', '.join(key)}), column {column}" in (report.problem or "")


def test_a_lot_deleted_behind_the_journal_is_named(demo_db: Path) -> None:
    conn = raw(demo_db)
    conn.execute("PRAGMA foreign_keys = OFF")
    lot = conn.execute(
        "SELECT id FROM lots WHERE id NOT IN (SELECT lot_id FROM certificates) LIMIT 1"
    ).fetchone()[0]
    conn.execute("DELETE FROM lots WHERE id = ?", (lot,))
    conn.close()
    report = verify(demo_db)
    assert report.difference is not None and report.difference.key == (lot,)
    assert "it was deleted" in (report.problem or "")


def test_a_change_through_the_writer_is_journalled_with_old_new_who_and_why(
    demo_db: Path,
) -> None:
    store = StationStore(demo_db)
    try:
        row = store.write(
            lambda c: masterdata_write.write(
                c,
                "FA-01",
                [Change("lots", {"id": "ML-000001"}, {"status": "quarantined"})],
                by="U2001",
                why="supplier recall notice 17",
            )
        )
        assert row is not None
        (change,) = row.data["master"]
        assert change["old"]["status"] == "released" and change["new"]["status"] == "quarantined"
        assert (row.data["by"], row.data["why"]) == ("U2001", "supplier recall notice 17")
        status = store.reader.execute("SELECT status FROM lots WHERE id = 'ML-000001'").fetchone()
        assert status == ("quarantined",)
        unchanged = store.write(
            lambda c: masterdata_write.write(
                c,
                "FA-01",
                [Change("lots", {"id": "ML-000001"}, {"status": "quarantined"})],
                by="U2001",
                why="again",
            )
        )
        assert unchanged is None  # nothing changed, nothing journalled
        with pytest.raises(ValueError, match="reason"):
            store.write(
                lambda c: masterdata_write.write(
                    c,
                    "FA-01",
                    [Change("lots", {"id": "ML-000001"}, {"status": "released"})],
                    by="U2001",
                    why=" ",
                )
            )
    finally:
        store.close()
    assert verify(demo_db).intact


def test_every_seeded_master_row_comes_from_the_journal(demo_db: Path) -> None:
    conn = sqlite3.connect(demo_db)
    stated: set[tuple[str, str]] = set()
    # Master data, and the demo line's instruments, calibrations and profiles (config and
    # profile rows stating their projected rows the same way).
    for (content,) in conn.execute(
        "SELECT content FROM journal WHERE kind IN "
        "('masterdata', 'config', 'profile', 'certificate', 'certificate-decision')"
    ):
        # a row stated anew (a lot released by its certificate's decision) counts once
        stated |= {
            (m["table"], json.dumps(m["key"], sort_keys=True))
            for m in json.loads(content).get("master") or []
        }
    tables = sum(
        conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in masterdata_write.MASTER_KEYS
    )
    conn.close()
    assert len(stated) == tables > 0
