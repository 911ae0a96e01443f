"""People read local time with its zone; records keep UTC."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt

from app.ui.models import RecordRow, TodayRecordsModel, local_midnight_utc, local_time, zone_name


@pytest.fixture
def berlin(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_a_record_time_is_shown_in_local_time(berlin: None) -> None:
    assert local_time("2026-11-27T13:03:07.123Z") == "14:03:07"  # CET, UTC+1
    assert local_time("2026-07-01T13:03:07.000Z") == "15:03:07"  # CEST, UTC+2
    assert zone_name(datetime(2026, 11, 27, tzinfo=UTC)) == "CET"
    assert zone_name(datetime(2026, 7, 1, tzinfo=UTC)) == "CEST"


def test_today_starts_at_local_midnight_also_on_a_daylight_saving_day(berlin: None) -> None:
    # 2026-03-29: clocks go from 02:00 CET to 03:00 CEST; midnight was still CET (UTC+1).
    assert local_midnight_utc(datetime(2026, 3, 29, 20, 0, tzinfo=UTC)) == "2026-03-28T23:00:00"
    # 2026-10-25: back from CEST to CET at 03:00; midnight was CEST (UTC+2).
    assert local_midnight_utc(datetime(2026, 10, 25, 20, 0, tzinfo=UTC)) == "2026-10-24T22:00:00"
    # Just after local midnight the UTC date is still yesterday's: today is the local day.
    assert local_midnight_utc(datetime(2026, 11, 26, 23, 30, tzinfo=UTC)) == "2026-11-26T23:00:00"


def test_the_operator_records_table_names_the_zone_and_no_record_key(berlin: None, qtbot) -> None:
    model = TodayRecordsModel()
    model.set_rows([RecordRow("0190-key", "14:03:07", "SN-1", "Ben Costa", "accepted", False)])
    header = model.headerData(1, Qt.Orientation.Horizontal)  # after the verdict mark
    assert header == f"Time ({zone_name()})" and zone_name() in ("CET", "CEST")
    tip = model.data(model.index(0, 1), Qt.ItemDataRole.ToolTipRole)
    assert "0190-key" not in tip and zone_name() in tip
