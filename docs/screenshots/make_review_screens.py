"""Writes the supervisor and technician screenshots in docs/screenshots from a fresh demo database.

Run: ``QT_QPA_PLATFORM=offscreen python docs/screenshots/make_review_screens.py [OUT_DIR]``.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image
from PySide6.QtWidgets import QApplication, QWidget

from app.capture import demo_line, exceptions, shift_log, signatures
from app.capture.search import SearchBy
from app.capture.session import CaptureRefused, CaptureSession
from app.capture.shifts import recent_shifts
from app.capture.stored_profiles import StoredProfiles
from app.domain.environment import EnvWindow
from app.domain.profile import ThermalProfile
from app.domain.profile_specs import SAC305_PASTE
from app.store.database import open_database
from app.store.station_store import StationStore
from app.ui.context import StationContext
from app.ui.resources import style_sheet
from drivers.simulators.profiler import reflow_curves

OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
SIZE = (1366, 768)  # the panel PC on the line


def settle(app: QApplication, context: StationContext, seconds: float = 10) -> None:
    """Runs the event loop until background tasks and their callbacks are done."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        if context.tasks.pending == 0 and context.session_tasks.pending == 0:
            for _ in range(5):
                app.processEvents()
            return
        time.sleep(0.01)


def shoot(app: QApplication, context: StationContext, widget: QWidget, name: str) -> None:
    settle(app, context)
    path = OUT / f"{name}.png"
    widget.grab().save(str(path), "PNG")
    # A palette of 256 colours keeps a dark UI crisp and each picture well under 300 KB.
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)
    print(path, path.stat().st_size // 1024, "KB")


def build(path: Path) -> None:
    db = open_database(path, create=True)
    demo_line.build(db.conn, 3000, seed=5)
    db.close()


def add_profiles(store: StationStore) -> tuple[str, str]:
    """A passing profile for one board and a failing one for another; returns their boards."""
    rows = store.reader.execute(
        "SELECT unit_serial FROM assemblies WHERE step = 'S10' ORDER BY recorded_at DESC LIMIT 40"
    ).fetchall()
    good, bad = rows[5][0], rows[30][0]
    profiles = StoredProfiles(store, "SMT-01")
    times, temps = reflow_curves(seed=3)
    channels = ("TC1 chip", "TC2 QFN", "TC3 LQFP", "TC4 conn", "TC5 edge", "TC6 BGA")
    started = datetime.now(UTC)
    curve = ThermalProfile(channels, times, temps, started, {"oven": "Heller 1809"})
    profiles.record(curve, SAC305_PASTE, boards=[good], recipe="PCBA-200-N2", oven="Heller 1809")
    hot = ThermalProfile(channels, times, temps * 1.04, started, {"oven": "Heller 1809"})
    profiles.record(hot, SAC305_PASTE, boards=[bad], recipe="PCBA-200-N2", oven="Heller 1809")
    return good, bad


def technician_screens(app: QApplication, store: StationStore) -> None:
    """The technician's instruments (live, on a simulated HMT330), scanners and station screens."""
    from app.capture.station_setup import scan_report
    from app.domain.instruments import CalibrationPoint, InstrumentConfig
    from app.store import instruments
    from app.ui.technician.code_formats import CodeFormatsWidget
    from app.ui.technician.environment import EnvironmentWindowsWidget
    from app.ui.technician.instruments import InstrumentsWidget
    from app.ui.technician.scanners import ScannersWidget
    from app.ui.technician.station import StationSettingsWidget
    from drivers.simulators.vaisala import VaisalaSimulator

    session = CaptureSession(store, "FA-01")
    session.login_password("technician", demo_line.DEMO_PASSWORD)
    context = StationContext(store, session, "FA-01")
    sim = VaisalaSimulator(rh=44.0, t=22.4, slow_s=0.2, interval_s=0.1).start()
    try:
        windows = (
            EnvWindow("relative_humidity", "%RH", 30, 60, 120),
            EnvWindow("temperature", "°C", 18, 28, 120),
        )
        store.write(
            lambda conn: instruments.save(
                conn,
                "FA-01",
                InstrumentConfig(
                    "hmt-fa01",
                    "vaisala",
                    sim.port,
                    "4800 7E1",
                    0.2,
                    10.0,
                    {},
                    windows,
                    "Vaisala HMT330 above FA-01",
                ),
                by="Tomas Weber (U3001, technician)",
                reason="new transmitter",
            )
        )
        store.write(
            lambda conn: instruments.add_calibration(
                conn,
                "FA-01",
                "hmt-fa01",
                performed_on=date(2026, 3, 2),
                due_on=date(2027, 3, 2),
                certificate="DAkkS D-K-15070 2026-0311",
                performed_by="Vaisala Service Hamburg",
                by="Tomas Weber",
                points=(
                    CalibrationPoint("relative_humidity", 11.3, 13.4, 11.6, 1.7, "%RH"),
                    CalibrationPoint("relative_humidity", 75.3, 76.1, 75.4, 1.7, "%RH"),
                    CalibrationPoint("temperature", 23.0, 23.1, 23.0, 0.2, "°C"),
                ),
            )
        )
        store.write(
            lambda conn: instruments.save(
                conn,
                "FA-01",
                InstrumentConfig(
                    "o2-oven",
                    "modbus-o2",
                    "/dev/ttyUSB1",
                    "19200 8N1",
                    1.0,
                    10.0,
                    {"slave": 1},
                    (EnvWindow("o2_ppm", "ppm", None, 1000, 120),),
                    "Residual O2 analyser, reflow oven",
                ),
                by="Tomas Weber (U3001, technician)",
                reason="analyser moved from SMT-01",
            )
        )
        widget = InstrumentsWidget(context)
        widget.resize(*SIZE)
        widget.show()
        settle(app, context)
        widget.table.selectRow(0)
        settle(app, context)
        shoot(app, context, widget, "technician-instruments")
        widget.tabs.setCurrentIndex(1)
        widget.live.start()
        deadline = time.monotonic() + 8
        while time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.02)
        shoot(app, context, widget, "technician-live-readings")
        widget.tabs.setCurrentIndex(2)
        settle(app, context)
        shoot(app, context, widget, "technician-calibration")
        widget.close()

        scanners = ScannersWidget(context)
        scanners.resize(*SIZE)
        scanners.show()
        settle(app, context)
        di = demo_line.PRODUCTS[0].di
        for raw, prefix in (
            (
                f"]d201{di}112611271731112710B261127{chr(29)}21SN-IP-200-0003001\r".encode(),
                b"",
            ),
            (b"ML-000012\r", b""),
            (b"BDG-1004\r", b""),
            (b"]C0WO-2026-0001\r", b""),
            (f"01{di}21SN-1".encode()[:12] + b"\r", b""),
        ):
            scanners.show_report(scan_report(raw, prefix=prefix))
        shoot(app, context, scanners, "technician-scanners")
        scanners.close()

        station = StationSettingsWidget(context)
        station.resize(*SIZE)
        station.show()
        settle(app, context)
        shoot(app, context, station, "technician-station")
        station.close()

        windows_screen = EnvironmentWindowsWidget(context)
        windows_screen.resize(*SIZE)
        windows_screen.show()
        settle(app, context)
        shoot(app, context, windows_screen, "technician-environment-windows")
        windows_screen.close()

        codes = CodeFormatsWidget(context)
        codes.resize(*SIZE)
        codes.show()
        settle(app, context)
        codes.agencies["ICCBBA"].setChecked(False)
        codes.test.setText("+A123BJC5D6E71G")
        shoot(app, context, codes, "technician-code-formats")
        codes.close()
    finally:
        sim.stop()
        context.wait()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="lineside-shots-"))
    build(folder / "station.sqlite")
    app = QApplication.instance() or QApplication([])
    app.setStyleSheet(style_sheet())
    store = StationStore(folder / "station.sqlite")
    good_board, _bad = add_profiles(store)
    session = CaptureSession(store, "FA-01")
    session.login_password("supervisor", demo_line.DEMO_PASSWORD)
    context = StationContext(store, session, "FA-01")

    from app.ui.supervisor.exceptions import ExceptionQueueWidget
    from app.ui.supervisor.record_detail import RecordDetailDialog
    from app.ui.supervisor.search import SearchWidget
    from app.ui.supervisor.shift_log import ShiftLogWidget
    from app.ui.supervisor.signoff import SignOffDialog
    from app.ui.supervisor.trace import TraceWidget

    shifts = recent_shifts(store.reader, 3)
    # the shown shift is signed; an earlier one was signed and then one of its records corrected
    signatures.sign_shift(
        session,
        shifts[2],
        demo_line.DEMO_PASSWORD,
        signatures.Meaning.REVIEWED,
        username="supervisor",
    )
    signatures.sign_shift(session, shifts[1], demo_line.DEMO_PASSWORD, signatures.Meaning.REVIEWED)
    corrected = shift_log.shift_log_page(
        store.reader, shift_log.LogFilter(shift=shifts[2]), limit=8
    )
    session.correct(corrected.rows[7].key, "housing lot mistyped on the traveller")
    queue = exceptions.exception_queue(store.reader)
    if queue:
        exceptions.dispose(
            session,
            queue[0].subject,
            exceptions.Decision.ACCEPT,
            "RH 61 % for 40 s while the dock door was open; board is not moisture sensitive",
            demo_line.DEMO_PASSWORD,
            username="supervisor",
        )

    log = ShiftLogWidget(context)
    log.resize(*SIZE)
    log.show()
    settle(app, context)
    log.select_shift(shifts[1])
    settle(app, context)
    log.table.selectRow(3)
    shoot(app, context, log, "supervisor-shift-log")
    log.select_shift(shifts[2])
    settle(app, context)
    log.table.selectRow(7)
    shoot(app, context, log, "supervisor-signature-broken")

    flagged = shift_log.shift_log_page(
        store.reader, shift_log.LogFilter(status="flagged"), limit=50
    )
    key = next(r.key for r in reversed(flagged.rows) if r.station.startswith("FA"))
    detail = RecordDetailDialog(context, key)
    detail.resize(*SIZE)
    detail.show()
    settle(app, context)
    detail.tabs.setCurrentIndex(1)
    shoot(app, context, detail, "supervisor-record-environment")
    detail.close()

    board_key = store.reader.execute(
        "SELECT record_key FROM assemblies WHERE unit_serial = ?", (good_board,)
    ).fetchone()[0]
    detail = RecordDetailDialog(context, board_key)
    detail.resize(*SIZE)
    detail.show()
    settle(app, context)
    detail.tabs.setCurrentIndex(2)
    shoot(app, context, detail, "supervisor-record-profile")
    detail.close()

    queue_widget = ExceptionQueueWidget(context)
    queue_widget.resize(*SIZE)
    queue_widget.show()
    settle(app, context)
    queue_widget.table.selectRow(1)
    queue_widget.comment.setPlainText("Checked the HMT330 trend: ")
    shoot(app, context, queue_widget, "supervisor-exceptions")

    lot = store.reader.execute(
        "SELECT component FROM components WHERE part_number = 'IC-MCU-32' LIMIT 1"
    ).fetchone()[0]
    trace = TraceWidget(context)
    trace.resize(*SIZE)
    trace.show()
    trace.trace(lot, "forward")
    settle(app, context)
    trace.tree.expandToDepth(1)
    shoot(app, context, trace, "supervisor-trace")

    # a refused scan at FA-01, then the search: a lot's records and the refusals
    operator = CaptureSession(store, "FA-01")
    operator.scan("BDG-1002")
    operator.scan(
        f"(01){demo_line.PRODUCTS[0].di}(11)261101(17)311101(10)B261101(21)SN-IP-200-7100077"
    )
    with contextlib.suppress(CaptureRefused):
        operator.scan("ML-999999")
    search = SearchWidget(context)
    search.resize(*SIZE)
    search.show()
    search.by.setCurrentIndex(search.by.findData(SearchBy.LOT))
    search.text.setText(lot)
    search.run_search()
    settle(app, context)
    shoot(app, context, search, "supervisor-search")
    search.by.setCurrentIndex(search.by.findData(None))
    search.run_search()
    settle(app, context)
    search.tabs.setCurrentIndex(1)
    shoot(app, context, search, "supervisor-search-refusals")
    search.close()

    dialog = SignOffDialog(context, shifts[1], log, records=log.total, open_exceptions=2)
    dialog.show()
    dialog.password.setText("lineside")
    shoot(app, context, dialog, "supervisor-sign-off")
    dialog.close()

    context.wait()
    technician_screens(app, store)
    context.wait()
    store.close()
    sys.stdout.flush()
    # PySide6 can crash while finalizing widgets at interpreter exit; the pictures are written.
    os._exit(0)


if __name__ == "__main__":
    main()
