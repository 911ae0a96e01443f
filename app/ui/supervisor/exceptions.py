"""The exception queue: flagged records with their reasons, each disposed with a comment."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.capture import exceptions, shifts
from app.capture.exceptions import Decision, ExceptionItem
from app.capture.shifts import Shift
from app.ui.context import StationContext, TaskError
from app.ui.i18n import QT_TRANSLATE_NOOP
from app.ui.models import shift_label
from app.ui.supervisor.common import BannerLabel, card, heading, screen_frame, section
from app.ui.supervisor.line_scope import LINE_EXCEPTION, LINE_RECORD, LineScope, is_local
from app.ui.supervisor.models import ExceptionModel, when
from app.ui.supervisor.record_detail import RecordDetailDialog

DECISIONS = (
    (
        Decision.ACCEPT,
        QT_TRANSLATE_NOOP("ExceptionQueueWidget", "Accept — use as is (no effect on the unit)"),
    ),
    (Decision.REWORK, QT_TRANSLATE_NOOP("ExceptionQueueWidget", "Rework — send the unit back")),
    (
        Decision.QUARANTINE,
        QT_TRANSLATE_NOOP("ExceptionQueueWidget", "Quarantine — hold for quality"),
    ),
    (Decision.SCRAP, QT_TRANSLATE_NOOP("ExceptionQueueWidget", "Scrap")),
)


class ExceptionQueueWidget(QWidget):
    """Flagged records, failed profiles and line conflicts; the supervisor disposes each."""

    title = "Exceptions"
    disposed = Signal(str)  # subject key

    def __init__(self, context: StationContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        screen_frame(self)
        self.detail: RecordDetailDialog | None = None
        self._shown_once = False
        self.model = ExceptionModel(self)
        # The line's other stations' items come from the plant when it answers (view only here).
        self.scope = LineScope(context.store, context.station_id)
        self.scope_banner = BannerLabel()

        self.shift = QComboBox()
        self.shift.addItem(self.tr("All shifts"), None)
        self.shift.setMinimumWidth(270)
        self.shift.currentIndexChanged.connect(self._on_filter_changed)
        self.include_disposed = QCheckBox(self.tr("Show disposed too"))
        self.include_disposed.toggled.connect(self._on_filter_changed)
        self.count = QLabel()
        self.count.setObjectName("screenHint")
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Shift")))
        top.addWidget(self.shift)
        top.addSpacing(12)
        top.addWidget(self.include_disposed)
        top.addStretch()
        top.addWidget(self.count)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setWordWrap(False)
        # Time, station, unit and the rest fit their content; only the reason (its whole text
        # is in the tooltip and the panel) takes what is left and may elide.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.table.doubleClicked.connect(self._on_table_double_clicked)

        self.subject = QLabel(self.tr("Select an exception to dispose of it."))
        self.subject.setWordWrap(True)
        self.subject.setStyleSheet("font-weight: 600;")
        self.reasons = QLabel()
        self.reasons.setWordWrap(True)
        # Several long findings (two readings out of calibration) scroll rather than crowd out
        # the decision, comment and signature below them.
        self.reasons_area = QScrollArea()
        self.reasons_area.setWidget(self.reasons)
        self.reasons_area.setWidgetResizable(True)
        self.reasons_area.setFrameShape(QFrame.Shape.NoFrame)
        self.reasons_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.decision = QComboBox()
        # Each item gets its own decision: the box starts empty for every item selected.
        self.decision.addItem(self.tr("Choose a decision…"), None)
        for value, text in DECISIONS:
            self.decision.addItem(self.tr(text), value)
        self.decision.currentIndexChanged.connect(self._on_decision_changed)
        # A rework order is closed with a signature unless the supervisor says otherwise.
        self.rework_signed = QCheckBox(self.tr("Close it with a signature"))
        self.rework_signed.setChecked(True)
        self.rework_signed.setVisible(False)
        self.comment = QPlainTextEdit()
        self.comment.setPlaceholderText(
            self.tr("Why: what you checked and what it means for the unit (required)")
        )
        self.comment.setMaximumHeight(110)
        # A disposition is an electronic signature (Part 11): user name and password at the
        # first signing after log-in, the password later; both fields are always offered.
        self.username = QLineEdit()
        self.username.setPlaceholderText(self.tr("User name"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Password"))
        self.password.setProperty("linesidePrivate", True)
        self.sign_hint = QLabel(self.tr("Sign with your user name and password"))
        self.sign_hint.setWordWrap(True)
        credentials = QHBoxLayout()
        credentials.addWidget(self.username)
        credentials.addWidget(self.password)
        self.message = BannerLabel()
        # The confirmation of the last disposition stays until the next one: the queue reloads
        # and selects the next item at once, which must not wipe it.
        self.recorded = BannerLabel()
        self.dispose_button = QPushButton(self.tr("Record disposition"))
        self.dispose_button.setObjectName("primary")
        self.dispose_button.clicked.connect(self._on_dispose_clicked)
        self.open_button = QPushButton(self.tr("Open record…"))
        self.open_button.clicked.connect(self._on_open_clicked)
        # One above the other: side by side they crop each other in the narrow panel.
        buttons = QVBoxLayout()
        buttons.addWidget(self.dispose_button)
        buttons.addWidget(self.open_button)
        panel = card(
            section(self.tr("Disposition")),
            self.subject,
            self.reasons_area,
            QLabel(self.tr("Decision")),
            self.decision,
            self.rework_signed,
            QLabel(self.tr("Comment")),
            self.comment,
            self.sign_hint,
            self.message,
            self.recorded,
        )
        panel_layout = panel.layout()
        assert isinstance(panel_layout, QVBoxLayout)
        panel_layout.insertLayout(panel_layout.indexOf(self.message), credentials)
        panel_layout.setStretchFactor(self.reasons_area, 1)
        panel_layout.addLayout(buttons)
        panel_layout.addStretch()
        panel.setMinimumWidth(340)
        panel.setMaximumWidth(380)

        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(panel)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(10)
        layout.addWidget(
            heading(
                self.tr("Exception queue"),
                self.tr(
                    "Records flagged for environment out of window, stale or out-of-calibration "
                    "readings, failed reflow profiles and line conflicts. Dispose of each with a "
                    "comment; the disposition is journalled with your name."
                ),
            )
        )
        layout.addWidget(self.scope_banner)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        self._set_selected(None)
        store, station_id = context.store, context.station_id
        context.run_task(
            lambda: shifts.recent_shifts(
                store.reader, 12, shifts.shift_plan(store.reader, station_id)
            ),
            self._on_shifts_loaded,
            self._on_failed,
        )
        self.refresh()

    # -- loading ----------------------------------------------------------------------------------
    def _on_shifts_loaded(self, shifts: list[Shift]) -> None:
        self.shift.blockSignals(True)
        for shift in shifts:
            self.shift.addItem(shift_label(shift), shift)
        self.shift.blockSignals(False)

    def refresh(self) -> None:
        """Reloads the queue with the chosen filters."""
        shift: Shift | None = self.shift.currentData()
        include = self.include_disposed.isChecked()
        scope = self.scope
        self.context.run_task(
            lambda: scope.exception_items(shift, include),
            self._on_queue_loaded,
            self._on_failed,
        )

    def _on_queue_loaded(self, items: list[ExceptionItem]) -> None:
        self.scope.show(self.scope_banner)
        selected = self.selected()
        self.model.set_rows(items)
        open_items = sum(1 for i in items if i.open)
        self.count.setText(
            self.tr("{open_items} open").format(open_items=open_items)
            + (self.tr(" · {len} shown").format(len=len(items)) if len(items) != open_items else "")
        )
        if selected is not None:
            for row in range(self.model.rowCount()):
                if self.model.row_at(row).subject == selected.subject:
                    self.table.selectRow(row)
                    return
        if items:
            self.table.selectRow(0)
        else:
            self._set_selected(None)
            self.subject.setText(self.tr("Nothing to dispose of: the queue is empty. ✔"))

    def _on_failed(self, error: TaskError) -> None:
        self.message.set_message(error.message, "bad")

    def _on_filter_changed(self, *_args: object) -> None:
        self.refresh()

    # -- selection and disposition ----------------------------------------------------------------
    def selected(self) -> ExceptionItem | None:
        """The exception selected."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _set_selected(self, item: ExceptionItem | None) -> None:
        # Another station's item is disposed of at that station.
        enabled = item is not None and item.open and is_local(item)
        for w in (
            self.decision,
            self.rework_signed,
            self.comment,
            self.username,
            self.password,
            self.dispose_button,
        ):
            w.setEnabled(enabled)
        self.open_button.setEnabled(item is not None and item.source == "record")
        self.decision.setCurrentIndex(0)
        self.rework_signed.setChecked(True)
        self.comment.clear()
        if item is None:
            self.subject.setText(self.tr("Select an exception to dispose of it."))
            self.reasons.setText("")
            return
        what = {
            "record": self.tr("Record"),
            "profile": self.tr("Reflow profile"),
            "conflict": self.tr("Line conflict"),
            LINE_RECORD: self.tr("Record of another station (dispose of it there)"),
            LINE_EXCEPTION: self.tr("Conflict raised at the plant"),
        }
        self.subject.setText(
            self.tr("{get} of {value} at {station}, {when}").format(
                get=what.get(item.source, item.source),
                value=item.unit or "—",
                station=item.station,
                when=when(item.recorded_at),
            )
            + (f", {item.operator_name}" if item.operator_name else "")
        )
        self.reasons.setText("\n".join(f"• {r}" for r in item.reasons))
        if item.disposition:
            d = item.disposition
            self.message.set_message(
                self.tr("Disposed: {decision} by {name} at {when} — {comment}").format(
                    decision=d["decision"],
                    name=d["by"]["name"],
                    when=when(d["recorded_at"]),
                    comment=d["comment"],
                ),
                "ok",
            )
        else:
            self.message.set_message("")

    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._set_selected(self.selected())

    def dispose(
        self, decision: Decision, comment: str, password: str, username: str | None = None
    ) -> None:
        """Disposes of the selected exception, signed (off the GUI thread)."""
        item = self.selected()
        if item is None:
            return
        session, subject, unit = self.context.session, item.subject, item.unit
        close = "signed" if self.rework_signed.isChecked() else "unsigned"
        self.dispose_button.setEnabled(False)
        self.message.set_message(self.tr("Recording…"), "info")
        self.recorded.set_message("")
        self.context.run_task(
            lambda: exceptions.dispose(
                session,
                subject,
                decision,
                comment,
                password,
                username=username,
                rework_close=close,
            ),
            lambda _row: self._on_dispose_done(subject, decision, unit),
            self._on_dispose_failed,
        )

    def _on_decision_changed(self, _index: int) -> None:
        self.rework_signed.setVisible(self.decision.currentData() == Decision.REWORK)

    def _on_dispose_clicked(self) -> None:
        decision = self.decision.currentData()
        if decision is None:
            self.message.set_message(
                self.tr("Choose a decision for this item, then record it."), "bad"
            )
            self.decision.setFocus()
            return
        name = self.username.text().strip() or None
        self.dispose(decision, self.comment.toPlainText(), self.password.text(), name)
        self.password.clear()

    def _on_dispose_done(self, subject: str, decision: Decision, unit: str) -> None:
        self.comment.clear()
        self.message.set_message("")
        self.recorded.set_message(
            self.tr("✔ Disposition recorded: {decision} for {unit}, signed with your name.").format(
                decision=self.tr(dict(DECISIONS)[decision]).split(" — ")[0], unit=unit or "—"
            ),
            "ok",
        )
        self.disposed.emit(subject)
        self.refresh()

    def _on_dispose_failed(self, error: TaskError) -> None:
        self.dispose_button.setEnabled(True)
        self.message.set_message(error.message, "bad")

    def _on_open_clicked(self) -> None:
        item = self.selected()
        if item is not None and item.source == "record":
            self.detail = RecordDetailDialog(self.context, item.subject, self)
            self.detail.open()

    def _on_table_double_clicked(self, _index: QModelIndex) -> None:
        self._on_open_clicked()

    def showEvent(self, event: QShowEvent) -> None:
        """Reloads when coming back to the queue."""
        super().showEvent(event)
        if self._shown_once:
            self.refresh()
        self._shown_once = True
