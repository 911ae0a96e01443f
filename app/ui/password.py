"""Changing one's own password: the logged-in user's, or an aged one at log-in (11.300)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.access import AccessPolicy
from app.ui.context import StationContext, TaskError


def rules_text(policy: AccessPolicy) -> str:
    """The password rules of the station, as a person reads them."""
    from PySide6.QtCore import QCoreApplication

    text = QCoreApplication.translate(
        "PasswordDialog",
        "At least {length} characters, 5 different ones, not one of your last {history} passwords.",
    ).format(length=policy.password_min_length, history=max(1, policy.password_history))
    if policy.password_max_age_days:
        text += " " + QCoreApplication.translate(
            "PasswordDialog", "It must be changed every {days} days."
        ).format(days=policy.password_max_age_days)
    return text


class PasswordDialog(QDialog):
    """Current password (unless given), new password twice; the session checks the rules.

    With ``expired`` (user name and current password of a log-in refused because the password
    aged) the dialog logs that user in with the new password; otherwise it changes the logged-in
    user's own password.
    """

    def __init__(
        self,
        context: StationContext,
        parent: QWidget | None = None,
        *,
        expired: tuple[str, str] | None = None,
        on_done: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.expired = expired
        self.on_done = on_done
        self.setWindowTitle(self.tr("Change your password"))
        intro = QLabel(
            self.tr("Your password has aged: choose a new one to log in.")
            if expired
            else self.tr("Change the password you log in and sign with.")
        )
        intro.setWordWrap(True)
        rules = QLabel(rules_text(context.session.policy))
        rules.setObjectName("cardHint")
        rules.setWordWrap(True)
        self.current = QLineEdit()
        self.current.setObjectName("currentPassword")
        self.new = QLineEdit()
        self.new.setObjectName("newPassword")
        self.repeat = QLineEdit()
        self.repeat.setObjectName("repeatPassword")
        for field in (self.current, self.new, self.repeat):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat.returnPressed.connect(self._on_accepted)
        form = QFormLayout()
        if expired is None:
            form.addRow(self.tr("Current password"), self.current)
        else:
            self.current.hide()
        form.addRow(self.tr("New password"), self.new)
        form.addRow(self.tr("New password again"), self.repeat)
        self.message = QLabel("")
        self.message.setObjectName("loginMessage")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Change password"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self._on_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(rules)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        (self.new if expired else self.current).setFocus()

    def _on_accepted(self) -> None:
        new, again = self.new.text(), self.repeat.text()
        if new != again:
            self._fail(self.tr("The two new passwords differ: type the same one twice."))
            return
        if not new:
            self._fail(self.tr("Type a new password."))
            return
        session = self.context.session
        if self.expired is not None:
            name, old = self.expired
            work: Callable[[], object] = lambda: session.login_password(  # noqa: E731
                name, old, new_password=new
            )
        else:
            current = self.current.text()
            work = lambda: session.change_password(current, new)  # noqa: E731
        self.buttons.setEnabled(False)
        self.context.run_session(work, self._on_changed, self._on_failed)

    def _on_changed(self, _result: object) -> None:
        self.accept()
        if self.on_done is not None:
            self.on_done()

    def _on_failed(self, error: TaskError) -> None:
        self.buttons.setEnabled(True)
        self._fail(error.message)

    def _fail(self, text: str) -> None:
        self.message.setText(text)
        self.message.setProperty("state", "bad")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
