"""The line's records for a supervisor at any station: read from the plant, or say why not.

The supervisor's shift log, exception queue and trace read the whole line from the plant through
the station's own role (row-level security limits it to the station's line) when the station has a
plant configured and the plant answers; otherwise the screens show this station's own records and
say so (:class:`LineUnavailable`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import psycopg

from app.store.station_store import StationStore
from app.sync import upstream_config
from app.sync.credentials import UpstreamError, connect

T = TypeVar("T")
READ_TIMEOUTS = "-c statement_timeout=15s -c lock_timeout=2s"

LOG_COLUMNS = (
    "a.record_key::text, a.recorded_at, a.unit_serial, a.product, a.work_order, a.step, a.station, "
    "a.line, a.operator, a.operator_name, a.status, "
    "EXISTS (SELECT 1 FROM plant.supersessions s WHERE s.old_key = a.record_key)"
)


@dataclass(frozen=True)
class LineUnavailable:
    """Why the line's records could not be read from the plant (the screen shows this station's)."""

    reason: str
    configured: bool = True  # False: a station that works alone (nothing to say on screen)


def from_plant(
    store: StationStore, read: Callable[[psycopg.Connection[Any]], T]
) -> T | LineUnavailable:
    """Runs ``read`` on a connection to this station's plant, or says why it could not.

    Never raises for a plant that is not configured, unreachable or refusing: that is the answer.
    """
    settings = upstream_config.load(store.reader)
    if settings is None:
        return LineUnavailable("no plant is configured for this station", configured=False)
    try:
        with connect(f"{settings.dsn} options='{READ_TIMEOUTS}'", autocommit=True) as pg:
            return read(pg)
    except UpstreamError as exc:
        return LineUnavailable(str(exc))
    except psycopg.Error as exc:
        return LineUnavailable(f"the plant refused the read: {exc.diag.message_primary or exc}")


@dataclass(frozen=True)
class LogQuery:
    """The shift-log filters the plant read understands (sorted by time; ``None`` means any)."""

    line: str | None = None
    station: str | None = None
    start: str | None = None  # UTC ISO, inclusive
    end: str | None = None  # UTC ISO, exclusive
    operator: str | None = None
    work_order: str | None = None
    status: str | None = None
    descending: bool = False
    sort: str = "recorded_at"  # or one of SORTABLE, then time


SORTABLE = (
    "recorded_at",
    "unit_serial",
    "station",
    "operator_name",
    "work_order",
    "status",
    "line",
)


def _where(query: LogQuery) -> tuple[list[str], list[Any]]:
    terms: list[str] = []
    params: list[Any] = []
    for column, value in (
        ("line", query.line),
        ("station", query.station),
        ("operator", query.operator),
        ("work_order", query.work_order),
        ("status", query.status),
    ):
        if value:
            terms.append(f"a.{column} = %s")
            params.append(value)
    if query.start:
        terms.append("a.recorded_at >= %s")
        params.append(query.start)
    if query.end:
        terms.append("a.recorded_at < %s")
        params.append(query.end)
    return terms, params


def shift_log_count(pg: psycopg.Connection[Any], query: LogQuery) -> int:
    """How many of the line's records the filters match."""
    terms, params = _where(query)
    where = f" WHERE {' AND '.join(terms)}" if terms else ""
    row = pg.execute(f"SELECT count(*) FROM plant.assemblies a{where}", params).fetchone()
    return int(row[0]) if row else 0


def shift_log_page(
    pg: psycopg.Connection[Any], query: LogQuery, after: tuple[str, ...] | None, limit: int
) -> tuple[list[tuple[Any, ...]], tuple[str, ...] | None]:
    """One page of the line's records in sort order after ``after`` (the previous page's cursor).

    Returns:
        Rows as (key, recorded_at, unit, product, work order, step, station, line, operator,
        operator name, status, superseded) and the next page's cursor (None: last page).
    """
    terms, params = _where(query)
    if query.sort not in SORTABLE:
        raise ValueError(f"the shift log sorts by {', '.join(SORTABLE)}, not {query.sort}")
    keys = ["a.recorded_at", "a.record_key::text"]
    if query.sort != "recorded_at":
        keys.insert(0, f"a.{query.sort}")
    collated = [f'{k} COLLATE "C"' for k in keys]
    op, direction = ("<", "DESC") if query.descending else (">", "ASC")
    if after is not None:
        if len(after) != len(keys):
            raise ValueError(f"a cursor for sort {query.sort} has {len(keys)} values")
        terms.append(f"({', '.join(collated)}) {op} ({', '.join(['%s'] * len(keys))})")
        params += list(after)
    where = f" WHERE {' AND '.join(terms)}" if terms else ""
    order = ", ".join(f"{k} {direction}" for k in collated)
    rows = pg.execute(
        f"SELECT {LOG_COLUMNS} FROM plant.assemblies a{where} ORDER BY {order} LIMIT %s",
        [*params, limit + 1],
    ).fetchall()
    page = [tuple(r) for r in rows[:limit]]
    if len(rows) <= limit or not page:
        return page, None
    last = page[-1]
    at_key = (str(last[1]), str(last[0]))
    if query.sort == "recorded_at":
        return page, at_key
    return page, (str(last[LOG_COLUMNS.split(", ").index(f"a.{query.sort}")]), *at_key)


@dataclass(frozen=True)
class LineException:
    """Something awaiting a decision at another station of the line, or a conflict the plant raised."""

    subject: str  # the record key (or the plant exception's subject)
    source: str  # record, conflict, clock-offset, ...
    recorded_at: str
    station: str
    unit: str
    operator_name: str
    reason: str
    disposition: dict[str, Any] | None


def exceptions(
    pg: psycopg.Connection[Any],
    *,
    other_than: str,
    start: str | None = None,
    end: str | None = None,
    include_disposed: bool = False,
    limit: int = 500,
) -> list[LineException]:
    """Flagged records of the line's other stations and the conflicts the plant raised.

    This station's own items come from its own queue (with their findings, and disposable here);
    another station's record is disposed of at that station.
    """
    window, params = "", []
    if start:
        window += " AND a.recorded_at >= %s"
        params.append(start)
    if end:
        window += " AND a.recorded_at < %s"
        params.append(end)
    items = []
    for key, at, station, unit, name, decided in pg.execute(
        "SELECT a.record_key::text, a.recorded_at, a.station, a.unit_serial, a.operator_name, "
        "(SELECT w.detail FROM plant.wip w WHERE w.kind = 'disposition' "
        " AND w.serial = a.record_key::text ORDER BY w.id DESC LIMIT 1) "
        "FROM plant.assemblies a WHERE a.status = 'flagged' AND a.station <> %s"
        f"{window} AND NOT EXISTS (SELECT 1 FROM plant.supersessions s "
        "WHERE s.old_key = a.record_key) ORDER BY a.recorded_at LIMIT %s",
        [other_than, *params, limit],
    ):
        if decided is not None and not include_disposed:
            continue
        items.append(
            LineException(
                key, "record", str(at), station, unit, name,
                f"flagged at station {station}: its findings and disposition are at that station",
                decided,
            )
        )  # fmt: skip
    twindow = window.replace("a.recorded_at", "to_char(e.raised_at AT TIME ZONE 'UTC', "
                             "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')")  # fmt: skip
    for subject, kind, at, stations, detail in pg.execute(
        "SELECT e.subject, e.kind, to_char(e.raised_at AT TIME ZONE 'UTC', "
        '\'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"\'), e.stations, e.detail FROM plant.exceptions e '
        f"WHERE NOT (%s = ANY (e.stations) AND e.kind IN ('consumed-twice', 'serial-twice', 'di-twice')){twindow} "
        "ORDER BY e.id LIMIT %s",
        [other_than, *params, limit],
    ):
        # A conflict involving this station is in its own queue already (its record of the pair).
        items.append(
            LineException(
                subject, kind, str(at), ", ".join(stations), subject, "",
                f"the plant raised {kind}: {detail}", None,
            )
        )  # fmt: skip
    items.sort(key=lambda i: i.recorded_at)
    return items[:limit]
