"""The supervisor's search (serial, UDI, lot, operator, date range; refusals) vs the shift log's
first page on the same station database.

Usage::

    python benchmarks/bench_search.py --db station.sqlite          # an existing demo database
    python benchmarks/bench_search.py --units 100000               # builds one in a temp folder

Prints the median (ms) of each search and its ratio to ``shift_log_page`` (the first page of
the newest shift), measured in the same run, and the index each search reads (query plan).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from app.capture import demo_line, search, shift_log
from app.capture.search import RecordSearch, SearchBy
from app.capture.shift_log import LogFilter
from app.capture.shifts import recent_shifts
from app.domain.clock import parse_iso
from app.store.database import open_database
from app.store.station_store import StationStore


def build(path: Path, units: int) -> None:
    db = open_database(path, create=True)
    started = time.perf_counter()
    demo_line.build(db.conn, units)
    db.close()
    print(f"built {units:,} units in {time.perf_counter() - started:.0f} s")


def median_ms(run: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path)
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    path = args.db
    if path is None:
        path = Path(tempfile.mkdtemp(prefix="bench-search-")) / "station.sqlite"
        build(path, args.units)
    store = StationStore(path)
    conn = store.reader
    total = conn.execute("SELECT count(*) FROM assemblies").fetchone()[0]
    print(f"{path}: {total:,} records")
    serial, di, key, at = conn.execute(
        "SELECT unit_serial, di, record_key, recorded_at FROM assemblies WHERE di IS NOT NULL "
        "ORDER BY rowid LIMIT 1 OFFSET ?",
        (total // 3,),
    ).fetchone()
    lot = conn.execute(
        "SELECT component FROM components WHERE record_key = ? AND kind = 'lot' LIMIT 1", (key,)
    ).fetchone()[0]
    operator = conn.execute("SELECT name FROM users WHERE role = 'operator' LIMIT 1").fetchone()[0]
    moment = parse_iso(at)
    day = (moment - timedelta(hours=12), moment + timedelta(hours=12))
    shift = recent_shifts(conn, 1)[0]
    baseline = median_ms(
        lambda: shift_log.shift_log_page(conn, LogFilter(shift=shift, descending=True)),
        args.repeat,
    )
    print(f"{'shift log, first page (baseline)':44} {baseline:8.2f} ms   1.00×")
    cases: list[tuple[str, RecordSearch]] = [
        ("serial", RecordSearch(SearchBy.SERIAL, serial)),
        ("UDI", RecordSearch(SearchBy.UDI, f"(01){di}(21){serial}")),
        ("lot (every record that used it)", RecordSearch(SearchBy.LOT, lot)),
        ("operator, first 500", RecordSearch(SearchBy.OPERATOR, operator)),
        ("operator within a day", RecordSearch(SearchBy.OPERATOR, operator, *day)),
        ("date range only (a day), first 500", RecordSearch(None, "", *day)),
    ]
    for name, query in cases:
        found = search.search_records(conn, query)
        value = median_ms(lambda q=query: search.search_records(conn, q), args.repeat)
        print(
            f"{name:44} {value:8.2f} ms {value / baseline:6.2f}×   {len(found.rows):>4} rows"
            + (" (more)" if found.more else "")
        )
    refusals = median_ms(lambda: search.refusals(conn, *day), args.repeat)
    print(f"{'refusals within a day':44} {refusals:8.2f} ms {refusals / baseline:6.2f}×")
    store.close()


if __name__ == "__main__":
    main()
