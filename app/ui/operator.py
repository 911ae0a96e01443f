"""The operator station: scan feedback, the step's checklist, live environment, profile, today's records."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.capture.events import CaptureRefused, Committed, Event, SessionView
from app.capture.session import judge_environment
from app.domain.entry import EntryMethod
from app.domain.environment import Calibration, EnvStatus, EnvValue
from app.ui.context import StationContext, TaskError
from app.ui.models import ChecklistModel, TodayRecordsModel, board_profile, today_records
from app.ui.resources import SoundPlayer

QUANTITY_NAMES = {
    "relative_humidity": "Humidity",
    "temperature": "Temperature",
    "o2_ppm": "Residual O₂",
    "dew_point": "Dew point",
}


def _set_state(widget: QWidget, state: str) -> None:
    """Sets the ``state`` property the style sheet colours by, and re-polishes."""
    widget.setProperty("state", state)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


class FeedbackWidget(QFrame):
    """The big banner that answers every scan: what was accepted, or why not and what to do."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("feedback")
        self.title = QLabel("Ready")
        self.title.setObjectName("feedbackTitle")
        self.title.setWordWrap(True)
        self.detail = QLabel("Scan the unit's UDI label to start.")
        self.detail.setObjectName("feedbackDetail")
        self.detail.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 14, 24, 14)
        layout.addWidget(self.title)
        layout.addWidget(self.detail)
        self.state = "idle"
        _set_state(self, "idle")

    def show_message(self, state: str, title: str, detail: str = "") -> None:
        """Shows ``title`` large and ``detail`` below it; ``state`` is ok, bad, done or idle."""
        self.state = state
        self.title.setText(title)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        _set_state(self, state)


class EnvValueWidget(QFrame):
    """One live environmental value: name, value, window, age and calibration, coloured."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("envValue")
        self.name = QLabel()
        self.name.setObjectName("envName")
        self.value = QLabel("—")
        self.value.setObjectName("envNumber")
        self.meta = QLabel()
        self.meta.setObjectName("envMeta")
        self.meta.setWordWrap(True)
        layout = QGridLayout(self)
        layout.setContentsMargins(14, 8, 14, 8)
        layout.addWidget(self.name, 0, 0)
        layout.addWidget(self.value, 0, 1, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.meta, 1, 0, 1, 2)
        self.state = ""

    def show_value(self, value: EnvValue) -> None:
        """Shows ``value`` green (ok), amber (due soon, ageing) or red (unusable)."""
        window = value.window
        self.name.setText(QUANTITY_NAMES.get(window.quantity, window.quantity))
        m = value.measurement
        if m is None:
            self.value.setText("no reading")
            self.meta.setText(f"window {window.describe()} · no instrument reports it")
            state = "bad"
        else:
            self.value.setText(f"{m.value:.1f} {m.unit}")
            age = value.age_s or 0.0
            cal = {
                Calibration.VALID: f"calibrated to {m.calibration_due}",
                Calibration.DUE_SOON: f"calibration due {m.calibration_due}",
                Calibration.OVERDUE: f"calibration OVERDUE since {m.calibration_due}",
                Calibration.NONE: "not calibrated",
            }[m.calibration]
            self.meta.setText(
                f"window {window.describe()} · {age:.0f} s ago · {m.instrument} · {cal}"
            )
            if value.status is not EnvStatus.OK:
                state = "bad"
            elif m.calibration is Calibration.DUE_SOON or age > window.max_age_s / 2:
                state = "warn"
            else:
                state = "ok"
        self.setToolTip(value.describe())
        if state != self.state:
            self.state = state
            _set_state(self, state)


class EnvironmentPanelWidget(QFrame):
    """The live environmental panel: every value the step requires, refreshed every second."""

    def __init__(self, context: StationContext, label: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("panel")
        self.context = context
        # Services, not session state: the instruments' latest readings and the session's clock.
        self._provider = context.session.environment
        self._clock = context.session.clock
        title = QLabel("Environment")
        title.setObjectName("panelTitle")
        self.source = QLabel(label)
        self.source.setObjectName("panelNote")
        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch()
        head.addWidget(self.source)
        self._layout = QVBoxLayout(self)
        self._layout.addLayout(head)
        self.values: list[EnvValueWidget] = []
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._timer.start(1000)
        self.refresh()

    def refresh(self) -> None:
        """Judges every value the current step requires (as the last session event showed it) now."""
        assert self.context.signals is not None
        snapshot = judge_environment(self.context.view.step, self._provider, self._clock())
        while len(self.values) < len(snapshot):
            widget = EnvValueWidget(self)
            self.values.append(widget)
            self._layout.addWidget(widget)
        for widget, value in zip(self.values, snapshot, strict=False):
            widget.show_value(value)
        for widget in self.values[len(snapshot) :]:
            widget.hide()

    def _on_timer_timeout(self) -> None:
        self.refresh()


class ProfilePanelWidget(QFrame):
    """The reflow profile verdict of the board in this unit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        title = QLabel("Reflow profile")
        title.setObjectName("panelTitle")
        self.verdict = QLabel("no board scanned yet")
        self.verdict.setObjectName("profileVerdict")
        self.verdict.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.verdict)
        self.show_profile(None, None)

    def show_profile(self, board: str | None, profile: dict[str, Any] | None) -> None:
        """Shows the verdict of ``board``'s profile (None: none recorded)."""
        if board is None:
            self.verdict.setText("no board scanned yet")
            _set_state(self.verdict, "idle")
        elif profile is None:
            self.verdict.setText(f"{board}: no reflow profile recorded")
            _set_state(self.verdict, "bad")
        else:
            passed = bool(profile.get("passed"))
            spec = profile.get("spec") or "specification"
            recipe = profile.get("recipe") or ""
            when = str(profile.get("measured_at") or "")[:16].replace("T", " ")
            text = f"{'PASS' if passed else 'FAIL'} · {board}\n{spec} · {recipe} · {when}"
            if not passed and profile.get("violations"):
                text += "\n" + "; ".join(profile["violations"])
            if not passed:
                text += "\n→ This board cannot be recorded: set it aside and tell your supervisor."
            self.verdict.setText(text)
            _set_state(self.verdict, "ok" if passed else "bad")


class CorrectionDialog(QDialog):
    """A correction of a committed record: a reason, optionally a replaced component."""

    def __init__(self, record_key: str, unit: str, components: list[str], parent: Any = None):
        super().__init__(parent)
        self.setWindowTitle(f"Correct the record of {unit}")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("why (required), e.g. wrong battery lot scanned")
        self.component = QComboBox()
        self.component.addItem("— no component replaced —", "")
        for c in components:
            self.component.addItem(c, c)
        self.replacement = QLineEdit()
        self.replacement.setPlaceholderText("scan or type the right lot")
        form = QFormLayout(self)
        form.addRow(QLabel(f"Record {record_key}"))
        form.addRow("Reason", self.reason)
        form.addRow("Replace component", self.component)
        form.addRow("With", self.replacement)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)

    def _on_buttons_accepted(self) -> None:
        if self.reason.text().strip():
            self.accept()
        else:
            self.reason.setFocus()

    def replace(self) -> dict[str, str]:
        """Component id -> scanned replacement, as ``CaptureSession.correct`` takes it."""
        old = str(self.component.currentData() or "")
        new = self.replacement.text().strip()
        return {old: new} if old and new else {}


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
        for col in (0, 1):
            self.checklist.horizontalHeader().setSectionResizeMode(
                col, QHeaderView.ResizeMode.ResizeToContents
            )

        self.typed = QLineEdit()
        self.typed.setObjectName("typedEntry")
        self.typed.setPlaceholderText("No scanner? Type a code and press Enter (recorded as typed)")
        self.typed.returnPressed.connect(self._on_typed_return_pressed)

        self.commit_button = QPushButton("Commit record  [F9]")
        self.commit_button.setObjectName("primary")
        self.commit_button.clicked.connect(self._on_commit_clicked)
        self.remove_button = QPushButton("Remove selected scan  [Del]")
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.clear_button = QPushButton("Start unit over  [Esc]")
        self.clear_button.clicked.connect(self._on_clear_clicked)
        self.correct_button = QPushButton("Correct a record…  [F8]")
        self.correct_button.clicked.connect(self._on_correct_clicked)
        for button in (self.commit_button, self.remove_button, self.clear_button):
            button.setMinimumHeight(52)
        self.correct_button.setMinimumHeight(40)

        self.environment = EnvironmentPanelWidget(context, environment_label, self)
        self.profile = ProfilePanelWidget(self)
        self.records_model = TodayRecordsModel(self)
        self.records = QTableView()
        self.records.setModel(self.records_model)
        self._table_look(self.records, stretch=1)
        self.records.horizontalHeader().setStretchLastSection(False)
        self.records.setObjectName("records")
        for col in (0, 2):
            self.records.horizontalHeader().setSectionResizeMode(
                col, QHeaderView.ResizeMode.ResizeToContents
            )
        self.records.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        records_panel = QFrame()
        records_panel.setObjectName("panel")
        rp = QVBoxLayout(records_panel)
        self.records_title = QLabel("Today at this station")
        self.records_title.setObjectName("panelTitle")
        rp.addWidget(self.records_title)
        rp.addWidget(self.records)
        rp.addWidget(self.correct_button)

        left = QVBoxLayout()
        left.addWidget(self.header)
        left.addWidget(self.feedback)
        left.addWidget(self.unit)
        left.addWidget(self.checklist, 1)
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
        layout.setContentsMargins(18, 12, 18, 12)
        layout.setSpacing(18)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)

        for key, slot in (
            ("F9", self._on_commit_clicked),
            ("Del", self._on_remove_clicked),
            ("Esc", self._on_clear_clicked),
            ("F8", self._on_correct_clicked),
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
        self.refresh_records()

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
        self._show("bad", "That did not work", f"{error.message}. Nothing was recorded.")
        self.sounds.play("refused")

    # -- session events ---------------------------------------------------------------------------
    def _on_session_accepted(self, event: Event) -> None:
        kind = event.kind
        view = event.view or self.view
        if kind == "unit":
            serial = str(event.data.get("serial"))
            self._show("ok", f"Unit {serial}", "Now scan each component on the list.")
            if view.step is not None and view.step.requires_profile:
                self._look_up_profile(serial)
        elif kind == "component":
            left = view.left
            nxt = "Step complete: committing…" if left == 0 else f"{left} still to scan."
            self._show("ok", f"✔ {event.message}", nxt)
            if str(event.data.get("part_number", "")).startswith("PCBA"):
                self._look_up_profile(str(event.data.get("id")))
        elif kind == "removed":
            self._show("idle", event.message, "Scan the right one.")
        self.sounds.play("accepted")
        self.refresh()

    def _on_session_refused(self, event: Event) -> None:
        finding = event.finding
        title = "✘ Refused"
        if finding is not None and finding.subject and len(finding.subject) <= 32:
            title = f"✘ {finding.subject} refused"
        elif finding is not None and finding.subject:
            title = "✘ Scan refused"
        self._show("bad", title, _what_to_do(event.message))
        self.sounds.play("refused")
        self.refresh()

    def _on_session_committed(self, event: Event) -> None:
        status = str(event.data.get("status", "accepted"))
        detail = "Scan the next unit."
        if status == "flagged":
            detail = "Recorded with a flag for the supervisor. Scan the next unit."
        serial = event.message.removeprefix("unit ").split(" ")[0]
        self._show("done", f"✔ Recorded: unit {serial} · {status}", detail)
        self.sounds.play("committed")
        self._board = None
        self.profile.show_profile(None, None)
        self.refresh()
        self.refresh_records()

    def _on_session_assignment(self, _event: Event) -> None:
        self.refresh()

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
                self._show("idle", "Nothing to remove", "No component is scanned yet.")
                return
            target = components[-1].id
        else:
            line = self.checklist_model.row_at(rows[0].row())
            if not line.scanned:
                self._show("idle", "Nothing to remove", f"{line.bom.part_number} is not scanned.")
                return
            target = line.scanned[-1].id
        session = self.session
        self.context.run_session(
            lambda: session.remove(target), lambda _r: self.refresh(), self._on_task_error
        )

    def _on_clear_clicked(self) -> None:
        session = self.session
        self.context.run_session(
            lambda: session.clear(), lambda _r: self._on_cleared(), self._on_task_error
        )

    def _on_cleared(self) -> None:
        self._show("idle", "Unit started over", "Scan the unit's UDI label.")
        self.profile.show_profile(None, None)
        self.refresh()

    def _on_correct_clicked(self) -> None:
        rows = self.records.selectionModel().selectedRows()
        if not rows:
            if not self.records_model.rowCount():
                self._show("idle", "No record to correct", "Nothing was recorded here today.")
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
        self._show("done", f"Correction of {unit} recorded", "The original record stays, marked.")
        self.refresh_records()

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
            self.header.setText(f"{station}\nNo work order: scan the work order sheet")
        else:
            self.header.setText(
                f"{station}\nWork order {s.work_order} · {s.product} · "
                f"step {s.step.code} {s.step.name}"
            )
        lines = s.checklist
        self.checklist_model.set_rows(list(lines))
        done = sum(1 for line in lines if line.complete)
        unit = s.unit_serial or "scan the unit's UDI label"
        self.unit.setText(f"Unit: {unit}    ·    {done} of {len(lines)} components")
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
        count = f"{len(rows)} records" if rows else "no records yet"
        self.records_title.setText(f"Today at this station · {count}")

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


def _what_to_do(message: str) -> str:
    """The refusal as the session phrased it: "why: what to do" on two lines."""
    if ": " in message:
        why, todo = message.rsplit(": ", 1)
        return f"{why}.\n→ {todo[0].upper()}{todo[1:]}"
    return message
