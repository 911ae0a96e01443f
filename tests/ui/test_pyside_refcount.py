"""PySide6 6.12 drops references to True and None; app.ui pins them so a long shift cannot crash."""

from __future__ import annotations

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

import app.ui  # noqa: F401 - pins the singletons


class _Relay(QObject):
    ping = Signal()


class _Nothing(QRunnable):
    def run(self) -> None:
        return None


def test_a_shift_worth_of_emissions_and_tasks_does_not_abort_the_interpreter(qtbot) -> None:
    relay = _Relay()
    seen = []
    relay.ping.connect(lambda: seen.append(1))
    for _ in range(50_000):  # each drops a reference to True in PySide6 6.12.0
        relay.ping.emit()
    pool = QThreadPool()
    for _ in range(5_000):  # each drops a reference to None
        pool.start(_Nothing())
    assert pool.waitForDone(10_000)
    assert len(seen) == 50_000
