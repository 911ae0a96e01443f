"""What every station screen receives: the store, the capture session, and the GUI-thread plumbing."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from app.capture.session import CaptureSession, Event
from app.store.station_store import StationStore


class TaskError(Exception):
    """A background task failed; ``message`` is fit for the user, ``details`` for the log."""

    def __init__(self, message: str, details: str = "", original: BaseException | None = None):
        super().__init__(message)
        self.message = message
        self.details = details
        self.original = original


def user_message(exc: BaseException) -> str:
    """A calm one-line message for an exception raised in a worker (never a traceback)."""
    finding = getattr(exc, "finding", None)
    if finding is not None:
        return str(getattr(finding, "message", finding))
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


@dataclass(frozen=True)
class _Outcome:
    callback: Callable[[Any], None]
    value: Any


class _TaskRelay(QObject):
    """Lives on the GUI thread; worker threads emit into it, so the slots run on the GUI thread."""

    # One object per emission, never None: PySide6 miscounts references of None passed through
    # queued ``object`` arguments, which crashes the interpreter after enough tasks.
    finished = Signal(object)  # _Outcome

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.finished.connect(self._on_task_finished)
        self.pending = 0

    @Slot(object)
    def _on_task_finished(self, outcome: _Outcome) -> None:
        self.pending -= 1
        outcome.callback(outcome.value)


class _Task(QRunnable):
    def __init__(
        self,
        relay: _TaskRelay,
        func: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[TaskError], None],
    ) -> None:
        super().__init__()
        self.relay, self.func, self.on_done, self.on_error = relay, func, on_done, on_error

    def run(self) -> None:
        try:
            result = self.func()
        except Exception as exc:  # every failure reaches the user as a message
            error = TaskError(user_message(exc), traceback.format_exc(), exc)
            self.relay.finished.emit(_Outcome(self.on_error, error))
        else:
            self.relay.finished.emit(_Outcome(self.on_done, result))


class TaskRunner:
    """Picard-style ``run_task``: func on a worker thread, on_done/on_error on the GUI thread."""

    def __init__(self, pool: QThreadPool | None = None, *, max_threads: int = 2) -> None:
        self.pool = pool or QThreadPool()
        self.pool.setMaxThreadCount(max_threads)
        self._relay = _TaskRelay()

    def run_task(
        self,
        func: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[TaskError], None] | None = None,
    ) -> None:
        """Runs ``func()`` on a worker thread; delivers its result or error on the GUI thread.

        Args:
            func: the blocking work (database writes, device calls).
            on_done: called on the GUI thread with func's result.
            on_error: called on the GUI thread with a TaskError (``.message`` for the user,
                ``.original`` the exception, e.g. CaptureRefused with ``.finding``).
        """
        self._relay.pending += 1
        self.pool.start(
            _Task(self._relay, func, on_done or (lambda _r: None), on_error or (lambda _e: None))
        )

    @property
    def pending(self) -> int:
        """Tasks started whose callbacks have not run yet."""
        return self._relay.pending

    def wait(self, msecs: int = 10_000) -> bool:
        """Waits for the worker threads (shutdown, tests); callbacks still need the event loop."""
        return self.pool.waitForDone(msecs)


class SessionSignals(QObject):
    """Turns the capture session's events into Qt signals, delivered on the GUI thread.

    The session calls listeners on whichever thread caused the event (often a run_task worker);
    emitting a signal of an object living on the GUI thread queues the delivery there.
    """

    any_event = Signal(object)  # every Event
    login = Signal(object)
    logout = Signal(object)
    assignment = Signal(object)
    accepted = Signal(object)  # unit, component, removed
    refused = Signal(object)
    committed = Signal(object)

    def __init__(self, session: CaptureSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._by_kind = {
            "login": self.login,
            "logout": self.logout,
            "assignment": self.assignment,
            "unit": self.accepted,
            "component": self.accepted,
            "removed": self.accepted,
            "refused": self.refused,
            "committed": self.committed,
        }
        session.subscribe(self._on_session_event)

    def _on_session_event(self, event: Event) -> None:
        self.any_event.emit(event)
        signal = self._by_kind.get(event.kind)
        if signal is not None:
            signal.emit(event)


@dataclass
class StationContext:
    """Handed to every screen's constructor: ``Screen(context, parent=None)``.

    Attributes:
        store: the station database (``.reader`` per thread; ``.write(fn)`` serialised).
        session: the capture session (who is logged in, the current step and scans).
        station_id: this station's id, e.g. ``"FA-01"``.
        tasks: the worker pool behind ``run_task`` (reads, exports: may run side by side).
        session_tasks: one worker thread for everything that touches ``session`` (it is not
            thread-safe): scans, commits, log-ins run in order through ``run_session``.
        signals: the session's events as Qt signals on the GUI thread.
    """

    store: StationStore
    session: CaptureSession
    station_id: str
    tasks: TaskRunner = field(default_factory=lambda: TaskRunner(max_threads=4))
    session_tasks: TaskRunner = field(default_factory=lambda: TaskRunner(max_threads=1))
    signals: SessionSignals | None = None

    def __post_init__(self) -> None:
        if self.signals is None:
            self.signals = SessionSignals(self.session)

    def run_task(
        self,
        func: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[TaskError], None] | None = None,
    ) -> None:
        """Runs ``func()`` off the GUI thread; ``on_done(result)``/``on_error(TaskError)`` on it."""
        self.tasks.run_task(func, on_done, on_error)

    def run_session(
        self,
        func: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[TaskError], None] | None = None,
    ) -> None:
        """Like ``run_task`` for calls on ``session``: one at a time, in the order asked."""
        self.session_tasks.run_task(func, on_done, on_error)

    def wait(self, msecs: int = 10_000) -> bool:
        """Waits for both worker pools (shutdown, tests)."""
        return self.session_tasks.wait(msecs) and self.tasks.wait(msecs)
