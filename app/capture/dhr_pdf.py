"""The device history record as a PDF an auditor reads without the app: plain words, A4 portrait."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from app.capture.dhr import frozen_hash
from app.store.profiles import load_profile

QUANTITY_WORDS = {
    "relative_humidity": "Relative humidity",
    "temperature": "Temperature",
    "o2_ppm": "Oxygen (reflow atmosphere)",
    "dew_point": "Dew point",
}
STATUS_WORDS = {
    "WIP": "in production (not released)",
    "held": "on hold",
    "released": "released",
    "scrapped": "scrapped",
}


def _t(value: Any) -> str:
    """A cell's text: blank for nothing, times without the ISO ``T``/``Z``."""
    if value is None or value == "":
        return "—"
    text = str(value)
    if len(text) >= 19 and text[10] == "T" and text[4] == "-":
        text = text[:19].replace("T", " ") + " UTC"
    return escape(text)


def write_pdf(
    document: dict[str, Any], path: Path | str, conn: sqlite3.Connection | None = None
) -> int:
    """Writes ``document`` (from :mod:`app.capture.dhr`) as a PDF; returns the pages written.

    With ``conn``, each reflow profile run is drawn from its recorded samples.
    """
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        CondPageBreak,
        KeepTogether,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["Normal"], fontSize=8.5, leading=11)
    small = ParagraphStyle("small", parent=body, fontSize=7, leading=8.6)
    head = ParagraphStyle("head", parent=small, fontName="Helvetica-Bold", textColor=colors.white)
    h1, h2, h3 = styles["Title"], styles["Heading2"], styles["Heading4"]
    margin = 15 * mm
    width = A4[0] - 2 * margin
    subject = document["subject"]
    title = (
        f"Device history record — unit {subject['unit']}"
        if "unit" in subject
        else f"Device history record — work order {subject['work_order']}"
    )
    doc = SimpleDocTemplate(
        str(path), pagesize=A4, leftMargin=margin, rightMargin=margin, topMargin=margin,
        bottomMargin=16 * mm, title=title, author=document["generated_by"],
    )  # fmt: skip
    grid = TableStyle(
        [
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#1f3a5f")),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#eef2f7")]),
            ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#c5ccd6")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
            ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
        ]
    )
    pairs = TableStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("FONT", (0, 0), (0, -1), "Helvetica-Bold"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#c5ccd6")),
        ]
    )

    def table(headers: list[str], rows: list[list[Any]], weights: list[float]) -> Table:
        total = sum(weights)
        widths = [width * w / total for w in weights]
        data = [[Paragraph(h, head) for h in headers]]
        data += [[Paragraph(_t(v), small) for v in row] for row in rows]
        out = Table(data, colWidths=widths, repeatRows=1)
        out.setStyle(grid)
        return out

    def facts(rows: list[tuple[str, Any]]) -> Table:
        out = Table(
            [[Paragraph(escape(k), body), Paragraph(_t(v), body)] for k, v in rows],
            colWidths=[width * 0.28, width * 0.72],
        )
        out.setStyle(pairs)
        return out

    story: list[Any] = [Paragraph(escape(title), h1)]
    units = document["units"]
    open_count = document["open_exceptions"]
    story.append(
        Paragraph(
            escape(
                f"This record lists every production step recorded for "
                f"{'this unit' if 'unit' in subject else f'the {len(units)} units of this work order'}"
                " and for each subassembly built into it: the materials used with their supplier"
                " lots and certificates, the environment measured at the time, the reflow profile,"
                " every deviation and what was decided about it, and every correction. "
                + (
                    f"{open_count} deviation(s) still await a decision."
                    if open_count
                    else "No deviation awaits a decision."
                )
            ),
            body,
        )
    )
    story.append(Spacer(1, 3 * mm))
    heads = "; ".join(
        f"{h['station']}: {h['rows']} rows, last {h['hash'][:16]}…" for h in document["chain_heads"]
    )
    story.append(
        facts(
            [
                ("Prepared", f"{_t(document['generated_at'])} by {document['generated_by']}"),
                ("Record fingerprint (SHA-256)", frozen_hash(document)),
                ("Station records covered", heads),
            ]
        )
    )
    for unit in units:
        _unit_section(story, unit, conn, table, facts, body, h2, h3, width, Paragraph, Spacer, mm,
                      KeepTogether, CondPageBreak)  # fmt: skip
    signatures = document.get("signatures") or []
    story.append(CondPageBreak(40 * mm))
    story.append(Paragraph("Signatures and the plant's countersignatures", h2))
    story.append(
        Paragraph(
            escape(
                "Every electronic signature this record rests on (decisions on deviations, rework "
                "closed, releases, shift sign-offs), and whether the plant database has checked "
                "the signer's password and countersigned it."
                if signatures
                else "No electronic signature bears on this record yet."
            ),
            body,
        )
    )
    if signatures:
        story.append(Spacer(1, 1.5 * mm))
        story.append(
            table(
                ["Signed for", "Signed by", "Meaning", "Signed at", "Plant countersignature"],
                [
                    [
                        s["what"],
                        f"{s['printed_name']} ({s['role']})",
                        s["meaning"],
                        s["signed_at"],
                        countersign_words(s["countersign"]),
                    ]
                    for s in signatures
                ],
                [2.6, 1.5, 1.3, 1.4, 2.6],
            )
        )

    def footer(canvas: Any, d: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.drawString(margin, 8 * mm, f"{title} — page {d.page}")
        canvas.drawRightString(A4[0] - margin, 8 * mm, document["generated_by"])
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return int(doc.page)


def _unit_section(story: list[Any], unit: dict[str, Any], conn: sqlite3.Connection | None,
                  table: Any, facts: Any, body: Any, h2: Any, h3: Any, width: float,
                  Paragraph: Any, Spacer: Any, mm: float, KeepTogether: Any,
                  CondPageBreak: Any) -> None:  # fmt: skip
    udi = unit.get("udi") or {}
    kind = "Device" if unit["level"] == "device" else "Subassembly"
    story.append(CondPageBreak(60 * mm))
    story.append(Paragraph(escape(f"{kind} {unit['serial']}"), h2))
    rows: list[tuple[str, Any]] = [
        ("Product", unit.get("product")),
        ("Work order", unit.get("work_order")),
        ("Status", STATUS_WORDS.get(unit["status"], unit["status"])
         + _status_detail(unit["status_detail"])),
    ]  # fmt: skip
    if udi:
        rows += [
            ("UDI", udi.get("hrf")),
            ("Device identifier (DI)", udi.get("di")),
            ("Lot / serial", f"{udi.get('lot') or '—'} / {udi.get('serial') or '—'}"),
            (
                "Manufactured / expires",
                f"{udi.get('manufactured') or '—'} / {udi.get('expiry') or '—'}",
            ),
        ]
    if unit.get("built_in_at_step"):
        rows.append(("Built into its parent at step", unit["built_in_at_step"]))
    story.append(facts(rows))
    for step in unit["steps"]:
        story.append(Spacer(1, 3 * mm))
        op = step["operator"]
        story.append(
            Paragraph(
                escape(
                    f"Step {step['step']} {step.get('step_name') or ''} — station {step['station']}"
                    f" (line {step['line']})"
                ),
                h3,
            )
        )
        story.append(
            Paragraph(
                escape(
                    f"Recorded {_t(step['recorded_at'])} by {op['name']} ({op['role']}, badge "
                    f"{op['badge'] or '—'}). Result: {step['verdict']}. Software {step['software_version']},"
                    f" station configuration revision {step['config_revision']}. "
                    f"Record {step['record_key']}, hash {step['hash'][:16]}…"
                ),
                body,
            )
        )
        if step["components"]:
            story.append(Spacer(1, 1.5 * mm))
            story.append(
                table(
                    ["Part", "Our lot / serial", "Supplier", "Supplier part", "Supplier lot",
                     "Date code", "Certificate (type, rev.)", "Certificate SHA-256", "Accepted by"],
                    [
                        [
                            f"{c['part']} {c.get('description') or ''}",
                            c["lot"],
                            c.get("supplier_name") or c.get("supplier"),
                            c.get("supplier_part"),
                            c.get("supplier_lot"),
                            c.get("date_code"),
                            None if not c.get("certificate") else
                            f"{c['certificate']['number']} (EN 10204 {c['certificate']['type']}, "
                            f"rev. {c['certificate']['revision']})",
                            None if not c.get("certificate") else (c["certificate"]["sha256"] or "")[:16] + "…",
                            None if not c.get("certificate") else c["certificate"].get("accepted_by")
                            or "not recorded",
                        ]
                        for c in step["components"]
                    ],
                    [2.1, 1.8, 1.4, 1.0, 1.35, 0.75, 1.7, 1.25, 1.0],
                )
            )  # fmt: skip
        if step["environment"]:
            story.append(Spacer(1, 1.5 * mm))
            story.append(
                table(
                    ["Measured", "Value", "Allowed", "Read at (age)", "Instrument", "Calibration"],
                    [
                        [
                            QUANTITY_WORDS.get(e["quantity"], e["quantity"]),
                            f"{e['value']} {e.get('unit') or ''} ({e.get('status')})",
                            _window(e),
                            f"{_t(e.get('read_at'))} ({e.get('age_s')} s old)",
                            e.get("instrument"),
                            _calibration(e),
                        ]
                        for e in step["environment"]
                    ],
                    [1.6, 1.3, 1.2, 1.9, 1.5, 2.2],
                )
            )
        profile = step.get("profile")
        if profile:
            _profile_block(
                story, profile, conn, table, body, width, Paragraph, Spacer, mm, KeepTogether
            )
        if step["exceptions"]:
            story.append(Spacer(1, 1.5 * mm))
            story.append(
                table(
                    ["Deviation", "Why", "Decision", "When", "Signed by (plant countersignature)"],
                    [
                        [
                            x["what"],
                            "; ".join(x["reasons"]),
                            "awaiting decision" if not x["disposition"] else
                            f"{x['disposition']['decision']}: {x['disposition']['comment']}",
                            None if not x["disposition"] else x["disposition"]["at"],
                            None if not x["disposition"] else
                            f"{x['disposition']['by']} ({x['disposition']['role']})"
                            + countersigned(x["disposition"].get("signature")),
                        ]
                        for x in step["exceptions"]
                    ],
                    [1.1, 2.5, 2.1, 1.3, 2.3],
                )
            )  # fmt: skip
        for c in step["corrections"]:
            story.append(Spacer(1, 1.5 * mm))
            was = ", ".join(f"{x['part']} {x['lot']}" for x in c["superseded"]) or "—"
            now = ", ".join(f"{x['part']} {x['lot']}" for x in c["replaced_by"]) or "—"
            if c.get("rework"):
                continue  # said with the step's rework steps below
            story.append(
                Paragraph(
                    escape(
                        f"Correction: {c['corrected_by']} corrected the record of "
                        f"{_t(c['recorded_at'])} on {_t(c['corrected_at'])} because: {c['reason']}. "
                        f"Was: {was}. Now: {now}. Superseded record {c['record_key']}."
                    ),
                    body,
                )
            )
        if step.get("rework_steps"):
            story.append(Spacer(1, 1.5 * mm))
            story.append(
                table(
                    ["Rework step (order)", "Station", "By", "What was done", "Removed",
                     "Fitted in its place"],
                    [
                        [
                            f"{_t(r['recorded_at'])} ({r['rework']})",
                            r["station"],
                            r["operator"] or "—",
                            r["action"],
                            "; ".join(_removed_words(x) for x in r["removed"]) or "nothing",
                            ", ".join(f"{x['part']} {x['lot']}" for x in r["added"]) or "nothing",
                        ]
                        for r in step["rework_steps"]
                    ],
                    [2.2, 0.9, 1.3, 2.4, 1.6, 1.6],
                )
            )  # fmt: skip
    for r in unit.get("rework") or []:
        story.append(Spacer(1, 2 * mm))
        story.append(Paragraph(escape(f"Rework of {unit['serial']}"), h3))
        story.append(
            Paragraph(
                escape(
                    f"Opened {_t(r['opened_at'])} at {r['station']} by {r['opened_by'] or '—'} "
                    f"(disposition {r['disposition']}): {r['reason']}. It reworks record(s) "
                    f"{', '.join(r['original'])}."
                    + ("" if r["steps"] else " No rework step is recorded yet.")
                    + (" " + _closed_words(r))
                ),
                body,
            )
        )
        if r["steps"]:
            story.append(
                table(
                    ["Rework step recorded", "Station", "By", "What was done", "Removed → fitted"],
                    [
                        [
                            _t(s["recorded_at"]),
                            s["station"],
                            s["operator"] or "—",
                            s["action"],
                            _exchanged(s),
                        ]
                        for s in r["steps"]
                    ],
                    [2.0, 1.0, 1.4, 3.0, 2.4],
                )
            )
    for sub in unit["subassemblies"]:
        _unit_section(story, sub, conn, table, facts, body, h2, h3, width, Paragraph, Spacer, mm,
                      KeepTogether, CondPageBreak)  # fmt: skip


def _status_detail(detail: dict[str, Any]) -> str:
    """`` — why (by whom, when)`` after a unit's status; a release states no reason."""
    if not detail.get("by"):
        return ""
    why = f" — {detail['reason']}" if detail.get("reason") else ""
    return f"{why} (by {detail['by']}, {_t(detail['at'])})"


def countersign_words(countersign: dict[str, Any]) -> str:
    """Where a signature stands with the plant, in plain words."""
    state = countersign.get("state")
    if state == "countersigned":
        return f"countersigned by the plant at {_t(countersign.get('plant_time'))}"
    if state == "pending":
        return "not yet countersigned: the plant countersigns it at the station's next sync"
    if state == "refused":
        return "REFUSED by the plant: " + str(countersign.get("text", "")).split(": ", 1)[-1]
    return "not countersigned and cannot be: no proof of the signer's password was kept with it"


SHORT_WORDS = {
    "pending": "not yet countersigned by the plant",
    "refused": "the plant REFUSED to countersign it",
    "none": "cannot be countersigned by the plant",
}


def countersigned(signature: dict[str, Any] | None) -> str:
    """``; countersigned by the plant at …`` after a signer's name (blank without a signature)."""
    if not signature:
        return ""
    countersign = signature["countersign"]
    if countersign["state"] == "countersigned":
        return "; " + countersign_words(countersign)
    return "; " + SHORT_WORDS.get(countersign["state"], str(countersign["text"]))


def _removed_words(removed: dict[str, Any]) -> str:
    """A lot removed in rework and what became of it, in words."""
    lot = f"{removed['part']} {removed['lot']}"
    quantity = removed.get("quantity")
    amount = "" if quantity is None else f"{quantity:g} of "
    if removed.get("to") == "scrap":
        return f"{amount}{lot}, scrapped"
    if removed.get("to") == "stock":
        return f"{amount}{lot}, returned to stock as fit to use again"
    return f"{lot}, counted back in stock (recorded before rework said what became of it)"


def _exchanged(step: dict[str, Any]) -> str:
    if not step.get("removed") and not step.get("added"):
        return "no component changed"
    removed = "; ".join(_removed_words(x) for x in step["removed"]) or "nothing"
    added = ", ".join(f"{x['part']} {x['lot']}" for x in step["added"]) or "nothing"
    return f"{removed} → {added}"


def _closed_words(r: dict[str, Any]) -> str:
    closed = r.get("closed")
    if closed is None:
        if r.get("close") == "first step":
            return "Closed by its first rework step." if r["steps"] else "Open."
        how = (
            "it needs a signature to close" if r.get("close") == "signed" else "no signature needed"
        )
        return f"Open: not closed yet ({how}); the unit cannot be released until it is."
    signature = closed.get("signature")
    signed = (
        " No signature was needed."
        if not signature
        else f" Signed “{signature['meaning']}” by {signature['printed_name']}"
        + countersigned(signature)
        + "."
    )
    return (
        f"Closed {_t(closed['at'])} by {closed['by']}"
        + (f": {closed['comment']}." if closed.get("comment") else ".")
        + signed
    )


def _window(e: dict[str, Any]) -> str:
    w = e.get("window") or {}
    low, high, unit = w.get("low"), w.get("high"), e.get("unit") or ""
    limits = (
        f"{low}–{high} {unit}" if low is not None and high is not None
        else f"at most {high} {unit}" if high is not None
        else f"at least {low} {unit}" if low is not None
        else "no limit"
    )  # fmt: skip
    age = w.get("max_age_s")
    return limits + (f", read within {age:g} s" if age else "")


def _calibration(e: dict[str, Any]) -> str:
    cal = e.get("calibration") or {}
    record = cal.get("record")
    text = f"{cal.get('stated') or 'unknown'}, due {cal.get('due') or '—'}"
    if record:
        text += (
            f"; certificate {record['certificate']} by {record['performed_by']} on "
            f"{record['performed_on']}"
            + ("" if record.get("valid_at_reading") else " (NOT valid at the reading)")
        )
    else:
        text += "; no calibration record at this station"
    return text


def _profile_block(story: list[Any], profile: dict[str, Any], conn: sqlite3.Connection | None,
                   table: Any, body: Any, width: float, Paragraph: Any, Spacer: Any,
                   mm: float, KeepTogether: Any) -> None:  # fmt: skip
    used = profile["used"]
    story.append(Spacer(1, 1.5 * mm))
    verdict = "passed" if used.get("passed") else "FAILED" if used.get("passed") is False else "—"
    story.append(
        Paragraph(
            escape(
                f"Reflow profile used by this step: {used.get('profile_id') or 'none named'} against "
                f"“{used.get('spec_name') or '—'}”, {verdict}, measured {_t(used.get('measured_at'))}"
                f", recipe {used.get('recipe') or '—'}."
                + (
                    ""
                    if profile["found"]
                    else " The run this step names is not stored at this station."
                )
                + f" {len(profile['runs'])} run(s) recorded for this board; every run is listed."
            ),
            body,
        )
    )
    for run in profile["runs"]:
        metrics = run.get("metrics") or {}
        rows = [
            [METRIC_WORDS.get(key, key.replace("_", " ")), _metric_value(value)]
            for key, value in sorted(metrics.items())
            if not isinstance(value, dict)
        ][:14]
        parts: list[Any] = [
            Paragraph(
                escape(
                    f"Run {run['profile_id']} at {_t(run['measured_at'])}: "
                    f"{'passed' if run['passed'] else 'FAILED'} “{run['spec_name']}”; oven "
                    f"{run.get('oven') or '—'}, profiler {run.get('profiler') or '—'}, "
                    f"{run['sample_count']} samples (SHA-256 {run['samples_sha256'][:16]}…)."
                    + (f" Violations: {'; '.join(run['violations'])}." if run["violations"] else "")
                    + (
                        f" Decision: {run['disposition']['decision']} by {run['disposition']['by']}:"
                        f" {run['disposition']['comment']}."
                        if run.get("disposition")
                        else (" Decision: awaiting." if not run["passed"] else "")
                    )
                ),
                body,
            )
        ]
        drawing = _plot(conn, run["profile_id"], run.get("spec") or {}, width) if conn else None
        if drawing is not None:
            parts.append(drawing)
        if rows:
            parts.append(table(["Metric", "Value"], rows, [3, 2]))
        channels = metrics.get("channels")
        if isinstance(channels, dict) and channels:
            parts.append(
                table(
                    ["Thermocouple", *(label for label, _key in THERMOCOUPLE_COLUMNS)],
                    [
                        [name, *(_figure(tc.get(key)) for _label, key in THERMOCOUPLE_COLUMNS)]
                        for name, tc in channels.items()
                    ],
                    [2, 1.6, 1.6, 2, 1.6, 1.8, 1.8, 1.8],
                )
            )
        parts.append(Spacer(1, 2 * mm))
        story.append(KeepTogether(parts))


#: The profile's own figures as an auditor reads them (the analysis's keys, ``delta_t_peak_c``…).
METRIC_WORDS = {
    "delta_t_peak_c": "Spread of peak temperatures between thermocouples (°C)",
    "delta_t_tal_s": "Spread of time above liquidus between thermocouples (s)",
    "liquidus_c": "Liquidus of the solder alloy (°C)",
    "ramp_window_s": "Window ramp rates are measured over (s)",
    "soak_c": "Soak window (°C)",
}


def _metric_value(value: Any) -> str:
    """``8.0``, ``150–200`` for a window, as it stands otherwise."""
    if isinstance(value, float):
        return f"{value:.1f}"
    if isinstance(value, list):
        return "–".join(f"{v:g}" if isinstance(v, float) else str(v) for v in value)
    return str(value)


#: Each thermocouple's figures in the DHR, as the profile analysis names them.
THERMOCOUPLE_COLUMNS = (
    ("Peak °C", "peak_c"),
    ("Peak at s", "peak_at_s"),
    ("Above liquidus s", "time_above_liquidus_s"),
    ("Soak s", "soak_s"),
    ("Ramp up °C/s", "max_ramp_up_c_s"),
    ("Ramp down °C/s", "max_ramp_down_c_s"),
    ("Room to peak s", "time_room_to_peak_s"),
)


def _figure(value: Any) -> str:
    if value is None:
        return "—"
    return f"{value:.1f}" if isinstance(value, float) else str(value)


def _plot(conn: sqlite3.Connection, profile_id: str, spec: dict[str, Any], width: float) -> Any:
    """Temperature against time for each thermocouple of a stored run, or None without samples."""
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.charts.lineplots import LinePlot
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors

    try:
        profile = load_profile(conn, profile_id)
    except (KeyError, ValueError):
        return None
    times = profile.times_s
    step = max(1, len(times) // 240)
    palette = [colors.HexColor(c) for c in ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                            "#8c564b", "#e377c2", "#7f7f7f")]  # fmt: skip
    series = []
    for column in range(profile.temps_c.shape[1]):
        temps = profile.temps_c[::step, column]
        series.append(
            [(float(t), float(v)) for t, v in zip(times[::step], temps, strict=True) if v == v]
        )
    drawing = Drawing(width, 150)
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = 36, 24, width - 130, 112
    plot.data = series
    for i in range(len(series)):
        plot.lines[i].strokeColor = palette[i % len(palette)]
        plot.lines[i].strokeWidth = 0.8
    plot.xValueAxis.labelTextFormat = "%d s"
    plot.yValueAxis.labelTextFormat = "%d °C"
    plot.xValueAxis.labels.fontSize = plot.yValueAxis.labels.fontSize = 6.5
    drawing.add(plot)
    legend = Legend()
    legend.x, legend.y = width - 60, 136
    legend.fontSize = 6.5
    legend.columnMaximum = 8
    legend.colorNamePairs = [
        (palette[i % len(palette)], name) for i, name in enumerate(profile.channels)
    ]
    drawing.add(legend)
    peak = spec.get("peak_max_c") or spec.get("peak_c_max")
    label = "Temperature of each thermocouple over time" + (
        f" (peak limit {peak} °C)" if peak else ""
    )
    drawing.add(String(36, 4, label, fontSize=7))
    return drawing
