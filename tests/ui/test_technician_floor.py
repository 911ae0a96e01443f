"""The technician on the floor: environment windows seen and changed with a reason, journalled."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QTableWidgetItem

from app.capture import demo_line
from app.domain.entry import EntryMethod
from app.ui.context import StationContext
from app.ui.technician.environment import EnvironmentWindowsWidget
from app.ui.technician.station import StationSettingsWidget
from tests.helpers.stations import DemoStation


@pytest.fixture
def context(station: DemoStation, qtbot) -> Iterator[StationContext]:
    session = station.session("FA-01")
    session.login_password("technician", demo_line.DEMO_PASSWORD)
    ctx = StationContext(station.store, session, "FA-01")
    yield ctx
    ctx.wait()


def settle(qtbot, context: StationContext) -> None:
    qtbot.waitUntil(lambda: context.tasks.pending == 0, timeout=15_000)


def row_of(widget: EnvironmentWindowsWidget, quantity: str) -> int:
    return next(
        r for r in range(widget.table.rowCount()) if widget.table.item(r, 2).text() == quantity
    )


def test_the_windows_the_operator_sees_are_shown_and_changed_with_a_reason(
    context: StationContext, station: DemoStation, qtbot
) -> None:
    widget = EnvironmentWindowsWidget(context)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.show()
    settle(qtbot, context)
    r = row_of(widget, "Humidity")
    assert [widget.table.item(r, c).text() for c in (3, 4, 6)] == ["30", "60", "%RH"]
    widget.table.setCurrentCell(r, 4)
    widget.table.setFocus()
    qtbot.keyClick(widget.table, Qt.Key.Key_F2)  # edit the cell from the keyboard
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "55")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)  # on to the next cell: the edit is taken
    assert widget.table.item(r, 4).text() == "55"
    widget.save()
    settle(qtbot, context)
    assert "say why" in widget.message.text() and widget.message.tone == "bad"
    qtbot.keyClicks(widget.reason, "CAPA-2026-044")
    with qtbot.waitSignal(widget.saved, timeout=10_000) as saved:
        qtbot.mouseClick(widget.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot, context)
    assert saved.args == [1] and "next record" in widget.message.text()
    assert widget.table.item(row_of(widget, "Humidity"), 4).text() == "55"  # read back
    row = station.conn.execute(
        "SELECT content FROM journal WHERE kind = 'config' ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    content = json.loads(row[0])
    assert content["config"] == "environment" and content["why"] == "CAPA-2026-044"
    assert content["by"]["name"] == context.view.operator.name

    # the station's history says it in words
    history = StationSettingsWidget(context)
    qtbot.addWidget(history)
    history.show()
    settle(qtbot, context)
    assert "Humidity: 30–60 %RH → 30–55 %RH" in history.history.item(0, 2).text()
    assert history.history.item(0, 3).text() == "CAPA-2026-044"


def test_a_limit_that_is_not_a_number_is_refused_naming_the_row(
    context: StationContext, qtbot
) -> None:
    widget = EnvironmentWindowsWidget(context)
    qtbot.addWidget(widget)
    widget.show()
    settle(qtbot, context)
    r = row_of(widget, "Temperature")
    widget.table.item(r, 3).setText("cold")
    qtbot.keyClicks(widget.reason, "typo test")
    widget.save()
    assert "Temperature: type numbers" in widget.message.text()


def test_a_calibration_is_recorded_with_as_found_and_as_left_points(
    context: StationContext, station: DemoStation, qtbot
) -> None:
    from datetime import date

    from app.domain.instruments import InstrumentConfig
    from app.store import instruments
    from app.ui.technician.instruments import InstrumentsWidget

    # A new transmitter replaces the demo line's hygrometer at FA-01.
    station.store.write(
        lambda c: instruments.retire(c, "FA-01", "FA-01-HMT330", by="tech1", reason="replaced")
    )
    hmt = InstrumentConfig("FA-01-HMT335", "vaisala", "/dev/ttyUSB0", "4800 7E1")
    station.store.write(lambda c: instruments.save(c, "FA-01", hmt, by="tech1"))
    widget = InstrumentsWidget(context)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.show()
    settle(qtbot, context)
    widget.table.selectRow(0)
    widget.tabs.setCurrentIndex(2)
    cal = widget.calibration
    qtbot.waitUntil(lambda: cal.instrument == "FA-01-HMT335", timeout=5_000)
    for row, values in enumerate(
        (("Humidity", "11.3", "13.9", "11.5", "1.7"), ("Humidity", "75.3", "75.9", "75.1", "1.7"))
    ):
        for col, text in enumerate(values):
            cal.points.setItem(row, col, QTableWidgetItem(text))
    cal.performed_on.setDate(QDate(2026, 11, 2))
    cal.due_on.setDate(QDate(2027, 11, 2))
    qtbot.keyClicks(cal.certificate, "DAkkS 2026-1142")
    qtbot.keyClicks(cal.performed_by, "Vaisala Service")
    with qtbot.waitSignal(cal.calibrated, timeout=10_000) as done:
        qtbot.mouseClick(cal.calibrate_button, Qt.MouseButton.LeftButton)
    record = done.args[0]
    assert record.performed_on == date(2026, 11, 2)
    assert (record.as_found, record.as_left) == ("fail", "pass")
    settle(qtbot, context)
    model = cal.calibrations_model
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=5_000)
    assert model.index(0, 2).data() == "✘ FAIL" and model.index(0, 3).data() == "✔ pass"
    assert "as found 13.9 (FAIL)" in model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole)
    assert cal.points.item(0, 2) is None  # the form is empty for the next calibration

    # a point typed wrong is refused naming the row
    cal.points.setItem(1, 1, QTableWidgetItem("seventy"))
    qtbot.mouseClick(cal.calibrate_button, Qt.MouseButton.LeftButton)
    assert "Test point 2" in cal.calibration_state.text()


def test_code_formats_are_edited_with_a_live_test_field_and_journalled(
    context: StationContext, station: DemoStation, qtbot
) -> None:
    from app.ui.technician.setup_tabs import StationSetupWidget

    setup = StationSetupWidget(context)
    qtbot.addWidget(setup)
    setup.resize(1366, 700)
    setup.show()
    setup.setCurrentWidget(setup.codes)
    settle(qtbot, context)
    widget = setup.codes
    assert widget.patterns["lot"].text().startswith("ML-")
    qtbot.keyClicks(widget.test, "+A123BJC5D6E71G")
    assert widget.reading.tone == "ok" and "agency HIBCC" in widget.reading.text()
    widget.agencies["HIBCC"].setChecked(False)  # the reading follows the form at once
    assert widget.reading.tone == "bad" and "not HIBCC" in widget.reading.text()
    widget.test.clear()
    qtbot.keyClicks(widget.test, "LT-00042")
    assert widget.reading.tone == "bad"  # not a lot yet
    widget.patterns["lot"].setText(r"(ML|LT)-[0-9A-Z-]{3,20}")
    assert widget.reading.text().startswith("✔ lot: LT-00042")
    widget.patterns["badge"].setText("BDG-[")  # a broken pattern says so
    assert "not a valid regular expression" in widget.reading.text()
    widget.patterns["badge"].setText("BDG-[0-9A-Z]{3,12}")
    # a scan while the screen is in front goes to the test field, its GS kept
    di = demo_line.PRODUCTS[0].di
    setup.handle_scan(f"01{di}10B261101\x1d21SN-1", EntryMethod.KEYBOARD_WEDGE)
    assert "serial SN-1" in widget.reading.text() and "␝" in widget.test.text()

    qtbot.keyClicks(widget.reason, "lots from the new warehouse start LT-")
    with qtbot.waitSignal(widget.saved, timeout=10_000) as saved:
        qtbot.mouseClick(widget.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot, context)
    assert saved.args == [2] and "revision 2" in widget.message.text()
    qtbot.waitUntil(lambda: context.session.formats.agencies == ("GS1", "ICCBBA"), timeout=5_000)
    row = station.conn.execute(
        "SELECT content FROM journal WHERE kind = 'config' ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    assert json.loads(row[0])["config"] == "code-formats"
    setup.setCurrentWidget(setup.rules)
    settle(qtbot, context)
    assert "lot pattern" in setup.rules.history.item(0, 2).text()
