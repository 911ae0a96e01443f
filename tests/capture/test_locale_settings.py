"""The station's language and time zone: set with a reason, journalled, replayed by verify."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.capture import station_setup
from app.capture.station_setup import LocaleSettings
from tests.helpers.stations import DemoStation
from tests.store.test_journal import raw, verify

BY = {"name": "Tomas Weber", "user_id": "U3001", "role": "technician"}


def test_language_and_zone_are_journalled_and_verified(station: DemoStation, demo_db: Path):
    assert station_setup.locale_settings(station.conn, "FA-01") == LocaleSettings()
    new = LocaleSettings("de", "Europe/Berlin")
    station.store.write(
        lambda conn: station_setup.save_locale_settings(
            conn, "FA-01", new, by=BY, reason="German-speaking line"
        )
    )
    assert station_setup.locale_settings(station.conn, "FA-01") == new
    last = station_setup.config_history(station.conn, "FA-01")[0]
    assert last["changes"] == {
        "language": {"from": "en", "to": "de"},
        "time_zone": {"from": "", "to": "Europe/Berlin"},
    }
    assert last["by"]["name"] == "Tomas Weber" and last["reason"] == "German-speaking line"
    # The other settings stay as they were.
    assert station_setup.station_settings(station.conn, "FA-01").on_violation
    assert verify(demo_db).intact
    tamper = raw(demo_db)
    settings = json.loads(
        tamper.execute("SELECT settings FROM stations WHERE id = 'FA-01'").fetchone()[0]
    )
    tamper.execute(
        "UPDATE stations SET settings = ? WHERE id = 'FA-01'",
        (json.dumps({**settings, "language": "es"}),),
    )
    tamper.close()
    assert not verify(demo_db).intact


@pytest.mark.parametrize(
    ("new", "reason", "message"),
    [
        (LocaleSettings("fr"), "French", "choose one of en, de, es"),
        (LocaleSettings("de", "Mars/Olympus"), "typo", "is not known"),
        (LocaleSettings("de"), " ", "reason"),
    ],
)
def test_a_wrong_language_zone_or_no_reason_is_refused(
    station: DemoStation, new: LocaleSettings, reason: str, message: str
):
    with pytest.raises(ValueError, match=message):
        station.store.write(
            lambda conn: station_setup.save_locale_settings(
                conn, "FA-01", new, by=BY, reason=reason
            )
        )
    assert station_setup.locale_settings(station.conn, "FA-01") == LocaleSettings()
