"""Recall drill: a supplier's lot as printed finds every unit; nothing found is never '0 units'."""

from __future__ import annotations

import csv
import subprocess

import pytest

from app.capture import recall_export
from app.capture.exceptions import dispose
from app.capture.recall_drill import NothingFound, Subject, drill
from app.store import genealogy
from tests.helpers.review import PASSWORD, humid_record, record_profile_run, supervisor
from tests.helpers.stations import DemoStation


def supplier_lot_of(station: DemoStation, part: str = "IC-MCU-32") -> tuple[str, str, str]:
    lot, supplier_lot, supplier = station.conn.execute(
        "SELECT l.id, l.supplier_lot, s.name FROM lots l JOIN suppliers s ON s.id = l.supplier_id "
        "WHERE l.part_number = ? AND EXISTS (SELECT 1 FROM components c WHERE c.component = l.id) "
        "ORDER BY l.id LIMIT 1",
        (part,),
    ).fetchone()
    return lot, supplier_lot, supplier


def test_a_supplier_lot_as_printed_finds_every_unit_at_every_level(station: DemoStation) -> None:
    lot, supplier_lot, supplier = supplier_lot_of(station)
    expected = {r["unit"] for r in genealogy.trace_forward(station.conn, lot)}
    printed = f"{supplier_lot[:3]}-{supplier_lot[3:].lower()}"  # as a certificate may print it
    for subject in (
        Subject(supplier_lot=supplier_lot),
        Subject(supplier_lot=printed, supplier=supplier.split()[0].lower()),
        Subject(lot=supplier_lot),  # the supplier's number typed where ours was asked
        Subject(lot=lot),
    ):
        result = drill(station.conn, subject)
        assert {u["serial"] for u in result.units} == expected, subject
    result = drill(station.conn, Subject(supplier_lot=supplier_lot))
    levels = {u["part_level"] for u in result.units}
    assert levels == {"subassembly", "device"}
    device = next(u for u in result.units if u["part_level"] == "device")
    assert device["di"] and device["udi_lot"] and device["expiry"] and device["station"]
    assert all(u["status"] == "WIP" for u in result.units)


def test_a_supplier_lot_of_another_supplier_is_not_a_match(station: DemoStation) -> None:
    _, supplier_lot, _ = supplier_lot_of(station)
    with pytest.raises(NothingFound) as caught:
        drill(station.conn, Subject(supplier_lot=supplier_lot, supplier="Alpine Fasteners"))
    assert supplier_lot in caught.value.close


def test_an_unknown_lot_says_so_with_close_matches(station: DemoStation) -> None:
    _, supplier_lot, _ = supplier_lot_of(station)
    wrong = supplier_lot[:-1] + ("0" if supplier_lot[-1] != "0" else "1")
    with pytest.raises(NothingFound, match="close matches") as caught:
        drill(station.conn, Subject(supplier_lot=wrong))
    assert supplier_lot in caught.value.close


def test_certificate_instrument_and_profile_reach_units(station: DemoStation) -> None:
    lot, _, _ = supplier_lot_of(station)
    certificate = station.conn.execute(
        "SELECT id FROM certificates WHERE lot_id = ? LIMIT 1", (lot,)
    ).fetchone()[0]
    by_lot = {u["serial"] for u in drill(station.conn, Subject(lot=lot)).units}
    assert {
        u["serial"] for u in drill(station.conn, Subject(certificate=certificate)).units
    } == by_lot
    first, last = station.conn.execute(
        "SELECT min(recorded_at), max(recorded_at) FROM assemblies WHERE station = 'SMT-01'"
    ).fetchone()
    window = drill(station.conn, Subject(instrument="SMT-01-HMT330", start=first, end=last)).units
    boards = {u["serial"] for u in window if u["depth"] == 0}
    assert boards and all(s.startswith("PCB-") for s in boards)
    assert any(u["depth"] == 1 for u in window)  # the devices those boards went into
    board = next(iter(boards))
    profile = record_profile_run(station, board)
    assert board in {u["serial"] for u in drill(station.conn, Subject(profile=profile)).units}
    with pytest.raises(NothingFound):
        drill(station.conn, Subject(instrument="SMT-09-HMT330"))


def test_status_follows_dispositions(station: DemoStation) -> None:
    key = humid_record(station)
    serial = station.conn.execute(
        "SELECT unit_serial FROM assemblies WHERE record_key = ?", (key,)
    ).fetchone()[0]
    lot = station.conn.execute(
        "SELECT component FROM components WHERE record_key = ? AND kind = 'lot' LIMIT 1", (key,)
    ).fetchone()[0]
    dispose(
        supervisor(station),
        key,
        "quarantine",
        "humidity 71.5 %RH: hold for review",
        PASSWORD,
        username="supervisor",
    )
    unit = next(u for u in drill(station.conn, Subject(lot=lot)).units if u["serial"] == serial)
    assert unit["status"] == "held" and "humidity 71.5" in unit["status_reason"]


def test_drill_pdf_columns_fit_and_csv_lists_every_unit(station: DemoStation, tmp_path) -> None:
    _, supplier_lot, _ = supplier_lot_of(station)
    result = drill(station.conn, Subject(supplier_lot=supplier_lot))
    assert recall_export.drill_csv(result, tmp_path / "d.csv") == len(result.units)
    with (tmp_path / "d.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["serial"] for r in rows} == {u["serial"] for u in result.units}
    recall_export.drill_pdf(result, tmp_path / "d.pdf", prepared_by="S. Lindgren")
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "d.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    device = next(u for u in result.units if u["part_level"] == "device")
    # Whole values on one line each: nothing clipped or run into its neighbour.
    line = next(x for x in text.splitlines() if device["serial"] in x)
    for column in ("di", "udi_lot", "expiry", "work_order", "station"):
        assert f" {device[column]} " in f" {line} ", column


def test_drill_pdf_keeps_every_column_apart_with_long_hold_reasons(
    station: DemoStation, tmp_path
) -> None:
    """Rendered and read back: no word runs into the next column, a long hold reason wraps in its
    own column and is there whole, every unit and every column title is on the page."""
    from tests.helpers.pdf import overlapping_words

    key = humid_record(station)
    serial, lot = station.conn.execute(
        "SELECT a.unit_serial, c.component FROM assemblies a JOIN components c "
        "ON c.record_key = a.record_key WHERE a.record_key = ? AND c.kind = 'lot' LIMIT 1",
        (key,),
    ).fetchone()
    reason = (
        "housing seal may have taken moisture during the humidity excursion; hold until the "
        "leak test results from the laboratory are in (ticket QA-2026-11-0042)"
    )
    dispose(supervisor(station), key, "quarantine", reason, PASSWORD, username="supervisor")
    result = drill(station.conn, Subject(lot=lot))
    recall_export.drill_pdf(result, tmp_path / "d.pdf", prepared_by="S. Lindgren")
    assert overlapping_words(tmp_path / "d.pdf") == []
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "d.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = " ".join(text.split())
    assert reason in words
    for _, title, _ in recall_export.DRILL_COLUMNS:
        assert title in words, title
    assert all(u["serial"] in words for u in result.units) and serial in words
