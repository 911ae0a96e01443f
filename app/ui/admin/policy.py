"""The access policy editor: log-in (badge + PIN), lockout, password rules, who corrects what.

Saving needs an admin and a reason; the change is a ``config`` journal row with old and new values.
"""

from __future__ import annotations

from dataclasses import fields

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.access import AccessPolicy
from app.ui.context import StationContext, TaskError
from app.ui.supervisor.common import BannerLabel, card, section
from app.ui.wedge_filter import TYPING_ONLY


class AccessPolicyWidget(QWidget):
    """The station's access policy as a form."""

    saved = Signal(object)  # the AccessPolicy now in force

    def __init__(self, context: StationContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.badge_pin = QCheckBox(self.tr("Operators type a PIN after scanning their badge"))
        self.max_failures = self._spin(0, 20, self.tr(" failed log-ins (0: never lock)"))
        self.password_min_length = self._spin(8, 64, self.tr(" characters"))
        self.password_history = self._spin(1, 24, self.tr(" last passwords may not be reused"))
        self.password_max_age_days = self._spin(0, 730, self.tr(" days (0: passwords do not age)"))
        self.pin_min_length = self._spin(4, 12, self.tr(" digits"))
        self.operator_corrects = self._choice(
            [
                ("own", self.tr("their own records")),
                ("any", self.tr("any record")),
                ("none", self.tr("no records")),
            ]
        )
        self.supervisor_corrects = self._choice(
            [
                ("any", self.tr("any record")),
                ("own", self.tr("their own records")),
                ("none", self.tr("no records")),
            ]
        )
        self.correction_needs_approval = QCheckBox(
            self.tr("An operator's correction waits for a supervisor's signature")
        )
        self.release_with_open_exceptions = self._choice(
            [
                ("refuse", self.tr("refused")),
                ("acknowledge", self.tr("allowed with each exception acknowledged")),
            ]
        )
        self.reason = QLineEdit()
        self.reason.setObjectName("policyReason")
        self.reason.setPlaceholderText(self.tr("reason for the change (required, journalled)"))
        self.reason.setProperty(TYPING_ONLY, True)
        self.reason.returnPressed.connect(self._on_save_clicked)
        self.save_button = QPushButton(self.tr("Save policy"))
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self._on_save_clicked)
        form = QFormLayout()
        form.addRow(self.tr("Badge log-in"), self.badge_pin)
        form.addRow(self.tr("Lock an account after"), self.max_failures)
        form.addRow(self.tr("Passwords: at least"), self.password_min_length)
        form.addRow(self.tr("Password history"), self.password_history)
        form.addRow(self.tr("Password ageing"), self.password_max_age_days)
        form.addRow(self.tr("PINs: at least"), self.pin_min_length)
        form.addRow(self.tr("Operators may correct"), self.operator_corrects)
        form.addRow(self.tr("Supervisors may correct"), self.supervisor_corrects)
        form.addRow(self.tr("Approval"), self.correction_needs_approval)
        form.addRow(self.tr("Releasing with open exceptions is"), self.release_with_open_exceptions)
        form.addRow(self.tr("Reason"), self.reason)
        self.message = BannerLabel()
        box = QWidget()
        bl = QVBoxLayout(box)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(section(self.tr("Access policy of this station")))
        bl.addLayout(form)
        bl.addWidget(self.save_button)
        bl.addWidget(self.message)
        bl.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(card(box))
        self.show_policy(context.session.policy)

    @staticmethod
    def _spin(low: int, high: int, suffix: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(low, high)
        spin.setSuffix(suffix)
        return spin

    @staticmethod
    def _choice(options: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        for value, text in options:
            combo.addItem(text, value)
        return combo

    def show_policy(self, policy: AccessPolicy) -> None:
        """Fills the form with ``policy``."""
        for f in fields(AccessPolicy):
            widget = getattr(self, f.name)
            value = getattr(policy, f.name)
            if isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QSpinBox):
                widget.setValue(int(value))
            else:
                widget.setCurrentIndex(max(0, widget.findData(value)))

    def policy(self) -> AccessPolicy:
        """The policy the form shows."""
        values: dict[str, object] = {}
        for f in fields(AccessPolicy):
            widget = getattr(self, f.name)
            if isinstance(widget, QCheckBox):
                values[f.name] = widget.isChecked()
            elif isinstance(widget, QSpinBox):
                values[f.name] = widget.value()
            else:
                values[f.name] = widget.currentData()
        return AccessPolicy(**values)  # type: ignore[arg-type]

    def _on_save_clicked(self) -> None:
        reason = self.reason.text().strip()
        if not reason:
            self.message.set_message(
                self.tr("Give a reason: it is journalled with the change."), "bad"
            )
            self.reason.setFocus()
            return
        policy, session = self.policy(), self.context.session
        self.context.run_session(
            lambda: session.save_policy(policy, reason), self._on_saved, self._on_failed
        )

    def _on_saved(self, policy: AccessPolicy) -> None:
        self.reason.clear()
        self.show_policy(policy)
        self.message.set_message(
            self.tr("The access policy is saved; journalled with the reason."), "ok"
        )
        self.saved.emit(policy)

    def _on_failed(self, error: TaskError) -> None:
        self.message.set_message(error.message, "bad")
