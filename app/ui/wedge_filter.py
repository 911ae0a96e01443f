"""The application-level event filter that turns keyboard-wedge bursts into scans."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from drivers.wedge import Burst, Key, Typed, WedgeDetector, WedgeSettings, key_text

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def now_ms() -> float:
    """The monotonic clock the filter stamps keys with."""
    return time.monotonic() * 1000.0


class WedgeFilter(QObject):
    """Watches every key press of the application; a fast burst ending in the suffix is a scan.

    Keys are held back while they could still be a scan; typing is handed back to the widget it
    was meant for, in order, as soon as it is clearly typing (the next slow key or a timer).
    A scan never reaches the focused widget: it is emitted as ``scanned(text, last_key_ms)``,
    with GS (0x1D) kept, which a QLineEdit would drop.
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
        char = "\r" if event.key() in _ENTER_KEYS else event.text()
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
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
        events = self.detector.feed(text, now_ms(), (watched, copy))
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

    def _deliver(self, events: list[Burst | Typed]) -> None:
        for event in events:
            if isinstance(event, Burst):
                self.scanned.emit(event.text, event.keys[-1].at_ms)
            else:
                self._replay(event.keys)

    def _replay(self, keys: tuple[Key, ...]) -> None:
        app = QApplication.instance()
        if app is None:
            return
        self._replaying = True
        try:
            for key in keys:
                target: QObject = key.payload[0]  # type: ignore[index]
                replayed: QKeyEvent = key.payload[1]  # type: ignore[index]
                focus = QApplication.focusWidget()
                receiver = focus if focus is not None else target
                app.sendEvent(receiver, replayed)
        finally:
            self._replaying = False


def _is_window(obj: QObject) -> bool:
    return obj.inherits("QWindow")
