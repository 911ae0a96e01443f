"""What the materials rules cost per scan: the lot balance and the MSD floor-life clock, each as a
ratio to the same scan without them, on a demo station database.

Three scans of a component at FA-01, each timed ``--scans`` times (median and p95):

* baseline: a lot of a part without a materials spec and no received quantity (neither the
  balance nor the floor-life clock runs);
* balance: the busiest lot of the same part with its received quantity (the consumption of the
  live records is summed over the genealogy);
* MSD: a reel of a moisture-sensitive part (MSL 2a, 3.5 mm body: Table 7-1) opened a week ago,
  its accepted certificate checked, the clock run over the week's measured conditions as the
  records bound them (hourly), and the balance.

Usage: python benchmarks/bench_materials.py [--units 20000] [--scans 200]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.capture import demo_line, floor_life, receiving
from app.capture.session import CaptureSession
from app.codes.mh10 import compose
from app.domain.entry import EntryMethod
from app.domain.materials import Decision, PartSpec
from app.store import masterdata_write
from app.store.database import open_database
from app.store.masterdata_write import Change
from app.store.station_store import StationStore
from benchmarks.bench_capture import environment, percentile

BENCH_DIR = Path(os.environ.get("LINESIDE_BENCH_DIR", "/tmp/lineside-bench"))
PDF = b"%PDF-1.4\n% certificate of conformance\n%%EOF\n"


def database(units: int) -> Path:
    source = BENCH_DIR / f"materials-{units}.sqlite"
    if not source.exists():
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        db = open_database(source, create=True)
        demo_line.build(db.conn, units, seed=7)
        db.close()
    work = BENCH_DIR / f"materials-{units}-run.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    shutil.copy(source, work)
    return work


def prepare(store: StationStore) -> tuple[str, str, str]:
    """(baseline lot, busiest lot, MSD reel label) of the demo database."""
    conn = store.reader
    busiest, _ = conn.execute(
        "SELECT component, count(*) FROM components WHERE part_number = 'SCR-M3-8' "
        "GROUP BY component ORDER BY 2 DESC LIMIT 1"
    ).fetchone()
    quiet = conn.execute(
        "SELECT l.id FROM lots l WHERE l.part_number = 'SCR-M3-8' AND l.status = 'released' "
        "AND l.id != ? AND EXISTS (SELECT 1 FROM certificates c WHERE c.lot_id = l.id) "
        "AND (l.expires_on IS NULL OR l.expires_on > date('now')) ORDER BY l.id LIMIT 1",
        (busiest,),
    ).fetchone()[0]
    store.write(
        lambda c: masterdata_write.write(
            c,
            "FA-01",
            [Change("lots", {"id": quiet}, {"quantity": 0})],
            by="bench",
            why="benchmark baseline: a lot with no received quantity has no balance to keep",
        )
    )
    now = datetime.now(UTC)
    session = CaptureSession(store, "FA-01", environment=environment(), clock=lambda: now)
    session.login_password("supervisor", demo_line.DEMO_PASSWORD)
    receiving.set_part_spec(
        session,
        PartSpec("DSP-35-TFT", "electronic", ("CoC",), msl="2a", thickness_mm=3.5),
        "benchmark: a moisture-sensitive display",
    )
    label = compose(
        [("1P", demo_line.SUPPLIER_PARTS["DSP-35-TFT"]), ("Q", "500"), ("1T", "B-1"), ("3S", "R-9")]
    )
    receipt = receiving.receive(session, label)
    cert = receiving.attach_certificate(
        session, receipt.lot_id, "c.pdf", PDF, kind="CoC", number="1"
    )
    receiving.decide(
        session, cert.id, Decision.ACCEPT, demo_line.DEMO_PASSWORD, username="supervisor"
    )
    pack = floor_life.pack_of(session, label, EntryMethod.KEYBOARD_WEDGE)
    floor_life.record(session, pack, "open", at=now - timedelta(days=7))
    return quiet, busiest, label


def timed(
    session: CaptureSession, cases: dict[str, tuple[str, str]], scans: int
) -> dict[str, list[float]]:
    """Each case's scan times in ms, the cases interleaved so load changes hit them alike."""
    out: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(scans):
        for name, (text, lot) in cases.items():
            started = time.perf_counter()
            event = session.scan(text)
            out[name].append((time.perf_counter() - started) * 1000)
            component = event.view.components[-1] if event.view else None
            assert component is not None and component.id == lot
            if name == "msd+balance":
                assert component.floor_life is not None, "the floor-life clock did not run"
            session.remove(lot)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=20_000)
    parser.add_argument("--scans", type=int, default=200)
    args = parser.parse_args()
    store = StationStore(database(args.units))
    try:
        quiet, busiest, reel = prepare(store)
        consumed = store.reader.execute(
            "SELECT count(*) FROM components WHERE component = ?", (busiest,)
        ).fetchone()[0]
        session = CaptureSession(store, "FA-01", environment=environment())
        session.scan("BDG-1002")
        reel_lot = store.reader.execute(
            "SELECT lot_id FROM supplier_packages WHERE package_id = 'R-9'"
        ).fetchone()[0]
        results = timed(
            session,
            {
                "baseline": (quiet, quiet),
                "balance": (busiest, busiest),
                "msd+balance": (reel, reel_lot),
            },
            args.scans,
        )
        records = store.reader.execute("SELECT count(*) FROM assemblies").fetchone()[0]
    finally:
        store.close()
    base = statistics.median(results["baseline"])
    print(
        f"{args.units:,} units, {records:,} records; busiest lot {busiest} in {consumed:,} "
        f"records; MSD reel open 7 days; load average {os.getloadavg()[0]:.1f}"
    )
    print(f"{'scan':<14}{'median ms':>10}{'p95 ms':>9}{'ratio':>8}")
    for name, values in results.items():
        median = statistics.median(values)
        print(f"{name:<14}{median:>10.2f}{percentile(values, 0.95):>9.2f}{median / base:>8.2f}")


if __name__ == "__main__":
    main()
