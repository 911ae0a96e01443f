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

import dataclasses
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from itertools import chain
from pathlib import Path
from typing import IO, Any

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
_GENEALOGY = f"kind IN ({', '.join(repr(k) for k in sorted(shared.KINDS))})"
_EXTRACT = (
    f"CASE WHEN {_GENEALOGY} "
    f"THEN json_extract(content, {_HEADER_PATHS}, {_RECORD_PATHS}) "
    f"ELSE json_extract(content, {_HEADER_PATHS}) END"
)

PROGRESS_EVERY = 20_000


@dataclasses.dataclass(frozen=True)
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
    processes: int = 1,
) -> Walked | None:
    """Every check of the row-by-row walk, in bulk; None when one of them might not hold (the
    caller then runs the walk to name it). The anchors are the caller's.

    ``heads`` and ``times`` give each station's chain head and time before ``first`` (a range
    resumes there). A whole walk (no station, no range) also compares the projected tables;
    with ``processes`` 2 and :data:`PARALLEL_ROWS` rows or more, in two processes.
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
        if whole and processes > 1:
            split = _split(conn)
            if split is not None:
                walked_in_two = _walk_in_two(conn, split, stored, progress, every, total)
                if walked_in_two is not None:
                    return walked_in_two
                # not sure, or the second process could not run: one process decides
        tables = _Tables(conn) if whole else None
        masters = _Masters("replay" if whole else "drop")
        n = _rows(
            conn, where, params, heads, times, stored, tables, masters, progress, every, total
        )
        if n is None:
            return None
        if progress is not None:
            progress(n, total)
        if tables is not None and not (tables.finished() and masters.agree(conn)):
            return None
    except (sqlite3.Error, OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None  # the walk names what is wrong
    return Walked(n, len(heads) if station is None else 1)


# Below this many rows a second process costs more to start than it saves. Two processes split
# the CPU time evenly but gain nothing on a machine with no idle core (see benchmarks/README.md):
# they are asked for (``verify --processes 2``), not the default.
PARALLEL_ROWS = 50_000
_LOWEST, _HIGHEST = -(2**63), 2**63 - 1


@dataclasses.dataclass(frozen=True)
class _Split:
    """Where a whole walk is cut in two: the journal at ``mid`` (the first assembly or correction
    of the second half) and the tables at that record's rows (every rowid below goes to the first
    half, every one from there to the newest to the second, so the halves cover them all)."""

    path: str
    mid: int
    last: int
    assemblies: tuple[int, int]
    components: tuple[int, int]


def _split(conn: sqlite3.Connection) -> _Split | None:
    """The cut of the journal and the tables in two halves; None for a small or odd one."""
    low, high = conn.execute("SELECT min(seq), max(seq) FROM journal").fetchone()
    if low is None or high - low < PARALLEL_ROWS:
        return None
    if getattr(sys, "frozen", False):
        return None  # a bundled build has no interpreter to start: one process
    files = [f for _, name, f in conn.execute("PRAGMA database_list") if name == "main"]
    if not files or not files[0]:
        return None  # an in-memory database: one process
    row = conn.execute(
        f"SELECT seq, key FROM journal WHERE seq >= ? AND {_GENEALOGY} ORDER BY seq LIMIT 1",
        ((low + high) // 2,),
    ).fetchone()
    if row is None:
        return None
    mid, key = row
    found = conn.execute(
        "SELECT a.rowid, (SELECT min(c.rowid) FROM components c WHERE c.unit_serial = "
        "a.unit_serial AND c.record_key = a.record_key), (SELECT max(rowid) FROM assemblies), "
        "(SELECT max(rowid) FROM components) FROM assemblies a WHERE a.record_key = ?",
        (key,),
    ).fetchone()
    if found is None or None in found:
        return None  # the tables do not follow the journal there: the single walk decides
    a, c, a_last, c_last = found
    return _Split(files[0], mid, high, (a, a_last), (c, c_last))


def _walk_in_two(
    conn: sqlite3.Connection,
    split: _Split,
    stored: dict[str, dict[str, Any]],
    progress: Callable[[int, int], None] | None,
    every: int,
    total: int,
) -> Walked | None:
    """The whole walk with its second half in another process (two cores, twice the speed).

    The child is a fresh interpreter running :func:`second_half_main` (not multiprocessing,
    which would import the caller's main module again, or fork a process that may run Qt)."""
    heads, times = resume(conn, split.mid)
    child = subprocess.Popen(
        [sys.executable, "-c", "from app.store.verify_fast import second_half_main as m; m()"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},  # this very app
    )
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write(json.dumps([dataclasses.astuple(split), heads, times, every]).encode())
    child.stdin.close()
    done = [0]
    answer: list[Any] = [None]

    def listen(out: IO[bytes]) -> None:
        for line in out:
            if line.startswith(b"P "):
                done[0] = int(line[2:])
            elif line.startswith(b"R "):
                answer[0] = json.loads(line[2:])

    listener = threading.Thread(target=listen, args=(child.stdout,), daemon=True)
    listener.start()
    intact = False
    try:
        mine: dict[str, str] = {}
        my_times: dict[str, str] = {}
        tables = _Tables(conn, (_LOWEST, split.assemblies[0] - 1, _LOWEST, split.components[0] - 1))
        report = None if progress is None else (lambda n, _t: progress(n + done[0], total))
        masters = _Masters("replay")
        walked = _rows(
            conn, *selection(None, None, split.mid - 1), mine, my_times, stored, tables,
            masters, report, every, total,
        )  # fmt: skip
        # The halves meet: the first ends on the rows the second resumed from.
        intact = walked is not None and tables.exhausted() and (mine, my_times) == (heads, times)
    finally:
        if not intact:
            child.kill()  # no need to wait for the second half
        child.wait()
        listener.join()
        child.stdout.close()
    theirs = answer[0]
    if walked is None or theirs is None or not intact:
        return None
    n = walked
    their_n, their_masters, their_heads, supersessions = theirs
    for changes in their_masters:  # the second half's, after the first's
        masters.add(changes)
    if progress is not None:
        progress(n + their_n, total)
    expected = tables.expected_supersessions + Counter(
        {(old, new): count for (old, new), count in supersessions}
    )
    found = Counter(conn.execute("SELECT old_key, new_key FROM supersessions"))
    if not dict.__eq__(found, expected) or not masters.agree(conn):
        return None
    return Walked(n + their_n, len(their_heads))


def second_half_main() -> None:
    """The child process: reads [split, heads, times, every] as JSON on stdin, walks the journal
    from ``split.mid`` and the tables from the cut, and writes its progress ("P n") and its
    answer ("R " and the result as JSON, null when not sure) on stdout."""
    out = sys.stdout.buffer
    result: Any = None
    try:
        fields, heads, times, every = json.loads(sys.stdin.buffer.read())
        path, mid, last, assemblies, components = fields
        split = _Split(path, mid, last, tuple(assemblies), tuple(components))
        uri = f"{Path(split.path).resolve().as_uri()}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, isolation_level=None)
        try:
            stored = stored_parts(conn)
            if stored is not None:
                tables = _Tables(conn, (*split.assemblies, *split.components))

                def report(n: int, _total: int) -> None:
                    out.write(b"P %d\n" % n)
                    out.flush()

                masters = _Masters("keep")
                walked = _rows(
                    conn, *selection(None, split.mid, split.last), heads, times, stored, tables,
                    masters, report, every, 0,
                )  # fmt: skip
                if walked is not None and tables.exhausted():
                    supersessions = list(tables.expected_supersessions.items())
                    result = (walked, masters.kept, heads, supersessions)
        finally:
            conn.close()
    except Exception:  # any failure only means "not sure": the walk decides
        result = None
    out.write(b"R " + json.dumps(result).encode() + b"\n")
    out.flush()


def resume(conn: sqlite3.Connection, first: int | None) -> tuple[dict[str, str], dict[str, str]]:
    """Each station's chain head and time before ``first``: where a range's chains resume."""
    heads: dict[str, str] = {}
    times: dict[str, str] = {}
    if first is not None:
        for st, h, at in conn.execute(
            "SELECT j.station, j.hash, j.recorded_at FROM journal j JOIN (SELECT station, "
            "max(seq) AS s FROM journal WHERE seq < ? GROUP BY station) p ON j.seq = p.s",
            (first,),
        ):
            heads[st], times[st] = h, at
    return heads, times


class _Tables:
    """The projected genealogy tables read in storage order, compared row by row."""

    def __init__(
        self, conn: sqlite3.Connection, bounds: tuple[int, int, int, int] | None = None
    ) -> None:
        """``bounds``: only assemblies and components with rowids in these inclusive ranges
        (assemblies from, to, components from, to); supersessions are then the caller's."""
        where = "rowid BETWEEN ? AND ?" if bounds else "1"
        a = bounds[:2] if bounds else ()
        c = bounds[2:] if bounds else ()
        columns = {p.table: ", ".join(p.columns) for p in projection.PROJECTIONS}
        self.assemblies = _read(
            conn, f"SELECT {columns['assemblies']} FROM assemblies WHERE {where} ORDER BY rowid", a
        )
        self.components = _read(
            conn, f"SELECT {columns['components']} FROM components WHERE {where} ORDER BY rowid", c
        )
        self.readers: dict[str, Iterator[tuple[Any, ...]]] = {
            "assemblies": self.assemblies,
            "components": self.components,
        }
        self.supersessions: Counter[tuple[Any, ...]] = Counter(
            () if bounds else conn.execute("SELECT old_key, new_key FROM supersessions")
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

    def agree_rows(
        self, assembly: tuple[Any, ...], components: list[tuple[Any, ...]], corrects: Any, key: str
    ) -> bool:
        """:meth:`agree` for rows derived by :class:`_Derive` (the projector's values)."""
        if next(self.assemblies, None) != assembly:
            return False
        reader = self.components
        for row in components:
            if next(reader, None) != row:
                return False
        if corrects:
            self.expected_supersessions[(corrects, key)] += 1
        return True

    def exhausted(self) -> bool:
        """Whether no table holds a row beyond the journal's."""
        return all(next(r, None) is None for r in self.readers.values())

    def finished(self) -> bool:
        """Whether no table holds a row beyond the journal's, and supersessions agree."""
        return self.exhausted() and dict.__eq__(self.supersessions, self.expected_supersessions)


def _read(
    conn: sqlite3.Connection, sql: str, params: tuple[int, ...] = ()
) -> Iterator[tuple[Any, ...]]:
    """A table's rows, fetched many at a time."""
    cursor = conn.execute(sql, params)
    return chain.from_iterable(iter(lambda: cursor.fetchmany(2_000), []))


_encode_str = json.encoder.encode_basestring  # what canonical_json writes a string with
_INFINITY = float("inf")


def _scalar(value: Any) -> str | None:
    """A plain value as canonical_json writes it; None for anything else."""
    t = type(value)
    if t is str:
        return str(_encode_str(value))
    if t is float:
        return None if value != value or value in (_INFINITY, -_INFINITY) else float.__repr__(value)
    if t is int:
        return int.__repr__(value)
    if value is None:
        return "null"
    if t is bool:
        return "true" if value else "false"
    return None


class _Part:
    """What the projector takes from one shared part, worked out once."""

    __slots__ = ("component", "has_id", "keys", "reading")

    def __init__(self, values: dict[str, Any]) -> None:
        self.keys = frozenset(values)
        self.has_id = "id" in values
        cert = values.get("certificate") or {}
        # (kind, part_number, quantity, certificate id, type, revision), as assembly_rows reads
        self.component: tuple[Any, ...] | None = None
        if isinstance(cert, dict) and {"kind", "part_number", "quantity"} <= self.keys:
            self.component = (
                values.get("id"),
                values["kind"],
                values["part_number"],
                values["quantity"],
                cert.get("id"),
                cert.get("type"),
                cert.get("revision"),
            )
        # environment_summary's values from the part, or None when the part states a value a
        # reading carries itself (expand() would refuse or merge it: left to the generic path)
        self.reading: tuple[str, ...] | None = None
        if not self.keys & READING_OWN:
            texts = [_scalar(values.get(k)) for k in ("calibration", "instrument", "quantity")]
            unit = _scalar(values.get("unit"))
            if None not in texts and unit is not None:
                self.reading = (
                    f'{{"calibration":{texts[0]},"instrument":{texts[1]},"quantity":{texts[2]},'
                    '"status":',
                    f',"unit":{unit},"value":',
                )


READING_OWN = frozenset({"value", "read_at", "age_s", "status"})
UNIT_OWN = frozenset({"$ref", "id", "scan"})


class _Derive:
    """The projector's rows of a record in the shapes Lineside writes (references to parts),
    without copying each part into the record; None for any other shape (the generic path,
    expand() and genealogy.assembly_rows, then decides)."""

    def __init__(self, stored: dict[str, dict[str, Any]]) -> None:
        self.stored = stored
        self.parts: dict[str, _Part] = {}

    def part(self, ref: Any) -> _Part | None:
        """The part a reference names (by its whole text), or None for a malformed or
        missing one."""
        found = self.parts.get(ref) if type(ref) is str else None
        if found is None and type(ref) is str and ref.startswith(shared.PREFIX):
            digest = ref[len(shared.PREFIX) :]
            if digest in self.stored:
                found = self.parts[ref] = _Part(self.stored[digest])
        return found

    def rows(
        self, key: str, station: str, at: str, values: list[Any]
    ) -> tuple[tuple[Any, ...], list[tuple[Any, ...]]] | None:
        (serial, di, product, work_order, step, line, badge, user_id, name, status,
         components, environment) = values  # fmt: skip
        if type(components) is not list or type(environment) is not list:
            return None
        rows = []
        for entry in components:
            if type(entry) is not dict or shared.REF not in entry:
                return None
            part = self.part(entry[shared.REF])
            if part is None or part.component is None:
                return None
            if len(entry) == 1:
                if not part.has_id:
                    return None
                component = part.component[0]
            elif entry.keys() == UNIT_OWN and "id" not in part.keys and "scan" not in part.keys:
                component = entry["id"]
            else:
                return None
            _, kind, number, quantity, cert, cert_type, revision = part.component
            rows.append((key, number, serial, component, kind, quantity, cert, cert_type, revision))
        readings = []
        for entry in environment:
            if type(entry) is not dict or shared.REF not in entry:
                return None
            part = self.part(entry[shared.REF])
            if (
                part is None
                or part.reading is None
                or not entry.keys() - {shared.REF} <= READING_OWN
            ):
                return None
            state, value = _scalar(entry.get("status")), _scalar(entry.get("value"))
            if state is None or value is None:
                return None
            readings.append(f"{part.reading[0]}{state}{part.reading[1]}{value}}}")
        assembly = (
            key,
            serial,
            di,
            product,
            work_order,
            step,
            station,
            line,
            badge or user_id,
            name,
            at,
            status,
            f"[{','.join(readings)}]",
        )
        return assembly, rows


def _rows(
    conn: sqlite3.Connection,
    where: str,
    params: list[Any],
    heads: dict[str, str],
    times: dict[str, str],
    stored: dict[str, dict[str, Any]],
    tables: _Tables | None,
    masters: _Masters,
    progress: Callable[[int, int], None] | None,
    every: int,
    total: int,
) -> int | None:
    """Hashes, links, headers, times and references of every selected row, and the tables'
    genealogy, handing each master-data list to ``masters`` in order; the number of rows (None
    when a check fails)."""
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

    derive = _Derive(stored)
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
            masters.add(values[5])
        if kind in kinds:
            derived = derive.rows(key, station, at, values[6:])
            if derived is not None:
                if tables is not None and not tables.agree_rows(*derived, corrects, key):
                    return None
                continue
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
    return n


def _clock_finding(conn: sqlite3.Connection, seq: int) -> bool:
    """Whether the row carries a clock finding (an object), as a row going backwards must."""
    (content,) = conn.execute("SELECT content FROM journal WHERE seq = ?", (seq,)).fetchone()
    data = json.loads(content)
    return isinstance(data, dict) and isinstance(data.get("clock"), dict)


class _Masters:
    """The master-data lists of the rows walked, in journal order: replayed as they come (memory
    bounded by the master tables' state, not by the journal's history: a year of daily lot and
    certificate rows held as lists took 2 GB at 1,000,000 units), kept to be sent on (the second
    half's process), or dropped (a walk of a station or a range compares no tables)."""

    def __init__(self, mode: str) -> None:
        self.replay = projection.Replay() if mode == "replay" else None
        self.kept: list[Any] | None = [] if mode == "keep" else None

    def add(self, changes: list[Any]) -> None:
        """One row's master-data list."""
        if self.replay is not None:
            for change in changes:
                self.replay.add_master(change)
        elif self.kept is not None:
            self.kept.append(changes)

    def agree(self, conn: sqlite3.Connection) -> bool:
        """Whether every master table equals the replay of the lists."""
        assert self.replay is not None
        return all(
            projection.compare_master(conn, table, state) is None
            for table, state in self.replay.master.items()
        )
