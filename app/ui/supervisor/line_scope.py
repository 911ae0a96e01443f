"""Where the supervisor screens read: the whole line from the plant, or this station only.

The reads themselves are core (``app.sync.line_views`` for the plant, ``app.capture`` for the
station); this module puts the two in the shapes the screens show and remembers which one the
last read came from, so each screen can say it.
"""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication

from app.capture import exceptions, recall, shift_log
from app.capture.exceptions import ExceptionItem, ExceptionKind
from app.capture.shift_log import LogFilter, LogRow, Page, SortColumn
from app.capture.shifts import Shift
from app.domain.clock import iso_ms
from app.store.station_store import StationStore
from app.sync import line_views, trace
from app.sync.line_views import LineException, LineUnavailable, LogQuery

PLANT = "plant"  # the first element of a cursor into the plant's pages


class LineScope:
    """The line from the plant when it answers; this station's own records when it does not.

    Args:
        store: the station's store (its plant settings say where the plant is).
        station: this station (its own exceptions come from its own queue, disposable here).
    """

    def __init__(self, store: StationStore, station: str) -> None:
        self.store = store
        self.station = station
        self.unavailable: LineUnavailable | None = None  # why the last read is this station's only

    def describe(self) -> tuple[str, str]:
        """What the last read covered, as a banner (text, tone)."""
        if self.unavailable is None:
            return QCoreApplication.translate(
                "LineScope", "Whole line, read from the plant."
            ), "info"
        if not self.unavailable.configured:
            return "", "info"  # a station working alone: its records are all there is
        return (
            QCoreApplication.translate(
                "LineScope", "This station only — plant not reachable: {reason}"
            ).format(reason=textwrap.shorten(self.unavailable.reason, 90, placeholder="…")),
            "warn",
        )

    def reason(self) -> str:
        """Why the last read is this station's only (the banner's tooltip); empty when it is not."""
        return "" if self.unavailable is None else self.unavailable.reason

    def show(self, banner: Any) -> None:
        """Shows what the last read covered on ``banner`` (a BannerLabel), the reason as tooltip."""
        banner.set_message(*self.describe())
        banner.setToolTip(self.reason())

    # -- shift log --------------------------------------------------------------------------------
    def shift_log_page(self, filters: LogFilter, after: tuple[Any, ...] | None, limit: int) -> Page:
        """One page of the shift log: the line's from the plant, else this station's."""
        if after is None or after[0] == PLANT:
            query = self._query(filters)
            plant_after = None if after is None else tuple(after[1:])
            got = line_views.from_plant(
                self.store, lambda pg: line_views.shift_log_page(pg, query, plant_after, limit)
            )
            if not isinstance(got, LineUnavailable):
                self.unavailable = None
                rows, cursor = got
                return Page(
                    [_log_row(r) for r in rows],
                    None if cursor is None else (PLANT, *cursor),
                )
            if after is not None:
                self.unavailable = got
                return Page([], None)  # the plant went away mid-scroll: refresh reads locally
            self.unavailable = got
        return shift_log.shift_log_page(self.store.reader, filters, after, limit)

    def shift_log_count(self, filters: LogFilter) -> int:
        """How many records the filters match where the pages are read from."""
        got = line_views.from_plant(
            self.store, lambda pg: line_views.shift_log_count(pg, self._query(filters))
        )
        if isinstance(got, LineUnavailable):
            return shift_log.shift_log_count(self.store.reader, filters)
        return got

    @staticmethod
    def _query(filters: LogFilter) -> LogQuery:
        return LogQuery(
            line=filters.line,
            station=filters.station,
            start=iso_ms(filters.shift.start) if filters.shift else None,
            end=iso_ms(filters.shift.end) if filters.shift else None,
            operator=filters.operator,
            work_order=filters.work_order,
            status=filters.status,
            descending=filters.descending,
            sort=SortColumn(filters.sort).value,
        )

    # -- exception queue --------------------------------------------------------------------------
    def exception_items(self, shift: Shift | None, include_disposed: bool) -> list[ExceptionItem]:
        """This station's queue, and the line's other stations' items when the plant answers."""
        items = exceptions.exception_queue(
            self.store.reader, shift=shift, include_disposed=include_disposed
        )
        got = line_views.from_plant(
            self.store,
            lambda pg: line_views.exceptions(
                pg,
                other_than=self.station,
                start=iso_ms(shift.start) if shift else None,
                end=iso_ms(shift.end) if shift else None,
                include_disposed=include_disposed,
            ),
        )
        if isinstance(got, LineUnavailable):
            self.unavailable = got
            return items
        self.unavailable = None
        return sorted(items + [_line_item(x) for x in got], key=lambda i: i.recorded_at)

    # -- trace ------------------------------------------------------------------------------------
    def trace(self, direction: str, text: str) -> recall.Trace:
        """The trace of the whole line from the plant, else of this station."""
        start = text.strip()

        def read(pg: Any) -> recall.Trace:
            if direction == "forward":
                _, rows = trace.trace_rows(pg, start, None)
                return recall.Trace(
                    "forward", start, rows, recall.FORWARD_EXPORT, datetime.now(UTC)
                )
            serial = trace.unit_serial(pg, start)
            _, rows = trace.trace_rows(pg, None, serial)
            return recall.Trace("backward", serial, rows, recall.BACKWARD_EXPORT, datetime.now(UTC))

        got = line_views.from_plant(self.store, read)
        if isinstance(got, LineUnavailable):
            self.unavailable = got
            return recall.trace(self.store.reader, direction, text)
        self.unavailable = None
        return got


def _log_row(r: tuple[Any, ...]) -> LogRow:
    key, at, unit, product, work_order, step, station, line, operator, name, status, old = r
    return LogRow(
        key, at, unit, product, work_order, step, station, line, operator, name, status, old, 0
    )


LINE_RECORD = "line record"  # another station's record: disposed of at that station
LINE_EXCEPTION = "plant exception"


def _line_item(x: LineException) -> ExceptionItem:
    disposition = None
    if x.disposition is not None:
        by = x.disposition.get("by") or {}
        disposition = {**x.disposition, "by": by, "recorded_at": ""}
    return ExceptionItem(
        x.subject,
        LINE_RECORD if x.source == "record" else LINE_EXCEPTION,
        x.recorded_at,
        x.station,
        x.unit,
        x.operator_name,
        (ExceptionKind.OTHER if x.source == "record" else ExceptionKind.CONFLICT,),
        (x.reason,),
        disposition,
    )


def is_local(item: ExceptionItem) -> bool:
    """Whether this station may dispose of (and open) the item."""
    return item.source not in (LINE_RECORD, LINE_EXCEPTION)
