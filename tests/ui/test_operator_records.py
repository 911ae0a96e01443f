"""The operator's records of today: a serial is never cut while the panel has room."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from app.ui.main_window import MainWindow
from app.ui.models import RecordRow
from app.ui.resources import style_sheet
from tests.helpers.window import logged_in


def test_todays_records_show_whole_serials_at_the_panel_pc_size(window: MainWindow, qtbot):
    app = QApplication.instance()
    app.setStyleSheet(style_sheet())  # the station's large operator type
    logged_in(qtbot, window)
    op = window.operator
    assert op is not None
    window.resize(1366, 768)
    rows = [
        RecordRow(
            f"k{i}",
            "14:03:07",
            f"SN-IP-200-{7_100_000 + i}",
            "Ben Costa",
            status,
            i % 2 == 0,
        )
        for i, status in enumerate(("accepted", "flagged", "accepted"))
    ]
    try:
        check(op, rows, qtbot)
    finally:
        app.setStyleSheet("")


def check(op, rows, qtbot) -> None:
    op.records_model.set_rows(rows)
    qtbot.wait(100)
    table = op.records
    assert table.sizeHintForColumn(1) <= table.columnWidth(1)  # the unit column
    assert table.sizeHintForColumn(0) <= table.columnWidth(0)
    header = table.horizontalHeader()
    assert header.sectionPosition(2) + header.sectionSize(2) <= table.viewport().width() + 1
