"""kill -9 during every kind of write the station makes besides capture (receiving, certificate
documents, signed decisions, master-data changes): whatever instant the process dies at, the
database opens and `lineside verify` finds it intact (capture, demo-data and sync have their own
kill tests)."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

#: Writes in a loop until killed: a received lot, its certificate document, the inspector's
#: signed decision, an account created and then changed (each a journalled master-data row).
WRITER = """
import itertools
import sys
import time

from app.capture import receiving
from app.capture.demo_line import DEMO_PASSWORD, SUPPLIER_PARTS
from app.capture.session import CaptureSession
from app.codes.mh10 import compose
from app.domain.materials import Decision
from app.store.station_store import StationStore

store = StationStore(sys.argv[1])
tag = sys.argv[2]
inspector = CaptureSession(store, "FA-01")
inspector.login_password("supervisor", DEMO_PASSWORD)
admin = CaptureSession(store, "SMT-01")
admin.login_password("admin", DEMO_PASSWORD)
for i in itertools.count():
    label = compose([("1P", SUPPLIER_PARTS["BAT-LI-2S"]), ("Q", "40"), ("10D", "2547"),
                     ("1T", f"K{tag}-{i}"), ("3S", f"PK{tag}-{i}")])
    receipt = receiving.receive(inspector, label)
    facts = receiving.attach_certificate(
        inspector, receipt.lot_id, "coc.pdf", b"%PDF-1.4\\n%%EOF\\n" + label.encode(),
        kind="coc", number=f"C-{tag}-{i}")
    receiving.decide(inspector, facts.id, Decision.ACCEPT, DEMO_PASSWORD, username="supervisor")
    account = admin.create_account(
        {"username": f"k{tag.lower()}x{i}", "name": f"Kill Test {i}",
         "badge": f"BDG-K{tag}X{i}", "qualifications": ["S20"]}, "kill test")
    admin.update_account(account.user_id, {"active": False}, "kill test")
    print(i, flush=True)
"""


def lineside(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args], cwd=ROOT, capture_output=True, text=True
    )


def journal_rows(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT count(*) FROM journal").fetchone()[0])
    finally:
        conn.close()


def test_killed_during_receiving_signatures_and_master_data_leaves_a_verifiable_database(
    tmp_path: Path,
) -> None:
    db = tmp_path / "station.sqlite"
    made = lineside("demo-data", "--db", str(db), "--units", "40", "--quiet")
    assert made.returncode == 0, made.stderr
    rows = journal_rows(db)
    for n, delay in enumerate((1.5, 2.1, 2.6, 3.2, 3.9, 4.7)):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db), f"T{n}"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            _, err = proc.communicate(timeout=delay)
            pytest.fail(f"the writer stopped by itself: {err[-2000:]}")
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            _, err = proc.communicate()
        assert "Traceback" not in err, err[-2000:]
        checked = lineside("verify", "--db", str(db))
        assert checked.returncode == 0, (delay, checked.stdout, checked.stderr)
        assert journal_rows(db) >= rows  # nothing recorded before is lost
        rows = journal_rows(db)
    # The last writer is killed only once a whole round is written, so the writes surely ran.
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), "TL"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    first = proc.stdout.readline()  # blocks until a round is written ('' if the writer died)
    time.sleep(0.3)
    proc.send_signal(signal.SIGKILL)
    _, err = proc.communicate()
    assert first.strip() == "0", err[-2000:]
    assert lineside("verify", "--db", str(db)).returncode == 0
    assert journal_rows(db) > rows
