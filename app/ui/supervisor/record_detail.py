"""Everything bound to one record: unit, components, environment, thermal profile, history."""

from __future__ import annotations

import html
import math
import re
from datetime import datetime
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.capture import record_detail
from app.capture.record_detail import RecordDetail
from app.domain.clock import parse_iso
from app.domain.environment import EnvWindow
from app.domain.profile import ThermalProfile
from app.store import profiles
from app.ui.context import StationContext, TaskError
from app.ui.printing import Document, PrintActions
from app.ui.refusals import quantity as quantity_said
from app.ui.supervisor.common import SCREEN_STYLE, BannerLabel, countersign_text, section
from app.ui.supervisor.models import AMBER, GREEN, RED, when

PROFILE_PLOT_MIN_HEIGHT = 380
CHANNEL_COLOURS = ("#5cc8ff", "#ff7b7b", "#5ef29c", "#ffcc4d", "#c39bff", "#4fd1c5", "#b8c4d6")
PLOT_BG = "#121c29"
AXIS = "#b8c4d6"


def _table(headers: list[str], rows: list[list[Any]]) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = value if isinstance(value, QTableWidgetItem) else QTableWidgetItem(str(value))
            table.setItem(r, c, item)
    table.horizontalHeader().setStretchLastSection(True)
    table.resizeColumnsToContents()
    return table


def _cell(item: QTableWidgetItem | None) -> str:
    return item.text() if item is not None else ""


def _form_label(field: QWidget) -> str | None:
    """The row label of ``field`` in a form layout ("Record key"), "" if none, None for a label
    that is itself a form's caption."""
    parent = field.parentWidget()
    top = parent.layout() if parent is not None else None
    if top is None:
        return ""
    for form in [top, *top.findChildren(QFormLayout)]:
        if not isinstance(form, QFormLayout):
            continue
        position: Any = form.getWidgetPosition(field)
        if int(position[0]) >= 0 and position[1] == QFormLayout.ItemRole.LabelRole:
            return None  # the caption itself: printed with its field
        if int(position[0]) >= 0:
            item = form.itemAt(int(position[0]), QFormLayout.ItemRole.LabelRole)
            widget = item.widget() if item is not None else None
            return widget.text() if isinstance(widget, QLabel) else ""
    return ""


def _scrolling(page: QWidget) -> QScrollArea:
    """``page`` in a scroll area: a large plot and its table never squeeze each other."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setStyleSheet("QScrollArea, QScrollArea > QWidget > QWidget { background: transparent; }")
    area.setWidget(page)
    return area


def _coloured(text: str, colour: QColor) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setForeground(colour)
    return item


def _style(plot: pg.PlotWidget) -> pg.PlotWidget:
    for name in ("left", "bottom"):
        axis = plot.getPlotItem().getAxis(name)
        axis.setTextPen(AXIS)
        axis.setPen("#3a4d68")
    plot.showGrid(x=True, y=True, alpha=0.18)
    plot.setMenuEnabled(False)
    return plot


def _plot(title: str, unit: str) -> pg.PlotWidget:
    plot = pg.PlotWidget(background=PLOT_BG)
    plot.setTitle(title, color="#eef2f7", size="11pt")
    plot.setLabel("left", unit)
    return _style(plot)


class RecordDetailDialog(QDialog):
    """The record with its components, environmental context and the readings around that time,
    its thermal profile with the specification window shaded, and its history (corrections,
    disposition, signatures)."""

    loaded = Signal(object)  # RecordDetail
    corrected = Signal(str)  # key of the correction
    dhr_saved = Signal(str)  # path of the device history record PDF written

    def __init__(self, context: StationContext, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.key = key
        self.detail: RecordDetail | None = None
        self.profile_plot: pg.PlotWidget | None = None
        self.environment_plots: list[pg.PlotWidget] = []
        self.setWindowTitle(self.tr("Record {key}").format(key=key))
        self.setStyleSheet(SCREEN_STYLE)
        # 1100×760, or less on a smaller panel (a 1366×768 screen keeps room for the title bar).
        screen = QGuiApplication.primaryScreen()
        room = screen.availableGeometry() if screen is not None else None
        self.resize(
            min(1100, room.width() - 40) if room else 1100,
            min(760, room.height() - 60) if room else 760,
        )

        self.title = QLabel(self.tr("Loading…"))
        self.title.setObjectName("screenTitle")
        self.subtitle = QLabel()
        self.subtitle.setObjectName("screenHint")
        self.subtitle.setWordWrap(True)
        self.banner = BannerLabel()
        self.tabs = QTabWidget()
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        self.dhr_button = QPushButton(self.tr("Device history record (PDF)…"))
        self.dhr_button.setToolTip(
            self.tr("Every step of this unit and its subassemblies, for the quality file")
        )
        self.dhr_button.clicked.connect(self._on_dhr_clicked)
        self.printing = PrintActions(
            self,
            context,
            lambda _data: self.print_document(),
            self.banner.set_message,
            file_name=lambda: f"record-{self.key}.pdf",
        )
        self.printing.set_enabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.dhr_button)
        buttons.addWidget(self.printing.print_button)
        buttons.addWidget(self.printing.pdf_button)
        buttons.addStretch()
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        """Reads the record again (off the GUI thread)."""
        store, key = self.context.store, self.key

        def load() -> tuple[RecordDetail, ThermalProfile | None]:
            detail = record_detail.record_detail(store.reader, key)
            curve = None
            if detail.profile_id and detail.profile and detail.profile["samples"]:
                curve = profiles.load_profile(store.reader, detail.profile_id)
            return detail, curve

        self.context.run_task(load, self._on_detail_loaded, self._on_detail_failed)

    def _on_detail_failed(self, error: TaskError) -> None:
        self.title.setText(self.tr("Record not available"))
        self.banner.set_message(error.message, "bad")

    def _on_detail_loaded(self, loaded: tuple[RecordDetail, ThermalProfile | None]) -> None:
        detail, curve = loaded
        self.detail = detail
        c = detail.content
        unit = (c.get("unit") or {}).get("serial", "")
        status = (c.get("verdict") or {}).get("status", "")
        self.title.setText(
            self.tr("{unit} · {get} · step {get2}").format(
                unit=unit, get=c.get("product", ""), get2=c.get("step", "")
            )
        )
        operator = (c.get("operator") or {}).get("name", "")
        self.subtitle.setText(
            self.tr(
                "{kind} recorded {when} at station {get} (line {get2}) by {operator} · work order {get3} · key {key} · hash {value}…"
            ).format(
                kind=detail.kind,
                when=when(c.get("recorded_at", "")),
                get=c.get("station"),
                get2=c.get("line"),
                operator=operator,
                get3=c.get("work_order"),
                key=detail.key,
                value=detail.hash[:16],
            )
        )
        findings = (c.get("verdict") or {}).get("findings") or []
        if detail.superseded_by:
            self.banner.set_message(
                self.tr("Superseded: corrected by record {superseded_by}.").format(
                    superseded_by=detail.superseded_by
                ),
                "warn",
            )
        elif status == "flagged":
            text = "Flagged: " + "; ".join(f["message"] for f in findings)
            if detail.disposition:
                d = detail.disposition
                text += (
                    f"\nDisposition: {d['decision']} by {d['by']['name']} "
                    f"({when(d['recorded_at'])}): {d['comment']}"
                )
                self.banner.set_message(text, "info")
            else:
                self.banner.set_message(text + self.tr("\nNo disposition yet."), "warn")
        else:
            self.banner.set_message(self.tr("Verdict: {status}.").format(status=status), "ok")
        self.tabs.clear()
        self.tabs.addTab(self._components_tab(c), self.tr("Components"))
        self.tabs.addTab(self._environment_tab(detail), self.tr("Environment"))
        self.tabs.addTab(_scrolling(self._profile_tab(detail, curve)), self.tr("Thermal profile"))
        self.tabs.addTab(self._history_tab(detail), self.tr("History && signatures"))
        self.printing.set_enabled(True)
        self.loaded.emit(detail)

    # -- tabs -------------------------------------------------------------------------------------
    def _components_tab(self, c: dict[str, Any]) -> QWidget:
        rows = []
        for comp in c.get("components") or []:
            cert = comp.get("certificate") or {}
            rows.append(
                [
                    comp["id"],
                    comp["kind"],
                    comp["part_number"],
                    f"{comp['quantity']:g}",
                    comp.get("supplier_lot") or "",
                    f"{cert.get('type', '')} rev {cert.get('revision', '')} ({cert.get('id', '')})"
                    if cert
                    else "",
                    (comp.get("scan") or {}).get("entry", ""),
                ]
            )
        udi = (c.get("unit") or {}).get("udi") or {}
        box = QWidget()
        layout = QVBoxLayout(box)
        if udi:
            layout.addWidget(
                QLabel(
                    self.tr("UDI {get}  ·  DI {get2}  ·  lot {get3}  ·  expiry {get4}").format(
                        get=udi.get("hrf", ""),
                        get2=udi.get("di"),
                        get3=udi.get("lot"),
                        get4=udi.get("expiry"),
                    )
                )
            )
        layout.addWidget(
            _table(
                ["Component", "Kind", "Part", "Qty", "Supplier lot", "Certificate", "Entry"], rows
            )
        )
        return box

    def _environment_tab(self, detail: RecordDetail) -> QWidget:
        c = detail.content
        rows = []
        for e in c.get("environment") or []:
            ok = e.get("status") == "ok"
            window = e.get("window") or {}
            rows.append(
                [
                    quantity_said(e["quantity"]),
                    _coloured(
                        f"{e.get('value')} {e.get('unit', '')}"
                        if e.get("value") is not None
                        else "—",
                        GREEN if ok else AMBER,
                    ),
                    EnvWindow.from_content({"quantity": e["quantity"], **window}).describe()
                    if window
                    else "",
                    e.get("instrument") or "",
                    "" if e.get("age_s") is None else f"{e['age_s']:.1f} s",
                    e.get("calibration") or "",
                    _coloured(str(e.get("status")), GREEN if ok else AMBER),
                ]
            )
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.addWidget(section(self.tr("At commit")))
        table = _table(
            ["Quantity", "Value", "Window", "Instrument", "Age", "Calibration", "Status"], rows
        )
        table.setFixedHeight(44 + 32 * max(1, len(rows)))
        layout.addWidget(table)
        layout.addWidget(
            section(
                self.tr("Around that time at {get} (±60 min, each record)").format(
                    get=c.get("station")
                )
            )
        )
        self.environment_plots = []
        moment = parse_iso(c["recorded_at"]).timestamp() if c.get("recorded_at") else None
        plots = QHBoxLayout()
        for e in c.get("environment") or []:
            quantity = e["quantity"]
            xs, ys = [], []
            for n in detail.neighbours:
                for v in n["environment"]:
                    if v.get("quantity") == quantity and v.get("value") is not None:
                        xs.append(datetime.fromisoformat(n["recorded_at"]).timestamp())
                        ys.append(float(v["value"]))
            plot = pg.PlotWidget(background=PLOT_BG, axisItems={"bottom": pg.DateAxisItem()})
            plot.setTitle(quantity_said(quantity), color="#eef2f7", size="10pt")
            plot.setLabel("left", e.get("unit", ""))
            _style(plot)
            window = e.get("window") or {}
            low, high = window.get("low"), window.get("high")
            if ys:
                span_low = min(ys + [v for v in (low,) if v is not None])
                span_high = max(ys + [v for v in (high,) if v is not None])
                pad = (span_high - span_low) * 0.1 or 1
                if low is not None or high is not None:
                    region = pg.LinearRegionItem(
                        values=(
                            low if low is not None else span_low - pad,
                            high if high is not None else span_high + pad,
                        ),
                        orientation="horizontal",
                        movable=False,
                        brush=pg.mkBrush(47, 210, 122, 40),
                        pen=pg.mkPen("#2fd27a", width=1, style=Qt.PenStyle.DashLine),
                    )
                    plot.addItem(region)
                plot.plot(xs, ys, pen=pg.mkPen("#5cc8ff", width=1.5), symbol="o", symbolSize=4,
                          symbolBrush="#5cc8ff", symbolPen=None)  # fmt: skip
                outside = [
                    (x, y)
                    for x, y in zip(xs, ys, strict=True)
                    if (low is not None and y < low) or (high is not None and y > high)
                ]
                if outside:
                    plot.plot([p[0] for p in outside], [p[1] for p in outside], pen=None,
                              symbol="o", symbolSize=7, symbolBrush="#ff5c5c", symbolPen=None)  # fmt: skip
            if moment is not None:
                plot.addItem(pg.InfiniteLine(moment, angle=90, pen=pg.mkPen("#ffcc4d", width=2)))
            self.environment_plots.append(plot)
            plots.addWidget(plot)
        layout.addLayout(plots, 1)
        if not c.get("environment"):
            empty = QLabel(self.tr("This step records no environmental values."))
            empty.setObjectName("empty")
            layout.addWidget(empty)
        return box

    def _profile_tab(self, detail: RecordDetail, curve: ThermalProfile | None) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        bound = detail.content.get("profile")
        stored = detail.profile
        if stored is None and not bound:
            empty = QLabel(
                self.tr(
                    "No reflow profile belongs to this unit: its step does not go through the oven."
                )
            )
            empty.setObjectName("empty")
            empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(empty)
            return box
        passed = stored["passed"] if stored else bool(bound and bound.get("passed"))
        spec_name = stored["spec_name"] if stored else (bound or {}).get("spec", "")
        violations = stored["violations"] if stored else (bound or {}).get("violations", [])
        verdict = BannerLabel(
            self.tr("Profile {value} against “{spec_name}”").format(
                value="passed" if passed else "FAILED", spec_name=spec_name
            )
            + (": " + "; ".join(violations) if violations else ""),
            "ok" if passed else "bad",
        )
        layout.addWidget(verdict)
        if curve is None:
            empty = QLabel(
                self.tr(
                    "The profile's verdict is bound to the record, but its curve is not stored at this "
                    "station (reported by the oven without samples)."
                )
            )
            empty.setObjectName("empty")
            empty.setWordWrap(True)
            layout.addWidget(empty)
            layout.addStretch()
            return box
        spec = stored["spec"] if stored else {}
        plot = _plot("Thermal profile", "°C")
        plot.setLabel("bottom", "time since start", units="s")
        # Large enough to read the curves; the page scrolls for the table below it.
        plot.setMinimumHeight(PROFILE_PLOT_MIN_HEIGHT)
        liquidus = float(spec.get("liquidus_c", 217.0))
        soak_low, soak_high = spec.get("soak_low_c"), spec.get("soak_high_c")
        if soak_low is not None and soak_high is not None:
            plot.addItem(
                pg.LinearRegionItem(
                    values=(soak_low, soak_high),
                    orientation="horizontal",
                    movable=False,
                    brush=pg.mkBrush(92, 200, 255, 30),
                    pen=pg.mkPen(None),
                )
            )
        peak_min, peak_max = spec.get("peak_min_c"), spec.get("peak_max_c")
        if peak_min is not None or peak_max is not None:
            plot.addItem(
                pg.LinearRegionItem(
                    values=(peak_min or liquidus, peak_max or (peak_min or liquidus) + 20),
                    orientation="horizontal",
                    movable=False,
                    brush=pg.mkBrush(47, 210, 122, 50),
                    pen=pg.mkPen("#2fd27a", width=1, style=Qt.PenStyle.DashLine),
                )
            )
        plot.addItem(
            pg.InfiniteLine(
                liquidus,
                angle=0,
                pen=pg.mkPen("#ff7b7b", width=1, style=Qt.PenStyle.DashLine),
                label=f"liquidus {liquidus:g} °C",
                labelOpts={"position": 0.08, "color": "#ff7b7b", "anchors": [(0, 1), (0, 1)]},
            )
        )
        for i, name in enumerate(curve.channels):
            ys = curve.channel(name)
            keep = [not math.isnan(v) for v in ys]
            xs = [float(x) for x, k in zip(curve.times_s, keep, strict=True) if k]
            plot.plot(
                xs,
                [float(y) for y, k in zip(ys, keep, strict=True) if k],
                pen=pg.mkPen(CHANNEL_COLOURS[i % len(CHANNEL_COLOURS)], width=1.6),
                name=name,
            )
        self.profile_plot = plot
        # The legend sits above the plot, never over the curves, with every channel in it.
        self.profile_legend = QLabel(
            "   ".join(
                f'<span style="color:{CHANNEL_COLOURS[i % len(CHANNEL_COLOURS)]}">━━</span> '
                f"{html.escape(name)}"
                for i, name in enumerate(curve.channels)
            )
        )
        self.profile_legend.setTextFormat(Qt.TextFormat.RichText)
        self.profile_legend.setWordWrap(True)
        layout.addWidget(self.profile_legend)
        layout.addWidget(plot, 1)
        metrics = stored["metrics"] if stored else {}
        channels = metrics.get("channels") or {}
        if channels:
            rows = []
            for name, m in channels.items():
                rows.append(
                    [
                        name,
                        f"{m.get('peak_c', 0):.1f} °C",
                        f"{m.get('time_above_liquidus_s', 0):.0f} s",
                        "—" if m.get("soak_s") is None else f"{m['soak_s']:.0f} s",
                        f"{m.get('max_ramp_up_c_s') or 0:.2f} / {m.get('max_ramp_down_c_s') or 0:.2f} °C/s",
                    ]
                )
            table = _table(
                ["Thermocouple", "Peak", "Time above liquidus", "Soak", "Max ramp up / down"], rows
            )
            table.setFixedHeight(44 + 30 * len(rows))
            table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            layout.addWidget(table)
        spec_text = QLabel(
            self.tr(
                "Shaded: soak {soak_low}–{soak_high} °C (blue), peak window {peak_min}–{peak_max} °C (green). Spec “{spec_name}”, {value} samples, instrument {value2}."
            ).format(
                soak_low=soak_low,
                soak_high=soak_high,
                peak_min=peak_min,
                peak_max=peak_max,
                spec_name=spec_name,
                value=stored["samples"] if stored else 0,
                value2=stored["instrument"] if stored else "",
            )
        )
        spec_text.setObjectName("screenHint")
        layout.addWidget(spec_text)
        return box

    def _history_tab(self, detail: RecordDetail) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        c = detail.content
        facts = QFormLayout()
        facts.addRow(self.tr("Record key"), QLabel(detail.key))
        facts.addRow(self.tr("Journal hash"), QLabel(detail.hash))
        if detail.corrects:
            facts.addRow(
                self.tr("Corrects"),
                QLabel(
                    self.tr("{corrects} — reason: {get}").format(
                        corrects=detail.corrects, get=c.get("reason", "")
                    )
                ),
            )
        facts.addRow(
            self.tr("Superseded by"), QLabel(detail.superseded_by or "— (this is the live record)")
        )
        facts.addRow(
            self.tr("Software / config"),
            QLabel(
                self.tr("Lineside {get} · configuration revision {get2}").format(
                    get=c.get("app_version"), get2=c.get("config_revision")
                )
            ),
        )
        facts.addRow(self.tr("Clock source"), QLabel(str(c.get("clock_source", ""))))
        d = detail.disposition
        facts.addRow(
            self.tr("Disposition"),
            QLabel(
                self.tr("{decision} by {name} at {when}: {comment}").format(
                    decision=d["decision"],
                    name=d["by"]["name"],
                    when=when(d["recorded_at"]),
                    comment=d["comment"],
                )
                if d
                else "—"
            ),
        )
        for label in box.findChildren(QLabel):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addLayout(facts)
        layout.addWidget(section(self.tr("Signatures over this record's shift")))
        if detail.signatures:
            rows = [
                [
                    s.printed_name,
                    s.meaning,
                    when(s.signed_at),
                    _coloured("intact" if s.intact else "BROKEN", GREEN if s.intact else RED),
                    ("; ".join(s.problems) or f"{s.records:,} records, digest {s.digest[:16]}…")
                    + f" · {countersign_text(s)[0]}",
                ]
                for s in detail.signatures
            ]
            table = _table(["Signed by", "Meaning", "Time", "State", "Details"], rows)
            table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
            layout.addWidget(table)
        else:
            empty = QLabel(self.tr("The shift of this record is not signed."))
            empty.setObjectName("screenHint")
            layout.addWidget(empty)
        if not detail.superseded_by and detail.kind in ("assembly", "correction"):
            layout.addWidget(section(self.tr("Correct this record")))
            self.reason = QLineEdit()
            self.reason.setPlaceholderText(self.tr("reason for the correction (required)"))
            self.correct_button = QPushButton(self.tr("Record correction"))
            self.correct_button.clicked.connect(self._on_correct_clicked)
            row = QHBoxLayout()
            row.addWidget(self.reason, 1)
            row.addWidget(self.correct_button)
            layout.addLayout(row)
            hint = QLabel(
                self.tr(
                    "A correction is a new journal row that points at this one; this record stays "
                    "as it was, and any signature over it will show as broken."
                )
            )
            hint.setObjectName("screenHint")
            hint.setWordWrap(True)
            layout.addWidget(hint)
        layout.addStretch()
        return box

    def correct(self, reason: str) -> None:
        """Records a correction of this record with ``reason`` (off the GUI thread)."""
        session, key = self.context.session, self.key
        self.correct_button.setEnabled(False)
        self.context.run_session(
            lambda: session.correct(key, reason), self._on_correct_done, self._on_correct_failed
        )

    def _on_correct_clicked(self) -> None:
        reason = self.reason.text().strip()
        if not reason:
            self.banner.set_message(self.tr("Give the reason for the correction."), "bad")
            return
        self.correct(reason)

    def _on_correct_done(self, committed: Any) -> None:
        self.banner.set_message(
            self.tr("Corrected by record {key}.").format(key=committed.key), "warn"
        )
        self.corrected.emit(committed.key)
        self.reload()

    # -- printing ---------------------------------------------------------------------------------
    def print_document(self) -> Document:
        """What the dialog shows, tab by tab, as a printable document (plots as pictures)."""
        document = Document(self.title.text())
        document.facts.append(self.subtitle.text())
        if self.banner.text():
            document.text(self.banner.text())
        for t in range(self.tabs.count()):
            page = self.tabs.widget(t)
            if page is None:
                continue
            document.heading(self.tabs.tabText(t).replace("&&", "&"))
            for child in page.findChildren(QWidget):
                if isinstance(child, QTableWidget):
                    headers = [
                        _cell(child.horizontalHeaderItem(c)) for c in range(child.columnCount())
                    ]
                    rows = [
                        [_cell(child.item(r, c)) for c in range(child.columnCount())]
                        for r in range(child.rowCount())
                    ]
                    document.table(headers, rows)
                elif isinstance(child, pg.PlotWidget):
                    document.image(f"plot-{t}-{id(child)}", child.grab().toImage())
                elif isinstance(child, QLabel) and child.text():
                    text = child.text()
                    if child.textFormat() == Qt.TextFormat.RichText:
                        text = html.unescape(re.sub(r"<[^>]+>", "", text))
                    buddy = _form_label(child)
                    if buddy is not None:
                        document.text(f"{buddy}: {text}" if buddy else text)
        return document

    def save_dhr(self, path: str) -> None:
        """Writes the device history record of this record's unit to ``path`` (off the GUI thread)."""
        from app.capture.dhr import dhr_for_unit
        from app.capture.dhr_pdf import write_pdf

        if self.detail is None:
            return
        serial = str((self.detail.content.get("unit") or {}).get("serial", ""))
        store = self.context.store
        self.dhr_button.setEnabled(False)

        def work() -> str:
            write_pdf(dhr_for_unit(store.reader, serial), path, store.reader)
            return path

        self.context.run_task(work, self._on_dhr_done, self._on_dhr_failed)

    def _on_dhr_clicked(self) -> None:
        if self.detail is None:
            return
        serial = str((self.detail.content.get("unit") or {}).get("serial", "unit"))
        path, _ = QFileDialog.getSaveFileName(
            self, "Save device history record", f"DHR-{serial}.pdf", "PDF (*.pdf)"
        )
        if path:
            self.save_dhr(path)

    def _on_dhr_done(self, path: str) -> None:
        self.dhr_button.setEnabled(True)
        self.banner.set_message(
            self.tr("Device history record written to {path}.").format(path=path), "ok"
        )
        self.dhr_saved.emit(path)

    def _on_dhr_failed(self, error: TaskError) -> None:
        self.dhr_button.setEnabled(True)
        self.banner.set_message(error.message, "bad")

    def _on_correct_failed(self, error: TaskError) -> None:
        self.correct_button.setEnabled(True)
        self.banner.set_message(error.message, "bad")
