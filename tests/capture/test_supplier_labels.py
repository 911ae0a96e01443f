"""A reel scanned by its supplier's label at the station: mapped to the plant lot through the
supplier part cross-reference and the supplier lot, refused with 'receive it first' when the
plant never received it; the record's component entry carries what the label says."""

from __future__ import annotations

import pytest

from app.capture.demo_line import SUPPLIER_PARTS
from app.capture.session import CaptureRefused
from app.codes.mh10 import compose
from app.domain.verdict import Rule, Status
from app.store import masterdata_write, parts
from app.store.masterdata_write import Change
from tests.helpers.stations import DemoStation


def reel_label(station: DemoStation, lot_id: str, **extra: str) -> tuple[str, str, str]:
    """The ECIA label the supplier printed on the reel received as ``lot_id``."""
    part, supplier, supplier_lot = station.conn.execute(
        "SELECT part_number, supplier_id, supplier_lot FROM lots WHERE id = ?", (lot_id,)
    ).fetchone()
    fields = [
        ("P", "CUST-" + part),
        ("1P", SUPPLIER_PARTS[part]),
        ("Q", "50"),
        ("10D", extra.get("date_code", "2547")),
        ("1T", extra.get("lot", supplier_lot)),
        ("4L", "JP"),
        ("1V", "Meridian"),
        ("3S", extra.get("package", "PKG-0001")),
    ]
    return compose(fields), supplier, supplier_lot


def test_a_supplier_label_scans_as_its_plant_lot_and_the_record_carries_its_data(
    station: DemoStation,
) -> None:
    session = station.session("FA-01")
    session.scan("BDG-1002")
    session.scan(station.udi("SN-IP-200-7100001"))
    session.scan(station.free_pcb())
    battery = station.lot("BAT-LI-2S")
    label, supplier, supplier_lot = reel_label(station, battery)
    for lot in station.final_components():
        session.scan(label if lot == battery else lot)
    committed = session.commit()
    assert committed.verdict.status is Status.ACCEPTED
    entry = next(c for c in committed.content["components"] if c["part_number"] == "BAT-LI-2S")
    assert entry["id"] == battery  # the plant's lot, found from the supplier's label
    assert {k: entry[k] for k in ("supplier", "supplier_part", "supplier_lot")} == {
        "supplier": supplier,
        "supplier_part": "MC-2S1P-3400",
        "supplier_lot": supplier_lot,
    }
    assert (entry["date_code"], entry["package_id"]) == ("2547", "PKG-0001")
    assert entry["scan"]["kind"] == "supplier-label"
    assert entry["scan"]["supplier_label"]["quantity"] == 50
    assert entry["scan"]["text"] == label
    stored = station.conn.execute(
        "SELECT content FROM journal WHERE key = ?", (committed.key,)
    ).fetchone()[0]
    # The lot as accepted is a shared part the stored record names by hash.
    assert '"supplier_part":"MC-2S1P-3400"' not in stored
    assert parts.expand(station.conn, stored)["components"] == committed.content["components"]
    assert any(
        '"supplier_part":"MC-2S1P-3400"' in text
        for (text,) in station.conn.execute("SELECT content FROM shared_parts")
    )


def test_a_reel_never_received_is_refused_with_receive_it_first_and_its_data(
    station: DemoStation,
) -> None:
    session = station.session("FA-01")
    session.scan("BDG-1002")
    session.scan(station.udi("SN-IP-200-7100002"))
    label, _, _ = reel_label(station, station.lot("BAT-LI-2S"), lot="NEVERSEEN9")
    before = station.journal_count("refusal")
    with pytest.raises(CaptureRefused) as caught:
        session.scan(label)
    finding = caught.value.finding
    assert finding.rule is Rule.REEL_NOT_RECEIVED
    assert "receive it first" in finding.message
    assert "lot NEVERSEEN9" in finding.message and "part MC-2S1P-3400" in finding.message
    assert station.journal_count("refusal") == before + 1


def test_a_received_package_id_finds_its_lot_even_without_the_lot_code(
    station: DemoStation,
) -> None:
    battery = station.lot("BAT-LI-2S")
    supplier = station.conn.execute(
        "SELECT supplier_id FROM lots WHERE id = ?", (battery,)
    ).fetchone()[0]
    received = Change(
        "supplier_packages",
        {"supplier_id": supplier, "package_id": "REEL-77"},
        {"supplier_id": supplier, "package_id": "REEL-77", "lot_id": battery, "date_code": "2547"},
        replace=True,
    )
    station.store.write(
        lambda conn: masterdata_write.write(
            conn, "FA-01", [received], by="test goods-in", why="reel REEL-77 received"
        )
    )
    label = compose([("1P", SUPPLIER_PARTS["BAT-LI-2S"]), ("Q", "10"), ("3S", "REEL-77")])
    session = station.session("FA-01")
    session.scan("BDG-1002")
    session.scan(station.udi("SN-IP-200-7100003"))
    event = session.scan(label)
    assert event.kind == "component"
    assert battery in event.message
