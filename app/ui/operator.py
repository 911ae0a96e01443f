"""The operator station: scan feedback, the step's checklist, live environment, profile, today's records."""

from __future__ import annotations

import time
from itertools import pairwise
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.capture.events import CaptureRefused, Committed, Event, SessionView
from app.domain.entry import EntryMethod
from app.ui.context import StationContext, TaskError
from app.ui.i18n import Counts
from app.ui.instructions import WorkInstructionsWidget
from app.ui.models import ChecklistModel, TodayRecordsModel, board_profile, today_records
from app.ui.operator_panels import (
    CorrectionDialog,
    EnvironmentPanelWidget,
    FeedbackWidget,
    ProfilePanelWidget,
    RemoveScanDialog,
    confirm_leaving_unit,
)
from app.ui.refusals import quantity, refusal_text
from app.ui.resources import SoundPlayer
from app.ui.rework import ReworkDialog, load_orders


class OperatorStationWidget(QWidget):
    """The operator's screen. Scans arrive through ``handle_scan`` (the wedge filter, a serial
    scanner, the typed-entry field); every session call runs off the GUI thread.
    """

    feedback_shown = Signal(str, str)  # state, title: after the banner changed (tests, benchmark)
    record_committed = Signal(object)  # Committed

    def __init__(
        self,
        context: StationContext,
        parent: QWidget | None = None,
        *,
        sounds: SoundPlayer | None = None,
        environment_label: str = "",
        auto_commit: bool = True,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.session = context.session
        self.sounds = sounds or SoundPlayer(muted=True, parent=self)
        self.auto_commit = auto_commit
        self._committing = False
        self._board: str | None = None
        self.scan_started: dict[str, float] = {}
        self.remove_dialog: RemoveScanDialog | None = None  # open while it asks which scan

        self.header = QLabel()
        self.header.setObjectName("stepHeader")
        self.header.setWordWrap(True)
        self.unit = QLabel()
        self.unit.setObjectName("unitLabel")
        self.feedback = FeedbackWidget(self)

        self.checklist_model = ChecklistModel(self)
        self.checklist = QTableView()
        self.checklist.setObjectName("checklist")
        self.checklist.setModel(self.checklist_model)
        self._table_look(self.checklist, stretch=2)
        self.checklist.horizontalHeader().setStretchLastSection(False)
        # Part numbers and the scanned lots and serials fit their content; the description takes
        # what is left, and gives way (its words stay in the part's tooltip) when that is too
        # little to read, as beside a work instruction at 1366 px.
        for col in (0, 1, 3):
            self.checklist.horizontalHeader().setSectionResizeMode(
                col, QHeaderView.ResizeMode.ResizeToContents
            )
        self.checklist.viewport().installEventFilter(self)
        self.checklist_model.modelReset.connect(self._fit_checklist)

        self.typed = QLineEdit()
        self.typed.setObjectName("typedEntry")
        self.typed.setPlaceholderText(
            self.tr("No scanner? Type a code and press Enter (recorded as typed)")
        )
        self.typed.returnPressed.connect(self._on_typed_return_pressed)
        # The field keeps the focus after each typed entry and eats Del; empty, Del removes a scan.
        self.typed.installEventFilter(self)

        self.commit_button = QPushButton(self.tr("Commit record  [F9]"))
        self.commit_button.setObjectName("primary")
        self.commit_button.clicked.connect(self._on_commit_clicked)
        self.remove_button = QPushButton(self.tr("Remove selected scan  [Del]"))
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.clear_button = QPushButton(self.tr("Start unit over  [Esc]"))
        self.clear_button.clicked.connect(self._on_clear_clicked)
        self.correct_button = QPushButton(self.tr("Correct a record…  [F8]"))
        self.correct_button.clicked.connect(self._on_correct_clicked)
        for button in (self.commit_button, self.remove_button, self.clear_button):
            button.setMinimumHeight(52)
        self.correct_button.setMinimumHeight(40)
        self.rework_button = QPushButton(self.tr("Rework…  [F7]"))
        self.rework_button.setObjectName("reworkButton")
        self.rework_button.clicked.connect(self._on_rework_clicked)
        self.rework_button.setMinimumHeight(40)
        self.rework_dialog: ReworkDialog | None = None  # open while a rework is worked

        self.environment = EnvironmentPanelWidget(context, environment_label, self)
        self.profile = ProfilePanelWidget(self)
        self.records_model = TodayRecordsModel(self)
        self.records = QTableView()
        self.records.setModel(self.records_model)
        # The verdict's mark, the time and the serial fit their content and are never cut; the
        # verdict in words is in the tooltip.
        self._table_look(self.records, stretch=2)
        self.records.horizontalHeader().setStretchLastSection(False)
        self.records.setObjectName("records")
        for col in (0, 1):
            self.records.horizontalHeader().setSectionResizeMode(
                col, QHeaderView.ResizeMode.ResizeToContents
            )
        self.records.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        records_panel = QFrame()
        records_panel.setObjectName("panel")
        rp = QVBoxLayout(records_panel)
        self.records_title = QLabel(self.tr("Today at this station"))
        self.records_title.setObjectName("panelTitle")
        rp.addWidget(self.records_title)
        rp.addWidget(self.records)
        rp.addWidget(self.correct_button)
        rp.addWidget(self.rework_button)

        left = QVBoxLayout()
        left.addWidget(self.header)
        left.addWidget(self.feedback)
        left.addWidget(self.unit)
        # The step's work instruction beside the checklist (text and pictures from master data).
        self.instructions = WorkInstructionsWidget(context, self)
        self.instructions.setMaximumWidth(290)  # the checklist keeps room for its descriptions
        work = QHBoxLayout()
        work.addWidget(self.checklist, 5)
        work.addWidget(self.instructions, 3)
        left.addLayout(work, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.commit_button, 2)
        buttons.addWidget(self.remove_button, 1)
        buttons.addWidget(self.clear_button, 1)
        left.addLayout(buttons)
        left.addWidget(self.typed)
        right = QVBoxLayout()
        right.addWidget(self.environment)
        right.addWidget(self.profile)
        right.addWidget(records_panel, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(18, 8, 18, 8)
        layout.setSpacing(18)
        layout.addLayout(left, 3)
        # The right column scrolls before it grows the window past a 768 px panel (three
        # environment values and a failed profile's violations at SMT); the records go first.
        right_box = QWidget()
        right_box.setObjectName("operatorSide")
        right.setContentsMargins(0, 0, 0, 0)
        right_box.setLayout(right)
        side = QScrollArea()
        side.setObjectName("operatorSideScroll")
        side.setWidgetResizable(True)
        side.setFrameShape(QFrame.Shape.NoFrame)
        side.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        side.setWidget(right_box)
        layout.addWidget(side, 2)

        # Tab walks the screen in reading order; the tables hand Tab on instead of keeping it.
        for view in (self.checklist, self.records):
            view.setTabKeyNavigation(False)
        order = [
            self.typed,
            self.checklist,
            self.commit_button,
            self.remove_button,
            self.clear_button,
            self.records,
            self.correct_button,
            self.rework_button,
        ]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)

        for key, slot in (
            ("F9", self._on_commit_clicked),
            ("Del", self._on_remove_clicked),
            ("Esc", self._on_clear_clicked),
            ("F8", self._on_correct_clicked),
            ("F7", self._on_rework_clicked),
        ):
            QShortcut(QKeySequence(key), self).activated.connect(slot)

        signals = context.signals
        assert signals is not None
        signals.accepted.connect(self._on_session_accepted)
        signals.refused.connect(self._on_session_refused)
        signals.committed.connect(self._on_session_committed)
        signals.assignment.connect(self._on_session_assignment)
        signals.login.connect(self._on_session_assignment)
        signals.cleared.connect(self._on_session_assignment)
        self.refresh()
        self._ready()
        self.refresh_records()

    # Below this many pixels the description column is not worth showing.
    DESCRIPTION_MIN_PX = 150

    def _fit_checklist(self) -> None:
        """Shows the description column only when it has room to be read."""
        table, head = self.checklist, self.checklist.horizontalHeader()
        others = sum(max(table.sizeHintForColumn(c), head.sectionSizeHint(c)) for c in (0, 1, 3))
        room = table.viewport().width() - others
        narrow = room < self.DESCRIPTION_MIN_PX
        if narrow != table.isColumnHidden(2):
            table.setColumnHidden(2, narrow)
            mode = QHeaderView.ResizeMode
            head.setSectionResizeMode(3, mode.Stretch if narrow else mode.ResizeToContents)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Del in the empty typed-entry field removes a scan, as it does anywhere else; the
        checklist fits its columns to its width."""
        if watched is self.checklist.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_checklist()
        if (
            watched is self.typed
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Delete
            and not self.typed.text()
        ):
            self._on_remove_clicked()
            return True
        return super().eventFilter(watched, event)

    @staticmethod
    def _table_look(view: QTableView, stretch: int) -> None:
        view.verticalHeader().hide()
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setShowGrid(False)
        view.setAlternatingRowColors(True)
        view.horizontalHeader().setStretchLastSection(True)
        view.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # Tab goes on to the next control (arrows move within the table); with tab-key navigation a
        # table with rows kept Tab for its own cells and the focus never left it.
        view.setTabKeyNavigation(False)

    # -- scans ------------------------------------------------------------------------------------
    def handle_scan(
        self, text: str, entry: EntryMethod = EntryMethod.KEYBOARD_WEDGE, at_ms: float = 0.0
    ) -> None:
        """Hands a scan to the session on its worker; the answer comes back as a signal."""
        self.scan_started[text] = at_ms or time.monotonic() * 1000
        session = self.session
        self.context.run_session(
            lambda: session.scan(text, entry), self._on_scan_done, self._on_task_error
        )

    def _on_typed_return_pressed(self) -> None:
        text = self.typed.text().strip()
        self.typed.clear()
        if text:
            self.handle_scan(text, EntryMethod.TYPED)

    def _on_scan_done(self, _event: Event) -> None:
        self.refresh()
        self._maybe_commit()

    def _on_task_error(self, error: TaskError) -> None:
        if isinstance(error.original, CaptureRefused):
            return  # the session already told us through the refused signal
        self._show(
            "bad",
            self.tr("That did not work"),
            self.tr("{error}. Nothing was recorded.").format(error=error.message),
        )
        self.sounds.play("refused")

    # -- session events ---------------------------------------------------------------------------
    def _on_session_accepted(self, event: Event) -> None:
        kind = event.kind
        view = event.view or self.view
        if kind == "unit":
            serial = str(event.data.get("serial"))
            self._show(
                "ok",
                self.tr("Unit {serial}").format(serial=serial),
                self.tr("Now scan each component on the list."),
            )
            if view.step is not None and view.step.requires_profile:
                self._look_up_profile(serial)
        elif kind == "component":
            left = view.left
            nxt = (
                self.tr("Step complete: committing…")
                if left == 0
                else self.tr("%n still to scan.", "", left)
            )
            warning = self._warning_text(event)
            if warning:  # accepted, but the floor life is running out or the lot is overdrawn
                self._show("warn", f"⚠ {self._accepted_title(event)}", f"{warning}\n{nxt}")
            else:
                self._show("ok", f"✔ {self._accepted_title(event)}", nxt)
            if str(event.data.get("part_number", "")).startswith("PCBA"):
                self._look_up_profile(str(event.data.get("id")))
        elif kind == "removed":
            self._show("idle", self._removed_title(event), self.tr("Scan the right one."))
        self.sounds.play("accepted")
        self.refresh()

    def _on_session_refused(self, event: Event) -> None:
        finding = event.finding
        title = "✘ " + self.tr("Refused")
        if finding is not None and finding.subject and len(finding.subject) <= 32:
            title = "✘ " + self.tr("{subject} refused").format(subject=quantity(finding.subject))
        elif finding is not None and finding.subject:
            title = "✘ " + self.tr("Scan refused")
        blocking = event.data.get("blocking", ())
        self._show("bad", title, refusal_text(finding, event.message, blocking))
        self.sounds.play("refused")
        self.refresh()

    def _on_session_committed(self, event: Event) -> None:
        status = str(event.data.get("status", "accepted"))
        detail = self.tr("Scan the next unit.")
        if status == "flagged":
            detail = self.tr("Recorded with a flag for the supervisor. Scan the next unit.")
        serial = event.message.removeprefix("unit ").split(" ")[0]
        said = {"accepted": self.tr("accepted"), "flagged": self.tr("flagged")}.get(status, status)
        self._show(
            "done",
            "✔ " + self.tr("Recorded: unit {serial} · {status}").format(serial=serial, status=said),
            detail,
        )
        self.sounds.play("committed")
        self._board = None
        self.profile.show_profile(None, None)
        self.refresh()
        self.refresh_records()

    def _on_session_assignment(self, _event: Event) -> None:
        self.refresh()
        self._ready()

    def _ready(self) -> None:
        """The idle banner says what starts a unit at this step (a board at SMT, else a UDI)."""
        if self.feedback.state == "idle" and not self.view.unit_serial:
            self._show(
                "idle",
                self.tr("Ready"),
                self.tr("{prompt} to start.").format(prompt=_capital(unit_prompt(self.view))),
            )

    def _accepted_title(self, event: Event) -> str:
        data = event.data
        return self.tr("{description}: {id} accepted").format(
            description=data.get("description", data.get("part_number", "")), id=data.get("id")
        )

    def _warning_text(self, event: Event) -> str:
        """The materials warnings of an accepted component, in the reader's language."""
        if not event.data.get("warnings"):
            return ""
        clock = event.data.get("floor_life") or {}
        left = clock.get("remaining_h")
        if clock.get("warned") and left is not None:
            return self.tr(
                "{pack}: {hours} h {minutes} min of floor life left: use it or bake it"
            ).format(
                pack=clock.get("pack", ""),
                hours=int(left),
                minutes=round((left - int(left)) * 60),
            )
        return self.tr("{id} is used beyond what the lot holds: tell your supervisor").format(
            id=event.data.get("id", "")
        )

    def _removed_title(self, event: Event) -> str:
        return self.tr("{id} removed").format(id=event.data.get("id", ""))

    # -- commit, remove, clear, correct -----------------------------------------------------------
    @property
    def view(self) -> SessionView:
        """The session as the newest event showed it (never the live session: see SessionSignals)."""
        assert self.context.signals is not None
        return self.context.view

    def _complete(self) -> bool:
        return self.view.complete

    def _maybe_commit(self) -> None:
        if self.auto_commit and self._complete() and not self._committing:
            self.commit()

    def commit(self) -> None:
        """Commits the record on the session worker (refusals come back as signals)."""
        self._committing = True
        session = self.session
        self.context.run_session(
            lambda: session.commit(), self._on_commit_done, self._on_commit_error
        )

    def _on_commit_done(self, committed: Committed) -> None:
        self._committing = False
        self.record_committed.emit(committed)

    def _on_commit_error(self, error: TaskError) -> None:
        self._committing = False
        self._on_task_error(error)
        self.refresh()

    def _on_commit_clicked(self) -> None:
        if not self._committing:
            self.commit()

    def _on_remove_clicked(self) -> None:
        rows = self.checklist.selectionModel().selectedRows()
        if not rows:
            components = self.view.components
            if not components:
                self._show(
                    "idle", self.tr("Nothing to remove"), self.tr("No component is scanned yet.")
                )
                return
            dialog = RemoveScanDialog(
                [(c.id, f"{c.part_number} · {c.id}") for c in components], self
            )
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.accepted.connect(lambda: self._remove(dialog.chosen()))
            self.remove_dialog = dialog
            dialog.open()
            return
        line = self.checklist_model.row_at(rows[0].row())
        if not line.scanned:
            self._show(
                "idle",
                self.tr("Nothing to remove"),
                self.tr("{part} is not scanned.").format(part=line.bom.part_number),
            )
            return
        target = line.scanned[-1].id
        self._remove(target)

    def _remove(self, target: str) -> None:
        if not target:
            return
        session = self.session
        self.context.run_session(
            lambda: session.remove(target), lambda _r: self.refresh(), self._on_task_error
        )

    def _on_clear_clicked(self) -> None:
        view = self.view
        if view.components:
            confirm_leaving_unit(
                self, view.unit_serial, len(view.components), self.tr("Start over"), self._clear
            )
        else:
            self._clear()

    def _clear(self) -> None:
        session = self.session
        self.context.run_session(
            lambda: session.clear(), lambda _r: self._on_cleared(), self._on_task_error
        )

    def _on_cleared(self) -> None:
        self._show("idle", self.tr("Unit started over"), f"{_capital(unit_prompt(self.view))}.")
        self.profile.show_profile(None, None)
        self.refresh()

    def _on_correct_clicked(self) -> None:
        rows = self.records.selectionModel().selectedRows()
        if not rows:
            if not self.records_model.rowCount():
                self._show(
                    "idle",
                    self.tr("No record to correct"),
                    self.tr("Nothing was recorded here today."),
                )
                return
            self.records.selectRow(0)
            rows = self.records.selectionModel().selectedRows()
        record = self.records_model.row_at(rows[0].row())
        store = self.context.store
        self.context.run_task(
            lambda: [
                str(r[0])
                for r in store.reader.execute(
                    "SELECT component FROM components WHERE record_key = ?", (record.key,)
                )
            ],
            lambda components: self._open_correction(record.key, record.unit, components),
            self._on_task_error,
        )

    def _open_correction(self, key: str, unit: str, components: list[str]) -> None:
        dialog = CorrectionDialog(key, unit, components, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._on_correction_accepted(dialog, key, unit))
        dialog.open()  # window-modal, without a nested event loop

    def _on_correction_accepted(self, dialog: CorrectionDialog, key: str, unit: str) -> None:
        reason, replace = dialog.reason.text().strip(), dialog.replace()
        session = self.session
        self.context.run_session(
            lambda: session.correct(key, reason, replace=replace),
            lambda c: self._on_corrected(unit, c),
            self._on_task_error,
        )

    def _on_corrected(self, unit: str, _committed: Committed) -> None:
        self._show(
            "done",
            self.tr("Correction of {unit} recorded").format(unit=unit),
            self.tr("The original record stays, marked."),
        )
        self.refresh_records()

    # -- rework -----------------------------------------------------------------------------------
    def _on_rework_clicked(self) -> None:
        conn = self.context.store.reader
        self.context.run_task(lambda: load_orders(conn), self._open_rework, self._on_task_error)

    def _open_rework(self, orders: list[dict[str, Any]]) -> None:
        if not orders:
            self._show(
                "idle",
                self.tr("No rework order is open"),
                self.tr("A supervisor opens one by deciding “rework” on an exception."),
            )
            return
        dialog = ReworkDialog(self.context, orders, self.view.unit_serial, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.step_recorded.connect(lambda row: self._on_rework_step_recorded(dialog, row))
        dialog.order_closed.connect(lambda _row: self._on_rework_order_closed(dialog))
        dialog.finished.connect(self._on_rework_finished)
        self.rework_dialog = dialog
        self._show_rework(dialog)
        dialog.open()  # window-modal, without a nested event loop

    def _show_rework(self, dialog: ReworkDialog) -> None:
        """The banner says the station is in rework, for which unit and order."""
        self._show(
            "warn",
            self.tr("Rework of {unit}").format(unit=dialog.unit_text()),
            self.tr("Rework order {order}: record each step, then close the order.").format(
                order=dialog.current["record_key"]
            ),
        )

    def _on_rework_step_recorded(self, dialog: ReworkDialog, _row: Any) -> None:
        self._show(
            "done",
            self.tr("Rework step recorded for {unit}").format(unit=dialog.unit_text()),
            self.tr("Record the next step, or close the rework order when the work is done."),
        )
        self.sounds.play("committed")
        self.refresh_records()

    def _on_rework_order_closed(self, dialog: ReworkDialog) -> None:
        self._show(
            "done",
            self.tr("Rework order of {unit} closed").format(unit=dialog.unit_text()),
            self.tr("The unit may be released once nothing else awaits a decision."),
        )
        self.refresh_records()

    def _on_rework_finished(self, result: int) -> None:
        self.rework_dialog = None
        if result != ReworkDialog.DialogCode.Accepted:
            self._show(
                "idle", self.tr("Back to production"), f"{_capital(unit_prompt(self.view))}."
            )

    # -- showing ----------------------------------------------------------------------------------
    def show_problem(self, what: str, message: str) -> None:
        """A device problem (scanner, instrument) in the feedback banner."""
        self._show("bad", f"✘ {what}", message)
        self.sounds.play("refused")

    def _show(self, state: str, title: str, detail: str) -> None:
        self.feedback.show_message(state, title, detail)
        self.feedback_shown.emit(state, title)

    def refresh(self) -> None:
        """Shows the work order, step, unit and checklist of the newest session event's view."""
        s = self.view
        station = f"{s.station_id} · {s.station_name}"
        if s.step is None:
            self.header.setText(
                f"{station}\n" + self.tr("No work order: scan the work order sheet")
            )
        else:
            self.header.setText(
                f"{station}\n"
                + self.tr("Work order {order} · {product} · step {code} {name}").format(
                    order=s.work_order, product=s.product, code=s.step.code, name=s.step.name
                )
            )
        self.instructions.show_step(s.product, None if s.step is None else s.step.code)
        lines = s.checklist
        self.checklist_model.set_rows(list(lines))
        done = sum(1 for line in lines if line.complete)
        unit = s.unit_serial or unit_prompt(s)
        self.unit.setText(
            self.tr("Unit: {unit}    ·    {done} of {total} components").format(
                unit=unit, done=done, total=len(lines)
            )
        )
        self.commit_button.setEnabled(self._complete() and not self._committing)
        self.remove_button.setEnabled(bool(s.components))

    def refresh_records(self) -> None:
        """Re-reads today's records on a worker."""
        store, station = self.context.store, self.context.station_id
        self.context.run_task(
            lambda: today_records(store.reader, station),
            self._on_records_loaded,
            self._on_task_error,
        )

    def _on_records_loaded(self, rows: list[Any]) -> None:
        self.records_model.set_rows(rows)
        self.records_title.setText(
            self.tr("Today at this station · {count}").format(count=records_count(len(rows)))
        )

    def _look_up_profile(self, board: str) -> None:
        self._board = board
        store, session = self.context.store, self.session

        def look_up() -> dict[str, Any] | None:
            check = session.profiles.profile_for(
                board
            )  # the profiler's verdict (SMT: before the record)
            return check.as_content() if check is not None else board_profile(store.reader, board)

        self.context.run_task(
            look_up,
            lambda p: self.profile.show_profile(board, p),
            self._on_task_error,
        )


def records_count(n: int) -> str:
    """How many records, as a person says it."""
    return Counts().records(n)


def unit_prompt(view: SessionView) -> str:
    """What starts a unit at this step: a board's serial at a reflow (SMT) step, else the UDI."""
    if view.step is not None and view.step.requires_profile:
        return QCoreApplication.translate("OperatorStationWidget", "scan the board's serial label")
    return QCoreApplication.translate("OperatorStationWidget", "scan the unit's UDI label")


def _capital(text: str) -> str:
    """``text`` with its first letter upper case (and nothing else changed: "UDI" stays)."""
    return text[:1].upper() + text[1:]
