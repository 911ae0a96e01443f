"""Environment windows without Qt: what each step this station performs requires of humidity,
temperature and O2, as the operator sees it; changed by a technician with a reason, journalled.

A step's windows are master data (the ``steps`` table's ``environment`` column): a change is one
``config`` journal row written through ``masterdata_write.write`` stating the old and new rows,
who and why, so ``verify`` replays it like every other master-data change.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.domain.environment import EnvWindow, quantity_name
from app.store import journal, masterdata_write
from app.store.masterdata_write import Change


@dataclass(frozen=True)
class StepWindows:
    """The environment windows one step requires."""

    product: str
    step: str
    name: str
    windows: tuple[EnvWindow, ...]


def station_windows(conn: sqlite3.Connection, station: str) -> list[StepWindows]:
    """The windows of every step this station may perform, by product and step.

    Raises:
        KeyError: no such station.
    """
    row = conn.execute("SELECT steps FROM stations WHERE id = ?", (station,)).fetchone()
    if row is None:
        raise KeyError(f"no station {station}")
    allowed = set(json.loads(row[0]))
    return [
        StepWindows(
            str(r[0]),
            str(r[1]),
            str(r[2]),
            tuple(EnvWindow.from_content(w) for w in json.loads(r[3])),
        )
        for r in conn.execute(
            "SELECT product, code, name, environment FROM steps ORDER BY product, sequence"
        )
        if r[1] in allowed
    ]


def _checked(window: EnvWindow) -> EnvWindow:
    name = quantity_name(window.quantity)
    if window.low is not None and window.high is not None and window.low >= window.high:
        raise ValueError(
            f"{name}: the low limit {window.low:g} must be below the high limit {window.high:g}"
        )
    if not window.max_age_s > 0:
        raise ValueError(f"{name}: the maximum age must be above 0 s, not {window.max_age_s:g}")
    return window


def save_step_windows(
    conn: sqlite3.Connection,
    station: str,
    product: str,
    step: str,
    windows: tuple[EnvWindow, ...],
    *,
    by: dict[str, Any],
    reason: str,
    at: datetime | None = None,
) -> journal.JournalRow | None:
    """Sets the windows of ``product``'s ``step``; journals a ``config`` row. Call in a write
    transaction.

    Returns:
        The journal row, or None when nothing changed.

    Raises:
        ValueError: no reason, an unknown step, a low limit not below the high one, or a
            maximum age not above 0 s.
    """
    if not reason.strip():
        raise ValueError("say why the environment windows change: the reason is journalled with it")
    row = conn.execute(
        "SELECT environment FROM steps WHERE product = ? AND code = ?", (product, step)
    ).fetchone()
    if row is None:
        raise ValueError(f"step {step} of {product} is not known")
    old = {w.quantity: w for w in (EnvWindow.from_content(x) for x in json.loads(row[0]))}
    new = {w.quantity: _checked(w) for w in windows}
    changes = [
        {
            "quantity": quantity_name(q),
            "from": old[q].describe() if q in old else "—",
            "to": new[q].describe() if q in new else "—",
            **(
                {"max_age_s": {"from": old[q].max_age_s, "to": new[q].max_age_s}}
                if q in old and q in new and old[q].max_age_s != new[q].max_age_s
                else {}
            ),
        }
        for q in [*old, *(q for q in new if q not in old)]
        if old.get(q) != new.get(q)
    ]
    if not changes:
        return None
    body = {
        "config": "environment",
        "action": "change",
        "by": by,
        "reason": reason.strip(),
        "product": product,
        "step": step,
        "changes": changes,
    }
    change = Change(
        "steps",
        {"product": product, "code": step},
        {"environment": json.dumps([w.as_content() for w in windows])},
    )
    return masterdata_write.write(
        conn, station, [change], by=by, why=reason.strip(), kind="config", body=body, at=at
    )
