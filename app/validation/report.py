"""Runs the IQ/OQ checks and writes the qualification report (JSON and PDF) with the trace matrix."""

from __future__ import annotations

import getpass
import hashlib
import json
import platform
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from app.domain.canonical import canonical_json
from app.validation.checks import CHECKS, FAIL, NOT_APPLICABLE, PASS, Check, Setup
from app.validation.requirements import Requirement, load
from app.validation.signature import SignatureRefused, sign

#: A requirement's verdict when no check of this run covers it: CI's tests are its evidence.
BY_TESTS = "verified by tests (CI)"


@dataclass(frozen=True)
class CheckResult:
    """One check as run: its result, evidence and how long it took."""

    id: str
    title: str
    requirements: list[str]
    result: str
    evidence: str
    seconds: float
    data: dict[str, Any]


def run_checks(setup: Setup, checks: tuple[Check, ...] = CHECKS) -> list[CheckResult]:
    """Runs every check; an unexpected exception is the check's failure, with its message."""
    traced: dict[str, list[str]] = {}
    for req in load():
        for check_id in req.checks:
            traced.setdefault(check_id, []).append(req.id)
    results = []
    for check in checks:
        started = time.perf_counter()
        try:
            outcome = check.run(setup)
            result, evidence, data = outcome.result, outcome.evidence, outcome.data
        except Exception as exc:  # a check that crashes has failed; the report says how
            result, evidence, data = FAIL, f"the check raised {type(exc).__name__}: {exc}", {}
        results.append(
            CheckResult(
                check.id,
                check.title,
                traced.get(check.id, []),
                result,
                evidence,
                round(time.perf_counter() - started, 3),
                data,
            )
        )
    return results


def requirement_result(req: Requirement, results: dict[str, CheckResult]) -> str:
    """``fail`` if any of its checks failed, ``pass`` if one passed, else covered by tests only."""
    ran = [results[c].result for c in req.checks if c in results]
    if FAIL in ran:
        return FAIL
    if PASS in ran:
        return PASS
    return BY_TESTS


def build_report(setup: Setup, results: list[CheckResult], signed_by: str) -> dict[str, Any]:
    """The report as one JSON-able document, sealed with the SHA-256 of its canonical JSON."""
    by_id = {r.id: r for r in results}
    requirements = load()
    matrix = [
        {
            "requirement": req.id,
            "title": req.title,
            "source": req.source,
            "tests": list(req.tests),
            "checks": list(req.checks),
            "result": requirement_result(req, by_id),
        }
        for req in requirements
    ]
    failed = [r.id for r in results if r.result == FAIL]
    body: dict[str, Any] = {
        "report": "Lineside installation and operational qualification",
        "generated_at": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "host": platform.node(),
        "run_by": signed_by,
        "station_database": str(setup.db) if setup.db else None,
        "station": setup.station,
        "plant": _without_secrets(setup.plant_dsn),
        "result": FAIL if failed else PASS,
        "failed_checks": failed,
        "checks": [asdict(r) for r in results],
        "trace_matrix": matrix,
    }
    body["sha256"] = hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()
    return body


def _without_secrets(dsn: str | None) -> str | None:
    if dsn is None:
        return None
    return " ".join(p for p in dsn.split() if not p.lower().startswith("password="))


def validate(
    out: Path,
    *,
    db: Path | None = None,
    station: str | None = None,
    plant_dsn: str | None = None,
    manifest: Path | None = None,
    install_root: Path | None = None,
    signed_by: str | None = None,
    sign_as: tuple[str, str] | None = None,
) -> dict[str, Any]:
    """Runs IQ and OQ, writes ``out/validation-report.json`` and ``.pdf`` and returns the report.

    Args:
        sign_as: ``(username, password)`` of a supervisor or admin of the station database: the
            sealed report is signed in ``station``'s journal (see :mod:`app.validation.signature`).

    Raises:
        SignatureRefused: the signer was not confirmed; the report is written unsigned.
    """
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lineside-oq-") as scratch:
        setup = Setup(
            scratch=Path(scratch),
            db=db,
            station=station,
            plant_dsn=plant_dsn,
            manifest=manifest,
            install_root=install_root,
        )
        results = run_checks(setup)
    report = build_report(
        setup, results, signed_by or (sign_as[0] if sign_as else getpass.getuser())
    )
    refused: SignatureRefused | None = None
    if sign_as is not None:
        if db is None or station is None:
            refused = SignatureRefused("signing needs the station database (--db) and --station")
        else:
            try:
                report["signature"] = sign(report, db, station, *sign_as)
            except SignatureRefused as exc:
                refused = exc
    (out / "validation-report.json").write_text(
        json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    write_pdf(report, out / "validation-report.pdf")
    if refused is not None:
        raise refused
    return report


# -- PDF ----------------------------------------------------------------------------------------------
_TONE = {PASS: colors.HexColor("#2e9d57"), FAIL: colors.HexColor("#c62828")}


def write_pdf(report: dict[str, Any], path: Path) -> None:
    """The report for a reviewer: summary, each check with its evidence, then the trace matrix."""
    styles = getSampleStyleSheet()
    small = ParagraphStyle("small", parent=styles["BodyText"], fontSize=7.5, leading=9.5)
    bold = ParagraphStyle("bold", parent=small, fontName="Helvetica-Bold")
    doc = SimpleDocTemplate(
        str(path),
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=report["report"],
    )
    versions: dict[str, str] = next((c["data"] for c in report["checks"] if c["id"] == "IQ-01"), {})
    story: list[Any] = [
        Paragraph(report["report"], styles["Title"]),
        Paragraph(
            f"<b>Result: {report['result'].upper()}</b>"
            + (
                f" — failed: {', '.join(report['failed_checks'])}"
                if report["failed_checks"]
                else ""
            )
            + f" · generated {report['generated_at']} on {report['host']} · run by {report['run_by']}",
            styles["BodyText"],
        ),
        Paragraph(
            f"Lineside {versions.get('lineside', '?')} · schema {versions.get('schema', '?')} · "
            f"Python {versions.get('python', '?')} · PySide6 {versions.get('PySide6-Essentials', '?')} · "
            f"{versions.get('frozen', '?')} · station database {report['station_database'] or '—'} · "
            f"plant {report['plant'] or '—'}",
            small,
        ),
        Paragraph(
            f"Report SHA-256 (canonical JSON without this field and the signature): {report['sha256']}",
            small,
        ),
        Paragraph(_signature_line(report.get("signature")), bold),
        Spacer(1, 4 * mm),
        Paragraph("Installation and operational qualification", styles["Heading2"]),
    ]
    rows = [[Paragraph(h, bold) for h in ("Check", "What", "Requirements", "Result", "Evidence")]]
    for c in report["checks"]:
        rows.append(
            [
                Paragraph(c["id"], small),
                Paragraph(c["title"], small),
                Paragraph(", ".join(c["requirements"]) or "—", small),
                Paragraph(f"<b>{c['result']}</b>", small),
                Paragraph(_escape(c["evidence"]), small),
            ]
        )
    story.append(_table(rows, [16 * mm, 52 * mm, 24 * mm, 22 * mm, 159 * mm], report["checks"]))
    # The matrix starts on a new page unless a good part of it fits below the checks.
    story += [
        CondPageBreak(60 * mm),
        Spacer(1, 4 * mm),
        Paragraph("Trace matrix", styles["Heading2"]),
    ]
    rows = [
        [
            Paragraph(h, bold)
            for h in ("Requirement", "Title / source", "Tests (CI)", "Checks", "Result")
        ]
    ]
    for m in report["trace_matrix"]:
        rows.append(
            [
                Paragraph(m["requirement"], small),
                Paragraph(f"{_escape(m['title'])}<br/><i>{_escape(m['source'])}</i>", small),
                Paragraph("<br/>".join(_escape(t) for t in m["tests"]), small),
                Paragraph(", ".join(m["checks"]) or "—", small),
                Paragraph(f"<b>{m['result']}</b>", small),
            ]
        )
    story.append(
        _table(rows, [23 * mm, 80 * mm, 122 * mm, 22 * mm, 26 * mm], report["trace_matrix"])
    )
    doc.build(story)


def _signature_line(signature: dict[str, Any] | None) -> str:
    """The signature as shown with the record (21 CFR 11.50): name, time, meaning."""
    if not signature:
        return "Not signed (lineside validate --sign-as USER signs it in the station's journal)."
    return (
        f"Signed: {_escape(signature['printed_name'])} ({signature['role']}) — "
        f"{_escape(signature['meaning'])} — {signature['signed_at'][:19].replace('T', ' ')} UTC — "
        f"journal row {signature['journal_key']}"
    )


def _table(rows: list[list[Any]], widths: list[float], items: list[dict[str, Any]]) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#1f3a5f")),
        ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#b0b8c4")),
    ]
    for i, item in enumerate(items, start=1):
        tone = _TONE.get(item["result"])
        if tone is not None:
            column = 3 if "evidence" in item else 4
            style.append(("BACKGROUND", (column, i), (column, i), tone.clone(alpha=0.18)))
        elif item["result"] == NOT_APPLICABLE:
            style.append(("TEXTCOLOR", (0, i), (-1, i), colors.HexColor("#5f6b7a")))
    table.setStyle(TableStyle(style))
    return table


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
