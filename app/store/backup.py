"""A consistent copy of a station database while it captures (SQLite online backup API), and restore.

The backup reads the live database through SQLite's online backup in one step, that is in one read
transaction: in WAL mode the station's writer keeps committing meanwhile (only checkpoints wait),
and the copy is the one consistent state the read transaction saw. (Copying in several steps would
restart at every commit of a busy station and might never finish.) Restore puts a backup in place after checking
that it is a whole, intact station database.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

from app.store.database import open_database
from app.store.errors import StoreError
from app.store.journal import VerifyReport, verify

PAGES_PER_STEP = -1  # all pages in one step: one consistent snapshot


def backup(
    source: Path,
    out: Path,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Copies ``source`` to ``out`` consistently; returns the bytes written.

    Raises:
        StoreError: ``out`` exists, or ``source`` is not a station database.
    """
    if out.exists():
        raise StoreError(f"{out} exists: give a new file for the backup")
    db = open_database(source, readonly=True)
    src = db.conn
    partial = out.with_name(out.name + ".partial")
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(
                dst,
                pages=PAGES_PER_STEP,
                progress=(lambda _status, left, total: progress(total - left, total))
                if progress
                else None,
            )
            dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            dst.close()
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        db.close()
    os.replace(partial, out)
    return out.stat().st_size


def restore(backup_file: Path, target: Path) -> VerifyReport:
    """Verifies ``backup_file`` and puts a copy of it at ``target``; returns the verify report.

    Raises:
        StoreError: ``target`` exists, or the backup does not verify (nothing is put in place).
    """
    if target.exists():
        raise StoreError(f"{target} exists: move it away first (restore never overwrites)")
    db = open_database(backup_file, readonly=True)
    try:
        report = verify(db.conn)
    finally:
        db.close()
    if not report.intact:
        raise StoreError(f"{backup_file} does not verify ({report.problem}): nothing was restored")
    partial = target.with_name(target.name + ".partial")
    shutil.copyfile(backup_file, partial)
    os.replace(partial, target)
    return report
