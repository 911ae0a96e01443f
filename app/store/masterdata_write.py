"""The one way to change master data: a journal row stating each change, projected into the tables.

Lots, certificates, parts, BOM, users (roles, qualifications, password hashes), devices, stations
(their rules and scanner settings), lines, suppliers, steps and work orders change only through
:func:`write`: it reads each row's old values, appends one journal row whose ``master`` list
carries table, key, old and new values (with who and why), and the projector applies the row to
the tables in the same transaction. ``verify`` replays these rows and compares the tables.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.store import journal, projection
from app.store.projection import MASTER_KEYS

KIND = "masterdata"


@dataclass(frozen=True)
class Change:
    """One master-data change: ``values`` set on the row with ``key`` (None deletes the row).

    With ``replace`` the row becomes exactly ``values`` (columns not given take their defaults);
    otherwise ``values`` are merged into the row's current values.
    """

    table: str
    key: dict[str, Any]
    values: dict[str, Any] | None
    replace: bool = False


def columns(conn: sqlite3.Connection, table: str) -> list[str]:
    """The table's columns in order."""
    return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]


def current(conn: sqlite3.Connection, table: str, key: dict[str, Any]) -> dict[str, Any] | None:
    """The row of ``table`` with ``key`` as a dictionary (None when there is none)."""
    names = columns(conn, table)
    where = " AND ".join(f"{k} = ?" for k in MASTER_KEYS[table])
    row = conn.execute(
        f"SELECT {', '.join(names)} FROM {table} WHERE {where}",
        [key[k] for k in MASTER_KEYS[table]],
    ).fetchone()
    return dict(zip(names, row, strict=True)) if row else None


def stated(
    conn: sqlite3.Connection, changes: Iterable[Change]
) -> tuple[list[dict[str, Any]], list[dict[str, Any] | None]]:
    """The changes as a journal row states them (old and new values, :data:`DIGESTED
    <app.store.projection.DIGESTED>` columns by digest), unchanged rows left out; and the new
    rows as the tables will hold them, in the same order."""
    out = []
    rows: list[dict[str, Any] | None] = []
    filled: dict[str, dict[str, Any]] = {}
    for change in changes:
        if change.table not in MASTER_KEYS:
            raise ValueError(f"{change.table} is not a master-data table")
        key = {k: change.key[k] for k in MASTER_KEYS[change.table]}
        old = current(conn, change.table, key)
        new: dict[str, Any] | None
        if change.values is None:
            new = None
        elif old is None or change.replace:
            if change.table not in filled:
                filled[change.table] = projection.table_defaults(conn, change.table)
            new = {**filled[change.table], **change.values, **key}
        else:
            new = {**old, **change.values, **key}
        if new == old:
            continue
        out.append(
            {
                "table": change.table,
                "key": key,
                "old": projection.stated_row(change.table, old),
                "new": projection.stated_row(change.table, new),
            }
        )
        rows.append(new)
    return out, rows


def write(
    conn: sqlite3.Connection,
    station: str,
    changes: Iterable[Change],
    *,
    by: object,
    why: str,
    kind: str = KIND,
    body: dict[str, Any] | None = None,
    at: datetime | None = None,
    key: str | None = None,
) -> journal.JournalRow | None:
    """Journals master-data changes and applies them to the tables. Call in a write transaction.

    Args:
        station: the station whose chain records the change.
        by: who changed it (a user id, a user as the station set-up states it, ``plant``).
        why: the reason (required for ``masterdata`` rows; the set-up's ``config`` rows carry
            their own).
        kind: the journal kind (``config`` rows of the station set-up carry their changes too).
        body: more content for the row (e.g. the station set-up's own description).
        key: the row's key, when a changed row names it (``journal_key`` columns).

    Returns:
        The journal row, or None when nothing changed and there is no body to record.

    Raises:
        ValueError: no reason given, or a table that is not master data.
    """
    if kind == KIND and not why.strip():
        raise ValueError("a master-data change needs a reason")
    master, rows = stated(conn, changes)
    if not master and body is None:
        return None
    content = {**(body or {}), "master": master, "by": by, "why": why}
    row = journal.append(conn, station, kind, content, at=at, key=key)
    projection.apply(conn, row.kind, row.data, rows)
    return row
