"""The log-in screen: operators scan their badge; supervisors, technicians and admins use a password."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.capture.events import CaptureRefused, Event, PinRequired
from app.codes.scan import ScanKind
from app.domain.verdict import Rule
from app.ui.context import StationContext, TaskError
from app.ui.i18n import QT_TRANSLATE_NOOP
from app.ui.refusals import why_and_what
from app.ui.wedge_filter import TYPING_ONLY


class BarcodeArtWidget(QWidget):
    """A drawn barcode that tells an operator at a glance where the badge goes."""

    PATTERN = "2112141121311213112411213121141213112"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumHeight(64)

    def paintEvent(self, _event: QPaintEvent) -> None:
        """Bars and gaps alternate with the widths of PATTERN."""
        painter = QPainter(self)
        units = sum(int(c) for c in self.PATTERN)
        module = max(2, min(6, self.width() // (units + 10)))
        x = (self.width() - units * module) // 2
        for i, width in enumerate(int(c) for c in self.PATTERN):
            if i % 2 == 0:
                painter.fillRect(x, 4, width * module, self.height() - 8, QColor("#5cc8ff"))
            x += width * module
        painter.end()


class LoginWidget(QWidget):
    """Badge scan or name and password. Scans reach it through ``handle_scan`` (wedge filter)."""

    failed = Signal(str)  # the message shown

    def __init__(self, context: StationContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        view = context.view  # never the live session (see SessionSignals)

        brand = QLabel(self.tr("LINESIDE"))
        brand.setObjectName("brand")
        where = QLabel(
            self.tr("Station {id} · {name}").format(id=view.station_id, name=view.station_name)
        )
        where.setObjectName("loginStation")

        badge_card = QFrame()
        badge_card.setObjectName("card")
        badge_title = QLabel(self.tr("Scan your badge"))
        badge_title.setObjectName("cardTitle")
        badge_hint = QLabel(self.tr("Operators: hold your badge under the scanner."))
        badge_hint.setObjectName("cardHint")
        barcode = BarcodeArtWidget()
        self.badge = QLineEdit()
        self.badge.setObjectName("badgeField")
        self.badge.setPlaceholderText(self.tr("or type the badge number and press Enter"))
        self.badge.returnPressed.connect(self._on_badge_return_pressed)
        bl = QVBoxLayout(badge_card)
        bl.addWidget(badge_title)
        bl.addWidget(badge_hint)
        bl.addStretch()
        bl.addWidget(barcode)
        bl.addStretch()
        bl.addWidget(self.badge)
        # Where the station asks for a PIN after the badge (access policy ``badge_pin``).
        self.pin = QLineEdit()
        self.pin.setObjectName("pinField")
        self.pin.setPlaceholderText(self.tr("PIN, then Enter"))
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.returnPressed.connect(self._on_pin_return_pressed)
        self.pin.hide()
        self._pending_badge: str | None = None
        self._tried: tuple[str, str] | None = None
        self.password_dialog: QWidget | None = None
        bl.addWidget(self.pin)

        staff_card = QFrame()
        staff_card.setObjectName("card")
        staff_title = QLabel(self.tr("Staff log-in"))
        staff_title.setObjectName("cardTitle")
        staff_hint = QLabel(self.tr("Supervisors, technicians and administrators."))
        staff_hint.setObjectName("cardHint")
        self.username = QLineEdit()
        self.username.setObjectName("usernameField")
        self.username.setPlaceholderText(self.tr("user name"))
        # Keys here are typing: a password manager's "name Tab password Enter" at scanner speed
        # must reach the password field, whatever suffix the scanner uses.
        self.username.setProperty(TYPING_ONLY, True)
        self.username.returnPressed.connect(self._on_username_return_pressed)
        self.password = QLineEdit()
        self.password.setObjectName("passwordField")
        self.password.setPlaceholderText(self.tr("password"))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.returnPressed.connect(self._on_login_clicked)
        self.login_button = QPushButton(self.tr("Log in"))
        self.login_button.setObjectName("primary")
        self.login_button.clicked.connect(self._on_login_clicked)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        form.addRow(self.tr("Name"), self.username)
        form.addRow(self.tr("Password"), self.password)
        sl = QVBoxLayout(staff_card)
        sl.addWidget(staff_title)
        sl.addWidget(staff_hint)
        sl.addLayout(form)
        sl.addWidget(self.login_button)

        self.message = QLabel("")
        self.message.setObjectName("loginMessage")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)

        cards = QHBoxLayout()
        cards.setSpacing(28)
        cards.addStretch()
        cards.addWidget(badge_card, 3)
        cards.addWidget(staff_card, 2)
        cards.addStretch()
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(brand, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(where, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(36)
        layout.addLayout(cards)
        layout.addSpacing(18)
        layout.addWidget(self.message)
        self.hint = QLabel("")
        self.hint.setObjectName("loginHint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        self.hint.hide()
        layout.addWidget(self.hint)
        layout.addStretch(3)
        for card in (badge_card, staff_card):
            card.setMinimumWidth(380)
            card.setMinimumHeight(250)
        badge_card.setMaximumWidth(600)
        staff_card.setMaximumWidth(460)
        assert context.signals is not None
        context.signals.refused.connect(self._on_session_refused)

    def set_hint(self, text: str) -> None:
        """A line under the cards (the demo's badges and passwords)."""
        self.hint.setText(text)
        self.hint.setVisible(bool(text))

    def reset(self, message: str = "") -> None:
        """Empties the fields and shows ``message`` (e.g. why the last user was logged out)."""
        self.badge.clear()
        self.username.clear()
        self.password.clear()
        self.pin.clear()
        self.pin.hide()
        self._pending_badge = None
        self.message.setText(message)
        # An ordinary log-out is news, not an error: drop the red a refusal may have left.
        self.message.setProperty("state", "idle")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.badge.setFocus()

    def handle_scan(self, text: str) -> None:
        """A scan while nobody is logged in: the session takes badges and refuses anything else."""
        session = self.context.session
        self.context.run_session(lambda: session.scan(text), None, self._on_task_error)

    def _on_badge_return_pressed(self) -> None:
        badge = self.badge.text().strip()
        self.badge.clear()
        if badge:
            session = self.context.session
            self.context.run_session(lambda: session.login_badge(badge), None, self._on_task_error)

    def _on_username_return_pressed(self) -> None:
        # A badge scanned (or typed) while the cursor was in the name field still logs in.
        name = self.username.text().strip()
        if self.context.view.formats.classify(name) is ScanKind.BADGE:
            self.username.clear()
            session = self.context.session
            self.context.run_session(lambda: session.login_badge(name), None, self._on_task_error)
        else:
            self.password.setFocus()

    def _on_login_clicked(self) -> None:
        name, password = self.username.text().strip(), self.password.text()
        self.password.clear()
        if not name:
            self._fail(self.tr("Enter your user name and password."))
            return
        session = self.context.session
        self._tried = (name, password)  # kept only until the answer: an aged password asks again
        self.context.run_session(
            lambda: session.login_password(name, password), self._on_answered, self._on_task_error
        )

    def _on_answered(self, _operator: object = None) -> None:
        self._tried = None

    def _on_session_refused(self, event: Event) -> None:
        if self.isVisible() or self.context.view.operator is None:
            why, todo = why_and_what(event.finding, event.message)
            self._fail(f"{why} {todo}")

    def _on_pin_return_pressed(self) -> None:
        pin, badge = self.pin.text(), self._pending_badge
        self.pin.clear()
        if badge is None or not pin:
            return
        self._pending_badge = None
        self.pin.hide()
        session = self.context.session
        self.context.run_session(lambda: session.login_badge(badge, pin), None, self._on_task_error)

    def _on_task_error(self, error: TaskError) -> None:
        tried, self._tried = self._tried, None
        if (
            isinstance(error.original, CaptureRefused)
            and error.original.finding.rule is Rule.PASSWORD_EXPIRED
            and tried is not None
        ):
            from app.ui.password import PasswordDialog

            self.password_dialog = PasswordDialog(self.context, self, expired=tried)
            self.password_dialog.open()
            return
        if isinstance(error.original, PinRequired):
            self._pending_badge = error.original.finding.subject
            self.pin.show()
            self.pin.setFocus()
            name = error.original.finding.message.split(":")[0]
            self.message.setText(self.tr("{name}: enter your PIN").format(name=name))
            self.message.setProperty("state", "idle")
            return
        if not isinstance(error.original, CaptureRefused):
            self._fail(self.tr("Log-in failed: {error}").format(error=error.message))

    def _fail(self, message: str) -> None:
        self.message.setText(message)
        self.message.setProperty("state", "bad")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.failed.emit(message)


#: Why a user was logged out, as the session journals it, in the reader's language.
LOGOUT_REASONS = {
    "logged out": QT_TRANSLATE_NOOP("LoginWidget", "logged out"),
    "station closed": QT_TRANSLATE_NOOP("LoginWidget", "station closed"),
    "another user logged in": QT_TRANSLATE_NOOP("LoginWidget", "another user logged in"),
    "not qualified for the new step": QT_TRANSLATE_NOOP(
        "LoginWidget", "not qualified for the new step"
    ),
    "upstream boards provisioned": QT_TRANSLATE_NOOP("LoginWidget", "upstream boards provisioned"),
}


def logout_message(name: str, reason: str) -> str:
    """ "Name: why they were logged out" in the reader's language."""
    idle = reason.removeprefix("logged out after ").removesuffix(" min without input")
    if idle != reason:
        said = QCoreApplication.translate(
            "LoginWidget", "logged out after {minutes} min without input"
        )
        said = said.format(minutes=idle)
    else:
        known = LOGOUT_REASONS.get(reason)
        said = QCoreApplication.translate("LoginWidget", known) if known else reason
    return f"{name}: {said}"
