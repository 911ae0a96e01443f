"""The autopilot: runs units through the real window with keyboard-wedge bursts and takes screenshots."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Generator
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from app.store import journal
from app.ui.main_window import MainWindow
from app.ui.station import UnitScans

log = logging.getLogger(__name__)

Wait = Callable[[], bool]


_SHIFTED = frozenset('~!@#$%^&*()_+{}|:"<>?')


def key_events(text: str, suffix: str = "\r") -> list[QKeyEvent]:
    """The key presses and releases a keyboard-wedge scanner (US layout) types for ``text``.

    As a USB keyboard sends them on X11 and Windows: a capital or a shifted symbol is a Shift
    press (no text), the key with the Shift modifier, its release and the Shift release; GS
    (0x1D) is Ctrl+] the same way; ``suffix`` (Enter by default, Tab, or "") ends the scan.
    """
    events: list[QKeyEvent] = []
    press, release = QEvent.Type.KeyPress, QEvent.Type.KeyRelease
    none = Qt.KeyboardModifier.NoModifier
    for ch in text + suffix:
        mods = none
        modifier: Qt.Key | None = None
        if ch in "\r\n":
            key = Qt.Key.Key_Return
            ch = "\r"
        elif ch == "\t":
            key = Qt.Key.Key_Tab
        elif ch == "\x1d":
            key, mods = Qt.Key.Key_BracketRight, Qt.KeyboardModifier.ControlModifier
            modifier = Qt.Key.Key_Control
        elif ch.isalpha() and ch.isascii():
            key = Qt.Key(ord(ch.upper()))
            if ch.isupper():
                mods, modifier = Qt.KeyboardModifier.ShiftModifier, Qt.Key.Key_Shift
        else:
            key = Qt.Key(ord(ch))
            if ch in _SHIFTED:
                mods, modifier = Qt.KeyboardModifier.ShiftModifier, Qt.Key.Key_Shift
        if modifier is not None:
            events.append(QKeyEvent(press, modifier, mods, ""))
        events.append(QKeyEvent(press, key, mods, ch))
        events.append(QKeyEvent(release, key, mods, ch))
        if modifier is not None:
            events.append(QKeyEvent(release, modifier, none, ""))
    return events


def type_burst(text: str, target: QWidget | None = None, gap_ms: int = 3) -> float:
    """Sends ``text`` as a scanner burst to the focused widget; returns the last key's time (ms).

    Each key carries a time stamp ``gap_ms`` after the previous one, as a scanner's keys arrive
    from the window system, so a busy machine delivering them late does not split the scan.
    """
    receiver = target or QApplication.focusWidget() or QApplication.activeWindow()
    if receiver is None:
        raise RuntimeError("no window to type into")
    last = 0.0
    stamp = int(time.monotonic() * 1000)
    for event in key_events(text):
        if event.type() == QEvent.Type.KeyPress:
            stamp += gap_ms
        event.setTimestamp(stamp)
        QApplication.sendEvent(receiver, event)
        last = time.monotonic() * 1000
    return last


class Autopilot(QObject):
    """Drives ``window`` through log-in, ``units`` complete steps, a refusal and the review screens.

    Each step of the script waits for what a person would see (the feedback banner, a record in
    today's list) before the next scan; ``finished(exit_code)`` is emitted at the end.
    """

    finished = Signal(int)
    progress = Signal(str)

    def __init__(
        self,
        window: MainWindow,
        units: list[UnitScans],
        *,
        badge: str = "BDG-1002",
        refused_lot: str | None = None,
        screenshots: Path | None = None,
        staff_password: str = "",
        timeout_s: float = 30.0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.window = window
        self.units = units
        self.badge = badge
        self.refused_lot = refused_lot
        self.screenshots = screenshots
        self.staff_password = staff_password
        self.timeout_s = timeout_s
        self.shots: list[Path] = []
        self.problems: list[str] = []
        self.committed = 0
        self._script: Generator[Wait, None, None] | None = None
        self._wait: Wait | None = None
        self._deadline = 0.0
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._on_timer_timeout)
        assert window.context.signals is not None
        window.context.signals.committed.connect(self._on_session_committed)

    def start(self) -> None:
        """Starts the script on the event loop."""
        self._script = self._run()
        self._wait = lambda: True
        self._deadline = time.monotonic() + self.timeout_s
        self._timer.start(15)

    def _on_session_committed(self, _event: object) -> None:
        self.committed += 1

    def _on_timer_timeout(self) -> None:
        assert self._script is not None
        try:
            while self._wait is not None and self._wait():
                self._wait = next(self._script)
                self._deadline = time.monotonic() + self.timeout_s
        except StopIteration:
            self._timer.stop()
            self.finished.emit(1 if self.problems else 0)
            return
        except Exception as exc:
            log.exception("autopilot failed")
            self.problems.append(f"autopilot failed: {exc}")
            self._timer.stop()
            self.finished.emit(1)
            return
        if time.monotonic() > self._deadline:
            self.problems.append(f"timed out waiting at: {getattr(self._wait, 'what', '?')}")
            self._timer.stop()
            self.finished.emit(1)

    @staticmethod
    def _until(what: str, predicate: Callable[[], bool]) -> Wait:
        predicate.what = what  # type: ignore[attr-defined]
        return predicate

    def _pause(self, ms: int) -> Wait:
        end = time.monotonic() + ms / 1000
        return self._until(f"pause {ms} ms", lambda: time.monotonic() >= end)

    def _shot(self, name: str, widget: QWidget | None = None) -> None:
        if self.screenshots is None:
            return
        self.screenshots.mkdir(parents=True, exist_ok=True)
        path = self.screenshots / f"{name}.png"
        (widget or self.window).grab().save(str(path), "PNG")
        self.shots.append(path)
        self.progress.emit(f"screenshot {path}")

    def _type(self, text: str) -> None:
        # Without a window manager (Xvfb) nothing is active: type into the window itself.
        type_burst(text, QApplication.focusWidget() or self.window)

    def _run(self) -> Generator[Wait, None, None]:
        w = self.window
        ctx = w.context  # the autopilot, like the screens, reads the views events carry
        yield self._pause(400)
        self._shot("01-login")
        self._type(self.badge)
        yield self._until("badge log-in", lambda: w.operator is not None)
        op = w.operator
        assert op is not None
        yield self._pause(200)
        for n, unit in enumerate(self.units):
            before = self.committed
            codes = unit.codes()
            for i, code in enumerate(codes):
                count = len(ctx.view.components) + (1 if i == 0 else 0)
                self._type(code)
                yield self._until(
                    f"unit {unit.serial}: scan {i + 1} of {len(codes)}",
                    lambda i=i, count=count, serial=unit.serial, before=before: (  # type: ignore[misc]
                        ctx.view.unit_serial == serial
                        if i == 0
                        else len(ctx.view.components) >= count + 1 or self.committed > before
                    ),
                )
                if n == 0 and i == len(codes) // 2:
                    yield self._pause(300)
                    self._shot("02-operator-mid-step")
                    if self.refused_lot:
                        self._type(self.refused_lot)
                        yield self._until("the refusal", lambda: op.feedback.state == "bad")
                        yield self._pause(150)
                        self._shot("03-refusal")
            yield self._until(f"unit {unit.serial} committed", lambda b=before: self.committed > b)  # type: ignore[misc]
            if n == 0:
                yield self._until("today's records", lambda: op.records_model.rowCount() > 0)
                yield self._pause(300)
                self._shot("04-committed")
            self.progress.emit(f"unit {n + 1}/{len(self.units)} {unit.serial} recorded")
        yield from self._review_screens()
        self._check()

    def _review_screens(self) -> Generator[Wait, None, None]:
        w = self.window
        ctx = w.context  # the autopilot, like the screens, reads the views events carry
        for user in ("supervisor", "technician"):
            w.logout_button.click()
            yield self._until("log-out", lambda: ctx.view.operator is None and w.operator is None)
            if not self.staff_password:
                return
            w.login.username.setText(user)
            w.login.password.setText(self.staff_password)
            w.login.login_button.click()
            yield self._until(
                f"{user} log-in",
                lambda user=user: (
                    ctx.view.operator is not None  # type: ignore[misc]
                    and str(ctx.view.operator.role) == user
                    and w.tabs.count() > 0
                ),
            )
            for index in range(w.tabs.count()):
                title = w.tabs.tabText(index)
                if title == "Station":
                    continue
                w.tabs.setCurrentIndex(index)
                yield self._pause(600)
                slug = "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-")
                self._shot(f"{'06' if user == 'supervisor' else '07'}-{user}-{slug}")
        w.logout_button.click()
        yield self._until("final log-out", lambda: ctx.view.operator is None)

    def _check(self) -> None:
        conn = self.window.context.store.reader
        serials = [u.serial for u in self.units]
        recorded = (
            {
                r[0]
                for r in conn.execute(
                    f"SELECT unit_serial FROM assemblies WHERE unit_serial IN ({','.join('?' * len(serials))})",
                    serials,
                )
            }
            if serials
            else set()
        )
        missing = [s for s in serials if s not in recorded]
        if missing:
            self.problems.append(f"{len(missing)} units not recorded: {', '.join(missing[:5])}")
        report = journal.verify(conn)
        if not report.intact:
            self.problems.append(f"journal verify failed: {report.problem}")
        self.progress.emit(
            f"{len(recorded)}/{len(serials)} units recorded; journal "
            f"{'intact' if report.intact else 'BROKEN'} ({report.rows} rows)"
        )
