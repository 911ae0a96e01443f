"""The fast path of ``verify``: the walk's checks with the JSON parsed in C and the tables read in
storage order.

:func:`app.store.journal.verify` asks :func:`walk` first. It answers either "intact" (every check
the row-by-row walk makes holds) or "not sure" (``None``); on "not sure" the walk runs and names
the first problem exactly as before. So the fast path may be stricter than the walk (a false
alarm costs only the walk's time) but is never more lenient:

- **Chains.** One SELECT in ``seq`` order hands Python each row's stored bytes (``content ||
  prev_hash`` as one blob) to hash, without parsing them in Python; links and times are followed
  per station as in the walk.
- **Headers.** SQLite's JSON parser (C) picks out of each content only what the checks read: the
  header fields (compared with the row's columns in Python, with Python's types), the ``master``
  list, and for assemblies and corrections the fields the projector reads (unit, product, work
  order, step, line, operator, verdict, components, environment). Python parses that small text.
- **Shared parts.** Each part is re-hashed once; every record's references are expanded with
  :func:`app.domain.parts.expand`, as the walk does (a missing or malformed part is "not sure").
- **Tables.** The projector writes assemblies, components and supersessions in journal order, so
  the tables read in storage (rowid) order must equal, row for row, the rows the projector gives
  for the journal read in ``seq`` order (:data:`app.store.projection.PROJECTIONS`, the walk's own
  functions); equal sequences are equal multisets, and a table in another order is only a false
  alarm. Master data (few rows) is replayed in Python and compared as in the walk.

What the walk reads from the whole parsed content, the fast path reads from SQLite's extraction of
the same paths. They differ only for content no Lineside writes (a key stated twice: SQLite reads
the first, Python the last), which a forged row with a recomputed hash could hold; the chain, the
receipts and ``--upstream`` find forged rows as before ("What verify can and cannot see").
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from app.domain import parts as shared
from app.domain.canonical import GENESIS
from app.store import projection

HEADER = ("key", "station", "kind", "recorded_at", "corrects")
# The paths of an assembly or correction the projector reads (genealogy.assembly_rows).
RECORD_PATHS = (
    "$.unit.serial",
    "$.unit.di",
    "$.product",
    "$.work_order",
    "$.step",
    "$.line",
    "$.operator.badge",
    "$.operator.user_id",
    "$.operator.name",
    "$.verdict.status",
    "$.components",
    "$.environment",
)
_HEADER_PATHS = ", ".join(f"'$.{name}'" for name in (*HEADER, "master"))
_RECORD_PATHS = ", ".join(f"'{path}'" for path in RECORD_PATHS)
_EXTRACT = (
    f"CASE WHEN kind IN ({', '.join(repr(k) for k in sorted(shared.KINDS))}) "
    f"THEN json_extract(content, {_HEADER_PATHS}, {_RECORD_PATHS}) "
    f"ELSE json_extract(content, {_HEADER_PATHS}) END"
)

PROGRESS_EVERY = 20_000


@dataclass(frozen=True)
class Walked:
    """The bulk walk found every check holding."""

    rows: int
    stations: int


def selection(station: str | None, first: int | None, last: int | None) -> tuple[str, list[Any]]:
    """The WHERE clause on journal and its parameters for a walk's rows."""
    where = "seq >= ? AND seq <= ?"
    params: list[Any] = [first or 0, last if last is not None else 2**62]
    if station is not None:
        where += " AND station = ?"
        params.append(station)
    return where, params


def stored_parts(conn: sqlite3.Connection) -> dict[str, dict[str, Any]] | None:
    """Every shared part by hash, each re-hashed; None when one does not match its hash."""
    stored: dict[str, dict[str, Any]] = {}
    for digest, text in conn.execute("SELECT hash, content FROM shared_parts"):
        if shared.part_hash(text) != digest:
            return None
        stored[digest] = json.loads(text)
    return stored


def walk(
    conn: sqlite3.Connection,
    heads: dict[str, str],
    times: dict[str, str],
    *,
    station: str | None = None,
    first: int | None = None,
    last: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    every: int = PROGRESS_EVERY,
) -> Walked | None:
    """Every check of the row-by-row walk, in bulk; None when one of them might not hold (the
    caller then runs the walk to name it). The anchors are the caller's.

    ``heads`` and ``times`` give each station's chain head and time before ``first`` (a range
    resumes there). A whole walk (no station, no range) also compares the projected tables.
    """
    whole = station is None and first is None and last is None
    where, params = selection(station, first, last)
    try:
        stored = stored_parts(conn)
        if stored is None:
            return None
        total = 0
        if progress is not None:
            total = int(
                conn.execute(f"SELECT count(*) FROM journal WHERE {where}", params).fetchone()[0]
            )
        tables = _Tables(conn) if whole else None
        walked = _rows(conn, where, params, heads, times, stored, tables, progress, every, total)
        if walked is None:
            return None
        n, masters = walked
        if progress is not None:
            progress(n, total)
        if tables is not None and not (tables.finished() and _master(conn, masters)):
            return None
    except (sqlite3.Error, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None  # the walk names what is wrong
    return Walked(n, len(heads) if station is None else 1)


class _Tables:
    """The projected genealogy tables read in storage order, compared row by row."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.readers: dict[str, Iterator[tuple[Any, ...]]] = {
            p.table: iter(
                conn.execute(f"SELECT {', '.join(p.columns)} FROM {p.table} ORDER BY rowid")
            )
            for p in projection.PROJECTIONS
            if p.table != "supersessions"
        }
        self.supersessions: Counter[tuple[Any, ...]] = Counter(
            conn.execute("SELECT old_key, new_key FROM supersessions")
        )
        self.expected_supersessions: Counter[tuple[Any, ...]] = Counter()

    def agree(self, kind: str, content: dict[str, Any]) -> bool:
        """Whether the tables' next rows are the rows the projector gives for this record."""
        for p in projection.PROJECTIONS:
            if kind not in p.kinds:
                continue
            rows = p.rows(content)
            if p.table == "supersessions":
                self.expected_supersessions.update(rows)
                continue
            reader = self.readers[p.table]
            for row in rows:
                if next(reader, None) != row:
                    return False
        return True

    def finished(self) -> bool:
        """Whether no table holds a row beyond the journal's, and supersessions agree."""
        return all(next(r, None) is None for r in self.readers.values()) and dict.__eq__(
            self.supersessions, self.expected_supersessions
        )


def _rows(
    conn: sqlite3.Connection,
    where: str,
    params: list[Any],
    heads: dict[str, str],
    times: dict[str, str],
    stored: dict[str, dict[str, Any]],
    tables: _Tables | None,
    progress: Callable[[int, int], None] | None,
    every: int,
    total: int,
) -> tuple[int, list[Any]] | None:
    """Hashes, links, headers, times and references of every selected row, and the tables'
    genealogy; the number of rows and the master-data lists in order (None when a check fails)."""
    sql = (
        "SELECT seq, station, recorded_at, prev_hash, hash, CAST(content || prev_hash AS BLOB), "
        f"key, kind, corrects, {_EXTRACT} FROM journal WHERE {where} ORDER BY seq"
    )
    sha256 = hashlib.sha256
    loads = json.loads
    expand = shared.expand
    kinds = shared.KINDS

    def part(digest: str) -> dict[str, Any]:
        if digest not in stored:
            raise shared.PartError(digest)
        return stored[digest]

    masters: list[Any] = []
    n = 0
    for seq, station, at, prev, digest, text, key, kind, corrects, extracted in conn.execute(
        sql, params
    ):
        n += 1
        if progress is not None and n % every == 0:
            progress(n, total)
        if heads.get(station, GENESIS) != prev or sha256(text).hexdigest() != digest:
            return None
        values = loads(extracted)
        if values[:5] != [key, station, kind, at, corrects]:
            return None
        before = times.get(station)
        if before is not None and at < before and not _clock_finding(conn, seq):
            return None
        times[station] = at
        heads[station] = digest
        if values[5]:
            masters.append(values[5])
        if kind in kinds:
            (serial, di, product, work_order, step, line, badge, user_id, name, status,
             components, environment) = values[6:]  # fmt: skip
            content = expand(
                {
                    "key": key,
                    "station": station,
                    "recorded_at": at,
                    "corrects": corrects,
                    "unit": {"serial": serial, "di": di},
                    "product": product,
                    "work_order": work_order,
                    "step": step,
                    "line": line,
                    "operator": {"badge": badge, "user_id": user_id, "name": name},
                    "verdict": {"status": status},
                    "components": components,
                    "environment": environment,
                },
                part,
            )
            if tables is not None and not tables.agree(kind, content):
                return None
    return n, masters


def _clock_finding(conn: sqlite3.Connection, seq: int) -> bool:
    """Whether the row carries a clock finding (an object), as a row going backwards must."""
    (content,) = conn.execute("SELECT content FROM journal WHERE seq = ?", (seq,)).fetchone()
    data = json.loads(content)
    return isinstance(data, dict) and isinstance(data.get("clock"), dict)


def _master(conn: sqlite3.Connection, masters: list[Any]) -> bool:
    """Whether every master table equals the replay of the journal's master-data lists."""
    replay = projection.Replay()
    for changes in masters:
        for change in changes:
            replay.add_master(change)
    return all(
        projection.compare_master(conn, table, state) is None
        for table, state in replay.master.items()
    )
