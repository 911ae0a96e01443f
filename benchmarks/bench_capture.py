"""Capture latency (10,000 vs 1,000,000 units), trace time and verify throughput on a station database.

Usage: python benchmarks/bench_capture.py [--units 10000 1000000] [--captures 400] [--rounds 4]

A database of N units is taken from $LINESIDE_BENCH_DIR/station-N.sqlite (built with the demo line
if absent; a `lineside demo-data` database may be linked there).
"""

from __future__ import annotations

import argparse
import os
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


def capture_round(
    work: Path, first: int, captures: int
) -> tuple[list[float], list[float], list[dict]]:
    """`captures` boards through the capture core at SMT-01; serials from `first` on."""
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
    for i in range(first, first + captures):
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
    store.close()
    return commit_ms, unit_ms, contents


def bare_commits(work: Path, contents: list[dict]) -> list[float]:
    """Baseline: the same rows (journal row, assembly, components), a bare sqlite3 insert+commit each."""
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
    return base_ms


def bench_capture(works: dict[int, Path], captures: int, rounds: int) -> None:
    """Capture at every database size, in interleaved rounds so the machine's load falls on each alike."""
    commit: dict[int, list[float]] = {u: [] for u in works}
    whole: dict[int, list[float]] = {u: [] for u in works}
    bare: dict[int, list[float]] = {u: [] for u in works}
    per_round = max(1, captures // rounds)
    for r in range(rounds):
        for units, work in works.items():
            c, w, contents = capture_round(work, r * per_round, per_round)
            commit[units] += c
            whole[units] += w
            bare[units] += bare_commits(work, contents)
    print(
        f"capture: {per_round * rounds} boards per database through the capture core at SMT-01, "
        f"8 scans each (synchronous=FULL, WAL), {rounds} interleaved rounds"
    )
    for units in works:
        c, w, b = commit[units], whole[units], bare[units]
        print(
            f"  {units:>9,} units: commit (last scan -> record committed) p50 {statistics.median(c):.2f} ms, "
            f"p99 {percentile(c, 0.99):.2f} ms; whole board p50 {statistics.median(w):.2f} ms, "
            f"p99 {percentile(w, 0.99):.2f} ms"
        )
        print(
            f"  {'':>9}        bare sqlite3 insert+commit, same rows: p50 {statistics.median(b):.2f} ms, "
            f"p99 {percentile(b, 0.99):.2f} ms; ratio commit/bare p50 "
            f"{statistics.median(c) / statistics.median(b):.2f}, p99 {percentile(c, 0.99) / percentile(b, 0.99):.2f} "
            f"(target p99 <= 15 ms, ratio <= 3)"
        )
    sizes = sorted(works)
    if len(sizes) > 1:
        small, big = sizes[0], sizes[-1]
        print(
            f"  {big:,} vs {small:,} units: commit p50 ratio "
            f"{statistics.median(commit[big]) / statistics.median(commit[small]):.2f}, p99 ratio "
            f"{percentile(commit[big], 0.99) / percentile(commit[small], 0.99):.2f} (target p99 ratio <= 1.3); "
            f"bare p99 ratio {percentile(bare[big], 0.99) / percentile(bare[small], 0.99):.2f}"
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
    parser.add_argument(
        "--units",
        type=int,
        nargs="+",
        default=[10_000, 1_000_000],
        help="database sizes to capture into (interleaved); trace and verify run on the largest",
    )
    parser.add_argument("--captures", type=int, default=400, help="boards per database")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--skip-verify", action="store_true")
    parser.add_argument("--skip-trace", action="store_true")
    args = parser.parse_args()
    paths = {units: database(units) for units in sorted(args.units)}
    largest = paths[max(paths)]
    for units, path in paths.items():
        print(f"database: {path} ({path.stat().st_size / 1e9:.2f} GB, {units:,} units)")
    if not args.skip_trace:
        bench_trace(largest)
    if not args.skip_verify:
        bench_verify(largest)
    works = {}
    for units, path in paths.items():
        work = BENCH_DIR / f"capture-work-{units}.sqlite"
        remove(work)
        copy_database(path, work)
        works[units] = work
    try:
        bench_capture(works, args.captures, args.rounds)
    finally:
        for work in works.values():
            remove(work)


def remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy (the source may have a WAL beside it)."""
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    src.backup(dst)
    dst.close()
    src.close()


if __name__ == "__main__":
    main()
