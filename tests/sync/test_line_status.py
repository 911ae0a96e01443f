"""Product status across station PCs: a disposition or release made on one PC reaches the others.

Boards are recorded by an SMT station process, a supervisor at the SMT PC scraps, holds and later
releases them, and a final-assembly process on its own database refuses or builds them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import psycopg
import pytest

from app.capture import demo_line, station_setup
from app.capture.exceptions import dispose, exception_queue
from app.capture.release import release
from app.capture.session import CaptureSession
from app.cli.line import FINAL, SMT, LineStation
from app.domain.clock import utc_now
from app.store import accounts, journal, wip
from app.store.passwords import hash_password
from app.store.station_store import StationStore
from app.sync import line, push
from app.sync.credentials import connect
from tests.helpers.review import PASSWORD
from tests.sync.helpers import dead_dsn
from tests.sync.test_line import FINAL_2, Line, refusal
from tests.sync.test_line_processes import finish, line_plant, start

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[2]
__all__ = ["line_plant"]  # the fixture, used here too


def supervisor_at(store: StationStore, station: str) -> CaptureSession:
    """The supervisor logged in at a station PC (the plant publishes no password hashes: the
    station's administrator set this one locally)."""

    def set_password(conn: Any) -> None:
        account = accounts.account_by_username(conn, "supervisor")
        assert account is not None
        accounts.set_secret(
            conn, station, account.user_id, "password_hash",
            hash_password(demo_line.DEMO_PASSWORD), by={"name": "test set-up"},
            reason="supervisor's password at this PC", at=utc_now(),
        )  # fmt: skip

    store.write(set_password)
    session = CaptureSession(store, station)
    session.login_password("supervisor", demo_line.DEMO_PASSWORD)
    return session


def board_key(store: StationStore, board: str) -> str:
    row = store.reader.execute(
        "SELECT record_key FROM assemblies WHERE unit_serial = ?", (board,)
    ).fetchone()
    return str(row[0])


def sync(line_plant: dict[str, Any], station: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", "sync", "--db", str(line_plant["folder"] / f"{station}.sqlite"),
         "--upstream", line_plant["dsn"][station]],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def test_scrap_hold_and_release_at_smt_reach_the_final_assembly_process(
    line_plant: dict[str, Any], plant_conn: psycopg.Connection[Any]
) -> None:
    boards = [
        b[1] for b in finish(start(line_plant, SMT, "boards", "--units", "3", "--prefix", "Q1"))
    ]
    smt = StationStore(line_plant["folder"] / f"{SMT}.sqlite")
    try:
        boss = supervisor_at(smt, SMT)
        dispose(
            boss,
            board_key(smt, boards[0]),
            "scrap",
            "lifted pad under U7",
            PASSWORD,
            username="supervisor",
        )
        dispose(
            boss,
            board_key(smt, boards[1]),
            "quarantine",
            "voids under the BGA on X-ray",
            PASSWORD,
            username="supervisor",
        )
    finally:
        smt.close()
    sync(line_plant, SMT)
    statuses = dict(plant_conn.execute("SELECT serial, status FROM plant.unit_status").fetchall())
    assert statuses == {boards[0]: "scrapped", boards[1]: "held"}

    out = finish(start(line_plant, FINAL, "devices", "--units", "3", "--boards", *boards))
    assert [o[0] for o in out] == ["refused", "refused", "device"]
    assert "[unit-held]" in out[0][3] and f"{boards[0]} is scrapped" in out[0][3]
    assert "by Sofia Lindgren at station SMT-01" in out[0][3]
    assert "lifted pad under U7" in out[0][3]
    assert f"{boards[1]} is held" in out[1][3] and "voids under the BGA" in out[1][3]

    # The supervisor at SMT releases the held board (signed, DHR frozen): usable again at FA.
    smt = StationStore(line_plant["folder"] / f"{SMT}.sqlite")
    try:
        release(
            supervisor_at(smt, SMT),
            unit=boards[1],
            comment="X-ray re-inspected: fine",
            password=PASSWORD,
            username="supervisor",
        )
    finally:
        smt.close()
    sync(line_plant, SMT)
    assert plant_conn.execute(
        "SELECT status, by_name, station FROM plant.unit_status WHERE serial = %s", (boards[1],)
    ).fetchone() == ("released", "Sofia Lindgren", SMT)
    sync(line_plant, FINAL)  # FA's view is pulled every interval; here, now
    again = finish(
        start(line_plant, FINAL, "devices", "--units", "2", "--prefix", "Q2", "--boards", boards[1], boards[0])
    )  # fmt: skip
    assert [o[0] for o in again] == ["device", "refused"], again
    assert again[0][2] == boards[1] and "is scrapped" in again[1][3]


@pytest.fixture
def two_pcs(plant_dsn: str, plant_conn: psycopg.Connection[Any], tmp_path: Path) -> Iterator[Line]:
    made = Line(plant_dsn, plant_conn, tmp_path)
    yield made
    made.close()


def test_a_hold_not_yet_pulled_is_refused_by_the_plant_at_commit(two_pcs: Line) -> None:
    smt = two_pcs.station(SMT, "BDG-1002")
    final = two_pcs.station(FINAL, "BDG-1001")
    smt.record_board("PCB-200-7100001")
    two_pcs.sync(smt)
    two_pcs.sync(final)
    dispose(
        supervisor_at(smt.store, SMT),
        board_key(smt.store, "PCB-200-7100001"),
        "quarantine",
        "solder balls on the connector",
        PASSWORD,
        username="supervisor",
    )
    two_pcs.sync(smt)
    # FA's view is from before the hold: the plant refuses it when asked to confirm the record.
    message = refusal(lambda: final.build_device("SN-IP-200-7100001", "PCB-200-7100001"))
    assert "[plant-refused] PCB-200-7100001 is held: solder balls on the connector" in message
    assert "by Sofia Lindgren at station SMT-01" in message
    final.session.clear()
    two_pcs.sync(final)
    state = wip.product_status(final.store.reader, "PCB-200-7100001")
    assert (state.status, state.station, state.by) == ("held", SMT, "Sofia Lindgren")
    message = refusal(lambda: final.build_device("SN-IP-200-7100001", "PCB-200-7100001"))
    assert "[unit-held] PCB-200-7100001 is held" in message


def test_one_serial_recorded_on_two_offline_stations_is_a_conflict_in_both_queues(
    two_pcs: Line, plant_conn: psycopg.Connection[Any]
) -> None:
    smt = two_pcs.station(SMT, "BDG-1002")
    smt.record_board("PCB-200-7100011")
    smt.record_board("PCB-200-7100012")
    two_pcs.sync(smt)
    one = two_pcs.station(FINAL, "BDG-1001", offline=True)
    two = two_pcs.station(FINAL_2, "BDG-1004", offline=True)
    a = one.build_device("SN-IP-200-7100011", "PCB-200-7100011")
    b = two.build_device("SN-IP-200-7100011", "PCB-200-7100012")
    for s in (one, two, one):
        two_pcs.sync(s)
    raised = plant_conn.execute(
        "SELECT kind, stations, records::text[], detail FROM plant.exceptions"
    ).fetchall()
    assert [r[0] for r in raised] == ["serial-twice"]
    _kind, stations, records, detail = raised[0]
    assert set(stations) == {FINAL, FINAL_2} and set(records) == {a, b}
    assert "unit SN-IP-200-7100011 recorded at step S20 twice" in detail
    held = {str(r[0]) for r in plant_conn.execute("SELECT record_key FROM plant.assemblies")}
    assert {a, b} <= held
    for s, mine in ((one, a), (two, b)):
        conflicts = [
            i for i in exception_queue(s.store.reader, station=s.station) if i.source == "conflict"
        ]
        assert [i.subject for i in conflicts] == [mine]
        assert "SN-IP-200-7100011 recorded at step S20 twice" in conflicts[0].reasons[0]


def test_offline_a_board_never_seen_is_flagged_or_blocked_by_the_station_rule(
    two_pcs: Line,
) -> None:
    smt = two_pcs.station(SMT, "BDG-1002")
    smt.record_board("PCB-200-7100021")
    smt.record_board("PCB-200-7100022")
    # FA lost the plant before SMT's boards reached it: its view has never seen them.
    final = two_pcs.station(FINAL, "BDG-1001", offline=True)
    assert not final.knows("PCB-200-7100021")
    key = final.build_device("SN-IP-200-7100021", "PCB-200-7100021")
    content = json.loads(
        final.store.reader.execute("SELECT content FROM journal WHERE key = ?", (key,)).fetchone()[
            0
        ]
    )
    assert content["plant_check"]["result"] == "unconfirmed"
    assert content["verdict"]["status"] == "flagged"
    [finding] = [f for f in content["verdict"]["findings"] if f["rule"] == "subassembly-unseen"]
    assert "PCB-200-7100021 was built in while the plant could not be asked" in finding["message"]
    queued = [i for i in exception_queue(final.store.reader, station=FINAL) if i.subject == key]
    assert queued and "could not be asked" in queued[0].reasons[0]

    # The technician sets the station to block them, with a reason (journalled master data).
    boss = supervisor_at(final.store, FINAL)
    settings = station_setup.station_settings(final.store.reader, FINAL)
    final.store.write(
        lambda conn: station_setup.save_station_settings(
            conn,
            replace(settings, on_violation={**settings.on_violation, "unseen": "block"}),
            by=boss.operator.as_content() if boss.operator else {},
            reason="CAPA-2026-040: no unconfirmed boards at final assembly",
        )
    )
    change = json.loads(
        final.store.reader.execute(
            "SELECT content FROM journal WHERE kind = 'config' ORDER BY seq DESC LIMIT 1"
        ).fetchone()[0]
    )
    assert change["reason"].startswith("CAPA-2026-040")
    assert change["changes"]["on_violation"]["to"]["unseen"] == "block"
    final.close()
    final = LineStation(final.path, FINAL, dead_dsn(), "BDG-1001", background=False)
    two_pcs.stations.append(final)
    message = refusal(lambda: final.build_device("SN-IP-200-7100022", "PCB-200-7100022"))
    assert (
        "[subassembly-unknown] subassembly PCB-200-7100022 has no record at this station" in message
    )
    assert "the plant cannot be asked" in message
    # A board it has seen is still built in offline (the last view).
    final.session.clear()
    two_pcs.sync(smt)
    with connect(two_pcs.dsn(FINAL), autocommit=True) as pg:
        line.pull_wip(final.store, pg)
    final.build_device("SN-IP-200-7100022", "PCB-200-7100022")


def test_a_serial_under_two_device_identifiers_at_two_steps_offline_is_a_conflict(
    plant_dsn: str, plant_conn: psycopg.Connection[Any], tmp_path: Path
) -> None:
    # Two stations of the line that recorded one serial at different steps with different DIs
    # while offline (online, the plant's claim refuses the second).
    on_line = Line(plant_dsn, plant_conn, tmp_path)  # the demo line's master data at the plant
    stores = {}
    for station, di, step in ((FINAL, "08714729000012", "S20"), (FINAL_2, "08714729000029", "S30")):
        store = StationStore(tmp_path / f"bare-{station}.sqlite", create=True)
        body = {
            "unit": {"serial": "SN-DI-1", "di": di}, "product": "P", "work_order": "W",
            "step": step, "line": "L", "operator": {"name": "n", "badge": "B"},
            "verdict": {"status": "accepted"}, "components": [],
            "plant_check": {"result": "unconfirmed", "reason": "the plant could not be asked"},
        }  # fmt: skip
        key = store.write(
            lambda conn, s=station, b=body: journal.append(conn, s, "assembly", b)
        ).key
        stores[station] = (store, key, on_line.dsn(station))
    try:
        for store, _key, dsn in stores.values():
            with connect(dsn, autocommit=True) as pg:
                push.push(store, pg)
        for store, _key, dsn in stores.values():
            with connect(dsn, autocommit=True) as pg:
                line.pull_wip(store, pg)
        raised = plant_conn.execute(
            "SELECT kind, stations, records::text[], detail FROM plant.exceptions"
        ).fetchall()
        keys = {k for _st, k, _d in stores.values()}
        assert [(r[0], set(r[1]), set(r[2])) for r in raised] == [
            ("di-twice", {FINAL, FINAL_2}, keys)
        ]
        assert "SN-DI-1 recorded under two device identifiers" in raised[0][3]
        assert plant_conn.execute("SELECT count(*) FROM plant.assemblies").fetchone()[0] == 2
        for station, (store, _key, _dsn) in stores.items():
            [conflict] = wip.conflicts(store.reader, station)
            assert conflict["kind"] == "di-twice" and set(conflict["records"]) == keys
            queued = [
                i for i in exception_queue(store.reader, station=station) if i.source == "conflict"
            ]
            assert [i.subject for i in queued] == [stores[station][1]]
    finally:
        for store, _key, _dsn in stores.values():
            store.close()
