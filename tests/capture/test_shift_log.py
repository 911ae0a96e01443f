"""The shift log without Qt: keyset pages, filters, an index for every sort."""

from __future__ import annotations

from datetime import datetime

from app.capture import (
    shift_log,
)
from app.capture.shift_log import LogFilter, SortColumn
from app.capture.shifts import Shift
from tests.helpers.review import busiest_shift
from tests.helpers.stations import DemoStation


def test_shift_log_pages_by_keyset_cover_every_record_once_in_sort_order(
    station: DemoStation,
) -> None:
    for sort in SortColumn:
        for descending in (False, True):
            filters = LogFilter(sort=sort, descending=descending)
            seen, cursor = [], None
            while True:
                page = shift_log.shift_log_page(station.conn, filters, cursor, limit=7)
                seen += page.rows
                cursor = page.cursor
                if cursor is None:
                    break
            assert (
                len({r.key for r in seen})
                == len(seen)
                == shift_log.shift_log_count(station.conn, filters)
            )
            keys = [(r.sort_value(sort), r.recorded_at, r.rowid) for r in seen]
            assert keys == sorted(keys, reverse=descending), (sort, descending)


def test_shift_log_filters_narrow_to_what_the_supervisor_asked(station: DemoStation) -> None:
    # A shift with final-assembly records and others beside them (the demo's records end at the
    # time of day the test runs, so the busiest shift may hold SMT boards only).
    shift, everything, sample = None, [], None
    for (at,) in station.conn.execute(
        "SELECT recorded_at FROM assemblies WHERE station = 'FA-01' ORDER BY recorded_at"
    ):
        shift = Shift.at(datetime.fromisoformat(at))
        everything = shift_log.shift_log_page(station.conn, LogFilter(shift=shift), limit=1000).rows
        sample = next(r for r in everything if r.station == "FA-01")
        if any(r.station != "FA-01" or r.operator != sample.operator for r in everything):
            break
    assert shift is not None and sample is not None, "the demo has final-assembly records"
    rows = shift_log.shift_log_page(
        station.conn,
        LogFilter(shift=shift, station="FA-01", operator=sample.operator),
        limit=1000,
    ).rows
    assert sample in rows and len(rows) < len(everything)
    assert all(
        r.station == "FA-01"
        and r.operator == sample.operator
        and shift.start.isoformat()[:19] <= r.recorded_at < shift.end.isoformat()[:19]
        for r in rows
    )
    flagged = shift_log.shift_log_page(station.conn, LogFilter(status="flagged"), limit=1000).rows
    assert all(r.status == "flagged" for r in flagged)


def test_shift_log_uses_an_index_for_every_sort_without_scanning_the_table(
    station: DemoStation,
) -> None:
    for sort in SortColumn:
        sql, params = shift_log.shift_log_sql(LogFilter(sort=sort), None, 200)
        plan = " ".join(shift_log.query_plan(station.conn, sql, params))
        assert "USING INDEX" in plan and "TEMP B-TREE" not in plan, (sort, plan)
    sql, params = shift_log.shift_log_sql(
        LogFilter(shift=busiest_shift(station), status="flagged"), None, 200
    )
    assert "assemblies_status_time" in " ".join(shift_log.query_plan(station.conn, sql, params))
