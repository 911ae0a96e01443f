"""Lot balance: received, issued, consumed (the live records' component quantities), scrapped,
returned, adjusted and remaining per lot, from the lots, their movements and the genealogy."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field

from app.domain.materials import Balance

# A corrected record's components no longer count: its correction's components do.
LIVE = "NOT EXISTS (SELECT 1 FROM supersessions s WHERE s.old_key = c.record_key)"
# One lot's consumption up to a components rowid (through the index on component).
CONSUMED_SQL = (
    "SELECT coalesce(sum(c.quantity), 0) FROM components c "
    f"WHERE c.component = ? AND c.kind = 'lot' AND c.rowid <= ? AND {LIVE}"
)
# Every lot's consumption in a range of components rows (a walk of the new rows by rowid).
ADDED_SQL = (
    "SELECT c.component, sum(c.quantity) FROM components c NOT INDEXED "
    f"WHERE c.rowid > ? AND c.rowid <= ? AND c.kind = 'lot' AND {LIVE} GROUP BY c.component"
)
# The database (file and first journal row), the newest components row with its record and the
# newest supersession: one statement per look-up.
STATE_SQL = (
    "SELECT (SELECT file FROM pragma_database_list WHERE name = 'main'), "
    "(SELECT key FROM journal ORDER BY seq LIMIT 1), "
    "(SELECT coalesce(max(rowid), 0) FROM components), "
    "(SELECT record_key FROM components ORDER BY rowid DESC LIMIT 1), "
    "(SELECT coalesce(max(rowid), 0) FROM supersessions)"
)
# Beyond this many new components rows, the lots asked for again are summed afresh instead.
FOLD_LIMIT = 200_000


@dataclass
class _Tally:
    """What the live records consumed of each lot asked for, up to components row ``top``.

    Both tables are append-only: rows after ``top`` are added to every lot tallied; a new
    supersession, or a tail that is no longer the one tallied (a write rolled back and another
    written in its place), starts the tally afresh."""

    top: int
    top_key: str | None
    corrected: int
    lots: dict[str, float] = field(default_factory=dict)


_TALLIES: dict[str, _Tally] = {}
_TALLIES_LIMIT = 64  # databases remembered (tests open many)


def _identity(path: str, first: str | None, conn: sqlite3.Connection) -> str:
    return f"{path or f'memory:{id(conn)}'}#{'' if first is None else first}"


def database_identity(conn: sqlite3.Connection) -> str:
    """The database file and its first journal row: another file put in its place is another."""
    path = str(conn.execute("PRAGMA database_list").fetchone()[2])
    first = conn.execute("SELECT key FROM journal ORDER BY seq LIMIT 1").fetchone()
    return _identity(path, None if first is None else str(first[0]), conn)


def consumed(conn: sqlite3.Connection, lot_id: str) -> float:
    """What the live records consumed of a lot (BOM quantity per unit, as recorded).

    Kept per database as a running tally: each call adds only the components rows written since
    the last one (one walk for every lot asked for), so a scan's balance costs the same on a
    day-old station and a year-old one."""
    path, first, top, top_key, corrected = conn.execute(STATE_SQL).fetchone()
    db = _identity(str(path or ""), first, conn)
    tally = _TALLIES.get(db)
    if tally is not None and not _continues(conn, tally, top, top_key, corrected):
        tally = None
    if tally is None:
        if len(_TALLIES) >= _TALLIES_LIMIT:
            _TALLIES.clear()
        tally = _TALLIES[db] = _Tally(top, top_key, corrected)
    elif top > tally.top:
        for lot, quantity in conn.execute(ADDED_SQL, (tally.top, top)):
            if lot in tally.lots:
                tally.lots[lot] += float(quantity)
        tally.top, tally.top_key = top, top_key
    total = tally.lots.get(lot_id)
    if total is None:
        total = float(conn.execute(CONSUMED_SQL, (lot_id, top)).fetchone()[0])
        tally.lots[lot_id] = total
    return total


def _continues(
    conn: sqlite3.Connection, tally: _Tally, top: int, top_key: str | None, corrected: int
) -> bool:
    """Whether the tally still describes this database's rows up to its ``top``."""
    if corrected != tally.corrected or top < tally.top or top - tally.top > FOLD_LIMIT:
        return False
    if top == tally.top:
        return top_key == tally.top_key
    if tally.top == 0:
        return True
    row = conn.execute("SELECT record_key FROM components WHERE rowid = ?", (tally.top,)).fetchone()
    return row is not None and row[0] == tally.top_key


def stock(conn: sqlite3.Connection, lot_id: str) -> Balance | None:
    """A lot's balance before consumption (received, issued, scrapped, returned, adjusted: its
    master data), ``consumed`` 0; None when there is no such lot."""
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
        received=float(row[3] or 0),
        issued=moved["issue"],
        scrapped=moved["scrap"],
        returned=moved["return"],
        adjusted=moved["adjust"],
    )


def with_consumed(conn: sqlite3.Connection, stocked: Balance) -> Balance:
    """``stocked`` (from :func:`stock`) with what the live records consumed of the lot now."""
    b = stocked
    return Balance(
        b.lot_id,
        b.part_number,
        b.unit,
        b.received,
        b.issued,
        consumed(conn, b.lot_id),
        b.scrapped,
        b.returned,
        b.adjusted,
    )


def balance(conn: sqlite3.Connection, lot_id: str) -> Balance | None:
    """A lot's balance, or None when there is no such lot."""
    stocked = stock(conn, lot_id)
    return None if stocked is None else with_consumed(conn, stocked)


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
