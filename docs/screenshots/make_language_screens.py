"""Writes the station in German and Spanish: the operator screen with a refused quarantined lot
(the refusal and its what-to-do line in the operator's language) and the log-in screen.

Run: ``xvfb-run -a python docs/screenshots/make_language_screens.py [OUT_DIR]``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication

from app.capture.session import CaptureSession
from app.store.station_store import StationStore
from app.ui.autopilot import type_burst
from app.ui.context import StationContext
from app.ui.instruments import SimulatedInstruments
from app.ui.main_window import MainWindow
from app.ui.resources import SoundPlayer, style_sheet
from app.ui.station import ensure_demo_database


def main() -> None:
    """A German and a Spanish demo station at FA-01: log-in, then a quarantined lot refused."""
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent
    app = QApplication([])
    app.setStyleSheet(style_sheet())
    folder = Path(tempfile.mkdtemp(prefix="lineside-shots-"))
    store = StationStore(ensure_demo_database(folder / "demo.sqlite", 200))
    instruments = SimulatedInstruments("FA-01").start(store)

    def wait(predicate, seconds: float = 30.0) -> None:
        end = time.monotonic() + seconds
        while not predicate():
            if time.monotonic() > end:
                raise TimeoutError("the station did not answer")
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)

    def settle(seconds: float = 1.0) -> None:
        end = time.monotonic() + seconds
        wait(lambda: time.monotonic() > end)

    for language in ("de", "es"):
        session = CaptureSession(store, "FA-01", environment=instruments.environment)
        context = StationContext(store, session, "FA-01")
        window = MainWindow(
            context,
            sounds=SoundPlayer(muted=True),
            environment_label=instruments.label,
            demo=True,
            language=language,
        ).install()
        window.resize(1366, 768)
        window.show()
        wait(lambda: instruments.environment.latest("relative_humidity") is not None)
        settle()
        window.grab().save(str(out / f"{language}-login.png"))
        type_burst("BDG-1002", window)
        wait(lambda window=window: window.operator is not None)
        scanner = window.demo_scanner
        assert scanner is not None
        scanner.next_button.click()  # the unit's UDI
        wait(lambda session=session: session.unit_serial is not None)
        scanner.bad_button.click()  # a quarantined lot: refused
        wait(lambda window=window: window.operator.feedback.state == "bad")
        settle()
        window.grab().save(str(out / f"{language}-operator-refusal.png"))
        session_ = context.session
        context.run_session(lambda session_=session_: session_.logout("station closed"))
        settle(0.5)
        window.shutdown()
        context.shutdown()
        window.close()
    instruments.stop()
    store.close()


if __name__ == "__main__":
    main()
