"""The task runner: answers reach the GUI thread, and never a screen that was closed meanwhile."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QTableView, QVBoxLayout, QWidget

from app.ui.context import TaskRunner


class _Screen(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.table = QTableView()
        QVBoxLayout(self).addWidget(self.table)
        self.loaded: list[object] = []

    def _on_rows_loaded(self, rows: object) -> None:
        self.table.resizeColumnsToContents()
        self.loaded.append(rows)


def test_an_answer_after_its_screen_was_deleted_is_dropped(qtbot) -> None:
    runner = TaskRunner(max_threads=1)
    screen = _Screen()
    gate = threading.Event()
    seen: list[object] = []
    runner.run_task(lambda: gate.wait(5) and [1, 2], screen._on_rows_loaded)
    runner.run_task(
        lambda: [3], lambda rows: (screen.table.resizeColumnsToContents(), seen.append(rows))
    )
    screen.deleteLater()
    qtbot.waitUntil(lambda: not _valid(screen))
    gate.set()
    assert runner.wait()
    qtbot.waitUntil(lambda: runner.pending == 0)  # no RuntimeError: ... QTableView already deleted
    assert seen == []
    runner.shutdown()


def test_an_answer_for_a_live_screen_arrives(qtbot) -> None:
    runner = TaskRunner(max_threads=1)
    screen = _Screen()
    qtbot.addWidget(screen)
    runner.run_task(lambda: [1, 2], screen._on_rows_loaded)
    qtbot.waitUntil(lambda: screen.loaded == [[1, 2]])
    runner.shutdown()


def _valid(obj: object) -> bool:
    import shiboken6

    return shiboken6.isValid(obj)
