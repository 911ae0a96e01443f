"""The log-in screen by keyboard: badge then PIN where the station asks."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from app.capture import demo_line
from app.ui.context import StationContext
from app.ui.login import LoginWidget
from tests.helpers.stations import DemoStation, set_policy


@pytest.fixture
def context(station: DemoStation, qtbot) -> Iterator[StationContext]:
    set_policy(station, badge_pin=True, max_failures=2)
    admin = station.session("FA-01")
    admin.login_password("supervisor", demo_line.DEMO_PASSWORD)
    admin.set_pin("U1002", "4821", "first PIN")
    admin.logout()
    ctx = StationContext(station.store, station.session("FA-01"), "FA-01")
    yield ctx
    ctx.wait()


def settle(qtbot, context: StationContext) -> None:
    qtbot.waitUntil(lambda: context.session_tasks.pending == 0, timeout=15_000)


def test_badge_then_pin_by_keyboard_a_wrong_pin_refused(context: StationContext, qtbot) -> None:
    widget = LoginWidget(context)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.keyClicks(widget.badge, "BDG-1002")
    qtbot.keyClick(widget.badge, Qt.Key.Key_Return)
    qtbot.waitUntil(widget.pin.isVisible, timeout=15_000)
    assert "PIN" in widget.message.text()
    assert context.session.operator is None
    qtbot.keyClicks(widget.pin, "0000")
    qtbot.keyClick(widget.pin, Qt.Key.Key_Return)
    settle(qtbot, context)
    qtbot.waitUntil(lambda: "wrong" in widget.message.text(), timeout=5_000)
    assert context.session.operator is None
    qtbot.keyClicks(widget.badge, "BDG-1002")
    qtbot.keyClick(widget.badge, Qt.Key.Key_Return)
    qtbot.waitUntil(widget.pin.isVisible, timeout=15_000)
    qtbot.keyClicks(widget.pin, "4821")
    qtbot.keyClick(widget.pin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: context.session.operator is not None, timeout=15_000)
    assert context.session.operator.user_id == "U1002"
