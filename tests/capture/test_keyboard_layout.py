"""The station refuses wedge scans typed through the wrong keyboard layout with what to set."""

from __future__ import annotations

import json

import pytest

from app.capture.session import CaptureRefused
from app.domain.entry import EntryMethod
from app.domain.verdict import Rule
from tests.helpers.stations import DemoStation


def test_a_us_scanner_on_a_german_pc_is_refused_naming_the_layouts(station: DemoStation) -> None:
    session = station.session("FA-01")
    with pytest.raises(CaptureRefused) as caught:
        session.scan("BDGß1002", EntryMethod.KEYBOARD_WEDGE)  # BDG-1002 through QWERTZ
    finding = caught.value.finding
    assert finding.rule is Rule.KEYBOARD_LAYOUT
    assert "US English (QWERTY)" in finding.message and "German (QWERTZ)" in finding.message
    assert session.operator is None  # never misread as someone


def test_typed_text_is_not_blamed_on_a_layout(station: DemoStation) -> None:
    session = station.session("FA-01")
    with pytest.raises(CaptureRefused) as caught:
        session.scan("BDGß1002", EntryMethod.TYPED)
    assert caught.value.finding.rule is Rule.SCAN_INVALID


def test_a_mismatch_found_by_the_test_label_refuses_every_wedge_scan(
    station: DemoStation,
) -> None:
    settings = json.loads(
        station.conn.execute("SELECT settings FROM stations WHERE id = 'FA-01'").fetchone()[0]
    )
    settings.setdefault("scanners", {}).setdefault("wedge", {})["layout_mismatch"] = {
        "scanner": "us",
        "host": "fr",
    }
    station.store.write(
        lambda conn: conn.execute(
            "UPDATE stations SET settings = ? WHERE id = 'FA-01'", (json.dumps(settings),)
        )
    )
    session = station.session("FA-01")
    with pytest.raises(CaptureRefused) as caught:
        session.scan("BDG-1002", EntryMethod.KEYBOARD_WEDGE)  # even one that happens to read
    assert caught.value.finding.rule is Rule.KEYBOARD_LAYOUT
    assert "French (AZERTY)" in caught.value.finding.message
    event = session.scan("BDG-1002", EntryMethod.SERIAL_SCANNER)  # a serial scanner has no layout
    assert event.kind == "login"
