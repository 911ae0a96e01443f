"""pytest-qt setup for the UI tests: the offscreen platform, so they run headless and in CI."""

from __future__ import annotations

import os

# Before anything imports Qt: the tests run without a display (CI), the way
# ``lineside demo --autopilot`` runs there.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator

import pytest

from app.ui.context import StationContext
from app.ui.main_window import MainWindow
from app.ui.resources import SoundPlayer
from tests.helpers.stations import DemoStation

# The offscreen platform says this for every top-level window; it is not about our widgets.
OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every UI test ignores the offscreen platform's own warning (Qt warnings fail tests)."""
    for item in items:
        if "tests/ui/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture
def window(station: DemoStation, qtbot) -> Iterator[MainWindow]:
    session = station.session("FA-01")
    context = StationContext(station.store, session, "FA-01")
    win = MainWindow(context, sounds=SoundPlayer(muted=True), idle_minutes=10).install()
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    yield win
    win.shutdown()
    context.shutdown()
