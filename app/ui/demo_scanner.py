"""The demo's simulated scanner: buttons that type real keyboard-wedge bursts for the next unit."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QPushButton, QWidget

from app.ui.autopilot import type_burst
from app.ui.context import StationContext, TaskError
from app.ui.station import UnitScans, provision_boards, quarantined_lot, unit_scans


class DemoScannerWidget(QWidget):
    """A strip under the demo station: each button "scans" a label of the next unit.

    The codes go through the application's wedge filter as key events, exactly like a USB scanner,
    so the station cannot tell them from real scans. Boards are reflowed at SMT-01 on first use.
    """

    def __init__(self, context: StationContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("demoScanner")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.context = context
        self._units: list[UnitScans] = []
        self._unit = -1
        self._next = 0
        self._bad_lot: str | None = None
        label = QLabel(self.tr("Simulated scanner"))
        label.setObjectName("demoScannerTitle")
        self.hint = QLabel(self.tr("log in first (type BDG-1002 and Enter), then scan labels here"))
        self.hint.setObjectName("demoScannerHint")
        self.next_button = QPushButton(self.tr("Scan next label"))
        self.next_button.clicked.connect(self._on_next_clicked)
        self.bad_button = QPushButton(self.tr("Scan a quarantined lot"))
        self.bad_button.clicked.connect(self._on_bad_clicked)
        self.all_button = QPushButton(self.tr("Scan the whole unit"))
        self.all_button.clicked.connect(self._on_all_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(18, 6, 18, 6)
        layout.addWidget(label)
        layout.addWidget(self.hint, 1)
        for button in (self.next_button, self.bad_button, self.all_button):
            button.setFocusPolicy(button.focusPolicy().NoFocus)  # scans go to the station
            layout.addWidget(button)

    def _with_units(self, action: Callable[[], None]) -> None:
        """Runs ``action`` once a unit is ready; reflows ten more boards off the GUI thread first."""
        if 0 <= self._unit < len(self._units):
            action()
            return
        store = self.context.store
        self.hint.setText(self.tr("reflowing ten demo boards at SMT-01…"))
        # Serials must be new in a reused demo database and fit AI (21): 20 characters.
        tag = f"{int(time.time()) % 1_000_000:06d}"

        def prepare() -> tuple[list[UnitScans], str | None]:
            boards = provision_boards(store, 10, f"D{tag}")
            return unit_scans(store.reader, boards, tag), quarantined_lot(store.reader, "BAT-LI-2S")

        def ready(result: tuple[list[UnitScans], str | None]) -> None:
            self._units += result[0]
            self._bad_lot = result[1]
            self._unit = max(self._unit, 0)
            action()

        self.context.run_task(prepare, ready, self._on_prepare_failed)

    def _on_prepare_failed(self, error: TaskError) -> None:
        self.hint.setText(
            self.tr("the simulated scanner cannot prepare units: {message}").format(
                message=error.message
            )
        )

    def _target(self) -> QWidget:
        return QApplication.focusWidget() or self.window()

    def _on_next_clicked(self) -> None:
        self._with_units(self._scan_next)

    def _scan_next(self) -> None:
        unit = self._units[self._unit]
        codes = unit.codes()
        code = codes[self._next]
        names = ["the unit's UDI label", "the board's serial label"]
        what = names[self._next] if self._next < 2 else f"component lot {code}"
        type_burst(code, self._target())
        self._next += 1
        if self._next >= len(codes):
            self._unit += 1
            self._next = 0
        self.hint.setText(self.tr("scanned {what}").format(what=what))

    def _on_bad_clicked(self) -> None:
        self._with_units(self._scan_bad)

    def _scan_bad(self) -> None:
        if self._bad_lot:
            type_burst(self._bad_lot, self._target())
            self.hint.setText(
                self.tr("scanned quarantined lot {bad_lot}").format(bad_lot=self._bad_lot)
            )

    def _on_all_clicked(self) -> None:
        self._with_units(self._scan_all)

    def _scan_all(self) -> None:
        remaining = self._units[self._unit].codes()[self._next :]
        for code in remaining:
            type_burst(code, self._target())
        self.hint.setText(
            self.tr("scanned the {len} remaining labels of the unit").format(len=len(remaining))
        )
        self._unit += 1
        self._next = 0
