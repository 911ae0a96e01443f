"""Recall files: a trace written as CSV or as a landscape A4 PDF for the recall file."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from app.capture.recall import Trace
from app.capture.recall_drill import UNIT_COLUMNS, Drill


def export_csv(result: Trace, path: Path | str) -> int:
    """Writes the trace as CSV (UTF-8 with BOM, so spreadsheets read the ° and Ω). Returns rows."""
    with Path(path).open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(result.columns)
        for row in result.rows:
            writer.writerow(["" if row.get(c) is None else row.get(c) for c in result.columns])
    return len(result.rows)


PDF_CHUNK_ROWS = 150


def fitted_columns(
    data: list[list[str]], available: float, font: str, size: float
) -> tuple[list[float], set[int]]:
    """Column widths (points) for ``data`` within ``available`` and the columns that must wrap.

    Each column gets the width of its longest text (the first 2,000 rows) plus the cell padding;
    when they do not fit, narrow columns keep theirs and the wide ones share what is left.
    """
    from reportlab.pdfbase.pdfmetrics import stringWidth

    padding = 12.0  # reportlab's default left + right cell padding
    natural = [
        max(stringWidth(row[i], font, size) for row in data[:2000]) + padding
        for i in range(len(data[0]))
    ]
    widths = list(natural)
    if sum(natural) > available:
        wide = set(range(len(natural)))
        while True:
            share = (
                available - sum(natural[i] for i in range(len(natural)) if i not in wide)
            ) / len(wide)
            fits = {i for i in wide if natural[i] <= share}
            if not fits:
                break
            wide -= fits
        for i in wide:
            widths[i] = max(share, 30.0)
    wrapped = {i for i in range(len(widths)) if widths[i] < natural[i] - 0.5}
    return widths, wrapped


def export_pdf(result: Trace, path: Path | str, *, station: str = "", prepared_by: str = "") -> int:
    """Writes the trace as a landscape A4 PDF table with a header for the recall file."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

    styles = getSampleStyleSheet()
    doc = SimpleDocTemplate(
        str(path),
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=result.title,
        author=prepared_by or "Lineside",
    )
    units = result.units
    devices = {r["unit"] for r in result.rows if r.get("di")}
    summary = (
        f"{len(result.rows)} rows, {len(units)} units"
        + (f" ({len(devices)} finished devices)" if result.direction == "forward" else "")
        + f". Traced {result.traced_at:%Y-%m-%d %H:%M} UTC"
        + (f" at station {station}" if station else "")
        + (f" by {prepared_by}" if prepared_by else "")
        + "."
    )
    columns = [c for c in result.columns if c not in ("line",)]
    data: list[list[str]] = [[c.replace("_", " ") for c in columns]]
    for row in result.rows:
        data.append(
            [
                str(row.get(c) if row.get(c) is not None else "").replace("T", " ")[:23]
                if c == "recorded_at"
                else str(row.get(c) if row.get(c) is not None else "")
                for c in columns
            ]
        )
    style = TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), "Helvetica", 6.5),
            ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 6.5),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#1f3a5f")),
            ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#eef2f7")]),
            ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#c5ccd6")),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]
    )
    # Tables of a few pages each: reportlab splits one long table in quadratic time.
    available = landscape(A4)[0] - 24 * mm
    widths, wrapped = fitted_columns(data, available, "Helvetica", 6.5)
    cell = ParagraphStyle("cell", fontName="Helvetica", fontSize=6.5, leading=7.8)
    head = ParagraphStyle("head", parent=cell, fontName="Helvetica-Bold", textColor=colors.white)
    # A column narrower than its longest text wraps its cells (a Paragraph) instead of running
    # into the next column.
    header = [
        Paragraph(escape(text), head) if i in wrapped else text for i, text in enumerate(data[0])
    ]
    body = [
        [Paragraph(escape(text), cell) if i in wrapped else text for i, text in enumerate(row)]
        for row in data[1:]
    ]
    tables = []
    for start in range(0, max(len(body), 1), PDF_CHUNK_ROWS):
        table = LongTable(
            [header, *body[start : start + PDF_CHUNK_ROWS]], colWidths=widths, repeatRows=1
        )
        table.setStyle(style)
        tables.append(table)
    story = [
        Paragraph(result.title, styles["Title"]),
        Paragraph(summary, styles["Normal"]),
        Spacer(1, 4 * mm),
        *tables,
    ]

    def footer(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.drawString(12 * mm, 6 * mm, f"{result.title} — page {document.page}")
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return len(result.rows)


DRILL_COLUMNS = (
    ("serial", "Unit serial", 1.5),
    ("part_level", "Level", 0.85),
    ("product", "Product", 0.8),
    ("status", "Status", 0.7),
    ("di", "UDI DI", 1.25),
    ("udi_lot", "UDI lot", 0.85),
    ("expiry", "Expiry", 0.85),
    ("work_order", "Work order", 1.1),
    ("station", "Station", 0.75),
    ("recorded_at", "Recorded (UTC)", 1.35),
    ("via", "Through", 1.3),
    ("status_reason", "Hold / scrap", 1.7),
)


def drill_csv(result: Drill, path: Path | str) -> int:
    """Writes a recall drill's units as CSV (UTF-8 with BOM). Returns the units written."""
    with Path(path).open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(UNIT_COLUMNS)
        for unit in result.units:
            writer.writerow(["" if unit.get(c) is None else unit[c] for c in UNIT_COLUMNS])
    return len(result.units)


def drill_pdf(result: Drill, path: Path | str, *, prepared_by: str = "") -> int:
    """Writes a recall drill as a landscape A4 PDF whose columns wrap instead of overlapping."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

    styles = getSampleStyleSheet()
    cell = ParagraphStyle("cell", fontName="Helvetica", fontSize=7, leading=8.4)
    head = ParagraphStyle("head", parent=cell, fontName="Helvetica-Bold", textColor=colors.white)
    margin = 12 * mm
    doc = SimpleDocTemplate(
        str(path),
        pagesize=landscape(A4),
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=result.title,
        author=prepared_by or "Lineside",
    )
    available = landscape(A4)[0] - 2 * margin
    weights = sum(w for _, _, w in DRILL_COLUMNS)
    widths = [available * w / weights for _, _, w in DRILL_COLUMNS]
    counts = ", ".join(f"{n} {status}" for status, n in sorted(result.counts().items()))
    lots = "; ".join(
        " ".join(
            str(v)
            for v in (lot.get("lot"), lot.get("part"), lot.get("supplier"), lot.get("supplier_lot"))
            if v
        )
        for lot in result.lots
    )
    summary = (
        f"{len(result.units)} affected units ({counts or 'none'}), found in "
        f"{result.seconds:.2f} s on {result.drilled_at:%Y-%m-%d %H:%M} UTC"
        + (f" by {prepared_by}" if prepared_by else "")
        + "."
        + (f" Lots matched: {lots}." if lots else "")
    )

    def text(unit: dict[str, Any], column: str) -> str:
        value = unit.get(column)
        if value is None:
            return ""
        if column == "recorded_at":
            return str(value).replace("T", " ").rstrip("Z")[:19]
        return escape(str(value))

    header = [Paragraph(label, head) for _, label, _ in DRILL_COLUMNS]
    body = [[Paragraph(text(u, c), cell) for c, _, _ in DRILL_COLUMNS] for u in result.units]
    style = TableStyle(
        [
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#1f3a5f")),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#eef2f7")]),
            ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#c5ccd6")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ]
    )
    tables = []
    for start in range(0, max(len(body), 1), PDF_CHUNK_ROWS):
        table = LongTable(
            [header, *body[start : start + PDF_CHUNK_ROWS]], colWidths=widths, repeatRows=1
        )
        table.setStyle(style)
        tables.append(table)
    story = [
        Paragraph(escape(result.title), styles["Title"]),
        Paragraph(escape(summary), styles["Normal"]),
        Spacer(1, 4 * mm),
        *tables,
    ]

    def footer(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.drawString(margin, 6 * mm, f"{result.title} — page {document.page}")
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return len(result.units)
