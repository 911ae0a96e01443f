"""The supervisor on the floor: search and refusals, newest shift first, uncropped serials, a
disposition that stays confirmed and does not carry over, the sign-off's password box."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.capture import demo_line, exceptions
from app.capture.session import CaptureRefused
from app.ui.context import StationContext
from app.ui.supervisor.exceptions import ExceptionQueueWidget
from app.ui.supervisor.search import SearchWidget
from app.ui.supervisor.shift_log import ShiftLogWidget
from tests.helpers.review import humid_record
from tests.helpers.stations import DemoStation

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def context(station: DemoStation, qtbot) -> StationContext:
    session = station.session("FA-01")
    session.login_password("supervisor", demo_line.DEMO_PASSWORD)
    ctx = StationContext(station.store, session, "FA-01")
    yield ctx
    ctx.wait()


def settle(qtbot, context: StationContext) -> None:
    qtbot.waitUntil(lambda: context.tasks.pending == 0, timeout=10_000)


def uncropped(table, column: int) -> bool:
    """Every loaded cell of ``column`` fits its column (no elided serial)."""
    return table.sizeHintForColumn(column) <= table.columnWidth(column)


def test_search_by_udi_finds_the_unit_and_lists_refusals_with_scan_and_rule(
    context: StationContext, station: DemoStation, qtbot
) -> None:
    operator = station.session("FA-01")
    operator.scan("BDG-1002")
    operator.scan(station.udi("SN-IP-200-7100011"))
    with pytest.raises(CaptureRefused):
        operator.scan("LOT-NEVER-RECEIVED")
    serial, di = station.conn.execute(
        "SELECT unit_serial, di FROM assemblies WHERE di IS NOT NULL LIMIT 1"
    ).fetchone()
    widget = SearchWidget(context)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.show()
    widget.by.setCurrentIndex(widget.by.findData("udi"))
    qtbot.keyClicks(widget.text, f"(01){di}(21){serial}")
    with qtbot.waitSignal(widget.searched, timeout=10_000):
        qtbot.keyClick(widget.text, Qt.Key.Key_Return)
    model = widget.records_model
    assert model.rowCount() >= 1
    assert {model.row_at(r).unit_serial for r in range(model.rowCount())} == {serial}
    assert serial in model.data(model.index(0, 1))
    assert uncropped(widget.records, 1) and uncropped(widget.records, 0)

    # a date range alone lists the refusal with what was scanned and the rule
    widget.by.setCurrentIndex(widget.by.findData(None))
    assert widget.use_range.isChecked() and not widget.text.isEnabled()
    with qtbot.waitSignal(widget.searched, timeout=10_000):
        qtbot.mouseClick(widget.search_button, Qt.MouseButton.LeftButton)
    refusals = widget.refusals_model
    row = next(
        r for r in range(refusals.rowCount()) if refusals.row_at(r).unit == "SN-IP-200-7100011"
    )
    cells = [refusals.data(refusals.index(row, c)) for c in range(refusals.columnCount())]
    assert "LOT-NEVER-RECEIVED" in cells and refusals.row_at(row).rule in cells
    assert widget.tabs.tabText(1).startswith("Refusals (")


def test_a_bad_search_says_what_to_do(context: StationContext, qtbot) -> None:
    widget = SearchWidget(context)
    qtbot.addWidget(widget)
    widget.by.setCurrentIndex(widget.by.findData("udi"))
    qtbot.keyClicks(widget.text, "SN-1")
    widget.run_search()
    qtbot.waitUntil(lambda: widget.summary.tone == "bad", timeout=10_000)
    assert "not a UDI" in widget.summary.text() and "search by serial" in widget.summary.text()
    assert widget.search_button.isEnabled()


def test_the_shift_log_lists_the_newest_record_first_and_never_crops_a_serial(
    context: StationContext, station: DemoStation, qtbot
) -> None:
    widget = ShiftLogWidget(context)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.show()
    settle(qtbot, context)
    widget.select_shift(None)
    settle(qtbot, context)
    times = [widget.model.row_at(r).recorded_at for r in range(widget.model.rowCount())]
    newest = station.conn.execute("SELECT max(recorded_at) FROM assemblies").fetchone()[0]
    assert times[0] == newest and times == sorted(times, reverse=True)
    # the header fits its columns to what is loaded once the view lays out again
    qtbot.waitUntil(
        lambda: uncropped(widget.table, 1) and uncropped(widget.table, 0), timeout=3_000
    )
    verdict = widget.model.columnCount() - 1
    assert widget.table.columnWidth(verdict) < widget.table.viewport().width() / 4


def test_a_disposition_stays_confirmed_and_its_decision_does_not_carry_over(
    context: StationContext, station: DemoStation, qtbot
) -> None:
    first = humid_record(station, "SN-IP-200-7100001")
    humid_record(station, "SN-IP-200-7100002")
    widget = ExceptionQueueWidget(context)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.show()
    settle(qtbot, context)
    row = next(r for r in range(widget.model.rowCount()) if widget.model.row_at(r).subject == first)
    widget.table.selectRow(row)
    assert widget.decision.currentData() is None
    widget.decision.setCurrentIndex(widget.decision.findData(exceptions.Decision.REWORK))
    qtbot.keyClicks(widget.comment, "door left open; rework the seal")
    qtbot.keyClicks(widget.username, "supervisor")
    qtbot.keyClicks(widget.password, demo_line.DEMO_PASSWORD)
    with qtbot.waitSignal(widget.disposed, timeout=10_000):
        qtbot.mouseClick(widget.dispose_button, Qt.MouseButton.LeftButton)
    settle(qtbot, context)
    qtbot.wait(300)
    assert widget.selected() is not None and widget.selected().subject != first
    assert "Disposition recorded" in widget.recorded.text() and widget.recorded.isVisible()
    assert "Rework" in widget.recorded.text() and "SN-IP-200-7100001" in widget.recorded.text()
    assert widget.decision.currentData() is None and widget.comment.toPlainText() == ""
    for col in (0, 1, 2):
        assert uncropped(widget.table, col)


def test_the_sign_off_keeps_its_password_box_after_a_wrong_password(
    context: StationContext, qtbot
) -> None:
    widget = ShiftLogWidget(context)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.show()
    settle(qtbot, context)
    dialog = widget.sign_off()
    assert dialog is not None
    qtbot.waitExposed(dialog)
    height = dialog.password.height()
    qtbot.keyClicks(dialog.username, "supervisor")
    qtbot.keyClicks(dialog.password, "not my password")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    settle(qtbot, context)
    qtbot.wait(200)
    assert "password is wrong" in dialog.message.text()
    assert dialog.password.isVisible() and dialog.password.height() >= height
    assert dialog.password.height() >= dialog.password.sizeHint().height()
    assert dialog.message.height() >= dialog.message.heightForWidth(dialog.message.width())
    assert dialog.focusWidget() is dialog.password
    dialog.reject()


def test_a_scanned_udi_searches_its_unit(
    context: StationContext, station: DemoStation, qtbot
) -> None:
    serial, di = station.conn.execute(
        "SELECT unit_serial, di FROM assemblies WHERE di IS NOT NULL LIMIT 1"
    ).fetchone()
    widget = SearchWidget(context)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.searched, timeout=10_000):
        widget.handle_scan(f"01{di}21{serial}\x1d10B261101")
    assert widget.query().by == "udi"
    assert {
        widget.records_model.row_at(r).unit_serial for r in range(widget.records_model.rowCount())
    } == {serial}
