"""A rework disposition opens a rework order; the rework steps name it (a lot exchanged changes the
unit's genealogy, and the lot removed is scrapped unless it goes back to stock); the DHR shows the
order, its steps under the step they reworked with what became of the removed lot, and its signed
close, and the unit is not released while the rework is open."""

from __future__ import annotations

import subprocess

import pytest

from app.capture import rework
from app.capture.dhr import dhr_for_unit, validate
from app.capture.dhr_pdf import write_pdf
from app.capture.events import CaptureRefused
from app.capture.exceptions import dispose
from app.capture.release import release
from app.capture.review import ReviewRefused
from app.store import genealogy, journal, lot_balance
from tests.helpers.review import PASSWORD, humid_record, supervisor
from tests.helpers.stations import DemoStation


def _pdf_text(document: dict, station: DemoStation, path) -> str:
    write_pdf(document, path, station.conn)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _reworked(station: DemoStation, close: str = "signed") -> tuple[str, str, str]:
    """A flagged unit dispositioned "rework": (record key, serial, rework key)."""
    key = humid_record(station)
    serial = station.conn.execute(
        "SELECT unit_serial FROM assemblies WHERE record_key = ?", (key,)
    ).fetchone()[0]
    dispose(
        supervisor(station), key, "rework", "seal may have taken moisture: re-seal",
        PASSWORD, username="supervisor", rework_close=close,
    )  # fmt: skip
    (opened,) = rework.open_reworks(station.conn, serial)
    return key, serial, opened["record_key"]


def _first_lot(station: DemoStation, key: str) -> str:
    """The first lot (by id) a record names."""
    return str(
        station.conn.execute(
            "SELECT component FROM components WHERE record_key = ? AND kind = 'lot' "
            "ORDER BY component",
            (key,),
        ).fetchone()[0]
    )


def other_lot(station: DemoStation, lot: str) -> str:
    """Another released lot of the same part, with an accepted certificate."""
    row = station.conn.execute(
        "SELECT l.id FROM lots l JOIN lots o ON o.id = ? WHERE l.part_number = o.part_number "
        "AND l.id != o.id AND l.status = 'released' AND EXISTS (SELECT 1 FROM certificates c "
        "WHERE c.lot_id = l.id) ORDER BY l.id",
        (lot,),
    ).fetchone()
    assert row, f"no second lot of {lot}'s part"
    return str(row[0])


def test_a_rework_order_is_worked_closed_with_a_signature_and_then_released(
    station: DemoStation, tmp_path
) -> None:
    key, serial, rw = _reworked(station)
    boss = supervisor(station)
    (opened,) = rework.reworks_of(station.conn, serial)
    assert opened["original"] == [key] and opened["opened_by"] == "Sofia Lindgren"
    assert opened["open"] and opened["close"] == "signed" and opened["steps"] == []
    document = dhr_for_unit(station.conn, serial)
    validate(document)
    assert document["open_exceptions"] == 1  # the rework waits for its step
    with pytest.raises(ReviewRefused, match="no rework step"):
        release(boss, unit=serial, password=PASSWORD, username="supervisor")
    operator = station.session("FA-01")
    operator.scan("BDG-1002")
    with pytest.raises(ReviewRefused, match="needs a description"):
        rework.record_step(operator, rw, "  ")
    with pytest.raises(ReviewRefused, match="no rework record"):
        rework.record_step(operator, key, "re-sealed")  # the original record is not a rework
    with pytest.raises(ReviewRefused, match="no rework step yet"):
        rework.close(boss, rw, "done", password=PASSWORD, username="supervisor")
    step = rework.record_step(operator, rw, "housing re-sealed, leak test 0.2 mbar")
    assert step.kind == "rework-step" and step.data["rework_step"]["original"] == [key]
    document = dhr_for_unit(station.conn, serial)
    validate(document)
    (shown,) = document["units"][0]["rework"]
    assert [s["action"] for s in shown["steps"]] == ["housing re-sealed, leak test 0.2 mbar"]
    assert shown["steps"][0]["station"] == "FA-01" and shown["steps"][0]["operator"]
    # The step is shown under the step it reworked.
    reworked_step = next(s for s in document["units"][0]["steps"] if s["record_key"] == key)
    assert [r["action"] for r in reworked_step["rework_steps"]] == [shown["steps"][0]["action"]]
    assert document["open_exceptions"] == 1  # done, not closed yet
    with pytest.raises(ReviewRefused, match="not closed yet"):
        release(boss, unit=serial, password=PASSWORD, username="supervisor")
    with pytest.raises(ReviewRefused, match="needs your electronic signature"):
        rework.close(boss, rw, "leak test passed")
    with pytest.raises(ReviewRefused, match="password is wrong"):
        rework.close(boss, rw, "leak test passed", password="not it", username="supervisor")
    closed = rework.close(boss, rw, "leak test passed", password=PASSWORD, username="supervisor")
    signature = closed.data["rework_closed"]["signature"]
    assert (
        station.conn.execute(
            "SELECT json_extract(content, '$.signature.meaning') FROM journal WHERE key = ?",
            (signature,),
        ).fetchone()[0]
        == "rework completed"
    )
    with pytest.raises(ReviewRefused, match="was closed"):
        rework.record_step(operator, rw, "one more")
    with pytest.raises(ReviewRefused, match="already closed"):
        rework.close(boss, rw, "again", password=PASSWORD, username="supervisor")
    assert rework.open_reworks(station.conn) == []
    document = dhr_for_unit(station.conn, serial)
    validate(document)
    (shown,) = document["units"][0]["rework"]
    assert not shown["open"] and shown["closed"]["by"] == "Sofia Lindgren"
    assert shown["closed"]["signature"]["key"] == signature
    # No plant ever knew the supervisor here: the signature says it cannot be countersigned.
    assert shown["closed"]["signature"]["countersign"]["state"] == "none"
    assert document["open_exceptions"] == 0
    text = _pdf_text(document, station, tmp_path / "dhr.pdf")
    assert f"Rework of {serial}" in text and "leak test 0.2 mbar" in text
    assert "Closed" in text and "rework completed" in text
    released = release(boss, unit=serial, password=PASSWORD, username="supervisor")
    assert released.kind == "release"
    text = _pdf_text(dhr_for_unit(station.conn, serial), station, tmp_path / "released.pdf")
    assert "released (by Sofia Lindgren" in text and "None" not in text


def test_a_rework_step_exchanges_a_lot_and_trace_follows_the_new_lot(
    station: DemoStation, tmp_path
) -> None:
    key, serial, rw = _reworked(station, close="unsigned")
    components = {
        str(r[0]): str(r[1])
        for r in station.conn.execute(
            "SELECT component, part_number FROM components WHERE record_key = ? AND kind = 'lot'",
            (key,),
        )
    }
    old = next(iter(components))
    new = other_lot(station, old)
    operator = station.session("FA-01")
    operator.scan("BDG-1002")
    with pytest.raises(ReviewRefused, match="not a component"):
        rework.record_step(operator, rw, "swap", remove=["LOT-NOT-THERE"], add=[new])
    with pytest.raises(ReviewRefused, match="nothing fitted in place"):
        rework.record_step(operator, rw, "swap", remove=[old])
    with pytest.raises(ReviewRefused, match="name what was removed"):
        rework.record_step(operator, rw, "swap", add=[new])
    wrong_part = next(c for c, p in components.items() if p != components[old])
    with pytest.raises(ReviewRefused, match="replaces nothing removed"):
        rework.record_step(operator, rw, "swap", remove=[old], add=[other_lot(station, wrong_part)])
    held = station.lot(components[old], status="quarantined") if station.conn.execute(
        "SELECT 1 FROM lots WHERE part_number = ? AND status = 'quarantined'", (components[old],)
    ).fetchone() else None  # fmt: skip
    if held is not None:  # a held lot is refused as at a scan, naming the rule
        with pytest.raises(CaptureRefused):
            rework.record_step(operator, rw, "swap", remove=[old], add=[held])
    assert {u["unit"] for u in genealogy.trace_forward(station.conn, old)} >= {serial}
    with pytest.raises(ReviewRefused, match="goes to scrap or back to stock"):
        rework.record_step(operator, rw, "swap", remove=[old], add=[new], removed_to="bin")
    before = _balance(station, old)
    step = rework.record_step(
        operator, rw, "battery contact corroded: battery replaced", remove=[old], add=[new]
    )
    assert step.kind == "correction" and step.corrects == key
    (removed,) = step.data["rework_step"]["removed"]
    quantity = _quantity(station, key, old)
    assert removed == {
        "part": components[old],
        "lot": old,
        "quantity": quantity,
        "to": "scrap",
        "movement": removed["movement"],
    }
    # The part taken off is scrapped, not back in stock: a scrap movement of its quantity in the
    # step's own transaction (the next journal row), naming the order and the unit.
    after = _balance(station, old)
    assert after.consumed == pytest.approx(before.consumed - quantity)
    assert after.scrapped == pytest.approx(before.scrapped + quantity)
    assert after.remaining == pytest.approx(before.remaining)
    moved = station.conn.execute(
        "SELECT kind, quantity, reason FROM lot_movements WHERE id = ?", (removed["movement"],)
    ).fetchone()
    assert moved[0] == "scrap" and moved[1] == quantity
    assert rw in moved[2] and serial in moved[2] and "battery replaced" in moved[2]
    step_seq = station.conn.execute("SELECT seq FROM journal WHERE key = ?", (step.key,)).fetchone()
    move_row = station.conn.execute(
        "SELECT seq, kind FROM journal WHERE station = 'FA-01' AND seq > ? ORDER BY seq LIMIT 1",
        (step_seq[0],),
    ).fetchone()
    assert move_row[1] == "lot-movement"
    # Trace and recall follow the unit as it is now: the new lot, not the removed one.
    assert serial not in {u["unit"] for u in genealogy.trace_forward(station.conn, old)}
    assert serial in {u["unit"] for u in genealogy.trace_forward(station.conn, new)}
    lots_now = {r["component"] for r in genealogy.trace_backward(station.conn, serial)}
    assert new in lots_now and old not in lots_now
    # The journal replays into the same genealogy (verify).
    report = journal.verify(station.conn)
    assert report.intact, report.problem
    document = dhr_for_unit(station.conn, serial)
    validate(document)
    live = next(s for s in document["units"][0]["steps"] if s["record_key"] == step.key)
    assert [c["lot"] for c in live["components"] if c["lot"] == new] == [new]
    (done,) = live["rework_steps"]
    assert done["removed"] == [removed]  # names what became of the lot: scrapped, and how
    assert done["added"] == [{"part": components[old], "lot": new}]
    assert live["corrections"][0]["rework"] == rw
    # The original deviation keeps its rework disposition on the live record.
    assert live["exceptions"][0]["disposition"]["decision"] == "rework"
    text = _pdf_text(document, station, tmp_path / "dhr.pdf")
    assert "Rework step" in text and old in text and new in text
    assert "scrapped" in " ".join(text.split())
    # An unsigned rework is closed by whoever did it, without a signature.
    closed = rework.close(operator, rw, "checked")
    assert closed.data["rework_closed"]["signature"] is None
    assert dhr_for_unit(station.conn, serial)["open_exceptions"] == 0


def _balance(station: DemoStation, lot: str) -> lot_balance.Balance:
    found = lot_balance.balance(station.conn, lot)
    assert found is not None
    return found


def _quantity(station: DemoStation, record_key: str, lot: str) -> float:
    return float(
        station.conn.execute(
            "SELECT quantity FROM components WHERE record_key = ? AND component = ?",
            (record_key, lot),
        ).fetchone()[0]
    )


def test_a_lot_removed_in_rework_goes_back_to_stock_only_when_said(
    station: DemoStation, tmp_path
) -> None:
    key, serial, rw = _reworked(station, close="unsigned")
    old = _first_lot(station, key)
    new = other_lot(station, old)
    quantity = _quantity(station, key, old)
    before = _balance(station, old)
    moves = station.conn.execute("SELECT count(*) FROM lot_movements").fetchone()[0]
    operator = station.session("FA-01")
    operator.scan("BDG-1002")
    step = rework.record_step(
        operator, rw, "connector unplugged intact: fit to reuse", remove=[old], add=[new],
        removed_to="stock",
    )  # fmt: skip
    (removed,) = step.data["rework_step"]["removed"]
    assert removed["to"] == "stock" and removed["movement"] is None
    after = _balance(station, old)
    assert after.remaining == pytest.approx(before.remaining + quantity)
    assert after.scrapped == before.scrapped
    assert station.conn.execute("SELECT count(*) FROM lot_movements").fetchone()[0] == moves
    report = journal.verify(station.conn)
    assert report.intact, report.problem
    document = dhr_for_unit(station.conn, serial)
    validate(document)
    (order,) = document["units"][0]["rework"]
    assert order["steps"][0]["removed"] == [
        {"part": removed["part"], "lot": old, "quantity": quantity, "to": "stock", "movement": None}
    ]
    text = " ".join(_pdf_text(document, station, tmp_path / "dhr.pdf").split())
    assert "returned to stock" in text


def test_a_plain_correction_of_a_mis_scan_still_gives_the_quantity_back(
    station: DemoStation,
) -> None:
    key = humid_record(station)
    old = _first_lot(station, key)
    new = other_lot(station, old)
    quantity = _quantity(station, key, old)
    before = _balance(station, old)
    moves = station.conn.execute("SELECT count(*) FROM lot_movements").fetchone()[0]
    operator = station.session("FA-01")
    operator.scan("BDG-1002")
    operator.correct(key, "wrong lot scanned: the part fitted is of the other lot",
                     replace={old: new})  # fmt: skip
    after = _balance(station, old)
    # The part was never fitted: the quantity is the lot's again and nothing is scrapped.
    assert after.remaining == pytest.approx(before.remaining + quantity)
    assert after.scrapped == before.scrapped
    assert station.conn.execute("SELECT count(*) FROM lot_movements").fetchone()[0] == moves


def test_the_scrap_of_a_removed_lot_is_written_with_the_step_or_not_at_all(
    station: DemoStation, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.capture import lot_moves

    key, serial, rw = _reworked(station, close="unsigned")
    old = _first_lot(station, key)
    new = other_lot(station, old)
    before = _balance(station, old)
    operator = station.session("FA-01")
    operator.scan("BDG-1002")
    rows = station.conn.execute("SELECT count(*) FROM journal").fetchone()[0]

    def broken(*_args: object, **_kwargs: object) -> str:
        raise RuntimeError("the scrap could not be written")

    monkeypatch.setattr(lot_moves, "write_movement", broken)
    with pytest.raises(RuntimeError, match="scrap could not be written"):
        rework.record_step(operator, rw, "battery replaced", remove=[old], add=[new])
    # The correction went with the failed scrap: the unit still holds the old lot.
    assert station.conn.execute("SELECT count(*) FROM journal").fetchone()[0] == rows
    assert serial in {u["unit"] for u in genealogy.trace_forward(station.conn, old)}
    assert _balance(station, old) == before
    monkeypatch.undo()
    rework.record_step(operator, rw, "battery replaced", remove=[old], add=[new])
    assert _balance(station, old).scrapped == before.scrapped + _quantity(station, key, old)
