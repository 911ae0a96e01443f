"""The keyboard-wedge event filter: a scanner burst becomes one scan (GS kept) wherever the focus
is, a person's typing still reaches the field, and the scan reaches the capture session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from app.domain.entry import EntryMethod
from app.ui import wedge_filter
from app.ui.wedge_filter import WedgeFilter
from drivers.wedge import WedgeSettings
from tests.helpers.stations import DemoStation

GS = "\x1d"
UDI = "0109506000134352" + "17271231" + "10A1B2C3" + GS + "21SN000123"


class FakeClock:
    """The filter's millisecond clock, moved by the test (scanner speed vs. typing speed)."""

    def __init__(self) -> None:
        self.ms = 1000.0

    def __call__(self) -> float:
        return self.ms


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr(wedge_filter, "now_ms", fake)
    return fake


@pytest.fixture
def field(qtbot: QtBot) -> QLineEdit:
    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.show()
    edit.activateWindow()
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    return edit


@pytest.fixture
def wedge(qtbot: QtBot) -> Iterator[WedgeFilter]:
    f = WedgeFilter(WedgeSettings(max_gap_ms=30, min_length=4)).install()
    yield f
    f.shutdown()


def key_event(ch: str) -> QKeyEvent:
    """The key press a wedge scanner makes for ``ch`` (built by hand: keyClicks aborts on GS)."""
    if ch == GS:
        return QKeyEvent(
            QEvent.Type.KeyPress, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.ControlModifier, GS
        )
    if ch == "\r":
        return QKeyEvent(
            QEvent.Type.KeyPress, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, ch
        )
    return QKeyEvent(
        QEvent.Type.KeyPress, Qt.Key(ord(ch.upper())), Qt.KeyboardModifier.NoModifier, ch
    )


def press(target: QLineEdit, text: str, clock: FakeClock, gap_ms: float) -> None:
    for ch in text:
        clock.ms += gap_ms
        QApplication.sendEvent(target, key_event(ch))


def test_a_burst_becomes_one_scan_with_gs_and_never_reaches_the_field(
    qtbot: QtBot, field: QLineEdit, wedge: WedgeFilter, clock: FakeClock
) -> None:
    with qtbot.waitSignal(wedge.scanned, timeout=2000) as blocker:
        press(field, UDI + "\r", clock, gap_ms=4)
    assert blocker.args is not None
    assert blocker.args[0] == UDI  # GS kept, which the QLineEdit would have dropped
    assert field.text() == ""


def test_typing_reaches_the_focused_field_and_is_no_scan(
    qtbot: QtBot, field: QLineEdit, wedge: WedgeFilter, clock: FakeClock
) -> None:
    with qtbot.assertNotEmitted(wedge.scanned, wait=100):
        press(field, "ML-4711", clock, gap_ms=120)
        clock.ms += 200  # the last key is released by the filter's timer
        qtbot.waitUntil(lambda: field.text() == "ML-4711", timeout=2000)


def test_after_shutdown_keys_go_straight_to_the_field(
    qtbot: QtBot, field: QLineEdit, clock: FakeClock
) -> None:
    f = WedgeFilter().install()
    f.shutdown()
    with qtbot.assertNotEmitted(f.scanned):
        press(field, "ML-1\r", clock, gap_ms=2)
    assert field.text() == "ML-1"


def test_a_wedge_scan_reaches_the_capture_session(
    qtbot: QtBot, field: QLineEdit, wedge: WedgeFilter, clock: FakeClock, station: DemoStation
) -> None:
    session = station.session()
    events = []
    wedge.scanned.connect(
        lambda text, _ms: events.append(session.scan(text, EntryMethod.KEYBOARD_WEDGE))
    )
    press(field, "BDG-1002\r", clock, gap_ms=3)
    qtbot.waitUntil(lambda: bool(events), timeout=2000)
    assert events[0].kind == "login"
    assert session.operator is not None
    assert field.text() == ""
