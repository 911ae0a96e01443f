"""The plant countersigns a station's signatures: at once when reachable, at the next sync when the
signature was made offline; a signature row appended outside the app is never countersigned."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import psycopg
import pytest

from app.capture import demo_line, signatures
from app.capture.signatures import Meaning
from app.cli import main
from app.domain.canonical import GENESIS
from app.store import countersignatures, journal
from app.sync.worker import SyncWorker
from tests.helpers.review import busiest_shift, supervisor
from tests.helpers.stations import DemoStation
from tests.store.test_journal import raw

pytestmark = pytest.mark.postgres


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def in_plant(
    station: DemoStation, plant_dsn: str, capsys: pytest.CaptureFixture[str]
) -> DemoStation:
    """The demo station's staff and rows at the plant; the station knows its staff's parameters."""
    assert (
        run(capsys, "plant", "load-master", "--dsn", plant_dsn, "--db", str(station.path))[0] == 0
    )
    assert run(capsys, "sync", "--db", str(station.path), "--upstream", plant_dsn)[0] == 0
    return station


def test_signed_online_the_plant_countersigns_at_once(
    in_plant: DemoStation, plant_dsn: str, plant_conn: psycopg.Connection[Any]
) -> None:
    station = in_plant
    session = supervisor(station)
    worker = SyncWorker(station.store, plant_dsn)
    session.countersign_now = worker.run_once  # what the station window's sync worker does
    try:
        signed = signatures.sign_shift(
            session,
            busiest_shift(station),
            demo_line.DEMO_PASSWORD,
            Meaning.REVIEWED,
            username="supervisor",
        )
    finally:
        worker.stop()
    status = signatures.check_signature(station.conn, signed.key).countersign
    assert status is not None and status.countersigned, status
    held = plant_conn.execute(
        "SELECT username, meaning, record_hash FROM plant.countersignatures WHERE record_key = %s",
        (signed.key,),
    ).fetchone()
    row_hash = station.conn.execute(
        "SELECT hash FROM journal WHERE key = ?", (signed.key,)
    ).fetchone()[0]
    assert held == ("supervisor", "reviewed", row_hash)


def test_signed_offline_it_waits_and_the_next_sync_countersigns_it(
    in_plant: DemoStation, plant_dsn: str, capsys: pytest.CaptureFixture[str]
) -> None:
    station = in_plant
    session = supervisor(station)  # no plant link: offline
    signed = signatures.sign_shift(
        session,
        busiest_shift(station),
        demo_line.DEMO_PASSWORD,
        Meaning.REVIEWED,
        username="supervisor",
    )
    assert countersignatures.status(station.conn, signed.key).state == "pending"
    code, out, _ = run(capsys, "signatures", "--db", str(station.path))
    assert code == 0 and "not yet countersigned" in out and "Sofia Lindgren — reviewed" in out
    code, out, _ = run(capsys, "sync", "--db", str(station.path), "--upstream", plant_dsn)
    assert code == 0 and "signatures countersigned 1" in out
    code, out, _ = run(capsys, "signatures", "--db", str(station.path), "--json")
    (listed,) = [s for s in json.loads(out) if s["key"] == signed.key]
    assert listed["countersign"]["state"] == "countersigned" and listed["intact"]


def forge_signature(path: Path, station: str = "FA-01") -> str:
    """A tamperer's signature row, appended with a raw connection and a correct chain hash."""
    conn = raw(path)
    prev = conn.execute(
        "SELECT hash FROM journal WHERE station = ? ORDER BY seq DESC LIMIT 1", (station,)
    ).fetchone()
    body = {
        "signature": {
            "printed_name": "Sofia Lindgren",
            "user_id": "U2001",
            "role": "supervisor",
            "username": "supervisor",
            "meaning": "approved",
            "subject": {"note": "released by nobody"},
        }
    }
    row = journal.seal(station, "signature", body, prev[0] if prev else GENESIS)
    conn.execute(journal.INSERT_SQL, row.as_tuple())
    conn.close()
    return row.key


def test_a_signature_appended_outside_the_app_stands_out(
    in_plant: DemoStation,
    plant_dsn: str,
    plant_conn: psycopg.Connection[Any],
    capsys: pytest.CaptureFixture[str],
) -> None:
    station = in_plant
    path = station.path
    station.close()
    key = forge_signature(path)
    assert run(capsys, "verify", "--db", str(path))[0] == 0  # the chain itself holds
    assert run(capsys, "sync", "--db", str(path), "--upstream", plant_dsn)[0] == 0
    code, out, _ = run(capsys, "signatures", "--db", str(path))
    line = next(x for x in out.splitlines() if key in x)
    assert "not countersigned and cannot be" in line
    # The tamperer adds a proof too: without the password it cannot hold, and the plant says so.
    conn = raw(path)
    row_hash = conn.execute("SELECT hash FROM journal WHERE key = ?", (key,)).fetchone()[0]
    conn.execute(
        "INSERT INTO countersign_requests (signature_key, station, username, meaning, "
        "record_hash, tag, made_at) VALUES (?, 'FA-01', 'supervisor', 'approved', ?, ?, '')",
        (key, row_hash, countersignatures.proof_tag(b"guess", "FA-01", key, row_hash, "approved")),
    )
    conn.close()
    code, out, _ = run(capsys, "sync", "--db", str(path), "--upstream", plant_dsn)
    assert code == 0 and "REFUSED 1" in out
    code, out, _ = run(capsys, "signatures", "--db", str(path))
    assert code == 1
    assert "the plant REFUSED to countersign it" in next(x for x in out.splitlines() if key in x)
    raised = plant_conn.execute(
        "SELECT detail FROM plant.exceptions WHERE kind = 'countersignature-refused' "
        "AND subject = %s",
        (key,),
    ).fetchone()
    assert raised is not None and "not signed by that person through Lineside" in raised[0]
    assert (
        plant_conn.execute(
            "SELECT count(*) FROM plant.countersignatures WHERE record_key = %s", (key,)
        ).fetchone()[0]
        == 0
    )


def test_a_receipt_appended_outside_the_app_is_named_by_verify_upstream(
    in_plant: DemoStation, plant_dsn: str, capsys: pytest.CaptureFixture[str]
) -> None:
    station = in_plant
    signed = signatures.sign_shift(
        supervisor(station),
        busiest_shift(station),
        demo_line.DEMO_PASSWORD,
        Meaning.REVIEWED,
        username="supervisor",
    )  # offline: waits for the plant
    path = station.path
    station.close()
    conn = raw(path)
    row_hash, prev = conn.execute(
        "SELECT hash, (SELECT hash FROM journal WHERE station = 'FA-01' ORDER BY seq DESC LIMIT 1) "
        "FROM journal WHERE key = ?",
        (signed.key,),
    ).fetchone()
    body = {
        "countersignature": {
            "signature": signed.key,
            "signature_hash": row_hash,
            "username": "supervisor",
            "meaning": "reviewed",
            "plant_time": "2026-11-30T12:00:00.000Z",
        }
    }
    receipt = journal.seal("FA-01", countersignatures.RECEIPT_KIND, body, prev)
    conn.execute(journal.INSERT_SQL, receipt.as_tuple())
    conn.close()
    code, out, _ = run(capsys, "signatures", "--db", str(path))
    assert "countersigned by the plant at 2026-11-30T12:00:00.000Z" in out  # locally it looks fine
    code, out, err = run(capsys, "verify", "--db", str(path), "--upstream", plant_dsn)
    assert code == 1
    assert f"says the plant countersigned signature {signed.key}" in out + err
    assert "the receipt was not written by Lineside" in out + err
