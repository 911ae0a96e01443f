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


@pytest.mark.qt_log_ignore(
    "does not support raise", "does not support grabbing", "does not support propagateSizeHints"
)
def test_enter_in_an_open_drop_down_chooses_the_item_and_never_accepts_the_dialog(
    qtbot: QtBot, wedge: WedgeFilter, clock: FakeClock
) -> None:
    from app.ui.operator import CorrectionDialog

    dialog = CorrectionDialog("K1", "SN-IP-200-1", ["ML-000001", "ML-000002"])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reason.setText("wrong housing lot scanned")
    dialog.component.setFocus()
    dialog.component.showPopup()
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    popup = QApplication.activePopupWidget()
    assert popup is not None
    target = popup.focusWidget() or popup
    none = Qt.KeyboardModifier.NoModifier
    clock.ms += 4  # a fast keyboard user: Down, Enter
    QApplication.sendEvent(target, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Down, none))
    clock.ms += 4
    QApplication.sendEvent(target, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return, none, "\r"))
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)
    assert dialog.isVisible()  # the drop-down took its Enter
    assert dialog.component.currentText() == "ML-000001"
    # "Replace component" chosen, "with" empty: the dialog refuses to accept, and says why.
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.isVisible()
    assert "Scan or type the lot that replaces ML-000001" in dialog.problem.text()
    assert dialog.replace() == {}
    # A scan while it is open fills "with".
    dialog.handle_scan("ML-000077\r")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert not dialog.isVisible()
    assert dialog.replace() == {"ML-000001": "ML-000077"}


def shift_typed(ch: str) -> list[QKeyEvent]:
    """The presses a real keyboard sends for ``ch``: Shift first for a capital."""
    if not ch.isupper():
        return [key_event(ch)]
    shift = Qt.KeyboardModifier.ShiftModifier
    return [
        QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Shift, shift, ""),
        QKeyEvent(QEvent.Type.KeyPress, Qt.Key(ord(ch)), shift, ch),
    ]


def test_shift_presses_from_a_real_keyboard_do_not_split_the_scan(
    qtbot: QtBot, field: QLineEdit, wedge: WedgeFilter, clock: FakeClock
) -> None:
    with qtbot.waitSignal(wedge.scanned, timeout=2000) as blocker:
        for ch in "ML-000071\r":
            for event in shift_typed(ch):
                clock.ms += 3
                QApplication.sendEvent(field, event)
    assert blocker.args is not None and blocker.args[0] == "ML-000071"
    assert field.text() == ""


def test_a_password_field_never_feeds_the_detector(
    qtbot: QtBot, wedge: WedgeFilter, clock: FakeClock
) -> None:
    secret = QLineEdit()
    secret.setEchoMode(QLineEdit.EchoMode.Password)
    qtbot.addWidget(secret)
    secret.show()
    secret.activateWindow()
    secret.setFocus()
    qtbot.waitUntil(secret.hasFocus)
    with qtbot.assertNotEmitted(wedge.scanned, wait=100):
        press(secret, "LINESIDE-demo-9\r", clock, gap_ms=3)
    assert secret.text() == "LINESIDE-demo-9"
    assert not wedge.detector.holding


def test_a_field_a_screen_marks_private_never_feeds_the_detector(
    qtbot: QtBot, wedge: WedgeFilter, clock: FakeClock
) -> None:
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from app.ui.wedge_filter import PRIVATE

    card = QWidget()
    card.setProperty(PRIVATE, True)  # e.g. a form of personal data
    edit = QLineEdit(card)
    QVBoxLayout(card).addWidget(edit)
    qtbot.addWidget(card)
    card.show()
    card.activateWindow()
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    with qtbot.assertNotEmitted(wedge.scanned, wait=100):
        press(edit, "BDG-1002\r", clock, gap_ms=3)
    assert edit.text() == "BDG-1002"


NONE = Qt.KeyboardModifier.NoModifier
KEYPAD = Qt.KeyboardModifier.KeypadModifier


@pytest.mark.parametrize(
    "events",
    [
        # keypad digits (Num Lock on) arrive with their character and the keypad modifier
        [(Qt.Key.Key_NumLock, NONE, ""), *[(Qt.Key(ord(d)), KEYPAD, d) for d in "4711"]],
        # AltGr and Caps Lock presses in the middle of a scan
        [
            (Qt.Key.Key_AltGr, NONE, ""),
            (Qt.Key.Key_4, NONE, "4"),
            (Qt.Key.Key_CapsLock, NONE, ""),
            (Qt.Key.Key_7, NONE, "7"),
            (Qt.Key.Key_1, NONE, "1"),
            (Qt.Key.Key_1, NONE, "1"),
        ],
    ],
    ids=["keypad", "altgr-capslock"],
)
def test_keypad_digits_and_modifier_presses_join_the_scan(
    qtbot: QtBot,
    field: QLineEdit,
    wedge: WedgeFilter,
    clock: FakeClock,
    events: list[tuple[Qt.Key, Qt.KeyboardModifier, str]],
) -> None:
    prefix = [(Qt.Key.Key_M, Qt.KeyboardModifier.NoModifier, "M")]
    prefix += [(Qt.Key.Key_L, Qt.KeyboardModifier.NoModifier, "L")]
    prefix += [(Qt.Key.Key_Minus, Qt.KeyboardModifier.NoModifier, "-")]
    suffix = [(Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier, "\r")]
    with qtbot.waitSignal(wedge.scanned, timeout=2000) as blocker:
        for key, mods, text in [*prefix, *events, *suffix]:
            clock.ms += 3
            QApplication.sendEvent(field, QKeyEvent(QEvent.Type.KeyPress, key, mods, text))
    assert blocker.args is not None and blocker.args[0] == "ML-4711"
    assert field.text() == ""


def test_an_auto_repeated_key_is_typing_even_at_scanner_speed(
    qtbot: QtBot, field: QLineEdit, wedge: WedgeFilter, clock: FakeClock
) -> None:
    none = Qt.KeyboardModifier.NoModifier
    with qtbot.assertNotEmitted(wedge.scanned, wait=100):
        QApplication.sendEvent(field, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_X, none, "x"))
        for _ in range(6):
            clock.ms += 20
            repeat = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_X, none, "x", True)
            QApplication.sendEvent(field, repeat)
        clock.ms += 200
        qtbot.waitUntil(lambda: field.text() == "x" * 7, timeout=2000)
