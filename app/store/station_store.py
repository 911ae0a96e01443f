"""The station store: one write connection owned by a single writer, readers per thread (WAL)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from app.store.database import connect, open_database, write_transaction

T = TypeVar("T")


class StationStore:
    """Owns a station database file: serialised writes, one reader connection per thread."""

    def __init__(self, path: Path | str, *, create: bool = False) -> None:
        self.path = Path(path)
        db = open_database(self.path, create=create)
        self._write_conn: sqlite3.Connection = db.conn
        self._write_lock = threading.Lock()
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

    def write(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Runs ``work(conn)`` in one ``BEGIN IMMEDIATE`` transaction on the write connection.

        Raises:
            StoreUnavailable: disk full, read-only or locked; nothing of ``work`` was kept.
        """
        with self._write_lock, write_transaction(self._write_conn, str(self.path)):
            return work(self._write_conn)

    def close(self) -> None:
        """Closes every connection this store opened."""
        with self._readers_lock:
            for conn in self._readers:
                conn.close()
            self._readers.clear()
        self._write_conn.close()
