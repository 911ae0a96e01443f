"""``lineside validate`` on a station: the IQ/OQ checks run the real core and the report says so."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.capture.demo_line import DEMO_PASSWORD
from app.domain.canonical import canonical_json
from app.domain.instruments import InstrumentConfig
from app.store import instruments, journal
from app.store.station_store import StationStore
from app.validation import manifest
from app.validation.checks import (
    FAIL,
    NOT_APPLICABLE,
    PASS,
    Setup,
    iq_clock,
    iq_files,
    iq_instruments,
)
from app.validation.report import validate
from app.validation.requirements import load
from app.validation.signature import SignatureRefused
from drivers.simulators.vaisala import VaisalaSimulator

LINESIDE = [sys.executable, "-m", "app.cli"]


def test_validate_writes_a_json_and_pdf_report_with_the_trace_matrix(
    demo_db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "report"
    # The demo line's instruments sit on a line PC's serial ports, which this machine lacks.
    store = StationStore(demo_db)
    try:
        for instrument, station in store.reader.execute("SELECT id, station FROM instruments"):
            store.write(
                lambda c, i=instrument, s=station: instruments.retire(
                    c, s, i, by="tech1", reason="validated on a machine without line instruments"
                )
            )
    finally:
        store.close()
    done = subprocess.run(
        [*LINESIDE, "validate", "--out", str(out), "--db", str(demo_db), "--signed-by", "qa.lead"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads((out / "validation-report.json").read_text(encoding="utf-8"))
    results = {c["id"]: c["result"] for c in report["checks"]}
    assert results["IQ-04"] == PASS and results["OQ-03"] == PASS
    # Running from sources, without a plant: those checks say why they did not apply.
    assert results["IQ-02"] == results["IQ-06"] == results["OQ-05"] == NOT_APPLICABLE
    assert report["result"] == PASS and report["run_by"] == "qa.lead"
    assert [m["requirement"] for m in report["trace_matrix"]] == [r.id for r in load()]
    sealed = {k: v for k, v in report.items() if k != "sha256"}
    assert report["sha256"] == hashlib.sha256(canonical_json(sealed).encode()).hexdigest()
    assert (out / "validation-report.pdf").read_bytes().startswith(b"%PDF")
    assert "PASS: 11 checks" in done.stdout


def test_a_changed_installed_file_fails_the_installation_check(tmp_path: Path) -> None:
    root = tmp_path / "lineside"
    (root / "_internal").mkdir(parents=True)
    (root / "lineside").write_bytes(b"\x7fELF station")
    (root / "_internal" / "base_library.zip").write_bytes(b"PK library")
    manifest.write(root)
    setup = Setup(scratch=tmp_path, install_root=root)
    assert iq_files(setup).result == PASS
    (root / "_internal" / "base_library.zip").write_bytes(b"PK patched")
    (root / "_internal" / "extra.so").write_bytes(b"dropped in")
    outcome = iq_files(setup)
    assert outcome.result == FAIL
    assert outcome.data["changed"] == ["_internal/base_library.zip"]
    assert outcome.data["added"] == ["_internal/extra.so"]
    assert "1 changed (_internal/base_library.zip)" in outcome.evidence


def test_a_configured_instrument_on_a_simulator_answers_and_a_dead_port_fails(
    demo_db: Path, tmp_path: Path
) -> None:
    sim = VaisalaSimulator(rh=41.0, t=22.5, interval_s=0.05).start()
    store = StationStore(demo_db)
    try:
        # The demo's hygrometer at FA-01, moved to the simulator's port.
        live = InstrumentConfig(
            id="FA-01-HMT330", driver="vaisala", port=sim.port, serial="4800 7E1"
        )
        store.write(lambda c: instruments.save(c, "FA-01", live, by="tech1", reason="new port"))
        setup = Setup(scratch=tmp_path, db=demo_db, station="FA-01", probe_timeout_s=3)
        outcome = iq_instruments(setup)
        assert outcome.result == PASS, outcome.evidence
        assert "relative_humidity=41" in outcome.evidence
        dead = InstrumentConfig(id="FA-01-O2", driver="vaisala", port=str(tmp_path / "no-port"))
        store.write(lambda c: instruments.save(c, "FA-01", dead, by="tech1"))
        outcome = iq_instruments(setup)
        assert outcome.result == FAIL and "FA-01-O2" in outcome.evidence
    finally:
        store.close()
        sim.stop()


@pytest.mark.postgres
def test_the_clock_offset_to_the_plant_is_measured(tmp_path: Path) -> None:
    server = "host=127.0.0.1 port=5432 user=postgres dbname=test"
    outcome = iq_clock(Setup(scratch=tmp_path, plant_dsn=server))
    assert outcome.result == PASS  # the same machine's clock
    assert abs(outcome.data["offset_s"]) < 1
    unreachable = iq_clock(Setup(scratch=tmp_path, plant_dsn="host=127.0.0.1 port=9 user=x"))
    assert unreachable.result == FAIL and "unreachable" in unreachable.evidence


def test_a_supervisor_signs_the_report_in_the_station_journal_and_others_are_refused(
    demo_db: Path, tmp_path: Path
) -> None:
    report = validate(
        tmp_path / "signed", db=demo_db, station="FA-01", sign_as=("supervisor", DEMO_PASSWORD)
    )
    signature = report["signature"]
    assert signature["role"] == "supervisor" and signature["report_sha256"] == report["sha256"]
    store = StationStore(demo_db)
    try:
        row = store.reader.execute(
            "SELECT content FROM journal WHERE key = ? AND kind = 'validation'",
            (signature["journal_key"],),
        ).fetchone()
        assert json.loads(row[0])["signature"]["report_sha256"] == report["sha256"]
        assert journal.verify(store.reader).intact
    finally:
        store.close()
    written = json.loads((tmp_path / "signed" / "validation-report.json").read_text("utf-8"))
    assert written["signature"]["journal_key"] == signature["journal_key"]

    with pytest.raises(SignatureRefused, match="password is wrong"):
        validate(tmp_path / "wrong", db=demo_db, station="FA-01", sign_as=("supervisor", "guess"))
    unsigned = json.loads((tmp_path / "wrong" / "validation-report.json").read_text("utf-8"))
    assert "signature" not in unsigned  # the report is still written, unsigned
    with pytest.raises(SignatureRefused, match="a supervisor or admin signs"):
        validate(
            tmp_path / "tech", db=demo_db, station="FA-01", sign_as=("technician", DEMO_PASSWORD)
        )
    store = StationStore(demo_db)
    try:
        kinds = [
            r[0]
            for r in store.reader.execute("SELECT kind FROM journal WHERE kind LIKE 'validation%'")
        ]
    finally:
        store.close()
    assert kinds == ["validation", "validation-sign-failed"]
