"""Environment windows of the station's steps: read, changed with a reason, journalled, verified."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from app.capture import environment_setup
from tests.helpers.stations import DemoStation
from tests.store.test_journal import raw, verify

BY = {"name": "Tomas Weber", "user_id": "U3001", "role": "technician"}


def humidity(station: DemoStation):
    steps = environment_setup.station_windows(station.conn, "FA-01")
    step = next(s for s in steps if any(w.quantity == "relative_humidity" for w in s.windows))
    return step, next(w for w in step.windows if w.quantity == "relative_humidity")


def test_a_window_change_is_journalled_with_who_and_why_and_verify_replays_it(
    station: DemoStation, demo_db: Path
) -> None:
    step, window = humidity(station)
    narrower = tuple(replace(w, low=35.0, high=55.0) if w is window else w for w in step.windows)
    row = station.store.write(
        lambda conn: environment_setup.save_step_windows(
            conn, "FA-01", step.product, step.step, narrower, by=BY, reason="CAPA-2026-044"
        )
    )
    assert row is not None
    content = json.loads(
        station.conn.execute("SELECT content FROM journal WHERE key = ?", (row.key,)).fetchone()[0]
    )
    assert content["why"] == "CAPA-2026-044" and content["by"]["name"] == "Tomas Weber"
    assert content["changes"] == [{"quantity": "Humidity", "from": "30–60 %RH", "to": "35–55 %RH"}]
    _, now = humidity(station)
    assert (now.low, now.high) == (35.0, 55.0)
    session = station.session("FA-01")
    assert any(
        (w.low, w.high) == (35.0, 55.0)
        for w in session.master.step(step.product, step.step).environment
    )
    assert verify(demo_db).intact
    # a raw edit of the window behind the journal's back is named by verify
    tamper = raw(demo_db)
    tamper.execute(
        "UPDATE steps SET environment = replace(environment, '55.0', '75.0') "
        "WHERE product = ? AND code = ?",
        (step.product, step.step),
    )
    tamper.close()
    report = verify(demo_db)
    assert not report.intact and "steps" in str(report.problem)


def test_bad_windows_and_a_missing_reason_are_refused_with_what_to_do(station: DemoStation) -> None:
    step, window = humidity(station)
    upside_down = tuple(replace(w, low=70.0, high=40.0) if w is window else w for w in step.windows)
    with pytest.raises(
        ValueError, match="Humidity: the low limit 70 must be below the high limit 40"
    ):
        station.store.write(
            lambda conn: environment_setup.save_step_windows(
                conn, "FA-01", step.product, step.step, upside_down, by=BY, reason="x"
            )
        )
    with pytest.raises(ValueError, match="say why"):
        station.store.write(
            lambda conn: environment_setup.save_step_windows(
                conn, "FA-01", step.product, step.step, step.windows, by=BY, reason=" "
            )
        )
    unchanged = station.store.write(
        lambda conn: environment_setup.save_step_windows(
            conn, "FA-01", step.product, step.step, step.windows, by=BY, reason="no change"
        )
    )
    assert unchanged is None
