"""The operator station through the real window: badge log-in, scans by wedge and serial scanner, refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from app.capture import demo_line
from app.store import journal
from app.ui.autopilot import Autopilot, type_burst
from app.ui.context import StationContext
from app.ui.main_window import MainWindow
from app.ui.operator_panels import CorrectionDialog
from app.ui.scanner_worker import ScannerWorker
from app.ui.station import provision_boards, quarantined_lot, unit_scans
from drivers.serial_scanner import SerialScanner
from drivers.simulators.scanner import ScannerSimulator
from tests.helpers.stations import DemoStation
from tests.helpers.window import banner, logged_in, wedge_udi


def test_badge_scan_logs_in_and_the_journal_says_so(
    window: MainWindow, station: DemoStation, qtbot
):
    before = station.journal_count("login")
    logged_in(qtbot, window)
    assert window.who.text() == "Ben Costa · operator"
    assert window.tabs.tabText(0) == "Station"
    assert window.operator is not None and window.operator.isVisible()
    qtbot.waitUntil(lambda: station.journal_count("login") == before + 1)


def test_unknown_badge_is_refused_with_the_reason(window: MainWindow, station: DemoStation, qtbot):
    with qtbot.waitSignal(window.login.failed, timeout=5_000) as blocker:
        type_burst("BDG-0999", window.login.badge)  # Rolf Former: inactive
    assert "inactive" in blocker.args[0].lower() or "not active" in blocker.args[0].lower()
    assert window.operator is None
    qtbot.waitUntil(lambda: station.journal_count("login-failed") == 1)


def test_staff_log_in_by_password_and_a_wrong_password(window: MainWindow, qtbot):
    login = window.login
    login.username.setText("supervisor")
    login.password.setText("wrong")
    with qtbot.waitSignal(login.failed, timeout=5_000) as blocker:
        login.login_button.click()
    assert "password is wrong" in blocker.args[0]
    login.username.setText("supervisor")
    login.password.setText(demo_line.DEMO_PASSWORD)
    login.login_button.click()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.tabs, timeout=5_000)
    assert window.who.text() == "Sofia Lindgren · supervisor"
    assert "Station" in window.screens


def test_slow_typing_is_not_a_scan_and_reaches_the_field(window: MainWindow, qtbot):
    # Keys without the suffix are held while they might be a scan, then handed back in order.
    window.login.username.setFocus()
    qtbot.keyClicks(window.login.username, "sofia")
    qtbot.waitUntil(lambda: window.login.username.text() == "sofia", timeout=2_000)


def test_a_complete_step_from_wedge_bursts_and_a_serial_scanner(
    window: MainWindow, station: DemoStation, qtbot
):
    logged_in(qtbot, window)
    op = window.operator
    assert op is not None
    board = station.free_pcb()
    serial = "SN-IP-200-UI00001"
    udi = wedge_udi(serial)
    sim = ScannerSimulator()
    worker = ScannerWorker(SerialScanner(sim.port, reconnect_s=0.05)).start()
    window.attach_scanner(worker)
    try:
        type_burst(udi)  # GS as Ctrl+] key events, through the application event filter
        qtbot.waitUntil(lambda: serial in banner(window)[1], timeout=5_000)
        assert banner(window)[0] == "ok"
        qtbot.waitUntil(lambda: worker.scanner.status.health.name == "CONNECTED", timeout=5_000)
        sim.scan(board)  # the board's serial label, read by the serial scanner
        qtbot.waitUntil(lambda: len(window.context.session.components) == 1, timeout=5_000)
        assert window.context.session.components[0].scan.entry == "serial-scanner"
        qtbot.waitUntil(lambda: op.profile.verdict.text().startswith("PASS"), timeout=5_000)
        with qtbot.waitSignal(op.record_committed, timeout=10_000) as committed:
            for lot in station.final_components():
                type_burst(lot)
    finally:
        worker.stop()
        sim.close()
    assert committed.args[0].verdict.status == "accepted"
    qtbot.waitUntil(lambda: banner(window)[0] == "done", timeout=5_000)
    assert "Recorded" in banner(window)[1]
    qtbot.waitUntil(lambda: op.records_model.rowCount() >= 1, timeout=5_000)
    assert op.records_model.row_at(0).unit == serial
    assert journal.verify(station.store.reader).intact


@pytest.mark.parametrize(
    ("scan", "expected"),
    [
        ("quarantined", "quarantined"),
        ("ZZ-NOT-A-LOT-0001", "check the label"),
        ("recorded", "already recorded at step s20"),
    ],
)
def test_refusals_say_why_and_what_to_do(
    window: MainWindow, station: DemoStation, qtbot, scan: str, expected: str
):
    logged_in(qtbot, window)
    if scan == "quarantined":
        type_burst(wedge_udi("SN-IP-200-UI00002"))
        qtbot.waitUntil(lambda: window.context.session.unit_serial is not None, timeout=5_000)
        scan = quarantined_lot(station.conn, "BAT-LI-2S") or "missing"
    elif scan == "recorded":
        done = station.conn.execute(
            "SELECT unit_serial FROM assemblies WHERE step = 'S20' AND product = 'IP-200' LIMIT 1"
        ).fetchone()[0]
        scan = wedge_udi(done)
    type_burst(scan)
    qtbot.waitUntil(lambda: banner(window)[0] == "bad", timeout=5_000)
    _state, text = banner(window)
    assert expected in text.lower()
    assert "→" in text  # what to do, on its own line
    assert window.operator is not None and window.operator.sounds.played[-1] == "refused"


def test_scan_before_log_in_asks_for_the_badge(window: MainWindow, qtbot):
    with qtbot.waitSignal(window.login.failed, timeout=5_000) as blocker:
        type_burst(demo_line.PRODUCTS[0].di.join(["01", "21SN-X"]))
    assert "scan your badge first" in blocker.args[0].lower()


def test_a_wrong_scan_is_removed_before_commit(window: MainWindow, station: DemoStation, qtbot):
    logged_in(qtbot, window)
    op = window.operator
    assert op is not None
    type_burst(wedge_udi("SN-IP-200-UI00003"))
    qtbot.waitUntil(lambda: window.context.session.unit_serial is not None, timeout=5_000)
    type_burst(station.lot("HSG-TOP-200"))
    qtbot.waitUntil(op.remove_button.isEnabled, timeout=5_000)
    assert len(window.context.session.components) == 1
    # Del is the window's shortcut: it fires in the active window only, and the offscreen
    # platform activates a new window when it gets round to it (later still on a busy machine).
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    qtbot.keyClick(op, Qt.Key.Key_Delete)  # no row selected: the screen asks which scan
    qtbot.waitUntil(
        lambda: op.remove_dialog is not None and op.remove_dialog.isActiveWindow(), timeout=5_000
    )
    assert len(window.context.session.components) == 1
    dialog = op.remove_dialog
    qtbot.keyClick(dialog.choices, Qt.Key.Key_Return)
    try:
        qtbot.waitUntil(lambda: "removed" in banner(window)[1], timeout=5_000)
    except qtbot.TimeoutError:  # seen once under load: say where the Return went
        focus = QApplication.focusWidget()
        pytest.fail(
            f"no removal after Return: focus {type(focus).__name__} "
            f"{focus.objectName() if focus else ''!r}, dialog visible {dialog.isVisible()}, "
            f"result {dialog.result()}, banner {banner(window)!r}, "
            f"scans {len(window.context.session.components)}"
        )
    assert not window.context.session.components


def test_idle_time_logs_out(station: DemoStation, qtbot):
    session = station.session("FA-01")
    context = StationContext(station.store, session, "FA-01")
    logouts = station.journal_count("logout")  # the demo's shift changes
    win = MainWindow(context, idle_minutes=0.003).install()  # 180 ms
    qtbot.addWidget(win)
    win.show()
    try:
        logged_in(qtbot, win)
        qtbot.waitUntil(lambda: win.stack.currentWidget() is win.login, timeout=5_000)
        assert "without input" in win.login.message.text()
        qtbot.waitUntil(lambda: station.journal_count("logout") == logouts + 1)
    finally:
        win.shutdown()
        context.shutdown()


def test_ctrl_bracket_is_gs_in_a_burst(window: MainWindow, qtbot):
    # A QLineEdit would drop GS; the filter keeps it (LIBRARIES.md).
    with qtbot.waitSignal(window.wedge.scanned, timeout=2_000) as blocker:
        for ch in "AB12":
            QApplication.sendEvent(
                window.login.badge,
                QKeyEvent(
                    QEvent.Type.KeyPress, Qt.Key(ord(ch)), Qt.KeyboardModifier.NoModifier, ch
                ),
            )
        QApplication.sendEvent(
            window.login.badge,
            QKeyEvent(
                QEvent.Type.KeyPress,
                Qt.Key.Key_BracketRight,
                Qt.KeyboardModifier.ControlModifier,
                "\x1d",
            ),
        )
        for ch in "CD\r":
            key = Qt.Key.Key_Return if ch == "\r" else Qt.Key(ord(ch))
            QApplication.sendEvent(
                window.login.badge,
                QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier, ch),
            )
    assert blocker.args[0] == "AB12\x1dCD"
    assert window.login.badge.text() == ""  # a scan never lands in the focused field


def test_autopilot_runs_units_and_takes_screenshots(
    window: MainWindow, station: DemoStation, qtbot, tmp_path: Path
):
    boards = provision_boards(station.store, 2, "T")
    scans = unit_scans(station.conn, boards, "T0001")
    pilot = Autopilot(
        window,
        scans,
        refused_lot=quarantined_lot(station.conn, "BAT-LI-2S"),
        screenshots=tmp_path,
        staff_password=demo_line.DEMO_PASSWORD,
    )
    with qtbot.waitSignal(pilot.finished, timeout=40_000) as done:
        pilot.start()
    assert done.args == [0], pilot.problems
    names = {p.name for p in tmp_path.glob("*.png")}
    assert {
        "01-login.png",
        "02-operator-mid-step.png",
        "03-refusal.png",
        "04-committed.png",
    } <= names


def test_after_commit_only_a_correction_with_a_reason(
    window: MainWindow, station: DemoStation, qtbot
):
    logged_in(qtbot, window)
    op = window.operator
    assert op is not None
    board = station.free_pcb()
    with qtbot.waitSignal(op.record_committed, timeout=10_000):
        for code in [wedge_udi("SN-IP-200-UI00004"), board, *station.final_components()]:
            type_burst(code)
    qtbot.waitUntil(lambda: op.records_model.rowCount() >= 1, timeout=5_000)
    qtbot.keyClick(op, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: op.findChild(CorrectionDialog) is not None, timeout=5_000)
    dialog = op.findChild(CorrectionDialog)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible()  # no reason, no correction
    dialog.reason.setText("wrong housing lot scanned")
    right = station.conn.execute(
        "SELECT id FROM lots WHERE part_number = 'HSG-TOP-200' AND status = 'released' "
        "ORDER BY id LIMIT 1 OFFSET 1"
    ).fetchone()[0]
    dialog.component.setCurrentIndex(dialog.component.findText(station.lot("HSG-TOP-200")))
    dialog.replacement.setText(right)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: "Correction of SN-IP-200-UI00004" in banner(window)[1], timeout=5_000)
    assert station.journal_count("correction") == 1
    model = op.records_model
    qtbot.waitUntil(
        lambda: any(model.row_at(r).corrected for r in range(model.rowCount())), timeout=5_000
    )


def test_gui_without_a_database_says_how_to_make_one(tmp_path: Path, capsys):
    from app.cli import main

    assert main(["gui", "--db", str(tmp_path / "none.sqlite")]) == 2
    assert "lineside init" in capsys.readouterr().err


def test_lineside_demo_autopilot_verb_records_every_unit(qtbot, tmp_path: Path, capsys):
    from app.cli import main

    code = main(
        [
            "demo",
            "--db",
            str(tmp_path / "demo.sqlite"),
            "--units",
            "60",
            "--autopilot",
            "2",
            "--screenshots",
            str(tmp_path / "shots"),
        ]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert "2/2 units recorded; journal intact" in out
    assert (tmp_path / "shots" / "03-refusal.png").stat().st_size > 10_000


def test_the_demo_scanner_strip_scans_a_whole_unit_through_the_wedge(station: DemoStation, qtbot):
    context = StationContext(station.store, station.session("FA-01"), "FA-01")
    win = MainWindow(context, demo=True).install()
    qtbot.addWidget(win)
    win.show()
    try:
        logged_in(qtbot, win)
        assert win.demo_scanner is not None and win.demo_scanner.isVisible()
        op = win.operator
        assert op is not None
        win.demo_scanner.next_button.click()  # the unit's UDI label
        qtbot.waitUntil(lambda: context.session.unit_serial is not None, timeout=15_000)
        with qtbot.waitSignal(op.record_committed, timeout=15_000):
            win.demo_scanner.all_button.click()
        win.demo_scanner.bad_button.click()
        qtbot.waitUntil(lambda: banner(win)[0] == "bad", timeout=5_000)
        assert "quarantined" in banner(win)[1]
    finally:
        win.shutdown()
        context.shutdown()


def test_a_scan_on_the_trace_screen_traces_and_keeps_the_supervisor(
    window: MainWindow, station: DemoStation, qtbot
):
    from app.ui.supervisor.trace import TraceWidget

    login = window.login
    login.username.setText("supervisor")
    login.password.setText(demo_line.DEMO_PASSWORD)
    login.login_button.click()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.tabs, timeout=5_000)
    trace = next(w for w in window.screens.values() if isinstance(w, TraceWidget))
    window.show_screen(trace)
    lot = station.lot("SCR-M3-8")
    type_burst(lot, trace)
    qtbot.waitUntil(lambda: trace.result is not None, timeout=10_000)
    assert trace.result.direction == "forward" and trace.result.rows
    assert window.current_screen() is trace
    assert window.who.text() == "Sofia Lindgren · supervisor"
