"""`demo-data` through the capture rules: units/s per batch and memory, vs a bare insert of its rows.

Usage::

    python benchmarks/bench_demo.py --units 20000
    python benchmarks/bench_demo.py --units 100000 --keep   # keeps the database in the bench dir

Builds the demo line in a fresh database in this process (the same ``demo_line.build`` that
``lineside demo-data`` runs), timing each batch of :data:`demo_line.BATCH_UNITS` units and reading
the process's resident memory after it. The baseline, measured in the same run: the rows the build
wrote (journal, shared parts, assemblies, components, supersessions) copied in the same order into a
fresh station database by bare ``executemany`` inserts, committed every batch's worth of rows, so
the same tables and indexes are maintained. Prints the median batch rate, the set-up (master data,
receiving, password hashing: a fixed cost), RSS now and at peak, and the ratio of the build's time
per unit to the bare insert's.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from app.capture import demo_line
from app.store.database import open_database

BENCH_DIR = Path(os.environ.get("LINESIDE_BENCH_DIR", "/tmp/lineside-bench"))
TABLES = ("shared_parts", "journal", "assemblies", "components", "supersessions")


def memory_mb(field: str) -> float:
    """``VmRSS`` or ``VmHWM`` of this process in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def build(path: Path, units: int) -> tuple[float, list[tuple[int, float, float]]]:
    """Builds ``units`` units; the total time and (units, seconds, RSS MB) per batch."""
    db = open_database(path, create=True)
    started = time.perf_counter()
    batches: list[tuple[int, float, float]] = []
    last = [started, 0]

    def progress(done: int) -> None:
        now = time.perf_counter()
        batches.append((done - int(last[1]), now - last[0], memory_mb("VmRSS")))
        last[0], last[1] = now, done

    demo_line.build(db.conn, units, progress=progress)
    total = time.perf_counter() - started
    db.close()
    return total, batches


def bare(source: Path, target: Path, per_commit: int) -> tuple[float, int]:
    """Copies the built rows into a fresh station database with bare inserts: (seconds, rows)."""
    db = open_database(target, create=True)
    conn = db.conn
    conn.execute("ATTACH DATABASE ? AS built", (str(source),))
    rows = {  # in the order written (shared_parts has no rowid: any order)
        t: conn.execute(
            f"SELECT * FROM built.{t}" + ("" if t == "shared_parts" else " ORDER BY rowid")
        ).fetchall()
        for t in TABLES
    }
    conn.execute("DETACH DATABASE built")
    # Master data is not part of the per-unit cost: the journal rows refer to nothing checked.
    conn.execute("PRAGMA foreign_keys=OFF")
    columns = {t: len(rows[t][0]) if rows[t] else 0 for t in TABLES}
    started = time.perf_counter()
    count = 0
    for table in TABLES:
        if not rows[table]:
            continue
        sql = f"INSERT INTO {table} VALUES ({', '.join('?' * columns[table])})"
        for i in range(0, len(rows[table]), per_commit):
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(sql, rows[table][i : i + per_commit])
            conn.execute("COMMIT")
            count += len(rows[table][i : i + per_commit])
    elapsed = time.perf_counter() - started
    db.close()
    return elapsed, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=20_000)
    parser.add_argument("--keep", action="store_true", help="keep the built database")
    args = parser.parse_args()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=BENCH_DIR) as tmp:
        path = Path(tmp) / f"demo-{args.units}.sqlite"
        load_before = os.getloadavg()[0]
        total, batches = build(path, args.units)
        peak = memory_mb("VmHWM")  # before the baseline reads every row into memory
        rates = [n / s for n, s, _rss in batches[1:] if n and s > 0]  # the first holds the set-up
        median = statistics.median(rates) if rates else batches[0][0] / batches[0][1]
        setup = batches[0][1] - batches[0][0] / median
        journal_rows = sum(
            1 for _ in open_database(path, readonly=True).conn.execute("SELECT 1 FROM journal")
        )
        per_commit = max(1, journal_rows * demo_line.BATCH_UNITS // max(args.units, 1))
        bare_s, bare_rows = bare(path, Path(tmp) / "bare.sqlite", per_commit)
        load_after = os.getloadavg()[0]
        print(
            f"demo-data {args.units:,} units ({journal_rows:,} journal rows): {total:.1f} s, "
            f"{args.units / total:,.0f} units/s overall; batches median {median:,.0f} units/s "
            f"(min {min(rates, default=median):,.0f}, max {max(rates, default=median):,.0f}); "
            f"set-up {setup:.1f} s"
        )
        print(
            "    RSS after each batch (MB): "
            + ", ".join(f"{rss:.0f}" for _n, _s, rss in batches[:: max(1, len(batches) // 10)])
            + f"; peak {peak:.0f} MB"
        )
        per_unit = (total - setup) / max(args.units, 1)
        bare_per_unit = bare_s / max(args.units, 1)
        print(
            f"bare inserts of the same {bare_rows:,} rows (tables and indexes): {bare_s:.1f} s = "
            f"{args.units / bare_s:,.0f} units/s; ratio build/bare per unit "
            f"{per_unit / bare_per_unit:.1f}"
        )
        print(f"load average {load_before:.1f} before, {load_after:.1f} after")
        if args.keep:
            kept = BENCH_DIR / path.name
            path.rename(kept)
            print(f"kept {kept}")


if __name__ == "__main__":
    main()
