"""The station clock: a record earlier than the previous one, or a jump, is refused or flagged."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.domain.clock import ClockPolicy, iso_ms, judge
from app.store import journal, masterdata_write
from app.store.errors import ClockRefused
from app.store.masterdata_write import Change
from app.store.station_store import StationStore
from tests.store.test_journal import raw, verify

STATION = "FA-01"


class FakeClock:
    """A station clock the test sets."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def set_policy(path: Path, policy: dict[str, object]) -> None:
    """Sets the station's clock policy as a journalled master-data change."""
    store = StationStore(path)

    def work(conn: sqlite3.Connection) -> None:
        (settings,) = conn.execute(
            "SELECT settings FROM stations WHERE id = ?", (STATION,)
        ).fetchone()
        merged = json.dumps({**json.loads(settings), "clock": policy})
        change = Change("stations", {"id": STATION}, {"settings": merged})
        (last,) = conn.execute(
            "SELECT max(recorded_at) FROM journal WHERE station = ?", (STATION,)
        ).fetchone()
        at = datetime.fromisoformat(last.replace("Z", "+00:00")) + timedelta(milliseconds=1)
        masterdata_write.write(conn, STATION, [change], by="U2001", why="clock policy", at=at)

    try:
        store.write(work)
    finally:
        store.close()


def last_time(store: StationStore) -> datetime:
    (text,) = store.reader.execute(
        "SELECT recorded_at FROM journal WHERE station = ? ORDER BY seq DESC LIMIT 1", (STATION,)
    ).fetchone()
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def log(store: StationStore, clock: FakeClock) -> journal.JournalRow:
    return store.write(lambda c: journal.append(c, STATION, "login", {"who": "x"}, at=clock()))


def test_a_record_earlier_than_the_previous_is_refused_with_both_times(demo_db: Path) -> None:
    store = StationStore(demo_db)
    try:
        previous = last_time(store)
        clock = FakeClock(previous - timedelta(days=29))
        before = store.reader.execute("SELECT count(*) FROM journal").fetchone()[0]
        with pytest.raises(ClockRefused) as refused:
            log(store, clock)
        assert iso_ms(previous) in str(refused.value) and iso_ms(clock()) in str(refused.value)
        assert store.reader.execute("SELECT count(*) FROM journal").fetchone()[0] == before
        clock.now = previous + timedelta(seconds=1)
        assert log(store, clock).recorded_at == iso_ms(clock())  # a sound clock records again
    finally:
        store.close()
    assert verify(demo_db).intact


def test_flag_policy_records_the_backward_time_with_a_finding(demo_db: Path) -> None:
    set_policy(demo_db, {"backwards": "flag"})
    store = StationStore(demo_db)
    try:
        previous = last_time(store)
        clock = FakeClock(previous - timedelta(hours=3))
        row = log(store, clock)
    finally:
        store.close()
    assert row.data["clock"] == {
        "finding": "backwards",
        "previous": iso_ms(previous),
        "recorded_at": iso_ms(clock()),
    }
    assert verify(demo_db).intact


def test_a_jump_beyond_the_limit_is_flagged_or_refused(demo_db: Path) -> None:
    set_policy(demo_db, {"max_jump_s": 3600, "jump": "flag"})
    store = StationStore(demo_db)
    try:
        clock = FakeClock(last_time(store) + timedelta(minutes=59))
        assert "clock" not in log(store, clock).data
        clock.now += timedelta(hours=2)
        assert log(store, clock).data["clock"]["finding"] == "jump"
    finally:
        store.close()
    set_policy(demo_db, {"max_jump_s": 3600, "jump": "refuse"})
    store = StationStore(demo_db)
    try:
        clock = FakeClock(last_time(store) + timedelta(days=40))
        with pytest.raises(ClockRefused, match="more than the station's limit"):
            log(store, clock)
    finally:
        store.close()


def test_verify_names_a_backward_row_written_outside_lineside(demo_db: Path) -> None:
    conn = raw(demo_db)
    prev, at = conn.execute(
        "SELECT hash, recorded_at FROM journal WHERE station = ? ORDER BY seq DESC LIMIT 1",
        (STATION,),
    ).fetchone()
    earlier = datetime.fromisoformat(at.replace("Z", "+00:00")) - timedelta(days=29)
    row = journal.seal(STATION, "login", {}, prev, at=earlier)
    conn.execute(journal.INSERT_SQL, row.as_tuple())
    conn.close()
    report = verify(demo_db)
    assert not report.intact and report.key == row.key
    assert f"its time {row.recorded_at} is earlier than the previous row" in (report.problem or "")


def test_judge_is_pure() -> None:
    t0 = datetime(2026, 11, 30, 8, tzinfo=UTC)
    p = ClockPolicy(max_jump_s=60)
    assert judge(None, iso_ms(t0), p) is None
    assert judge(iso_ms(t0), iso_ms(t0), p) is None
    assert judge(iso_ms(t0), iso_ms(t0 + timedelta(seconds=61)), p).kind == "jump"  # type: ignore[union-attr]
    assert judge(iso_ms(t0), iso_ms(t0 - timedelta(milliseconds=1)), p).action == "refuse"  # type: ignore[union-attr]
