"""The shift sign-off dialog: an electronic signature in the 21 CFR Part 11 sense."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.capture import signatures
from app.capture.shifts import Shift
from app.capture.signatures import Meaning, Signature
from app.ui.context import StationContext, TaskError
from app.ui.models import shift_label
from app.ui.supervisor.common import SCREEN_STYLE, BannerLabel

STATEMENT = (
    "By signing I confirm that I have {meaning_verb} the records of this shift. My electronic "
    "signature is the legally binding equivalent of my handwritten signature (21 CFR 11.100). "
    "It is bound to the SHA-256 of the signed records: any later change to one of them will show "
    "this signature as broken."
)


class SignOffDialog(QDialog):
    """Re-enter the password, choose the meaning, sign: a ``signature`` row bound to the records."""

    signed = Signal(object)  # Signature

    def __init__(
        self,
        context: StationContext,
        shift: Shift,
        parent: QWidget | None = None,
        *,
        line: str | None = None,
        station: str | None = None,
        records: int | None = None,
        open_exceptions: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.shift = shift
        self.line = line
        self.station = station
        self.signature: Signature | None = None
        self.setWindowTitle(self.tr("Sign off shift"))
        self.setModal(True)
        self.setStyleSheet(SCREEN_STYLE)
        self.setMinimumWidth(640)
        operator = context.view.operator

        title = QLabel(self.tr("Sign off shift"))
        title.setObjectName("screenTitle")
        which = QLabel(shift_label(shift))
        which.setStyleSheet("font-size: 18px; font-weight: bold; color: #5cc8ff;")
        scope = "all stations" if not station else f"station {station}"
        if line:
            scope += f", line {line}"
        facts = [f"Scope: {scope}"]
        if records is not None:
            facts.append(f"{records:,} records")
        if open_exceptions:
            facts.append(f"{open_exceptions} exceptions still open")
        summary = QLabel(" · ".join(facts))
        summary.setObjectName("screenHint")

        self.reviewed = QRadioButton(self.tr("Reviewed — I checked these records"))
        self.approved = QRadioButton(self.tr("Approved — I release these records"))
        self.reviewed.setChecked(True)
        self.meanings = QButtonGroup(self)
        self.meanings.addButton(self.reviewed)
        self.meanings.addButton(self.approved)
        self.reviewed.toggled.connect(self._on_meaning_toggled)

        self.statement = QLabel()
        self.statement.setWordWrap(True)
        self.statement.setObjectName("screenHint")

        self.printed_name = QLabel(operator.name if operator else self.tr("(nobody logged in)"))
        self.printed_name.setStyleSheet("font-weight: 600;")
        # Both components, user name and password, on every signing here (11.200(a)(1)).
        self.username = QLineEdit()
        self.username.setPlaceholderText(self.tr("your user name"))
        self.username.returnPressed.connect(self.focusNextChild)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("re-enter your password"))
        self.password.returnPressed.connect(self._on_sign_clicked)

        form = QFormLayout()
        form.addRow(self.tr("Printed name"), self.printed_name)
        form.addRow(
            self.tr("Role"), QLabel(f"{operator.role} ({operator.user_id})" if operator else "")
        )
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password"), self.password)

        self.message = BannerLabel()
        # The open-exceptions warning keeps its own line: a wrong password must not replace it.
        self.warning = BannerLabel()
        self.sign_button = QPushButton(self.tr("Sign"))
        self.sign_button.setObjectName("primary")
        self.sign_button.setDefault(True)
        self.sign_button.clicked.connect(self._on_sign_clicked)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.clicked.connect(self.reject)
        if open_exceptions and open_exceptions > 0:
            self.warning.set_message(
                self.tr(
                    "{open_exceptions} exceptions of this shift have no disposition yet. You may sign that you reviewed; approving the release waits until they are disposed of."
                ).format(open_exceptions=open_exceptions),
                "warn",
            )

        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(cancel)
        buttons.addWidget(self.sign_button)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(which)
        layout.addWidget(summary)
        layout.addWidget(QLabel(self.tr("Meaning of this signature")))
        layout.addWidget(self.reviewed)
        layout.addWidget(self.approved)
        layout.addWidget(self.statement)
        layout.addLayout(form)
        layout.addWidget(self.warning)
        layout.addWidget(self.message)
        # The dialog grows with a message and never squeezes the password box to make room.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        for box in (self.username, self.password):
            box.setMinimumHeight(box.sizeHint().height())
        layout.addLayout(buttons)
        self._on_meaning_toggled(True)
        self.username.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def meaning(self) -> Meaning:
        """The meaning chosen."""
        return Meaning.APPROVED if self.approved.isChecked() else Meaning.REVIEWED

    def _on_meaning_toggled(self, _checked: bool) -> None:
        verb = "approved" if self.approved.isChecked() else "reviewed"
        self.statement.setText(STATEMENT.format(meaning_verb=verb))

    def _on_sign_clicked(self) -> None:
        password, username = self.password.text(), self.username.text().strip()
        if not password or not username:
            self.message.set_message(self.tr("Enter your user name and password to sign."), "bad")
            return
        self.sign_button.setEnabled(False)
        self.message.set_message(self.tr("Signing…"), "info")
        session, shift, meaning = self.context.session, self.shift, self.meaning
        line, station = self.line, self.station
        self.context.run_task(
            lambda: signatures.sign_shift(
                session, shift, password, meaning, line=line, station=station, username=username
            ),
            self._on_sign_done,
            self._on_sign_failed,
        )

    def _on_sign_done(self, signature: Signature) -> None:
        self.signature = signature
        self.password.clear()
        self.signed.emit(signature)
        self.accept()

    def _on_sign_failed(self, error: TaskError) -> None:
        self.password.clear()
        self.sign_button.setEnabled(True)
        self.message.set_message(error.message, "bad")
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)  # type it again at once
