"""One writer: every write of every thread runs on the store's writer thread, in one transaction each."""

from __future__ import annotations

import itertools
import threading
from pathlib import Path

import pytest

from app.domain.canonical import GENESIS
from app.store import journal
from app.store.errors import StoreUnavailable
from app.store.station_store import StationStore

THREADS = 3
ROWS = 60


def test_three_threads_writing_at_once_all_land_on_one_writer_with_intact_chains(
    tmp_path: Path,
) -> None:
    store = StationStore(tmp_path / "s.sqlite", create=True)
    ran_on: set[str] = set()
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def append(station: str, n: int):  # type: ignore[no-untyped-def]
        def work(conn):  # type: ignore[no-untyped-def]
            ran_on.add(threading.current_thread().name)
            # Each writer thread also extends the one chain all of them share.
            journal.append(conn, "SHARED", "login", {"by": station, "n": n})
            return journal.append(conn, station, "login", {"n": n})

        return work

    def writer(station: str) -> None:
        try:
            start.wait()
            for n in range(ROWS):
                row = store.write(append(station, n))
                assert row.station == station
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(f"ST-{i}",)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    # Not the callers' threads: the one writer ran every write.
    assert ran_on == {"station-writer"}
    conn = store.reader
    for i in range(THREADS):
        ns = [
            r[0]
            for r in conn.execute(
                "SELECT json_extract(content, '$.n') FROM journal WHERE station = ? ORDER BY seq",
                (f"ST-{i}",),
            )
        ]
        assert ns == list(range(ROWS))
    chain = list(
        conn.execute("SELECT prev_hash, hash FROM journal WHERE station = 'SHARED' ORDER BY seq")
    )
    assert len(chain) == THREADS * ROWS
    assert chain[0][0] == GENESIS
    assert all(later[0] == earlier[1] for earlier, later in itertools.pairwise(chain))
    report = journal.verify(conn)
    assert report.intact and report.rows == 2 * THREADS * ROWS and report.stations == THREADS + 1
    store.close()


def test_a_full_disk_reaches_the_calling_thread_calmly_and_nothing_is_kept(
    tmp_path: Path,
) -> None:
    store = StationStore(tmp_path / "s.sqlite", create=True)
    store.write(lambda c: journal.append(c, "A", "login", {}))
    pages = store.reader.execute("PRAGMA page_count").fetchone()[0]
    store.write(lambda c: c.execute(f"PRAGMA max_page_count = {pages}"), transaction=False)
    before = store.reader.execute("SELECT count(*) FROM journal").fetchone()[0]

    def big(conn):  # type: ignore[no-untyped-def]
        for n in range(50):
            journal.append(conn, "A", "note", {"text": "x" * 4000, "n": n})

    with pytest.raises(StoreUnavailable, match="full"):
        store.write(big)
    assert store.reader.execute("SELECT count(*) FROM journal").fetchone()[0] == before
    store.write(lambda c: c.execute("PRAGMA max_page_count = 1073741823"), transaction=False)
    store.write(big)  # the writer carries on once there is room
    assert journal.verify(store.reader).intact
    store.close()


def test_a_bug_in_a_write_reaches_its_caller_and_rolls_back(tmp_path: Path) -> None:
    store = StationStore(tmp_path / "s.sqlite", create=True)

    def broken(conn):  # type: ignore[no-untyped-def]
        journal.append(conn, "A", "login", {})
        raise ValueError("a bug")

    with pytest.raises(ValueError, match="a bug"):
        store.write(broken)
    assert store.reader.execute("SELECT count(*) FROM journal").fetchone()[0] == 0
    assert store.write(lambda c: journal.append(c, "A", "login", {})).prev_hash == GENESIS
    store.close()


def test_a_write_inside_a_write_is_refused_instead_of_waiting_for_itself(tmp_path: Path) -> None:
    store = StationStore(tmp_path / "s.sqlite", create=True)
    with pytest.raises(RuntimeError, match="wait for itself"):
        store.write(lambda c: store.write(lambda c2: None))
    store.close()


def test_a_closed_store_refuses_writes_calmly(tmp_path: Path) -> None:
    store = StationStore(tmp_path / "s.sqlite", create=True)
    store.close()
    with pytest.raises(StoreUnavailable, match="closed"):
        store.write(lambda c: journal.append(c, "A", "login", {}))
