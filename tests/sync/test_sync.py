"""Station to plant round trips through every fault: nothing lost, nothing duplicated."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import psycopg
import pytest

from app.cli import main
from app.store.station_store import StationStore
from app.sync import plant, push
from app.sync.credentials import ChainRefused, CredentialsError, PlantUnreachable, connect
from app.sync.worker import SyncWorker
from tests.helpers.stations import DemoStation
from tests.sync.helpers import (
    capture,
    cursor,
    dead_dsn,
    plant_rows,
    reset_cursor,
    station_rows,
    tamper,
)

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[2]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Runs a lineside verb in-process; returns (exit code, stdout, stderr)."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_plant_init_applies_migrations_once_and_records_them(plant_dsn: str, capsys: Any) -> None:
    code, out, _ = run(capsys, "plant", "init", "--dsn", plant_dsn)
    assert code == 0
    assert "applied now: nothing" in out
    with psycopg.connect(plant_dsn) as conn:
        assert plant.applied(conn) == [name for name, _ in plant.migrations()]


def test_sync_round_trip_and_plant_wide_trace_matches_local(
    demo_db: Path, plant_dsn: str, capsys: Any
) -> None:
    assert run(capsys, "plant", "load-master", "--dsn", plant_dsn, "--db", str(demo_db))[0] == 0
    code, out, _ = run(
        capsys, "sync", "--db", str(demo_db), "--upstream", plant_dsn, "--batch", "50"
    )
    assert code == 0, out
    with psycopg.connect(plant_dsn) as conn:
        assert plant_rows(conn) == station_rows(demo_db)
        lot = conn.execute(
            "SELECT component FROM plant.components WHERE kind = 'lot' LIMIT 1"
        ).fetchone()[0]
    for args in (["--lot", lot], ["--unit", "SN-IP-200-0000002"], ["--lot", "PCB-200-0000003"]):
        local = run(capsys, "trace", "--db", str(demo_db), "--json", *args)
        upstream = run(capsys, "trace", "--upstream", plant_dsn, "--json", *args)
        assert local[0] == upstream[0] == 0
        assert json.loads(local[1])["count"] > 0
        assert upstream[1] == local[1]
        table_local = run(capsys, "trace", "--db", str(demo_db), *args)[1].splitlines()[:-1]
        table_upstream = run(capsys, "trace", "--upstream", plant_dsn, *args)[1].splitlines()[:-1]
        assert table_upstream == table_local
    # Nothing new: a second sync sends nothing.
    code, out, _ = run(capsys, "sync", "--db", str(demo_db), "--upstream", plant_dsn)
    assert code == 0 and out.startswith("sent 0 of 0")


def test_same_batch_sent_twice_is_stored_once(demo_db: Path, plant_dsn: str, capsys: Any) -> None:
    assert run(capsys, "sync", "--db", str(demo_db), "--upstream", plant_dsn)[0] == 0
    reset_cursor(demo_db)  # the acknowledgement was lost: everything goes again
    code, out, _ = run(
        capsys, "sync", "--db", str(demo_db), "--upstream", plant_dsn, "--batch", "40"
    )
    held = len(station_rows(demo_db))
    assert code == 0
    assert f"(0 new, {held:,} already held)" in out
    with psycopg.connect(plant_dsn) as conn:
        assert plant_rows(conn) == station_rows(demo_db)
        assemblies = len(station_rows(demo_db, "assembly"))
        assert conn.execute("SELECT count(*) FROM plant.assemblies").fetchone()[0] == assemblies


def test_plant_down_for_a_while_station_keeps_capturing_then_drains(
    station: DemoStation, plant_dsn: str
) -> None:
    worker = SyncWorker(station.store, dead_dsn(), interval=0.05, batch_rows=25)
    worker.start()
    try:
        status = worker.wait_for(lambda s: s.state == "offline", timeout=15)
        assert status.state == "offline"
        assert "out of reach" in (status.last_error or "")
        assert status.backlog == len(station_rows(station.path))
        assert status.retry_in_s > worker.interval  # backs off while the plant is down
        keys = [capture(station, f"SN-IP-200-80000{i}") for i in range(3)]
        worker.dsn = plant_dsn  # the plant is back
        worker.wake()
        status = worker.wait_for(lambda s: s.state == "up-to-date", timeout=30)
        assert status.state == "up-to-date", status.last_error
        assert status.backlog == 0 and status.last_success is not None
        assert status.master_version == 0  # nothing published yet: the station keeps its own
    finally:
        worker.stop()
    with psycopg.connect(plant_dsn) as conn:
        assert plant_rows(conn) == station_rows(station.path)
        held = {str(r[0]) for r in conn.execute("SELECT record_key FROM plant.assemblies")}
    assert set(keys) <= held


def blocked_backend(admin: psycopg.Connection[Any], app_name: str, deadline_s: float = 20) -> int:
    """The pid of the backend ``app_name`` once it waits on a lock (polling with a deadline)."""
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        row = admin.execute(
            "SELECT pid FROM pg_stat_activity WHERE application_name = %s AND wait_event_type = 'Lock'",
            (app_name,),
        ).fetchone()
        if row:
            return int(row[0])
        time.sleep(0.02)  # polling pg_stat_activity, not waiting for a result
    raise AssertionError(f"backend {app_name} never blocked")


def test_connection_dropped_mid_batch_loses_and_duplicates_nothing(
    station: DemoStation, plant_dsn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PGAPPNAME", "lineside-dropped")
    pusher = connect(plant_dsn, autocommit=True)
    errors: list[BaseException] = []
    with psycopg.connect(plant_dsn) as holder, psycopg.connect(plant_dsn, autocommit=True) as admin:
        # Hold the chain heads so the first batch stops inside its transaction, after its COPY.
        holder.execute("LOCK TABLE plant.station_heads IN EXCLUSIVE MODE")

        def work() -> None:
            try:
                push.push(station.store, pusher, batch_rows=30)
            except BaseException as exc:
                errors.append(exc)

        thread = threading.Thread(target=work)
        thread.start()
        pid = blocked_backend(admin, "lineside-dropped")
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        thread.join(20)
        holder.rollback()
    pusher.close()
    assert len(errors) == 1 and isinstance(errors[0], PlantUnreachable), errors
    assert cursor(station.path) == 0  # nothing acknowledged, nothing half-kept upstream
    with psycopg.connect(plant_dsn) as conn:
        assert plant_rows(conn) == []
    with connect(plant_dsn, autocommit=True) as pg:
        report = push.push(station.store, pg, batch_rows=30)
    assert report.inserted == len(station_rows(station.path))
    with psycopg.connect(plant_dsn) as conn:
        assert plant_rows(conn) == station_rows(station.path)


def test_station_killed_during_sync_resumes_without_loss(demo_db: Path, plant_dsn: str) -> None:
    env = {**os.environ, "PGAPPNAME": "lineside-killed"}
    cmd = [sys.executable, "-m", "app.cli", "sync", "--db", str(demo_db), "--upstream", plant_dsn]
    with psycopg.connect(plant_dsn, autocommit=True) as admin:
        # First let one batch through completely, then stop the next one inside its transaction.
        proc = subprocess.Popen([*cmd, "--batch", "20", "--quiet"], cwd=ROOT, env=env)
        deadline = time.monotonic() + 30
        with psycopg.connect(plant_dsn) as holder:
            while cursor(demo_db) == 0 and time.monotonic() < deadline and proc.poll() is None:
                time.sleep(0.005)  # polling the outbox cursor
            holder.execute("LOCK TABLE plant.station_heads IN EXCLUSIVE MODE")
            if proc.poll() is None:
                blocked_backend(admin, "lineside-killed")
            proc.send_signal(signal.SIGKILL)
            proc.wait(10)
            holder.rollback()
    done = cursor(demo_db)
    assert 0 < done < station_rows(demo_db)[-1][2]  # killed half way
    result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    with psycopg.connect(plant_dsn) as conn:
        assert plant_rows(conn) == station_rows(demo_db)
        assert conn.execute("SELECT sum(rows) FROM plant.station_heads").fetchone()[0] == len(
            station_rows(demo_db)
        )


def test_unknown_role_gets_a_clear_message_and_no_retry_storm(
    station: DemoStation, plant_dsn: str, capsys: Any
) -> None:
    bad = plant_dsn.replace("user=postgres", "user=nobody_here")
    code, _, err = run(capsys, "sync", "--db", str(station.path), "--upstream", bad)
    assert code == 3
    assert "refused these credentials" in err and "nobody_here" in err
    assert "Traceback" not in err
    worker = SyncWorker(station.store, bad, interval=0.01)
    worker.start()
    try:
        status = worker.wait_for(lambda s: s.state == "credentials", timeout=15)
        assert status.retry_in_s >= 300
        # With a 10 ms interval a storm would be dozens of attempts by now.
        status = worker.wait_for(lambda s: s.attempts > 1, timeout=0.5)
        assert status.attempts == 1
    finally:
        worker.stop()


def test_role_of_another_station_cannot_push_these_rows(
    station: DemoStation, plant_dsn: str, plant_conn: psycopg.Connection[Any], capsys: Any
) -> None:
    code, out, _ = run(capsys, "plant", "add-station", "--dsn", plant_dsn, "--station", "FA-09")
    assert code == 0
    role = plant.role_name(plant_conn, "FA-09")
    assert role in out
    dsn = plant_dsn.replace("user=postgres", f"user={role}")
    code, _, err = run(capsys, "sync", "--db", str(station.path), "--upstream", dsn)
    assert code == 3
    assert "only its own station's rows" in err
    assert plant_rows(plant_conn) == []


def test_station_role_inserts_its_own_rows_only_and_changes_nothing(
    tmp_path: Path, plant_dsn: str, plant_conn: psycopg.Connection[Any]
) -> None:
    from app.store import journal

    path = tmp_path / "fa09.sqlite"
    store = StationStore(path, create=True)
    for n in range(5):
        store.write(lambda conn, n=n: journal.append(conn, "FA-09", "login", {"n": n}))
    role = plant.add_station(plant_conn, "FA-09")
    dsn = plant_dsn.replace("user=postgres", f"user={role}")
    with connect(dsn, autocommit=True) as pg:
        assert push.push(store, pg).inserted == 5
        for sql in (
            "UPDATE plant.journal SET kind = 'x'",
            "DELETE FROM plant.journal",
            "INSERT INTO plant.lots (id, part_number, supplier_id, supplier_lot, received_on) "
            "VALUES ('x', 'x', 'x', 'x', 'x')",
            "SELECT * FROM plant.station_heads",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                pg.execute(sql)
        assert pg.execute("SELECT count(*) FROM plant.lots").fetchone()[0] == 0  # may read
        # Rows of another station: refused by row-level security.
        row = journal.seal("FA-01", "login", {}, "0" * 64)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            pg.execute(
                "INSERT INTO plant.journal (key, station, seq, kind, recorded_at, corrects, content, "
                "prev_hash, hash) VALUES (%s, %s, 1, %s, %s, %s, %s, %s, %s)",
                row.as_tuple(),
            )
    store.close()


def test_supervisor_reads_the_whole_plant_and_writes_nothing(
    demo_db: Path, plant_dsn: str, plant_conn: psycopg.Connection[Any], capsys: Any
) -> None:
    assert run(capsys, "sync", "--db", str(demo_db), "--upstream", plant_dsn)[0] == 0
    user = f"{plant_conn.info.dbname}_sofia"
    code, out, _ = run(capsys, "plant", "add-supervisor", "--dsn", plant_dsn, "--user", user)
    assert code == 0 and "writes nothing" in out
    dsn = plant_dsn.replace("user=postgres", f"user={user}")
    try:
        code, out, _ = run(capsys, "trace", "--upstream", dsn, "--unit", "SN-IP-200-0000002")
        assert code == 0 and "components in SN-IP-200-0000002" in out
        with connect(dsn, autocommit=True) as pg:
            held = pg.execute("SELECT count(*) FROM plant.journal").fetchone()[0]
            assert held == len(station_rows(demo_db))
            for sql in ("DELETE FROM plant.journal", "UPDATE plant.lots SET status = 'released'"):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    pg.execute(sql)
    finally:
        plant_conn.execute(f'DROP ROLE "{user}"')


def test_altered_row_not_yet_sent_is_refused_and_named(
    demo_db: Path, plant_dsn: str, capsys: Any
) -> None:
    victim = station_rows(demo_db, "assembly")[10]
    tamper(
        demo_db,
        "UPDATE journal SET content = replace(content, 'accepted', 'flagged') WHERE key = ?",
        (victim[0],),
    )
    code, _, err = run(capsys, "sync", "--db", str(demo_db), "--upstream", plant_dsn)
    assert code == 1
    assert victim[0] in err and "altered" in err
    assert cursor(demo_db) == 0  # the batch with the altered row was not acknowledged


def test_altered_row_already_sent_is_refused_when_sent_again(
    demo_db: Path, plant_dsn: str, capsys: Any
) -> None:
    assert run(capsys, "sync", "--db", str(demo_db), "--upstream", plant_dsn)[0] == 0
    victim = station_rows(demo_db, "assembly")[5]
    # A forger re-seals the row so its own hash checks out locally.
    from app.domain.canonical import chain_hash

    conn = sqlite3.connect(demo_db)
    content, prev = conn.execute(
        "SELECT content, prev_hash FROM journal WHERE key = ?", (victim[0],)
    ).fetchone()
    conn.close()
    forged = content.replace('"value":', '"value":9', 1)  # a reading stays in the record itself
    assert forged != content
    tamper(
        demo_db,
        "UPDATE journal SET content = ?, hash = ? WHERE key = ?",
        (forged, chain_hash(forged, prev), victim[0]),
    )
    reset_cursor(demo_db)
    code, _, err = run(capsys, "sync", "--db", str(demo_db), "--upstream", plant_dsn)
    assert code == 1
    assert victim[0] in err and "differs from the row the plant already holds" in err


def test_deleted_row_breaks_the_chain_upstream(demo_db: Path, plant_dsn: str) -> None:
    conn = sqlite3.connect(demo_db)
    deleted, station_id = conn.execute(
        "SELECT key, station FROM journal ORDER BY seq LIMIT 1 OFFSET 7"
    ).fetchone()
    following = conn.execute(
        "SELECT key FROM journal WHERE station = ? AND seq > (SELECT seq FROM journal WHERE key = ?) "
        "ORDER BY seq LIMIT 1",
        (station_id, deleted),
    ).fetchone()[0]
    conn.close()
    tamper(demo_db, "DELETE FROM journal WHERE key = ?", (deleted,))
    store = StationStore(demo_db)
    try:
        with connect(plant_dsn, autocommit=True) as pg, pytest.raises(ChainRefused) as refused:
            push.push(store, pg, batch_rows=1000)
    finally:
        store.close()
    assert "does not continue the chain" in str(refused.value)
    assert following in str(refused.value)


def test_master_data_flows_down_as_whole_versions(
    demo_db: Path, tmp_path: Path, plant_dsn: str, plant_conn: psycopg.Connection[Any], capsys: Any
) -> None:
    assert run(capsys, "plant", "load-master", "--dsn", plant_dsn, "--db", str(demo_db))[0] == 0
    # The supplier-part cross-reference is master data too (supplier reel labels at the line).
    assert plant_conn.execute("SELECT count(*) FROM plant.supplier_parts").fetchone()[0] > 0
    lot = plant_conn.execute(
        "SELECT id FROM plant.lots WHERE status = 'released' LIMIT 1"
    ).fetchone()[0]
    plant_conn.execute("UPDATE plant.lots SET status = 'quarantined' WHERE id = %s", (lot,))
    version = plant.publish(plant_conn, "quarantine after supplier notice")
    fresh = tmp_path / "new-station.sqlite"
    assert run(capsys, "init", "--db", str(fresh))[0] == 0
    code, out, _ = run(capsys, "sync", "--db", str(fresh), "--upstream", plant_dsn)
    assert code == 0 and f"master data version {version.version} (new)" in out
    store = StationStore(fresh)
    try:
        reader = store.reader
        assert reader.execute("SELECT status FROM lots WHERE id = ?", (lot,)).fetchone()[0] == (
            "quarantined"
        )
        for table in plant.MASTER_TABLES:
            theirs = plant_conn.execute(f"SELECT count(*) FROM plant.{table}").fetchone()[0]
            assert reader.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == theirs
        assert push.master_version(reader) == version.version
        # A lot withdrawn at the plant disappears from the station with the next version.
        plant_conn.execute(
            "DELETE FROM plant.certificates WHERE lot_id = (SELECT max(id) FROM plant.lots)"
        )
        withdrawn = plant_conn.execute(
            "DELETE FROM plant.lots WHERE id = (SELECT max(id) FROM plant.lots) RETURNING id"
        ).fetchone()[0]
        newer = plant.publish(plant_conn, "lot withdrawn")
        with psycopg.connect(plant_dsn, autocommit=True) as pg:
            assert push.pull_master_data(store, pg) == newer.version
        assert reader.execute("SELECT 1 FROM lots WHERE id = ?", (withdrawn,)).fetchone() is None
        version = newer
        # A damaged version is refused whole; the station keeps working with the one it has.
        broken = plant.MasterVersion(version.version + 1, version.sha256, '{"lots": []}')
        with pytest.raises(Exception, match="does not match its checksum"):
            push.apply_master_data(store, broken)
        assert reader.execute("SELECT count(*) FROM lots").fetchone()[0] > 0
        # Offline: nothing changes, the last version stays.
        worker = SyncWorker(store, dead_dsn(), interval=60)
        assert worker.run_once().state == "offline"
        assert push.master_version(reader) == version.version
    finally:
        store.close()


def test_credentials_errors_are_classified_for_backoff() -> None:
    from app.sync.worker import backoff

    assert backoff(CredentialsError("x"), 1, 0.01) >= 300
    assert backoff(PlantUnreachable("x"), 1, 1) == 2
    assert backoff(PlantUnreachable("x"), 30, 1) == 300


def test_station_restored_from_an_old_backup_is_refused_as_a_fork(
    station: DemoStation, plant_dsn: str, capsys: Any
) -> None:
    assert run(capsys, "sync", "--db", str(station.path), "--upstream", plant_dsn)[0] == 0
    fa01_last = station.conn.execute(
        "SELECT max(seq) FROM journal WHERE station = 'FA-01'"
    ).fetchone()[0]
    station.close()
    # The backup predates FA-01's last row, already sent: it vanishes and its number is reused.
    tamper(station.path, "DELETE FROM journal WHERE seq >= ?", (fa01_last,))
    tamper(
        station.path, "UPDATE sqlite_sequence SET seq = ? WHERE name = 'journal'", (fa01_last - 1,)
    )
    reset_cursor(station.path, fa01_last - 1)  # the backup's outbox cursor
    reopened = DemoStation(station.path)
    try:
        capture(reopened, "SN-IP-200-9100001")  # its login row comes first and reuses the number
    finally:
        reopened.close()
    code, _, err = run(capsys, "sync", "--db", str(station.path), "--upstream", plant_dsn)
    assert code == 1
    assert f"station FA-01 row {fa01_last} (key " in err and "takes the place of row" in err


def test_a_plant_database_without_the_schema_says_to_run_plant_init(
    station: DemoStation, pg_server: dict[str, Any], capsys: Any
) -> None:
    name = f"{pg_server['prefix']}_empty"
    pg_server["admin"].execute(f'CREATE DATABASE "{name}"')
    try:
        dsn = f"host=127.0.0.1 port=5432 user=postgres dbname={name}"
        code, _, err = run(capsys, "sync", "--db", str(station.path), "--upstream", dsn)
    finally:
        pg_server["admin"].execute(f'DROP DATABASE "{name}"')
    assert code == 3 and "run `lineside plant init`" in err


def test_certificate_documents_reach_the_plant_by_their_sha256(
    station: DemoStation, plant_dsn: str, plant_conn: psycopg.Connection[Any], capsys: Any
) -> None:
    import hashlib

    from app.capture import demo_line, receiving
    from app.codes.mh10 import compose

    session = station.session("FA-01")
    session.login_password("supervisor", demo_line.DEMO_PASSWORD)
    receipt = receiving.receive(
        session, compose([("1P", "AF-ISO7380-M3X8-A2"), ("Q", "500"), ("1T", "HX-1"), ("3S", "P1")])
    )
    pdf = b"%PDF-1.4\n% EN 10204 3.1\n%%EOF\n"
    receiving.attach_certificate(
        session, receipt.lot_id, "c.pdf", pdf, kind="3.1", number="N-1", heat="H-1"
    )
    code = run(capsys, "plant", "load-master", "--dsn", plant_dsn, "--db", str(station.path))[0]
    assert code == 0
    with connect(plant_dsn, autocommit=True) as pg:  # the demo database holds three stations
        push.push(station.store, pg)
        assert push.push_documents(station.store, pg) == 0  # sent once
        digest = hashlib.sha256(pdf).hexdigest()
        held = pg.execute(
            "SELECT content, media_type FROM plant.documents WHERE sha256 = %s", (digest,)
        ).fetchone()
        assert held == (pdf, "application/pdf")
    role = plant.add_station(plant_conn, "FA-01")
    with connect(plant_dsn.replace("user=postgres", f"user={role}"), autocommit=True) as pg:
        readable = pg.execute(  # may read (the demo's own certificates are there too)
            "SELECT count(*) FROM plant.documents WHERE sha256 = %s", (digest,)
        ).fetchone()[0]
        assert readable == 1
        with pytest.raises(psycopg.errors.CheckViolation):
            pg.execute(
                "INSERT INTO plant.documents (sha256, media_type, name, content) "
                "VALUES (%s, 'application/pdf', 'forged.pdf', %s)",
                ("0" * 64, pdf),
            )
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            pg.execute("DELETE FROM plant.documents")
