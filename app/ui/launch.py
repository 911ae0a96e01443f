"""Starting the desktop station: session, instruments, scanners and window on one database.

``lineside gui`` and ``lineside demo`` (app/cli/gui.py) call :func:`run_station`; Qt is imported
only when it runs, so importing this module stays cheap.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _fail(message: str, code: int = EXIT_USAGE) -> int:
    print(f"lineside: {message}", file=sys.stderr)
    return code


class BuiltStation:
    """A station window with everything it runs on, built and shown, not yet in its event loop."""

    def __init__(self, app: Any, window: Any, store: Any, context: Any) -> None:
        self.app, self.window, self.store, self.context = app, window, store, context
        self.instruments: Any = None
        self.environment: Any = None
        self.scanner_workers: list[Any] = []
        self.sync_worker: Any = None
        self.claims: Any = None

    def close(self) -> None:
        """Closes the window and stops every worker, then the store."""
        self.window.close()
        for scanner_worker in self.scanner_workers:
            scanner_worker.stop()
        self.context.shutdown()
        if self.sync_worker is not None:
            self.sync_worker.stop()
            self.claims.close()
        if self.instruments is not None:
            self.instruments.stop()
        elif hasattr(self.environment, "stop"):
            self.environment.stop()
        self.store.close()


def station_language(store: Any, station_id: str) -> str | None:
    """The station's language (None: English), after setting the process's time zone to the
    station's (records stay UTC; every local time shown follows it). POSIX only: elsewhere the
    PC's own zone stays."""
    from app.capture.station_setup import locale_settings

    try:
        settings = locale_settings(store.reader, station_id)
    except KeyError:
        return None
    if settings.time_zone and hasattr(time, "tzset"):
        os.environ["TZ"] = settings.time_zone
        time.tzset()
    return settings.language


def build_station(
    path: Path, station: str | None, *, idle_minutes: float, demo: bool, muted: bool = False
) -> BuiltStation | str:
    """Builds the station (session, instruments, scanners, window) and shows it.

    Returns:
        The station, or why it cannot be built (a message for the user).
    """
    from PySide6.QtWidgets import QApplication

    from app.capture.session import CaptureSession
    from app.capture.stored_profiles import StoredProfiles
    from app.store.station_store import StationStore
    from app.ui.context import StationContext
    from app.ui.i18n import QT_TRANSLATE_NOOP
    from app.ui.instruments import SimulatedInstruments
    from app.ui.main_window import MainWindow
    from app.ui.resources import SoundPlayer, style_sheet

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Lineside")
    app.setStyleSheet(style_sheet())
    store = StationStore(path)
    station_id = station or _first_station(store)
    instruments: Any = None
    label = ""
    if demo:
        instruments = SimulatedInstruments(station_id).start(store)
        environment: Any = instruments.environment
        label = instruments.label
    else:
        from app.capture.live import LiveEnvironment

        environment = LiveEnvironment.from_station(store.reader, station_id)
        label = QT_TRANSLATE_NOOP("EnvironmentPanelWidget", "live instruments")
    sync_worker, claims = plant_link(store)
    try:
        session = CaptureSession(
            store,
            station_id,
            environment=environment,
            profiles=StoredProfiles(store, station_id),
            plant=claims,
        )
    except ValueError as exc:
        if instruments is not None:
            instruments.stop()
        return str(exc)
    context = StationContext(store, session, station_id)
    wedge, scanner_workers = _scanners(store, station_id)
    sounds = SoundPlayer(muted=muted or os.environ.get("LINESIDE_MUTE") == "1")
    window = MainWindow(
        context,
        sounds=sounds,
        environment_label=label,
        idle_minutes=idle_minutes,
        demo=demo,
        wedge=wedge,
        language=station_language(store, station_id),
    ).install()
    window.wedge.enabled = wedge is not None  # the technician may switch the wedge off
    built = BuiltStation(app, window, store, context)
    built.instruments, built.environment = instruments, environment
    built.sync_worker, built.claims = sync_worker, claims
    if sync_worker is not None:
        start_sync(window, session, sync_worker)
        session.countersign_now = sync_worker.wake  # the plant countersigns at once if reachable
    for scanner_worker in scanner_workers:
        window.attach_scanner(scanner_worker.start())
        built.scanner_workers.append(scanner_worker)
    if instruments is not None:
        from PySide6.QtCore import QTimer

        ticker = QTimer(window)
        ticker.timeout.connect(instruments.tick)  # only the fallback values need it
        ticker.start(1000)
    window.resize(1366, 768)  # the panel PC on the line; a larger screen maximises it
    window.show()
    window.activateWindow()
    return built


def run_station(
    path: Path,
    station: str | None,
    *,
    idle_minutes: float,
    demo: bool,
    autopilot: int = 0,
    screenshots: Path | None = None,
) -> int:
    """Builds the station (session, instruments, window) and runs the Qt event loop."""
    started = datetime.now(UTC)
    from app.capture.demo_line import DEMO_PASSWORD

    built = build_station(path, station, idle_minutes=idle_minutes, demo=demo, muted=autopilot > 0)
    if isinstance(built, str):
        return _fail(built)
    app, window, store = built.app, built.window, built.store
    ready = (datetime.now(UTC) - started).total_seconds()
    print(
        f"station {built.context.station_id} ready for a badge in {ready:.2f} s ({path})",
        flush=True,
    )
    code = EXIT_OK
    if autopilot:
        if window.demo_scanner is not None:
            window.demo_scanner.hide()  # the autopilot types its own scans
        code = _run_autopilot(app, window, store, autopilot, screenshots, DEMO_PASSWORD)
    else:
        if demo:
            print(
                "demo: operators scan a badge BDG-1001…BDG-1012 (or type it and press Enter); "
                "staff log in as supervisor / technician / admin with password "
                f"'{DEMO_PASSWORD}'",
                flush=True,
            )
        code = app.exec()
    built.close()
    return code


def plant_link(store: Any) -> tuple[Any, Any]:
    """The plant link the technician configured once (or (None, None) for a station alone).

    Returns:
        A sync worker (not started) and the plant's line-wide check for the capture session.
    """
    from app.sync import upstream_config

    upstream = upstream_config.load(store.reader)
    if upstream is None:
        return None, None
    from app.sync.line import PlantClaims
    from app.sync.worker import SyncWorker

    return SyncWorker(store, upstream.dsn, interval=upstream.interval_s), PlantClaims(upstream.dsn)


def start_sync(window: Any, session: Any, worker: Any) -> None:
    """Shows the link in the top bar, pushes right after each commit, and starts syncing."""
    window.attach_sync(worker)
    session.subscribe(lambda event: worker.wake() if event.kind == "committed" else None)
    worker.start()


def _run_autopilot(
    app: Any, window: Any, store: Any, units: int, screenshots: Path | None, password: str
) -> int:
    from PySide6.QtCore import QEventLoop

    from app.ui.autopilot import Autopilot
    from app.ui.station import provision_boards, quarantined_lot, unit_scans

    tag = datetime.now(UTC).strftime("%H%M%S")
    print(f"autopilot: reflowing {units} boards at SMT-01 (headless, upstream of this station)")
    boards = provision_boards(store, units, f"A{tag}")
    scans = unit_scans(store.reader, boards, tag)  # serials stay within AI (21): 20 characters
    pilot = Autopilot(
        window,
        scans,
        refused_lot=quarantined_lot(store.reader, "BAT-LI-2S"),
        screenshots=screenshots,
        staff_password=password,
    )
    pilot.progress.connect(lambda text: print(f"autopilot: {text}", flush=True))
    result: list[int] = []
    # A local loop, not app.exec()/quit(): QCoreApplication.exit() would leave every later
    # QEventLoop in this process (a test run) returning at once.
    loop = QEventLoop()

    def finished(code: int) -> None:
        result.append(code)
        loop.quit()

    pilot.finished.connect(finished)
    pilot.start()
    loop.exec()
    for problem in pilot.problems:
        print(f"autopilot: {problem}", file=sys.stderr)
    code = result[0] if result else EXIT_FAILED
    print(f"autopilot: {'passed' if code == 0 else 'FAILED'}", flush=True)
    return code


def _scanners(store: Any, station: str) -> tuple[Any, list[Any]]:
    """The station's wedge settings and the workers of its serial and camera scanners (if on)."""
    from app.capture.station_setup import scanner_settings
    from app.ui.scanner_worker import ScannerWorker
    from drivers.base import SerialSettings
    from drivers.serial_scanner import ScannerFraming, SerialScanner, parse_affix
    from drivers.wedge import WedgeSettings

    settings = scanner_settings(store.reader, station)
    w, s, c = settings["wedge"], settings["serial"], settings["camera"]
    wedge: WedgeSettings | None
    try:
        wedge = WedgeSettings.from_options(
            max_gap_ms=float(w["max_gap_ms"]),
            min_length=int(w["min_length"]),
            suffix=str(w["suffix"]).lower(),
            prefix=str(w["prefix"]),
        )
    except ValueError as exc:
        print(f"lineside: wedge settings ignored ({exc}); using the defaults", file=sys.stderr)
        wedge = WedgeSettings()
    if not w.get("enabled", True):
        wedge = None
    workers = []
    if s.get("enabled") and s.get("port"):
        framing = ScannerFraming(
            prefix=parse_affix(str(s["prefix"]) or "NONE"),
            suffix=parse_affix(str(s["suffix"]) or "NONE"),
        )
        scanner = SerialScanner(str(s["port"]), SerialSettings.parse(str(s["serial"])), framing)
        workers.append(ScannerWorker(scanner))
    if c.get("enabled"):
        from drivers.camera import CameraCapture, CameraScanner

        source = str(c["source"])
        camera = CameraScanner(
            CameraCapture(int(source) if source.isdigit() else source),
            repeat_after_s=float(c["repeat_after_s"]),
        )
        workers.append(ScannerWorker(camera))
    return wedge, workers


def _first_station(store: Any) -> str:
    from app.store.masterdata import first_station

    station = first_station(store.reader)
    if station is None:
        raise SystemExit(_fail("the database has no station configured"))
    return station
