"""Station setup without Qt: settings and scanner changes journalled with who, scan reports."""

from __future__ import annotations

import pytest

from app.capture import (
    demo_line,
    station_setup,
)
from tests.helpers.stations import DemoStation


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
                reason="typo",
            )
        )
    with pytest.raises(ValueError, match="reason"):
        station.store.write(
            lambda conn: station_setup.save_station_settings(conn, changed, by=by, reason="  ")
        )


def test_scan_report_shows_the_bytes_and_what_the_station_reads(station: DemoStation) -> None:
    di = demo_line.PRODUCTS[0].di
    report = station_setup.scan_report(f"]d201{di}21SN-1\x1d10B261101\r".encode())
    assert report.kind == "udi" and report.details["serial"] == "SN-1"
    assert report.visible.endswith("<GS>10B261101<CR>") and report.hex.startswith("5d 64 32")
    bad = station_setup.scan_report(b"\x02ML-000012\x03", prefix=b"\x02", suffix=b"\x03")
    assert bad.kind == "lot" and bad.visible == "<STX>ML-000012<ETX>"
    by = {"name": "Tomas Weber"}
    station.store.write(
        lambda conn: station_setup.save_scanner_settings(
            conn,
            "FA-01",
            {"serial": {"enabled": True, "port": "/dev/ttyACM0"}},
            by=by,
            reason="new scanner",
        )
    )
    with pytest.raises(ValueError, match="reason"):
        station.store.write(
            lambda conn: station_setup.save_scanner_settings(
                conn, "FA-01", {"serial": {"enabled": False}}, by=by, reason=""
            )
        )
    settings = station_setup.scanner_settings(station.conn, "FA-01")
    assert settings["serial"]["port"] == "/dev/ttyACM0" and settings["wedge"]["suffix"] == "CR"
    assert station_setup.config_history(station.conn, "FA-01")[0]["changes"]["serial.port"][
        "to"
    ] == ("/dev/ttyACM0")
