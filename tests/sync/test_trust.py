"""The plant trusts nothing a station says about others: attacks by a station role, each refused."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest

from app.cli import main
from app.domain.canonical import canonical_json, chain_hash
from app.domain.clock import utc_now
from app.store import countersignatures, journal
from app.store.station_store import StationStore
from app.sync import plant, push, trust
from app.sync.credentials import CredentialsError, CursorMismatch, UpstreamError, connect
from tests.helpers.stations import DemoStation
from tests.sync.helpers import capture, plant_rows, station_rows, tamper

pytestmark = pytest.mark.postgres

INSERT = (
    "INSERT INTO plant.journal (key, station, seq, kind, recorded_at, corrects, content, prev_hash, "
    "hash) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)"
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Runs a lineside verb in-process; returns (exit code, stdout, stderr)."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def station_dsn(plant_conn: psycopg.Connection[Any], plant_dsn: str, station: str) -> str:
    """The DSN of ``station``'s own least-privilege role."""
    role = plant.add_station(plant_conn, station)
    return plant_dsn.replace("user=postgres", f"user={role}")


def forged(
    sent_as: str, kind: str, body: dict[str, Any], prev: str, **header: Any
) -> tuple[Any, ...]:
    """A row sent as ``sent_as`` whose hashed content says whatever ``header`` overrides."""
    row = journal.seal(sent_as, kind, body, prev, corrects=header.pop("corrects", None))
    content = row.data | header
    text = canonical_json(content)
    return (
        row.key,
        row.station,
        1,
        row.kind,
        row.recorded_at,
        row.corrects,
        text,
        prev,
        chain_hash(text, prev),
    )


@pytest.fixture
def fa01_in_plant(
    demo_db: Path, plant_dsn: str, plant_conn: psycopg.Connection[Any], capsys: Any
) -> str:
    """The demo station's rows in the plant; returns the key of one FA-01 assembly."""
    assert run(capsys, "plant", "load-master", "--dsn", plant_dsn, "--db", str(demo_db))[0] == 0
    assert run(capsys, "sync", "--db", str(demo_db), "--upstream", plant_dsn)[0] == 0
    row = plant_conn.execute(
        "SELECT key::text FROM plant.journal WHERE station = 'FA-01' AND kind = 'assembly' LIMIT 1"
    ).fetchone()
    return str(row[0])


def test_content_naming_another_station_is_refused(
    fa01_in_plant: str, plant_dsn: str, plant_conn: psycopg.Connection[Any]
) -> None:
    dsn = station_dsn(plant_conn, plant_dsn, "FA-09")
    before = plant_conn.execute("SELECT count(*) FROM plant.assemblies").fetchone()[0]
    row = forged("FA-09", "assembly", {"unit": {"serial": "X"}}, "0" * 64, station="FA-01")
    with (
        connect(dsn, autocommit=True) as pg,
        pytest.raises(psycopg.errors.InsufficientPrivilege, match="content says station FA-01"),
    ):
        pg.execute(INSERT, row)
    assert plant_conn.execute("SELECT count(*) FROM plant.assemblies").fetchone()[0] == before


def test_correction_of_another_stations_record_is_refused(
    fa01_in_plant: str, plant_dsn: str, plant_conn: psycopg.Connection[Any]
) -> None:
    """The attack of issue 12: FA-09 supersedes an FA-01 record and a lot loses a unit."""
    dsn = station_dsn(plant_conn, plant_dsn, "FA-09")
    lot_units = "SELECT count(*) FROM plant.components c WHERE c.record_key = %s"
    parts_before = plant_conn.execute(lot_units, (fa01_in_plant,)).fetchone()[0]
    body = {"unit": {"serial": "SN-X"}, "components": [], "reason": "typo"}
    for header in ({"station": "FA-01"}, {}):
        row = forged("FA-09", "correction", body, "0" * 64, corrects=fa01_in_plant, **header)
        with (
            connect(dsn, autocommit=True) as pg,
            pytest.raises(psycopg.errors.InsufficientPrivilege) as refused,
        ):
            pg.execute(INSERT, row)
        assert "FA-01" in str(refused.value)
    assert "belongs to station FA-01" in str(refused.value)
    assert (
        plant_conn.execute(
            "SELECT count(*) FROM plant.supersessions WHERE old_key = %s", (fa01_in_plant,)
        ).fetchone()[0]
        == 0
    )
    assert plant_conn.execute(lot_units, (fa01_in_plant,)).fetchone()[0] == parts_before


def test_station_push_of_a_foreign_correction_exits_with_the_reason(
    fa01_in_plant: str,
    tmp_path: Path,
    plant_dsn: str,
    plant_conn: psycopg.Connection[Any],
    capsys: Any,
) -> None:
    dsn = station_dsn(plant_conn, plant_dsn, "FA-09")
    path = tmp_path / "fa09.sqlite"
    store = StationStore(path, create=True)
    store.write(
        lambda conn: journal.append(
            conn, "FA-09", "correction", {"reason": "x"}, corrects=fa01_in_plant
        )
    )
    store.close()
    code, _, err = run(capsys, "sync", "--db", str(path), "--upstream", dsn)
    assert code == 3
    assert f"corrects record {fa01_in_plant}, which belongs to station FA-01" in err


def test_projection_takes_the_station_from_the_role(
    tmp_path: Path, plant_dsn: str, plant_conn: psycopg.Connection[Any]
) -> None:
    dsn = station_dsn(plant_conn, plant_dsn, "FA-09")
    store = StationStore(tmp_path / "fa09.sqlite", create=True)
    body = {
        "unit": {"serial": "SN-1"},
        "product": "P",
        "work_order": "W",
        "step": "S",
        "line": "L",
        "operator": {"name": "n", "badge": "B"},
        "verdict": {"status": "accepted"},
        "components": [],
    }
    store.write(lambda conn: journal.append(conn, "FA-09", "assembly", body))
    with connect(dsn, autocommit=True) as pg:
        assert push.push(store, pg).inserted == 1
    store.close()
    assert plant_conn.execute("SELECT station FROM plant.assemblies").fetchone()[0] == "FA-09"


def test_station_role_reads_no_password_hash(
    fa01_in_plant: str, plant_dsn: str, plant_conn: psycopg.Connection[Any]
) -> None:
    dsn = station_dsn(plant_conn, plant_dsn, "FA-09")
    with connect(dsn, autocommit=True) as pg:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            pg.execute("SELECT password_hash FROM plant.users")
        assert pg.execute("SELECT count(*) FROM plant.users").fetchone()[0] > 0
        documents = [r[0] for r in pg.execute("SELECT document FROM plant.master_data_versions")]
        assert documents and not any("scrypt$" in d for d in documents)
        assert (
            pg.execute("SELECT count(*) FROM plant.journal WHERE station = 'FA-01'").fetchone()[0]
            == 0
        )
    # The hashes stay at the plant, for its verify-only functions.
    held = [r[0] for r in plant_conn.execute("SELECT password_hash FROM plant.users")]
    assert any(h and h.startswith("scrypt$") for h in held)


def test_staff_password_checked_by_the_plant_only_with_lockout(
    fa01_in_plant: str, plant_dsn: str, plant_conn: psycopg.Connection[Any]
) -> None:
    dsn = station_dsn(plant_conn, plant_dsn, "FA-09")
    with connect(dsn, autocommit=True) as pg:
        assert trust.verify_staff(pg, "supervisor", "lineside-demo")
        assert not trust.verify_staff(pg, "supervisor", "wrong")
        assert not trust.verify_staff(pg, "nobody", "lineside-demo")
        for _ in range(4):
            assert not trust.verify_staff(pg, "supervisor", "wrong")
        with pytest.raises(CredentialsError, match="locked at the plant"):
            trust.verify_staff(pg, "supervisor", "lineside-demo")


def test_countersignature_made_by_the_plant_for_the_roles_station_only(
    fa01_in_plant: str, plant_dsn: str, plant_conn: psycopg.Connection[Any]
) -> None:
    dsn = station_dsn(plant_conn, plant_dsn, "FA-09")
    held = plant_conn.execute(
        "SELECT hash FROM plant.journal WHERE key = %s", (fa01_in_plant,)
    ).fetchone()[0]
    with connect(dsn, autocommit=True) as pg:
        key = trust.plant_key("lineside-demo", trust.password_params(pg, "supervisor"))
        tag = countersignatures.proof_tag(key, "FA-01", fa01_in_plant, held, "approved")
        request = countersignatures.Request(
            fa01_in_plant, "FA-01", "supervisor", "approved", held, tag
        )
        with pytest.raises(CredentialsError, match="may not countersign for station FA-01"):
            trust.countersign(pg, request)
        unpushed = journal.seal("FA-09", "signature", {}, "0" * 64)
        with pytest.raises(UpstreamError, match="not in the plant's journal yet"):
            trust.countersign(
                pg,
                countersignatures.Request(
                    unpushed.key, "FA-09", "supervisor", "approved", unpushed.hash, tag
                ),
            )
    # The plant's administrator (may act for any station) gets it countersigned.
    assert trust.countersign(plant_conn, request) is not None
    assert trust.countersign(plant_conn, request) is not None  # asked again: the same answer
    row = plant_conn.execute(
        "SELECT station, username, name, meaning, record_hash FROM plant.countersignatures "
        "WHERE record_key = %s",
        (fa01_in_plant,),
    ).fetchone()
    assert row == ("FA-01", "supervisor", "Sofia Lindgren", "approved", held)


def test_station_role_cannot_connect_to_other_databases(
    plant_dsn: str, plant_conn: psycopg.Connection[Any], pg_server: dict[str, Any]
) -> None:
    dsn = station_dsn(plant_conn, plant_dsn, "FA-09")
    other = f"{pg_server['prefix']}_other"
    pg_server["admin"].execute(f'CREATE DATABASE "{other}"')
    try:
        here = f"dbname={plant_conn.info.dbname}"
        with psycopg.connect(plant_dsn.replace(here, f"dbname={other}"), autocommit=True) as c:
            plant.init(c)  # another plant on the same server
        with pytest.raises(CredentialsError, match="permission denied for database"):
            connect(dsn.replace(here, f"dbname={other}"))
    finally:
        from tests.sync.conftest import drop_database

        drop_database(pg_server["admin"], other)
    # Databases outside Lineside are named, with what to do, since PUBLIC's CONNECT is theirs.
    assert "test" in plant.open_databases(plant_conn)


def test_station_cannot_hold_another_stations_push_lock(
    demo_db: Path, plant_dsn: str, plant_conn: psycopg.Connection[Any], capsys: Any
) -> None:
    victim = station_dsn(plant_conn, plant_dsn, "FA-01")
    attacker = station_dsn(plant_conn, plant_dsn, "FA-09")
    with connect(attacker) as pg:
        # The old advisory key, and a try at the victim's lock row: neither blocks FA-01.
        pg.execute("SELECT pg_advisory_lock(hashtext('lineside-push:FA-01'))")
        locked = pg.execute(
            "SELECT station FROM plant.push_locks WHERE station = 'FA-01' FOR UPDATE"
        ).fetchall()
        assert locked == []
        store = StationStore(demo_db)
        try:
            # Only FA-01's rows go through FA-01's role: give it a file of its own rows.
            rows = store.reader.execute(
                "SELECT key, station, seq, kind, recorded_at, corrects, content, prev_hash, hash "
                "FROM journal WHERE station = 'FA-01' ORDER BY seq LIMIT 3"
            ).fetchall()
            shared = push.batch_parts(store.reader, rows)
        finally:
            store.close()
        with connect(victim, autocommit=True) as own:
            assert push.send_batch(own, rows, shared) == 3


def test_a_push_waiting_on_its_own_lock_gives_up_instead_of_hanging(
    plant_dsn: str, plant_conn: psycopg.Connection[Any], tmp_path: Path
) -> None:
    dsn = station_dsn(plant_conn, plant_dsn, "FA-09")
    store = StationStore(tmp_path / "fa09.sqlite", create=True)
    store.write(lambda conn: journal.append(conn, "FA-09", "login", {}))
    held = threading.Event()
    with connect(dsn) as holder:
        holder.execute("SELECT 1 FROM plant.push_locks WHERE station = 'FA-09' FOR UPDATE")
        held.set()
        quick = dsn + " options='-c lock_timeout=200ms'"
        with (
            connect(quick, autocommit=True) as pg,
            pytest.raises(Exception, match="holds its lock"),
        ):
            push.push(store, pg)
        holder.rollback()
    store.close()


def test_every_plant_session_has_lock_and_statement_timeouts(
    plant_dsn: str, plant_conn: psycopg.Connection[Any]
) -> None:
    dsn = station_dsn(plant_conn, plant_dsn, "FA-09")
    with connect(plant_dsn) as pg:
        assert pg.execute("SHOW lock_timeout").fetchone()[0] == "10s"
        assert pg.execute("SHOW statement_timeout").fetchone()[0] == "2min"
    # The role carries them too, for a client that is not Lineside's.
    with psycopg.connect(dsn) as raw:
        assert raw.execute("SHOW lock_timeout").fetchone()[0] == "10s"
        assert raw.execute("SHOW idle_in_transaction_session_timeout").fetchone()[0] == "1min"


def test_outbox_cursor_past_the_journal_says_so_and_exits_non_zero(
    demo_db: Path, plant_dsn: str, capsys: Any
) -> None:
    last = station_rows(demo_db)[-1][2]
    tamper(demo_db, "UPDATE sync_outbox SET last_seq = ?", (last + 1000,))
    code, out, err = run(capsys, "sync", "--db", str(demo_db), "--upstream", plant_dsn)
    assert code == 1 and out == ""
    assert f"says row {last + 1000} was acknowledged, but the journal ends at row {last}" in err


def test_outbox_cursor_ahead_of_the_plant_says_so_and_sends_nothing(
    demo_db: Path, plant_dsn: str, plant_conn: psycopg.Connection[Any]
) -> None:
    tamper(demo_db, "UPDATE sync_outbox SET last_seq = 20")
    store = StationStore(demo_db)
    try:
        with connect(plant_dsn, autocommit=True) as pg, pytest.raises(CursorMismatch) as refused:
            push.push(store, pg)
    finally:
        store.close()
    assert "says row 20" in str(refused.value) and "the plant does not hold it" in str(
        refused.value
    )
    assert plant_rows(plant_conn) == []


def test_clock_offset_measured_at_each_sync_and_raised_beyond_the_limit(
    station: DemoStation, plant_dsn: str, plant_conn: psycopg.Connection[Any], capsys: Any
) -> None:
    capture(station, "SN-IP-200-9300001")
    code, out, _ = run(capsys, "sync", "--db", str(station.path), "--upstream", plant_dsn)
    assert code == 0 and "clock offset" in out and "beyond" not in out
    with connect(plant_dsn, autocommit=True) as pg:
        late = trust.clock_check(pg, "FA-01", utc_now() - timedelta(seconds=30))
    assert late.beyond_limit and 29_000 < late.offset_ms < 40_000
    assert "FA-01 is" in late.describe() and "behind the plant" in late.describe()
    raised = plant_conn.execute(
        "SELECT stations, detail FROM plant.exceptions WHERE kind = 'clock-offset'"
    ).fetchall()
    assert len(raised) == 1 and raised[0][0] == ["FA-01"] and "behind" in raised[0][1]
    assert plant_conn.execute("SELECT count(*) FROM plant.clock_offsets").fetchone()[0] == 2
    dsn = station_dsn(plant_conn, plant_dsn, "FA-09")
    with connect(dsn, autocommit=True) as pg:
        assert not trust.clock_check(pg, "FA-09").beyond_limit
        with pytest.raises(CredentialsError, match="may not report the clock of station FA-01"):
            trust.clock_check(pg, "FA-01")


def test_plant_wide_trace_with_a_station_role_says_whose_role_it_needs(
    fa01_in_plant: str, plant_dsn: str, plant_conn: psycopg.Connection[Any], capsys: Any
) -> None:
    dsn = station_dsn(plant_conn, plant_dsn, "FA-09")
    code, _, err = run(capsys, "trace", "--upstream", dsn, "--unit", "SN-IP-200-0000002")
    assert code == 3 and "a plant-wide trace needs a plant reader's role" in err
    assert "Traceback" not in err
