"""The foundation verbs as an operator or a script runs them: real processes on real files."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.capture import demo_line
from app.cli.auth import SERVICE_TOKEN_ENV
from app.store import parts
from tests.helpers.stations import PRODUCT, DemoStation, service_token

LINESIDE = [sys.executable, "-m", "app.cli"]


@pytest.fixture(autouse=True)
def tokens(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Capture from the command line runs as a service identity the test's admin set up.

    The identities are made before the test opens the station: opening a second store in this
    process while other processes write was seen to lose the WAL (see the README).
    """
    if "demo_db" not in request.fixturenames and "station" not in request.fixturenames:
        return {}
    path = request.getfixturevalue("demo_db")
    made = {s: service_token(path, s) for s in ("FA-01", "SMT-01")}
    monkeypatch.setenv(SERVICE_TOKEN_ENV, made["FA-01"])
    return made


def run(
    *args: str, check: bool = False, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [*LINESIDE, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=None if env is None else {**os.environ, **env},
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


def capture_args(station: DemoStation, db: Path, serial: str, pcb: str) -> list[str]:
    args = [
        "capture",
        "--db",
        str(db),
        "--station",
        "FA-01",
        "--operator",
        "BDG-1002",
        "--unit",
        station.udi(serial),
        "--component",
        pcb,
        "--reading",
        "relative_humidity=44.0",
        "--reading",
        "temperature=22.5",
    ]
    for lot in station.final_components():
        args += ["--component", lot]
    return args


def test_init_creates_a_wal_database(tmp_path: Path) -> None:
    db = tmp_path / "deep" / "folder" / "station.sqlite"
    result = run("init", "--db", str(db), check=True)
    assert str(db) in result.stdout
    assert sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_capture_prints_the_key_and_flags_manual_readings(station: DemoStation) -> None:
    result = run(*capture_args(station, station.path, "SN-IP-200-8000001", station.free_pcb()))
    assert result.returncode == 0, result.stderr
    key = result.stdout.strip()
    assert len(key) == 36 and key[14] == "7"  # a UUIDv7
    assert (
        "environment-out-of-calibration" in result.stderr
    )  # manual readings: no calibrated instrument
    row = station.conn.execute("SELECT content FROM journal WHERE key = ?", (key,)).fetchone()
    assert json.loads(row[0])["verdict"]["status"] == "flagged"


def test_capture_refusal_names_the_rule_and_the_scan(station: DemoStation) -> None:
    args = capture_args(station, station.path, "SN-IP-200-8000002", station.free_pcb())
    quarantined = station.lot("BAT-LI-2S", "quarantined")
    args[args.index(station.lot("BAT-LI-2S"))] = quarantined
    before = station.journal_count("assembly")
    result = run(*args)
    assert result.returncode == 3
    assert "lot-quarantined" in result.stderr and quarantined in result.stderr
    assert station.journal_count("assembly") == before


def test_trace_forward_and_backward_as_json_and_table(station: DemoStation) -> None:
    lot = station.conn.execute(
        "SELECT component FROM components WHERE part_number = 'IC-MCU-32' LIMIT 1"
    ).fetchone()[0]
    result = run("trace", "--db", str(station.path), "--lot", lot, "--json", check=True)
    data = json.loads(result.stdout)
    devices = {r["unit"] for r in data["rows"] if r["depth"] == 2}
    assert data["direction"] == "forward" and devices  # reached through the PCB subassembly
    first = next(r for r in data["rows"] if r["depth"] == 2)
    assert (
        first["station"] in ("FA-01", "FA-02") and first["operator_name"] and first["environment"]
    )
    device = sorted(devices)[0]
    back = json.loads(
        run("trace", "--db", str(station.path), "--unit", device, "--json", check=True).stdout
    )
    assert lot in {r["component"] for r in back["rows"]}
    assert all(
        r["supplier"] and r["certificate"] and r["certificate_revision"]
        for r in back["rows"]
        if r["kind"] == "lot"
    )
    assert 12 <= sum(1 for r in back["rows"] if r["kind"] == "lot") <= 17
    table = run("trace", "--db", str(station.path), "--unit", device, check=True).stdout
    assert "Supplier" in table and "Certificate" in table and lot in table


def test_trace_accepts_a_scanned_udi(station: DemoStation) -> None:
    serial = station.conn.execute(
        "SELECT unit_serial FROM assemblies WHERE di = ? LIMIT 1", (PRODUCT.di,)
    ).fetchone()[0]
    result = run(
        "trace", "--db", str(station.path), "--unit", station.udi(serial), "--json", check=True
    )
    assert json.loads(result.stdout)["count"] >= 12


def test_verify_intact_and_broken(station: DemoStation) -> None:
    ok = run("verify", "--db", str(station.path))
    assert (
        ok.returncode == 0 and ok.stdout.startswith("intact:") and len(ok.stdout.splitlines()) == 1
    )
    conn = sqlite3.connect(station.path)
    conn.execute("DROP TRIGGER journal_no_update")  # as someone with the sqlite3 shell would
    seq = 18
    conn.execute(
        "UPDATE journal SET content = json_set(content, '$.operator.name', 'Somebody Else') "
        "WHERE seq = ?",
        (seq,),
    )
    conn.commit()
    conn.close()
    broken = run("verify", "--db", str(station.path))
    assert broken.returncode == 1 and f"row {seq} " in broken.stderr and "altered" in broken.stderr
    in_two = run("verify", "--db", str(station.path), "--processes", "2")
    assert (in_two.returncode, in_two.stderr) == (1, broken.stderr)
    bad = run("verify", "--db", str(station.path), "--processes", "3")
    assert bad.returncode == 2 and "--processes" in bad.stderr


@pytest.mark.parametrize(
    "content", [b"", b"PK\x03\x04 a zip file", b"SQLite format 3\x00" + b"\x00" * 50]
)
def test_bad_database_files_are_refused_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.sqlite"
    path.write_bytes(content)
    result = run("verify", "--db", str(path))
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert result.stderr.startswith("lineside:")
    assert path.read_bytes() == content


def test_read_only_database_refuses_capture_and_stays_verifiable(station: DemoStation) -> None:
    if os.geteuid() == 0:
        # root ignores file modes: make SQLite itself refuse writes instead
        args = capture_args(station, station.path, "SN-IP-200-8000003", station.free_pcb())
        conn = sqlite3.connect(station.path)
        conn.execute(
            "CREATE TRIGGER ro BEFORE INSERT ON journal BEGIN SELECT RAISE(ABORT, 'attempt to write a "
            "readonly database'); END"
        )
        conn.commit()
        conn.close()
    else:
        args = capture_args(station, station.path, "SN-IP-200-8000003", station.free_pcb())
        station.path.chmod(0o444)
    before = station.journal_count()
    result = run(*args)
    assert result.returncode == 4, result.stderr
    assert "read-only" in result.stderr and "nothing was recorded" in result.stderr
    assert station.journal_count() == before
    assert run("verify", "--db", str(station.path)).returncode == 0


def test_full_disk_during_capture_loses_nothing(station: DemoStation) -> None:
    from app.capture.session import CaptureSession
    from app.store.errors import StoreUnavailable
    from tests.helpers.stations import good_environment

    session = CaptureSession(station.store, "FA-01", environment=good_environment())
    session.scan("BDG-1002")
    session.scan(station.udi("SN-IP-200-8000004"))
    session.scan(station.free_pcb())
    for lot in station.final_components():
        session.scan(lot)
    pages = station.conn.execute("PRAGMA page_count").fetchone()[0]
    # The file may not grow: SQLite reports the disk full (a setting of the writer's connection).
    station.store.write(
        lambda conn: conn.execute(f"PRAGMA max_page_count = {pages}"), transaction=False
    )
    before = station.journal_count()

    def commit_until_full() -> None:
        for i in range(200):  # the first commits fill the free pages the file already has
            session.commit()
            session.scan(station.udi(f"SN-IP-200-80001{i:02d}"))

    with pytest.raises(StoreUnavailable, match="full"):
        commit_until_full()
    assert run("verify", "--db", str(station.path)).returncode == 0
    assert station.journal_count() >= before
    station.store.write(
        lambda conn: conn.execute("PRAGMA max_page_count = 1073741823"), transaction=False
    )
    assert (
        session.unit_serial is not None
    )  # the scans are still there: commit again once space is free


def test_two_processes_capturing_at_once_both_land(station: DemoStation) -> None:
    pcbs = [
        r[0]
        for r in station.conn.execute(
            "SELECT unit_serial FROM assemblies WHERE step = 'S10' AND product = 'IP-200' AND unit_serial NOT IN "
            "(SELECT component FROM components WHERE kind = 'unit') LIMIT 2"
        )
    ]
    assert len(pcbs) == 2
    procs = [
        subprocess.Popen(
            [*LINESIDE, *capture_args(station, station.path, f"SN-IP-200-810000{i}", pcb)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i, pcb in enumerate(pcbs)
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert run("verify", "--db", str(station.path)).returncode == 0
    assert (
        station.conn.execute(
            "SELECT count(*) FROM assemblies WHERE unit_serial LIKE 'SN-IP-200-81000%'"
        ).fetchone()[0]
        == 2
    )


def assembled(db: Path) -> int:
    """Assemblies committed so far by another process (0 before its schema exists)."""
    if not db.exists():
        return 0
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT count(*) FROM assemblies").fetchone()[0])
    except sqlite3.OperationalError:
        return 0
    finally:
        conn.close()


def test_killed_demo_data_leaves_a_verifiable_database(tmp_path: Path) -> None:
    db = tmp_path / "big.sqlite"
    proc = subprocess.Popen(
        [*LINESIDE, "demo-data", "--db", str(db), "--units", "200000"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and assembled(db) <= 10_000:
        time.sleep(0.05)  # polling another process's progress
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    result = run("verify", "--db", str(db))
    assert result.returncode == 0, result.stderr


def test_killed_captures_never_leave_a_torn_record(station: DemoStation) -> None:
    for i, delay in enumerate((0.2, 0.35, 0.5, 0.65)):
        pcb = station.free_pcb()
        proc = subprocess.Popen(
            [*LINESIDE, *capture_args(station, station.path, f"SN-IP-200-82000{i}", pcb)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        result = run("verify", "--db", str(station.path))
        assert result.returncode == 0, result.stderr


def test_ctrl_c_during_demo_data_says_so_and_leaves_whole_records(tmp_path: Path) -> None:
    db = tmp_path / "interrupted.sqlite"
    proc = subprocess.Popen(
        [*LINESIDE, "demo-data", "--db", str(db), "--units", "200000"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and assembled(db) <= 1_000:
        time.sleep(0.05)  # polling another process's progress
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)  # stops after the batch in hand, not at the end
    assert proc.returncode == 130
    assert "interrupted" in err and "Traceback" not in err
    assert assembled(db) < 100_000
    assert run("verify", "--db", str(db)).returncode == 0


def test_capture_needs_an_authenticated_identity_and_records_cli_entry(
    station: DemoStation, monkeypatch: pytest.MonkeyPatch, tokens: dict[str, str]
) -> None:
    args = capture_args(station, station.path, "SN-IP-200-8000009", station.free_pcb())
    monkeypatch.delenv(SERVICE_TOKEN_ENV)
    other_station, token = tokens["SMT-01"], tokens["FA-01"]
    before = station.journal_count("assembly")
    result = run(*args)
    assert result.returncode == 3 and "--user NAME" in result.stderr
    result = run(*args, env={SERVICE_TOKEN_ENV: "not-a-token"})
    assert result.returncode == 3 and "not an active service identity" in result.stderr
    result = run(*args, env={SERVICE_TOKEN_ENV: other_station})
    assert result.returncode == 3  # a token of another station does not open this one
    assert station.journal_count("assembly") == before
    result = run(*args, env={SERVICE_TOKEN_ENV: token})
    assert result.returncode == 0, result.stderr
    content = parts.expand(
        station.conn,
        station.conn.execute(
            "SELECT content FROM journal WHERE key = ?", (result.stdout.strip(),)
        ).fetchone()[0],
    )
    assert content["entered_by"] == {
        "kind": "service",
        "name": "test-script-FA-01",
        "user_id": "service:test-script-FA-01",
        "entry": "cli",
    }
    assert {c["scan"]["entry"] for c in content["components"]} == {"typed"}
    assert station.journal_count("service-login") == 1


def test_capture_as_a_user_prompts_for_the_password(
    station: DemoStation, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import getpass

    from app.cli import main

    monkeypatch.delenv(SERVICE_TOKEN_ENV)
    args = capture_args(station, station.path, "SN-IP-200-8000010", station.free_pcb())
    prompts: list[str] = []
    monkeypatch.setattr(getpass, "getpass", lambda prompt: prompts.append(prompt) or "wrong")
    assert main([*args, "--user", "supervisor"]) == 3
    assert prompts == ["password for supervisor: "]
    assert station.journal_count("login-failed") == 1
    monkeypatch.setattr(getpass, "getpass", lambda prompt: demo_line.DEMO_PASSWORD)
    assert main([*args, "--user", "supervisor"]) == 0, capsys.readouterr().err


def test_demo_help_names_the_demo_database_and_explains_idle_minutes(capsys) -> None:
    from app.cli import build_parser
    from app.cli.common import default_path

    parser = build_parser()
    with pytest.raises(SystemExit):
        parser.parse_args(["demo", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "demo-station.sqlite" in text
    assert str(default_path()) not in text  # the station's own database is not the demo's
    assert "--idle-minutes IDLE_MINUTES log the user out" in text
