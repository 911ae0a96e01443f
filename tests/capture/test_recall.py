"""Recall lists: every affected unit, exported to CSV and PDF; backward traces from a UDI."""

from __future__ import annotations

import csv

import pytest

from app.capture import (
    recall,
    recall_export,
)
from app.capture.review import ReviewRefused
from tests.helpers.pdf import overlapping_words, pdf_text
from tests.helpers.stations import DemoStation


def test_recall_list_exports_every_affected_unit_to_csv_and_pdf(
    station: DemoStation, tmp_path
) -> None:
    lot = station.conn.execute(
        "SELECT component FROM components WHERE kind = 'lot' AND part_number = 'PCB-BARE-200' "
        "LIMIT 1"
    ).fetchone()[0]
    result = recall.trace(station.conn, "forward", lot)
    assert result.rows and result.title.endswith(lot)
    assert recall_export.export_csv(result, tmp_path / "recall.csv") == len(result.rows)
    with (tmp_path / "recall.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["unit"] for r in rows} == set(result.units)
    assert any(r["unit"].startswith("SN-") for r in rows)  # finished devices, through the PCB
    recall_export.export_pdf(
        result, tmp_path / "recall.pdf", station="FA-01", prepared_by="S. Lindgren"
    )
    assert (tmp_path / "recall.pdf").read_bytes().startswith(b"%PDF")


def test_backward_trace_accepts_a_udi(station: DemoStation) -> None:
    serial, di = station.conn.execute(
        "SELECT unit_serial, di FROM assemblies WHERE di IS NOT NULL LIMIT 1"
    ).fetchone()
    result = recall.trace(station.conn, "backward", f"(01){di}(21){serial}")
    assert result.start == serial and any(r["kind"] == "unit" for r in result.rows)
    with pytest.raises(ReviewRefused, match="no unit"):
        recall.trace(station.conn, "backward", f"(01){di}(21)SN-NOPE")


def test_the_recall_pdf_keeps_every_column_apart(station: DemoStation, tmp_path) -> None:
    lot = station.conn.execute(
        "SELECT component FROM components WHERE kind = 'lot' AND part_number = 'PCB-BARE-200' "
        "LIMIT 1"
    ).fetchone()[0]
    for direction, start in (
        ("forward", lot),
        ("backward", station.conn.execute("SELECT max(unit_serial) FROM assemblies").fetchone()[0]),
    ):
        result = recall.trace(station.conn, direction, start)
        target = tmp_path / f"{direction}.pdf"
        recall_export.export_pdf(result, target, station="FA-01", prepared_by="S. Lindgren")
        assert overlapping_words(target) == [], direction
        text = pdf_text(target)
        assert all(unit in text for unit in result.units)
