"""Station PCs as real processes against one plant: capturing at once, racing, offline, draining."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import psycopg
import pytest

from app.capture import demo_line
from app.cli.line import FINAL, SMT, init_from_plant
from app.store.database import open_database
from app.sync import plant
from tests.sync.helpers import dead_dsn

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[2]
FINAL_2 = "FA-02"
BADGES = {SMT: "BDG-1002", FINAL: "BDG-1001", FINAL_2: "BDG-1004"}


@pytest.fixture
def line_plant(
    plant_dsn: str, plant_conn: psycopg.Connection[Any], tmp_path: Path
) -> dict[str, Any]:
    master = open_database(tmp_path / "master.sqlite", create=True)
    demo_line.build(master.conn, 0)
    plant.load_master_data(plant_conn, master.conn)
    master.close()
    dsns = {}
    for station in (SMT, FINAL, FINAL_2):
        role = plant.add_station(plant_conn, station)
        dsns[station] = plant_dsn.replace("user=postgres", f"user={role}")
        init_from_plant(tmp_path / f"{station}.sqlite", station, dsns[station])
    return {"dsn": dsns, "folder": tmp_path}


def start(
    line_plant: dict[str, Any], station: str, make: str, *extra: str, dsn: str | None = None
) -> subprocess.Popen[str]:
    """A station process (python -m app.cli.line) making boards or devices."""
    return subprocess.Popen(
        [
            sys.executable, "-m", "app.cli.line",
            "--db", str(line_plant["folder"] / f"{station}.sqlite"),
            "--station", station, "--dsn", dsn or line_plant["dsn"][station],
            "--badge", BADGES[station], "--make", make, *extra,
        ],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def finish(proc: subprocess.Popen[str]) -> list[list[str]]:
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    return [line.split(" ", 3) for line in out.splitlines()]


def test_smt_and_final_assembly_processes_capture_at_once(
    line_plant: dict[str, Any], plant_dsn: str
) -> None:
    smt = start(line_plant, SMT, "boards", "--units", "6", "--prefix", "P1")
    final = start(line_plant, FINAL, "devices", "--units", "6", "--prefix", "P1")
    boards = finish(smt)
    devices = finish(final)
    assert [b[1] for b in boards] == [f"PCB-200-P1{n:04d}" for n in range(6)]
    assert [d[0] for d in devices] == ["device"] * 6
    assert [d[2] for d in devices] == [b[1] for b in boards]
    # Each device's genealogy at the plant holds the rows of both stations.
    out = subprocess.run(
        [sys.executable, "-m", "app.cli", "trace", "--upstream", plant_dsn, "--unit", devices[0][1], "--json"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert {r["station"] for r in json.loads(out)["rows"]} == {SMT, FINAL}


def test_two_final_assembly_processes_racing_for_the_same_boards_use_each_once(
    line_plant: dict[str, Any], plant_conn: psycopg.Connection[Any]
) -> None:
    finish(start(line_plant, SMT, "boards", "--units", "5", "--prefix", "R1"))
    one = start(line_plant, FINAL, "devices", "--units", "5", "--prefix", "R1")
    two = start(line_plant, FINAL_2, "devices", "--units", "5", "--prefix", "R1")
    results = finish(one) + finish(two)
    built = [r for r in results if r[0] == "device"]
    refused = [r for r in results if r[0] == "refused"]
    assert sorted(r[2] for r in built) == [f"PCB-200-R1{n:04d}" for n in range(5)]
    assert len(refused) == 5
    assert all("already built into" in r[3] for r in refused)
    used = plant_conn.execute(
        "SELECT component, count(*) FROM plant.components WHERE kind = 'unit' GROUP BY 1"
    ).fetchall()
    assert len(used) == 5 and all(n == 1 for _, n in used)
    assert plant_conn.execute("SELECT count(*) FROM plant.exceptions").fetchone()[0] == 0


def test_smt_offline_for_the_shift_then_drains_and_final_assembly_builds(
    line_plant: dict[str, Any], plant_conn: psycopg.Connection[Any]
) -> None:
    offline = start(line_plant, SMT, "boards", "--units", "8", "--prefix", "D1", dsn=dead_dsn())
    proc = offline
    out, err = proc.communicate(timeout=300)
    # The station kept working, the worker never reached the plant (it says so, and exits 0).
    assert proc.returncode == 0, err
    assert len(out.splitlines()) == 8
    assert plant_conn.execute("SELECT count(*) FROM plant.journal").fetchone()[0] == 0
    db = line_plant["folder"] / f"{SMT}.sqlite"
    conn = open_database(db).conn
    checks = [
        json.loads(r[0])["plant_check"]["result"]
        for r in conn.execute("SELECT content FROM journal WHERE kind = 'assembly'")
    ]
    conn.close()
    assert checks == ["unconfirmed"] * 8
    drained = subprocess.run(
        [sys.executable, "-m", "app.cli", "sync", "--db", str(db), "--upstream", line_plant["dsn"][SMT]],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert drained.returncode == 0, drained.stderr
    devices = finish(start(line_plant, FINAL, "devices", "--units", "8", "--prefix", "D1"))
    assert [d[0] for d in devices] == ["device"] * 8


def test_three_station_processes_capture_at_once_each_board_used_once(
    line_plant: dict[str, Any], plant_conn: psycopg.Connection[Any]
) -> None:
    # SMT records boards while both final-assembly PCs wait for each and race to build it in.
    smt = start(line_plant, SMT, "boards", "--units", "6", "--prefix", "T3")
    one = start(line_plant, FINAL, "devices", "--units", "6", "--prefix", "T3")
    two = start(line_plant, FINAL_2, "devices", "--units", "6", "--prefix", "T3")
    boards = finish(smt)
    results = finish(one) + finish(two)
    built = [r for r in results if r[0] == "device"]
    refused = [r for r in results if r[0] == "refused"]
    assert sorted(r[2] for r in built) == sorted(b[1] for b in boards)
    assert len(refused) == 6 and all("already built into" in r[3] for r in refused)
    # Under load a station may stop before its last push went through (it says so): drain them.
    for station in (SMT, FINAL, FINAL_2):
        drained = subprocess.run(
            [sys.executable, "-m", "app.cli", "sync", "--db", str(line_plant["folder"] / f"{station}.sqlite"),
             "--upstream", line_plant["dsn"][station]],
            cwd=ROOT, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert drained.returncode == 0, drained.stderr
    # The plant holds every record of the three stations, each board in one device, no conflict.
    per_station = dict(
        plant_conn.execute("SELECT station, count(*) FROM plant.assemblies GROUP BY 1").fetchall()
    )
    assert per_station[SMT] == 6 and per_station.get(FINAL, 0) + per_station.get(FINAL_2, 0) == 6
    used = plant_conn.execute(
        "SELECT component, count(*) FROM plant.components WHERE kind = 'unit' GROUP BY 1"
    ).fetchall()
    assert len(used) == 6 and all(n == 1 for _, n in used)
    assert plant_conn.execute("SELECT count(*) FROM plant.exceptions").fetchone()[0] == 0


def test_a_board_that_never_arrives_is_said_not_waited_on_forever(
    line_plant: dict[str, Any],
) -> None:
    out = finish(start(line_plant, FINAL, "devices", "--boards", "PCB-200-NEVER", "--wait", "1"))
    assert out == [["refused", "SN-IP-200-010000", "PCB-200-NEVER", "never reached FA-01 in 1 s"]]
