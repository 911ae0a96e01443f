"""User administration: create, deactivate, roles, badges, qualifications with expiry, unlock.

Every change needs a reason and is journalled (a ``user-change`` row through the master-data
writer); the screen is used by keyboard: Tab moves through the form, Enter in the reason saves.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.roles import Role
from app.store import accounts
from app.ui.context import StationContext, TaskError
from app.ui.i18n import LANGUAGES, QT_TRANSLATE_NOOP
from app.ui.main_window import role_name
from app.ui.models import header
from app.ui.supervisor.common import BannerLabel, card, section

COLUMNS = [
    QT_TRANSLATE_NOOP("Headers", "User"),
    QT_TRANSLATE_NOOP("Headers", "Name"),
    QT_TRANSLATE_NOOP("Headers", "Role"),
    QT_TRANSLATE_NOOP("Headers", "Badge"),
    QT_TRANSLATE_NOOP("Headers", "Active"),
    QT_TRANSLATE_NOOP("Headers", "Qualifications (expiry)"),
    QT_TRANSLATE_NOOP("Headers", "Locked"),
]


class UsersWidget(QWidget):
    """The accounts of this station and a form to create or change one."""

    title = "Users"
    saved = Signal(object)  # the Account written

    def __init__(self, context: StationContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.accounts: list[accounts.Account] = []
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([header(c) for c in COLUMNS])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.itemSelectionChanged.connect(self._on_selection_changed)

        self.username = QLineEdit()
        self.name = QLineEdit()
        self.role = QComboBox()
        for role in Role:
            self.role.addItem(role_name(role), str(role))
        self.badge = QLineEdit()
        self.qualifications = QLineEdit()
        self.qualifications.setPlaceholderText(
            self.tr("S10, S20=2027-06-30 (a step, = its last valid day)")
        )
        self.language = QComboBox()
        self.language.addItem(self.tr("station default"), "")
        for code, spoken in LANGUAGES.items():
            self.language.addItem(spoken, code)
        self.active = QCheckBox(self.tr("Active"))
        self.active.setChecked(True)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("reason for the change (required, journalled)"))
        self.reason.returnPressed.connect(self._on_save_clicked)
        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Printed name"), self.name)
        form.addRow(self.tr("Role"), self.role)
        form.addRow(self.tr("Badge"), self.badge)
        form.addRow(self.tr("Qualifications"), self.qualifications)
        form.addRow(self.tr("Language"), self.language)
        form.addRow("", self.active)
        form.addRow(self.tr("Reason"), self.reason)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self._on_save_clicked)
        self.new_button = QPushButton(self.tr("New account"))
        self.new_button.clicked.connect(self.clear_form)
        self.unlock_button = QPushButton(self.tr("Unlock"))
        self.unlock_button.clicked.connect(self._on_unlock_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.unlock_button)
        buttons.addStretch()
        buttons.addWidget(self.save_button)
        self.message = BannerLabel()
        form_box = QWidget()
        fl = QVBoxLayout(form_box)
        fl.setContentsMargins(0, 0, 0, 0)
        fl.addWidget(section(self.tr("Account")))
        fl.addLayout(form)
        fl.addLayout(buttons)
        fl.addWidget(self.message)
        fl.addStretch()
        layout = QHBoxLayout(self)
        layout.addWidget(card(self.table), 2)
        layout.addWidget(card(form_box), 1)
        self.setTabOrder(self.username, self.name)
        self.refresh()

    # -- data ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reloads the accounts (and who is locked) off the GUI thread."""
        store, session = self.context.store, self.context.session
        limit = session.policy.max_failures

        def load() -> tuple[list[accounts.Account], set[str]]:
            conn = store.reader
            locked = {a.user_id for a, _n in accounts.locked_accounts(conn, limit)}
            return accounts.accounts(conn), locked

        self.context.run_task(load, self._on_loaded, self._on_failed)

    def _on_loaded(self, result: tuple[list[accounts.Account], set[str]]) -> None:
        self.accounts, locked = result
        self.table.setRowCount(len(self.accounts))
        for row, a in enumerate(self.accounts):
            quals = ", ".join(
                f"{q} (to {a.expiry[q]})" if q in a.expiry else q for q in a.qualifications
            )
            cells = [
                a.username,
                a.name,
                role_name(a.role),
                a.badge or "",
                self.tr("yes") if a.active else self.tr("no"),
                quals,
                self.tr("LOCKED") if a.user_id in locked else "",
            ]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        # The qualifications take what is left (a long list elides, its tooltip says it all), so
        # every column, Locked included, stays in view at 1366 px.
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

    def selected(self) -> accounts.Account | None:
        """The account selected in the table."""
        rows = self.table.selectionModel().selectedRows()
        return self.accounts[rows[0].row()] if rows else None

    def _on_selection_changed(self) -> None:
        a = self.selected()
        if a is None:
            return
        self.username.setText(a.username)
        self.name.setText(a.name)
        self.role.setCurrentIndex(self.role.findData(str(a.role)))
        self.badge.setText(a.badge or "")
        self.qualifications.setText(
            ", ".join(f"{q}={a.expiry[q]}" if q in a.expiry else q for q in a.qualifications)
        )
        self.active.setChecked(a.active)
        self.language.setCurrentIndex(max(0, self.language.findData(a.language)))

    def clear_form(self) -> None:
        """Empties the form for a new account."""
        self.table.clearSelection()
        for field in (self.username, self.name, self.badge, self.qualifications, self.reason):
            field.clear()
        self.role.setCurrentIndex(0)
        self.language.setCurrentIndex(0)
        self.active.setChecked(True)
        self.username.setFocus()

    def form_values(self) -> dict[str, Any]:
        """The form as account values."""
        quals: list[str] = []
        expiry: dict[str, str] = {}
        for part in self.qualifications.text().split(","):
            step, _, day = part.strip().partition("=")
            if step.strip():
                quals.append(step.strip())
                if day.strip():
                    expiry[step.strip()] = day.strip()
        return {
            "username": self.username.text().strip(),
            "name": self.name.text().strip(),
            "role": self.role.currentData(),
            "badge": self.badge.text().strip() or None,
            "active": self.active.isChecked(),
            "qualifications": quals,
            "qualification_expiry": expiry,
            "language": self.language.currentData(),
        }

    # -- actions ------------------------------------------------------------------------------
    def _on_save_clicked(self) -> None:
        reason = self.reason.text().strip()
        if not reason:
            self.message.set_message(
                self.tr("Give a reason: it is journalled with the change."), "bad"
            )
            self.reason.setFocus()
            return
        values, chosen, session = self.form_values(), self.selected(), self.context.session
        if chosen is None:
            self.context.run_session(
                lambda: session.create_account(values, reason), self._on_saved, self._on_failed
            )
        else:
            user_id = chosen.user_id
            self.context.run_session(
                lambda: session.update_account(user_id, values, reason),
                self._on_saved,
                self._on_failed,
            )

    def _on_unlock_clicked(self) -> None:
        chosen, reason, session = self.selected(), self.reason.text().strip(), self.context.session
        if chosen is None or not reason:
            self.message.set_message(
                self.tr("Choose an account and give a reason to unlock it."), "bad"
            )
            return
        user_id = chosen.user_id
        self.context.run_session(
            lambda: session.unlock(user_id, reason),
            lambda _r: self._done("Unlocked."),
            self._on_failed,
        )

    def _on_saved(self, account: accounts.Account) -> None:
        self.saved.emit(account)
        self._done(f"Saved {account.username} ({account.name}); journalled with the reason.")

    def _done(self, text: str) -> None:
        self.reason.clear()
        self.message.set_message(text, "ok")
        self.refresh()

    def _on_failed(self, error: TaskError) -> None:
        self.message.set_message(error.message, "bad")
