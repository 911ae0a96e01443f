"""The station verbs: init, demo-data, capture, trace, verify and the headless demo walkthrough."""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
import sqlite3
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.capture import demo_line
from app.capture.events import CaptureRefused
from app.capture.session import CaptureSession
from app.capture.sources import FixedEnvironment
from app.capture.stored_profiles import StoredProfiles
from app.capture.trace import trace_rows
from app.cli.auth import NotAuthenticated, add_auth, authenticate
from app.cli.common import (
    EXIT_BROKEN,
    EXIT_NOTHING,
    EXIT_OK,
    EXIT_REFUSED,
    UNITS,
    add_db,
    db_path,
    fail,
    guarded,
    print_table,
)
from app.domain.entry import EntryMethod
from app.domain.environment import Calibration, Measurement
from app.store import genealogy, journal, recall_queries
from app.store.database import open_database
from app.store.station_store import StationStore


# -- init / demo-data ---------------------------------------------------------------------------------
@guarded
def cmd_init(args: argparse.Namespace) -> int:
    """Creates (or brings up to date) a station database; with --upstream, from the plant."""
    path = db_path(args)
    if args.upstream:
        from app.cli.line import cmd_init_upstream

        return cmd_init_upstream(args, path)
    db = open_database(path, create=True)
    db.close()
    print(f"station database ready: {path}")
    return EXIT_OK


@guarded
def cmd_demo_data(args: argparse.Namespace) -> int:
    """Fills a new database with demo master data and assembled units."""
    if args.units < 0:
        return fail("--units must be 0 or more")
    path = db_path(args)
    db = open_database(path, create=True)
    started = time.perf_counter()
    last = [started]

    stop = [False]

    def progress(done: int) -> None:
        if stop[0]:
            raise KeyboardInterrupt  # between batches: every batch written is whole
        if time.perf_counter() - last[0] > 2 and not args.quiet:
            last[0] = time.perf_counter()
            print(f"  {done:,} of {args.units:,} units", file=sys.stderr)

    def on_interrupt(_signum: int, _frame: object) -> None:
        # Ctrl+C ends the build after the batch in hand: raised anywhere inside the capture
        # core (a SQL function, a rule that maps database errors) it could be swallowed.
        # A second Ctrl+C stops at once; the open transaction is rolled back.
        if stop[0]:
            raise KeyboardInterrupt
        stop[0] = True
        print(
            "lineside: stopping after the batch in hand (Ctrl+C again to stop now)", file=sys.stderr
        )

    previous = signal.getsignal(signal.SIGINT)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, on_interrupt)
    try:
        plan = demo_line.build(db.conn, args.units, seed=args.seed, progress=progress)
    except ValueError as exc:
        return fail(f"{path}: {exc}")
    finally:
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGINT, previous)
        db.close()
    print(
        f"{args.units:,} units with their PCB subassemblies written to {path} in "
        f"{time.perf_counter() - started:.1f} s; stations {', '.join(plan.stations)}; operator badges "
        f"{plan.badges[0]}…{plan.badges[-1]}; supervisor password '{demo_line.DEMO_PASSWORD}'"
    )
    return EXIT_OK


# -- capture ------------------------------------------------------------------------------------------
def parse_reading(text: str, at: datetime) -> Measurement:
    """``QUANTITY=VALUE`` as a manual measurement (no calibrated instrument behind it)."""
    quantity, sep, value = text.partition("=")
    if not sep or quantity not in UNITS:
        raise ValueError(
            f"--reading {text!r}: write QUANTITY=VALUE with QUANTITY one of {', '.join(UNITS)}"
        )
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"--reading {text!r}: {value!r} is not a number") from None
    return Measurement("manual-entry", quantity, number, UNITS[quantity], at, Calibration.NONE)


@guarded
def cmd_capture(args: argparse.Namespace) -> int:
    """Records one assembly step headless through the capture core."""
    now = datetime.now(UTC)
    try:
        readings = [parse_reading(r, now) for r in args.reading]
        entry = EntryMethod(args.entry)
    except ValueError as exc:
        return fail(str(exc))
    store = StationStore(db_path(args))
    try:
        try:
            session = CaptureSession(
                store,
                args.station,
                environment=FixedEnvironment(readings),
                profiles=StoredProfiles(store),
            )
        except ValueError as exc:
            return fail(str(exc))
        try:
            identity = authenticate(args, store, session)
        except NotAuthenticated as exc:
            return fail(str(exc), EXIT_REFUSED)
        session.entered_by = identity.as_content()
        try:
            if args.operator:
                session.login_badge(args.operator)
            elif identity.kind == "service":
                return fail("a service identity captures for an operator: give --operator BADGE")
            if args.work_order or args.step:
                session.assign(
                    args.work_order or session.work_order or "",
                    args.step or (session.step.code if session.step else ""),
                )
            session.scan(args.unit, entry)
            for component in args.component:
                session.scan(component, entry)
            committed = session.commit()
        except CaptureRefused as refused:
            f = refused.finding
            return fail(
                f"refused by rule {f.rule}: {f.message}"
                + (f" (scan: {f.subject})" if f.subject else ""),
                EXIT_REFUSED,
            )
        print(committed.key)
        for finding in committed.verdict.findings:
            print(f"flagged: [{finding.rule}] {finding.message}", file=sys.stderr)
        return EXIT_OK
    finally:
        store.close()


# -- trace --------------------------------------------------------------------------------------------
FORWARD_TABLE = [
    ("unit", "Unit"),
    ("product", "Product"),
    ("via", "Via"),
    ("step", "Step"),
    ("station", "Station"),
    ("operator_name", "Operator"),
    ("recorded_at", "Recorded (UTC)"),
    ("status", "Verdict"),
    ("env", "Environment"),
]
BACKWARD_TABLE = [
    ("unit", "In unit"),
    ("part_number", "Part"),
    ("component", "Lot / serial"),
    ("supplier", "Supplier"),
    ("supplier_lot", "Supplier lot"),
    ("certificate", "Certificate"),
    ("certificate_type", "Type"),
    ("certificate_revision", "Rev"),
    ("lot_status", "Lot status"),
    ("step", "Step"),
    ("station", "Station"),
]


def print_trace(
    direction: str, subject: str, rows: list[dict[str, Any]], as_json: bool, elapsed: float
) -> None:
    """Prints a trace as JSON or as a table with a summary line."""
    if as_json:
        print(
            json.dumps(
                {"direction": direction, "subject": subject, "count": len(rows), "rows": rows},
                ensure_ascii=False,
                indent=1,
            )
        )
        return
    if direction == "forward":
        for r in rows:
            r["env"] = ", ".join(
                f"{e['quantity']}={e['value']}{e['unit']}"
                + ("" if e["status"] == "ok" else f" [{e['status']}]")
                for e in r["environment"]
            )
        print_table(rows, FORWARD_TABLE)
        finished = {r["unit"] for r in rows if r["di"]}
        print(
            f"\n{len({r['unit'] for r in rows})} units contain {subject} ({len(finished)} finished devices), "
            f"found in {elapsed * 1000:.0f} ms"
        )
    else:
        for r in rows:
            if (
                r["current_certificate_revision"]
                and r["certificate_revision"]
                and r["current_certificate_revision"] != r["certificate_revision"]
            ):
                r["certificate_revision"] = (
                    f"{r['certificate_revision']} (now {r['current_certificate_revision']})"
                )
        print_table(rows, BACKWARD_TABLE)
        print(f"\n{len(rows)} components in {subject}, found in {elapsed * 1000:.0f} ms")


@guarded
def cmd_trace(args: argparse.Namespace) -> int:
    """Forward trace from a lot, or backward from a unit serial or UDI."""
    if getattr(args, "upstream", None):
        from app.cli.sync import plant_trace  # psycopg is loaded only for plant-wide traces

        return plant_trace(args)
    path = db_path(args)
    db = open_database(path, readonly=True)
    try:
        started = time.perf_counter()
        direction, rows = trace_rows(db.conn, args.lot, args.unit)
        subject = args.lot or args.unit
        if not rows and args.lot and not recall_queries.lot_exists(db.conn, args.lot.strip()):
            # The supplier's lot number as printed on the certificate finds our lots too.
            for lot in recall_queries.lots_by_supplier_lot(db.conn, args.lot):
                rows += genealogy.trace_forward(db.conn, lot["lot"])
            if rows:
                subject = f"{args.lot} (supplier lot)"
        close = [] if rows else recall_queries.close_matches(db.conn, args.lot or args.unit)
        elapsed = time.perf_counter() - started
    finally:
        db.close()
    if not rows:
        return fail(
            f"nothing recorded in {path} matches {args.lot or args.unit}"
            + (f"; close matches: {', '.join(close)}" if close else "; nothing similar either"),
            EXIT_NOTHING,
        )
    print_trace(direction, subject, rows, args.json, elapsed)
    return EXIT_OK


# -- verify -------------------------------------------------------------------------------------------
@guarded
def cmd_verify(args: argparse.Namespace) -> int:
    """Re-walks the hash chain, the projections and the anchors (and the plant's copy)."""
    if getattr(args, "upstream", None):
        from app.cli.sync import verify_upstream  # psycopg is loaded only for the plant check

        return int(verify_upstream(args))
    return verify_station(args)


def _progress(done: int, total: int) -> None:
    """One self-overwriting line on a terminal."""
    share = done / total * 100 if total else 100.0
    print(
        f"\rverify: {done:,} of {total:,} rows ({share:.0f} %)", end="", file=sys.stderr, flush=True
    )


def verify_station(
    args: argparse.Namespace,
    upstream: Callable[[sqlite3.Connection], str | None] | None = None,
) -> int:
    """Verifies the station database; ``upstream`` also checks it against the plant's copy."""
    path = db_path(args)
    db = open_database(path, readonly=True)
    try:
        started = time.perf_counter()
        report = journal.verify(
            db.conn,
            station=getattr(args, "station", None),
            first=getattr(args, "first", None),
            last=getattr(args, "last", None),
            progress=_progress if sys.stderr.isatty() else None,
            processes=getattr(args, "processes", 1),
        )
        if sys.stderr.isatty():
            print(file=sys.stderr)
        against_plant = upstream(db.conn) if report.intact and upstream is not None else None
        elapsed = time.perf_counter() - started
    finally:
        db.close()
    if not report.intact:
        print(f"lineside verify: BROKEN at {report.problem}", file=sys.stderr)
        return EXIT_BROKEN
    if against_plant is not None:
        print(f"lineside verify: BROKEN against the plant: {against_plant}", file=sys.stderr)
        return EXIT_BROKEN
    rate = report.rows / elapsed if elapsed else 0
    checked = " and the plant's copy" if upstream is not None else ""
    if (
        getattr(args, "station", None)
        or getattr(args, "first", None)
        or getattr(args, "last", None)
    ):
        checked += " (chains and anchors only: the tables are compared by a whole verify)"
    print(
        f"intact: {report.rows:,} journal rows on {report.stations} station chains{checked} "
        f"verified in {elapsed:.2f} s ({rate:,.0f} rows/s)"
    )
    return EXIT_OK


# -- backup and restore -----------------------------------------------------------------------------
@guarded
def cmd_backup(args: argparse.Namespace) -> int:
    """A consistent copy of the station database, taken while it captures."""
    from app.store import backup

    started = time.perf_counter()
    size = backup.backup(db_path(args), Path(args.out))
    print(
        f"backed up {db_path(args)} to {args.out}: {size:,} bytes in {time.perf_counter() - started:.2f} s"
    )
    return EXIT_OK


@guarded
def cmd_restore(args: argparse.Namespace) -> int:
    """Puts a backup in place after verifying it."""
    from app.store import backup

    report = backup.restore(Path(args.backup), db_path(args))
    print(
        f"restored {args.backup} to {db_path(args)}: {report.rows:,} journal rows verified intact"
    )
    return EXIT_OK


# -- demo (headless walkthrough) ----------------------------------------------------------------------
def cmd_demo_headless(args: argparse.Namespace) -> int:
    """Builds a demo station database and walks through a capture and a trace on the terminal."""
    folder = Path(args.db).parent if args.db else Path(tempfile.mkdtemp(prefix="lineside-demo-"))
    path = Path(args.db) if args.db else folder / "demo.sqlite"
    if path.exists():
        return fail(f"{path} exists: give a new --db path for the demo")
    print(f"1. building a demo station database with 200 units: {path}")
    db = open_database(path, create=True)
    plan = demo_line.build(db.conn, 200)
    db.close()
    store = StationStore(path)
    now = datetime.now(UTC)
    env = FixedEnvironment(
        [
            Measurement("FA-01-HMT330", "relative_humidity", 44.8, "%RH", now, Calibration.VALID),
            Measurement("FA-01-HMT330", "temperature", 22.4, "°C", now, Calibration.VALID),
        ]
    )
    session = CaptureSession(store, "FA-01", environment=env)
    session.subscribe(lambda e: print(f"   {'✔' if e.accepted else '✘'} {e.message}"))
    print("2. operator Ben Costa scans his badge at final assembly station FA-01")
    session.scan(plan.badges[1])
    print("3. he scans the UDI label of a new infusion pump: the unit")
    pcb_lot = {pn: ids[-1] for pn, ids in plan.lots.items()}
    product = demo_line.PRODUCTS[0]
    pcb = demo_line.unbuilt_board(store.reader, product.part_number)
    serial = "SN-IP-200-9000001"
    udi = f"(01){product.di}(11){now:%y%m%d}(17){now.replace(year=now.year + 5):%y%m%d}(10)B{now:%y%m%d}(21){serial}"
    session.scan(udi)
    if pcb is None:
        print("   (every demo PCB is already built in; the walkthrough stops here)")
        return EXIT_OK
    print("4. he scans a quarantined lot by mistake, then the right components")
    quarantined = demo_line.quarantined_lot(store.reader, "BAT-LI-2S")
    if quarantined is not None:
        with contextlib.suppress(CaptureRefused):
            session.scan(quarantined)
    session.scan(pcb)
    for pn in product.final_bom:
        session.scan(pcb_lot[pn])
    committed = session.commit()
    print(f"5. record {committed.key} committed ({committed.verdict.status})")
    print(f"6. trace forward from battery lot {pcb_lot['BAT-LI-2S']}:")
    direction, rows = trace_rows(store.reader, pcb_lot["BAT-LI-2S"], None)
    print(f"   {len({r['unit'] for r in rows})} units contain it; the newest five:")
    print_trace(direction, pcb_lot["BAT-LI-2S"], rows[-5:], False, 0.0)
    print(f"7. trace backward from the new device {serial}:")
    direction, rows = trace_rows(store.reader, None, serial)
    print_trace(direction, serial, rows, False, 0.0)
    report = journal.verify(store.reader)
    store.close()
    print(f"8. verify: {'intact' if report.intact else report.problem} ({report.rows} rows)")
    print(f"\nThe demo database stays at {path}; try: lineside trace --db {path} --unit {serial}")
    return EXIT_OK


def register(sub: Any) -> None:
    """Adds the foundation verbs."""
    p = sub.add_parser("init", help="create a station database")
    add_db(p)
    p.add_argument("--station", help="this PC's station id in the plant's master data")
    p.add_argument(
        "--upstream",
        metavar="DSN",
        help="create the database from the plant's current master data (no demo data); the "
        "password comes from LINESIDE_UPSTREAM_PASSWORD, PGPASSWORD, ~/.pgpass or the keyring",
    )
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("demo-data", help="fill a new database with demo master data and units")
    add_db(p)
    p.add_argument(
        "--units", type=int, default=1000, help="assembled units to create (default 1000)"
    )
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(func=cmd_demo_data)

    p = sub.add_parser("capture", help="record one assembly step headless")
    add_db(p)
    p.add_argument("--station", required=True)
    p.add_argument(
        "--operator",
        metavar="BADGE",
        help="the operator who did the work (default: the --user who logs in)",
    )
    add_auth(p)
    p.add_argument("--unit", required=True, metavar="CODE", help="unit serial or UDI as scanned")
    p.add_argument(
        "--component",
        action="append",
        default=[],
        metavar="CODE",
        help="a component lot or subassembly serial as scanned (repeat)",
    )
    p.add_argument("--work-order")
    p.add_argument("--step")
    p.add_argument(
        "--reading",
        action="append",
        default=[],
        metavar="QUANTITY=VALUE",
        help="a manually read environmental value (recorded as not from a calibrated instrument)",
    )
    p.add_argument("--entry", default=str(EntryMethod.TYPED), choices=[str(e) for e in EntryMethod])
    p.set_defaults(func=cmd_capture)

    p = sub.add_parser("trace", help="which devices contain a lot; what went into a device")
    add_db(p)
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--lot", help="forward: every unit containing this lot or subassembly serial"
    )
    which.add_argument("--unit", help="backward: everything in this unit serial or UDI")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--upstream", metavar="DSN", help="trace plant-wide in the plant database")
    p.set_defaults(func=cmd_trace)

    p = sub.add_parser("backup", help="copy the station database consistently while it captures")
    add_db(p)
    p.add_argument("--out", required=True, help="the backup file to write (must not exist)")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="verify a backup and put it in place as --db")
    add_db(p)
    p.add_argument("--from", dest="backup", required=True, help="the backup file")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("verify", help="re-walk the hash chain and the records")
    add_db(p)
    p.add_argument(
        "--upstream", metavar="DSN", help="also compare each station chain with the plant's copy"
    )
    p.add_argument("--station", help="only this station's chain")
    p.add_argument("--from-seq", dest="first", type=int, help="only rows from this seq on")
    p.add_argument("--to-seq", dest="last", type=int, help="only rows up to this seq")
    p.add_argument(
        "--processes",
        type=int,
        choices=(1, 2),
        default=1,
        help="2: a whole verify in two processes (for a second core that is idle)",
    )
    p.set_defaults(func=cmd_verify)

    # ``lineside demo`` lives in app/ui/commands.py: the window, or this walkthrough with --headless.
