"""Device history record: every step of a unit and its subassemblies, as JSON and as a PDF."""

from __future__ import annotations

import json
import subprocess

import jsonschema
import pytest

from app.capture import rework
from app.capture.dhr import DhrNotFound, dhr_for_unit, dhr_for_work_order, frozen_hash, validate
from app.capture.dhr_pdf import write_pdf
from app.capture.exceptions import dispose
from tests.helpers.review import PASSWORD, humid_record, record_profile_run, supervisor
from tests.helpers.stations import DemoStation


def a_device(station: DemoStation) -> tuple[str, str]:
    serial, board = station.conn.execute(
        "SELECT c.unit_serial, c.component FROM components c WHERE c.kind = 'unit' "
        "ORDER BY c.unit_serial LIMIT 1"
    ).fetchone()
    return str(serial), str(board)


def test_a_device_dhr_holds_its_subassembly_components_certificates_and_environment(
    station: DemoStation,
) -> None:
    serial, board = a_device(station)
    document = dhr_for_unit(station.conn, serial)
    validate(document)
    (device,) = document["units"]
    assert device["level"] == "device" and device["udi"]["di"] and device["udi"]["expiry"]
    (pcb,) = device["subassemblies"]
    assert pcb["serial"] == board and pcb["built_in_at_step"] == device["steps"][0]["step"]
    lots = [
        c for u in (device, pcb) for s in u["steps"] for c in s["components"] if c["kind"] == "lot"
    ]
    assert lots and all(
        c["part"] and c["lot"] and c["supplier"] and c["supplier_lot"] and c["certificate"]
        for c in lots
    )
    # The demo's receiving inspector signed each lot's acceptance; the DHR names her and when.
    assert all(
        c["certificate"]["accepted_by"].startswith("Sofia Lindgren (U2001), accept, ") for c in lots
    )
    expected = {
        r[0]
        for r in station.conn.execute(
            "SELECT component FROM components WHERE unit_serial IN (?, ?) AND kind = 'lot'",
            (serial, board),
        )
    }
    assert {c["lot"] for c in lots} == expected
    reading = pcb["steps"][0]["environment"][0]
    assert reading["instrument"] and reading["window"]["high"] is not None
    heads = {h["station"] for h in document["chain_heads"]}
    assert heads == {device["steps"][0]["station"], pcb["steps"][0]["station"]}


def test_the_schema_refuses_a_component_without_its_supplier_lot_field(
    station: DemoStation,
) -> None:
    serial, _ = a_device(station)
    document = dhr_for_unit(station.conn, serial)
    del document["units"][0]["steps"][0]["components"][1]["supplier_lot"]
    with pytest.raises(jsonschema.ValidationError, match="supplier_lot"):
        validate(document)


def test_exceptions_dispositions_corrections_and_every_profile_run_are_in_it(
    station: DemoStation,
) -> None:
    key = humid_record(station)
    serial, board = station.conn.execute(
        "SELECT a.unit_serial, c.component FROM assemblies a JOIN components c "
        "ON c.record_key = a.record_key AND c.kind = 'unit' WHERE a.record_key = ?",
        (key,),
    ).fetchone()
    boss = supervisor(station)
    dispose(
        boss,
        key,
        "accept",
        "71.5 %RH for 2 minutes; housing sealed, no effect",
        PASSWORD,
        username="supervisor",
    )
    old_lot = station.conn.execute(
        "SELECT component FROM components WHERE record_key = ? AND part_number = 'BAT-LI-2S'",
        (key,),
    ).fetchone()[0]
    new_lot = station.conn.execute(
        "SELECT id FROM lots WHERE part_number = 'BAT-LI-2S' AND status = 'released' AND id != ? "
        "AND EXISTS (SELECT 1 FROM certificates c WHERE c.lot_id = lots.id) "
        "AND (expires_on IS NULL OR expires_on > date('now')) LIMIT 1",
        (old_lot,),
    ).fetchone()[0]
    fixer = station.session("FA-01")
    fixer.scan("BDG-1002")
    fixer.correct(key, "wrong battery lot scanned", replace={old_lot: new_lot})
    failed = record_profile_run(station, board, cold_by=12.0)
    passed = record_profile_run(station, board)
    document = dhr_for_unit(station.conn, serial)
    validate(document)
    device = document["units"][0]
    (step,) = device["steps"]
    assert step["kind"] == "correction"
    (correction,) = step["corrections"]
    assert correction["record_key"] == key and correction["reason"] == "wrong battery lot scanned"
    assert correction["superseded"] == [{"part": "BAT-LI-2S", "lot": old_lot}]
    assert correction["replaced_by"] == [{"part": "BAT-LI-2S", "lot": new_lot}]
    runs = device["subassemblies"][0]["steps"][0]["profile"]["runs"]
    # The demo's oven run the board was reflowed in, then the two runs recorded here.
    assert [(r["profile_id"], r["passed"]) for r in runs[1:]] == [(failed, False), (passed, True)]
    assert runs[0]["passed"] and len(runs) == 3
    assert runs[1]["violations"] and runs[1]["disposition"] is None
    # The correction keeps the humidity finding, and with it the disposition of the original.
    (exception,) = step["exceptions"]
    assert exception["disposition"]["decision"] == "accept"
    assert document["open_exceptions"] == 1  # the failed run, though a later run passed
    journal_key = station.conn.execute(
        "SELECT journal_key FROM profiles WHERE id = ?", (failed,)
    ).fetchone()[0]
    dispose(boss, journal_key, "rework", "reflow again", PASSWORD, username="supervisor")
    document = dhr_for_unit(station.conn, serial)
    (opened,) = document["units"][0]["subassemblies"][0]["rework"]  # the board is reworked
    assert document["open_exceptions"] == 1  # until a rework step is recorded
    smt = station.session("SMT-01")
    smt.scan("BDG-1002")
    rework.record_step(smt, opened["record_key"], "reflowed again with the TC6 fixture re-seated")
    assert dhr_for_unit(station.conn, serial)["open_exceptions"] == 1  # done, not closed yet
    rework.close(boss, opened["record_key"], "profile checked", password=PASSWORD)
    assert dhr_for_unit(station.conn, serial)["open_exceptions"] == 0


def test_a_flagged_step_shows_its_disposition_and_signature(station: DemoStation) -> None:
    key = humid_record(station)
    serial = station.conn.execute(
        "SELECT unit_serial FROM assemblies WHERE record_key = ?", (key,)
    ).fetchone()[0]
    assert dhr_for_unit(station.conn, serial)["open_exceptions"] == 1
    dispose(
        supervisor(station),
        key,
        "accept",
        "71.5 %RH for 2 minutes; no effect",
        PASSWORD,
        username="supervisor",
    )
    document = dhr_for_unit(station.conn, serial)
    (exception,) = document["units"][0]["steps"][0]["exceptions"]
    assert "71.5" in " ".join(exception["reasons"])
    assert exception["disposition"]["decision"] == "accept"
    assert exception["disposition"]["by"] and exception["disposition"]["role"] == "supervisor"
    assert document["open_exceptions"] == 0


def test_the_pdf_reads_in_plain_language(station: DemoStation, tmp_path) -> None:
    serial, board = a_device(station)
    record_profile_run(station, board, cold_by=12.0)
    document = dhr_for_unit(station.conn, serial)
    pages = write_pdf(document, tmp_path / "dhr.pdf", station.conn)
    assert pages >= 2
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "dhr.pdf"), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    lot = document["units"][0]["subassemblies"][0]["steps"][0]["components"][0]
    for words in (
        f"Device history record — unit {serial}",
        f"Subassembly {board}",
        lot["lot"],
        lot["supplier_lot"],
        "Relative humidity",
        "FAILED",
        "Temperature of each thermocouple over time",
        "Spread of peak temperatures between thermocouples",
        "Soak window (°C)",
        document["units"][0]["udi"]["di"],
        frozen_hash(document),
    ):
        assert words in text, words
    for key in ("delta t peak", "liquidus c", "ramp window s"):  # no internal keys
        assert key not in text, key
    images = subprocess.run(
        ["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(tmp_path / "dhr.pdf"),
         str(tmp_path / "page")], check=True,
    )  # fmt: skip
    assert images.returncode == 0 and (tmp_path / "page-1.png").stat().st_size > 1000


def test_a_work_order_dhr_lists_its_units_and_unknown_names_are_refused(
    station: DemoStation,
) -> None:
    work_order = station.conn.execute("SELECT id FROM work_orders ORDER BY id LIMIT 1").fetchone()[
        0
    ]
    document = dhr_for_work_order(station.conn, work_order)
    validate(document)
    assert document["units"] and all(u["work_order"] == work_order for u in document["units"])
    assert json.loads(json.dumps(document)) == document
    with pytest.raises(DhrNotFound, match="close matches"):
        dhr_for_unit(station.conn, a_device(station)[0][:-1])
    with pytest.raises(DhrNotFound, match="work orders"):
        dhr_for_work_order(station.conn, "WO-1999-0001")
