"""The supervisor's access screen: accounts locked by failed log-ins (unlock with a reason) and
operators' corrections waiting for a second signature (approve with user name and password)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.capture import signatures
from app.store import accounts
from app.ui.context import StationContext, TaskError
from app.ui.models import local_time, zone_name
from app.ui.supervisor.common import BannerLabel, card, section
from app.ui.wedge_filter import TYPING_ONLY


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    return table


class AccessWidget(QWidget):
    """Locked accounts and pending corrections of this station."""

    changed = Signal()  # an account was unlocked or a correction approved

    def __init__(self, context: StationContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.locked: list[tuple[accounts.Account, int]] = []
        self.pending: list[dict[str, Any]] = []

        self.locked_table = _table(
            [self.tr("User"), self.tr("Name"), self.tr("Role"), self.tr("Failed log-ins")]
        )
        self.unlock_reason = QLineEdit()
        self.unlock_reason.setObjectName("unlockReason")
        self.unlock_reason.setPlaceholderText(self.tr("reason (required, journalled)"))
        self.unlock_reason.setProperty(TYPING_ONLY, True)
        self.unlock_reason.returnPressed.connect(self._on_unlock_clicked)
        self.unlock_button = QPushButton(self.tr("Unlock"))
        self.unlock_button.setObjectName("primary")
        self.unlock_button.clicked.connect(self._on_unlock_clicked)
        unlock_row = QHBoxLayout()
        unlock_row.addWidget(self.unlock_reason, 1)
        unlock_row.addWidget(self.unlock_button)
        locked_box = QWidget()
        ll = QVBoxLayout(locked_box)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(section(self.tr("Locked accounts")))
        ll.addWidget(self.locked_table, 1)
        ll.addLayout(unlock_row)

        self.pending_table = _table(
            [self.tr("Asked at"), self.tr("By"), self.tr("Corrects record"), self.tr("Reason")]
        )
        self.username = QLineEdit()
        self.username.setObjectName("approveUsername")
        self.username.setPlaceholderText(self.tr("your user name"))
        self.username.setProperty(TYPING_ONLY, True)
        self.password = QLineEdit()
        self.password.setObjectName("approvePassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("your password"))
        self.password.returnPressed.connect(self._on_approve_clicked)
        self.approve_button = QPushButton(self.tr("Approve — second signature"))
        self.approve_button.setObjectName("primary")
        self.approve_button.clicked.connect(self._on_approve_clicked)
        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password"), self.password)
        pending_box = QWidget()
        pl = QVBoxLayout(pending_box)
        pl.setContentsMargins(0, 0, 0, 0)
        pl.addWidget(section(self.tr("Corrections waiting for approval")))
        pl.addWidget(self.pending_table, 1)
        pl.addLayout(form)
        pl.addWidget(self.approve_button)

        self.message = BannerLabel()
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(card(locked_box), 1)
        row.addWidget(card(pending_box), 1)
        layout.addLayout(row, 1)
        layout.addWidget(self.message)
        self.refresh()

    # -- data ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reloads locked accounts and pending corrections off the GUI thread."""
        session = self.context.session

        def load() -> tuple[list[tuple[accounts.Account, int]], list[dict[str, Any]]]:
            return session.locked(), session.pending_corrections()

        self.context.run_task(load, self._on_loaded, self._on_failed)

    def _on_loaded(
        self, result: tuple[list[tuple[accounts.Account, int]], list[dict[str, Any]]]
    ) -> None:
        self.locked, self.pending = result
        self.locked_table.setRowCount(len(self.locked))
        for row, (a, failures) in enumerate(self.locked):
            for col, text in enumerate([a.username, a.name, str(a.role), str(failures)]):
                self.locked_table.setItem(row, col, QTableWidgetItem(text))
        self.pending_table.setRowCount(len(self.pending))
        for row, p in enumerate(self.pending):
            asked = self._asked_at(p)
            by = (p.get("by") or {}).get("name", "")
            reason = (p.get("correction") or {}).get("reason", "")
            for col, text in enumerate([asked, by, str(p.get("corrects", "")), reason]):
                self.pending_table.setItem(row, col, QTableWidgetItem(text))
        for table in (self.locked_table, self.pending_table):
            table.resizeColumnsToContents()
            if table.rowCount():
                table.selectRow(0)

    def _asked_at(self, pending: dict[str, Any]) -> str:
        row = self.context.store.reader.execute(
            "SELECT recorded_at FROM journal WHERE key = ?", (pending["key"],)
        ).fetchone()
        return "" if row is None else f"{local_time(row[0], with_date=True)} {zone_name()}"

    @staticmethod
    def _chosen(table: QTableWidget) -> int | None:
        rows = table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    # -- actions ------------------------------------------------------------------------------
    def _on_unlock_clicked(self) -> None:
        index, reason = self._chosen(self.locked_table), self.unlock_reason.text().strip()
        if index is None or not reason:
            self.message.set_message(
                self.tr("Choose a locked account and give a reason to unlock it."), "bad"
            )
            return
        account, session = self.locked[index][0], self.context.session
        self.context.run_session(
            lambda: session.unlock(account.user_id, reason),
            lambda _r: self._done(
                self.tr("{name} is unlocked; journalled with the reason.").format(name=account.name)
            ),
            self._on_failed,
        )

    def _on_approve_clicked(self) -> None:
        index = self._chosen(self.pending_table)
        username, password = self.username.text().strip(), self.password.text()
        self.password.clear()
        if index is None or not username or not password:
            self.message.set_message(
                self.tr("Choose a correction and sign with your user name and password."), "bad"
            )
            return
        key, session = self.pending[index]["key"], self.context.session
        self.context.run_session(
            lambda: signatures.approve_correction(session, key, password, username=username),
            lambda _r: self._done(
                self.tr("The correction is approved with your signature and now takes effect.")
            ),
            self._on_failed,
        )

    def _done(self, text: str) -> None:
        self.unlock_reason.clear()
        self.message.set_message(text, "ok")
        self.changed.emit()
        self.refresh()

    def _on_failed(self, error: TaskError) -> None:
        self.message.set_message(error.message, "bad")
