"""The line's work in progress as this station sees it: its own records plus what the plant sent.

The capture checks ask here, not the genealogy tables alone, so a subassembly recorded on another
station PC can be built in, and one held, scrapped or already consumed anywhere on the line is
refused with who and why.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from app.store import genealogy, recall_queries

# Records superseded here or at the plant.
LIVE_REMOTE = (
    "NOT EXISTS (SELECT 1 FROM line_wip s WHERE s.kind = 'superseded' AND s.serial = w.record_key) "
    "AND NOT EXISTS (SELECT 1 FROM supersessions s WHERE s.old_key = w.record_key)"
)


@dataclass(frozen=True)
class Use:
    """A live record that consumed a subassembly."""

    record_key: str
    parent: str
    station: str


@dataclass(frozen=True)
class Hold:
    """A hold on a serial: why and by whom."""

    serial: str
    reason: str
    by: str


def unit_steps(conn: sqlite3.Connection, serial: str) -> list[genealogy.UnitStep]:
    """The live records of ``serial``: this station's, then those recorded elsewhere on the line."""
    local = genealogy.unit_steps(conn, serial)
    known = {s.record_key for s in local}
    remote = []
    for key, detail in conn.execute(
        f"SELECT w.record_key, w.detail FROM line_wip w WHERE w.serial = ? AND w.kind = 'unit' "
        f"AND {LIVE_REMOTE} ORDER BY w.plant_id",
        (serial,),
    ):
        if key in known:
            continue
        d = json.loads(detail)
        known.add(key)
        remote.append(genealogy.UnitStep(key, d.get("di"), d.get("step", ""), d.get("product", "")))
    return local + remote


def station_of(conn: sqlite3.Connection, record_key: str) -> str:
    """The station that recorded ``record_key`` (here or elsewhere on the line)."""
    row = conn.execute(
        "SELECT station FROM assemblies WHERE record_key = ? UNION ALL "
        "SELECT station FROM line_wip WHERE record_key = ? AND kind = 'unit' LIMIT 1",
        (record_key, record_key),
    ).fetchone()
    return "?" if row is None else str(row[0])


def consumed_by(conn: sqlite3.Connection, component: str) -> Use | None:
    """The live record that built ``component`` into a unit, here or elsewhere on the line."""
    row = conn.execute(
        "SELECT c.record_key, c.unit_serial, a.station FROM components c "
        "JOIN assemblies a ON a.record_key = c.record_key "
        "WHERE c.component = ? AND c.kind = 'unit' AND NOT EXISTS "
        "(SELECT 1 FROM supersessions s WHERE s.old_key = c.record_key) LIMIT 1",
        (component,),
    ).fetchone()
    if row is not None:
        return Use(str(row[0]), str(row[1]), str(row[2]))
    row = conn.execute(
        f"SELECT w.record_key, w.detail, w.station FROM line_wip w WHERE w.serial = ? "
        f"AND w.kind = 'consumed' AND {LIVE_REMOTE} ORDER BY w.plant_id LIMIT 1",
        (component,),
    ).fetchone()
    if row is None:
        return None
    return Use(str(row[0]), str(json.loads(row[1]).get("parent", "?")), str(row[2] or "?"))


def hold_on(conn: sqlite3.Connection, serial: str) -> Hold | None:
    """The hold on ``serial`` when the latest hold or release the line knows of is a hold."""
    row = conn.execute(
        "SELECT kind, detail FROM line_wip WHERE serial = ? AND kind IN ('hold', 'release') "
        "ORDER BY plant_id DESC LIMIT 1",
        (serial,),
    ).fetchone()
    if row is None or row[0] != "hold":
        return None
    detail: dict[str, Any] = json.loads(row[1])
    by = detail.get("by")
    if isinstance(by, dict):
        by = by.get("name") or by.get("user_id") or "?"
    return Hold(serial, str(detail.get("reason") or detail.get("comment") or "?"), str(by or "?"))


@dataclass(frozen=True)
class ProductStatus:
    """A unit's or subassembly's product status as this station knows it, and who decided it."""

    serial: str
    status: str  # WIP, held, scrapped, released
    reason: str | None = None
    by: str | None = None
    at: str | None = None  # UTC, as the deciding row was recorded
    station: str | None = None  # where it was decided (None: here)

    @property
    def usable(self) -> bool:
        """Whether the serial may be built on or built in."""
        return self.status not in ("held", "scrapped")


def line_status(conn: sqlite3.Connection, serial: str) -> ProductStatus | None:
    """The latest product status the plant sent for ``serial`` (from any station's decision)."""
    row = conn.execute(
        "SELECT station, detail FROM line_wip WHERE serial = ? AND kind = 'status' "
        "ORDER BY plant_id DESC LIMIT 1",
        (serial,),
    ).fetchone()
    if row is None:
        return None
    d = json.loads(row[1])
    return ProductStatus(
        serial, str(d["status"]), d.get("reason"), d.get("by"), d.get("at"), row[0]
    )


def product_status(conn: sqlite3.Connection, serial: str) -> ProductStatus:
    """This station's own decisions about ``serial`` joined with the line's, as the plant sent them.

    Scrapped anywhere is scrapped for good; otherwise the later decision stands (a hold placed at
    one station and a release signed at another), by the time each was recorded.
    """
    mine = recall_queries.unit_state(conn, serial)
    local = ProductStatus(
        serial, str(mine["status"]), mine["reason"], mine["by"], mine["at"] and str(mine["at"])
    )
    remote = line_status(conn, serial)
    if remote is None or local.status == "scrapped":
        return local
    if remote.status == "scrapped" or local.at is None:
        return remote
    return remote if str(remote.at or "") > local.at else local


def conflicts(conn: sqlite3.Connection, station: str | None = None) -> list[dict[str, Any]]:
    """Conflicts the plant raised (records made offline that collide), for the exception queue.

    Args:
        station: only those involving this station (None: every one this station knows of).
    """
    result = []
    for plant_id, serial, detail in conn.execute(
        "SELECT plant_id, serial, detail FROM line_wip WHERE kind = 'conflict' ORDER BY plant_id"
    ):
        d = json.loads(detail)
        if station is None or station in d.get("stations", []):
            result.append({"plant_id": plant_id, "subject": serial, **d})
    return result


def cursor(conn: sqlite3.Connection) -> tuple[int, str | None]:
    """(plant id, pulled_at) of the last work-in-progress row pulled from the plant."""
    row = conn.execute(
        "SELECT id, pulled_at FROM line_wip_cursor WHERE upstream = 'plant'"
    ).fetchone()
    return (int(row[0]), row[1]) if row else (0, None)


def apply(conn: sqlite3.Connection, rows: Iterable[tuple[Any, ...]], last: int, at: str) -> int:
    """Stores pulled rows (plant id, kind, serial, record key, station, line, detail) and the cursor.

    Call inside a write transaction. Rows already held (by plant id) are skipped.
    """
    cur = conn.executemany(
        "INSERT OR IGNORE INTO line_wip (plant_id, kind, serial, record_key, station, line, detail) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    conn.execute(
        "UPDATE line_wip_cursor SET id = ?, pulled_at = ? WHERE upstream = 'plant'",
        (last, at),
    )
    return int(cur.rowcount)
