"""A scanner's (serial or camera) long-lived worker thread, its scans delivered to the GUI thread as a signal."""

from __future__ import annotations

import logging
import threading
import time

from PySide6.QtCore import QObject, Signal

from drivers.scanner import Scanner

log = logging.getLogger(__name__)


class ScannerWorker(QObject):
    """Loops on ``scanner.read(timeout)`` in one thread; ``scanned(text, entry, read_ms)`` on the
    GUI thread. Unreadable scans and a lost port arrive as ``problem(message)``.
    """

    scanned = Signal(str, str, float)  # text, entry method, monotonic ms when read
    problem = Signal(str)

    def __init__(self, scanner: Scanner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.scanner = scanner
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> ScannerWorker:
        """Opens the scanner and starts reading."""
        self._thread = threading.Thread(target=self._run, name="scanner", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 2.0) -> None:
        """Stops reading and closes the scanner."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _run(self) -> None:
        from drivers.base import PortLost, ProtocolError

        try:
            self.scanner.open()
        except PortLost as exc:
            self.problem.emit(f"scanner not available: {exc}")
        try:
            while not self._stop.is_set():
                try:
                    scan = self.scanner.read(0.1)
                except ProtocolError as exc:
                    self.problem.emit(f"unreadable scan, scan again ({exc})")
                    continue
                except PortLost as exc:
                    self.problem.emit(f"scanner lost: {exc}")
                    self._stop.wait(0.5)
                    continue
                if scan is not None:
                    self.scanned.emit(scan.text, str(scan.entry), time.monotonic() * 1000)
        except Exception as exc:  # a bug must reach the user, not kill the thread silently
            log.exception("scanner worker failed")
            self.problem.emit(f"scanner stopped: {exc}")
        finally:
            self.scanner.close()
