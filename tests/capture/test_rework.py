"""A rework disposition opens a rework record; the rework steps name it; the DHR shows both, and the
unit is not released before a rework step is recorded."""

from __future__ import annotations

import subprocess

import pytest

from app.capture import rework
from app.capture.dhr import dhr_for_unit, validate
from app.capture.dhr_pdf import write_pdf
from app.capture.exceptions import dispose
from app.capture.release import release
from app.capture.review import ReviewRefused
from tests.helpers.review import PASSWORD, humid_record, supervisor
from tests.helpers.stations import DemoStation


def test_a_rework_disposition_opens_a_rework_record_its_steps_name(
    station: DemoStation, tmp_path
) -> None:
    key = humid_record(station)
    serial = station.conn.execute(
        "SELECT unit_serial FROM assemblies WHERE record_key = ?", (key,)
    ).fetchone()[0]
    boss = supervisor(station)
    decided = dispose(
        boss,
        key,
        "rework",
        "seal may have taken moisture: re-seal",
        PASSWORD,
        username="supervisor",
    )
    (opened,) = rework.reworks_of(station.conn, serial)
    assert opened["original"] == [key] and opened["disposition"] == decided.key
    assert opened["opened_by"] == "Sofia Lindgren" and opened["steps"] == []
    document = dhr_for_unit(station.conn, serial)
    validate(document)
    assert document["units"][0]["rework"][0]["record_key"] == opened["record_key"]
    assert document["open_exceptions"] == 1  # the rework waits for its step
    with pytest.raises(ReviewRefused, match="no rework step"):
        release(boss, unit=serial, password=PASSWORD)
    operator = station.session("FA-01")
    operator.scan("BDG-1002")
    with pytest.raises(ReviewRefused, match="needs a description"):
        rework.record_step(operator, opened["record_key"], "  ")
    with pytest.raises(ReviewRefused, match="no rework record"):
        rework.record_step(operator, key, "re-sealed")  # the original record is not a rework
    step = rework.record_step(
        operator, opened["record_key"], "housing re-sealed, leak test 0.2 mbar"
    )
    assert step.data["rework_step"]["original"] == [key]
    document = dhr_for_unit(station.conn, serial)
    validate(document)
    (shown,) = document["units"][0]["rework"]
    assert [s["action"] for s in shown["steps"]] == ["housing re-sealed, leak test 0.2 mbar"]
    assert shown["steps"][0]["station"] == "FA-01" and shown["steps"][0]["operator"]
    assert document["open_exceptions"] == 0
    write_pdf(document, tmp_path / "dhr.pdf", station.conn)
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "dhr.pdf"), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert f"Rework of {serial}" in text and "leak test 0.2 mbar" in text
    assert release(boss, unit=serial, password=PASSWORD).kind == "release"


def test_other_decisions_open_no_rework(station: DemoStation) -> None:
    key = humid_record(station)
    dispose(supervisor(station), key, "accept", "fine", PASSWORD, username="supervisor")
    assert station.journal_count("rework") == 0
