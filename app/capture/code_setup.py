"""The station's code formats without Qt: which plain codes mean lot, badge, work order, step or
serial, which UDI agencies (GS1, HIBCC, ICCBBA) it reads, whether lots and UDIs may be typed.

They are station settings: a change is one ``config`` journal row through
``masterdata_write.write`` (the ``stations`` row old and new, who and why) and a new configuration
revision, like the station's rules.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import Any

from app.codes.formats import CodeFormats
from app.store import masterdata_write
from app.store.masterdata_write import Change


def code_formats(conn: sqlite3.Connection, station: str) -> CodeFormats:
    """The station's code formats (defaults where nothing is set).

    Raises:
        KeyError: no such station.
    """
    row = conn.execute("SELECT settings FROM stations WHERE id = ?", (station,)).fetchone()
    if row is None:
        raise KeyError(f"no station {station}")
    return CodeFormats.from_settings(json.loads(row[0]))


def _changes(old: CodeFormats, new: CodeFormats) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for kind in sorted(set(old.patterns) | set(new.patterns)):
        if old.patterns.get(kind) != new.patterns.get(kind):
            out[f"{kind} pattern"] = {"from": old.patterns.get(kind), "to": new.patterns.get(kind)}
    if old.agencies != new.agencies:
        out["UDI agencies"] = {"from": list(old.agencies), "to": list(new.agencies)}
    if old.forbid_typed != new.forbid_typed:
        out["typed lots and UDIs refused"] = {"from": old.forbid_typed, "to": new.forbid_typed}
    return out


def save_code_formats(
    conn: sqlite3.Connection,
    station: str,
    formats: CodeFormats,
    *,
    by: dict[str, Any],
    reason: str,
    at: datetime | None = None,
) -> int | None:
    """Stores the station's code formats; journals a ``config`` row. Call in a write transaction.

    Returns:
        The new configuration revision, or None when nothing changed.

    Raises:
        ValueError: no reason, no agency left, or a pattern that matches nothing a label could
            carry (the empty text).
    """
    if not reason.strip():
        raise ValueError("say why the code formats change: the reason is journalled with it")
    if not formats.agencies:
        raise ValueError("keep at least one UDI agency: without one no unit label can be read")
    for kind, pattern in formats.patterns.items():
        if not pattern.strip():
            raise ValueError(f"the {kind} pattern is empty: give one, or keep the default")
    row = conn.execute(
        "SELECT settings, config_revision FROM stations WHERE id = ?", (station,)
    ).fetchone()
    if row is None:
        raise ValueError(f"station {station} is not known")
    settings = json.loads(row[0])
    old = CodeFormats.from_settings(settings)
    changes = _changes(old, formats)
    if not changes:
        return None
    settings.update(formats.as_settings())
    revision = int(row[1]) + 1
    body = {
        "config": "code-formats",
        "action": "change",
        "by": by,
        "reason": reason.strip(),
        "code_formats": formats.as_settings(),
        "revision": revision,
        "changes": changes,
    }
    change = Change(
        "stations",
        {"id": station},
        {"settings": json.dumps(settings), "config_revision": revision},
    )
    masterdata_write.write(
        conn, station, [change], by=by, why=reason.strip(), kind="config", body=body, at=at
    )
    return revision
