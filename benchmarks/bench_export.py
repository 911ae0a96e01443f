"""EPCIS export: events/s and peak memory of `lineside export epcis` vs a bare json.dumps.

Usage: python benchmarks/bench_export.py [--units 40000 10000] [--repeats 3]

For each station size (demo line, built once into LINESIDE_BENCH_DIR) it runs, each in a fresh
process so that peak resident memory is the process's own:

- the export: ``lineside export epcis --db … --out …`` (read, build, canonical hash, stream);
- the baseline: the same events (read back from the exported file) written with one
  ``json.dumps`` of the whole document, the way a non-streaming exporter writes it.

It prints medians over the repeats, the ratio export/baseline for time and for peak RSS, and the
canonical event hash alone (ours vs GS1's reference implementation, when installed) on a sample.
The export holds one record at a time, so its peak RSS stays flat across sizes while the
baseline's grows with the number of events; time grows linearly with events for both.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from app.capture import demo_line
from app.store.database import open_database

BENCH_DIR = Path(os.environ.get("LINESIDE_BENCH_DIR", "/tmp/lineside-bench"))

# The process's own peak resident memory (VmHWM: getrusage's ru_maxrss would carry the parent's
# peak over the fork).
PEAK = """
def peak_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
"""

EXPORT_CHILD = (
    PEAK
    + """
import json, sys, time
from app.cli import main
t0 = time.perf_counter()
code = main(["export", "epcis", "--db", sys.argv[1], "--out", sys.argv[2]])
seconds = time.perf_counter() - t0
print(json.dumps({"code": code, "seconds": seconds, "rss_mb": peak_mb()}))
"""
)

BARE_CHILD = (
    PEAK
    + """
import json, sys, time
with open(sys.argv[1], encoding="utf-8") as f:
    doc = json.load(f)
t0 = time.perf_counter()
text = json.dumps(doc, ensure_ascii=False)
with open(sys.argv[2], "w", encoding="utf-8") as out:
    out.write(text)
seconds = time.perf_counter() - t0
print(json.dumps({"code": 0, "seconds": seconds, "events": len(doc["epcisBody"]["eventList"]),
                  "rss_mb": peak_mb()}))
"""
)

IDLE_CHILD = (
    PEAK
    + """
import json
import app.cli
print(json.dumps({"rss_mb": peak_mb()}))
"""
)


def station_db(units: int) -> Path:
    """A demo station database of ``units`` units, built once."""
    path = BENCH_DIR / f"station-{units}.sqlite"
    if not path.exists():
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        db = open_database(path, create=True)
        demo_line.build(db.conn, units)
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
        print(f"  built {units:,} units in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return path


def child(code: str, *args: str) -> dict[str, Any]:
    """Runs ``code`` in a fresh interpreter and returns the JSON it printed last."""
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def hash_rates(events: list[dict[str, Any]]) -> str:
    """Canonical event hashes/s, ours vs GS1's reference implementation, on the same events."""
    from app.sync import epcis, epcis_hash

    sample = events[:300]
    t0 = time.perf_counter()
    for event in sample:
        epcis_hash.event_hash(event)
    ours = len(sample) / (time.perf_counter() - t0)
    try:
        import copy
        import warnings

        from epcis_event_hash_generator import hash_generator, json_to_py
    except ImportError:
        return (
            f"canonical event hash: {ours:,.0f} events/s (reference implementation not installed)"
        )
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = json_to_py.event_list_from_epcis_document_json(copy.deepcopy(epcis.wrap(sample)))
        hash_generator.epcis_hashes_from_events(parsed)
    reference = len(sample) / (time.perf_counter() - t0)
    return (
        f"canonical event hash alone ({len(sample)} events): ours {ours:,.0f} events/s, GS1's "
        f"reference implementation {reference:,.0f} events/s: {ours / reference:.0f}x"
    )


def measure(units: int, repeats: int, *, hashes: bool) -> list[dict[str, Any]]:
    """Export and baseline runs for one station size."""
    db = station_db(units)
    work = Path(tempfile.mkdtemp(prefix="lineside-export-bench-"))
    try:
        exported = work / "events.jsonld"
        exports = [child(EXPORT_CHILD, str(db), str(exported)) for _ in range(repeats)]
        assert all(r["code"] == 0 for r in exports), exports
        bares = [child(BARE_CHILD, str(exported), str(work / "bare.json")) for _ in range(repeats)]
        events = bares[0]["events"]
        size_mb = exported.stat().st_size / 1e6
        ex_s = statistics.median(r["seconds"] for r in exports)
        ex_rss = statistics.median(r["rss_mb"] for r in exports)
        bare_s = statistics.median(r["seconds"] for r in bares)
        bare_rss = statistics.median(r["rss_mb"] for r in bares)
        rows = open_database(db, readonly=True)
        try:
            journal = rows.conn.execute("SELECT count(*) FROM journal").fetchone()[0]
        finally:
            rows.close()
        print(
            f"{units:,} units ({journal:,} journal rows) -> {events:,} events, {size_mb:.0f} MB: "
            f"export median {ex_s:.1f} s = {events / ex_s:,.0f} events/s, peak RSS {ex_rss:.0f} MB; "
            f"bare json.dumps of the same events {bare_s:.2f} s = {events / bare_s:,.0f} events/s, "
            f"peak RSS {bare_rss:.0f} MB; ratio time {ex_s / bare_s:.1f}, RSS {ex_rss / bare_rss:.2f}"
        )
        sys.stdout.flush()
        if hashes:
            with exported.open(encoding="utf-8") as f:
                sample = json.load(f)["epcisBody"]["eventList"][:300]
            for event in sample:
                event.pop("eventID", None)
            print(hash_rates(sample))
        return exports
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    """Runs the export benchmark for each size."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, nargs="+", default=[40_000, 10_000])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    idle = child(IDLE_CHILD)["rss_mb"]
    print(f"a process that only imports the CLI: peak RSS {idle:.0f} MB")
    for at, units in enumerate(args.units):
        measure(units, args.repeats, hashes=at == 0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
