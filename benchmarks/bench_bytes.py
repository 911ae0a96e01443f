"""Bytes per journal row on disk: the demo line with shared parts vs the same rows in the old form.

Usage::

    python benchmarks/bench_bytes.py --units 100000       # builds both databases (reused)
    python benchmarks/bench_bytes.py --db station.sqlite  # one existing station database

Builds the demo line twice with the same seed: once as the station writes it (shared parts cut
out) and once in the old record form (every record stating its parts in full, as before), then
prints for each the file size per journal row and the bytes per journal row of each table and
index (SQLite's dbstat), the mean stored content per row, and the ratio of the two files.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import time
from datetime import datetime
from pathlib import Path

from app.capture import demo_line
from app.domain import parts
from app.store.database import open_database

BENCH_DIR = Path(os.environ.get("LINESIDE_BENCH_DIR", "/tmp/lineside-bench"))
START = "2026-01-05T06:00:00+00:00"


def database(units: int, *, cut: bool) -> Path:
    """The demo database of ``units`` units, with shared parts or (``cut=False``) without."""
    path = BENCH_DIR / f"bytes-{units}-{'parts' if cut else 'old-form'}.sqlite"
    if path.exists():
        return path
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    kinds = parts.KINDS
    parts.KINDS = kinds if cut else frozenset()
    try:
        db = open_database(partial, create=True)
        started = time.perf_counter()
        demo_line.build(db.conn, units, start=datetime.fromisoformat(START))
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
    finally:
        parts.KINDS = kinds
    partial.rename(path)
    print(f"built {path.name}: {units:,} units in {time.perf_counter() - started:.0f} s")
    return path


def report(path: Path) -> int:
    """Prints the file's bytes per journal row and the share of each table; returns the file size."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    rows = conn.execute("SELECT count(*) FROM journal").fetchone()[0]
    content = conn.execute("SELECT avg(length(CAST(content AS BLOB))) FROM journal").fetchone()[0]
    has_parts = (
        conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'shared_parts'").fetchone()
        is not None
    )
    stored_parts = (
        conn.execute("SELECT count(*) FROM shared_parts").fetchone()[0] if has_parts else 0
    )
    size = path.stat().st_size
    print(
        f"{path.name}: {rows:,} journal rows, {size:,} bytes = {size / rows:,.0f} bytes/row; "
        f"content {content:,.0f} bytes/row; {stored_parts:,} shared parts"
    )
    tables = conn.execute(
        "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 8"
    ).fetchall()
    print("    " + ", ".join(f"{name} {total / rows:,.0f}" for name, total in tables))
    conn.close()
    return size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--units", type=int, default=100_000)
    args = parser.parse_args()
    if args.db:
        report(args.db)
        return
    old = report(database(args.units, cut=False))
    new = report(database(args.units, cut=True))
    print(f"with shared parts / old form: {new / old:.2f}")


if __name__ == "__main__":
    main()
