"""The baseline of an upgraded station database: master rows no journal row states, journalled once.

A database made by an older Lineside may hold rows in tables that are projections today (master
data written before it was journalled, instruments, calibrations, profile specs and profiles
written beside their journal rows) with no journal row stating them. On upgrade, :func:`record`
journals each such row once, whole, in one ``baseline`` row (``by`` system, ``why`` naming the
schema step), so ``verify`` replays and compares them like every other projected row from then
on. The baseline vouches for the rows as they stood at the upgrade, not before: a row that differs
from what the journal states (an edit, not a gap) is left for ``verify`` to name.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import Any

from app.domain.clock import parse_iso, utc_now
from app.store import journal, masterdata_write, projection
from app.store.projection import MASTER_KEYS

KIND = "baseline"
BY = "system"


def stated_master(conn: sqlite3.Connection) -> dict[str, dict[tuple[Any, ...], dict[str, Any]]]:
    """Every master table's rows as the journal states them (a replay of the ``master`` lists)."""
    replay = projection.Replay()
    # Canonical JSON writes the key as "master": (a cheap filter before parsing the row).
    for (content,) in conn.execute(
        "SELECT content FROM journal WHERE instr(content, '\"master\":') ORDER BY seq"
    ):
        data = json.loads(content)
        if data.get("master"):
            replay.add(KIND, {"master": data["master"]})
    return replay.master


def missing(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """The rows of the projected master tables that no journal row states, as baseline changes."""
    state = stated_master(conn)
    out: list[dict[str, Any]] = []
    for table, keys in MASTER_KEYS.items():
        names = masterdata_write.columns(conn, table)
        if not names:
            continue  # made by a later schema step: nothing older to baseline
        if not names:
            continue  # a table a later migration creates (the baseline runs in migration 11)
        for values in conn.execute(f"SELECT {', '.join(names)} FROM {table}"):
            row = dict(zip(names, values, strict=True))
            key = tuple(row[k] for k in keys)
            if key not in state[table]:
                new = projection.stated_row(table, row)
                out.append(
                    {"table": table, "key": {k: row[k] for k in keys}, "old": None, "new": new}
                )
    return out


def _station(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT station FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
    if row is None:
        row = conn.execute("SELECT id FROM stations ORDER BY id LIMIT 1").fetchone()
    return None if row is None else str(row[0])


def record(conn: sqlite3.Connection, schema: str) -> journal.JournalRow | None:
    """Journals the rows no journal row states, once (call inside the migration's transaction).

    Args:
        schema: the schema step the database is upgraded to, named in the row's ``why``.

    Returns:
        The ``baseline`` row, or None when every row is stated already (a new database).
    """
    changes = missing(conn)
    station = _station(conn)
    if not changes or station is None:
        return None
    at: datetime = utc_now()
    last = conn.execute(
        "SELECT recorded_at FROM journal WHERE station = ? ORDER BY seq DESC LIMIT 1", (station,)
    ).fetchone()
    if last is not None:
        # The station's clock may be behind its newest row; the baseline is not a reading of it.
        at = max(at, parse_iso(last[0]))
    body = {
        "master": changes,
        "by": BY,
        "why": f"baseline of existing data at upgrade to schema {schema}",
    }
    return journal.append(conn, station, KIND, body, at=at)
