"""The supervisor's search without Qt: by serial, UDI, lot, operator and date range; refusals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.capture import demo_line, search
from app.capture.search import RecordSearch, SearchBy, SearchRefused
from app.capture.session import CaptureRefused
from app.domain.clock import parse_iso
from tests.helpers.stations import DemoStation


def a_device(station: DemoStation) -> tuple[str, str, str]:
    """A finished device's serial, DI and one lot it used."""
    serial, di, key = station.conn.execute(
        "SELECT unit_serial, di, record_key FROM assemblies WHERE di IS NOT NULL LIMIT 1"
    ).fetchone()
    lot = station.conn.execute(
        "SELECT component FROM components WHERE record_key = ? AND kind = 'lot' LIMIT 1", (key,)
    ).fetchone()[0]
    return serial, di, lot


def test_search_by_serial_and_by_its_udi_finds_the_same_record(station: DemoStation) -> None:
    serial, di, _ = a_device(station)
    by_serial = search.search_records(station.conn, RecordSearch(SearchBy.SERIAL, serial))
    by_udi = search.search_records(
        station.conn, RecordSearch(SearchBy.UDI, f"(01){di}(21){serial}")
    )
    assert by_serial.rows and {r.unit_serial for r in by_serial.rows} == {serial}
    assert [r.key for r in by_udi.rows] == [r.key for r in by_serial.rows]
    assert di in by_udi.looked_for
    other = search.search_records(station.conn, RecordSearch(SearchBy.SERIAL, serial + "X"))
    assert other.rows == []


def test_search_by_lot_lists_every_record_that_used_it_newest_first(station: DemoStation) -> None:
    _, _, lot = a_device(station)
    result = search.search_records(station.conn, RecordSearch(SearchBy.LOT, lot))
    expected = {
        r[0]
        for r in station.conn.execute(
            "SELECT record_key FROM components WHERE component = ?", (lot,)
        )
    }
    assert {r.key for r in result.rows} == expected
    times = [r.recorded_at for r in result.rows]
    assert times == sorted(times, reverse=True)


def test_search_by_operator_name_or_badge_within_a_date_range(station: DemoStation) -> None:
    badge, name = station.conn.execute(
        "SELECT operator, operator_name FROM assemblies GROUP BY operator ORDER BY count(*) DESC"
    ).fetchone()
    times = [
        r[0]
        for r in station.conn.execute(
            "SELECT recorded_at FROM assemblies WHERE operator = ? ORDER BY recorded_at", (badge,)
        )
    ]
    since, until = parse_iso(times[1]), parse_iso(times[-2])
    by_name = search.search_records(
        station.conn, RecordSearch(SearchBy.OPERATOR, name.split()[0].lower(), since, until)
    )
    by_badge = search.search_records(station.conn, RecordSearch(SearchBy.OPERATOR, badge))
    assert by_name.rows and all(r.operator == badge for r in by_name.rows)
    assert all(
        since.isoformat()[:19] <= r.recorded_at < until.isoformat()[:19] for r in by_name.rows
    )
    assert {r.key for r in by_name.rows} < {r.key for r in by_badge.rows}
    with pytest.raises(SearchRefused, match="No operator"):
        search.search_records(station.conn, RecordSearch(SearchBy.OPERATOR, "nobody-here"))


def test_date_range_alone_and_bad_inputs_are_refused_with_what_to_do(station: DemoStation) -> None:
    rows = station.conn.execute(
        "SELECT recorded_at FROM assemblies ORDER BY recorded_at"
    ).fetchall()
    since = parse_iso(rows[10][0])
    until = parse_iso(rows[20][0])
    result = search.search_records(station.conn, RecordSearch(None, "", since, until, limit=5))
    assert len(result.rows) == 5 and result.more
    with pytest.raises(SearchRefused, match=r"ends .* before it starts"):
        search.search_records(station.conn, RecordSearch(None, "", until, since))
    with pytest.raises(SearchRefused, match="not a UDI"):
        search.search_records(station.conn, RecordSearch(SearchBy.UDI, "SN-1"))
    with pytest.raises(SearchRefused, match="Type or scan"):
        search.search_records(station.conn, RecordSearch(SearchBy.SERIAL, "  "))


def test_refusals_are_listed_with_the_scan_and_the_rule(station: DemoStation) -> None:
    before = datetime.now(UTC) - timedelta(seconds=1)
    lot = demo_line.quarantined_lot(station.conn, "IC-MCU-32") or demo_line.quarantined_lot(
        station.conn, "PCB-200"
    )
    session = station.session("FA-01")
    session.scan("BDG-1002")
    session.scan(station.udi("SN-IP-200-7100009"))
    with pytest.raises(CaptureRefused):
        session.scan(lot or "LOT-NEVER-RECEIVED")
    found, more = search.refusals(station.conn, since=before)
    assert not more and len(found) == 1
    refusal = found[0]
    assert refusal.scanned == (lot or "LOT-NEVER-RECEIVED")
    assert refusal.rule and refusal.message and refusal.station == "FA-01"
    assert refusal.unit == "SN-IP-200-7100009" and refusal.operator_name
    assert search.refusals(station.conn, since=before, text="SN-IP-200-7100009")[0] == [refusal]
    assert search.refusals(station.conn, since=before, text="no such thing")[0] == []
