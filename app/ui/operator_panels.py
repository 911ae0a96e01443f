"""The operator station's panels: scan feedback, live environment, reflow profile, the correction dialog."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from app.capture.session import judge_environment
from app.domain.environment import Calibration, EnvStatus, EnvValue, quantity_name
from app.ui.context import StationContext


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
        self.name.setText(quantity_name(window.quantity))
        m = value.measurement
        if m is None:
            self.value.setText("no reading")
            self.meta.setText(f"window {window.describe()} · no instrument reports it")
            state = "bad"
        else:
            self.value.setText(f"{m.value:.1f} {m.unit}")
            age = value.age_s or 0.0
            cal = {
                Calibration.VALID: f"cal. until {m.calibration_due}"
                if m.calibration_due
                else "calibrated",
                Calibration.DUE_SOON: f"cal. due {m.calibration_due}",
                Calibration.OVERDUE: f"cal. OVERDUE since {m.calibration_due}",
                Calibration.NONE: "not calibrated",
            }[m.calibration]
            # One line at the panel's width: the instrument is in the tooltip.
            self.meta.setText(f"{window.describe()} · {age:.0f} s ago · {cal}")
            if value.status is not EnvStatus.OK:
                state = "bad"
            elif m.calibration is Calibration.DUE_SOON or age > window.max_age_s / 2:
                state = "warn"
            else:
                state = "ok"
        instrument = "" if m is None else f"{m.instrument}: "
        self.setToolTip(f"{instrument}{value.describe()}")
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
        self.source.setWordWrap(True)  # a long note wraps rather than widening the window
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
        self.problem = QLabel("")
        self.problem.setObjectName("dialogProblem")
        self.problem.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(QLabel(f"Record {record_key}"))
        form.addRow("Reason", self.reason)
        form.addRow("Replace component", self.component)
        form.addRow("With", self.replacement)
        form.addRow(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)

    def missing(self) -> str:
        """What a required field still lacks ("" when the correction can be written)."""
        if not self.reason.text().strip():
            return "Give the reason for the correction."
        old = str(self.component.currentData() or "")
        new = self.replacement.text().strip()
        if old and not new:
            return f"Scan or type the lot that replaces {old}, or choose no component."
        if old and new == old:
            return f"{new} is the component already recorded: scan the right one."
        return ""

    def accept(self) -> None:
        """Accepts only with every required field filled (whichever key or button asked)."""
        problem = self.missing()
        self.problem.setText(problem)
        if problem:
            field = self.reason if not self.reason.text().strip() else self.replacement
            field.setFocus()
            return
        super().accept()

    def handle_scan(self, text: str, _entry: object = None) -> None:
        """A scan while the dialog is open is the replacing lot (the wedge routes it here)."""
        self.replacement.setText(text.strip())
        self.replacement.setFocus()

    def _on_buttons_accepted(self) -> None:
        self.accept()

    def replace(self) -> dict[str, str]:
        """Component id -> scanned replacement, as ``CaptureSession.correct`` takes it."""
        old = str(self.component.currentData() or "")
        new = self.replacement.text().strip()
        return {old: new} if old and new else {}


class RemoveScanDialog(QDialog):
    """Asks which scan to remove when none is selected: the newest is preselected, Enter removes."""

    def __init__(self, scans: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        """Args: scans: (component id, what the operator reads) pairs, oldest first."""
        super().__init__(parent)
        self.setWindowTitle("Remove which scan?")
        self.choices = QListWidget()
        self.choices.setObjectName("removeChoices")
        for component, text in reversed(scans):
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, component)
            self.choices.addItem(item)
        self.choices.setCurrentRow(0)
        self.choices.itemActivated.connect(self._on_choices_item_activated)
        buttons = QDialogButtonBox()
        remove = buttons.addButton("Remove", QDialogButtonBox.ButtonRole.AcceptRole)
        remove.setDefault(True)
        buttons.addButton("Keep all", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        prompt = QLabel("No scan is selected. Choose the one to remove (↑ ↓, Enter), or Esc.")
        prompt.setWordWrap(True)
        layout.addWidget(prompt)
        layout.addWidget(self.choices)
        layout.addWidget(buttons)
        self.choices.setFocus()

    def _on_choices_item_activated(self, _item: QListWidgetItem) -> None:
        self.accept()

    def chosen(self) -> str:
        """The component id of the scan to remove."""
        item = self.choices.currentItem()
        return "" if item is None else str(item.data(Qt.ItemDataRole.UserRole))


def confirm_leaving_unit(
    parent: QWidget, unit: str | None, scanned: int, action: str, on_yes: Callable[[], None]
) -> None:
    """Asks before scans are thrown away (log-out, start over); the default answer keeps them.

    Args:
        unit: the unit's serial, if scanned.
        scanned: how many components are scanned for it.
        action: what the operator asked for, e.g. "Log out".
        on_yes: runs once the operator confirmed.
    """
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(action)
    what = f"unit {unit}" if unit else "this unit"
    parts = "1 scanned part" if scanned == 1 else f"{scanned} scanned parts"
    box.setText(f"{action} and discard {parts} of {what}?")
    box.setInformativeText("Nothing of this unit is recorded yet. Esc keeps the scans.")
    yes = box.addButton(f"{action}, discard", QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton("Keep the scans", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setObjectName("confirmLeaveUnit")

    def _on_box_finished(_result: int) -> None:
        if box.clickedButton() is yes:
            on_yes()

    box.finished.connect(_on_box_finished)
    box.open()
