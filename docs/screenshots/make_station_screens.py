"""Writes the SMT-01 operator screenshot (O2 analyser due for calibration, a failed reflow profile).

The log-in, mid-step, refusal and committed screens come from the autopilot:
``xvfb-run -a python -m app.cli demo --autopilot 3 --screenshots docs/screenshots``.

Run: ``xvfb-run -a python docs/screenshots/make_station_screens.py [OUT_DIR]``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication

from app.capture import demo_line
from app.capture.session import CaptureSession
from app.capture.stored_profiles import StoredProfiles
from app.store.station_store import StationStore
from app.ui.autopilot import type_burst
from app.ui.context import StationContext
from app.ui.instruments import SimulatedInstruments
from app.ui.main_window import MainWindow
from app.ui.resources import style_sheet
from app.ui.station import ensure_demo_database, released_lot


def main() -> None:
    """Builds a demo station, scans a board with a failed profile at SMT-01, saves the window."""
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent
    app = QApplication([])
    app.setStyleSheet(style_sheet())
    folder = Path(tempfile.mkdtemp(prefix="lineside-shots-"))
    store = StationStore(ensure_demo_database(folder / "demo.sqlite", 200))
    instruments = SimulatedInstruments("SMT-01").start(store)
    profiles = StoredProfiles(store, "SMT-01")
    board = "PCB-200-DEMO0001"
    profiles.record_reported(
        spec_name="SAC305 paste window",
        passed=False,
        measured_at=datetime.now(UTC) - timedelta(minutes=4),
        boards=[board],
        violations=["time above liquidus 38 s < 45 s on TC3 (BGA)"],
        recipe="PCBA-200-N2",
        source="simulated",
    )
    session = CaptureSession(
        store, "SMT-01", environment=instruments.environment, profiles=profiles
    )
    context = StationContext(store, session, "SMT-01")
    window = MainWindow(context, environment_label=instruments.label, demo=True).install()
    window.resize(1366, 768)
    window.show()

    def wait(predicate, seconds: float = 15.0) -> None:
        end = time.monotonic() + seconds
        while not predicate():
            if time.monotonic() > end:
                raise TimeoutError("the station did not answer")
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)

    wait(lambda: instruments.environment.latest("o2_ppm") is not None)
    type_burst("BDG-1002", window)
    wait(lambda: window.operator is not None)
    type_burst(board, window)
    wait(lambda: session.unit_serial == board)
    for part in demo_line.PRODUCTS[0].pcb_bom[:3]:
        count = len(session.components)
        type_burst(released_lot(store.reader, part), window)
        wait(lambda count=count: len(session.components) > count)
    end = time.monotonic() + 1.5
    wait(lambda: time.monotonic() > end)
    window.grab().save(str(out / "05-operator-smt-calibration-due-profile-failed.png"))
    window.shutdown()
    context.shutdown()
    instruments.stop()
    store.close()


if __name__ == "__main__":
    main()
