"""Print and "Save as PDF" of the shift log, a record's detail and the recall list, read back with
pdftotext; the thermal plot large with every channel named outside the curves."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog

from app.capture import demo_line
from app.ui.context import StationContext
from app.ui.models import shift_label
from app.ui.supervisor.record_detail import PROFILE_PLOT_MIN_HEIGHT, RecordDetailDialog
from app.ui.supervisor.shift_log import ShiftLogWidget
from app.ui.supervisor.trace import TraceWidget
from tests.helpers.pdf import overlapping_words, pdf_text
from tests.helpers.review import record_profile_run
from tests.helpers.stations import DemoStation

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def context(station: DemoStation, qtbot) -> StationContext:
    session = station.session("FA-01")
    session.login_password("supervisor", demo_line.DEMO_PASSWORD)
    ctx = StationContext(station.store, session, "FA-01")
    yield ctx
    ctx.wait()


def settle(qtbot, context: StationContext) -> None:
    qtbot.waitUntil(lambda: context.tasks.pending == 0, timeout=10_000)


class PrintToFile:
    """Stands in for the print dialog: the user picks a printer that writes ``target``."""

    target: Path
    shown = 0

    def __init__(self, printer: QPrinter, _parent=None) -> None:
        self.printer = printer

    def setWindowTitle(self, _title: str) -> None:
        pass

    def exec(self) -> QDialog.DialogCode:
        type(self).shown += 1
        self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        self.printer.setOutputFileName(str(self.target))
        return QDialog.DialogCode.Accepted


@pytest.fixture
def print_dialog(monkeypatch, tmp_path: Path) -> type[PrintToFile]:
    PrintToFile.target = tmp_path / "printed.pdf"
    PrintToFile.shown = 0
    monkeypatch.setattr("app.ui.printing.QPrintDialog", PrintToFile)
    return PrintToFile


def test_the_shift_log_prints_and_saves_as_pdf_with_every_record(
    context: StationContext, station: DemoStation, qtbot, tmp_path: Path, print_dialog
) -> None:
    widget = ShiftLogWidget(context)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.show()
    settle(qtbot, context)
    shift = widget.shift.currentData()
    target = tmp_path / "shift.pdf"
    with qtbot.waitSignal(widget.printing.saved, timeout=20_000):
        widget.printing.save(target)
    text = pdf_text(target)
    serials = [widget.model.row_at(r).unit_serial for r in range(widget.model.rowCount())]
    assert f"Shift log — {shift_label(shift)}" in text  # in local time with the zone
    assert serials and all(s in text for s in serials)
    assert "not signed yet" in text and overlapping_words(target) == []
    assert "Saved" in widget.signature_banner.text()

    with qtbot.waitSignal(widget.printing.printed, timeout=20_000):
        widget.printing.print_button.click()
    assert print_dialog.shown == 1 and serials[0] in pdf_text(print_dialog.target)


def test_a_records_detail_prints_with_its_large_thermal_plot_and_every_channel(
    context: StationContext, station: DemoStation, qtbot, tmp_path: Path
) -> None:
    board = station.free_pcb()
    record_profile_run(station, board, cold_by=12.0)
    key = station.conn.execute(
        "SELECT record_key FROM assemblies WHERE unit_serial = ?", (board,)
    ).fetchone()[0]
    dialog = RecordDetailDialog(context, key)
    qtbot.addWidget(dialog)
    dialog.resize(1100, 700)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.show()
    dialog.tabs.setCurrentIndex(2)
    qtbot.wait(100)
    plot = dialog.profile_plot
    assert plot is not None and plot.height() >= PROFILE_PLOT_MIN_HEIGHT
    legend = dialog.profile_legend
    assert all(f"TC{i}" in legend.text() for i in range(1, 7))
    # the legend is outside the plot: no curve is hidden behind it
    assert plot.getPlotItem().legend is None
    assert not legend.geometry().intersects(plot.geometry())
    target = tmp_path / "record.pdf"
    with qtbot.waitSignal(dialog.printing.saved, timeout=20_000):
        dialog.printing.save(target)
    text = pdf_text(target).replace("\ufb01", "fi")  # the PDF's "fi" ligature
    for words in (board, "Components", "Thermal profile", "FAILED", "TC6", "Journal hash"):
        assert words in text, words


def test_the_recall_list_prints_every_unit(
    context: StationContext, station: DemoStation, qtbot, print_dialog
) -> None:
    lot = station.conn.execute(
        "SELECT component FROM components WHERE part_number = 'IC-MCU-32' LIMIT 1"
    ).fetchone()[0]
    widget = TraceWidget(context)
    qtbot.addWidget(widget)
    assert not widget.printing.print_button.isEnabled()
    with qtbot.waitSignal(widget.traced, timeout=10_000) as traced:
        widget.trace(lot, "forward")
    with qtbot.waitSignal(widget.printing.printed, timeout=20_000):
        widget.printing.print_button.click()
    text = pdf_text(print_dialog.target)
    assert all(unit in text for unit in traced.args[0].units)
    assert lot in text and overlapping_words(print_dialog.target) == []
