"""Opening a station database: file checks, WAL, pragmas, migrations and the write transaction."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import platformdirs
from sqlite_utils import Database

from app.store.errors import (
    NewerSchema,
    NotAStationDatabase,
    StoreError,
    StoreUnavailable,
    classify,
)
from app.store.schema import MIGRATIONS

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000
# 8 KiB pages: a record row is 1.5-2.5 KB, and on 4 KiB pages most pages held one row and a gap
# (bench_bytes.py: the same 40,032 rows took 6,598 bytes/row on 4 KiB pages, 5,067 on 8 KiB).
PAGE_SIZE = 8192


def default_path() -> Path:
    """Where the station database lives when no ``--db`` is given."""
    return Path(platformdirs.user_data_dir("lineside", "Lineside")) / "station.sqlite"


def _check_file(path: Path) -> None:
    """Refuses a file that is not SQLite before SQLite touches it (so it stays untouched)."""
    if not path.exists():
        return
    if path.is_dir():
        raise NotAStationDatabase(
            f"{path} is a folder, not a database file: give the path of a file"
        )
    if not path.is_file():
        # A FIFO, socket or device would block the read below (or SQLite) for ever.
        raise NotAStationDatabase(
            f"{path} is not a regular file (a pipe, socket or device): give the path of a "
            "database file; it was left untouched"
        )
    identity = _file_identity(path)
    if identity in _checked_files:
        # Closing any descriptor of a file drops every POSIX lock this process holds on it,
        # SQLite's included: re-reading the header of a database this process already has open
        # would let another process checkpoint and delete the WAL under our connections.
        return
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_MAGIC))
    except PermissionError as exc:
        raise StoreUnavailable(f"cannot read {path}: permission denied") from exc
    if header and header != SQLITE_MAGIC:
        raise NotAStationDatabase(
            f"{path} is not a SQLite database (it starts with {header[:8]!r}); the file was left untouched. "
            "Check the path, or use `lineside init --db NEW_PATH` for a new station database"
        )
    if header:
        _checked_files.add(identity)


# Files (device, inode) whose header this process has read and found to be SQLite.
_checked_files: set[tuple[int, int]] = set()


def _file_identity(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_dev, info.st_ino


FILE_MODE, FOLDER_MODE = 0o600, 0o700


def _make_folder(folder: Path) -> None:
    """Creates the missing folders of a new database, readable by the station's account only."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for made in missing:
            made.chmod(FOLDER_MODE)
    except OSError as exc:
        raise StoreUnavailable(f"cannot create the folder of {folder}: {exc.strerror}") from exc


def _create_private(path: Path) -> None:
    """Creates an empty database file that only its owner may read or write (0600)."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE)
        os.close(fd)
    except FileExistsError:
        pass
    except OSError as exc:
        raise StoreUnavailable(f"cannot create {path}: {exc.strerror}") from exc


def restrict(path: Path) -> None:
    """Takes group and other access off the database file and its WAL and shared-memory files.

    A file the station's account does not own is left as it is (the owner decides).
    """
    for candidate in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        with contextlib.suppress(OSError):
            mode = stat.S_IMODE(candidate.stat().st_mode)
            if mode & 0o077:
                candidate.chmod(mode & ~0o077)


def _connect_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection; on read-only media (no -shm can be made) an immutable one."""
    uri = path.resolve().as_uri()
    conn = sqlite3.connect(
        f"{uri}?mode=ro", uri=True, isolation_level=None, check_same_thread=False
    )
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        conn.close()
        if os.access(path.parent, os.W_OK):
            raise
        # A WAL database on a read-only medium (a CD, a write-protected stick, a read-only
        # mount): nothing can change it there, so SQLite may read it as immutable.
        conn = sqlite3.connect(
            f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None, check_same_thread=False
        )
    return conn


def connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    """A connection with the station's pragmas; transactions are explicit (``BEGIN IMMEDIATE``)."""
    try:
        if readonly:
            conn = _connect_readonly(path)
        else:
            conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        if not readonly:
            # Takes effect only in a new, empty file (an existing database keeps its own).
            conn.execute(f"PRAGMA page_size={PAGE_SIZE}")
            mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            if mode.lower() != "wal":
                raise StoreUnavailable(
                    f"{path} cannot use WAL mode (got {mode}): put it on a local disk"
                )
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
    except sqlite3.Error as exc:
        raise (classify(exc, str(path)) or StoreError(f"cannot open {path}: {exc}")) from exc
    return conn


def _check_schema(db: Database, path: Path) -> None:
    known = {m.name for m in MIGRATIONS._migrations}
    try:
        applied = {m.name for m in MIGRATIONS.applied(db)}
        tables = set(db.table_names())
    except sqlite3.DatabaseError as exc:
        raise NotAStationDatabase(f"{path} is not a readable SQLite database: {exc}") from exc
    newer = applied - known
    if newer:
        raise NewerSchema(
            f"{path} was written by a newer Lineside (schema steps {', '.join(sorted(newer))} are unknown "
            "to this version): it was left untouched. Update Lineside on this station"
        )
    foreign = tables - {"_sqlite_migrations", "sqlite_sequence"}
    if not applied and foreign:
        raise NotAStationDatabase(
            f"{path} is a SQLite database but not a Lineside station database (it has tables "
            f"{', '.join(sorted(foreign)[:5])}); it was left untouched"
        )


def open_database(path: Path | str, *, create: bool = False, readonly: bool = False) -> Database:
    """Opens (and with ``create`` makes) a station database, bringing its schema up to date.

    Raises:
        NotAStationDatabase: the file is not SQLite, or not Lineside's.
        NewerSchema: a newer Lineside wrote it.
        StoreUnavailable: disk, permissions or locks prevent opening it.
    """
    path = Path(path)
    _check_file(path)
    if not path.exists() and not create:
        raise StoreUnavailable(f"{path} does not exist: create it with `lineside init --db {path}`")
    if create:
        _make_folder(path.parent)
    if path.exists() and path.stat().st_size == 0 and not create:
        # Opening it would write a header into it (WAL mode); a verb that reads or captures
        # must leave a file it was not asked to create as it found it.
        raise NotAStationDatabase(
            f"{path} is an empty file, not a station database; it was left untouched. "
            f"Initialise it with `lineside init --db {path}`"
        )
    if path.exists() and path.stat().st_size > 0:
        # Look before touching: switching to WAL would already rewrite a foreign file's header.
        probe = Database(connect(path, readonly=True), execute_plugins=False)
        try:
            _check_schema(probe, path)
        finally:
            probe.close()
    new = not path.exists()
    if new and create:
        _create_private(path)
    conn = connect(path, readonly=readonly)
    if not readonly:
        restrict(path)
    db = Database(conn, execute_plugins=False)
    if not create and not MIGRATIONS.applied(db):
        conn.close()
        raise NotAStationDatabase(
            f"{path} is an empty database: initialise it with `lineside init --db {path}`"
        )
    if not readonly and MIGRATIONS.pending(db):
        try:
            MIGRATIONS.apply(db)
        except sqlite3.Error as exc:
            conn.close()
            raise (classify(exc, str(path)) or StoreError(f"cannot update {path}: {exc}")) from exc
    _checked_files.add(_file_identity(path))
    return db


@contextlib.contextmanager
def write_transaction(
    conn: sqlite3.Connection, path: str = "the station database"
) -> Iterator[None]:
    """One ``BEGIN IMMEDIATE`` transaction: all of it lands, or none of it.

    Operator-facing SQLite failures (disk full, read-only, locked) come out as
    :class:`StoreUnavailable` with the transaction rolled back.
    """
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        raise (classify(exc, path) or exc) from exc
    try:
        yield
        conn.execute("COMMIT")
    except BaseException as exc:
        if conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error):
            operator = classify(exc, path)
            if operator is not None:
                raise operator from exc
        raise
