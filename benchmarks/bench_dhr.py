"""Device history record of one unit (JSON, PDF) and a recall drill, vs bare SELECTs of the same rows.

Usage::

    python benchmarks/bench_dhr.py --db station.sqlite          # an existing demo database
    python benchmarks/bench_dhr.py --units 100000               # builds one in LINESIDE_BENCH_DIR

Prints medians for: the bare SELECT of one device's and its board's journal rows (the baseline),
``dhr_for_unit`` (JSON), the JSON validated against the schema, the PDF, and a recall drill for the
supplier lot used in the number of units nearest ``--lot-units`` vs a bare recursive forward
SELECT of the same lot; and the ratios.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.capture import demo_line
from app.capture.dhr import dhr_for_unit, dhr_for_work_order, validate
from app.capture.dhr_pdf import write_pdf
from app.capture.recall_drill import Subject, drill
from app.store import genealogy
from app.store.database import open_database


def timed(func: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    values, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = func()
        values.append(time.perf_counter() - started)
    return statistics.median(values), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path)
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--lot-units", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--release-units", type=int, default=500, help="0 to skip")
    args = parser.parse_args()
    path = args.db
    if path is None:
        folder = Path(os.environ.get("LINESIDE_BENCH_DIR", "/tmp/lineside-bench"))
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"dhr-{args.units}.sqlite"
        if not path.exists():
            db = open_database(path, create=True)
            started = time.perf_counter()
            demo_line.build(db.conn, args.units)
            db.close()
            print(f"built {args.units:,} units in {time.perf_counter() - started:.0f} s")
    db = open_database(path, readonly=True)
    conn = db.conn
    units = conn.execute("SELECT count(DISTINCT unit_serial) FROM assemblies").fetchone()[0]
    print(f"{path}: {units:,} units and boards")
    serial, board = conn.execute(
        "SELECT unit_serial, component FROM components WHERE kind = 'unit' "
        "ORDER BY rowid DESC LIMIT 1"
    ).fetchone()

    def bare_unit() -> list[Any]:
        return conn.execute(
            "SELECT j.content FROM assemblies a JOIN journal j ON j.key = a.record_key "
            "WHERE a.unit_serial IN (?, ?)",
            (serial, board),
        ).fetchall()

    base, _ = timed(bare_unit, args.repeat * 3)
    json_s, document = timed(lambda: dhr_for_unit(conn, serial), args.repeat)
    valid_s, _ = timed(lambda: validate(document), args.repeat)
    pdf_path = Path(tempfile.mkdtemp(prefix="bench-dhr-")) / "dhr.pdf"
    pdf_s, pages = timed(lambda: write_pdf(document, pdf_path, conn), max(3, args.repeat // 2))
    print(f"bare SELECT of the unit's and board's rows : {base * 1000:8.2f} ms")
    print(f"DHR JSON of {serial:<26}  : {json_s * 1000:8.2f} ms  ({json_s / base:,.0f}x)")
    print(f"  schema validation                       : {valid_s * 1000:8.2f} ms")
    print(
        f"DHR PDF ({pages} pages)                       : {pdf_s * 1000:8.2f} ms  ({pdf_s / base:,.0f}x)"
    )

    # The supplier lot whose forward reach is nearest --lot-units (counted on the components).
    best = None
    for lot, supplier_lot, direct in conn.execute(
        "SELECT l.id, l.supplier_lot, count(*) FROM components c JOIN lots l ON l.id = c.component "
        "GROUP BY l.id"
    ):
        reach = direct * 2  # boards and the devices they went into (or a device directly)
        if best is None or abs(reach - args.lot_units) < abs(best[2] - args.lot_units):
            best = (lot, supplier_lot, reach)
    assert best is not None
    lot, supplier_lot, _ = best
    bare_s, rows = timed(lambda: genealogy.trace_forward(conn, lot), args.repeat)
    drill_s, result = timed(lambda: drill(conn, Subject(supplier_lot=supplier_lot)), args.repeat)
    print(f"bare forward SELECT of lot {lot} : {bare_s * 1000:8.2f} ms ({len(rows):,} rows)")
    print(
        f"recall drill, supplier lot {supplier_lot:<12}: {drill_s * 1000:8.2f} ms "
        f"({len(result.units):,} units, {drill_s / bare_s:.1f}x)"
    )
    db.close()
    if args.release_units:
        bench_release(args.release_units)


def bench_release(units: int) -> None:
    """Release of a work order of about ``units`` units (after disposing of its exceptions)."""
    from app.capture.exceptions import dispose
    from app.capture.release import release
    from app.capture.session import CaptureSession
    from app.store.station_store import StationStore

    path = Path(tempfile.mkdtemp(prefix="bench-release-")) / "station.sqlite"
    db = open_database(path, create=True)
    demo_line.build(db.conn, units * 2)
    db.close()
    store = StationStore(path)
    conn = store.reader
    work_order, count = conn.execute(
        "SELECT work_order, count(DISTINCT unit_serial) FROM assemblies WHERE di IS NOT NULL "
        "GROUP BY work_order ORDER BY abs(count(DISTINCT unit_serial) - ?) LIMIT 1",
        (units,),
    ).fetchone()
    session = CaptureSession(store, "FA-01")
    session.login_password("supervisor", demo_line.DEMO_PASSWORD)
    document = dhr_for_work_order(conn, work_order)
    subjects: list[str] = []  # every open exception and failed oven run, each disposed once
    for unit in document["units"]:
        for part in (unit, *unit["subassemblies"]):
            for step in part["steps"]:
                subjects += [e["subject"] for e in step["exceptions"] if not e["disposition"]]
                for run in (step.get("profile") or {}).get("runs") or []:
                    if not run["passed"] and not run["disposition"]:
                        subjects.append(
                            conn.execute(
                                "SELECT journal_key FROM profiles WHERE id = ?",
                                (run["profile_id"],),
                            ).fetchone()[0]
                        )
    for subject in dict.fromkeys(subjects):
        dispose(
            session,
            subject,
            "accept",
            "reviewed with the batch record",
            demo_line.DEMO_PASSWORD,
            username="supervisor",
        )

    def bare() -> list[Any]:
        return conn.execute(
            "SELECT j.content FROM assemblies a JOIN journal j ON j.key = a.record_key "
            "WHERE a.work_order = ?",
            (work_order,),
        ).fetchall()

    base, _ = timed(bare, 5)
    started = time.perf_counter()
    row = release(
        session,
        work_order=work_order,
        comment="benchmark",
        password=demo_line.DEMO_PASSWORD,
        username="supervisor",
    )
    took = time.perf_counter() - started
    print(f"bare SELECT of work order {work_order}'s rows : {base * 1000:8.2f} ms")
    print(
        f"release of {count} devices (DHR built, checked, hashed, journalled): {took * 1000:8.0f} ms "
        f"({took / base:,.0f}x); row {row.key}"
    )
    store.close()


if __name__ == "__main__":
    main()
