"""Store failures sorted into what an operator can act on and what is a bug."""

from __future__ import annotations

import sqlite3

from app.domain.clock import ClockFinding


class StoreError(Exception):
    """A failure the operator can act on; the message says what happened and what to do."""


class NotAStationDatabase(StoreError):
    """The file is not a SQLite database, or not one of Lineside's."""


class NewerSchema(StoreError):
    """The database was written by a newer Lineside than this one."""


class ClockRefused(StoreError):
    """A record was refused: its time breaks the station's clock policy (both times named)."""

    def __init__(self, finding: ClockFinding) -> None:
        super().__init__(f"{finding.describe()}. Nothing was recorded: check the station clock")
        self.finding = finding


class StoreUnavailable(StoreError):
    """The disk is full, read-only, or the database is locked by another program."""


def classify(exc: sqlite3.Error, path: str) -> StoreError | None:
    """Turns a SQLite error an operator can act on into a calm message; None for bugs."""
    text = str(exc).lower()
    code = getattr(exc, "sqlite_errorname", "")
    if "full" in text or code == "SQLITE_FULL":
        return StoreUnavailable(
            f"the disk holding {path} is full: nothing was recorded. Free space on it, then scan again"
        )
    if "readonly" in text or "read-only" in text or code.startswith("SQLITE_READONLY"):
        return StoreUnavailable(
            f"{path} is read-only: nothing was recorded. Check the file's permissions or the disk"
        )
    if "locked" in text or "busy" in text or code.startswith("SQLITE_BUSY"):
        return StoreUnavailable(
            f"{path} is busy with another program: nothing was recorded. Try again in a moment"
        )
    if "disk i/o" in text or code.startswith("SQLITE_IOERR"):
        return StoreUnavailable(
            f"the disk holding {path} failed to write: nothing was recorded. Call IT"
        )
    if (
        "not a database" in text
        or "malformed" in text
        or code in ("SQLITE_NOTADB", "SQLITE_CORRUPT")
    ):
        return NotAStationDatabase(f"{path} is not a readable SQLite database (it may be damaged)")
    if "unable to open" in text or code == "SQLITE_CANTOPEN":
        return StoreUnavailable(f"cannot open {path}: check that its folder exists and is writable")
    return None
