"""One line, several station PCs: work in progress flows down, uniqueness holds plant-wide."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from app.capture import demo_line
from app.capture.exceptions import exception_queue
from app.capture.session import CaptureRefused
from app.cli import main
from app.cli.line import FINAL, SMT, LineStation, init_from_plant
from app.store import wip
from app.store.database import open_database
from app.sync import line, plant, push
from app.sync.credentials import connect
from tests.sync.helpers import dead_dsn

pytestmark = pytest.mark.postgres
FINAL_2 = "FA-02"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Runs a lineside verb in-process; returns (exit code, stdout, stderr)."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


class Line:
    """A plant with the demo master data and station databases created from it."""

    def __init__(self, plant_dsn: str, plant_conn: psycopg.Connection[Any], folder: Path) -> None:
        self.plant_dsn, self.plant_conn, self.folder = plant_dsn, plant_conn, folder
        master = open_database(folder / "master.sqlite", create=True)
        demo_line.build(master.conn, 0)
        plant.load_master_data(plant_conn, master.conn)
        master.close()
        self.stations: list[LineStation] = []
        self.roles: dict[str, str] = {}

    def dsn(self, station: str) -> str:
        if station not in self.roles:
            self.roles[station] = plant.add_station(self.plant_conn, station)
        return self.plant_dsn.replace("user=postgres", f"user={self.roles[station]}")

    def station(self, station: str, badge: str, *, offline: bool = False) -> LineStation:
        path = self.folder / f"{station}.sqlite"
        init_from_plant(path, station, self.dsn(station))
        dsn = dead_dsn() if offline else self.dsn(station)
        made = LineStation(path, station, dsn, badge, background=False)
        self.stations.append(made)
        return made

    def station_again(self, station: str, badge: str, *, dsn: str) -> LineStation:
        """A station PC opened again (after ``close``), syncing to ``dsn``."""
        made = LineStation(self.folder / f"{station}.sqlite", station, dsn, badge, background=False)
        self.stations.append(made)
        return made

    def sync(self, station: LineStation) -> None:
        """One sync of a station, as its worker would: push up, work in progress down."""
        with connect(self.dsn(station.station), autocommit=True) as pg:
            push.push(station.store, pg)
            line.pull_wip(station.store, pg)

    def close(self) -> None:
        for s in self.stations:
            s.close()


@pytest.fixture
def two_pcs(plant_dsn: str, plant_conn: psycopg.Connection[Any], tmp_path: Path) -> Iterator[Line]:
    made = Line(plant_dsn, plant_conn, tmp_path)
    yield made
    made.close()


def refusal(action: Any) -> str:
    with pytest.raises(CaptureRefused) as refused:
        action()
    return f"[{refused.value.finding.rule}] {refused.value.finding.message}"


def test_board_from_the_smt_pc_is_built_in_on_the_final_assembly_pc(
    two_pcs: Line, capsys: Any
) -> None:
    smt = two_pcs.station(SMT, "BDG-1002")
    final = two_pcs.station(FINAL, "BDG-1001")
    smt.record_board("PCB-200-7000001")
    # Before the SMT PC synced, the final-assembly PC has never heard of the board.
    assert "[subassembly-unknown]" in refusal(
        lambda: final.build_device("SN-IP-200-7000001", "PCB-200-7000001")
    )
    final.session.clear()
    two_pcs.sync(smt)
    two_pcs.sync(final)
    key = final.build_device("SN-IP-200-7000001", "PCB-200-7000001")
    record = json.loads(
        final.store.reader.execute("SELECT content FROM journal WHERE key = ?", (key,)).fetchone()[
            0
        ]
    )
    assert record["plant_check"]["result"] == "claimed" and record["plant_check"]["at"]
    two_pcs.sync(final)
    code, out, _ = run(
        capsys, "trace", "--upstream", two_pcs.plant_dsn, "--unit", "SN-IP-200-7000001", "--json"
    )
    assert code == 0
    stations = {r["station"] for r in json.loads(out)["rows"]}
    assert stations == {SMT, FINAL}


def test_same_serial_on_two_stations_is_refused_naming_the_other_record(two_pcs: Line) -> None:
    smt = two_pcs.station(SMT, "BDG-1002")
    one = two_pcs.station(FINAL, "BDG-1001")
    two = two_pcs.station(FINAL_2, "BDG-1004")
    smt.record_board("PCB-200-7000011")
    smt.record_board("PCB-200-7000012")
    for s in (smt, one, two):
        two_pcs.sync(s)
    first = one.build_device("SN-IP-200-7000010", "PCB-200-7000011")
    # FA-02 has not pulled since: its own view does not know; the plant does, at commit.
    message = refusal(lambda: two.build_device("SN-IP-200-7000010", "PCB-200-7000012"))
    assert "[plant-refused]" in message
    assert f"already recorded at step S20 by station {FINAL} (record {first})" in message
    two.session.clear()
    # After a pull the station itself refuses, at the scan.
    two_pcs.sync(one)
    two_pcs.sync(two)
    message = refusal(lambda: two.build_device("SN-IP-200-7000010", "PCB-200-7000012"))
    assert "[unit-already-recorded]" in message and f"by station {FINAL}" in message


def test_board_built_twice_on_one_station_is_refused(two_pcs: Line) -> None:
    smt = two_pcs.station(SMT, "BDG-1002")
    final = two_pcs.station(FINAL, "BDG-1001")
    smt.record_board("PCB-200-7000021")
    two_pcs.sync(smt)
    two_pcs.sync(final)
    first = final.build_device("SN-IP-200-7000021", "PCB-200-7000021")
    message = refusal(lambda: final.build_device("SN-IP-200-7000022", "PCB-200-7000021"))
    assert "[subassembly-consumed]" in message
    assert f"already built into SN-IP-200-7000021 at station {FINAL} (record {first})" in message


def test_same_board_consumed_on_two_offline_stations_both_kept_conflict_in_both_queues(
    two_pcs: Line, plant_conn: psycopg.Connection[Any], capsys: Any
) -> None:
    smt = two_pcs.station(SMT, "BDG-1002")
    smt.record_board("PCB-200-7000031")
    two_pcs.sync(smt)
    # Both final-assembly PCs pulled the board, then lost the plant.
    one = two_pcs.station(FINAL, "BDG-1001", offline=True)
    two = two_pcs.station(FINAL_2, "BDG-1004", offline=True)
    assert one.knows("PCB-200-7000031") and two.knows("PCB-200-7000031")
    a = one.build_device("SN-IP-200-7000031", "PCB-200-7000031")
    b = two.build_device("SN-IP-200-7000032", "PCB-200-7000031")
    for s, key in ((one, a), (two, b)):
        content = json.loads(
            s.store.reader.execute("SELECT content FROM journal WHERE key = ?", (key,)).fetchone()[
                0
            ]
        )
        assert content["plant_check"]["result"] == "unconfirmed"
        assert "could not be asked" in content["plant_check"]["reason"]
    # Both reconnect: nothing is lost, a conflict is raised for both.
    two_pcs.sync(one)
    two_pcs.sync(two)
    two_pcs.sync(one)
    held = {str(r[0]) for r in plant_conn.execute("SELECT record_key FROM plant.assemblies")}
    assert {a, b} <= held
    raised = plant_conn.execute(
        "SELECT kind, stations, records::text[], detail FROM plant.exceptions "
        "WHERE kind = 'consumed-twice'"
    ).fetchall()
    assert len(raised) == 1
    _kind, stations, records, detail = raised[0]
    assert set(stations) == {FINAL, FINAL_2} and set(records) == {a, b}
    assert "PCB-200-7000031 built into two units" in detail
    for s, mine in ((one, a), (two, b)):
        queue = wip.conflicts(s.store.reader, s.station)
        assert len(queue) == 1 and set(queue[0]["records"]) == {a, b}
        # The supervisor's exception queue at each station shows its own record of the pair.
        conflicts = [
            i for i in exception_queue(s.store.reader, station=s.station) if i.source == "conflict"
        ]
        assert [i.subject for i in conflicts] == [mine]
        assert "PCB-200-7000031 built into two units" in conflicts[0].reasons[0]
    # And the plant's own view, for quality.
    code, out, _ = run(capsys, "plant", "exceptions", "--dsn", two_pcs.plant_dsn, "--json")
    assert code == 0
    shown = json.loads(out)
    assert [e["kind"] for e in shown] == ["consumed-twice"] and set(shown[0]["records"]) == {a, b}


def test_hold_placed_at_the_plant_reaches_the_station_and_refuses_the_scan(
    two_pcs: Line, plant_conn: psycopg.Connection[Any]
) -> None:
    smt = two_pcs.station(SMT, "BDG-1002")
    final = two_pcs.station(FINAL, "BDG-1001")
    smt.record_board("PCB-200-7000041")
    smt.record_board("PCB-200-7000042")
    two_pcs.sync(smt)
    two_pcs.sync(final)
    plant_conn.execute(
        "SELECT plant.place_hold(%s, %s, %s)",
        ("PCB-200-7000041", "voids under U3 at X-ray", "Maria Quality"),
    )
    plant_conn.execute(
        "SELECT plant.place_hold(%s, %s, %s)",
        ("PCB-200-7000042", "voids under U3 at X-ray", "Maria Quality"),
    )
    # Not pulled yet: the plant refuses it at commit.
    message = refusal(lambda: final.build_device("SN-IP-200-7000042", "PCB-200-7000042"))
    assert "[plant-refused] PCB-200-7000042 is on hold at the plant: voids under U3" in message
    final.session.clear()
    two_pcs.sync(final)
    message = refusal(lambda: final.build_device("SN-IP-200-7000041", "PCB-200-7000041"))
    assert "[subassembly-held]" in message
    assert "voids under U3 at X-ray (by Maria Quality)" in message
    final.session.clear()
    plant_conn.execute(
        "SELECT plant.place_hold(%s, %s, %s, true)",
        ("PCB-200-7000041", "X-ray re-inspected: fine", "Maria Quality"),
    )
    two_pcs.sync(final)
    final.build_device("SN-IP-200-7000041", "PCB-200-7000041")


def test_a_record_claiming_confirmation_it_never_had_is_refused_naming_both(
    two_pcs: Line, plant_conn: psycopg.Connection[Any]
) -> None:
    smt = two_pcs.station(SMT, "BDG-1002")
    one = two_pcs.station(FINAL, "BDG-1001")
    two = two_pcs.station(FINAL_2, "BDG-1004")
    smt.record_board("PCB-200-7000051")
    smt.record_board("PCB-200-7000052")
    for s in (smt, one, two):
        two_pcs.sync(s)
    first = one.build_device("SN-IP-200-7000051", "PCB-200-7000051")
    two_pcs.sync(one)

    # FA-02 forges "the plant confirmed it" for the same serial.
    class Yes:
        def claim(self, *args: Any) -> Any:
            from app.domain.confirm import PlantAnswer

            return PlantAnswer("claimed", "", "2026-01-01T00:00:00.000Z")

    two.session.plant = Yes()  # FA-02 knows the board, not yet the device
    forged = two.build_device("SN-IP-200-7000051", "PCB-200-7000052")
    with connect(two_pcs.dsn(FINAL_2), autocommit=True) as pg, pytest.raises(Exception) as refused:
        push.push(two.store, pg)
    assert forged in str(refused.value) and first in str(refused.value)
    assert "says the plant confirmed" in str(refused.value)


def test_the_pull_never_skips_a_row_committed_late(
    two_pcs: Line, plant_dsn: str, plant_conn: psycopg.Connection[Any]
) -> None:
    final = two_pcs.station(FINAL, "BDG-1001")
    slow = psycopg.connect(plant_dsn)
    fast = psycopg.connect(plant_dsn, autocommit=True)
    later = threading.Thread(
        target=fast.execute, args=("SELECT plant.place_hold('PCB-FAST', 'fast', 'test')",)
    )
    try:
        # A push still in flight took the first place in the order...
        slow.execute("SELECT plant.place_hold('PCB-SLOW', 'slow', 'test')")
        # ...so a later one waits for it instead of becoming visible first.
        later.start()
        with connect(two_pcs.dsn(FINAL), autocommit=True) as pg:
            line.pull_wip(final.store, pg)
        assert wip.hold_on(final.store.reader, "PCB-SLOW") is None
        assert wip.hold_on(final.store.reader, "PCB-FAST") is None
        slow.commit()
        later.join()
        two_pcs.sync(final)
    finally:
        slow.close()
        fast.close()
    assert wip.hold_on(final.store.reader, "PCB-SLOW") is not None
    assert wip.hold_on(final.store.reader, "PCB-FAST") is not None
