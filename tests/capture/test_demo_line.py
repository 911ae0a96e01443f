"""Demo data is what the capture core writes: the rules re-run on every record give its verdict,
every instrument, calibration and profile a record names exists, nothing flagged sits at a station
whose rule blocks, and the chain and projections verify."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from app.capture import demo_line, records, rules
from app.capture.events import ChecklistLine, Component
from app.capture.stored_profiles import profile_check
from app.codes import catalogue
from app.codes.interpret import interpret
from app.domain.clock import parse_iso
from app.domain.entry import EntryMethod
from app.domain.environment import EnvWindow, Measurement, assess, calibration_state
from app.domain.verdict import Finding, Rule, Severity
from app.store import instruments, journal, parts, profiles
from app.store.database import open_database
from app.store.masterdata import MasterData

UNITS = 400
FAMILY = {
    Rule.ENV_OUT_OF_WINDOW: "environment",
    Rule.ENV_STALE: "environment",
    Rule.ENV_MISSING: "environment",
    Rule.ENV_OUT_OF_CALIBRATION: "calibration",
    Rule.PROFILE_FAILED: "profile",
    Rule.PROFILE_MISSING: "profile",
    Rule.UDI_PI_MISMATCH: "udi",
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    path: Path = tmp_path_factory.mktemp("demo") / "demo.db"
    db = open_database(path, create=True)
    demo_line.build(db.conn, UNITS, seed=3)
    return db.conn


def _due_at(conn: sqlite3.Connection, instrument: str, recorded_at: str) -> date | None:
    """The due date of the newest calibration of ``instrument`` entered before ``recorded_at``."""
    row = conn.execute(
        "SELECT due_on FROM calibrations WHERE instrument = ? AND recorded_at <= ? "
        "ORDER BY recorded_at DESC LIMIT 1",
        (instrument, recorded_at),
    ).fetchone()
    return None if row is None else date.fromisoformat(row[0])


def _environment(conn: sqlite3.Connection, content: dict, at: str) -> list:
    values = []
    for entry in content["environment"]:
        instrument = entry["instrument"]
        assert instruments.get(conn, instrument) is not None, f"{instrument} is not configured"
        due = _due_at(conn, instrument, at)
        assert due is not None, f"{instrument} has no calibration record before {at}"
        read_at = parse_iso(entry["read_at"])
        m = Measurement(
            instrument,
            entry["quantity"],
            entry["value"],
            entry["unit"],
            read_at,
            calibration_state(due, read_at.date(), instruments.WARN_DAYS),
            due,
            entry["quality"],
        )
        value = assess(EnvWindow.from_content(entry["window"]), m, parse_iso(at))
        assert value.as_content() == entry
        values.append(value)
    return values


def _profile(conn: sqlite3.Connection, board: str, at: str, content: dict):
    row = conn.execute(
        "SELECT p.id FROM profile_boards b JOIN profiles p ON p.id = b.profile_id "
        "WHERE b.serial = ? AND p.recorded_at <= ? ORDER BY p.measured_at DESC, p.recorded_at DESC "
        "LIMIT 1",
        (board, at),
    ).fetchone()
    assert row is not None, f"board {board} has no profile recorded before its record"
    assert content["profile"]["profile_id"] == row[0]
    assert profiles.profile_details(conn, row[0])["sample_count"] > 100  # a curve, not a verdict
    found = profiles.latest_for(conn, board)
    assert found is not None
    return profile_check(found)


def test_rerunning_the_rules_on_every_record_gives_its_verdict(demo: sqlite3.Connection) -> None:
    master = MasterData(demo)
    checked = 0
    for _seq, row in journal.rows(demo, kind="assembly"):
        content = parts.expand(demo, row.content)
        station = master.station(row.station)
        step = master.step(content["product"], content["step"])
        assert station is not None and step is not None
        bom = master.bom(content["product"], content["step"])
        operator = master.operator_by_badge(content["operator"]["badge"])
        assert rules.check_operator(operator, content["operator"]["badge"], step.code) == []
        day = parse_iso(row.recorded_at).date()
        comps = []
        for c in content["components"]:
            scan = interpret(c["scan"]["text"], EntryMethod.KEYBOARD_WEDGE)
            if c["kind"] == "unit":
                assert demo.execute(
                    "SELECT 1 FROM assemblies WHERE unit_serial = ? AND recorded_at < ?",
                    (c["id"], row.recorded_at),
                ).fetchone(), f"{c['id']} built in before it was recorded"
                comps.append(Component(c["id"], "unit", c["part_number"], 1.0, scan))
                continue
            lot, cert = master.lot(c["id"]), master.certificate(c["id"])
            line = next(b for b in bom if b.part_number == c["part_number"])
            # The part's spec judged the certificate: the entry names the accepted revision.
            acceptance = c["acceptance"]
            assert acceptance is not None and cert is not None
            assert acceptance["certificate"] == f"CERT-{c['id']}-{cert.revision}"
            assert rules.check_lot(lot, c["id"], cert, line, day, certificate_checked=True) == []
            assert c["certificate"] == cert.as_content()
            comps.append(
                Component(
                    c["id"],
                    "lot",
                    c["part_number"],
                    line.quantity,
                    scan,
                    lot,
                    cert,
                    c["supplier_part"],
                    acceptance,
                )
            )
        assert [c.as_content() for c in comps] == content["components"]
        checklist = [
            ChecklistLine(b, tuple(c for c in comps if c.part_number == b.part_number)) for b in bom
        ]
        environment = _environment(demo, content, row.recorded_at)
        serial = content["unit"]["serial"]
        profile = (
            _profile(demo, serial, row.recorded_at, content) if step.requires_profile else None
        )
        unit = interpret(content["unit"]["scan"]["text"], EntryMethod.KEYBOARD_WEDGE)
        unit_findings: list[Finding] = []
        if unit.udi is not None:
            device = master.device(unit.udi.di)
            assert device is not None
            action = rules.severity(station, "udi", default=Severity.FLAG)
            unit_findings = [
                Finding(Rule.UDI_PI_MISMATCH, f"{f.reason}: check the label", unit.value, action)
                for f in catalogue.check_udi(unit.udi, catalogue.Catalogue([device]))
            ]
        verdict = records.judge(
            station, step, checklist, environment, unit_findings, profile, serial
        )
        assert verdict.as_content() == content["verdict"], serial
        for finding in content["verdict"]["findings"]:
            family = FAMILY[Rule(finding["rule"])]
            assert rules.severity(station, family) is Severity.FLAG, (
                f"{serial} is flagged for {finding['rule']} at {row.station}, which blocks it"
            )
        checked += 1
    assert checked == 2 * UNITS + demo_line.wip_boards(UNITS)  # every device, board and WIP


def test_the_demo_shows_what_the_rules_do(demo: sqlite3.Connection) -> None:
    refusals = [
        json.loads(r[0])["finding"]["rule"]
        for r in demo.execute("SELECT content FROM journal WHERE kind = 'refusal'")
    ]
    assert "profile-failed" in refusals  # a failed oven run refused its board; profiled again
    flagged = {
        f["rule"]
        for (text,) in demo.execute("SELECT content FROM journal WHERE kind = 'assembly'")
        for f in json.loads(text)["verdict"]["findings"]
    }
    assert "environment-out-of-calibration" in flagged  # the hygrometer recalibrated late
    kinds = {
        c["scan"]["kind"]
        for (text,) in demo.execute("SELECT content FROM journal WHERE kind = 'assembly' LIMIT 50")
        for c in parts.expand(demo, text)["components"]
    }
    assert "supplier-label" in kinds
    logins = demo.execute("SELECT count(*) FROM journal WHERE kind = 'login'").fetchone()[0]
    assert logins >= 3
    failed_runs = demo.execute("SELECT count(*) FROM profiles WHERE passed = 0").fetchone()[0]
    assert failed_runs >= 1


def test_the_demo_chain_and_its_projections_verify(demo: sqlite3.Connection) -> None:
    report = journal.verify(demo)
    assert report.intact, report.problem


def test_every_demo_lot_entry_carries_its_signed_acceptance(demo: sqlite3.Connection) -> None:
    """Every demo part has a spec; every lot entry names the certificate's kind and acceptance."""
    specs = dict(demo.execute("SELECT part_number, kinds FROM part_specs"))
    signers = {
        key: json.loads(content)
        for key, content in demo.execute(
            "SELECT key, content FROM journal WHERE kind = 'signature'"
        )
    }
    entries = 0
    for _seq, row in journal.rows(demo, kind="assembly"):
        for c in parts.expand(demo, row.content)["components"]:
            if c["kind"] != "lot":
                continue
            entries += 1
            acceptance = c["acceptance"]
            assert acceptance is not None, f"{c['id']} in {row.key} carries no acceptance"
            assert acceptance["decision"] == "accept"
            assert acceptance["kind"] in {*json.loads(specs[c["part_number"]]), "MTR"}
            assert acceptance["signature"] in signers, f"{c['id']}: no such signature row"
    assert entries > UNITS * 10
    documents = demo.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert documents == demo.execute("SELECT count(*) FROM certificates").fetchone()[0]


def test_the_build_gives_the_connection_back_as_the_station_keeps_it(
    demo: sqlite3.Connection,
) -> None:
    """The units are built with synchronous=OFF and a larger page cache (demo data only); the
    connection is handed back syncing every commit (FULL) with the default cache, and the
    write-ahead log checkpointed into the file."""
    assert demo.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert demo.execute("PRAGMA cache_size").fetchone()[0] == -2000  # SQLite's default
    busy, log_frames, _checkpointed = demo.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    assert (busy, log_frames) == (0, 0)
