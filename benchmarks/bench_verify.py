"""verify rows/s vs a bare read of the same rows; bytes per journal row; backup vs a file copy.

Usage::

    python benchmarks/bench_verify.py --units 20000          # builds a demo database (reused)
    python benchmarks/bench_verify.py --db station.sqlite    # an existing station database
    python benchmarks/bench_verify.py --db … --walk          # also the row-by-row walk (slow)

Prints medians over ``--repeat`` runs, the runs of each taking turns so the same load hits all:
the bare read (SELECT of every journal column, iterated), the bare read plus ``json.loads`` of each
content, ``journal.verify`` (chains, anchors, shared parts, the projected tables compared: its
bulk pass), the same in two processes (``processes=2``), with ``--walk`` the exact
row-by-row walk verify falls back to (the verify before the fast path); rows/s and the ratios to
the bare reads; the load average before and after; the database's bytes per journal row (file size
/ rows); the online backup vs ``shutil.copyfile`` of the same file.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from app.capture import demo_line
from app.store import backup, journal
from app.store.database import open_database

BENCH_DIR = Path(os.environ.get("LINESIDE_BENCH_DIR", "/tmp/lineside-bench"))


def database(units: int) -> Path:
    path = BENCH_DIR / f"verify-{units}.sqlite"
    if not path.exists():
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        db = open_database(partial, create=True)
        started = time.perf_counter()
        demo_line.build(db.conn, units)
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
        partial.rename(path)
        print(f"built {units:,} units in {time.perf_counter() - started:.0f} s")
    return path


def median_s(run: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--units", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--walk", action="store_true", help="also the row-by-row walk, once")
    args = parser.parse_args()
    path = args.db or database(args.units)
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    rows = conn.execute("SELECT count(*) FROM journal").fetchone()[0]
    select = (
        "SELECT seq, key, station, kind, recorded_at, corrects, content, prev_hash, hash "
        "FROM journal ORDER BY seq"
    )

    def bare() -> None:
        for _ in conn.execute(select):
            pass

    def bare_json() -> None:
        for r in conn.execute(select):
            json.loads(r[6])

    def full() -> None:
        report = journal.verify(conn)
        assert report.intact, report.problem

    def two_processes() -> None:
        report = journal.verify(conn, processes=2)
        assert report.intact, report.problem

    def walk() -> None:
        report = journal._walk(conn)
        assert report.intact, report.problem

    runs: dict[str, Callable[[], None]] = {
        "bare read": bare,
        "bare read + json": bare_json,
        "verify": full,
        "verify, two processes": two_processes,
    }
    if args.walk:
        runs["walk (before)"] = walk
    load = os.getloadavg()
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(args.repeat):
        for name, run in runs.items():
            if name == "walk (before)" and times[name]:
                continue  # once is enough for the slow walk
            t0 = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - t0)
    size = path.stat().st_size
    print(f"{path}: {rows:,} journal rows, {size:,} bytes, {size / rows:,.0f} bytes/row")
    print(f"load average before {load[0]:.2f} {load[1]:.2f}, after {os.getloadavg()[0]:.2f}")
    t_bare = statistics.median(times["bare read"])
    t_json = statistics.median(times["bare read + json"])
    for name, measured in times.items():
        t = statistics.median(measured)
        print(
            f"{name:22s} {t:8.2f} s  {rows / t:12,.0f} rows/s  ratio to bare read {t / t_bare:5.2f}, "
            f"to bare read + json {t / t_json:5.2f}  ({len(measured)} runs)"
        )
    conn.close()
    with tempfile.TemporaryDirectory(dir=BENCH_DIR if BENCH_DIR.exists() else None) as tmp:
        copies = iter(range(1_000))

        def online() -> None:
            backup.backup(path, Path(tmp) / f"b{next(copies)}.sqlite")

        def plain() -> None:
            shutil.copyfile(path, Path(tmp) / f"c{next(copies)}.sqlite")

        t_copy = median_s(plain, args.repeat)
        t_backup = median_s(online, args.repeat)
    print(
        f"backup (online API)  {t_backup:8.2f} s  file copy {t_copy:.2f} s  "
        f"ratio {t_backup / t_copy:.1f}x"
    )


if __name__ == "__main__":
    main()
