"""Station UI figures: scan-burst-to-feedback latency while instruments stream, cold start, memory.

Prints:
- the time from a keyboard-wedge burst's last key to the feedback banner repainted (median, p99)
  over every scan of N units, with the Vaisala simulator streaming on a pty through the instrument
  worker, vs the baseline of the same scans through a bare headless CaptureSession;
- cold start of a new process to the log-in screen ready for a badge (median of 3);
- resident memory of the process before and after a simulated shift, scaled down: N units
  (default 240, half an 8-hour shift at one unit a minute) in one session, RSS sampled every
  quarter to show whether it grows.

Run: QT_QPA_PLATFORM=offscreen python benchmarks/bench_ui.py [--units 240]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import contextlib

from app.capture.events import CaptureRefused
from app.capture.session import CaptureSession
from app.store.station_store import StationStore
from app.ui.station import (
    ensure_demo_database,
    good_readings,
    provision_boards,
    unit_scans,
)

BENCH_DIR = Path(os.environ.get("LINESIDE_BENCH_DIR", "/tmp/lineside-bench"))

COLD_START = """
import time, sys
t0 = float(sys.argv[1])
from PySide6.QtWidgets import QApplication
from app.capture.session import CaptureSession
from app.store.station_store import StationStore
from app.ui.context import StationContext
from app.ui.main_window import MainWindow
from app.ui.resources import style_sheet
from app.ui.station import good_readings
app = QApplication([])
app.setStyleSheet(style_sheet())
store = StationStore(sys.argv[2])
session = CaptureSession(store, "FA-01", environment=good_readings("FA-01"))
window = MainWindow(StationContext(store, session, "FA-01")).install()
window.resize(1440, 900)
window.show()
app.processEvents()
window.login.badge.repaint()
print(time.time() - t0)
window.shutdown()
"""


def rss_mb() -> float:
    """Resident set size of this process in MB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def pct(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def fresh_db(template: Path, name: str) -> Path:
    """A private copy of the 500-unit demo database."""
    target = BENCH_DIR / name
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copy(template, target)
    return target


def baseline(template: Path, units: int) -> list[float]:
    """Milliseconds per scan through a bare headless session (no Qt), same kinds of scans."""
    store = StationStore(fresh_db(template, "bench-ui-baseline.sqlite"))
    boards = provision_boards(store, units, "B")
    session = CaptureSession(store, "FA-01", environment=good_readings("FA-01"))
    session.login_badge("BDG-1002")
    times = []
    for unit in unit_scans(store.reader, boards, "B0000"):
        for code in unit.codes():
            t = time.perf_counter()
            with contextlib.suppress(CaptureRefused):
                session.scan(code)
            times.append((time.perf_counter() - t) * 1000)
        session.commit()
    store.close()
    return times


def ui_run(template: Path, units: int) -> tuple[list[float], list[tuple[int, float]]]:
    """Scan latencies (ms) through the real window and RSS samples (units done, MB)."""
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from app.ui.autopilot import type_burst
    from app.ui.context import StationContext
    from app.ui.instruments import SimulatedInstruments
    from app.ui.main_window import MainWindow
    from app.ui.resources import SoundPlayer, style_sheet

    app = QApplication.instance() or QApplication([])
    app.setStyleSheet(style_sheet())
    store = StationStore(fresh_db(template, "bench-ui.sqlite"))
    boards = provision_boards(store, units, "U")
    scans = unit_scans(store.reader, boards, "U0000")
    instruments = SimulatedInstruments("FA-01").start(store)
    session = CaptureSession(store, "FA-01", environment=instruments.environment)
    context = StationContext(store, session, "FA-01")
    window = MainWindow(context, sounds=SoundPlayer(muted=True)).install()
    window.resize(1440, 900)
    window.show()

    def wait(predicate, timeout_s: float = 10.0) -> None:
        end = time.monotonic() + timeout_s
        while not predicate():
            if time.monotonic() > end:
                raise TimeoutError("the station did not answer in time")
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)

    # Let the instrument worker stream a few readings first.
    wait(lambda: instruments.environment.latest("relative_humidity") is not None, 15)
    type_burst("BDG-1002", window)
    wait(lambda: window.operator is not None)
    op = window.operator
    assert op is not None
    shown: list[float] = []

    def on_feedback(_state: str, _title: str) -> None:
        op.feedback.repaint()  # painted, not just queued
        shown.append(time.monotonic() * 1000)

    op.feedback_shown.connect(on_feedback)
    latencies: list[float] = []
    samples: list[tuple[int, float]] = [(0, rss_mb())]
    committed = [0]
    op.record_committed.connect(lambda _c: committed.__setitem__(0, committed[0] + 1))
    for n, unit in enumerate(scans, 1):
        for code in unit.codes():
            before = len(shown)
            last_key = type_burst(code, window)
            wait(lambda before=before: len(shown) > before)
            latencies.append(shown[before] - last_key)
        wait(lambda n=n: committed[0] >= n)
        if n % max(1, units // 4) == 0:
            app.processEvents()
            samples.append((n, rss_mb()))
    window.shutdown()
    window.close()
    context.shutdown()
    instruments.stop()
    store.close()
    return latencies, samples


def cold_start(template: Path, repeats: int = 3) -> list[float]:
    """Seconds from spawning a new interpreter to the log-in screen painted."""
    db = fresh_db(template, "bench-ui-cold.sqlite")
    out = []
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    for _ in range(repeats):
        t0 = time.time()
        result = subprocess.run(
            [sys.executable, "-c", COLD_START, repr(t0), str(db)],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        out.append(float(result.stdout.strip().splitlines()[-1]))
    return out


def main() -> None:
    """Prints the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=240)
    args = parser.parse_args()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    template = ensure_demo_database(BENCH_DIR / "bench-ui-template.sqlite", 500)
    print(f"platform: {os.environ['QT_QPA_PLATFORM']}, {args.units} units x 10 scans")

    base = baseline(template, min(args.units, 60))
    latencies, samples = ui_run(template, args.units)
    ui_med, ui_p99 = statistics.median(latencies), pct(latencies, 99)
    b_med, b_p99 = statistics.median(base), pct(base, 99)
    print(
        f"scan burst last key -> feedback painted, instruments streaming: "
        f"median {ui_med:.2f} ms, p99 {ui_p99:.2f} ms over {len(latencies)} scans"
    )
    print(
        f"  baseline, same scans in a bare headless CaptureSession: median {b_med:.2f} ms, "
        f"p99 {b_p99:.2f} ms (UI / baseline: {ui_med / b_med:.0f}x median)"
    )
    starts = cold_start(template)
    print(
        f"cold start (new process) to log-in screen ready for a badge: "
        f"median {statistics.median(starts):.2f} s over {len(starts)} runs "
        f"({', '.join(f'{s:.2f}' for s in starts)})"
    )
    print(
        "resident memory during a simulated shift, scaled down "
        f"({args.units} units in one session instead of ~480 in 8 h):"
    )
    print("  " + ", ".join(f"{n} units: {mb:.0f} MB" for n, mb in samples))
    growth = samples[-1][1] - samples[1][1] if len(samples) > 2 else float("nan")
    print(f"  growth after the first quarter: {growth:+.1f} MB")


if __name__ == "__main__":
    main()
