"""The top bar's plant link: connection, backlog, last acknowledged time; amber and red when late."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QWidget

from app.sync.worker import SyncWorker, indicator

COLOURS = {"ok": "#1b7f3b", "amber": "#b26a00", "red": "#b3261e"}


class SyncIndicatorWidget(QLabel):
    """Shows the sync worker's status; reads it (a frozen snapshot) once a second on the GUI thread."""

    def __init__(self, worker: SyncWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("topSync")
        self.worker = worker
        self.level = "ok"
        self.timer = QTimer(self)
        self.timer.timeout.connect(self._on_timer_timeout)
        self.timer.start(1000)
        self.refresh()

    def refresh(self) -> None:
        """Re-reads the worker's status now."""
        status = self.worker.status
        text, self.level = indicator(status, datetime.now(UTC))
        self.setText(f"● {text}")
        self.setToolTip(status.last_error or status.clock_finding or "")
        self.setStyleSheet(f"color: {COLOURS[self.level]}; font-weight: 600;")

    def _on_timer_timeout(self) -> None:
        self.refresh()
