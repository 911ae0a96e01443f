"""Supervisor review without Qt: shift log paging, exceptions and dispositions, signatures, recall lists."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta

import pytest

from app.capture import (
    exceptions,
    recall,
    recall_export,
    record_detail,
    shift_log,
    signatures,
    station_setup,
)
from app.capture.exceptions import Decision
from app.capture.review import ReviewRefused
from app.capture.session import CaptureSession
from app.capture.shift_log import LogFilter, SortColumn
from app.capture.shifts import Shift
from app.capture.signatures import Meaning
from app.capture.sources import FixedEnvironment
from app.domain.environment import Calibration, Measurement
from app.store import demodata, journal
from tests.helpers.stations import DemoStation


def supervisor(station: DemoStation, where: str = "FA-01") -> CaptureSession:
    session = station.session(where)
    session.login_password("supervisor", demodata.DEMO_PASSWORD)
    return session


def humid_record(station: DemoStation, serial: str = "SN-IP-200-7100001") -> str:
    """Commits a unit at FA-01 (environment rules: flag) with humidity out of its window."""
    now = datetime.now(UTC)
    env = FixedEnvironment(
        [
            Measurement("FA-01-HMT330", "relative_humidity", 71.5, "%RH", now, Calibration.VALID),
            Measurement("FA-01-HMT330", "temperature", 22.0, "°C", now, Calibration.VALID),
        ]
    )
    session = station.session("FA-01", environment=env)
    session.scan("BDG-1002")
    session.scan(station.udi(serial))
    session.scan(station.free_pcb())
    for lot in station.final_components():
        session.scan(lot)
    return session.commit().key


def busiest_shift(station: DemoStation) -> Shift:
    at = station.conn.execute(
        "SELECT recorded_at FROM assemblies ORDER BY recorded_at LIMIT 1 OFFSET 30"
    ).fetchone()[0]
    return Shift.at(datetime.fromisoformat(at))


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
    shift = busiest_shift(station)
    everything = shift_log.shift_log_page(station.conn, LogFilter(shift=shift), limit=1000).rows
    sample = next(r for r in everything if r.station == "FA-01")
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


def test_a_flagged_record_waits_in_the_queue_until_disposed_with_a_comment(
    station: DemoStation,
) -> None:
    key = humid_record(station)
    item = next(i for i in exceptions.exception_queue(station.conn) if i.subject == key)
    assert exceptions.ExceptionKind.ENVIRONMENT in item.kinds
    assert "71.5" in item.reasons[0] and item.open
    session = supervisor(station)
    with pytest.raises(ReviewRefused, match="comment"):
        exceptions.dispose(session, key, Decision.ACCEPT, "  ")
    row = exceptions.dispose(session, key, Decision.ACCEPT, "RH spike during door opening; no MSD")
    assert row.kind == "disposition"
    assert key not in {i.subject for i in exceptions.exception_queue(station.conn)}
    done = next(
        i
        for i in exceptions.exception_queue(station.conn, include_disposed=True)
        if i.subject == key
    )
    assert done.disposition is not None and done.disposition["by"]["name"] == "Sofia Lindgren"
    with pytest.raises(ReviewRefused, match="already"):
        exceptions.dispose(session, key, Decision.SCRAP, "again")
    assert journal.verify(station.conn).intact


def test_an_operator_cannot_dispose(station: DemoStation) -> None:
    key = humid_record(station)
    session = station.session("FA-01")
    session.scan("BDG-1002")
    with pytest.raises(ReviewRefused, match="only supervisors"):
        exceptions.dispose(session, key, Decision.ACCEPT, "fine")


def test_a_signed_shift_shows_broken_after_a_correction_of_a_signed_record(
    station: DemoStation,
) -> None:
    shift = busiest_shift(station)
    session = supervisor(station)
    with pytest.raises(ReviewRefused, match="password"):
        signatures.sign_shift(session, shift, "wrong", Meaning.REVIEWED)
    assert station.journal_count("signature-failed") == 1
    signature = signatures.sign_shift(session, shift, demodata.DEMO_PASSWORD, Meaning.APPROVED)
    assert signature.intact and signature.records > 0
    assert signature.printed_name == "Sofia Lindgren" and signature.meaning == "approved"
    assert "Sofia Lindgren — approved — " in signature.manifestation()
    # records of later shifts do not disturb it
    humid_record(station)
    assert signatures.check_signature(station.conn, signature.key).intact
    signed = shift_log.shift_log_page(station.conn, LogFilter(shift=shift), limit=1).rows[0]
    session.correct(signed.key, "wrong housing reel recorded")
    broken = signatures.check_signature(station.conn, signature.key)
    assert not broken.intact
    assert any(signed.key in p and "wrong housing reel" in p for p in broken.problems)
    assert [s.key for s in signatures.signatures(station.conn, shift)] == [signature.key]


def test_record_detail_binds_environment_neighbours_and_signatures(station: DemoStation) -> None:
    key = humid_record(station)
    detail = record_detail.record_detail(station.conn, key)
    assert detail.content["unit"]["serial"] == "SN-IP-200-7100001"
    assert detail.neighbours and detail.neighbours[-1]["environment"][0]["value"] == 71.5
    assert detail.superseded_by is None and detail.profile is None


def test_recall_list_exports_every_affected_unit_to_csv_and_pdf(
    station: DemoStation, tmp_path
) -> None:
    lot = station.conn.execute(
        "SELECT component FROM components WHERE kind = 'lot' AND part_number = 'PCB-BARE-200' "
        "LIMIT 1"
    ).fetchone()[0]
    result = recall.trace(station.conn, "forward", lot)
    assert result.rows and result.title.endswith(lot)
    assert recall_export.export_csv(result, tmp_path / "recall.csv") == len(result.rows)
    with (tmp_path / "recall.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["unit"] for r in rows} == set(result.units)
    assert any(r["unit"].startswith("SN-") for r in rows)  # finished devices, through the PCB
    recall_export.export_pdf(
        result, tmp_path / "recall.pdf", station="FA-01", prepared_by="S. Lindgren"
    )
    assert (tmp_path / "recall.pdf").read_bytes().startswith(b"%PDF")


def test_backward_trace_accepts_a_udi(station: DemoStation) -> None:
    serial, di = station.conn.execute(
        "SELECT unit_serial, di FROM assemblies WHERE di IS NOT NULL LIMIT 1"
    ).fetchone()
    result = recall.trace(station.conn, "backward", f"(01){di}(21){serial}")
    assert result.start == serial and any(r["kind"] == "unit" for r in result.rows)
    with pytest.raises(ReviewRefused, match="no unit"):
        recall.trace(station.conn, "backward", f"(01){di}(21)SN-NOPE")


def test_station_settings_change_is_journalled_with_who(station: DemoStation) -> None:
    current = station_setup.station_settings(station.conn, "FA-01")
    changed = station_setup.StationSettings(
        **{**current.__dict__, "on_violation": {**current.on_violation, "environment": "block"}}
    )
    by = {"user_id": "U3001", "name": "Tomas Weber", "role": "technician"}
    stored = station.store.write(
        lambda conn: station_setup.save_station_settings(
            conn, changed, by=by, reason="audit finding"
        )
    )
    assert stored.revision == current.revision + 1
    assert (
        station_setup.station_settings(station.conn, "FA-01").on_violation["environment"] == "block"
    )
    last = station_setup.config_history(station.conn, "FA-01")[0]
    assert last["by"]["name"] == "Tomas Weber" and "on_violation" in last["changes"]
    with pytest.raises(ValueError, match="block or flag"):
        station.store.write(
            lambda conn: station_setup.save_station_settings(
                conn,
                station_setup.StationSettings(
                    **{**current.__dict__, "on_violation": {"profile": "warn"}}
                ),
                by=by,
            )
        )


def test_stale_and_uncalibrated_readings_are_queued_with_their_kind(station: DemoStation) -> None:
    now = datetime.now(UTC)
    env = FixedEnvironment(
        [
            Measurement(
                "FA-01-HMT330",
                "relative_humidity",
                45.0,
                "%RH",
                now - timedelta(minutes=30),
                Calibration.VALID,
            ),
            Measurement("FA-01-HMT330", "temperature", 22.0, "°C", now, Calibration.OVERDUE),
        ]
    )
    session = station.session("FA-01", environment=env)
    session.scan("BDG-1002")
    session.scan(station.udi("SN-IP-200-7100009"))
    session.scan(station.free_pcb())
    for lot in station.final_components():
        session.scan(lot)
    key = session.commit().key
    item = next(i for i in exceptions.exception_queue(station.conn) if i.subject == key)
    assert set(item.kinds) == {exceptions.ExceptionKind.STALE, exceptions.ExceptionKind.CALIBRATION}


def test_scan_report_shows_the_bytes_and_what_the_station_reads(station: DemoStation) -> None:
    di = demodata.PRODUCTS[0].di
    report = station_setup.scan_report(f"]d201{di}21SN-1\x1d10B261101\r".encode())
    assert report.kind == "udi" and report.details["serial"] == "SN-1"
    assert report.visible.endswith("<GS>10B261101<CR>") and report.hex.startswith("5d 64 32")
    bad = station_setup.scan_report(b"\x02ML-000012\x03", prefix=b"\x02", suffix=b"\x03")
    assert bad.kind == "lot" and bad.visible == "<STX>ML-000012<ETX>"
    by = {"name": "Tomas Weber"}
    station.store.write(
        lambda conn: station_setup.save_scanner_settings(
            conn, "FA-01", {"serial": {"enabled": True, "port": "/dev/ttyACM0"}}, by=by
        )
    )
    settings = station_setup.scanner_settings(station.conn, "FA-01")
    assert settings["serial"]["port"] == "/dev/ttyACM0" and settings["wedge"]["suffix"] == "CR"
    assert station_setup.config_history(station.conn, "FA-01")[0]["changes"]["serial.port"][
        "to"
    ] == ("/dev/ttyACM0")
