"""The operator station's panels: scan feedback, live environment, reflow profile, the correction dialog."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
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
from app.domain.environment import Calibration, EnvStatus, EnvValue
from app.ui.context import StationContext
from app.ui.i18n import date_text, number
from app.ui.refusals import quantity


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
        self.title = QLabel(self.tr("Ready"))
        self.title.setObjectName("feedbackTitle")
        self.title.setWordWrap(True)
        self.detail = QLabel(self.tr("Scan the unit's UDI label to start."))
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
        self.name.setText(quantity(window.quantity))
        m = value.measurement
        if m is None:
            self.value.setText(self.tr("no reading"))
            self.meta.setText(
                self.tr("window {window} · no instrument reports it").format(
                    window=window_text(window)
                )
            )
            state = "bad"
        else:
            self.value.setText(f"{number(m.value)} {m.unit}")
            age = value.age_s or 0.0
            due = date_text(m.calibration_due) if m.calibration_due else ""
            cal = {
                Calibration.VALID: self.tr("cal. until {date}").format(date=due)
                if m.calibration_due
                else self.tr("calibrated"),
                Calibration.DUE_SOON: self.tr("cal. due {date}").format(date=due),
                Calibration.OVERDUE: self.tr("cal. OVERDUE since {date}").format(date=due),
                Calibration.NONE: self.tr("not calibrated"),
            }[m.calibration]
            # One line at the panel's width: the instrument is in the tooltip.
            self.meta.setText(
                self.tr("{window} · {age} s ago · {calibration}").format(
                    window=window_text(window), age=f"{age:.0f}", calibration=cal
                )
            )
            if value.status is not EnvStatus.OK:
                state = "bad"
            elif m.calibration is Calibration.DUE_SOON or age > window.max_age_s / 2:
                state = "warn"
            else:
                state = "ok"
        if m is None:
            self.setToolTip(
                self.tr("{quantity}: no instrument reports it").format(
                    quantity=quantity(window.quantity)
                )
            )
        else:
            self.setToolTip(
                self.tr("{instrument}: {quantity} {value} {unit}, window {window}").format(
                    instrument=m.instrument,
                    quantity=quantity(window.quantity),
                    value=number(m.value, 2),
                    unit=m.unit,
                    window=window_text(window),
                )
            )
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
        title = QLabel(self.tr("Environment"))
        title.setObjectName("panelTitle")
        self.source = QLabel(self.tr(label) if label else "")  # marked where it is named
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
        title = QLabel(self.tr("Reflow profile"))
        title.setObjectName("panelTitle")
        self.verdict = QLabel(self.tr("no board scanned yet"))
        self.verdict.setObjectName("profileVerdict")
        self.verdict.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.verdict)
        self.show_profile(None, None)

    def show_profile(self, board: str | None, profile: dict[str, Any] | None) -> None:
        """Shows the verdict of ``board``'s profile (None: none recorded)."""
        if board is None:
            self.verdict.setText(self.tr("no board scanned yet"))
            _set_state(self.verdict, "idle")
        elif profile is None:
            self.verdict.setText(self.tr("{board}: no reflow profile recorded").format(board=board))
            _set_state(self.verdict, "bad")
        else:
            passed = bool(profile.get("passed"))
            spec = profile.get("spec") or self.tr("specification")
            recipe = profile.get("recipe") or ""
            when = str(profile.get("measured_at") or "")[:16].replace("T", " ")
            verdict = self.tr("PASS") if passed else self.tr("FAIL")
            text = f"{verdict} · {board}\n{spec} · {recipe} · {when}"
            if not passed and profile.get("violations"):
                text += "\n" + "; ".join(profile["violations"])
            if not passed:
                text += "\n→ " + self.tr(
                    "This board cannot be recorded: set it aside and tell your supervisor."
                )
            self.verdict.setText(text)
            _set_state(self.verdict, "ok" if passed else "bad")


class CorrectionDialog(QDialog):
    """A correction of a committed record: a reason, optionally a replaced component."""

    def __init__(self, record_key: str, unit: str, components: list[str], parent: Any = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Correct the record of {unit}").format(unit=unit))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("why (required), e.g. wrong battery lot scanned"))
        self.component = QComboBox()
        self.component.addItem(self.tr("— no component replaced —"), "")
        for c in components:
            self.component.addItem(c, c)
        self.replacement = QLineEdit()
        self.replacement.setPlaceholderText(self.tr("scan or type the right lot"))
        self.problem = QLabel("")
        self.problem.setObjectName("dialogProblem")
        self.problem.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(QLabel(self.tr("Record {key}").format(key=record_key)))
        form.addRow(self.tr("Reason"), self.reason)
        form.addRow(self.tr("Replace component"), self.component)
        form.addRow(self.tr("With"), self.replacement)
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
            return self.tr("Give the reason for the correction.")
        old = str(self.component.currentData() or "")
        new = self.replacement.text().strip()
        if old and not new:
            return self.tr(
                "Scan or type the lot that replaces {old}, or choose no component."
            ).format(old=old)
        if old and new == old:
            return self.tr("{new} is the component already recorded: scan the right one.").format(
                new=new
            )
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
        self.setWindowTitle(self.tr("Remove which scan?"))
        self.choices = QListWidget()
        self.choices.setObjectName("removeChoices")
        for component, text in reversed(scans):
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, component)
            self.choices.addItem(item)
        self.choices.setCurrentRow(0)
        self.choices.itemActivated.connect(self._on_choices_item_activated)
        buttons = QDialogButtonBox()
        remove = buttons.addButton(self.tr("Remove"), QDialogButtonBox.ButtonRole.AcceptRole)
        remove.setDefault(True)
        buttons.addButton(self.tr("Keep all"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        prompt = QLabel(
            self.tr("No scan is selected. Choose the one to remove (↑ ↓, Enter), or Esc.")
        )
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
    words = LeavingUnitWords()
    box.setText(words.question(action, unit, scanned))
    box.setInformativeText(words.note())
    yes = box.addButton(words.discard(action), QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton(words.keep(), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setObjectName("confirmLeaveUnit")

    def _on_box_finished(_result: int) -> None:
        if box.clickedButton() is yes:
            on_yes()

    box.finished.connect(_on_box_finished)
    box.open()


class LeavingUnitWords(QObject):
    """The question before scans are thrown away, in the language in use (not to be subclassed:
    its plurals are looked up under this class's name)."""

    def question(self, action: str, unit: str | None, scanned: int) -> str:
        """E.g. "Log out and discard 3 scanned parts of unit SN-1?"."""
        if unit:
            return self.tr(
                "{action} and discard %n scanned part(s) of unit {unit}?", "", scanned
            ).format(action=action, unit=unit)
        return self.tr("{action} and discard %n scanned part(s) of this unit?", "", scanned).format(
            action=action
        )

    def note(self) -> str:
        """That nothing is lost by keeping the scans."""
        return self.tr("Nothing of this unit is recorded yet. Esc keeps the scans.")

    def discard(self, action: str) -> str:
        """The button that goes ahead and throws the scans away."""
        return self.tr("{action}, discard").format(action=action)

    def keep(self) -> str:
        """The default button."""
        return self.tr("Keep the scans")


def window_text(window: Any) -> str:
    """An environment window in the language's numbers, e.g. ``30–60 %RH`` or ``≤ 1.000 ppm``."""
    low, high, unit = window.low, window.high, window.unit
    if low is not None and high is not None:
        return f"{number(low, _decimals(low))}–{number(high, _decimals(high))} {unit}"
    if low is not None:
        return f"≥ {number(low, _decimals(low))} {unit}"
    if high is not None:
        return f"≤ {number(high, _decimals(high))} {unit}"
    return QCoreApplication.translate("EnvValueWidget", "any value")


def _decimals(value: float) -> int:
    return 0 if float(value).is_integer() else 1
