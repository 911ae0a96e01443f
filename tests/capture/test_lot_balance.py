"""Lot balance: received, consumed by the live records, scrapped, returned, corrected with a
reason; consumption beyond the lot refused (or flagged, per station); lots running low."""

from __future__ import annotations

import itertools
import json
import random
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.capture import line_materials, lot_moves, receiving
from app.capture.demo_line import DEMO_PASSWORD
from app.capture.events import CaptureRefused
from app.capture.lot_moves import MovementError
from app.domain.materials import Decision, PartSpec
from app.domain.verdict import Rule, Status
from app.store import journal, lot_balance
from tests.capture.test_receiving import PDF, Clock, label, qualify
from tests.helpers.stations import DemoStation, good_environment

T0 = (datetime.now(UTC) + timedelta(days=3)).replace(microsecond=0)


def small_lot(station: DemoStation, clock: Clock, qty: str) -> tuple[object, str]:
    """A lot of SCR-M3-8 received with ``qty`` pieces and an accepted EN 10204 2.2."""
    qualify(station)
    session = station.session("FA-01", clock=clock)
    session.login_password("supervisor", DEMO_PASSWORD)
    receiving.set_part_spec(
        session, PartSpec("SCR-M3-8", "metal", ("2.2",), low_stock=2), "screws need a 2.2"
    )
    receipt = receiving.receive(session, label("SCR-M3-8", "SL-SCREWS", "PK-S1", qty=qty))
    cert = receiving.attach_certificate(
        session, receipt.lot_id, "c.pdf", PDF, kind="2.2", number="N"
    )
    receiving.decide(session, cert.id, Decision.ACCEPT, DEMO_PASSWORD, username="supervisor")
    return session, receipt.lot_id


def build(station: DemoStation, at: datetime, screws: str, n: int, commit: bool = True):  # type: ignore[no-untyped-def]
    op = station.session("FA-01", clock=lambda: at, environment=good_environment(at=at))
    op.scan("BDG-1002")
    op.scan(station.udi(f"SN-IP-200-76{n:05d}"))
    op.scan(station.free_pcb())
    for lot in station.final_components():
        part = station.conn.execute("SELECT part_number FROM lots WHERE id = ?", (lot,)).fetchone()[
            0
        ]
        op.scan(screws if part == "SCR-M3-8" else lot)
    return op.commit() if commit else op


def test_balance_under_scrap_corrections_and_adjustments(station: DemoStation) -> None:
    clock = Clock(T0)
    session, lot = small_lot(station, clock, "3")
    first = build(station, T0 + timedelta(minutes=1), lot, 1)
    build(station, T0 + timedelta(minutes=2), lot, 2)
    b = lot_balance.balance(station.conn, lot)
    assert b is not None and (b.received, b.consumed, b.remaining) == (3, 2, 1)
    clock.now = T0 + timedelta(minutes=3)
    b = lot_moves.move(session, lot, "scrap", 1, "dropped on the floor")  # type: ignore[arg-type]
    assert (b.scrapped, b.remaining) == (1, 0)
    with pytest.raises(CaptureRefused) as caught:
        build(station, T0 + timedelta(minutes=4), lot, 3)
    assert caught.value.finding.rule is Rule.LOT_BALANCE_EXCEEDED
    message = caught.value.finding.message
    assert (
        f"lot {lot} holds 2 pcs" in message and "consumed 2" in message and "scrapped 1" in message
    )
    # Nothing more may leave a lot than it holds; every movement needs its reason.
    with pytest.raises(MovementError, match="more than that"):
        lot_moves.move(session, lot, "return", 1, "back to stores")  # type: ignore[arg-type]
    with pytest.raises(MovementError, match="needs a reason"):
        lot_moves.move(session, lot, "adjust", 5, " ")  # type: ignore[arg-type]
    # A recount finds five more: the balance is corrected with a reason, and the unit goes on.
    clock.now = T0 + timedelta(minutes=5)
    b = lot_moves.move(session, lot, "adjust", 5, "recount at the line: 5 more in the bag")  # type: ignore[arg-type]
    assert b.remaining == 5
    build(station, T0 + timedelta(minutes=6), lot, 4)
    # The first record is corrected to another lot: our lot's consumption goes down with it.
    clock.now = T0 + timedelta(minutes=6, seconds=30)
    other = receiving.receive(session, label("SCR-M3-8", "SL-OTHER", "PK-S2", qty="10")).lot_id  # type: ignore[arg-type]
    cert = receiving.attach_certificate(session, other, "c.pdf", PDF, kind="2.2", number="N2")  # type: ignore[arg-type]
    receiving.decide(session, cert.id, Decision.ACCEPT, DEMO_PASSWORD, username="supervisor")  # type: ignore[arg-type]
    op = station.session("FA-01", clock=lambda: T0 + timedelta(minutes=7))
    op.scan("BDG-1002")
    op.correct(first.key, "wrong screw lot scanned", replace={lot: other})
    b = lot_balance.balance(station.conn, lot)
    assert b is not None
    assert b.as_content() == {
        "lot": lot,
        "part_number": "SCR-M3-8",
        "unit": "pcs",
        "received": 3.0,
        "issued": 0.0,
        "consumed": 2.0,
        "scrapped": 1.0,
        "returned": 0.0,
        "adjusted": 5.0,
        "remaining": 5.0,
    }
    clock.now = T0 + timedelta(minutes=8)
    b = lot_moves.move(session, lot, "return", 4, "back to stores at shift end")  # type: ignore[arg-type]
    assert b.remaining == 1
    low = lot_balance.low(station.conn)
    assert (lot, 2.0) in [(x.lot_id, limit) for x, limit in low]  # the part's low-stock mark
    assert journal.verify(station.conn).intact  # movements are journalled master data


def test_a_station_may_flag_instead_of_refusing(station: DemoStation) -> None:
    clock = Clock(T0)
    _session, lot = small_lot(station, clock, "1")
    build(station, T0 + timedelta(minutes=1), lot, 1)
    with pytest.raises(ValueError, match="say why"):
        station.store.write(
            lambda c: line_materials.save_settings(
                c, "FA-01", lot_balance="flag", msd_warning_h=8, by={"user_id": "U2001"}, reason=""
            )
        )
    station.store.write(
        lambda c: line_materials.save_settings(
            c,
            "FA-01",
            lot_balance="flag",
            msd_warning_h=12,
            by={"user_id": "U2001"},
            reason="flag over-consumption while the stock count is reconciled",
            at=T0 + timedelta(minutes=2),
        )
    )
    settings = json.loads(
        station.conn.execute("SELECT settings FROM stations WHERE id = 'FA-01'").fetchone()[0]
    )
    assert settings["materials"] == {"lot_balance": "flag", "msd_warning_h": 12}
    committed = build(station, T0 + timedelta(minutes=3), lot, 2)
    assert committed.verdict.status is Status.FLAGGED
    rules = [f["rule"] for f in committed.content["verdict"]["findings"]]
    assert "lot-balance-exceeded" in rules


def test_demo_lots_hold_what_the_demo_records_consumed(station: DemoStation) -> None:
    over = [
        b.as_content()
        for b in lot_balance.balances(station.conn)
        if b.consumed > b.received + b.adjusted - b.scrapped - b.returned
    ]
    assert over == []


def test_a_correction_to_a_lot_not_accepted_at_receiving_is_refused(station: DemoStation) -> None:
    clock = Clock(T0)
    session, lot = small_lot(station, clock, "10")
    first = build(station, T0 + timedelta(minutes=1), lot, 1)
    clock.now = T0 + timedelta(minutes=2)
    pending = receiving.receive(session, label("SCR-M3-8", "SL-OTHER", "PK-S9", qty="10"))  # type: ignore[arg-type]
    op = station.session("FA-01", clock=lambda: T0 + timedelta(minutes=3))
    op.scan("BDG-1002")
    with pytest.raises(CaptureRefused) as caught:
        op.correct(first.key, "wrong lot", replace={lot: pending.lot_id})
    assert caught.value.finding.rule is Rule.CERTIFICATE_NOT_ACCEPTED
    corrected = op.correct(first.key, "same lot, rescanned", replace={lot: lot})
    entry = next(c for c in corrected.content["components"] if c["id"] == lot)
    assert entry["acceptance"]["kind"] == "2.2" and entry["acceptance"]["decision"] == "accept"


def test_the_running_tally_equals_a_fresh_sum_through_rollbacks_and_corrections(
    tmp_path: Path,
) -> None:
    """consumed() adds only the rows written since it last looked; after every kind of write a
    plain SUM over the whole table (the oracle) must agree: new rows, rows of lots not asked for,
    a write rolled back and another written over the same rowids, a correction, a second
    connection that sees an older snapshot."""
    path = tmp_path / "tally.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript(
        "CREATE TABLE journal (seq INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT);"
        "CREATE TABLE components (record_key TEXT, unit_serial TEXT, component TEXT, kind TEXT,"
        " part_number TEXT, quantity REAL);"
        "CREATE INDEX components_component ON components(component, unit_serial);"
        "CREATE TABLE supersessions (old_key TEXT PRIMARY KEY, new_key TEXT);"
        "PRAGMA journal_mode=WAL;"
    )
    conn.execute("INSERT INTO journal (key) VALUES (?)", (str(path),))
    other = sqlite3.connect(path, isolation_level=None)
    rng = random.Random(5)
    lots = ["L1", "L2", "L3", "L4"]
    keys = itertools.count()

    def oracle(c: sqlite3.Connection, lot: str) -> float:
        return float(
            c.execute(
                "SELECT coalesce(sum(quantity), 0) FROM components c WHERE component = ? AND "
                "kind = 'lot' AND NOT EXISTS (SELECT 1 FROM supersessions s WHERE "
                "s.old_key = c.record_key)",
                (lot,),
            ).fetchone()[0]
        )

    def record(c: sqlite3.Connection) -> str:
        key = f"R{next(keys)}"
        for lot in rng.sample(lots, 2):
            c.execute(
                "INSERT INTO components VALUES (?, 'U', ?, 'lot', 'P', ?)",
                (key, lot, rng.choice((1.0, 2.0, 0.5))),
            )
        c.execute("INSERT INTO components VALUES (?, 'U', 'SUB-1', 'unit', 'P', 1)", (key,))
        return key

    def agrees(c: sqlite3.Connection) -> None:
        for lot in rng.sample(lots, 3):  # not every lot every time: some miss many rows
            assert lot_balance.consumed(c, lot) == oracle(c, lot), lot

    written = [record(conn) for _ in range(5)]
    agrees(conn)
    for step in range(60):
        action = rng.choice(("write", "write", "rollback", "correct", "snapshot"))
        if action == "write":
            written += [record(conn) for _ in range(rng.randint(1, 3))]
        elif action == "rollback":  # counted inside the transaction, then undone and rewritten
            conn.execute("BEGIN IMMEDIATE")
            record(conn)
            agrees(conn)
            conn.execute("ROLLBACK")
            # the same rowids again with other rows: as many as before, or more
            written += [record(conn) for _ in range(rng.randint(0, 2))]
        elif action == "correct":
            conn.execute(
                "INSERT OR IGNORE INTO supersessions VALUES (?, ?)",
                (rng.choice(written), f"N{step}"),
            )
        else:  # another connection still reading the snapshot before the newest rows
            other.execute("BEGIN")
            agrees(other)
            written.append(record(conn))
            agrees(other)
            other.execute("COMMIT")
        agrees(conn)
        agrees(other)
