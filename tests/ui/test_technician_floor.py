"""The technician on the floor: environment windows seen and changed with a reason, journalled."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from app.store import demodata
from app.ui.context import StationContext
from app.ui.technician.environment import EnvironmentWindowsWidget
from app.ui.technician.station import StationSettingsWidget
from tests.helpers.stations import DemoStation


@pytest.fixture
def context(station: DemoStation, qtbot) -> Iterator[StationContext]:
    session = station.session("FA-01")
    session.login_password("technician", demodata.DEMO_PASSWORD)
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
