"""verify rows/s vs a bare read of the same rows; bytes per journal row; backup vs a file copy.

Usage::

    python benchmarks/bench_verify.py --units 20000          # builds a demo database (reused)
    python benchmarks/bench_verify.py --db station.sqlite    # an existing station database

Prints medians over ``--repeat`` runs: the bare read (SELECT of every journal column, iterated),
the bare read plus ``json.loads`` of each content, ``journal.verify`` (chains, anchors and the
replayed genealogy compared with the tables), the ratios, rows/s; the database's bytes per journal
row (file size / rows); the online backup vs ``shutil.copyfile`` of the same file.
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

    t_bare = median_s(bare, args.repeat)
    t_json = median_s(bare_json, args.repeat)
    t_verify = median_s(full, args.repeat)
    size = path.stat().st_size
    print(f"{path}: {rows:,} journal rows, {size:,} bytes, {size / rows:,.0f} bytes/row")
    print(f"bare read            {t_bare:8.2f} s  {rows / t_bare:12,.0f} rows/s")
    print(f"bare read + json     {t_json:8.2f} s  {rows / t_json:12,.0f} rows/s")
    print(
        f"verify               {t_verify:8.2f} s  {rows / t_verify:12,.0f} rows/s  "
        f"ratio to bare read {t_verify / t_bare:.1f}x"
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
