"""Lot balance: received, issued, consumed (the live records' component quantities), scrapped,
returned, adjusted and remaining per lot, from the lots, their movements and the genealogy."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from app.domain.materials import Balance

# A corrected record's components no longer count: its correction's components do.
CONSUMED_SQL = (
    "SELECT coalesce(sum(c.quantity), 0), coalesce(max(c.rowid), 0) FROM components c "
    "WHERE c.component = ? AND c.kind = 'lot' AND c.rowid > ? AND c.rowid <= ? AND NOT EXISTS "
    "(SELECT 1 FROM supersessions s WHERE s.old_key = c.record_key)"
)
# Per database file and lot: (components rowid, supersessions rowid, consumed). Both tables are
# append-only: new components are added to the sum; a new supersession recounts the lot.
_CONSUMED: dict[tuple[str, str], tuple[int, int, float]] = {}


def database_identity(conn: sqlite3.Connection) -> str:
    """The database file and its first journal row: another file put in its place is another."""
    path = str(conn.execute("PRAGMA database_list").fetchone()[2]) or f"memory:{id(conn)}"
    first = conn.execute("SELECT key FROM journal ORDER BY seq LIMIT 1").fetchone()
    return f"{path}#{'' if first is None else first[0]}"


def consumed(conn: sqlite3.Connection, lot_id: str) -> float:
    """What the live records consumed of a lot (BOM quantity per unit, as recorded)."""
    top, corrected = conn.execute(
        "SELECT (SELECT coalesce(max(rowid), 0) FROM components), "
        "(SELECT coalesce(max(rowid), 0) FROM supersessions)"
    ).fetchone()
    db = database_identity(conn)
    since, total = 0, 0.0
    cached = _CONSUMED.get((db, lot_id))
    if cached is not None and cached[1] == corrected and cached[0] <= top:
        since, total = cached[0], cached[2]
    added = conn.execute(CONSUMED_SQL, (lot_id, since, top)).fetchone()
    total += float(added[0])
    _CONSUMED[(db, lot_id)] = (int(top), int(corrected), total)
    return total


def balance(conn: sqlite3.Connection, lot_id: str) -> Balance | None:
    """A lot's balance, or None when there is no such lot."""
    row = conn.execute(
        "SELECT l.id, l.part_number, coalesce((SELECT max(r.unit) FROM lot_receipts r "
        "WHERE r.lot_id = l.id), p.unit, 'pcs'), l.quantity "
        "FROM lots l JOIN parts p ON p.part_number = l.part_number WHERE l.id = ?",
        (lot_id,),
    ).fetchone()
    if row is None:
        return None
    moved = dict.fromkeys(("issue", "scrap", "return", "adjust"), 0.0)
    for kind, quantity in conn.execute(
        "SELECT kind, sum(quantity) FROM lot_movements WHERE lot_id = ? GROUP BY kind", (lot_id,)
    ):
        moved[str(kind)] = float(quantity)
    return Balance(
        lot_id=row[0],
        part_number=row[1],
        unit=row[2],
        received=float(row[3]),
        issued=moved["issue"],
        consumed=consumed(conn, lot_id),
        scrapped=moved["scrap"],
        returned=moved["return"],
        adjusted=moved["adjust"],
    )


def balances(conn: sqlite3.Connection, lot_ids: Iterable[str] | None = None) -> list[Balance]:
    """The balance of the given lots (every lot when None), by lot id."""
    ids = (
        [str(r[0]) for r in conn.execute("SELECT id FROM lots ORDER BY id")]
        if lot_ids is None
        else sorted(set(lot_ids))
    )
    out = []
    for lot_id in ids:
        found = balance(conn, lot_id)
        if found is not None:
            out.append(found)
    return out


def low(conn: sqlite3.Connection, default_fraction: float = 0.1) -> list[tuple[Balance, float]]:
    """Released lots running low, lowest remaining first: (balance, the threshold it is under).

    A part's spec sets its own ``low_stock`` quantity; otherwise a lot is low below
    ``default_fraction`` of what it was received with. Lots with nothing received are left out.
    """
    thresholds = {
        str(pn): float(q)
        for pn, q in conn.execute(
            "SELECT part_number, low_stock FROM part_specs WHERE low_stock IS NOT NULL"
        )
    }
    lots = [
        str(r[0]) for r in conn.execute("SELECT id FROM lots WHERE status = 'released' ORDER BY id")
    ]
    out = []
    for b in balances(conn, lots):
        if b.received <= 0:
            continue
        limit = thresholds.get(b.part_number, b.received * default_fraction)
        if b.remaining <= limit:
            out.append((b, limit))
    return sorted(out, key=lambda x: (x[0].remaining, x[0].lot_id))
