"""The user administration screen, by keyboard: create an account, change it, every change journalled."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from app.capture import demo_line
from app.ui.admin.users import UsersWidget
from app.ui.context import StationContext
from tests.helpers.stations import DemoStation


@pytest.fixture
def context(station: DemoStation, qtbot) -> Iterator[StationContext]:
    session = station.session("FA-01")
    session.login_password("admin", demo_line.DEMO_PASSWORD)
    ctx = StationContext(station.store, session, "FA-01")
    yield ctx
    ctx.wait()


def settle(qtbot, context: StationContext) -> None:
    qtbot.waitUntil(lambda: context.tasks.pending == 0, timeout=15_000)


def changes(station: DemoStation) -> list[dict]:
    return [
        json.loads(r[0])
        for r in station.conn.execute(
            "SELECT content FROM journal WHERE kind = 'user-change' ORDER BY seq"
        )
    ]


def test_an_admin_creates_and_changes_an_account_by_keyboard(
    context: StationContext, station: DemoStation, qtbot
) -> None:
    widget = UsersWidget(context)
    qtbot.addWidget(widget)
    widget.resize(1300, 700)
    widget.show()
    settle(qtbot, context)
    assert widget.table.rowCount() == 16  # the demo's 13 operators and 3 staff
    widget.clear_form()
    qtbot.keyClicks(widget.username, "nina")
    qtbot.keyClicks(widget.name, "Nina Novak")
    qtbot.keyClicks(widget.badge, "BDG-1900")
    qtbot.keyClicks(widget.qualifications, "S20=2027-06-30")
    # no reason: refused, nothing journalled
    before = len(changes(station))
    qtbot.keyClick(widget.reason, Qt.Key.Key_Return)
    assert widget.message.tone == "bad" and len(changes(station)) == before
    qtbot.keyClicks(widget.reason, "new starter, trained on final assembly")
    with qtbot.waitSignal(widget.saved, timeout=15_000):
        qtbot.keyClick(widget.reason, Qt.Key.Key_Return)
    settle(qtbot, context)
    created = changes(station)[-1]
    assert created["reason"] == "new starter, trained on final assembly"
    assert created["changes"]["qualification_expiry"]["new"] == {"S20": "2027-06-30"}
    row = next(
        r for r in range(widget.table.rowCount()) if widget.table.item(r, 0).text() == "nina"
    )
    assert "S20 (to 2027-06-30)" in widget.table.item(row, 5).text()
    # deactivate her, with a reason
    widget.table.selectRow(row)
    assert widget.username.text() == "nina"
    widget.active.setChecked(False)
    qtbot.keyClicks(widget.reason, "left the company")
    with qtbot.waitSignal(widget.saved, timeout=15_000):
        qtbot.mouseClick(widget.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot, context)
    assert changes(station)[-1]["changes"] == {"active": {"old": True, "new": False}}
    assert station.session("FA-01").master.operator_by_badge("BDG-1900").active is False


def test_an_admin_gives_a_user_their_own_language(
    context: StationContext, station: DemoStation, qtbot
) -> None:
    widget = UsersWidget(context)
    qtbot.addWidget(widget)
    widget.resize(1300, 700)
    widget.show()
    settle(qtbot, context)
    assert [widget.language.itemText(i) for i in range(widget.language.count())] == [
        "station default",
        "English",
        "Deutsch",
        "Español",
    ]
    row = next(
        r for r in range(widget.table.rowCount()) if widget.table.item(r, 3).text() == "BDG-1002"
    )
    widget.table.selectRow(row)
    assert widget.language.currentData() == ""
    widget.language.setCurrentIndex(widget.language.findData("de"))
    qtbot.keyClicks(widget.reason, "reads German best")
    with qtbot.waitSignal(widget.saved, timeout=15_000):
        qtbot.mouseClick(widget.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot, context)
    assert changes(station)[-1]["changes"] == {"language": {"old": "", "new": "de"}}
    assert station.session("FA-01").master.operator_by_badge("BDG-1002").language == "de"
    widget.clear_form()
    widget.table.selectRow(row)
    assert widget.language.currentText() == "Deutsch"
