"""The operator's keyboard path: Del, Tab, Esc and F12 as an operator with a scanner uses them."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from app.ui.autopilot import type_burst
from app.ui.context import StationContext
from app.ui.i18n import Languages
from app.ui.main_window import MainWindow
from app.ui.operator import OperatorStationWidget, records_count
from app.ui.resources import style_sheet
from tests.helpers.stations import DemoStation
from tests.helpers.window import banner, logged_in, settled, wedge_udi


def _unit_with_scans(qtbot, window: MainWindow, station: DemoStation, serial: str, n: int):
    logged_in(qtbot, window)
    op = window.operator
    assert op is not None
    type_burst(wedge_udi(serial))
    qtbot.waitUntil(lambda: op.view.unit_serial == serial, timeout=5_000)
    for lot in (station.lot("HSG-TOP-200"), station.lot("BAT-LI-2S"))[:n]:
        type_burst(lot)
    qtbot.waitUntil(lambda: len(op.view.components) == n, timeout=5_000)
    return op


def _open_question(qtbot) -> QMessageBox:
    found: list[QMessageBox] = []

    def shown() -> bool:
        found[:] = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.isActiveWindow()
        ]
        return bool(found)

    qtbot.waitUntil(shown, timeout=5_000)
    return found[0]


def _valid(obj: object) -> bool:
    return shiboken6.isValid(obj)


def _button(box: QMessageBox, text: str):
    return next(b for b in box.buttons() if b.text().startswith(text))


def test_del_in_the_empty_typed_field_removes_the_selected_scan(
    window: MainWindow, station: DemoStation, qtbot
):
    op = _unit_with_scans(qtbot, window, station, "SN-IP-200-KB00001", 2)
    rows = [i for i in range(op.checklist_model.rowCount()) if op.checklist_model.row_at(i).scanned]
    op.checklist.selectRow(rows[0])
    removed = op.checklist_model.row_at(rows[0]).scanned[-1].id
    op.typed.setFocus()
    qtbot.keyClick(op.typed, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: len(op.view.components) == 1, timeout=5_000)
    assert removed not in [c.id for c in op.view.components]


def test_del_with_text_in_the_field_edits_the_text(window: MainWindow, station: DemoStation, qtbot):
    op = _unit_with_scans(qtbot, window, station, "SN-IP-200-KB00002", 1)
    op.typed.setText("LOT-12")
    op.typed.setCursorPosition(0)
    qtbot.keyClick(op.typed, Qt.Key.Key_Delete)
    assert op.typed.text() == "OT-12"
    assert op.remove_dialog is None
    assert len(op.view.components) == 1


def test_del_with_nothing_selected_asks_which_and_esc_keeps_all(
    window: MainWindow, station: DemoStation, qtbot
):
    op = _unit_with_scans(qtbot, window, station, "SN-IP-200-KB00003", 2)
    op.checklist.clearSelection()
    op.typed.setFocus()
    qtbot.keyClick(op.typed, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: op.remove_dialog is not None and op.remove_dialog.isActiveWindow())
    dialog = op.remove_dialog
    assert dialog is not None
    assert dialog.choices.count() == 2
    qtbot.keyClick(dialog.choices, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not _valid(dialog) or not dialog.isVisible(), timeout=5_000)
    window.activateWindow()  # the offscreen platform does not hand the focus back by itself
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    settled(qtbot, window)  # a removal Esc had asked for would have reached the screen
    assert len(op.view.components) == 2
    # Asked again, the operator picks the older scan with the arrow keys.
    qtbot.keyClick(op.typed, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: op.remove_dialog is not dialog and op.remove_dialog.isActiveWindow())
    older = op.view.components[0].id
    qtbot.keyClick(op.remove_dialog.choices, Qt.Key.Key_Down)
    qtbot.keyClick(op.remove_dialog.choices, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(op.view.components) == 1, timeout=5_000)
    assert older not in [c.id for c in op.view.components]


def test_tab_reaches_the_parts_list_and_every_button(window: MainWindow, qtbot):
    logged_in(qtbot, window)
    op = window.operator
    assert op is not None
    # The offscreen platform leaves the window inactive after an earlier test's dialog closed;
    # keys go round the focus chain of the active window only.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    op.typed.setFocus()
    qtbot.waitUntil(op.typed.hasFocus, timeout=5_000)
    qtbot.wait(300)  # the badge scan is over, by the clock
    reached = []
    for _ in range(10):
        before = QApplication.focusWidget()
        # A person's Tab: stamped 0 so the wedge filter times it by the clock. QTest's own stamps
        # advance a millisecond a key across tests, so a Tab could read as the suffix of the log-in
        # badge scanned "just before" and be dropped, as a scanner's Tab suffix is.
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                before, QKeyEvent(kind, Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier)
            )
        # The wedge filter holds a key while it might start a scan, then hands it on.
        qtbot.waitUntil(lambda b=before: QApplication.focusWidget() is not b, timeout=5_000)
        reached.append(QApplication.focusWidget())
        if reached[-1] is op.typed:
            break  # round the window once
    assert op.checklist in reached
    assert op.records in reached
    assert op.correct_button in reached
    assert reached[0] is op.checklist  # from the typed field straight to the parts list
    assert op.typed in reached  # round the window and back (nothing keeps the focus)


def test_f12_with_scans_asks_and_keeps_them_by_default(
    window: MainWindow, station: DemoStation, qtbot
):
    logouts = station.journal_count("logout")  # the demo's shift changes
    op = _unit_with_scans(qtbot, window, station, "SN-IP-200-KB00004", 2)
    qtbot.keyClick(op, Qt.Key.Key_F12)
    box = _open_question(qtbot)
    assert "2 scanned parts" in box.text() and "SN-IP-200-KB00004" in box.text()
    assert box.defaultButton() is _button(box, "Keep")
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not _valid(box) or not box.isVisible(), timeout=5_000)
    settled(qtbot, window)  # a log-out Esc had asked for would have reached the screen
    assert window.operator is op and len(op.view.components) == 2
    assert station.journal_count("logout") == logouts
    window.activateWindow()  # the offscreen platform does not hand the focus back by itself
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    qtbot.keyClick(op, Qt.Key.Key_F12)
    box = _open_question(qtbot)
    _button(box, "Log out").click()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.login, timeout=5_000)
    qtbot.waitUntil(lambda: station.journal_count("logout") == logouts + 1)


def test_f12_without_scans_logs_out_at_once(window: MainWindow, station: DemoStation, qtbot):
    logged_in(qtbot, window)
    assert window.operator is not None
    qtbot.keyClick(window.operator, Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.login, timeout=5_000)


def test_esc_with_scans_asks_before_starting_over(window: MainWindow, station: DemoStation, qtbot):
    op = _unit_with_scans(qtbot, window, station, "SN-IP-200-KB00005", 1)
    qtbot.keyClick(op, Qt.Key.Key_Escape)
    box = _open_question(qtbot)
    assert "Start over" in box.windowTitle()
    _button(box, "Start over").click()
    qtbot.waitUntil(lambda: op.view.unit_serial is None, timeout=5_000)
    assert not op.view.components


def test_a_scan_twice_is_refused_with_what_to_do(window: MainWindow, station: DemoStation, qtbot):
    op = _unit_with_scans(qtbot, window, station, "SN-IP-200-KB00006", 1)
    type_burst(op.view.components[0].id)
    qtbot.waitUntil(lambda: banner(window)[0] == "bad", timeout=5_000)
    assert "\n→ " in banner(window)[1]


def test_an_ordinary_log_out_is_not_shown_in_red(window: MainWindow, station: DemoStation, qtbot):
    QApplication.instance().setStyleSheet(style_sheet())
    try:
        with qtbot.waitSignal(window.login.failed, timeout=5_000):
            type_burst("BDG-0999", window.login.badge)  # refused: the message turns red
        red = window.login.message.palette().color(QPalette.ColorRole.WindowText)
        logged_in(qtbot, window)
        qtbot.keyClick(window.operator, Qt.Key.Key_F12)
        qtbot.waitUntil(lambda: window.stack.currentWidget() is window.login, timeout=5_000)
        assert "logged out" in window.login.message.text()
        shown = window.login.message.palette().color(QPalette.ColorRole.WindowText)
        assert shown != red
    finally:
        QApplication.instance().setStyleSheet("")


def test_what_an_operator_reads_is_at_least_18_px(window: MainWindow, station: DemoStation, qtbot):
    QApplication.instance().setStyleSheet(style_sheet())
    try:
        op = _unit_with_scans(qtbot, window, station, "SN-IP-200-KB00007", 1)
        qtbot.waitUntil(lambda: op.records_model.rowCount() >= 0)
        small = [
            (label.objectName() or label.text()[:30], label.font().pixelSize())
            for label in op.findChildren(QLabel)
            if label.isVisible() and 0 < label.font().pixelSize() < 18
        ]
        for view in (op.checklist, op.records):
            assert view.font().pixelSize() >= 18
            assert view.horizontalHeader().font().pixelSize() >= 18
        assert small == []
    finally:
        QApplication.instance().setStyleSheet("")


def test_one_record_is_one_record(qapp):
    languages = Languages()  # English plural forms come from lineside_en.qm
    languages.use("en")
    assert records_count(0) == "no records yet"
    assert records_count(1) == "1 record"
    assert records_count(7) == "7 records"


def test_at_smt_the_operator_is_asked_for_the_board_not_a_udi(station: DemoStation, qtbot):
    context = StationContext(station.store, station.session("SMT-01"), "SMT-01")
    op = OperatorStationWidget(context)
    qtbot.addWidget(op)
    try:
        context.run_session(lambda: context.session.login_badge("BDG-1002"))
        qtbot.waitUntil(lambda: "board's serial label" in op.unit.text(), timeout=5_000)
        assert "board's serial label" in op.feedback.detail.text()
        assert "UDI" not in op.feedback.detail.text() + op.unit.text()
    finally:
        context.shutdown()
