"""The supervisor's shift log: filtered, sorted pages of assembly records by keyset.

The shift log is paged by keyset (the sort value, the time and the row id of the last row shown),
so the next page costs the same on the millionth row as on the first.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from app.capture.shifts import Shift
from app.domain.clock import iso_ms

PAGE_SIZE = 200


class SortColumn(StrEnum):
    """Columns the shift log can be sorted by (each backed by an index ending in recorded_at)."""

    TIME = "recorded_at"
    UNIT = "unit_serial"
    STATION = "station"
    OPERATOR = "operator_name"
    WORK_ORDER = "work_order"
    STATUS = "status"
    LINE = "line"


@dataclass(frozen=True)
class LogFilter:
    """What the shift log shows; ``None`` means any."""

    line: str | None = None
    station: str | None = None
    shift: Shift | None = None
    operator: str | None = None  # badge or user id, as in ``assemblies.operator``
    work_order: str | None = None
    status: str | None = None  # accepted, flagged
    descending: bool = False
    sort: SortColumn = SortColumn.TIME

    def where(self) -> tuple[list[str], list[Any]]:
        """SQL conditions on ``assemblies a`` and their parameters.

        Without a shift, a sort other than time reads the sort column's index in order and
        filters as it goes (``+column`` keeps SQLite from sorting every match instead): a page
        then costs about ``page size / share of matching rows`` index steps at any database
        size. Within a shift the time index bounds the work to the shift's records.
        """
        terms: list[str] = []
        params: list[Any] = []
        walk_sort_index = self.shift is None and SortColumn(self.sort) is not SortColumn.TIME
        for column, value in (
            ("line", self.line),
            ("station", self.station),
            ("operator", self.operator),
            ("work_order", self.work_order),
            ("status", self.status),
        ):
            if value:
                unary = "+" if walk_sort_index and column != SortColumn(self.sort).value else ""
                terms.append(f"{unary}a.{column} = ?")
                params.append(value)
        if self.shift is not None:
            terms.append("a.recorded_at >= ? AND a.recorded_at < ?")
            params += [iso_ms(self.shift.start), iso_ms(self.shift.end)]
        return terms, params


@dataclass(frozen=True)
class LogRow:
    """One record in the shift log."""

    key: str
    recorded_at: str
    unit_serial: str
    product: str
    work_order: str
    step: str
    station: str
    line: str
    operator: str
    operator_name: str
    status: str
    superseded: bool
    rowid: int

    def sort_value(self, column: SortColumn) -> Any:
        """This row's value of a sort column."""
        return getattr(self, column.value)


@dataclass(frozen=True)
class Page:
    """One page of the shift log and where the next one starts."""

    rows: list[LogRow]
    cursor: tuple[Any, ...] | None  # None: this was the last page


LOG_COLUMNS = (
    "a.record_key, a.recorded_at, a.unit_serial, a.product, a.work_order, a.step, a.station, "
    "a.line, a.operator, a.operator_name, a.status, "
    "EXISTS (SELECT 1 FROM supersessions s WHERE s.old_key = a.record_key), a.rowid"
)


def shift_log_sql(
    filters: LogFilter, after: tuple[Any, ...] | None, limit: int
) -> tuple[str, list[Any]]:
    """The SQL of one keyset page (exposed for EXPLAIN QUERY PLAN and the benchmark)."""
    terms, params = filters.where()
    op = "<" if filters.descending else ">"
    direction = "DESC" if filters.descending else "ASC"
    sort = SortColumn(filters.sort)
    if sort is SortColumn.TIME:
        keys = ["a.recorded_at", "a.rowid"]
    else:
        keys = [f"a.{sort.value}", "a.recorded_at", "a.rowid"]
    if after is not None:
        if len(after) != len(keys):
            raise ValueError(f"a cursor for sort {sort} has {len(keys)} values, not {len(after)}")
        terms.append(f"({', '.join(keys)}) {op} ({', '.join('?' * len(keys))})")
        params += list(after)
    where = f" WHERE {' AND '.join(terms)}" if terms else ""
    order = ", ".join(f"{k} {direction}" for k in keys)
    sql = f"SELECT {LOG_COLUMNS} FROM assemblies a{where} ORDER BY {order} LIMIT ?"
    return sql, [*params, limit]


def _log_row(r: Sequence[Any]) -> LogRow:
    return LogRow(
        r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], bool(r[11]), int(r[12])
    )


def shift_log_page(
    conn: sqlite3.Connection,
    filters: LogFilter,
    after: tuple[Any, ...] | None = None,
    limit: int = PAGE_SIZE,
) -> Page:
    """One page of the shift log after ``after`` (the previous page's cursor), in sort order."""
    sql, params = shift_log_sql(filters, after, limit + 1)
    raw = conn.execute(sql, params).fetchall()
    rows = [_log_row(r) for r in raw[:limit]]
    if len(raw) <= limit or not rows:
        return Page(rows, None)
    last = rows[-1]
    sort = SortColumn(filters.sort)
    cursor: tuple[Any, ...] = (
        (last.recorded_at, last.rowid)
        if sort is SortColumn.TIME
        else (last.sort_value(sort), last.recorded_at, last.rowid)
    )
    return Page(rows, cursor)


def shift_log_count(conn: sqlite3.Connection, filters: LogFilter) -> int:
    """How many records the filters match (for the status line; run it off the GUI thread)."""
    terms, params = filters.where()
    where = f" WHERE {' AND '.join(terms)}" if terms else ""
    return int(conn.execute(f"SELECT count(*) FROM assemblies a{where}", params).fetchone()[0])


def query_plan(conn: sqlite3.Connection, sql: str, params: Sequence[Any]) -> list[str]:
    """SQLite's EXPLAIN QUERY PLAN lines for ``sql``."""
    return [str(r[3]) for r in conn.execute(f"EXPLAIN QUERY PLAN {sql}", list(params))]


@dataclass(frozen=True)
class FilterChoices:
    """The values each shift-log filter offers."""

    lines: list[str]
    stations: list[str]
    operators: list[tuple[str, str]]  # (operator id as recorded, name)
    work_orders: list[str]
    statuses: list[str] = field(default_factory=lambda: ["accepted", "flagged"])


def filter_choices(conn: sqlite3.Connection) -> FilterChoices:
    """Filter values from master data (small tables, never the million assemblies)."""
    operators = [
        (str(r[0] or r[1]), str(r[2]))
        for r in conn.execute("SELECT badge, id, name FROM users ORDER BY name")
    ]
    return FilterChoices(
        lines=[r[0] for r in conn.execute("SELECT id FROM lines ORDER BY id")],
        stations=[r[0] for r in conn.execute("SELECT id FROM stations ORDER BY id")],
        operators=operators,
        work_orders=[r[0] for r in conn.execute("SELECT id FROM work_orders ORDER BY id")],
    )
