"""The station's one writer: a thread that owns the write connection and runs queued writes.

As in datasette's ``database.py``: every write to the station database is a function put on
one queue; one thread takes them in order and runs each in its own ``BEGIN IMMEDIATE``
transaction on the only write connection. The caller waits for its own result, so a write still
looks like a plain call, and a failure (disk full, read-only, locked: a :class:`StoreError`
kind, or a bug) is raised in the caller's thread. Readers keep their own connections (WAL).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from queue import SimpleQueue
from typing import Any, Generic, TypeVar

from app.store.database import write_transaction
from app.store.errors import StoreUnavailable

T = TypeVar("T")


class _Job(Generic[T]):
    """One queued write and, once the writer ran it, its result or its exception."""

    __slots__ = ("done", "error", "result", "transaction", "work")

    def __init__(self, work: Callable[[sqlite3.Connection], T], transaction: bool) -> None:
        self.work = work
        self.transaction = transaction
        self.done = threading.Event()
        self.result: T | None = None
        self.error: BaseException | None = None


class Writer:
    """Owns a write connection and the thread that alone uses it.

    Args:
        conn: the write connection (opened with ``check_same_thread=False``); the writer closes it.
        path: the database's name in error messages.
        name: the writer thread's name.
    """

    def __init__(self, conn: sqlite3.Connection, path: str, *, name: str = "station-writer"):
        self._conn = conn
        self._path = path
        self._jobs: SimpleQueue[_Job[Any] | None] = SimpleQueue()
        self._closed = False
        self._close_lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def write(self, work: Callable[[sqlite3.Connection], T], *, transaction: bool = True) -> T:
        """Queues ``work(conn)`` for the writer thread and waits for its result.

        Args:
            work: runs on the writer thread with the write connection; it must not write
                through this writer itself (it would wait for itself).
            transaction: run ``work`` in one ``BEGIN IMMEDIATE`` transaction (all of it lands,
                or none of it); False for connection settings such as pragmas.

        Raises:
            StoreUnavailable: disk full, read-only or locked (nothing of ``work`` was kept), or
                the store was closed.
            RuntimeError: called from inside a write.
        """
        if threading.current_thread() is self._thread:
            raise RuntimeError("a write cannot queue another write: it would wait for itself")
        job: _Job[T] = _Job(work, transaction)
        with self._close_lock:
            if self._closed:
                raise StoreUnavailable(f"{self._path} is closed: nothing was recorded")
            self._jobs.put(job)
        job.done.wait()
        if job.error is not None:
            raise job.error
        return job.result  # type: ignore[return-value]

    def close(self) -> None:
        """Runs the writes queued so far, then ends the thread and closes the connection."""
        with self._close_lock:
            if self._closed:
                return
            self._closed = True
            self._jobs.put(None)
        if threading.current_thread() is not self._thread:
            self._thread.join()

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                break
            try:
                if job.transaction:
                    with write_transaction(self._conn, self._path):
                        job.result = job.work(self._conn)
                else:
                    job.result = job.work(self._conn)
            except BaseException as exc:  # every failure goes back to its caller
                job.error = exc
            finally:
                job.done.set()
        self._conn.close()
