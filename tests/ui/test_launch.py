"""Starting the station: the scanners its settings turn on."""

from __future__ import annotations

from pathlib import Path

from app.capture import station_setup
from app.ui.launch import _scanners
from drivers.camera import CameraScanner
from drivers.serial_scanner import SerialScanner
from tests.helpers.stations import DemoStation


def test_the_station_settings_turn_on_a_camera_scanner(
    station: DemoStation, tmp_path: Path, qtbot: object
) -> None:
    wedge, workers = _scanners(station.store, "FA-01")
    assert wedge is not None and workers == []  # the defaults: the wedge alone

    video = tmp_path / "labels.avi"
    station.store.write(
        lambda conn: station_setup.save_scanner_settings(
            conn,
            "FA-01",
            {
                "camera": {"enabled": True, "source": str(video), "repeat_after_s": 3.0},
                "serial": {"enabled": True, "port": "/dev/ttyACM0"},
            },
            by={"name": "Tomas Weber"},
            reason="camera scanner trial",
        )
    )
    _, workers = _scanners(station.store, "FA-01")
    serial, camera = (w.scanner for w in workers)
    assert isinstance(serial, SerialScanner)
    assert isinstance(camera, CameraScanner) and camera.repeat_after_s == 3.0
    assert camera.capture.source == str(video)
    assert (
        station_setup.config_history(station.conn, "FA-01")[0]["changes"]["camera.enabled"]["to"]
        is True
    )
