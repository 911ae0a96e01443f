"""The application-level event filter that turns keyboard-wedge bursts into scans."""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from drivers.wedge import (
    Burst,
    Event,
    Key,
    KeyRole,
    Typed,
    WedgeDetector,
    WedgeSettings,
    key_text,
)

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_MODIFIER_KEYS = frozenset(
    {
        Qt.Key.Key_Shift,
        Qt.Key.Key_Control,
        Qt.Key.Key_Alt,
        Qt.Key.Key_AltGr,
        Qt.Key.Key_Meta,
        Qt.Key.Key_CapsLock,
        Qt.Key.Key_NumLock,
        Qt.Key.Key_ScrollLock,
        Qt.Key.Key_Super_L,
        Qt.Key.Key_Super_R,
        Qt.Key.Key_Hyper_L,
        Qt.Key.Key_Hyper_R,
        Qt.Key.Key_Mode_switch,
    }
)
_DEAD_FIRST, _DEAD_LAST = Qt.Key.Key_Dead_Grave.value, 0x0100127F
# The physical Control key: Qt on macOS reports it as the Meta modifier (Command is "Control").
_CONTROL = (
    Qt.KeyboardModifier.MetaModifier
    if sys.platform == "darwin"
    else Qt.KeyboardModifier.ControlModifier
)

#: The dynamic property a screen sets on a field (or a container) whose keys are private:
#: ``widget.setProperty(PRIVATE, True)``. Password fields are private without it.
PRIVATE = "linesidePrivate"
#: A field whose keys are always typing, never a scan (the staff user name before a password:
#: with a Tab-suffix scanner, "name Tab" typed fast would otherwise be taken for a scan).
TYPING_ONLY = "linesideTypingOnly"


def key_role(event: QKeyEvent) -> KeyRole:
    """What a Qt key press is to burst detection (modifier, dead key, character, other)."""
    key = event.key()
    if key in _MODIFIER_KEYS:
        return KeyRole.MODIFIER
    if _DEAD_FIRST <= int(key) <= _DEAD_LAST:
        return KeyRole.DEAD
    if key in _ENTER_KEYS or key == Qt.Key.Key_Tab:
        return KeyRole.CHAR
    ctrl = bool(event.modifiers() & _CONTROL)
    if ctrl and key == Qt.Key.Key_BracketRight:
        return KeyRole.CHAR
    return KeyRole.CHAR if len(event.text()) == 1 else KeyRole.OTHER


def is_private(widget: QObject | None) -> bool:
    """Whether keys typed into ``widget`` are private: a password field or a field (or one of
    its parents) a screen marked with the :data:`PRIVATE` property."""
    if isinstance(widget, QLineEdit) and widget.echoMode() != QLineEdit.EchoMode.Normal:
        return True
    while isinstance(widget, QWidget):
        if widget.property(PRIVATE):
            return True
        widget = widget.parentWidget()
    return False


def now_ms() -> float:
    """The monotonic clock the filter stamps keys with."""
    return time.monotonic() * 1000.0


class WedgeFilter(QObject):
    """Watches every key press of the application; a fast burst ending in the suffix is a scan.

    Keys are held back while they could still be a scan; typing is handed back to the widget it
    was meant for, in order, as soon as it is clearly typing (the next slow key or a timer).
    A scan never reaches the focused widget: it is emitted as ``scanned(text, last_key_ms)``,
    with GS (0x1D) kept, which a QLineEdit would drop.

    Modifier presses (Shift before a capital, Ctrl before ] for GS) pass straight through and
    leave the burst alone. Keys typed into a private field (a password, or a field marked with
    :data:`PRIVATE`) never reach the detector, and neither do keys while a popup (a combo box's
    list, a completer) is open: the popup gets its own Enter.
    """

    scanned = Signal(str, float)  # text, monotonic ms of the burst's last key

    def __init__(self, settings: WedgeSettings | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.detector = WedgeDetector(settings)
        self.enabled = True
        self._replaying = False
        self._installed = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer_timeout)

    def install(self) -> WedgeFilter:
        """Starts watching the application's key presses."""
        app = QApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True
        return self

    def shutdown(self) -> None:
        """Stops watching; keys held back are handed back as typing."""
        self._timer.stop()
        self._deliver(self.detector.flush())
        app = QApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
        self._installed = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Holds key presses that may be part of a scan; everything else passes."""
        if self._replaying or not self.enabled or event.type() != QEvent.Type.KeyPress:
            return False
        if not isinstance(event, QKeyEvent) or not isinstance(watched, QObject):
            return False
        if not watched.isWidgetType() and not _is_window(watched):
            return False  # the same key is offered to the window and the widget: take it once
        role = key_role(event)
        if role is KeyRole.MODIFIER:
            return False  # Shift, Ctrl, AltGr, Caps Lock: how a key is typed, not a key
        focus = QApplication.focusWidget() or watched
        if QApplication.activePopupWidget() is not None or is_private(focus) or _typing_only(focus):
            # The popup's own Enter; a password never goes near the detector or a scan.
            self._timer.stop()
            self._deliver(self.detector.flush())
            return False
        char = "\r" if event.key() in _ENTER_KEYS else event.text()
        if event.key() == Qt.Key.Key_Tab:
            char = "\t"
        ctrl = bool(event.modifiers() & _CONTROL)
        if ctrl and event.key() == Qt.Key.Key_BracketRight:
            char = "]"
        text = key_text(char, ctrl=ctrl) if len(char) == 1 else ""
        copy = QKeyEvent(
            event.type(),
            event.key(),
            event.modifiers(),
            event.text(),
            event.isAutoRepeat(),
            event.count(),
        )
        # The window system's own time stamp of the key (X server milliseconds) when it has one:
        # keys queued while the application was busy keep their real spacing.
        received = now_ms()
        stamp = float(event.timestamp())
        copy.setTimestamp(event.timestamp())
        # Without one the received time is the key's time, and the timer waits max_gap_ms only.
        events = self.detector.feed(
            text,
            stamp if stamp > 0 else received,
            (watched, copy),
            role=role,
            auto_repeat=event.isAutoRepeat(),
            received_ms=received if stamp > 0 else None,
        )
        self._deliver(events)
        self._arm()
        return True

    def _arm(self) -> None:
        deadline = self.detector.deadline_ms()
        if deadline is None:
            self._timer.stop()
        else:
            self._timer.start(max(1, int(deadline - now_ms()) + 1))

    def _on_timer_timeout(self) -> None:
        self._deliver(self.detector.poll(now_ms()))
        self._arm()

    def _deliver(self, events: list[Event]) -> None:
        for event in events:
            if isinstance(event, Burst):
                self.scanned.emit(event.text, event.keys[-1].at_ms)
            elif isinstance(event, Typed):
                self._replay(event.keys)
            # a Suffix (the LF of CR LF after a scan) is dropped

    def _replay(self, keys: tuple[Key, ...]) -> None:
        app = QApplication.instance()
        if app is None:
            return
        self._replaying = True
        try:
            for key in keys:
                target: QObject = key.payload[0]  # type: ignore[index]
                replayed: QKeyEvent = key.payload[1]  # type: ignore[index]
                # Where the key would have gone now: an open popup first (a replayed Enter must
                # choose the combo box's item, not accept the dialog), then the focus (a
                # replayed Tab has moved it), then the widget it was meant for.
                popup = QApplication.activePopupWidget()
                focus = QApplication.focusWidget()
                receiver: QObject = target
                if popup is not None:
                    receiver = popup.focusWidget() or popup
                elif focus is not None:
                    receiver = focus
                app.sendEvent(receiver, replayed)
        finally:
            self._replaying = False


def _typing_only(widget: QObject | None) -> bool:
    return isinstance(widget, QWidget) and bool(widget.property(TYPING_ONLY))


def _is_window(obj: QObject) -> bool:
    return obj.inherits("QWindow")
