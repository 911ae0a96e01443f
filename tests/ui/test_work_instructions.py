"""Per-step work instructions (master data, journalled) shown beside the operator's checklist."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QApplication, QLabel

from app.store import masterdata_write
from app.store.masterdata_write import Change
from app.ui.main_window import MainWindow
from app.ui.resources import style_sheet
from tests.helpers.stations import DemoStation
from tests.helpers.window import logged_in
from tests.store.test_journal import raw, verify


def test_the_steps_instruction_shows_beside_the_checklist_with_its_pictures(
    window: MainWindow, station: DemoStation, qtbot
):
    app = QApplication.instance()
    app.setStyleSheet(style_sheet())
    try:
        logged_in(qtbot, window)
        op = window.operator
        assert op is not None
        window.resize(1366, 768)
        panel = op.instructions
        qtbot.waitUntil(lambda: len(panel.lines) == 3, timeout=5_000)
        texts = [w.text() for w in panel.body.findChildren(QLabel) if w.text()]
        assert texts[0].startswith("1. Lay the PCB assembly in the bottom housing")
        pictures = [
            w for w in panel.body.findChildren(QLabel) if w.pixmap() and not w.pixmap().isNull()
        ]
        assert len(pictures) == 2 and all(p.pixmap().width() >= 200 for p in pictures)
        qtbot.wait(100)
        # beside the checklist, not below or over it
        checklist = op.checklist.geometry()
        assert panel.geometry().left() >= checklist.right() and panel.isVisible()
        # the operator's type: at least 18 px for every line of the instruction
        assert all(
            QFontInfo(w.font()).pixelSize() >= 18
            for w in panel.body.findChildren(QLabel)
            if w.text()
        )
    finally:
        app.setStyleSheet("")


def test_instructions_are_journalled_master_data_that_verify_checks(
    station: DemoStation, demo_db: Path
) -> None:
    station.store.write(
        lambda conn: masterdata_write.write(
            conn,
            "FA-01",
            [
                Change(
                    "work_instructions",
                    {"product": "IP-200", "step": "S20", "position": 4},
                    {"text": "Check the seal by eye before packing.", "image": ""},
                )
            ],
            by="U3001",
            why="WI-IP200-S20 rev C",
        )
    )
    content = json.loads(
        station.conn.execute(
            "SELECT content FROM journal WHERE kind = 'masterdata' ORDER BY seq DESC LIMIT 1"
        ).fetchone()[0]
    )
    assert (
        content["master"][0]["table"] == "work_instructions"
        and content["why"] == "WI-IP200-S20 rev C"
    )
    assert verify(demo_db).intact
    tamper = raw(demo_db)
    tamper.execute("UPDATE work_instructions SET text = 'skip the seal' WHERE position = 4")
    tamper.close()
    report = verify(demo_db)
    assert not report.intact and "work_instructions" in str(report.problem)


def test_scanned_lots_and_serials_stay_whole_beside_the_instruction(
    window: MainWindow, station: DemoStation, qtbot
):
    from tests.helpers.window import wedge_udi

    app = QApplication.instance()
    app.setStyleSheet(style_sheet())
    try:
        logged_in(qtbot, window)
        op = window.operator
        assert op is not None
        window.resize(1366, 768)
        session = window.context.session
        window.context.run_session(lambda: session.scan(wedge_udi("SN-IP-200-UI00077")))
        board = station.free_pcb()
        window.context.run_session(lambda: session.scan(board))
        qtbot.waitUntil(
            lambda: any(line.scanned for line in op.checklist_model._rows), timeout=5_000
        )
        qtbot.wait(200)
        table = op.checklist
        assert table.sizeHintForColumn(3) <= table.columnWidth(3)  # PCB-200-… never cut
        assert table.sizeHintForColumn(1) <= table.columnWidth(1)
        # no column title is cut; the description shows only where it can be read, and its words
        # stay in the part's tooltip when it gives way
        head = table.horizontalHeader()
        shown = [c for c in range(4) if not table.isColumnHidden(c)]
        assert all(head.sectionSizeHint(c) <= head.sectionSize(c) for c in shown)
        assert table.isColumnHidden(2) or table.columnWidth(2) >= op.DESCRIPTION_MIN_PX
        model = op.checklist_model
        line = model.row_at(0)
        tip = model.data(model.index(0, 1), Qt.ItemDataRole.ToolTipRole)
        assert tip == f"{line.bom.part_number}: {line.bom.description}"
        window.resize(1920, 1080)
        qtbot.waitUntil(lambda: not table.isColumnHidden(2), timeout=5_000)
        assert table.columnWidth(2) >= op.DESCRIPTION_MIN_PX
    finally:
        app.setStyleSheet("")
