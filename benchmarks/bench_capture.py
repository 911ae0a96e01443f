"""Capture latency, trace time and verify throughput on a 1,000,000-unit station database.

Usage: python benchmarks/bench_capture.py [--units 1000000] [--captures 400]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from app.capture import demo_line
from app.capture.session import CaptureSession
from app.capture.sources import FixedEnvironment, ProfileCheck
from app.domain.environment import Calibration, Measurement
from app.store import genealogy, journal
from app.store.database import connect, open_database
from app.store.station_store import StationStore

BENCH_DIR = Path(os.environ.get("LINESIDE_BENCH_DIR", "/tmp/lineside-bench"))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def database(units: int) -> Path:
    path = BENCH_DIR / f"station-{units}.sqlite"
    if not path.exists():
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        db = open_database(path, create=True)
        demo_line.build(
            db.conn, units, progress=lambda n: print(f"  built {n:,}", end="\r", file=sys.stderr)
        )
        db.close()
        print(f"built {units:,} units in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return path


def environment() -> FixedEnvironment:
    now = datetime.now(UTC)
    return FixedEnvironment(
        [
            Measurement("FA-01-HMT330", "relative_humidity", 45.0, "%RH", now, Calibration.VALID),
            Measurement("FA-01-HMT330", "temperature", 22.0, "°C", now, Calibration.VALID),
            Measurement("SMT-01-O2", "o2_ppm", 380.0, "ppm", now, Calibration.VALID),
        ]
    )


class PassedProfiles:
    """Every board passed its reflow profile (the profiler is not what is measured here)."""

    def profile_for(self, board_serial: str) -> ProfileCheck:
        return ProfileCheck("bench", "SAC305 paste window", True, datetime.now(UTC))


def bench_capture(work: Path, captures: int) -> None:
    store = StationStore(work)
    conn = store.reader
    product = demo_line.PRODUCTS[0]
    lots = {
        pn: conn.execute(
            "SELECT id FROM lots WHERE part_number = ? AND status = 'released' AND "
            "expires_on > date('now') AND EXISTS (SELECT 1 FROM certificates c WHERE c.lot_id = lots.id) "
            "ORDER BY id DESC LIMIT 1",
            (pn,),
        ).fetchone()[0]
        for pn in product.pcb_bom
    }
    session = CaptureSession(store, "SMT-01", environment=environment(), profiles=PassedProfiles())
    session.scan("BDG-1002")
    commit_ms: list[float] = []
    unit_ms: list[float] = []
    contents = []
    n = 0
    for i in range(captures):
        t0 = time.perf_counter()
        session.scan(f"PCB-200-B{i:06d}")
        for lot in lots.values():
            session.scan(lot)
        t1 = time.perf_counter()
        committed = session.commit()
        t2 = time.perf_counter()
        commit_ms.append((t2 - t1) * 1000)
        unit_ms.append((t2 - t0) * 1000)
        contents.append(committed.content)
        n += 1
    store.close()
    # Baseline: the same rows (journal row, assembly, components) with a bare sqlite3 insert+commit each.
    bare = connect(work)
    base_ms: list[float] = []
    for content in contents:
        row = journal.seal(content["station"], "assembly-baseline", content, "0" * 64)
        assembly, components = genealogy.assembly_rows({**content, "key": row.key})
        t0 = time.perf_counter()
        bare.execute("BEGIN IMMEDIATE")
        bare.execute(journal.INSERT_SQL, row.as_tuple())
        bare.execute(genealogy.ASSEMBLY_SQL, assembly)
        bare.executemany(genealogy.COMPONENT_SQL, [(row.key, *c[1:]) for c in components])
        bare.execute("COMMIT")
        base_ms.append((time.perf_counter() - t0) * 1000)
    bare.close()
    print(
        f"capture: {n} boards through the capture core at SMT-01, 8 scans each (synchronous=FULL, WAL)"
    )
    print(
        f"  commit (last scan -> record committed): p50 {statistics.median(commit_ms):.2f} ms, "
        f"p99 {percentile(commit_ms, 0.99):.2f} ms"
    )
    print(
        f"  whole board (8 scans + commit):         p50 {statistics.median(unit_ms):.2f} ms, "
        f"p99 {percentile(unit_ms, 0.99):.2f} ms"
    )
    print(
        f"  bare sqlite3 insert+commit, same rows:  p50 {statistics.median(base_ms):.2f} ms, "
        f"p99 {percentile(base_ms, 0.99):.2f} ms"
    )
    print(
        f"  ratio commit/bare: p50 {statistics.median(commit_ms) / statistics.median(base_ms):.2f}, "
        f"p99 {percentile(commit_ms, 0.99) / percentile(base_ms, 0.99):.2f}  (target p99 <= 15 ms, ratio <= 3)"
    )


def bench_trace(path: Path, repeats: int = 15) -> None:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    lot = conn.execute(
        "SELECT component FROM components WHERE part_number = 'IC-MCU-32' "
        "ORDER BY rowid DESC LIMIT 1"
    ).fetchone()[0]
    units = conn.execute("SELECT max(unit_serial) FROM assemblies WHERE step = 'S20'").fetchone()[0]
    back, fwd = [], []
    rows_fwd = 0
    for _ in range(repeats):
        t0 = time.perf_counter()
        rows_back = genealogy.trace_backward(conn, units)
        back.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        rows_fwd = len(genealogy.trace_forward(conn, lot))
        fwd.append((time.perf_counter() - t0) * 1000)
    devices = conn.execute(
        "SELECT count(DISTINCT a.unit_serial) FROM components c JOIN components c2 "
        "ON c2.component = c.unit_serial JOIN assemblies a ON a.record_key = c2.record_key "
        "WHERE c.component = ?",
        (lot,),
    ).fetchone()[0]
    print(
        f"trace backward of {units}: {len(rows_back)} components, median {statistics.median(back):.2f} ms "
        f"(target <= 50 ms)"
    )
    print(
        f"trace forward of lot {lot}: {rows_fwd} rows ({devices} devices through their boards), median "
        f"{statistics.median(fwd):.1f} ms (target <= 500 ms)"
    )
    conn.close()


def bench_verify(path: Path) -> None:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    t0 = time.perf_counter()
    report = journal.verify(conn)
    elapsed = time.perf_counter() - t0
    t0 = time.perf_counter()
    n = sum(1 for _ in conn.execute("SELECT content, hash FROM journal"))
    scan = time.perf_counter() - t0
    print(
        f"verify: {report.rows:,} rows, intact={report.intact}, {elapsed:.1f} s = {report.rows / elapsed:,.0f} "
        f"rows/s (bare read of the same rows: {n / scan:,.0f} rows/s, ratio {elapsed / scan:.1f})"
    )
    conn.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument("--captures", type=int, default=400)
    parser.add_argument("--skip-verify", action="store_true")
    args = parser.parse_args()
    path = database(args.units)
    work = BENCH_DIR / "capture-work.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    print(f"database: {path} ({path.stat().st_size / 1e9:.2f} GB, {args.units:,} units)")
    bench_trace(path)
    if not args.skip_verify:
        bench_verify(path)
    shutil.copy(path, work)
    bench_capture(work, args.captures)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
