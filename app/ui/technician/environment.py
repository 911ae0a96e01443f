"""Technician: the environment windows each step of this station requires (what the operator's
environment panel checks), and each instrument's alarm windows; step windows editable with a reason."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.capture import environment_setup
from app.capture.environment_setup import StepWindows
from app.domain.environment import EnvWindow
from app.domain.instruments import InstrumentConfig
from app.store import instruments
from app.ui.context import StationContext, TaskError
from app.ui.refusals import quantity
from app.ui.supervisor.common import BannerLabel, heading, screen_frame, section

EDITABLE = (3, 4, 5)  # low, high, maximum age


def _number(text: str) -> float | None:
    text = text.strip().replace(",", ".")
    return None if text in ("", "—", "-") else float(text)


def _item(text: str, editable: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
    if editable:
        flags |= Qt.ItemFlag.ItemIsEditable
    item.setFlags(flags)
    return item


class EnvironmentWindowsWidget(QWidget):
    """Every window the operator is checked against at this station, editable with a reason."""

    title = "Environment"
    saved = Signal(int)  # journal rows written

    def __init__(self, context: StationContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        screen_frame(self)
        self.steps: list[StepWindows] = []
        self._shown_once = False

        self.table = QTableWidget(0, 7)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Product"),
                self.tr("Step"),
                self.tr("Quantity"),
                self.tr("Low"),
                self.tr("High"),
                self.tr("Max age (s)"),
                self.tr("Unit"),
            ]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

        self.alarms = QTableWidget(0, 4)
        self.alarms.setHorizontalHeaderLabels(
            [
                self.tr("Instrument"),
                self.tr("Quantity"),
                self.tr("Alarm window"),
                self.tr("Max age"),
            ]
        )
        self.alarms.verticalHeader().setVisible(False)
        self.alarms.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.alarms.setAlternatingRowColors(True)
        alarm_header = self.alarms.horizontalHeader()
        alarm_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        alarm_header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.alarms.setMaximumHeight(170)

        self.reason = QLineEdit()
        self.reason.setPlaceholderText(
            self.tr("reason for the change, e.g. CAPA-2026-044 (kept in the journal)")
        )
        self.message = BannerLabel()
        self.save_button = QPushButton(self.tr("Save windows"))
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self._on_save_clicked)
        self.reload_button = QPushButton(self.tr("Undo edits"))
        self.reload_button.clicked.connect(self._on_reload_clicked)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Reason")))
        row.addWidget(self.reason, 1)
        row.addWidget(self.reload_button)
        row.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(10)
        layout.addWidget(
            heading(
                self.tr("Environment windows at {station}").format(station=context.station_id),
                self.tr(
                    "What each step of this station requires of the environment: the operator's "
                    "panel and every record are checked against these. Double-click a limit to "
                    "change it (empty: no limit); a change needs a reason and is journalled "
                    "with your name."
                ),
            )
        )
        layout.addWidget(section(self.tr("Windows per step")))
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(section(self.tr("Alarm windows per instrument (set in Instruments)")))
        layout.addWidget(self.alarms)
        self.load()

    # -- loading ----------------------------------------------------------------------------------
    def load(self) -> None:
        """Reads the steps' windows and the instruments' alarms (off the GUI thread)."""
        store, station = self.context.store, self.context.station_id

        def work() -> tuple[list[StepWindows], list[InstrumentConfig]]:
            conn = store.reader
            return (
                environment_setup.station_windows(conn, station),
                instruments.configured(conn, station),
            )

        self.context.run_task(work, self._on_loaded, self._on_failed)

    def _on_loaded(self, loaded: tuple[list[StepWindows], list[InstrumentConfig]]) -> None:
        steps, configs = loaded
        self.steps = steps
        rows = [(s, w) for s in steps for w in s.windows]
        self.table.setRowCount(len(rows))
        for r, (step, window) in enumerate(rows):
            values = (
                step.product,
                f"{step.step} {step.name}",
                quantity(window.quantity),
                "" if window.low is None else f"{window.low:g}",
                "" if window.high is None else f"{window.high:g}",
                f"{window.max_age_s:g}",
                window.unit,
            )
            for c, text in enumerate(values):
                item = _item(text, c in EDITABLE)
                if c == 0:
                    item.setData(Qt.ItemDataRole.UserRole, (step, window))
                self.table.setItem(r, c, item)
        alarm_rows = [(c, w) for c in configs for w in c.alarms]
        self.alarms.clearSpans()
        self.alarms.setRowCount(max(1, len(alarm_rows)))
        if not alarm_rows:
            self.alarms.setItem(
                0, 0, _item(self.tr("No instrument of this station has alarm windows set."))
            )
            self.alarms.setSpan(0, 0, 1, 4)
        for r, (config, window) in enumerate(alarm_rows):
            for c, text in enumerate(
                (
                    config.id,
                    quantity(window.quantity),
                    window.describe(),
                    f"{window.max_age_s:g} s",
                )
            ):
                self.alarms.setItem(r, c, _item(text))

    def _on_failed(self, error: TaskError) -> None:
        self.message.set_message(error.message, "bad")

    # -- saving -----------------------------------------------------------------------------------
    def edited_windows(self) -> dict[tuple[str, str], tuple[EnvWindow, ...]]:
        """Each step's windows as the table now says.

        Raises:
            ValueError: a limit that is not a number, naming the row.
        """
        out: dict[tuple[str, str], list[EnvWindow]] = {}
        for r in range(self.table.rowCount()):
            step, window = self._cell(r, 0).data(Qt.ItemDataRole.UserRole)
            texts = [self._cell(r, c).text() for c in EDITABLE]
            try:
                low, high, age = (_number(t) for t in texts)
            except ValueError:
                raise ValueError(
                    self.tr("{step} {quantity}: type numbers (or leave a limit empty)").format(
                        step=step.step, quantity=quantity(window.quantity)
                    )
                ) from None
            out.setdefault((step.product, step.step), []).append(
                EnvWindow(window.quantity, window.unit, low, high, age or window.max_age_s)
            )
        return {key: tuple(windows) for key, windows in out.items()}

    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        item = self.table.item(row, column)
        assert item is not None  # every cell is filled by _on_loaded
        return item

    def save(self) -> None:
        """Journals the changed steps' windows (one ``config`` row per step changed)."""
        try:
            edited = self.edited_windows()
        except ValueError as exc:
            self.message.set_message(str(exc), "bad")
            return
        operator = self.context.view.operator
        by = operator.as_content() if operator else {"name": "unknown"}
        reason = self.reason.text()
        store, station = self.context.store, self.context.station_id

        def work() -> int:
            def write(conn: Any) -> int:
                written = 0
                for (product, step), windows in edited.items():
                    row = environment_setup.save_step_windows(
                        conn, station, product, step, windows, by=by, reason=reason
                    )
                    written += row is not None
                return written

            return int(store.write(write))

        self.save_button.setEnabled(False)
        self.context.run_task(work, self._on_save_done, self._on_save_failed)

    def _on_save_clicked(self) -> None:
        self.save()

    def _on_save_done(self, written: int) -> None:
        self.save_button.setEnabled(True)
        if written:
            self.reason.clear()
            session = self.context.session

            def reload() -> None:
                # The running session checks its next record against the new windows.
                if session.step is not None and session.product is not None:
                    session.step = session.master.step(session.product, session.step.code)

            self.context.run_session(reload)
            self.message.set_message(
                self.tr(
                    "Saved: {n} step(s) changed; the next record is checked against them."
                ).format(n=written),
                "ok",
            )
        else:
            self.message.set_message(self.tr("Nothing changed: nothing was journalled."), "info")
        self.saved.emit(written)
        self.load()

    def _on_save_failed(self, error: TaskError) -> None:
        self.save_button.setEnabled(True)
        self.message.set_message(error.message, "bad")

    def _on_reload_clicked(self) -> None:
        self.message.set_message("")
        self.load()

    def showEvent(self, event: QShowEvent) -> None:
        """Reads again when shown (the plant may have sent new master data)."""
        super().showEvent(event)
        if self._shown_once:
            self.load()
        self._shown_once = True
