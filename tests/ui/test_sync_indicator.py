"""The station syncs by itself once the plant is configured, and its top bar says how it stands."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import pytest

from app.sync import upstream_config
from app.sync.credentials import UpstreamError
from app.sync.worker import SyncStatus, indicator
from app.ui.context import StationContext
from app.ui.launch import plant_link, start_sync
from app.ui.main_window import MainWindow
from app.ui.resources import SoundPlayer
from tests.helpers.stations import DemoStation
from tests.sync.conftest import pg_server, plant_dsn  # noqa: F401 - the real plant fixtures
from tests.sync.helpers import BADGE

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def test_backlog_turns_amber_then_red_with_its_age_and_refusals_are_red() -> None:
    fresh = SyncStatus(state="up-to-date", last_success=NOW, backlog=3, oldest_waiting=NOW)
    text, level = indicator(fresh, NOW + timedelta(seconds=5))
    assert level == "ok" and "plant connected" in text and "backlog 3" in text
    assert "last ack" in text
    assert indicator(fresh, NOW + timedelta(minutes=11))[1] == "amber"
    assert indicator(fresh, NOW + timedelta(minutes=61))[1] == "red"
    offline = SyncStatus(state="offline", backlog=0)
    assert indicator(offline, NOW) == ("plant unreachable · backlog 0", "amber")
    assert indicator(SyncStatus(state="refused"), NOW)[1] == "red"


def test_a_dsn_with_a_password_is_never_stored(station: DemoStation) -> None:
    with pytest.raises(UpstreamError, match="contains a password"):
        upstream_config.save(
            station.store, "FA-01", "host=x user=y password=secret", 30, "tomas", "new plant"
        )
    assert upstream_config.load(station.conn) is None


@pytest.mark.postgres
def test_the_station_window_syncs_by_itself_and_right_after_a_commit(
    station: DemoStation,
    plant_dsn: str,  # noqa: F811 - the fixture imported above
    qtbot: Any,
) -> None:
    upstream_config.save(station.store, "FA-01", plant_dsn, 3600, "tomas", "line goes live")
    worker, claims = plant_link(station.store)
    assert worker is not None and claims is not None
    session = station.session("FA-01", plant=claims)
    context = StationContext(station.store, session, "FA-01")
    win = MainWindow(context, sounds=SoundPlayer(muted=True), idle_minutes=10).install()
    qtbot.addWidget(win)
    try:
        start_sync(win, session, worker)
        indicator_widget = win.sync_indicator
        # The whole demo backlog goes up on the first sync, with no one asking.
        qtbot.waitUntil(lambda: worker.status.state == "up-to-date", timeout=60_000)
        indicator_widget.refresh()
        assert "plant connected · backlog 0" in indicator_widget.text()
        assert indicator_widget.level == "ok"
        # The interval is an hour: only the commit itself can wake the push.
        before = worker.status.attempts
        session.login_badge(BADGE)
        session.scan(station.udi("SN-IP-200-9400001"))
        session.scan(station.free_pcb())
        for lot in station.final_components():
            session.scan(lot)
        committed = session.commit()
        assert committed.content["plant_check"]["result"] == "claimed"
        key = committed.key
        qtbot.waitUntil(lambda: worker.status.attempts > before, timeout=10_000)
        qtbot.waitUntil(lambda: worker.status.state == "up-to-date", timeout=10_000)
        with psycopg.connect(plant_dsn) as pg:
            held = pg.execute("SELECT count(*) FROM plant.journal WHERE key = %s", (key,))
            assert held.fetchone()[0] == 1
    finally:
        worker.stop()
        claims.close()
        win.shutdown()
        context.shutdown()
