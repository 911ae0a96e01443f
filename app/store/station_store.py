"""The station store: one writer thread owns the write connection; readers per thread (WAL)."""

from __future__ import annotations

import sqlite3
import threading
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from app.store.database import connect, open_database
from app.store.writer import Writer

T = TypeVar("T")


class StationStore:
    """Owns a station database file: writes queued to one writer thread, a reader per thread."""

    def __init__(self, path: Path | str, *, create: bool = False) -> None:
        self.path = Path(path)
        db = open_database(self.path, create=create)
        # Migrations ran on this thread above; from here on only the writer thread uses the conn.
        self._writer = Writer(db.conn, str(self.path))
        # A store dropped without close() still ends its writer thread.
        self._finalizer = weakref.finalize(self, self._writer.close)
        self._local = threading.local()
        self._readers: list[sqlite3.Connection] = []
        self._readers_lock = threading.Lock()

    @property
    def reader(self) -> sqlite3.Connection:
        """This thread's read connection (WAL lets it read beside the writer)."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = connect(self.path)
            self._local.conn = conn
            with self._readers_lock:
                self._readers.append(conn)
        return conn

    def write(self, work: Callable[[sqlite3.Connection], T], *, transaction: bool = True) -> T:
        """Runs ``work(conn)`` on the writer thread in one ``BEGIN IMMEDIATE`` transaction; waits.

        Every write of every thread goes through the one writer, in the order asked.

        Raises:
            StoreUnavailable: disk full, read-only or locked; nothing of ``work`` was kept.
        """
        return self._writer.write(work, transaction=transaction)

    def close(self) -> None:
        """Closes every connection this store opened."""
        with self._readers_lock:
            for conn in self._readers:
                conn.close()
            self._readers.clear()
        self._finalizer()  # the writer finishes what was queued, then closes its connection
