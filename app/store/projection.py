"""The projector: the tables that answer questions, derived from journal rows.

Each :class:`Projection` says which journal kinds feed a table and which rows one record gives.
:func:`apply` writes a row's projections in the journal row's own write transaction (it is the
only writer of these tables), and :class:`Replay` rebuilds them from the journal in memory so
``verify`` can compare them with the tables and name the first difference.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.store import genealogy

Row = tuple[Any, ...]


@dataclass(frozen=True)
class Projection:
    """A table derived from journal rows.

    Attributes:
        table: the table's name.
        columns: its columns, in the order :attr:`rows` gives values.
        key: how many leading columns identify a row (rows sharing a key compare as a sorted list).
        kinds: the journal kinds that feed it.
        rows: the rows one record's content gives.
    """

    table: str
    columns: tuple[str, ...]
    key: int
    kinds: frozenset[str]
    rows: Callable[[dict[str, Any]], list[Row]]

    @property
    def insert_sql(self) -> str:
        """The INSERT statement of one row."""
        return (
            f"INSERT INTO {self.table} ({', '.join(self.columns)}) "
            f"VALUES ({', '.join('?' * len(self.columns))})"
        )

    def key_of(self, row: Row) -> Row:
        """The identifying part of a row."""
        return row[: self.key]


GENEALOGY_KINDS = frozenset({"assembly", "correction"})

ASSEMBLY_COLUMNS = (
    "record_key",
    "unit_serial",
    "di",
    "product",
    "work_order",
    "step",
    "station",
    "line",
    "operator",
    "operator_name",
    "recorded_at",
    "status",
    "environment",
)
# Components are keyed by record and part, so a swapped lot shows as a changed value of its row.
COMPONENT_COLUMNS = (
    "record_key",
    "part_number",
    "unit_serial",
    "component",
    "kind",
    "quantity",
    "certificate",
    "certificate_type",
    "certificate_revision",
)


_last: list[Any] = [None, None]  # the newest content and its genealogy rows (one parse per record)


def _genealogy(content: dict[str, Any]) -> tuple[Row, list[Row]]:
    if _last[0] is not content:
        _last[0], _last[1] = content, genealogy.assembly_rows(content)
    result: tuple[Row, list[Row]] = _last[1]
    return result


def _assembly(content: dict[str, Any]) -> list[Row]:
    return [_genealogy(content)[0]]


def _components(content: dict[str, Any]) -> list[Row]:
    # genealogy.assembly_rows gives (record_key, unit, component, kind, part_number, ...).
    return [(c[0], c[4], c[1], c[2], c[3], c[5], c[6], c[7], c[8]) for c in _genealogy(content)[1]]


def _supersessions(content: dict[str, Any]) -> list[Row]:
    return [(content["corrects"], content["key"])] if content.get("corrects") else []


PROJECTIONS: tuple[Projection, ...] = (
    Projection("assemblies", ASSEMBLY_COLUMNS, 1, GENEALOGY_KINDS, _assembly),
    Projection("components", COMPONENT_COLUMNS, 2, GENEALOGY_KINDS, _components),
    Projection("supersessions", ("old_key", "new_key"), 1, GENEALOGY_KINDS, _supersessions),
)


# The master tables (written through app.store.masterdata_write) and the columns that identify a row.
MASTER_KEYS: dict[str, tuple[str, ...]] = {
    "lines": ("id",),
    "suppliers": ("id",),
    "parts": ("part_number",),
    "steps": ("product", "code"),
    "bom": ("product", "step", "part_number"),
    "work_orders": ("id",),
    "stations": ("id",),
    "users": ("id",),
    "lots": ("id",),
    "certificates": ("id",),
    "devices": ("di",),
    "supplier_parts": ("supplier_id", "supplier_part"),
    "supplier_packages": ("supplier_id", "package_id"),
    "instruments": ("id",),
    "calibrations": ("id",),
    "profile_specs": ("name", "revision"),
    "profiles": ("id",),
    "profile_boards": ("profile_id", "serial"),
    "part_specs": ("part_number",),
    "certificate_details": ("certificate_id",),
    "certificate_decisions": ("certificate_id",),
    "lot_receipts": ("id",),
    "lot_movements": ("id",),
    "msd_events": ("id",),
    "work_instructions": ("product", "step", "position"),
}

# Columns a journal row states by their SHA-256 digest, not by value: a profile's samples (a float64
# blob) and the users' password and PIN hashes (the chain, which reaches the plant and every
# reviewer, then holds nothing a password could be guessed from; the hash itself stays in the
# station's users table). The writer hands the projector the values with the row; ``verify``
# compares the table's values with the row by their digests.
DIGESTED: dict[str, frozenset[str]] = {
    "profiles": frozenset({"samples"}),
    "users": frozenset({"password_hash", "pin_hash"}),
}
DIGEST_PREFIX = "sha256:"


def digest(value: Any) -> str | None:
    """``sha256:<hex>`` of a value (bytes as they are, anything else as UTF-8 text); None stays."""
    if value is None:
        return None
    data = value if isinstance(value, bytes) else str(value).encode("utf-8")
    return DIGEST_PREFIX + hashlib.sha256(data).hexdigest()


def is_digest(value: Any) -> bool:
    """Whether a stated value is a digest (rows written before digests state the value itself)."""
    return (
        isinstance(value, str)
        and value.startswith(DIGEST_PREFIX)
        and len(value) == len(DIGEST_PREFIX) + 64
    )


def stated_row(table: str, row: dict[str, Any] | None) -> dict[str, Any] | None:
    """A table row as a journal row states it: digested columns by their digest."""
    if row is None:
        return None
    hidden = DIGESTED.get(table, frozenset())
    return {k: digest(v) if k in hidden else v for k, v in row.items()}


def apply(
    conn: sqlite3.Connection,
    kind: str,
    content: dict[str, Any],
    values: Sequence[dict[str, Any] | None] | None = None,
) -> None:
    """Writes the projections of one journal row. Call in the row's write transaction.

    Args:
        values: the new rows of the row's ``master`` list as the tables hold them (the values of
            :data:`DIGESTED` columns the row states by digest), in the list's order.
    """
    for p in PROJECTIONS:
        if kind in p.kinds:
            conn.executemany(p.insert_sql, p.rows(content))
    for i, change in enumerate(content.get("master") or ()):
        apply_master(conn, change, values[i] if values is not None else None)


def apply_master(
    conn: sqlite3.Connection, change: dict[str, Any], actual: dict[str, Any] | None = None
) -> None:
    """Applies one master-data change as a journal row states it (table, key, old, new).

    Raises:
        ValueError: the row states a column by digest and ``actual`` does not give a value with
            that digest.
    """
    table = change["table"]
    keys = MASTER_KEYS[table]
    new = change["new"]
    if new is None:
        conn.execute(
            f"DELETE FROM {table} WHERE {' AND '.join(f'{k} = ?' for k in keys)}",
            [change["key"][k] for k in keys],
        )
        return
    new = dict(new)
    for column in DIGESTED.get(table, frozenset()) & new.keys():
        if not is_digest(new[column]):
            continue  # a row written before digests states the value itself
        value = None if actual is None else actual.get(column)
        if digest(value) != new[column]:
            raise ValueError(
                f"the row states {table}.{column} by its digest; the value given with it "
                "does not match"
            )
        new[column] = value
    names = list(new)
    updates = [c for c in names if c not in keys]
    conn.execute(
        f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))}) "
        f"ON CONFLICT ({', '.join(keys)}) DO "
        + (
            f"UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in updates)}"
            if updates
            else "NOTHING"
        ),
        [new[c] for c in names],
    )


def apply_many(conn: sqlite3.Connection, records: Iterable[tuple[str, dict[str, Any]]]) -> None:
    """Writes the projections of many (kind, content) rows at once (bulk loads)."""
    pending: dict[str, list[Row]] = {p.table: [] for p in PROJECTIONS}
    for kind, content in records:
        for p in PROJECTIONS:
            if kind in p.kinds:
                pending[p.table].extend(p.rows(content))
    for p in PROJECTIONS:
        conn.executemany(p.insert_sql, pending[p.table])


@dataclass(frozen=True)
class Difference:
    """The first place a table differs from its replay of the journal."""

    table: str
    key: Row
    column: str | None
    expected: Any
    found: Any

    def describe(self) -> str:
        """One sentence naming table, key, column and both values."""
        key = ", ".join(str(k) for k in self.key)
        if self.column is None:
            if self.found is None:
                return (
                    f"table {self.table}, row ({key}): the journal gives this row but the table "
                    "does not have it: it was deleted"
                )
            return (
                f"table {self.table}, row ({key}): the table has this row but no journal row "
                "gives it: it was inserted, or its journal row was deleted"
            )
        return (
            f"table {self.table}, row ({key}), column {self.column}: the journal gives "
            f"{self.expected!r} but the table holds {self.found!r}: it was altered"
        )


@dataclass
class Replay:
    """Fresh projections rebuilt in memory from journal rows, to compare with the tables."""

    expected: dict[str, list[Row]] = field(
        default_factory=lambda: {p.table: [] for p in PROJECTIONS}
    )
    master: dict[str, dict[Row, dict[str, Any]]] = field(
        default_factory=lambda: {t: {} for t in MASTER_KEYS}
    )

    def add(self, kind: str, content: dict[str, Any]) -> None:
        """Projects one journal row into the replay."""
        for p in PROJECTIONS:
            if kind in p.kinds:
                self.expected[p.table].extend(p.rows(content))
        for change in content.get("master") or ():
            self.add_master(change)

    def add_master(self, change: dict[str, Any]) -> None:
        """Applies one master-data change (table, key, old, new) of a journal row's list."""
        state = self.master[change["table"]]
        key = tuple(change["key"][k] for k in MASTER_KEYS[change["table"]])
        if change["new"] is None:
            state.pop(key, None)
        else:
            state[key] = change["new"]

    def first_difference(self, conn: sqlite3.Connection) -> Difference | None:
        """Compares every projected table with the replay; the first difference, or None."""
        for p in PROJECTIONS:
            sql = f"SELECT {', '.join(p.columns)} FROM {p.table}"
            # The usual case, equal multisets of rows, is decided at C speed.
            # (dict's own equality: Counter's would compare element by element in Python)
            if dict.__eq__(Counter(conn.execute(sql)), Counter(self.expected[p.table])):
                continue
            expected: dict[Row, list[Row]] = {}
            for row in self.expected[p.table]:
                expected.setdefault(p.key_of(row), []).append(row)
            found: dict[Row, list[Row]] = {}
            for row in conn.execute(sql):
                found.setdefault(p.key_of(row), []).append(tuple(row))
            for key in sorted(expected.keys() | found.keys(), key=_sort_key):
                difference = _compare_key(p, key, expected.get(key, []), found.get(key, []))
                if difference is not None:
                    return difference
        for table, state in self.master.items():
            difference = compare_master(conn, table, state)
            if difference is not None:
                return difference
        return None


def table_defaults(conn: sqlite3.Connection, table: str) -> dict[str, Any]:
    """Each column's default value (None where it has none), as SQLite fills it in."""
    out: dict[str, Any] = {}
    for _cid, name, _type, _notnull, default, _pk in conn.execute(f"PRAGMA table_info({table})"):
        out[name] = conn.execute(f"SELECT {default}").fetchone()[0] if default is not None else None
    return out


def compare_master(
    conn: sqlite3.Connection, table: str, state: dict[Row, dict[str, Any]]
) -> Difference | None:
    """The first difference between a master table and its replayed state, or None."""
    keys = MASTER_KEYS[table]
    # A column added after a row was journalled holds its default there, as ALTER TABLE filled it.
    filled = table_defaults(conn, table)
    names = list(filled)
    hidden = DIGESTED.get(table, frozenset())
    cur = conn.execute(f"SELECT {', '.join(names)} FROM {table}")
    found = {}
    for r in cur:
        row = dict(zip(names, r, strict=True))
        for column in hidden:
            row[column] = digest(row[column])
        found[tuple(row[k] for k in keys)] = row
    expected = {}
    for key, stated in state.items():
        row = {n: stated.get(n, filled[n]) for n in names}
        for column in hidden:
            if not is_digest(row[column]):
                row[column] = digest(row[column])
        expected[key] = row
    if found == expected:
        return None
    for key in sorted(expected.keys() | found.keys(), key=_sort_key):
        want, have = expected.get(key), found.get(key)
        if have is None:
            return Difference(table, key, None, want, None)
        if want is None:
            return Difference(table, key, None, None, have)
        for name in names:
            if want[name] != have[name]:
                return Difference(table, key, name, want[name], have[name])
    return None


def _sort_key(key: Row) -> tuple[str, ...]:
    return tuple("" if k is None else str(k) for k in key)


def _compare_key(p: Projection, key: Row, want: list[Row], have: list[Row]) -> Difference | None:
    want = sorted(want, key=_sort_key)
    have = sorted(have, key=_sort_key)
    for w, h in zip(want, have, strict=False):
        for name, a, b in zip(p.columns, w, h, strict=True):
            if a != b:
                return Difference(p.table, key, name, a, b)
    if len(want) > len(have):
        return Difference(p.table, key, None, want[len(have)], None)
    if len(have) > len(want):
        return Difference(p.table, key, None, None, have[len(want)])
    return None
