"""The device identifier catalogue: unknown DIs and PI that does not match the declared controls."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.codes import catalogue
from app.codes.catalogue import Catalogue, Device, check_udi
from app.codes.interpret import interpret
from app.codes.scan import Udi
from app.domain.entry import EntryMethod
from tests.helpers.stations import PRODUCT

ROWS = [
    {
        "di": "51022222233336",
        "agency": "GS1",
        "brand": "Acme",
        "model": "Stent",
        "version": "2",
        "controls": '["lot", "serial", "expiry", "manufactured"]',
        "part_number": None,
    },
    {
        "di": "X999123ABC0",
        "agency": "HIBCC",
        "brand": "Xeno",
        "model": "Clamp",
        "controls": ["lot", "expiry"],
    },
]


def udi_of(text: str) -> Udi:
    udi = interpret(text, EntryMethod.KEYBOARD_WEDGE).udi
    assert udi is not None
    return udi


def test_matching_udi_has_no_findings() -> None:
    cat = Catalogue(ROWS)
    assert len(cat) == 2 and "X999123ABC0" in cat
    assert check_udi(udi_of("(01)51022222233336(11)141231(17)150707(10)A213B1(21)1234"), cat) == []


def test_unknown_di_is_flagged() -> None:
    findings = check_udi(udi_of("(01)09506000117843(10)1234AB"), Catalogue(ROWS))
    assert [f.rule for f in findings] == ["unknown-di"]
    assert "09506000117843" in findings[
        0
    ].reason and "not in this station's device catalogue" in str(findings[0])


def test_missing_and_undeclared_pi_are_flagged_with_reasons() -> None:
    findings = check_udi(udi_of("(01)51022222233336(17)150707(10)A213B1"), Catalogue(ROWS))
    assert [f.rule for f in findings] == ["missing-serial", "missing-manufactured"]
    assert "controlled by serial number" in findings[0].reason
    hibc = udi_of("+X999123ABC0/$$05191234AB/S5678EDFG/16D20151001A")
    assert [f.rule for f in check_udi(hibc, Catalogue(ROWS))] == [
        "undeclared-serial",
        "undeclared-manufactured",
    ]


def test_agency_mismatch_is_flagged() -> None:
    cat = Catalogue(
        [Device("51022222233336", "HIBCC", "Acme", "Stent", controls=frozenset({"lot"}))]
    )
    rules = [f.rule for f in check_udi(udi_of("(01)51022222233336(10)A1"), cat)]
    assert rules == ["agency"]


def test_unknown_control_name_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown controls"):
        Catalogue([{"di": "1", "agency": "GS1", "controls": ["batch"]}])


def test_loaded_from_the_station_database(demo_db: Path) -> None:
    conn = sqlite3.connect(demo_db)
    try:
        cat = catalogue.load(conn)
    finally:
        conn.close()
    device = cat.get(PRODUCT.di)
    assert device is not None and device.agency == "GS1"
    assert device.controls == {"lot", "serial", "expiry", "manufactured"}
    udi = udi_of(f"(01){PRODUCT.di}(11)261101(17)311101(10)B261101(21)SN-1")
    assert check_udi(udi, cat) == []
