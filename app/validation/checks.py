"""The installation (IQ) and operational (OQ) qualification checks that ``lineside validate`` runs.

Each check is a scripted test of the real core: IQ checks look at this installation and its
station database (read-only); OQ checks build a scratch station database in a temporary folder
and drive the capture session, the journal, the trace and the sync against it. Nothing an OQ check
does touches the station's own database.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from app.capture import demo_line
from app.capture.session import CaptureRefused, CaptureSession
from app.capture.sources import FixedEnvironment
from app.capture.trace import trace_rows
from app.domain.environment import Calibration, Measurement
from app.store import instruments as stored_instruments
from app.store import journal, parts
from app.store.database import open_database
from app.store.schema import MIGRATIONS
from app.store.station_store import StationStore
from app.validation import manifest
from app.validation.versions import versions
from drivers import registry
from drivers.base import DriverError
from drivers.probe import probe, reply_timeout

PASS, FAIL, NOT_APPLICABLE = "pass", "fail", "not applicable"


@dataclass
class Scratch:
    """A demo station database in the scratch folder and one capture on it."""

    path: Path
    serial: str
    battery_lot: str
    refusals: list[str]
    record_key: str
    record: dict[str, Any]


@dataclass
class Setup:
    """What the checks run against: the station's database and the optional plant and manifest.

    Attributes:
        db: the station database (IQ reads it; None skips the database checks).
        station: the station id whose instruments are probed (None: every configured one).
        plant_dsn: the plant database, for the clock offset and the sync check.
        manifest: the release manifest (default: the one in the bundle folder).
        install_root: the folder the manifest's paths are relative to.
        scratch: a folder for the OQ's scratch databases.
        probe_timeout_s: how long an instrument may take to answer.
        max_clock_offset_s: the largest clock offset to the plant that passes.
    """

    scratch: Path
    db: Path | None = None
    station: str | None = None
    plant_dsn: str | None = None
    manifest: Path | None = None
    install_root: Path | None = None
    probe_timeout_s: float = 4.0
    max_clock_offset_s: float = 2.0
    oq_station: Scratch | None = field(default=None, init=False)


@dataclass
class Outcome:
    """A check's result with the evidence a reviewer reads."""

    result: str
    evidence: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Check:
    """One scripted check."""

    id: str
    title: str
    run: Callable[[Setup], Outcome]


# -- installation qualification ---------------------------------------------------------------------
def iq_versions(setup: Setup) -> Outcome:
    """The versions this installation runs (compared with the release in IQ-02)."""
    found = versions()
    missing = [k for k, v in found.items() if v == "not installed" and k != "PySide6-Addons"]
    text = ", ".join(f"{k} {v}" for k, v in found.items())
    if missing:
        return Outcome(FAIL, f"not installed: {', '.join(missing)}; {text}", found)
    return Outcome(PASS, text, found)


def iq_files(setup: Setup) -> Outcome:
    """Every file of the installation against the release manifest's SHA-256."""
    root = setup.install_root or manifest.installation_root()
    path = setup.manifest or (root / manifest.MANIFEST_NAME if root else None)
    if root is None or path is None or not path.is_file():
        return Outcome(
            NOT_APPLICABLE,
            "no release manifest: this station runs from Python sources, not a released bundle",
        )
    result = manifest.check(root, path)
    data = {"manifest": str(path), "checked": result.checked, "changed": result.changed}
    data |= {"missing": result.missing, "added": result.added}
    return Outcome(PASS if result.ok else FAIL, result.describe(), data)


def iq_resources(setup: Setup) -> Outcome:
    """The style sheet, sounds and icon are installed where the station looks for them."""
    folder = resources.files("resources")
    wanted = ["lineside.qss", "icons/lineside.png"]
    wanted += [f"sounds/{n}.wav" for n in ("accepted", "refused", "committed", "login")]
    missing = [w for w in wanted if not folder.joinpath(*w.split("/")).is_file()]
    if missing:
        return Outcome(FAIL, f"missing from {folder}: {', '.join(missing)}")
    return Outcome(PASS, f"{len(wanted)} resource files found in {folder}")


def iq_database(setup: Setup) -> Outcome:
    """The station database has this build's schema, passes SQLite's integrity check and its
    journal verifies."""
    if setup.db is None:
        return Outcome(NOT_APPLICABLE, "no station database given (--db)")
    try:
        db = open_database(setup.db, readonly=True)
    except Exception as exc:  # the store names what is wrong with the file
        return Outcome(FAIL, f"{setup.db}: {exc}")
    try:
        applied = [m.name for m in MIGRATIONS.applied(db)]
        known = [m.name for m in MIGRATIONS._migrations]  # sqlite-utils has no public accessor
        integrity = db.conn.execute("PRAGMA integrity_check").fetchone()[0]
        report = journal.verify(db.conn)
    finally:
        db.close()
    data = {"applied": applied, "known": known, "integrity": integrity, "journal_rows": report.rows}
    problems = []
    if applied != known:
        problems.append(f"schema {applied[-1:] or 'none'} differs from this build's {known[-1]}")
    if integrity != "ok":
        problems.append(f"integrity check: {integrity}")
    if not report.intact:
        problems.append(f"journal broken at {report.problem}")
    if problems:
        return Outcome(FAIL, f"{setup.db}: " + "; ".join(problems), data)
    return Outcome(
        PASS,
        f"{setup.db}: schema {known[-1]} ({len(known)} migrations), integrity ok, "
        f"{report.rows} journal rows verified",
        data,
    )


def iq_instruments(setup: Setup) -> Outcome:
    """Every instrument configured for the station answers a probe with a reading."""
    if setup.db is None:
        return Outcome(NOT_APPLICABLE, "no station database given (--db)")
    db = open_database(setup.db, readonly=True)
    try:
        configs = stored_instruments.configured(db.conn, setup.station)
    finally:
        db.close()
    if not configs:
        return Outcome(NOT_APPLICABLE, "no instruments configured for this station")
    lines, failed = [], 0
    for config in configs:
        options = {"reply_timeout_s": reply_timeout(setup.probe_timeout_s), **config.options}
        config = type(config)(**{**config.__dict__, "options": options, "poll_interval_s": 0.1})
        try:
            result = probe(registry.create(config), setup.probe_timeout_s)
            answered = bool(result.readings)
            detail = (
                ", ".join(f"{r.quantity}={r.value:g}" for r in result.readings)
                if answered
                else f"no reading within {setup.probe_timeout_s:g} s ({result.status.describe()})"
            )
        except (DriverError, ValueError, OSError) as exc:
            answered, detail = False, str(exc)
        failed += not answered
        lines.append(f"{config.id} ({config.driver} on {config.port}): {detail}")
    return Outcome(FAIL if failed else PASS, "; ".join(lines), {"instruments": lines})


def iq_clock(setup: Setup) -> Outcome:
    """The station clock's offset to the plant database server's clock."""
    if setup.plant_dsn is None:
        return Outcome(NOT_APPLICABLE, "no plant database configured (--plant)")
    import psycopg

    try:
        with psycopg.connect(setup.plant_dsn, connect_timeout=5) as pg:
            before = time.time()
            row = pg.execute("SELECT extract(epoch FROM clock_timestamp())").fetchone()
            after = time.time()
    except psycopg.Error as exc:
        return Outcome(FAIL, f"plant database unreachable: {str(exc).strip().splitlines()[0]}")
    assert row is not None
    offset = float(row[0]) - (before + after) / 2
    data = {"offset_s": offset, "round_trip_s": after - before}
    evidence = (
        f"station clock {-offset:+.3f} s from the plant's (round trip {1000 * (after - before):.1f} "
        f"ms; tolerance ±{setup.max_clock_offset_s:g} s)"
    )
    return Outcome(PASS if abs(offset) <= setup.max_clock_offset_s else FAIL, evidence, data)


# -- operational qualification ----------------------------------------------------------------------
def scratch_station(setup: Setup) -> Scratch:
    """Builds (once per run) a demo database and records one unit at FA-01, with a
    quarantined lot scanned by mistake first."""
    if setup.oq_station is not None:
        return setup.oq_station
    path = setup.scratch / "oq-station.sqlite"
    db = open_database(path, create=True)
    plan = demo_line.build(db.conn, 20)
    db.close()
    store = StationStore(path)
    try:
        now = datetime.now(UTC)
        env = FixedEnvironment(
            [
                Measurement("OQ-HMT", "relative_humidity", 44.8, "%RH", now, Calibration.VALID),
                Measurement("OQ-HMT", "temperature", 22.4, "°C", now, Calibration.VALID),
            ]
        )
        session = CaptureSession(store, "FA-01", environment=env)
        refusals: list[str] = []
        session.subscribe(lambda e: None if e.accepted else refusals.append(e.message))
        session.scan(plan.badges[1])
        product = demo_line.PRODUCTS[0]
        serial = "SN-OQ-0000001"
        session.scan(
            f"(01){product.di}(11){now:%y%m%d}(17){now.replace(year=now.year + 5):%y%m%d}"
            f"(10)B{now:%y%m%d}(21){serial}"
        )
        quarantined = demo_line.quarantined_lot(store.reader, "BAT-LI-2S")
        if quarantined is not None:
            with contextlib.suppress(CaptureRefused):
                session.scan(quarantined)
        pcb = demo_line.unbuilt_board(store.reader, product.part_number)
        if pcb is None:
            raise RuntimeError("the scratch database has no unbuilt board")
        session.scan(pcb)
        lots = {pn: ids[-1] for pn, ids in plan.lots.items()}
        for pn in product.final_bom:
            session.scan(lots[pn])
        committed = session.commit()
        row = store.reader.execute(
            "SELECT content FROM journal WHERE key = ?", (committed.key,)
        ).fetchone()
        stored = parts.expand(store.reader, row[0]) if row else {}
    finally:
        store.close()
    made = Scratch(path, serial, lots["BAT-LI-2S"], refusals, committed.key, stored)
    setup.oq_station = made
    return made


def oq_capture(setup: Setup) -> Outcome:
    """A complete step is recorded with who, what, where and the conditions bound, and stamped
    with the software version and configuration revision."""
    s = scratch_station(setup)
    r = s.record
    wanted = ("operator", "unit", "components", "environment", "app_version", "config_revision")
    conditions = ", ".join(
        f"{m.get('quantity')}={m.get('value')} {m.get('unit')}" for m in r.get("environment") or []
    )
    missing = [k for k in wanted if not r.get(k)]
    evidence = (
        f"record {s.record_key}: operator {(r.get('operator') or {}).get('badge')}, unit "
        f"{(r.get('unit') or {}).get('serial')}, {len(r.get('components') or [])} components, station {r.get('station')}, "
        f"step {r.get('step')}, environment {conditions}, "
        f"app {r.get('app_version')}, configuration revision {r.get('config_revision')}"
    )
    if missing or r.get("app_version") != versions()["lineside"]:
        return Outcome(FAIL, f"missing {missing}; {evidence}", {"record": r})
    return Outcome(PASS, evidence, {"record_key": s.record_key})


def oq_rules(setup: Setup) -> Outcome:
    """A quarantined lot is refused with the rule named; the right components are accepted."""
    s = scratch_station(setup)
    named = [m for m in s.refusals if "quarantine" in m.lower()]
    if not named:
        return Outcome(FAIL, f"no quarantine refusal; refusals were {s.refusals}")
    return Outcome(PASS, f"refused: {named[0]}; then the record committed ({s.record_key})")


def oq_chain(setup: Setup) -> Outcome:
    """The journal verifies intact; an altered row and a deleted row are each found and named."""
    s = scratch_station(setup)
    intact = _verify(s.path)
    if not intact.intact:
        return Outcome(FAIL, f"the untouched scratch journal does not verify: {intact.problem}")
    found = []
    for name, tamper in (("altered", _alter), ("deleted", _delete)):
        copy = setup.scratch / f"oq-{name}.sqlite"
        shutil.copy(s.path, copy)
        seq = tamper(copy, s.record_key)
        report = _verify(copy)
        if report.intact:
            return Outcome(FAIL, f"a {name} journal row (seq {seq}) went unnoticed")
        found.append(f"{name} row seq {seq} → {report.problem}")
    return Outcome(PASS, f"intact: {intact.rows} rows; " + "; ".join(found))


def _verify(path: Path) -> journal.VerifyReport:
    db = open_database(path, readonly=True)
    try:
        return journal.verify(db.conn)
    finally:
        db.close()


def _raw(path: Path) -> sqlite3.Connection:
    """The file opened as a tamperer would: plain sqlite3, the append-only triggers dropped."""
    conn = sqlite3.connect(path, isolation_level=None)
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    return conn


def _alter(path: Path, key: str) -> int:
    conn = _raw(path)
    seq, content = conn.execute("SELECT seq, content FROM journal WHERE key = ?", (key,)).fetchone()
    conn.execute(
        "UPDATE journal SET content = ? WHERE seq = ?",
        (content.replace('"quantity":1', '"quantity":2', 1).replace("SN-OQ", "SN-0Q", 1), seq),
    )
    conn.close()
    return int(seq)


def _delete(path: Path, key: str) -> int:
    conn = _raw(path)
    (seq,) = conn.execute(
        "SELECT max(seq) FROM journal WHERE seq < (SELECT seq FROM journal WHERE key = ?)", (key,)
    ).fetchone()
    conn.execute("DELETE FROM journal WHERE seq = ?", (seq,))
    conn.close()
    return int(seq)


def oq_trace(setup: Setup) -> Outcome:
    """Forward from a lot finds the unit built with it; backward from the unit finds the lot."""
    s = scratch_station(setup)
    db = open_database(s.path, readonly=True)
    try:
        _, forward = trace_rows(db.conn, s.battery_lot, None)
        _, backward = trace_rows(db.conn, None, s.serial)
    finally:
        db.close()
    units = {r.get("unit") for r in forward}
    parts = {r.get("component") for r in backward}
    ok = s.serial in units and s.battery_lot in parts
    evidence = (
        f"forward from {s.battery_lot}: {len(units)} units, {'including' if s.serial in units else 'NOT'} "
        f"{s.serial}; backward from {s.serial}: {len(backward)} components, "
        f"{'including' if s.battery_lot in parts else 'NOT'} {s.battery_lot}"
    )
    return Outcome(PASS if ok else FAIL, evidence)


def oq_sync(setup: Setup) -> Outcome:
    """The configured plant database answers with the schema this build pushes to."""
    if setup.plant_dsn is None:
        return Outcome(NOT_APPLICABLE, "no plant database configured (--plant)")
    import psycopg

    from app.sync import plant

    try:
        with psycopg.connect(setup.plant_dsn, connect_timeout=5) as pg:
            have = plant.applied(pg)
    except psycopg.Error as exc:
        return Outcome(FAIL, f"plant database unreachable: {str(exc).strip().splitlines()[0]}")
    want = [name for name, _ in plant.migrations()]
    if have != want:
        return Outcome(FAIL, f"plant schema {have or 'missing'}; this build needs {want}")
    return Outcome(
        PASS, f"plant reachable; schema {want[-1]} ({len(want)} migrations) as this build needs"
    )


IQ_CHECKS = (
    Check("IQ-01", "Installed versions", iq_versions),
    Check("IQ-02", "Installed files match the release manifest", iq_files),
    Check("IQ-03", "Resources (style sheet, sounds, icon) installed", iq_resources),
    Check("IQ-04", "Station database schema, integrity and journal", iq_database),
    Check("IQ-05", "Configured instruments answer", iq_instruments),
    Check("IQ-06", "Clock offset to the plant", iq_clock),
)
OQ_CHECKS = (
    Check("OQ-01", "A step is recorded with everything bound", oq_capture),
    Check("OQ-02", "Capture rules refuse a quarantined lot", oq_rules),
    Check("OQ-03", "Chain verification finds alteration and deletion", oq_chain),
    Check("OQ-04", "Trace forward and backward", oq_trace),
    Check("OQ-05", "Plant database reachable with this build's schema", oq_sync),
)
CHECKS = IQ_CHECKS + OQ_CHECKS
