"""What every station screen receives: the store, the capture session, and the GUI-thread plumbing."""

from __future__ import annotations

import itertools
import queue
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal, Slot

from app.capture.events import Event, SessionView
from app.capture.session import CaptureSession
from app.store.station_store import StationStore
from app.ui.resources import SoundPlayer


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


@dataclass
class _Outcome:
    callback: Callable[[Any], None]
    value: Any
    task: Any = None  # the queued (func, on_done, on_error), released on the GUI thread


class _TaskRelay(QObject):
    """Lives on the GUI thread; worker threads emit into it, so the slots run on the GUI thread."""

    # The signal carries only a token; the outcome waits in ``_ready`` until the GUI thread takes
    # it. A worker thread must never drop the last reference to a task's callbacks or result:
    # they may be the last owners of a widget, and a Qt object freed off the GUI thread crashes
    # (shiboken defers the deletion to the main thread, after the widget's parent is gone).
    finished = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.finished.connect(self._on_task_finished)
        self.pending = 0
        self._ready: dict[int, _Outcome] = {}
        self._tokens = itertools.count()
        self._ready_lock = threading.Lock()

    def hand_over(self, outcome: _Outcome) -> int:
        """Parks an outcome for the GUI thread (called on a worker); returns its token to emit."""
        with self._ready_lock:
            token = next(self._tokens)
            self._ready[token] = outcome
        return token

    @Slot(int)
    def _on_task_finished(self, token: int) -> None:
        with self._ready_lock:
            outcome = self._ready.pop(token)
        self.pending -= 1
        if _receiver_gone(outcome.callback):
            # The screen that asked was closed (log-out, tab rebuilt) while the work ran: its
            # widgets are freed, so the answer has nowhere to go.
            return
        outcome.callback(outcome.value)


def _receiver_gone(callback: Callable[[Any], None]) -> bool:
    """True when the callback belongs to, or closes over, a Qt object already deleted.

    A bound method's ``self`` and a lambda's captured variables are the widgets it will touch;
    calling it after Qt freed them raises ``RuntimeError: ... already deleted``.
    """
    owners: list[Any] = []
    bound = getattr(callback, "__self__", None)
    if bound is not None:
        owners.append(bound)
    for cell in getattr(callback, "__closure__", None) or ():
        try:
            owners.append(cell.cell_contents)
        except ValueError:  # an empty cell
            continue
    return any(isinstance(o, QObject) and not shiboken6.isValid(o) for o in owners)


class TaskRunner:
    """Picard-style ``run_task``: func on a worker thread, on_done/on_error on the GUI thread.

    The worker threads live as long as the runner, so each keeps its one SQLite reader
    connection (``StationStore.reader`` is per thread); a pool that retires and starts threads
    would open a new connection, with its page cache, again and again.
    """

    def __init__(self, *, max_threads: int = 2, name: str = "task") -> None:
        self.max_threads = max_threads
        self.name = name
        self._relay = _TaskRelay()
        self._queue: queue.SimpleQueue[tuple[Any, Any, Any] | None] = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []
        self._lock = threading.Condition()
        self._unfinished = 0
        self._busy = 0

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
        with self._lock:
            self._unfinished += 1
            if self._busy + self._queue.qsize() >= len(self._threads) and (
                len(self._threads) < self.max_threads
            ):
                thread = threading.Thread(
                    target=self._work, name=f"{self.name}-{len(self._threads)}", daemon=True
                )
                self._threads.append(thread)
                thread.start()
        self._queue.put((func, on_done or _ignore, on_error or _ignore))

    def _work(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            with self._lock:
                self._busy += 1
            try:
                outcome = self._run_one(*item)
                outcome.task = item
                token = self._relay.hand_over(outcome)
                # Drop this thread's references before the GUI thread can take the outcome, so the
                # last reference to the task (func, callbacks, result) always goes on the GUI thread.
                del item, outcome
                self._relay.finished.emit(token)
            finally:
                with self._lock:
                    self._busy -= 1
                    self._unfinished -= 1
                    self._lock.notify_all()

    @staticmethod
    def _run_one(
        func: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[TaskError], None],
    ) -> _Outcome:
        try:
            return _Outcome(on_done, func())
        except Exception as exc:  # every failure reaches the user as a message
            return _Outcome(on_error, TaskError(user_message(exc), traceback.format_exc(), exc))

    @property
    def pending(self) -> int:
        """Tasks started whose callbacks have not run yet."""
        return self._relay.pending

    def wait(self, msecs: int = 10_000) -> bool:
        """Waits for the worker threads (shutdown, tests); callbacks still need the event loop."""
        with self._lock:
            return self._lock.wait_for(lambda: self._unfinished == 0, msecs / 1000)

    def shutdown(self) -> None:
        """Lets the worker threads end once the queue is done."""
        for _ in self._threads:
            self._queue.put(None)
        self._threads = []


def _ignore(_value: Any) -> None:
    return None


class SessionSignals(QObject):
    """Turns the capture session's events into Qt signals, delivered on the GUI thread.

    The session calls listeners on whichever thread caused the event (often a run_task worker);
    emitting a signal of an object living on the GUI thread queues the delivery there.

    ``view`` is the newest :class:`SessionView` delivered on the GUI thread: screens show it (or
    the view of the event they handle) and never read the live session, which the session worker
    changes while they paint.
    """

    any_event = Signal(object)  # every Event
    login = Signal(object)
    logout = Signal(object)
    assignment = Signal(object)
    accepted = Signal(object)  # unit, component, removed
    refused = Signal(object)
    committed = Signal(object)
    cleared = Signal(object)

    def __init__(self, session: CaptureSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Taken once here, before any worker runs a session call; from then on only events move it.
        self.view: SessionView = session.view()
        # Connected first, so every other slot of this event already sees its view.
        self.any_event.connect(self._on_any_event)
        self._by_kind = {
            "login": self.login,
            "logout": self.logout,
            "assignment": self.assignment,
            "unit": self.accepted,
            "component": self.accepted,
            "removed": self.accepted,
            "refused": self.refused,
            "committed": self.committed,
            "cleared": self.cleared,
        }
        session.subscribe(self._on_session_event)

    def _on_session_event(self, event: Event) -> None:
        # On the thread that caused the event: only emit (queued to the GUI thread).
        self.any_event.emit(event)
        signal = self._by_kind.get(event.kind)
        if signal is not None:
            signal.emit(event)

    @Slot(object)
    def _on_any_event(self, event: Event) -> None:
        if event.view is not None:
            self.view = event.view


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
        sounds: the feedback sound player (the health screen shows whether sounds play).
    """

    store: StationStore
    session: CaptureSession
    station_id: str
    tasks: TaskRunner = field(default_factory=lambda: TaskRunner(max_threads=4, name="task"))
    session_tasks: TaskRunner = field(
        default_factory=lambda: TaskRunner(max_threads=1, name="session")
    )
    signals: SessionSignals | None = None
    sounds: SoundPlayer | None = None

    def __post_init__(self) -> None:
        if self.signals is None:
            self.signals = SessionSignals(self.session)

    @property
    def view(self) -> SessionView:
        """The session as its newest event showed it, frozen (screens read this, not ``session``)."""
        assert self.signals is not None
        return self.signals.view

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

    def shutdown(self, msecs: int = 10_000) -> None:
        """Waits for the work asked so far, then ends the worker threads."""
        self.wait(msecs)
        self.session_tasks.shutdown()
        self.tasks.shutdown()
