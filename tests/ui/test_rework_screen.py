"""Rework at the operator station: F7 opens rework mode with a banner naming the unit and the order;
a lot exchanged by scanning is recorded through the capture core, the removed lot scrapped unless
the operator says it goes back to stock; a supervisor closes the order with a signature."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.capture import demo_line, rework
from app.capture.exceptions import dispose
from app.store import genealogy, lot_balance
from app.ui.main_window import MainWindow
from app.ui.rework import ReworkDialog
from tests.capture.test_rework import other_lot
from tests.helpers.review import PASSWORD, humid_record, supervisor
from tests.helpers.stations import DemoStation
from tests.helpers.window import banner, logged_in


@pytest.fixture
def reworked(station: DemoStation) -> tuple[str, str, str]:
    """A flagged unit dispositioned "rework" (closed with a signature): serial, record, order."""
    key = humid_record(station, "SN-IP-200-7100077")
    dispose(supervisor(station), key, "rework", "re-seal the housing", PASSWORD,
            username="supervisor")  # fmt: skip
    (order,) = rework.open_reworks(station.conn)
    return "SN-IP-200-7100077", key, order["record_key"]


def open_rework(qtbot, window: MainWindow) -> ReworkDialog:
    op = window.operator
    assert op is not None
    qtbot.keyClick(op, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: op.findChild(ReworkDialog) is not None, timeout=5_000)
    dialog = op.findChild(ReworkDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)
    return dialog


def test_an_operator_records_a_rework_step_exchanging_a_lot(
    reworked: tuple[str, str, str], window: MainWindow, station: DemoStation, qtbot
) -> None:
    serial, key, order = reworked
    logged_in(qtbot, window)
    dialog = open_rework(qtbot, window)
    # Rework mode: the dialog's banner and the station's banner name the unit and the order.
    assert serial in dialog.title.text() and order in dialog.title.text()
    assert "re-seal the housing" in dialog.why.text()
    state, text = banner(window)
    assert state == "warn" and f"Rework of {serial}" in text and order in text
    for button in (dialog.record_button, dialog.close_order_button, dialog.back_button):
        assert button.minimumHeight() >= 52
    assert not dialog.close_order_button.isEnabled()  # nothing recorded yet
    dialog.record_button.click()
    assert dialog.problem.text() == "Say what was done."
    old = str(
        station.conn.execute(
            "SELECT component FROM components WHERE record_key = ? AND part_number = 'BAT-LI-2S'",
            (key,),
        ).fetchone()[0]
    )
    new = other_lot(station, old)
    dialog.action.setText("battery contact corroded: battery replaced")
    # What becomes of the part removed: scrapped unless the operator says otherwise.
    assert not dialog.removed_to.isEnabled() and dialog.removed_to.currentData() == "scrap"
    dialog.removed.setCurrentIndex(dialog.removed.findData(old))
    assert dialog.removed_to.isEnabled() and dialog.removed_to.currentData() == "scrap"
    dialog.removed_to.setCurrentIndex(dialog.removed_to.findData("stock"))
    dialog.removed.setCurrentIndex(0)
    dialog.removed.setCurrentIndex(dialog.removed.findData(old))
    assert dialog.removed_to.currentData() == "scrap"  # said again for each part removed
    before = lot_balance.balance(station.conn, old)
    assert before is not None
    dialog.record_button.click()
    assert dialog.problem.text() == f"Scan the lot fitted in place of {old}."
    window.handle_scan(new)  # the scanner's lot goes to the open dialog
    assert dialog.fitted.text() == new
    dialog.record_button.click()
    qtbot.waitUntil(lambda: "Rework step recorded" in banner(window)[1], timeout=10_000)
    assert f"Rework step recorded for {serial}" in banner(window)[1]
    assert station.journal_count("correction") == 1
    qtbot.waitUntil(lambda: "battery replaced" in dialog.done_so_far.text(), timeout=5_000)
    assert dialog.close_order_button.isEnabled() and dialog.fitted.text() == ""
    assert serial in {u["unit"] for u in genealogy.trace_forward(station.conn, new)}
    assert serial not in {u["unit"] for u in genealogy.trace_forward(station.conn, old)}
    after = lot_balance.balance(station.conn, old)
    assert after is not None and after.scrapped == before.scrapped + 1
    assert after.remaining == before.remaining  # the battery taken off is not back in stock
    # Taken off again intact and said fit to reuse: back in stock, nothing scrapped.
    stocked = lot_balance.balance(station.conn, new)
    assert stocked is not None
    dialog.action.setText("wrong variant fitted: swapped back, the part is intact")
    qtbot.waitUntil(lambda: dialog.removed.findData(new) >= 0, timeout=5_000)
    dialog.removed.setCurrentIndex(dialog.removed.findData(new))
    dialog.removed_to.setCurrentIndex(dialog.removed_to.findData("stock"))
    window.handle_scan(old)
    dialog.record_button.click()
    qtbot.waitUntil(lambda: station.journal_count("correction") == 2, timeout=10_000)
    qtbot.waitUntil(lambda: "swapped back" in dialog.done_so_far.text(), timeout=5_000)
    back = lot_balance.balance(station.conn, new)
    assert back is not None and back.scrapped == stocked.scrapped
    assert back.remaining == stocked.remaining + 1
    # The order asks for a signature: the operator has no password to give.
    assert dialog.password.isVisible()
    dialog.close_order_button.click()
    assert dialog.problem.text() == "Give your password to sign the close."
    dialog.back_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    assert banner(window)[1].startswith("Back to production")
    assert rework.open_reworks(station.conn)[0]["record_key"] == order


def test_a_supervisor_closes_the_rework_order_with_a_signature(
    reworked: tuple[str, str, str], window: MainWindow, station: DemoStation, qtbot
) -> None:
    serial, _key, order = reworked
    session = station.session("FA-01")
    session.scan("BDG-1002")
    rework.record_step(session, order, "housing re-sealed, leak test 0.2 mbar")
    login = window.login
    login.username.setText("supervisor")
    login.password.setText(demo_line.DEMO_PASSWORD)
    login.login_button.click()
    qtbot.waitUntil(lambda: window.operator is not None, timeout=5_000)
    window.tabs.setCurrentWidget(window.operator)
    dialog = open_rework(qtbot, window)
    assert "housing re-sealed" in dialog.done_so_far.text()
    dialog.username.setText("supervisor")
    dialog.password.setText("not the password")
    dialog.close_order_button.click()
    qtbot.waitUntil(lambda: "password is wrong" in dialog.problem.text(), timeout=5_000)
    assert dialog.password.text() == ""  # never kept
    dialog.password.setText(PASSWORD)
    dialog.close_order_button.click()
    qtbot.waitUntil(lambda: "closed" in banner(window)[1], timeout=10_000)
    assert f"Rework order of {serial} closed" in banner(window)[1]
    assert rework.open_reworks(station.conn) == []
    closed = rework.state(station.conn, order)["closed"]
    assert closed["by"] == "Sofia Lindgren" and closed["signature"]


@pytest.mark.parametrize("language", ["en", "de", "es"])
def test_rework_mode_fits_the_panel_in_each_language(
    reworked: tuple[str, str, str], station: DemoStation, qtbot, language: str
) -> None:
    """At 1366×768, in English, German and Spanish, no text of rework mode is cut."""
    import os
    from pathlib import Path

    from PySide6.QtWidgets import QApplication

    from app.ui.context import StationContext
    from app.ui.resources import SoundPlayer, style_sheet
    from tests.ui.test_layouts import clipped

    app = QApplication.instance()
    app.setStyleSheet(style_sheet())
    context = StationContext(station.store, station.session("FA-01"), "FA-01")
    win = MainWindow(context, sounds=SoundPlayer(muted=True), idle_minutes=0, language=language)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    try:
        logged_in(qtbot, win)
        dialog = open_rework(qtbot, win)
        qtbot.wait(150)
        assert clipped(dialog) == []
        assert dialog.width() <= 1366 - 40 and dialog.height() <= 768 - 60, dialog.size()
        assert clipped(win.operator.feedback) == []
        if os.environ.get("LINESIDE_SHOTS"):
            dialog.grab().save(str(Path(os.environ["LINESIDE_SHOTS"]) / f"rework-{language}.png"))
        dialog.back_button.click()
    finally:
        win.shutdown()
        context.shutdown()
        app.setStyleSheet("")


def test_the_supervisor_says_whether_closing_the_rework_needs_a_signature(
    station: DemoStation, qtbot
) -> None:
    from app.capture import exceptions
    from app.ui.context import StationContext
    from app.ui.supervisor.exceptions import ExceptionQueueWidget
    from tests.ui.test_supervisor import settle

    key = humid_record(station, "SN-IP-200-7100078")
    session = station.session("FA-01")
    session.login_password("supervisor", PASSWORD)
    context = StationContext(station.store, session, "FA-01")
    try:
        widget = ExceptionQueueWidget(context)
        qtbot.addWidget(widget)
        widget.show()
        settle(qtbot, context)
        row = next(
            r for r in range(widget.model.rowCount()) if widget.model.row_at(r).subject == key
        )
        widget.table.selectRow(row)
        assert not widget.rework_signed.isVisible()  # only a rework asks it
        widget.decision.setCurrentIndex(widget.decision.findData(exceptions.Decision.REWORK))
        assert widget.rework_signed.isVisible() and widget.rework_signed.isChecked()
        assert widget.rework_signed.minimumSizeHint().width() <= widget.rework_signed.width()
        widget.rework_signed.setChecked(False)
        qtbot.keyClicks(widget.comment, "loose connector: re-seat and re-test")
        qtbot.keyClicks(widget.username, "supervisor")
        qtbot.keyClicks(widget.password, PASSWORD)
        with qtbot.waitSignal(widget.disposed, timeout=10_000):
            qtbot.mouseClick(widget.dispose_button, Qt.MouseButton.LeftButton)
        settle(qtbot, context)
        (order,) = rework.open_reworks(station.conn, "SN-IP-200-7100078")
        assert order["close"] == "unsigned"
    finally:
        context.wait()
