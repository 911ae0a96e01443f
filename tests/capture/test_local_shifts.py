"""Shifts in the station's local time: a night shift across midnight, daylight-saving nights, the
UTC plan unchanged, the plan bound into a signature and read back."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

from app.capture import station_setup
from app.capture.shifts import Shift, ShiftPlan, shift_plan
from app.capture.station_setup import LocaleSettings
from tests.helpers.stations import DemoStation

BERLIN = ShiftPlan("Europe/Berlin", (6, 14, 22))


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_the_night_shift_runs_across_local_midnight():
    # 23:30 and 03:00 Berlin time (CET, UTC+1) on the night of 27 to 28 November: one shift.
    late, early = utc(2026, 11, 27, 22, 30), utc(2026, 11, 28, 2, 0)
    shift = Shift.at(late, BERLIN)
    assert shift == Shift.at(early, BERLIN) == Shift(date(2026, 11, 27), 3, BERLIN)
    assert (shift.start, shift.end) == (utc(2026, 11, 27, 21), utc(2026, 11, 28, 5))
    assert shift.label == "2026-11-27 shift 3 (22:00–06:00 CET)"
    assert shift.next() == Shift(date(2026, 11, 28), 1, BERLIN)
    assert shift.next().previous() == shift
    # The boundary itself: 06:00 local belongs to the morning shift.
    assert Shift.at(utc(2026, 11, 28, 5, 0), BERLIN).number == 1
    assert Shift.at(utc(2026, 11, 28, 4, 59, 59), BERLIN).number == 3


def test_daylight_saving_nights_are_an_hour_shorter_or_longer():
    spring = Shift.at(utc(2026, 3, 29, 0, 30), BERLIN)  # clocks go 02:00 -> 03:00 that night
    assert spring == Shift(date(2026, 3, 28), 3, BERLIN)
    assert spring.end - spring.start == timedelta(hours=7)
    assert spring.label == "2026-03-28 shift 3 (22:00–06:00 CET)"
    assert spring.end == utc(2026, 3, 29, 4)  # 06:00 CEST
    autumn = Shift.at(utc(2026, 10, 25, 1, 30), BERLIN)  # 03:00 -> 02:00: 02:30 happens twice
    assert autumn == Shift(date(2026, 10, 24), 3, BERLIN)
    assert autumn.end - autumn.start == timedelta(hours=9)
    assert (autumn.start, autumn.end) == (utc(2026, 10, 24, 20), utc(2026, 10, 25, 5))
    # The day shifts around them keep eight hours.
    assert autumn.next().end - autumn.next().start == timedelta(hours=8)


def test_the_utc_plan_is_the_one_records_were_always_reviewed_by():
    shift = Shift.at(utc(2026, 11, 27, 17, 5))
    assert shift == Shift(date(2026, 11, 27), 3)
    assert shift.label == "2026-11-27 shift 3 (16:00–24:00 UTC)"
    assert shift.as_content() == {
        "day": "2026-11-27",
        "number": 3,
        "start": "2026-11-27T16:00:00.000Z",
        "end": "2026-11-28T00:00:00.000Z",
    }


def test_a_signed_local_shift_states_its_plan_and_reads_back():
    shift = Shift.at(utc(2026, 11, 27, 22, 30), BERLIN)
    content = json.loads(json.dumps(shift.as_content()))
    assert content["zone"] == "Europe/Berlin" and content["starts"] == [6, 14, 22]
    assert content["start"] == "2026-11-27T21:00:00.000Z"
    assert Shift.from_content(content) == shift


def test_a_station_with_a_time_zone_has_local_shifts(station: DemoStation):
    assert shift_plan(station.conn, "FA-01") == ShiftPlan()
    station.store.write(
        lambda conn: station_setup.save_locale_settings(
            conn,
            "FA-01",
            LocaleSettings("de", "Europe/Berlin"),
            by={"name": "Tomas Weber"},
            reason="the line works Berlin time",
        )
    )
    assert shift_plan(station.conn, "FA-01") == BERLIN
