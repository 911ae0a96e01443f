"""Rework at the operator station: a banner naming the unit and the rework order, the step's
words, the lot removed, what became of it (scrapped unless the person says it goes back to
stock), the lot fitted in its place (scanned), and the order's close."""

from __future__ import annotations

import sqlite3
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.capture import rework
from app.capture.events import CaptureRefused
from app.ui.context import StationContext, TaskError
from app.ui.i18n import QT_TRANSLATE_NOOP
from app.ui.refusals import refusal_text


def load_orders(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """The open rework orders, each with the lots its units hold now (``components``:
    ``(lot, part)`` of their live records), for the dialog."""
    orders = rework.open_reworks(conn)
    for order in orders:
        units = order["units"]
        marks = ", ".join("?" * len(units))
        order["components"] = [
            (str(lot), str(part))
            for lot, part in conn.execute(
                "SELECT c.component, c.part_number FROM components c JOIN assemblies a ON "
                f"a.record_key = c.record_key WHERE a.unit_serial IN ({marks}) AND c.kind = 'lot' "
                "AND NOT EXISTS (SELECT 1 FROM supersessions s WHERE s.old_key = a.record_key) "
                "ORDER BY c.part_number, c.component",
                units,
            )
        ] if units else []  # fmt: skip
    return orders


class ReworkDialog(QDialog):
    """Rework mode: records rework steps against one open rework order, then closes it.

    The session calls run off the GUI thread (``context.run_session``); ``step_recorded`` and
    ``order_closed`` carry the journal row written.
    """

    step_recorded = Signal(object)
    order_closed = Signal(object)

    # What became of the part removed (the record keeps the word on the left).
    FATES = (
        ("scrap", QT_TRANSLATE_NOOP("ReworkDialog", "Scrapped")),
        ("stock", QT_TRANSLATE_NOOP("ReworkDialog", "Back to stock: fit to use again")),
    )

    def __init__(
        self,
        context: StationContext,
        orders: list[dict[str, Any]],
        preferred_unit: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.orders = orders
        self.setObjectName("reworkDialog")
        self.setWindowTitle(self.tr("Rework"))
        self.setMinimumWidth(1100)

        self.banner = QFrame()
        self.banner.setObjectName("reworkBanner")
        self.title = QLabel()
        self.title.setObjectName("reworkTitle")
        self.title.setWordWrap(True)
        self.why = QLabel()
        self.why.setObjectName("reworkWhy")
        self.why.setWordWrap(True)
        banner = QVBoxLayout(self.banner)
        banner.addWidget(self.title)
        banner.addWidget(self.why)

        self.order = QComboBox()
        for o in orders:
            self.order.addItem(f"{', '.join(o['units'])} · {o['reason']}", o["record_key"])
        self.order.currentIndexChanged.connect(self._on_order_current_index_changed)
        self.done_so_far = QLabel()
        self.done_so_far.setWordWrap(True)
        self.action = QLineEdit()
        self.action.setPlaceholderText(
            self.tr("what was done (required), e.g. housing re-sealed, leak test passed")
        )
        self.removed = QComboBox()
        self.removed.currentIndexChanged.connect(self._on_removed_current_index_changed)
        # What became of the part removed: scrapped unless the person says it is fit to reuse.
        self.removed_to = QComboBox()
        self.removed_to.setObjectName("reworkRemovedTo")
        for fate, text in self.FATES:
            self.removed_to.addItem(self.tr(text), fate)
        self.fitted = QLineEdit()
        self.fitted.setPlaceholderText(self.tr("scan the lot fitted in its place"))
        self.username = QLineEdit()
        self.username.setPlaceholderText(self.tr("your user name"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setProperty("linesidePrivate", True)  # never a scan, never logged
        self.password.setPlaceholderText(self.tr("your password"))
        self.signature_note = QLabel()
        self.signature_note.setWordWrap(True)
        self.problem = QLabel("")
        self.problem.setObjectName("dialogProblem")
        self.problem.setWordWrap(True)

        form = QFormLayout()
        self.order_label = QLabel(self.tr("Rework order"))
        form.addRow(self.order_label, self.order)
        form.addRow(self.tr("Done so far"), self.done_so_far)
        form.addRow(self.tr("What was done"), self.action)
        removed_row = QHBoxLayout()  # one row: the dialog fits the panel's height
        removed_row.addWidget(self.removed, 3)
        removed_row.addWidget(QLabel(self.tr("Part removed goes to")))
        removed_row.addWidget(self.removed_to, 2)
        form.addRow(self.tr("Part removed"), removed_row)
        form.addRow(self.tr("Lot fitted"), self.fitted)
        form.addRow(self.signature_note)
        self.username_label = QLabel(self.tr("User name"))
        self.password_label = QLabel(self.tr("Password"))
        form.addRow(self.username_label, self.username)
        form.addRow(self.password_label, self.password)

        self.record_button = QPushButton(self.tr("Record rework step"))
        self.record_button.setObjectName("primary")
        self.record_button.clicked.connect(self._on_record_button_clicked)
        self.close_order_button = QPushButton(self.tr("Close the rework order"))
        self.close_order_button.clicked.connect(self._on_close_order_button_clicked)
        self.back_button = QPushButton(self.tr("Back to production"))
        self.back_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        for button in (self.record_button, self.close_order_button, self.back_button):
            button.setMinimumHeight(52)  # gloves
            buttons.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)

        index = next(
            (i for i, o in enumerate(orders) if preferred_unit and preferred_unit in o["units"]), 0
        )
        self.order.setCurrentIndex(index)
        self._show_order()

    # -- the chosen order -------------------------------------------------------------------------
    @property
    def current(self) -> dict[str, Any]:
        """The rework order worked on now."""
        return self.orders[max(self.order.currentIndex(), 0)]

    def unit_text(self) -> str:
        """The unit(s) of the order, as the banner names them."""
        return ", ".join(self.current["units"]) or "—"

    def _on_order_current_index_changed(self, _index: int) -> None:
        self._show_order()

    def _show_order(self) -> None:
        order = self.current
        many = len(self.orders) > 1
        self.order.setVisible(many)
        self.order_label.setVisible(many)
        self.title.setText(
            self.tr("REWORK · unit {unit} · order {order}").format(
                unit=self.unit_text(), order=order["record_key"]
            )
        )
        self.why.setText(
            self.tr("Why: {reason} (opened by {who}, {when} UTC)").format(
                reason=order["reason"],
                who=order["opened_by"] or "—",
                when=order["opened_at"][:16].replace("T", " "),
            )
        )
        steps = order["steps"]
        self.done_so_far.setText(
            self.tr("No rework step recorded yet.")
            if not steps
            else "; ".join(s["action"] for s in steps)
        )
        self.removed.clear()
        self.removed.addItem(self.tr("— no part removed —"), "")
        for lot, part in order.get("components") or []:
            self.removed.addItem(f"{part} · {lot}", lot)
        self._on_removed_current_index_changed(self.removed.currentIndex())
        signed = order["close"] == "signed"
        for widget in (self.username, self.password, self.username_label, self.password_label):
            widget.setVisible(signed)
        self.signature_note.setText(
            self.tr(
                "Closing this order needs an electronic signature: user name and password of a "
                "person allowed to sign (a technician or supervisor)."
            )
            if signed
            else self.tr("Closing this order needs no signature.")
        )
        self.close_order_button.setEnabled(bool(steps))

    def _on_removed_current_index_changed(self, _index: int) -> None:
        """A part removed is scrapped unless the person says otherwise, each time it is chosen."""
        removing = bool(self.removed.currentData())
        self.removed_to.setCurrentIndex(0)
        self.removed_to.setEnabled(removing)

    # -- recording --------------------------------------------------------------------------------
    def missing(self) -> str:
        """What the rework step still lacks ("" when it can be recorded)."""
        if not self.action.text().strip():
            return self.tr("Say what was done.")
        lot = str(self.removed.currentData() or "")
        fitted = self.fitted.text().strip()
        if lot and not fitted:
            return self.tr("Scan the lot fitted in place of {lot}.").format(lot=lot)
        if fitted and not lot:
            return self.tr("Choose the part removed for the lot fitted.")
        if lot and fitted == lot:
            return self.tr("{lot} is the lot removed: scan the new one.").format(lot=lot)
        return ""

    def handle_scan(self, text: str, _entry: object = None, _at_ms: object = None) -> None:
        """A scan while the dialog is open is the lot fitted (the wedge routes it here)."""
        self.fitted.setText(text.strip())
        self.fitted.setFocus()

    def _on_record_button_clicked(self) -> None:
        problem = self.missing()
        self.problem.setText(problem)
        if problem:
            (self.action if not self.action.text().strip() else self.fitted).setFocus()
            return
        session = self.context.session
        key = str(self.current["record_key"])
        action = self.action.text().strip()
        lot = str(self.removed.currentData() or "")
        fitted = self.fitted.text().strip()
        removed_to = str(self.removed_to.currentData() or "scrap")
        self._busy(True)
        self.context.run_session(
            lambda: rework.record_step(
                session,
                key,
                action,
                remove=[lot] if lot else [],
                add=[fitted] if fitted else [],
                removed_to=removed_to,
            ),
            self._on_recorded,
            self._on_failed,
        )

    def _on_recorded(self, row: Any) -> None:
        self.action.clear()
        self.fitted.clear()
        self.problem.setText("")
        self.step_recorded.emit(row)
        conn = self.context.store.reader
        self.context.run_task(lambda: load_orders(conn), self._on_reloaded, self._on_failed)

    def _on_reloaded(self, orders: list[dict[str, Any]]) -> None:
        key = self.current["record_key"]
        found = next((o for o in orders if o["record_key"] == key), None)
        if found is not None:
            self.orders[self.order.currentIndex()] = found
        self._busy(False)
        self._show_order()

    def _on_close_order_button_clicked(self) -> None:
        order = self.current
        password = self.password.text()
        if order["close"] == "signed" and not password:
            self.problem.setText(self.tr("Give your password to sign the close."))
            self.password.setFocus()
            return
        session = self.context.session
        key = str(order["record_key"])
        username = self.username.text().strip() or None
        comment = self.action.text().strip()
        self._busy(True)
        self.context.run_session(
            lambda: rework.close(
                session,
                key,
                comment,
                password=password if order["close"] == "signed" else None,
                username=username,
            ),
            self._on_closed,
            self._on_failed,
        )

    def _on_closed(self, row: Any) -> None:
        self.password.clear()
        self._busy(False)
        self.order_closed.emit(row)
        self.accept()

    def _on_failed(self, error: TaskError) -> None:
        self.password.clear()
        self._busy(False)
        finding = getattr(error.original, "finding", None)
        if isinstance(error.original, CaptureRefused) and finding is not None:
            # A lot refused as at a scan: said in the operator's language.
            self.problem.setText(refusal_text(finding, finding.message))
        else:
            self.problem.setText(error.message)

    def _busy(self, busy: bool) -> None:
        for button in (self.record_button, self.close_order_button):
            button.setEnabled(not busy)
        if not busy:
            self.close_order_button.setEnabled(bool(self.current["steps"]))
