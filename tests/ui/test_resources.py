"""The style sheet, sounds and icon are found as package resources; a silent station says why."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtMultimedia import QMediaDevices

from app import __version__
from app.capture import demo_line
from app.store.schema import MIGRATIONS
from app.ui.context import StationContext
from app.ui.resources import SOUND_NAMES, SoundPlayer, app_icon, sound_files, style_sheet
from app.ui.technician.health import HealthWidget
from tests.helpers.stations import DemoStation
from tests.ui.conftest import OFFSCREEN_NOISE

# QtMultimedia looks for optional libraries (PipeWire, VA-API) and a PulseAudio server, and
# warns when they are absent, as on a CI machine: there an absent audio device is expected.
NO_AUDIO_NOISE = [
    "Couldn't (load|resolve) .* (library|symbols)",
    "pa_context_connect",
    "Using Qt multimedia with FFmpeg",
    OFFSCREEN_NOISE,  # a marker on the test replaces the one conftest adds
]


def test_the_style_sheet_and_icon_come_from_the_resources_package(qtbot) -> None:
    assert "QPushButton" in style_sheet()
    assert not app_icon().isNull()
    assert [name for name, _ in sound_files()] == list(SOUND_NAMES)


@pytest.mark.qt_log_ignore(*NO_AUDIO_NOISE)
def test_a_player_without_an_audio_device_says_so_and_still_beeps_refusals(qtbot) -> None:
    player = SoundPlayer()
    if QMediaDevices.audioOutputs():
        assert player.available and player.status.startswith("sounds on: 4 sounds")
    else:
        assert not player.available
        assert "no audio output device" in player.status
    player.play("refused")  # never raises, whatever the machine has
    assert player.played == ["refused"]


@pytest.fixture
def context(station: DemoStation, qtbot) -> Iterator[StationContext]:
    session = station.session("FA-01")
    session.login_password("technician", demo_line.DEMO_PASSWORD)
    ctx = StationContext(station.store, session, "FA-01")
    yield ctx
    ctx.wait()


@pytest.mark.qt_log_ignore(*NO_AUDIO_NOISE)
def test_the_health_screen_shows_versions_and_why_the_station_is_silent(
    context: StationContext, qtbot
) -> None:
    context.sounds = SoundPlayer()
    widget = HealthWidget(context)
    qtbot.addWidget(widget)
    widget.show()
    assert widget.sound_note.text() == context.sounds.status
    assert widget.sound_note.tone == ("ok" if context.sounds.available else "warn")
    assert widget.version_labels["lineside"].text() == __version__
    assert (
        widget.version_labels["schema"].text()
        == f"{len(MIGRATIONS._migrations)} ({MIGRATIONS._migrations[-1].name})"
    )
    assert widget.database.text() == str(context.store.path)
