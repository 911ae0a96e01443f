"""A supervisor reviews a shift in the real widgets: pages, traces a lot, disposes, signs, sees it break."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.capture import demo_line, exceptions, shifts
from app.ui.context import StationContext
from app.ui.supervisor.exceptions import ExceptionQueueWidget
from app.ui.supervisor.record_detail import RecordDetailDialog
from app.ui.supervisor.shift_log import ShiftLogWidget
from app.ui.supervisor.trace import TraceWidget
from tests.helpers.review import humid_record
from tests.helpers.stations import DemoStation

# The offscreen platform says so for every top-level window; it is not about our widgets.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def context(station: DemoStation, qtbot) -> StationContext:
    session = station.session("FA-01")
    session.login_password("supervisor", demo_line.DEMO_PASSWORD)
    ctx = StationContext(station.store, session, "FA-01")
    yield ctx
    ctx.wait()


def settle(qtbot, context: StationContext) -> None:
    """Waits until every background task's callback has run on the GUI thread."""
    qtbot.waitUntil(lambda: context.tasks.pending == 0, timeout=10_000)


def test_shift_log_loads_pages_as_the_table_scrolls(
    context: StationContext, station: DemoStation, qtbot
) -> None:
    widget = ShiftLogWidget(context)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    settle(qtbot, context)
    widget.select_shift(None)  # all shifts: more than one page
    widget.model.page_size = 25
    widget.refresh()
    settle(qtbot, context)
    first = widget.model.rowCount()
    total = station.conn.execute("SELECT count(*) FROM assemblies").fetchone()[0]
    assert 0 < first < total and widget.model.canFetchMore()
    while widget.model.canFetchMore():
        widget.table.scrollToBottom()
        widget.model.fetchMore()
        settle(qtbot, context)
    assert widget.model.rowCount() == total
    assert f"{total:,} records" in widget.status.text()
    # sorting by operator goes to the database and starts again from the first page
    widget.table.sortByColumn(6, Qt.SortOrder.DescendingOrder)
    settle(qtbot, context)
    names = [widget.model.row_at(i).operator_name for i in range(widget.model.rowCount())]
    assert names == sorted(names, reverse=True)


def test_supervisor_traces_a_lot_and_exports_the_recall_list(
    context: StationContext, station: DemoStation, qtbot, tmp_path: Path, monkeypatch
) -> None:
    lot = station.conn.execute(
        "SELECT component FROM components WHERE part_number = 'IC-MCU-32' LIMIT 1"
    ).fetchone()[0]
    widget = TraceWidget(context)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.keyClicks(widget.start, lot)
    with qtbot.waitSignal(widget.traced, timeout=10_000) as traced:
        qtbot.mouseClick(widget.trace_button, Qt.MouseButton.LeftButton)
    result = traced.args[0]
    model = widget.tree.model()
    root = model.index(0, 0)
    assert model.data(root) == lot
    boards = [model.data(model.index(r, 0, root)) for r in range(model.rowCount(root))]
    assert boards and all(b.startswith("PCB-") for b in boards)
    device = model.index(0, 0, model.index(0, 0, root))
    assert model.data(device).startswith("SN-")  # the board went into a finished device
    assert "finished devices" in widget.summary.text()
    target = tmp_path / "recall.pdf"
    monkeypatch.setattr(
        "app.ui.supervisor.trace.QFileDialog.getSaveFileName", lambda *a, **k: (str(target), "")
    )
    with qtbot.waitSignal(widget.exported, timeout=20_000):
        qtbot.mouseClick(widget.pdf_button, Qt.MouseButton.LeftButton)
    assert target.read_bytes().startswith(b"%PDF") and "Saved" in widget.summary.text()
    csv_path = tmp_path / "recall.csv"
    with qtbot.waitSignal(widget.exported, timeout=10_000):
        widget.export(csv_path)
    assert len(csv_path.read_text(encoding="utf-8-sig").splitlines()) == len(result.rows) + 1


def test_a_scanned_udi_traces_backward_to_its_lots(
    context: StationContext, station: DemoStation, qtbot
) -> None:
    serial, di = station.conn.execute(
        "SELECT unit_serial, di FROM assemblies WHERE di IS NOT NULL LIMIT 1"
    ).fetchone()
    widget = TraceWidget(context)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.traced, timeout=10_000) as traced:
        widget.handle_scan(f"01{di}21{serial}\x1d10B261101")
    assert traced.args[0].direction == "backward" and traced.args[0].start == serial
    assert widget.backward.isChecked() and "contains" in widget.summary.text()


def test_a_reel_scanned_by_its_supplier_label_traces_forward_from_its_plant_lot(
    context: StationContext, station: DemoStation, qtbot
) -> None:
    from app.capture.demo_line import SUPPLIER_PARTS
    from app.codes.mh10 import compose

    lot, supplier_lot = station.conn.execute(
        "SELECT l.id, l.supplier_lot FROM lots l JOIN components c ON c.component = l.id "
        "WHERE l.part_number = 'IC-MCU-32' LIMIT 1"
    ).fetchone()
    label = compose([("1P", SUPPLIER_PARTS["IC-MCU-32"]), ("Q", "250"), ("1T", supplier_lot)])
    widget = TraceWidget(context)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.traced, timeout=10_000) as traced:
        widget.handle_scan(label)
    assert traced.args[0].direction == "forward" and traced.args[0].start == lot
    unknown = compose([("1P", SUPPLIER_PARTS["IC-MCU-32"]), ("Q", "250"), ("1T", "NOPE")])
    widget.handle_scan(unknown)
    qtbot.waitUntil(lambda: "never received" in widget.summary.text(), timeout=10_000)


def test_supervisor_disposes_an_exception_with_a_comment(
    context: StationContext, station: DemoStation, qtbot
) -> None:
    key = humid_record(station)
    widget = ExceptionQueueWidget(context)
    qtbot.addWidget(widget)
    widget.show()
    settle(qtbot, context)
    row = next(r for r in range(widget.model.rowCount()) if widget.model.row_at(r).subject == key)
    widget.table.selectRow(row)
    assert "71.5" in widget.reasons.text()
    qtbot.mouseClick(widget.dispose_button, Qt.MouseButton.LeftButton)
    assert "Choose a decision" in widget.message.text()  # no decision is chosen for you
    widget.decision.setCurrentIndex(widget.decision.findData(exceptions.Decision.ACCEPT))
    qtbot.mouseClick(widget.dispose_button, Qt.MouseButton.LeftButton)
    settle(qtbot, context)
    assert "comment" in widget.message.text()  # refused without a comment
    qtbot.keyClicks(
        widget.comment, "RH spike while the door was open; PCBA is not moisture sensitive"
    )
    qtbot.keyClicks(widget.password, "not-my-password")  # a signature: a wrong password refuses
    qtbot.mouseClick(widget.dispose_button, Qt.MouseButton.LeftButton)
    settle(qtbot, context)
    assert "user name and password" in widget.message.text()
    assert station.journal_count("disposition") == 0
    qtbot.keyClicks(widget.username, "supervisor")
    qtbot.keyClicks(widget.password, demo_line.DEMO_PASSWORD)
    with qtbot.waitSignal(widget.disposed, timeout=10_000):
        qtbot.mouseClick(widget.dispose_button, Qt.MouseButton.LeftButton)
    settle(qtbot, context)
    assert key not in {widget.model.row_at(r).subject for r in range(widget.model.rowCount())}
    assert station.journal_count("disposition") == 1


def test_supervisor_signs_a_shift_and_sees_it_broken_after_a_correction(
    context: StationContext, station: DemoStation, qtbot
) -> None:
    at = station.conn.execute(
        "SELECT recorded_at FROM assemblies ORDER BY recorded_at LIMIT 1 OFFSET 30"
    ).fetchone()[0]
    shift = shifts.Shift.at(datetime.fromisoformat(at))
    widget = ShiftLogWidget(context)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    settle(qtbot, context)
    widget.select_shift(shift)
    settle(qtbot, context)
    assert "not signed" in widget.signature_banner.text()
    dialog = widget.sign_off()
    assert dialog is not None
    qtbot.keyClicks(dialog.username, "supervisor")
    qtbot.keyClicks(dialog.password, "not my password")
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    settle(qtbot, context)
    assert "password is wrong" in dialog.message.text() and dialog.isVisible()
    qtbot.keyClicks(dialog.password, demo_line.DEMO_PASSWORD)
    with qtbot.waitSignal(dialog.signed, timeout=10_000):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    settle(qtbot, context)
    banner = widget.signature_banner
    assert "Signed: Sofia Lindgren — reviewed" in banner.text() and banner.tone != "bad"

    # a signed record is corrected from its detail dialog: the signature shows as broken
    widget.table.selectRow(0)
    key = widget.selected_key()
    detail: RecordDetailDialog = widget.open_record(key)
    with qtbot.waitSignal(detail.loaded, timeout=10_000):
        pass
    detail.tabs.setCurrentIndex(3)
    qtbot.keyClicks(detail.reason, "housing lot mistyped on the traveller")
    with qtbot.waitSignal(detail.corrected, timeout=10_000):
        qtbot.mouseClick(detail.correct_button, Qt.MouseButton.LeftButton)
    settle(qtbot, context)
    assert "BROKEN" in banner.text() and key in banner.text() and banner.tone == "bad"
    detail.close()


def test_record_detail_shows_environment_plot_and_empty_profile_state(
    context: StationContext, station: DemoStation, qtbot
) -> None:
    key = humid_record(station)
    dialog = RecordDetailDialog(context, key)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.show()
    assert "Flagged" in dialog.banner.text() and "No disposition yet" in dialog.banner.text()
    assert [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())] == [
        "Components",
        "Environment",
        "Thermal profile",
        "History && signatures",
    ]
    assert len(dialog.environment_plots) == 2 and dialog.profile_plot is None


def test_record_detail_writes_the_units_device_history_record(
    context: StationContext, station: DemoStation, qtbot, tmp_path
) -> None:
    key = humid_record(station)
    dialog = RecordDetailDialog(context, key)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.show()
    assert dialog.dhr_button.isEnabled()
    target = tmp_path / "dhr.pdf"
    with qtbot.waitSignal(dialog.dhr_saved, timeout=30_000):
        dialog.save_dhr(str(target))
    assert target.read_bytes().startswith(b"%PDF")
    assert "Device history record written" in dialog.banner.text()
