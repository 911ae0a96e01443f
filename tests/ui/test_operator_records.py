"""The operator's records of today: a serial is never cut while the panel has room."""

from __future__ import annotations

from PySide6.QtCore import Qt
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
    header = table.horizontalHeader()
    for col in range(3):  # the verdict's mark, the time and the serial, and their titles
        assert table.sizeHintForColumn(col) <= table.columnWidth(col)
        assert header.sectionSizeHint(col) <= header.sectionSize(col)
    assert header.sectionPosition(2) + header.sectionSize(2) <= table.viewport().width() + 1
    model = op.records_model
    model.set_rows(rows)  # as shown, whatever a refresh from the database brought meanwhile
    assert [model.data(model.index(r, 0)) for r in range(3)] == ["✔ ✎", "⚑", "✔ ✎"]
    tip = model.data(model.index(1, 2), Qt.ItemDataRole.ToolTipRole)
    assert "SN-IP-200-7100001" in tip and "Ben Costa" in tip and "flagged" in tip
