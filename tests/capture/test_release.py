"""Dispositions control product: held or scrapped units stop at every station; release is signed,
refused while anything awaits a decision, and freezes the device history record by its hash."""

from __future__ import annotations

import json

import pytest

from app.capture.dhr import dhr_for_unit, dhr_for_work_order, frozen_hash
from app.capture.events import CaptureRefused
from app.capture.exceptions import dispose
from app.capture.recall_drill import Subject, drill
from app.capture.release import release
from app.capture.review import ReviewRefused
from tests.helpers.review import PASSWORD, humid_record, record_profile_run, supervisor
from tests.helpers.stations import DemoStation


def board_record(station: DemoStation) -> tuple[str, str]:
    board = station.free_pcb()
    key = station.conn.execute(
        "SELECT record_key FROM assemblies WHERE unit_serial = ?", (board,)
    ).fetchone()[0]
    return board, str(key)


def build_with(station: DemoStation, board: str, serial: str) -> None:
    session = station.session("FA-01")
    session.scan("BDG-1002")
    session.scan(station.udi(serial))
    session.scan(board)


@pytest.mark.parametrize("decision", ["quarantine", "scrap"])
def test_a_held_or_scrapped_board_is_refused_at_the_station(
    station: DemoStation, decision: str
) -> None:
    board, key = board_record(station)
    dispose(
        supervisor(station),
        key,
        decision,
        "voids under the BGA on X-ray",
        PASSWORD,
        username="supervisor",
    )
    with pytest.raises(CaptureRefused) as refused:
        build_with(station, board, "SN-IP-200-7200001")
    finding = refused.value.finding
    assert finding.rule == "unit-held" and finding.subject == board
    status = "held" if decision == "quarantine" else "scrapped"
    assert f"{status} by " in finding.message and "voids under the BGA" in finding.message


def test_release_is_refused_while_an_exception_is_open_then_freezes_the_dhr(
    station: DemoStation,
) -> None:
    signatures_before = station.journal_count("signature")
    key = humid_record(station)
    serial = station.conn.execute(
        "SELECT unit_serial FROM assemblies WHERE record_key = ?", (key,)
    ).fetchone()[0]
    boss = supervisor(station)
    with pytest.raises(ReviewRefused, match="1 exception"):
        release(boss, unit=serial, comment="DHR reviewed", password=PASSWORD, username="supervisor")
    dispose(
        boss,
        key,
        "accept",
        "71.5 %RH for two minutes; sealed housing, no effect",
        PASSWORD,
        username="supervisor",
    )
    row = release(
        boss, unit=serial, comment="DHR reviewed", password=PASSWORD, username="supervisor"
    )
    body = json.loads(row.content)["release"]
    assert body["units"] == [serial] and body["by"]["role"] == "supervisor"
    signed = station.conn.execute(
        "SELECT content FROM journal WHERE key = ? AND kind = 'signature'", (body["signature"],)
    ).fetchone()  # released with an electronic signature, written with the release
    assert json.loads(signed[0])["signature"]["subject"] == {"release": {"unit": serial}}
    # the disposition's and the release's, after the demo's receiving acceptances
    assert station.journal_count("signature") == signatures_before + 2
    document = dhr_for_unit(station.conn, serial)
    assert document["units"][0]["status"] == "released"
    assert body["dhr_sha256"] == frozen_hash(document)  # the same record made again
    unit = next(u for u in drill(station.conn, Subject(lot=serial)).units if u["serial"] == serial)
    assert unit["status"] == "released"
    with pytest.raises(ReviewRefused, match="already released"):
        release(boss, unit=serial, password=PASSWORD, username="supervisor")


def test_an_operator_cannot_release(station: DemoStation) -> None:
    serial = station.conn.execute(
        "SELECT unit_serial FROM assemblies WHERE di IS NOT NULL LIMIT 1"
    ).fetchone()[0]
    operator = station.session("FA-01")
    operator.scan("BDG-1002")
    with pytest.raises(ReviewRefused, match="only supervisors"):
        release(operator, unit=serial, password=PASSWORD, username="supervisor")


def test_a_failed_profile_run_needs_a_disposition_before_a_later_pass_releases(
    station: DemoStation,
) -> None:
    serial, board = station.conn.execute(
        "SELECT a.unit_serial, c.component FROM components c JOIN assemblies a "
        "ON a.record_key = c.record_key JOIN assemblies b ON b.unit_serial = c.component "
        "WHERE c.kind = 'unit' AND a.status = 'accepted' AND b.status = 'accepted' LIMIT 1"
    ).fetchone()  # a device with nothing else to decide
    failed = record_profile_run(station, board, cold_by=12.0)
    record_profile_run(station, board)
    boss = supervisor(station)
    with pytest.raises(ReviewRefused, match=f"failed profile run {failed}"):
        release(boss, unit=serial, password=PASSWORD, username="supervisor")
    journal_key = station.conn.execute(
        "SELECT journal_key FROM profiles WHERE id = ?", (failed,)
    ).fetchone()[0]
    dispose(
        boss,
        journal_key,
        "accept",
        "TC6 fixture had come loose; the later run with it re-seated passed",
        PASSWORD,
        username="supervisor",
    )
    assert json.loads(release(boss, unit=serial, password=PASSWORD, username="supervisor").content)[
        "release"
    ]["units"] == [serial]


def test_a_work_order_release_lists_every_unit(station: DemoStation) -> None:
    work_order = station.conn.execute(
        "SELECT work_order FROM assemblies GROUP BY work_order ORDER BY count(*) LIMIT 1"
    ).fetchone()[0]
    boss = supervisor(station)
    document = dhr_for_work_order(station.conn, work_order)
    pending = [
        e["subject"]
        for u in document["units"]
        for unit in (u, *u["subassemblies"])
        for step in unit["steps"]
        for e in step["exceptions"]
        if not e["disposition"]
    ]
    assert pending, "the demo data flags some records"
    with pytest.raises(ReviewRefused, match=f"{len(pending)} exception"):
        release(boss, work_order=work_order, password=PASSWORD, username="supervisor")
    for subject in pending:
        dispose(
            boss,
            subject,
            "accept",
            "reviewed with the batch record",
            PASSWORD,
            username="supervisor",
        )
    row = release(
        boss,
        work_order=work_order,
        comment="batch record reviewed",
        password=PASSWORD,
        username="supervisor",
    )
    body = json.loads(row.content)["release"]
    expected = {
        r[0]
        for r in station.conn.execute(
            "SELECT DISTINCT unit_serial FROM assemblies a WHERE work_order = ? AND NOT EXISTS "
            "(SELECT 1 FROM components c WHERE c.component = a.unit_serial)",
            (work_order,),
        )
    }
    assert set(body["units"]) == expected and body["work_order"] == work_order
