"""Sync throughput vs a bare COPY, draining a busy week, and plant-wide trace over 20 stations.

Usage: python benchmarks/bench_sync.py [--rows 100000] [--week-units 21000] [--trace-units 1000000]

Needs the PostgreSQL server on 127.0.0.1:5432 (trust auth); each part works in its own new
database, dropped at the end.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg

from app.capture import demo_line
from app.store.database import open_database
from app.store.station_store import StationStore
from app.sync import plant, push, trace
from app.sync.credentials import connect

BENCH_DIR = Path(os.environ.get("LINESIDE_BENCH_DIR", "/tmp/lineside-bench"))
SERVER = "host=127.0.0.1 port=5432 user=postgres"


def station_db(units: int) -> Path:
    """A demo station database of ``units`` units, built once and copied per run."""
    path = BENCH_DIR / f"station-{units}.sqlite"
    if not path.exists():
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        db = open_database(path, create=True)
        demo_line.build(db.conn, units)
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
        print(f"  built {units:,} units in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    copy = BENCH_DIR / f"run-{units}.sqlite"
    shutil.copy(path, copy)
    return copy


@contextmanager
def plant_db() -> Iterator[str]:
    """A new plant database with the schema; dropped (with its roles) afterwards."""
    name = f"lineside_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{SERVER} dbname=test", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        dsn = f"{SERVER} dbname={name}"
        try:
            with psycopg.connect(dsn, autocommit=True) as conn:
                plant.init(conn)
            yield dsn
        finally:
            with psycopg.connect(dsn, autocommit=True) as conn:
                plant.drop_roles(conn)
                gateway = conn.execute("SELECT current_database() || '_gateway'").fetchone()
                assert gateway is not None
                conn.execute(f'DROP ROLE IF EXISTS "{gateway[0]}"')
            admin.execute(f'DROP DATABASE "{name}"')


def gateway_dsn(dsn: str, stations: list[str]) -> str:
    """A least-privilege login role for the demo line's stations (a line gateway)."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        row = conn.execute("SELECT current_database() || '_gateway'").fetchone()
        assert row is not None
        gateway = row[0]
        conn.execute(f'CREATE ROLE "{gateway}" LOGIN')
        for station in stations:
            conn.execute(f'GRANT "{plant.add_station(conn, station)}" TO "{gateway}"')
    return dsn.replace("user=postgres", f"user={gateway}")


CHUNK_BATCHES = 2  # bare COPY and sync take turns per 10,000 rows: the same load hits both


def backend_cpu(pg: psycopg.Connection[Any]) -> Callable[[], float | None]:
    """The CPU seconds a connection's server process has used so far (None: not readable here).

    Read from /proc when PostgreSQL runs on this machine: the load of other jobs disturbs it far
    less than wall time.
    """
    row = pg.execute("SELECT pg_backend_pid()").fetchone()
    assert row is not None
    stat = Path(f"/proc/{row[0]}/stat")

    def used() -> float | None:
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    return used


def bare_chunk(reader: StationStore, pg: psycopg.Connection[Any], after: int) -> tuple[int, int]:
    """COPY of the next chunk of journal rows, read the same way, into a plain table: the floor."""
    n, last = 0, after
    for _ in range(CHUNK_BATCHES):
        rows = reader.reader.execute(push.SELECT_UNSENT, (last, push.BATCH_ROWS)).fetchall()
        if not rows:
            break
        with (
            pg.transaction(),
            pg.cursor().copy(f"COPY bare ({', '.join(push.COLUMNS)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        n += len(rows)
        last = rows[-1][2]
    return n, last


def throughput(rows: int) -> None:
    """Sync rows/s for a ``rows`` backlog and the ratio to a bare COPY of the same rows."""
    path = station_db(rows // 2)
    with plant_db() as dsn:
        role = gateway_dsn(dsn, [s[0] for s in demo_line.STATIONS])
        store = StationStore(path)
        bare_s = sync_s = 0.0
        bare_cpu = sync_cpu = 0.0
        ratios = []
        total = after = 0
        try:
            with (
                psycopg.connect(dsn, autocommit=True) as admin,
                connect(role, autocommit=True) as pg,
            ):
                admin.execute(
                    "CREATE TABLE bare (key uuid, station text, seq bigint, kind text, recorded_at "
                    "timestamptz, corrects uuid, content text, prev_hash text, hash text)"
                )
                admin_cpu, station_cpu = backend_cpu(admin), backend_cpu(pg)
                while True:
                    c0 = admin_cpu()
                    t0 = time.perf_counter()
                    n, after = bare_chunk(store, admin, after)
                    t1 = time.perf_counter()
                    c1, c2 = admin_cpu(), station_cpu()
                    if n == 0:
                        break
                    done = [0]

                    def count(_sent: int, _left: int, done: list[int] = done) -> None:
                        done[0] += 1

                    report = push.push(
                        store,
                        pg,
                        on_batch=count,
                        stop=lambda done=done: done[0] >= CHUNK_BATCHES,  # type: ignore[misc]
                    )
                    t2 = time.perf_counter()
                    c3 = station_cpu()
                    if c0 is not None and c1 is not None and c2 is not None and c3 is not None:
                        bare_cpu += c1 - c0
                        sync_cpu += c3 - c2
                    assert report.inserted == n, (report.inserted, n)
                    total += n
                    bare_s += t1 - t0
                    sync_s += t2 - t1
                    ratios.append((t2 - t1) / (t1 - t0))
                storage(admin, total)
        finally:
            store.close()
    print(
        f"sync throughput: {total:,} rows backlog pushed by a least-privilege station role in "
        f"{sync_s:.1f} s = {total / sync_s:,.0f} rows/s; bare COPY of the same rows {bare_s:.1f} s "
        f"= {total / bare_s:,.0f} rows/s; ratio {sync_s / bare_s:.2f} (target <= 2; per 10,000-row "
        f"chunk median {statistics.median(ratios):.2f}, range {min(ratios):.2f}-{max(ratios):.2f}); "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    if bare_cpu > 0:
        print(
            f"PostgreSQL CPU: sync {sync_cpu:.1f} s ({sync_cpu / total * 1e6:,.0f} us per row), bare "
            f"COPY {bare_cpu:.1f} s ({bare_cpu / total * 1e6:,.0f} us per row): ratio "
            f"{sync_cpu / bare_cpu:.2f}"
        )
    path.unlink()


STORAGE_SQL = """
SELECT c.relname, pg_total_relation_size(c.oid)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'r' AND (n.nspname = 'plant' OR (n.nspname = 'public' AND c.relname = 'bare'))
"""


def storage(admin: psycopg.Connection[Any], rows: int) -> None:
    """Plant bytes per journal row (table, TOAST and indexes), against the bare table's."""
    admin.execute("VACUUM ANALYZE")
    sizes = dict(admin.execute(STORAGE_SQL).fetchall())
    bare = sizes.pop("bare")
    plant_total = sum(sizes.values())
    parts = ", ".join(
        f"{name} {size / rows:,.0f}"
        for name, size in sorted(sizes.items(), key=lambda kv: -kv[1])
        if size >= 1_000_000
    )
    print(
        f"plant storage: {plant_total / rows:,.0f} bytes per journal row ({parts}); the bare table "
        f"of the same rows {bare / rows:,.0f} bytes per row: ratio {plant_total / bare:.2f}"
    )


def synced(path: Path, dsn: str) -> push.PushReport:
    """One full push of the station's backlog."""
    store = StationStore(path)
    try:
        with connect(dsn, autocommit=True) as pg:
            return push.push(store, pg)
    finally:
        store.close()


def busy_week(units: int) -> None:
    """Time for one busy week's backlog (3,000 units a day over three stations) to drain."""
    path = station_db(units)
    with plant_db() as dsn:
        role = gateway_dsn(dsn, [s[0] for s in demo_line.STATIONS])
        report = synced(path, role)
    print(
        f"busy week drain: {units:,} units = {report.sent:,} journal rows in {report.batches} batches "
        f"drained in {report.seconds:.1f} s ({report.sent / report.seconds:,.0f} rows/s)"
    )
    path.unlink()


PLANT_SQL = """
SET session_replication_role = replica;
DROP INDEX plant.components_component, plant.components_unit, plant.assemblies_unit,
           plant.assemblies_time;
INSERT INTO plant.suppliers VALUES ('SUP-1', 'Bench Supplier', 'NL');
INSERT INTO plant.parts SELECT 'MAT-' || m, 'material ' || m, 'material', '3.1', NULL, 'pcs'
  FROM generate_series(0, 14) m;
INSERT INTO plant.lots SELECT 'ML-' || m || '-' || l, 'MAT-' || m, 'SUP-1', 'S' || m || l, 'released',
  '2026-01-01', '2028-01-01', 10000 FROM generate_series(0, 14) m, generate_series(0, %(lots)s) l;
INSERT INTO plant.certificates SELECT 'CERT-' || id, id, '3.1', 1, '2026-01-01', '2028-01-01', 'x',
  id || '.pdf', 'SUP-1' FROM plant.lots;
INSERT INTO plant.assemblies
SELECT md5('p' || u)::uuid, 'PCB-' || u, NULL, 'IP-200', 'WO-1', 'S10', 'SMT-' || lpad((u %% 10)::text, 2, '0'),
       'L' || (u %% 10), 'BDG-1', 'Bench Operator', to_char(timestamp '2026-01-01' + u * interval '3 s',
       'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'accepted', '[]'::jsonb
FROM generate_series(1, %(units)s) u
UNION ALL
SELECT md5('f' || u)::uuid, 'SN-' || u, '08714729000013', 'IP-200', 'WO-1', 'S20', 'FA-' || lpad((u %% 10)::text, 2, '0'),
       'L' || (u %% 10), 'BDG-2', 'Bench Operator', to_char(timestamp '2026-01-01' + u * interval '3 s' + interval '25 min',
       'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'accepted', '[]'::jsonb
FROM generate_series(1, %(units)s) u;
INSERT INTO plant.components
SELECT md5('p' || u)::uuid, 'PCB-' || u, 'ML-' || m || '-' || (u / 10000), 'lot', 'MAT-' || m, 1,
       'CERT-ML-' || m || '-' || (u / 10000), '3.1', 1
FROM generate_series(1, %(units)s) u, generate_series(0, 6) m
UNION ALL
SELECT md5('f' || u)::uuid, 'SN-' || u, 'PCB-' || u, 'unit', 'PCBA-200', 1, NULL, NULL, NULL
FROM generate_series(1, %(units)s) u
UNION ALL
SELECT md5('f' || u)::uuid, 'SN-' || u, 'ML-' || m || '-' || (u / 10000), 'lot', 'MAT-' || m, 1,
       'CERT-ML-' || m || '-' || (u / 10000), '3.1', 1
FROM generate_series(1, %(units)s) u, generate_series(7, 14) m;
CREATE INDEX components_component ON plant.components (component, unit_serial);
CREATE INDEX components_unit ON plant.components (unit_serial);
CREATE INDEX assemblies_unit ON plant.assemblies (unit_serial);
CREATE INDEX assemblies_time ON plant.assemblies (recorded_at);
SET session_replication_role = origin;
"""


def plant_trace(units: int) -> None:
    """Forward and backward plant-wide traces over 20 stations' genealogy of ``units`` units."""
    with plant_db() as dsn, psycopg.connect(dsn, autocommit=True) as pg:
        started = time.perf_counter()
        pg.execute(
            PLANT_SQL.replace("%%", "%")
            .replace("%(lots)s", str(units // 10000 + 1))
            .replace("%(units)s", str(units))
            .encode()
        )
        pg.execute("VACUUM ANALYZE")  # what autovacuum does to a plant database soon after a load
        counts = pg.execute(
            "SELECT (SELECT count(*) FROM plant.assemblies), (SELECT count(*) FROM plant.components), "
            "(SELECT count(DISTINCT station) FROM plant.assemblies)"
        ).fetchone()
        assert counts is not None
        print(
            f"  plant genealogy of {units:,} units: {counts[0]:,} assemblies, {counts[1]:,} components, "
            f"{counts[2]} stations, built in {time.perf_counter() - started:.0f} s",
            file=sys.stderr,
        )

        def timed(lot: str | None, unit: str | None) -> tuple[float, int]:
            t0 = time.perf_counter()
            _, rows = trace.trace_rows(pg, lot, unit)
            return time.perf_counter() - t0, len(rows)

        backward = [timed(None, f"SN-{u}") for u in range(units // 7, units, units // 21)][:20]
        forward = [timed(f"ML-10-{k}", None) for k in range(1, 6)]
        deep = [timed(f"ML-0-{k}", None) for k in range(1, 4)]
    print(
        f"plant-wide trace over 20 stations, {units:,} units: backward unit -> components "
        f"median {statistics.median(t for t, _ in backward) * 1000:.1f} ms ({backward[0][1]} rows); "
        f"forward lot -> devices median {statistics.median(t for t, _ in forward) * 1000:.0f} ms "
        f"({forward[0][1]:,} units); forward board-material lot -> boards -> devices median "
        f"{statistics.median(t for t, _ in deep) * 1000:.0f} ms ({deep[0][1]:,} rows)"
    )


def main(argv: list[str] | None = None) -> int:
    """Runs the three measurements."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--week-units", type=int, default=21_000)
    parser.add_argument("--trace-units", type=int, default=1_000_000)
    parser.add_argument("--only", choices=["throughput", "week", "trace"])
    args = parser.parse_args(argv)
    if args.only in (None, "throughput"):
        throughput(args.rows)
    if args.only in (None, "week"):
        busy_week(args.week_units)
    if args.only in (None, "trace"):
        plant_trace(args.trace_units)
    return 0


if __name__ == "__main__":
    sys.exit(main())
