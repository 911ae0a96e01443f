"""The real station window on a real X server, for tests that type through XTest (xdotool).

Run as ``python -m tests.helpers.xstation DB STATION`` with ``DISPLAY`` set and
``QT_QPA_PLATFORM=xcb``. It builds the station exactly as ``lineside demo`` does
(:func:`app.ui.launch.build_station`) and reports on stdout, one JSON object a line, what a
person would see change: every scan the wedge filter took, every session event, and, when asked
on stdin, the state of the screen (``state``), where a tab or a widget is on the screen
(``where TAB-TITLE`` / ``where-widget OBJECT-NAME``, for xdotool clicks) and ``quit``.

A private field's text is never reported, only its length: the harness's output is a log too.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSocketNotifier
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QWidget

from app.ui.launch import build_station
from app.ui.wedge_filter import is_private


def emit(**fields: Any) -> None:
    """One report line."""
    print(json.dumps(fields, default=str), flush=True)


def _field(widget: QWidget | None) -> dict[str, Any]:
    if widget is None:
        return {"class": None}
    out: dict[str, Any] = {"class": type(widget).__name__, "name": widget.objectName()}
    if isinstance(widget, QLineEdit):
        if is_private(widget):
            out["length"] = len(widget.text())
        else:
            out["text"] = widget.text()
    return out


def _table(view: QAbstractItemView, limit: int = 20) -> list[list[str]]:
    model = view.model()
    rows = []
    for r in range(min(model.rowCount(), limit)):
        rows.append([str(model.index(r, c).data() or "") for c in range(model.columnCount())])
    return rows


class Reporter:
    """Answers the test's questions about the window on stdin."""

    def __init__(self, built: Any) -> None:
        self.built = built
        self.window = built.window
        window = self.window
        window.wedge.scanned.connect(lambda text, _ms: emit(event="scanned", text=text))
        signals = built.context.signals
        signals.any_event.connect(
            lambda e: emit(event=e.kind, message=e.message, accepted=e.accepted)
        )
        window.login.failed.connect(lambda message: emit(event="login-failed", message=message))
        self.notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
        self.notifier.activated.connect(self._on_stdin_activated)

    def _on_stdin_activated(self) -> None:
        line = sys.stdin.readline()
        if not line:
            QApplication.quit()
            return
        command, _, arg = line.strip().partition(" ")
        if command == "quit":
            QApplication.quit()
        elif command == "state":
            emit(event="state", **self.state())
        elif command == "where":
            emit(event="where", **self.where_tab(arg))
        elif command == "where-widget":
            emit(event="where", **self.where_widget(arg))

    def state(self) -> dict[str, Any]:
        window = self.window
        tabs = window.tabs
        current = tabs.currentWidget() if window.stack.currentWidget() is tabs else None
        login = window.login
        out: dict[str, Any] = {
            "screen": "login" if current is None else tabs.tabText(tabs.currentIndex()),
            "who": window.who.text(),
            "focus": _field(QApplication.focusWidget()),
            "login_message": login.message.text(),
            "username": login.username.text(),
            "password_length": len(login.password.text()),
            "badge_field": login.badge.text(),
            "modal": None,
        }
        modal = QApplication.activeModalWidget()
        if modal is not None:
            out["modal"] = type(modal).__name__
        if window.operator is not None:
            op = window.operator
            out["operator"] = {
                "feedback": [
                    op.feedback.state,
                    op.feedback.title.text(),
                    op.feedback.detail.text(),
                ],
                "typed": op.typed.text(),
                "checklist": _table(op.checklist),
            }
        if current is not None:
            tables = current.findChildren(QAbstractItemView)
            out["tables"] = [_table(t) for t in tables if t.isVisible()]
            out["edits"] = [_field(e) for e in current.findChildren(QLineEdit) if e.isVisible()]
            banners = [w.text() for w in current.findChildren(QWidget) if hasattr(w, "set_message")]
            out["banners"] = banners
        return out

    def where_tab(self, title: str) -> dict[str, Any]:
        bar = self.window.tabs.tabBar()
        for i in range(bar.count()):
            if bar.tabText(i) == title:
                centre = bar.mapToGlobal(bar.tabRect(i).center())
                return {"x": centre.x(), "y": centre.y(), "found": True}
        return {"found": False}

    def where_widget(self, name: str) -> dict[str, Any]:
        widget = self.window.findChild(QWidget, name)
        if widget is None or not widget.isVisible():
            return {"found": False}
        centre = widget.mapToGlobal(widget.rect().center())
        return {"x": centre.x(), "y": centre.y(), "found": True}


def main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.DEBUG, stream=sys.stderr)
    path, station = Path(argv[0]), argv[1]
    built = build_station(path, station, idle_minutes=0, demo=True, muted=True)
    if isinstance(built, str):
        emit(event="error", message=built)
        return 2
    if built.window.demo_scanner is not None:
        built.window.demo_scanner.hide()
    built.window.move(0, 0)
    reporter = Reporter(built)
    emit(event="ready", window=int(built.window.winId()))
    code = int(built.app.exec())
    del reporter
    built.close()
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
