"""A technician sets up the station in the real widgets: an instrument on a simulator, scanners, rules."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt

from app.capture import demo_line, station_setup
from app.store import instruments
from app.ui.context import StationContext
from app.ui.technician.instruments import InstrumentsWidget
from app.ui.technician.scanners import ScannersWidget
from app.ui.technician.station import StationSettingsWidget
from drivers.simulators.scanner import ScannerSimulator
from drivers.simulators.vaisala import VaisalaSimulator
from tests.helpers.stations import DemoStation

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def context(station: DemoStation, qtbot) -> Iterator[StationContext]:
    session = station.session("FA-01")
    session.login_password("technician", demo_line.DEMO_PASSWORD)
    ctx = StationContext(station.store, session, "FA-01")
    yield ctx
    ctx.wait()


@pytest.fixture
def vaisala() -> Iterator[VaisalaSimulator]:
    sim = VaisalaSimulator(rh=41.0, t=22.5, slow_s=0.2, interval_s=0.05).start()
    yield sim
    sim.stop()


def settle(qtbot, context: StationContext) -> None:
    qtbot.waitUntil(lambda: context.tasks.pending == 0, timeout=15_000)


def config_rows(station: DemoStation) -> list[dict]:
    return [
        json.loads(r[0])
        for r in station.conn.execute("SELECT content FROM journal WHERE kind = 'config'")
    ]


def test_technician_adds_an_instrument_backed_by_a_simulator(
    context: StationContext, station: DemoStation, vaisala: VaisalaSimulator, qtbot
) -> None:
    station.store.write(  # the demo line's hygrometer at FA-01 makes way for the new one
        lambda c: instruments.retire(c, "FA-01", "FA-01-HMT330", by="U3001", reason="replaced")
    )
    widget = InstrumentsWidget(context)
    qtbot.addWidget(widget)
    widget.resize(1300, 820)
    widget.show()
    settle(qtbot, context)
    assert widget.empty.isVisible()  # nothing in use at FA-01 now
    form = widget.form
    qtbot.keyClicks(form.ident, "hmt-fa01")
    qtbot.keyClicks(form.name, "Vaisala HMT330 above FA-01")
    form.driver.setCurrentIndex(form.driver.findData("vaisala"))
    assert form.serial.text() == "4800 7E1"  # the driver's factory settings
    form.port.setEditText(vaisala.port)
    form.poll.setValue(0.2)
    row = form.add_alarm_window()
    for col, text in enumerate(("relative_humidity", "%RH", "30", "60", "120")):
        form.alarms_model.setData(form.alarms_model.index(row, col), text)

    with qtbot.waitSignal(widget.tested, timeout=15_000) as tested:
        qtbot.mouseClick(widget.test_button, Qt.MouseButton.LeftButton)
    assert tested.args[0].ok, widget.message.text()
    assert "RH=" in widget.message.text() and "relative_humidity 41" in widget.message.text()

    qtbot.keyClicks(form.reason, "new transmitter for FA-01")
    with qtbot.waitSignal(widget.saved, timeout=10_000):
        qtbot.mouseClick(widget.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot, context)
    stored = instruments.get(station.conn, "hmt-fa01")
    assert stored is not None and stored.port == vaisala.port and stored.alarms[0].high == 60
    entry = config_rows(station)[-1]
    assert entry["by"].startswith("Tomas Weber") and entry["action"] == "add"
    assert entry["reason"] == "new transmitter for FA-01" and entry["recorded_at"]
    model = widget.table_model
    assert model.rowCount() == 1 and model.index(0, 2).data() == "never calibrated"

    # live readings flow into the plot from the simulator over the pty
    widget.tabs.setCurrentIndex(1)
    live = widget.live
    qtbot.mouseClick(live.live_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: live.live_count >= 4, timeout=15_000)
    quantities = {live.latest_model.row_at(r).quantity for r in range(live.latest_model.rowCount())}
    assert {"relative_humidity", "temperature"} <= quantities
    qtbot.mouseClick(live.live_button, Qt.MouseButton.LeftButton)
    assert live.live is None

    # a calibration makes it valid
    widget.tabs.setCurrentIndex(2)
    with qtbot.waitSignal(widget.calibrated, timeout=10_000):
        widget.calibration.add_calibration(
            date(2026, 11, 2), date(2027, 11, 2), "DAkkS 2026-1142", "Vaisala Service"
        )
    settle(qtbot, context)
    qtbot.waitUntil(lambda: "due in" in widget.calibration.calibration_state.text())
    calibrations = widget.calibration.calibrations_model
    assert calibrations.index(0, 4).data() == "DAkkS 2026-1142"
    assert config_rows(station)[-1]["config"] == "calibration"


def test_a_bad_port_says_what_to_check(context: StationContext, qtbot, tmp_path) -> None:
    widget = InstrumentsWidget(context)
    qtbot.addWidget(widget)
    widget.form.driver.setCurrentIndex(widget.form.driver.findData("vaisala"))
    widget.form.port.setEditText(str(tmp_path / "ttyNOPE"))
    with qtbot.waitSignal(widget.tested, timeout=15_000) as tested:
        widget.test_connection()
    assert not tested.args[0].ok and widget.message.tone == "bad"
    assert "ttyNOPE" in widget.message.text()


def test_scanner_test_shows_raw_bytes_and_interpretation(
    context: StationContext, station: DemoStation, qtbot
) -> None:
    widget = ScannersWidget(context)
    qtbot.addWidget(widget)
    widget.show()
    settle(qtbot, context)
    with ScannerSimulator(aim=True) as sim:
        widget.serial_port.setText(sim.port)
        widget.serial_settings.setText("9600 8N1")
        widget.serial_suffix.setText("CR")
        with qtbot.waitSignal(widget.scanned, timeout=15_000) as scanned:
            widget.listen(timeout=10)
            qtbot.waitUntil(widget.listening.is_set, timeout=5_000)
            sim.scan(f"01{demo_line.PRODUCTS[0].di}21SN-TEST-1\x1d10B261101", symbology="]d2")
    report = scanned.args[0]
    assert report.raw.startswith(b"]d2") and report.raw.endswith(b"\r") and b"\x1d" in report.raw
    assert report.kind == "udi" and report.details["serial"] == "SN-TEST-1"
    assert "<GS>" in widget.results.item(0, 1).text() and "1d" in widget.results.item(0, 0).text()
    # a typed test code that is not a code this station reads: refused with the reason
    qtbot.keyClicks(widget.test_input, "(01)12345")
    qtbot.keyClick(widget.test_input, Qt.Key.Key_Return)
    assert widget.test_message.tone == "bad" and "Unreadable" in widget.test_message.text()
    # settings are journalled with who
    widget.serial_enabled.setChecked(True)
    before = len(config_rows(station))
    qtbot.mouseClick(widget.save_button, Qt.MouseButton.LeftButton)  # no reason: refused
    assert widget.message.tone == "bad" and "reason" in widget.message.text()
    assert len(config_rows(station)) == before
    qtbot.keyClicks(widget.reason, "scanner moved to USB-serial")
    with qtbot.waitSignal(widget.saved, timeout=10_000):
        qtbot.keyClick(widget.reason, Qt.Key.Key_Return)
    entry = config_rows(station)[-1]
    assert entry["config"] == "scanners" and entry["by"]["name"] == "Tomas Weber"
    assert entry["reason"] == "scanner moved to USB-serial"
    assert "serial.enabled" in entry["changes"]


def test_station_rules_change_from_flag_to_block_is_journalled(
    context: StationContext, station: DemoStation, qtbot
) -> None:
    widget = StationSettingsWidget(context)
    qtbot.addWidget(widget)
    widget.show()
    settle(qtbot, context)
    combo = widget.rule_actions["environment"]
    assert combo.currentData() == "flag"
    combo.setCurrentIndex(combo.findData("block"))
    qtbot.keyClicks(widget.reason, "CAPA-2026-031")
    with qtbot.waitSignal(widget.saved, timeout=10_000):
        qtbot.mouseClick(widget.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot, context)
    qtbot.waitUntil(lambda: context.session.station.rule_action("environment") == "block")
    assert context.session.station.config_revision == 2  # the running session, not only the DB
    assert station.session("FA-01").station.rule_action("environment") == "block"
    assert "Tomas Weber" in widget.history.item(0, 1).text()
    what = widget.history.item(0, 2).text()
    assert "Environment out of window, stale or missing: flag → block" in what
    assert "{" not in what and "on_violation" not in what  # never a raw dict
    assert widget.history.item(0, 3).text() == "CAPA-2026-031"
    # a change made on another screen shows when the screen is shown again
    widget.hide()
    by = {"name": "Tomas Weber"}
    station.store.write(
        lambda conn: station_setup.save_scanner_settings(
            conn, "FA-01", {"wedge": {"max_gap_ms": 25.0}}, by=by, reason="faster scanner"
        )
    )
    widget.show()
    qtbot.waitUntil(lambda: widget.history.item(0, 3).text() == "faster scanner", timeout=5_000)
    assert widget.history.item(0, 2).text().startswith("Scanners")


def test_the_layout_test_label_finds_a_mismatch_and_the_station_refuses_until_fixed(
    context: StationContext, station: DemoStation, qtbot
) -> None:
    from app.codes import layouts

    widget = ScannersWidget(context)
    qtbot.addWidget(widget)
    widget.show()
    settle(qtbot, context)
    german = layouts.typed_as(layouts.TEST_LABEL, "us", "de")
    assert german is not None
    with qtbot.waitSignal(widget.saved, timeout=10_000):
        widget.handle_scan(german)
    assert widget.test_message.tone == "bad"
    assert "Set the scanner to German (QWERTZ)" in widget.test_message.text()
    assert config_rows(station)[-1]["scanners"]["wedge"]["layout_mismatch"] == {
        "scanner": "us",
        "host": "de",
    }
    qtbot.waitUntil(lambda: context.session.layout_mismatch is not None, timeout=5_000)
    # The scanner reprogrammed: the test label arrives intact and the station takes scans again.
    with qtbot.waitSignal(widget.saved, timeout=10_000):
        widget.handle_scan(layouts.TEST_LABEL)
    assert widget.test_message.tone == "ok"
    assert config_rows(station)[-1]["scanners"]["wedge"]["layout_mismatch"] is None
    qtbot.waitUntil(lambda: context.session.layout_mismatch is None, timeout=5_000)
