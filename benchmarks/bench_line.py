"""A line of station PCs: commit-to-usable latency, WIP pull and catch-up, plant-wide check cost.

Usage: python benchmarks/bench_line.py [--boards 40] [--day-units 2000] [--stations 4] [--commits 40]

A station database made from the demo master data holds one lot of 50 pcs per material (lot
balance): up to 50 boards or commits per run.

Needs the PostgreSQL server on 127.0.0.1:5432 (trust auth); works in its own new database,
dropped at the end (with its roles).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import psycopg

from app.capture import demo_line
from app.capture.stored_profiles import StoredProfiles
from app.cli.line import CHANNELS, FINAL, SMT, LineStation, init_from_plant
from app.domain.clock import utc_now
from app.domain.profile import ThermalProfile
from app.domain.profile_specs import SAC305_PASTE
from app.store.database import open_database
from app.store.station_store import StationStore
from app.sync import line, plant
from app.sync.credentials import connect
from drivers.simulators.profiler import reflow_curves

SERVER = "host=127.0.0.1 port=5432 user=postgres"
ROOT = Path(__file__).resolve().parents[1]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def bare_visibility(dsn: str, repeats: int) -> list[float]:
    """Baseline: one connection commits a row, another polling every 5 ms sees it (seconds)."""
    with psycopg.connect(dsn, autocommit=True) as a, psycopg.connect(dsn, autocommit=True) as b:
        a.execute("CREATE TABLE bare_seen (n integer)")
        seen = []
        for n in range(repeats):
            started = time.time()
            a.execute("INSERT INTO bare_seen VALUES (%s)", (n,))
            while not b.execute("SELECT 1 FROM bare_seen WHERE n = %s", (n,)).fetchone():
                time.sleep(0.005)
            seen.append(time.time() - started)
        a.execute("DROP TABLE bare_seen")
    return seen


def station_cmd(
    folder: Path, station: str, dsn: str, badge: str, make: str, units: int
) -> list[str]:
    return [
        sys.executable, "-m", "app.cli.line", "--db", str(folder / f"{station}.sqlite"),
        "--station", station, "--dsn", dsn, "--badge", badge, "--make", make,
        "--units", str(units), "--prefix", "B", "--interval", "1",
    ]  # fmt: skip


def latency(folder: Path, dsns: dict[str, str], boards: int) -> list[float]:
    """SMT and final assembly as two processes: board committed at SMT -> usable at FA (s)."""
    smt = subprocess.Popen(
        station_cmd(folder, SMT, dsns[SMT], "BDG-1002", "boards", boards),
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    fa = subprocess.Popen(
        station_cmd(folder, FINAL, dsns[FINAL], "BDG-1001", "devices", boards),
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    made = {p[1]: float(p[3]) for p in (ln.split() for ln in smt.communicate()[0].splitlines())}
    usable = {p[2]: float(p[3]) for p in (ln.split() for ln in fa.communicate()[0].splitlines())}
    return [usable[b] - made[b] for b in made if b in usable]


def fill_day(pg: psycopg.Connection[Any], stations: int, units: int) -> int:
    """A day of the line's work in progress: per station ``units`` units (board or device rows)."""
    with pg.transaction():
        pg.execute("LOCK TABLE plant.wip IN SHARE ROW EXCLUSIVE MODE")
        for s in range(stations):
            pg.execute(
                "INSERT INTO plant.wip (line, kind, serial, record_key, station, detail) "
                "SELECT 'L1', 'unit', 'SN-' || %s || '-' || n, gen_random_uuid(), %s, "
                "jsonb_build_object('di', '0761234567890', 'product', 'IP-200', 'step', 'S20', "
                "'status', 'accepted', 'recorded_at', now()::text, 'confirmed', true) "
                "FROM generate_series(1, %s) n",
                (s, f"ST-{s}", units),
            )
            pg.execute(
                "INSERT INTO plant.wip (line, kind, serial, record_key, station, detail) "
                "SELECT 'L1', 'consumed', 'PCB-' || %s || '-' || n, gen_random_uuid(), %s, "
                "jsonb_build_object('parent', 'SN-' || %s || '-' || n) FROM generate_series(1, %s) n",
                (s, f"ST-{s}", s, units),
            )
    row = pg.execute("SELECT count(*) FROM plant.wip").fetchone()
    assert row is not None
    return int(row[0])


def commit_cost(
    folder: Path, dsns: dict[str, str], commits: int
) -> tuple[list[float], list[float]]:
    """Seconds per SMT commit with the plant-wide check (claim) and without (no plant)."""
    with_check, without = [], []
    for label, dsn, out in (("a", dsns[SMT], with_check), ("b", None, without)):
        path = folder / f"cost-{label}.sqlite"
        init_from_plant(path, SMT, dsns[SMT])
        station = LineStation(path, SMT, dsn, "BDG-1002", background=False)
        try:
            for n in range(commits):
                board = f"PCB-200-9{1 if label == 'a' else 2}{n:04d}"
                t, y = reflow_curves(seed=n)
                StoredProfiles(station.store, SMT).record(
                    ThermalProfile(CHANNELS, t, y, utc_now()), SAC305_PASTE, boards=[board]
                )
                station.session.scan(board)
                for lot in station.lots.values():
                    station.session.scan(lot)
                started = time.perf_counter()
                station.session.commit()
                out.append(time.perf_counter() - started)
        finally:
            station.close()
    return with_check, without


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--boards", type=int, default=40)
    parser.add_argument("--day-units", type=int, default=2000)
    parser.add_argument("--stations", type=int, default=4)
    parser.add_argument("--commits", type=int, default=40)
    args = parser.parse_args()
    name = f"lineside_bench_line_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(f"{SERVER} dbname=test", autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')
    dsn = f"{SERVER} dbname={name}"
    try:
        with tempfile.TemporaryDirectory(prefix="lineside-bench-line-") as scratch:
            folder = Path(scratch)
            master = open_database(folder / "master.sqlite", create=True)
            demo_line.build(master.conn, 0)
            dsns = {}
            with psycopg.connect(dsn, autocommit=True) as pg:
                plant.init(pg)
                plant.load_master_data(pg, master.conn)
                for station in (SMT, FINAL):
                    dsns[station] = dsn.replace(
                        "user=postgres", f"user={plant.add_station(pg, station)}"
                    )
            master.close()
            for station in (SMT, FINAL):
                init_from_plant(folder / f"{station}.sqlite", station, dsns[station])

            bare = bare_visibility(dsn, args.boards)
            seen = latency(folder, dsns, args.boards)
            print(
                f"commit on {SMT} -> board usable on {FINAL} (two processes, {len(seen)} boards): "
                f"median {statistics.median(seen) * 1000:.0f} ms, p99 {pct(seen, 0.99) * 1000:.0f} ms; "
                f"bare row visible to a polling connection: median {statistics.median(bare) * 1000:.1f} ms "
                f"(ratio {statistics.median(seen) / statistics.median(bare):.0f}x)"
            )

            with_check, without = commit_cost(folder, dsns, args.commits)
            print(
                f"SMT commit with the plant-wide check: median {statistics.median(with_check) * 1000:.1f} ms, "
                f"p99 {pct(with_check, 0.99) * 1000:.1f} ms; without (no plant): median "
                f"{statistics.median(without) * 1000:.1f} ms; ratio "
                f"{statistics.median(with_check) / statistics.median(without):.2f}"
            )

            with psycopg.connect(dsn, autocommit=True) as pg:
                total = fill_day(pg, args.stations, args.day_units)
                started = time.perf_counter()
                rows = pg.execute("SELECT * FROM plant.wip").fetchall()
                bare_fetch = time.perf_counter() - started
            fresh = folder / "catch-up.sqlite"
            init_from_plant(fresh, FINAL, dsns[FINAL])  # pulls everything (the catch-up)
            store = StationStore(fresh)
            store.write(lambda c: c.execute("DELETE FROM line_wip"))
            store.write(lambda c: c.execute("UPDATE line_wip_cursor SET id = 0"))
            with connect(dsns[FINAL], autocommit=True) as pg:
                report = line.pull_wip(store, pg)
            store.close()
            print(
                f"catch-up after a day offline ({args.stations} stations x {args.day_units:,} units, "
                f"{total:,} work-in-progress rows): {report.rows:,} rows in {report.seconds:.2f} s "
                f"({report.rows / report.seconds:,.0f} rows/s); bare SELECT of the same rows "
                f"{bare_fetch:.2f} s ({len(rows) / bare_fetch:,.0f} rows/s; ratio "
                f"{report.seconds / bare_fetch:.1f}x)"
            )
    finally:
        with psycopg.connect(dsn, autocommit=True) as pg:
            plant.drop_roles(pg)
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,)
        )
        admin.execute(f'DROP DATABASE "{name}"')
        admin.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
