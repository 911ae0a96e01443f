"""Trace: forward from a lot to every unit it went into, or backward from a unit serial or UDI."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.capture import recall, recall_export
from app.capture.recall import Trace
from app.codes.interpret import interpret
from app.codes.scan import CodeError, ScanKind
from app.domain.clock import iso_ms
from app.domain.entry import EntryMethod
from app.ui.context import StationContext, TaskError
from app.ui.models import local_time, zone_name
from app.ui.printing import Document, PrintActions
from app.ui.supervisor.common import BannerLabel, heading, screen_frame
from app.ui.supervisor.line_scope import LineScope
from app.ui.supervisor.models import trace_model


class TraceWidget(QWidget):
    """Forward from a lot or backward from a serial or UDI, as a tree; export a recall list."""

    title = "Trace"
    traced = Signal(object)  # Trace
    exported = Signal(str)  # path

    def __init__(self, context: StationContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        screen_frame(self)
        self.result: Trace | None = None
        # The whole line from the plant when it answers, else this station's records (said above
        # the tree).
        self.scope = LineScope(context.store, context.station_id)
        self.scope_banner = BannerLabel()

        self.forward = QRadioButton(self.tr("Forward from a lot (where did it go?)"))
        self.backward = QRadioButton(self.tr("Backward from a unit serial or UDI (what is in it?)"))
        self.forward.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.forward)
        group.addButton(self.backward)
        self.forward.toggled.connect(self._on_direction_toggled)
        self.start = QLineEdit()
        self.start.setMinimumWidth(380)
        self.start.returnPressed.connect(self._on_trace_clicked)
        self.trace_button = QPushButton(self.tr("Trace"))
        self.trace_button.setObjectName("primary")
        self.trace_button.clicked.connect(self._on_trace_clicked)
        self.csv_button = QPushButton(self.tr("Export CSV…"))
        self.pdf_button = QPushButton(self.tr("Export PDF…"))
        self.csv_button.clicked.connect(self._on_csv_clicked)
        self.pdf_button.clicked.connect(self._on_pdf_clicked)
        self.csv_button.setEnabled(False)
        self.pdf_button.setEnabled(False)
        self.printing = PrintActions(
            self,
            context,
            lambda _data: self.print_document(),
            lambda text, tone: self.summary.set_message(text, tone),
            file_name=lambda: f"recall-{self.result.start if self.result else 'trace'}.pdf",
        )
        self.printing.pdf_button.setVisible(False)  # "Export PDF…" writes the recall file
        self.printing.set_enabled(False)

        directions = QHBoxLayout()
        directions.addWidget(self.forward)
        directions.addSpacing(16)
        directions.addWidget(self.backward)
        directions.addStretch()
        query = QHBoxLayout()
        query.addWidget(self.start, 1)
        query.addWidget(self.trace_button)
        query.addSpacing(16)
        query.addWidget(self.csv_button)
        query.addWidget(self.pdf_button)
        query.addWidget(self.printing.print_button)

        self.summary = BannerLabel()
        self.tree = QTreeView()
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.empty = QLabel(
            self.tr(
                "Scan or type a lot to see every unit it went into, or a unit serial or UDI to see "
                "every lot and subassembly in it."
            )
        )
        self.empty.setObjectName("empty")
        self.empty.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(10)
        layout.addWidget(
            heading(
                self.tr("Trace"),
                self.tr(
                    "Genealogy through subassemblies, from the station's records. Export the affected "
                    "units as a recall impact list (CSV for systems, PDF for the file)."
                ),
            )
        )
        layout.addLayout(directions)
        layout.addLayout(query)
        layout.addWidget(self.summary)
        layout.addWidget(self.scope_banner)
        layout.addWidget(self.empty)
        layout.addWidget(self.tree, 1)
        self.tree.setVisible(False)
        self._on_direction_toggled(True)

    def _on_direction_toggled(self, _checked: bool) -> None:
        self.start.setPlaceholderText(
            self.tr("lot, e.g. ML-000012")
            if self.forward.isChecked()
            else self.tr("unit serial or UDI, e.g. (01)…(21)SN-…")
        )

    def trace(self, text: str, direction: str | None = None) -> None:
        """Runs the trace off the GUI thread; the tree fills when it is done."""
        text = text.strip()
        if not text:
            self.summary.set_message(self.tr("Scan or type what to trace."), "bad")
            return
        if direction is not None:
            (self.forward if direction == "forward" else self.backward).setChecked(True)
            self.start.setText(text)
        chosen = "forward" if self.forward.isChecked() else "backward"
        self.trace_button.setEnabled(False)
        self.summary.set_message(self.tr("Tracing {text}…").format(text=text), "info")
        scope = self.scope
        self.context.run_task(
            lambda: scope.trace(chosen, text), self._on_trace_done, self._on_failed
        )

    def handle_scan(self, text: str, entry: EntryMethod = EntryMethod.KEYBOARD_WEDGE) -> None:
        """A scanned lot traces forward; a scanned UDI or serial traces backward."""
        try:
            scan = interpret(text, entry)
        except CodeError as exc:
            self.summary.set_message(self.tr("Unreadable scan: {exc}").format(exc=exc), "bad")
            return
        kind = scan.kind
        label = scan.supplier_label
        if label is not None:  # a reel's supplier label: trace the plant lot it was received as
            store = self.context.store
            self.context.run_task(
                lambda: recall.lot_of_supplier_label(store.reader, label),
                lambda lot: self.trace(lot, "forward"),
                self._on_failed,
            )
            return
        direction = "forward" if kind is ScanKind.LOT else "backward"
        self.trace(text, direction)

    def _on_trace_clicked(self) -> None:
        self.trace(self.start.text())

    def _on_trace_done(self, result: Trace) -> None:
        self.trace_button.setEnabled(True)
        self.scope.show(self.scope_banner)
        self.result = result
        model = trace_model(result, self)
        self.tree.setModel(model)
        self.tree.expandToDepth(0 if len(result.rows) > 400 else 2)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.tree.setColumnWidth(0, 260)
        for col, width in enumerate((260, 240, 60, 90, 210, 200), start=0):
            self.tree.setColumnWidth(col, width)
        found = bool(result.rows)
        self.tree.setVisible(found)
        self.empty.setVisible(not found)
        self.csv_button.setEnabled(found)
        self.pdf_button.setEnabled(found)
        self.printing.set_enabled(found)
        if result.direction == "forward":
            devices = {r["unit"] for r in result.rows if r.get("di")}
            text = (
                f"Lot {result.start} went into {len(result.units):,} units "
                f"({len(devices):,} finished devices)."
                if found
                else f"Lot {result.start} is in no recorded unit."
            )
            tone = "warn" if found else "info"
        else:
            lots = {r["component"] for r in result.rows if r["kind"] == "lot"}
            held = [
                r["component"] for r in result.rows if r.get("lot_status") not in (None, "released")
            ]
            text = (
                f"Unit {result.start} contains {len(lots)} lots and "
                f"{sum(1 for r in result.rows if r['kind'] == 'unit')} subassemblies."
                if found
                else f"No record of unit {result.start}."
            )
            tone = "ok" if found and not held else ("bad" if held else "info")
            if held:
                text += f" Lots now on hold: {', '.join(held)}."
        self.summary.set_message(text, tone)
        self.traced.emit(result)

    def _on_failed(self, error: TaskError) -> None:
        self.trace_button.setEnabled(True)
        self.summary.set_message(error.message, "bad")

    # -- export -----------------------------------------------------------------------------------
    def print_document(self) -> Document:
        """The recall list as printed: the trace's summary and every row."""
        result = self.result
        assert result is not None
        operator = self.context.view.operator
        document = Document(result.title)
        document.facts.append(self.summary.text())
        document.facts.append(
            self.tr("Traced {at} {zone} at station {station} by {who}").format(
                at=local_time(iso_ms(result.traced_at), with_date=True),
                zone=zone_name(),
                station=self.context.station_id,
                who=operator.name if operator else "—",
            )
        )
        columns = [c for c in result.columns if c != "line"]
        document.table(
            [c.replace("_", " ") for c in columns],
            [
                [
                    local_time(str(row[c]), with_date=True)
                    if c == "recorded_at" and row.get(c)
                    else ("" if row.get(c) is None else row.get(c))
                    for c in columns
                ]
                for row in result.rows
            ],
        )
        return document

    def export(self, path: str | Path) -> None:
        """Writes the current trace to ``path`` (``.pdf`` or ``.csv``) off the GUI thread."""
        result = self.result
        if result is None:
            return
        target = Path(path)
        operator = self.context.view.operator
        who = operator.name if operator else ""
        station = self.context.station_id

        def work() -> str:
            if target.suffix.lower() == ".pdf":
                recall_export.export_pdf(result, target, station=station, prepared_by=who)
            else:
                recall_export.export_csv(result, target)
            return str(target)

        self.summary.set_message(self.tr("Writing {name}…").format(name=target.name), "info")
        self.context.run_task(work, self._on_export_done, self._on_failed)

    def _on_export_done(self, path: str) -> None:
        self.summary.set_message(self.tr("Saved {path}").format(path=path), "ok")
        self.exported.emit(path)

    def _ask_path(self, suffix: str, kind: str) -> str:
        start = self.result.start if self.result else "trace"
        path, _ = QFileDialog.getSaveFileName(
            self, f"Export {kind}", f"recall-{start}.{suffix}", f"{kind} (*.{suffix})"
        )
        return path

    def _on_csv_clicked(self) -> None:
        path = self._ask_path("csv", "CSV")
        if path:
            self.export(path)

    def _on_pdf_clicked(self) -> None:
        path = self._ask_path("pdf", "PDF")
        if path:
            self.export(path)
